#include "core/compat.h"
#include "core/timeutil.h"
#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t skew;

void xa_time_set_skew(int64_t skew_ms)
{
    atomic_store(&skew, skew_ms);
}

int64_t xa_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&skew);
}

/* Howard Hinnant's civil calendar algorithms. */
int64_t xa_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void xa_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t yy = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

void xa_time_format(int64_t ms, char *buf, size_t len)
{
    int64_t local = ms + XA_TZ_OFFSET_MS;
    int64_t days = floordiv(local, XA_DAY_MS);
    int64_t rem = local - days * XA_DAY_MS;
    int y;
    unsigned m, d;
    xa_civil_from_days(days, &y, &m, &d);
    int secs = (int)(rem / 1000);
    if (y < 0 || y > 9999 || len < 26) {
        snprintf(buf, len, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", y, m, d, secs / 3600,
                 (secs / 60) % 60, secs % 60);
        return;
    }
    /* the common case by hand: every row of every list formats its times */
    static const char tmpl[] = "0000-00-00T00:00:00+08:00";
    memcpy(buf, tmpl, sizeof(tmpl));
    unsigned v[6] = {(unsigned)y, m, d, (unsigned)secs / 3600, (unsigned)(secs / 60) % 60,
                     (unsigned)secs % 60};
    static const int at[6] = {0, 5, 8, 11, 14, 17};
    for (int i = 0; i < 6; i++) {
        char *p = buf + at[i] + (i == 0 ? 3 : 1);
        for (unsigned x = v[i], k = i == 0 ? 4 : 2; k > 0; k--, x /= 10)
            *p-- = (char)('0' + x % 10);
    }
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int xa_time_parse(const char *s, int64_t *ms)
{
    int y, mo, d, hh = 0, mi = 0, ss = 0, frac = 0;
    size_t n = strlen(s);
    if (n < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return -1;
    const char *p = s + 10;
    int64_t offset = XA_TZ_OFFSET_MS;
    if (*p == 'T' || *p == ' ') {
        if (strlen(p) < 6 || digits(p + 1, 2, &hh) || p[3] != ':' || digits(p + 4, 2, &mi))
            return -1;
        p += 6;
        if (*p == ':') {
            if (digits(p + 1, 2, &ss))
                return -1;
            p += 3;
            if (*p == '.') {
                p++;
                int nd = 0;
                while (*p >= '0' && *p <= '9') {
                    if (nd < 3)
                        frac = frac * 10 + (*p - '0');
                    nd++;
                    p++;
                }
                while (nd < 3) {
                    frac *= 10;
                    nd++;
                }
            }
        }
        if (hh > 23 || mi > 59 || ss > 60)
            return -1;
        if (*p == 'Z') {
            offset = 0;
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om;
            if (strlen(p) < 6 || digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
                return -1;
            offset = ((int64_t)oh * 3600 + om * 60) * 1000 * (*p == '-' ? -1 : 1);
            p += 6;
        }
    }
    if (*p)
        return -1;
    int64_t days = xa_days_from_civil(y, (unsigned)mo, (unsigned)d);
    int yy;
    unsigned cm, cd;
    xa_civil_from_days(days, &yy, &cm, &cd);
    if ((int)cm != mo) /* e.g. 2026-02-30 */
        return -1;
    *ms = days * XA_DAY_MS + ((int64_t)hh * 3600 + mi * 60 + ss) * 1000 + frac - offset;
    return 0;
}
