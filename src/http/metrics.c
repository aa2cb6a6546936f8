/*
 * metrics.c - Prometheus text metrics: requests by route and status class,
 * and a latency histogram. Lock-free counters updated by every worker.
 */
#include "core/compat.h"
#include "http/http.h"
#include <stdatomic.h>

#define NROUTES 256
static const int64_t bounds_us[] = {500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 500000,
                                    1000000};
#define NB XA_ARRAY_LEN(bounds_us)

static _Atomic uint64_t by_route[NROUTES + 1][6]; /* status class 0..5 (1xx..5xx) */
static _Atomic uint64_t hist[NB + 1];
static _Atomic uint64_t sum_us, count;

void metrics_observe(const struct route *rt, int status, int64_t usec)
{
    size_t ri = rt ? (size_t)(rt - api_routes) : NROUTES;
    if (ri > NROUTES)
        ri = NROUTES;
    int cls = status / 100;
    if (cls < 0 || cls > 5)
        cls = 0;
    atomic_fetch_add_explicit(&by_route[ri][cls], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < NB && usec > bounds_us[b])
        b++;
    atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&sum_us, (uint64_t)usec, memory_order_relaxed);
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
}

void metrics_render(struct strbuf *sb)
{
    strbuf_adds(sb, "# HELP xiaoan_http_requests_total HTTP requests by route and status class.\n"
                    "# TYPE xiaoan_http_requests_total counter\n");
    for (size_t i = 0; i <= NROUTES && i <= api_routes_count; i++) {
        for (int c = 1; c <= 5; c++) {
            uint64_t v = atomic_load(&by_route[i == api_routes_count ? NROUTES : i][c]);
            if (!v)
                continue;
            if (i == api_routes_count)
                strbuf_addf(sb, "xiaoan_http_requests_total{route=\"other\",status=\"%dxx\"} %llu\n",
                            c, (unsigned long long)v);
            else
                strbuf_addf(sb,
                            "xiaoan_http_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} "
                            "%llu\n",
                            api_routes[i].method, api_routes[i].pattern, c, (unsigned long long)v);
        }
    }
    strbuf_adds(sb, "# HELP xiaoan_http_request_duration_seconds Request latency.\n"
                    "# TYPE xiaoan_http_request_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (size_t b = 0; b < NB; b++) {
        cum += atomic_load(&hist[b]);
        strbuf_addf(sb, "xiaoan_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                    (double)bounds_us[b] / 1e6, (unsigned long long)cum);
    }
    cum += atomic_load(&hist[NB]);
    strbuf_addf(sb, "xiaoan_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                (unsigned long long)cum);
    strbuf_addf(sb, "xiaoan_http_request_duration_seconds_sum %g\n",
                (double)atomic_load(&sum_us) / 1e6);
    strbuf_addf(sb, "xiaoan_http_request_duration_seconds_count %llu\n",
                (unsigned long long)atomic_load(&count));
}
