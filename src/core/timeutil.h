/*
 * timeutil.h - time in xiaoan.
 *
 * Instants are int64 milliseconds since the Unix epoch (UTC), stored as
 * integers in both backends. Text forms are ISO 8601 in Asia/Shanghai
 * (UTC+08:00, no daylight saving), e.g. "2026-11-23T09:30:00+08:00".
 */
#ifndef XA_TIMEUTIL_H
#define XA_TIMEUTIL_H

#include "core/compat.h"

#define XA_TZ_OFFSET_MS (8LL * 3600 * 1000)
#define XA_DAY_MS (86400LL * 1000)

int64_t xa_now_ms(void);
/* Test hook: when set (non-zero) the clock returns now + skew. */
void xa_time_set_skew(int64_t skew_ms);
/* Writes the Asia/Shanghai ISO 8601 form of ms into buf (>= 32 bytes). */
void xa_time_format(int64_t ms, char *buf, size_t len);
/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" (Asia/Shanghai unless a Z or
 * +hh:mm offset follows). Returns 0 and sets *ms, or -1. */
int xa_time_parse(const char *s, int64_t *ms);
/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
int64_t xa_days_from_civil(int y, unsigned m, unsigned d);
void xa_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

#endif
