/*
 * config.c - the one instance of the process settings (see config.h).
 */
#include "core/config.h"

struct xa_config xa_cfg;

#ifndef XA_COMMIT
#define XA_COMMIT "unknown"
#endif
const char xa_build_commit[] = XA_COMMIT;
