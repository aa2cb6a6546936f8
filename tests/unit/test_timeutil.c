/*
 * test_timeutil.c - ISO time formatting and parsing (src/core/timeutil.c).
 */
#include "t.h"
#include "core/timeutil.h"

/* The reference: the same civil-date arithmetic, formatted by snprintf. */
static void reference(int64_t ms, char *buf, size_t len)
{
    int64_t local = ms + XA_TZ_OFFSET_MS;
    int64_t days = local >= 0 ? local / XA_DAY_MS : -((-local + XA_DAY_MS - 1) / XA_DAY_MS);
    int64_t rem = local - days * XA_DAY_MS;
    int y;
    unsigned m, d;
    xa_civil_from_days(days, &y, &m, &d);
    int secs = (int)(rem / 1000);
    snprintf(buf, len, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", y, m, d, secs / 3600,
             (secs / 60) % 60, secs % 60);
}

void t_main(void)
{
    char a[40], b[40];
    xa_time_format(0, a, sizeof(a));
    T_EQ_STR(a, "1970-01-01T08:00:00+08:00");
    xa_time_format(1795427999000LL, a, sizeof(a)); /* 2026-11-23T17:59:59+08:00 */
    T_EQ_STR(a, "2026-11-23T17:59:59+08:00");
    /* a pseudo-random walk over 1970..2100, every field's carries included */
    uint64_t x = 88172645463325252ULL;
    int same = 0;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t ms = (int64_t)(x % 4102444800000ULL);
        xa_time_format(ms, a, sizeof(a));
        reference(ms, b, sizeof(b));
        same += strcmp(a, b) == 0;
        int64_t back = -1;
        if (i < 1000) {
            T_EQ_INT(xa_time_parse(a, &back), 0);
            T_EQ_INT(back, ms - ms % 1000);
        }
    }
    T_EQ_INT(same, 200000);
    /* a short buffer still gets a terminated (cut) string */
    char small[8];
    xa_time_format(0, small, sizeof(small));
    T_EQ_INT(strlen(small), 7);
}
