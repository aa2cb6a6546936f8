/*
 * log.h - logging and the internal error convention.
 *
 * Inside xiaoan a failing function returns -1 (or NULL) after reporting
 * why with err(): `return err("cannot open %s", path);` err() always
 * returns -1. die() is for start-up only: it prints and exits(1).
 */
#ifndef XA_LOG_H
#define XA_LOG_H

#include "core/compat.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level lvl);
void log_msg(enum log_level lvl, const char *fmt, ...) XA_PRINTF(2, 3);
int err(const char *fmt, ...) XA_PRINTF(1, 2);
XA_NORETURN void die(const char *fmt, ...) XA_PRINTF(1, 2);

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
