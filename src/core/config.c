/*
 * config.c - the one instance of the process settings (see config.h).
 */
#include "core/config.h"

struct xa_config xa_cfg;
