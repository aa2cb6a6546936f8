/*
 * metrics.c - Prometheus text metrics.
 *
 * Requests by route and status class, a latency histogram over all requests
 * and one per route (buckets from 0.5 ms to 30 s), requests in flight,
 * database errors by class, background job runs, the build, and the
 * process (CPU, memory, file descriptors, start time). Counters are
 * lock-free atomics updated by every worker. Durations are kept in whole
 * microseconds and printed as exact decimals, so no precision is lost in
 * the text (no %g rounding).
 */
#include "core/compat.h"
#include "core/config.h"
#include "http/http.h"
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <unistd.h>

#define NROUTES 512
static const struct {
    int64_t us;
    const char *le;
} bounds[] = {
    {500, "0.0005"},   {1000, "0.001"},   {2500, "0.0025"},  {5000, "0.005"},
    {10000, "0.01"},   {25000, "0.025"},  {50000, "0.05"},   {100000, "0.1"},
    {250000, "0.25"},  {500000, "0.5"},   {1000000, "1"},    {2500000, "2.5"},
    {5000000, "5"},    {10000000, "10"},  {30000000, "30"},
};
#define NB XA_ARRAY_LEN(bounds)

static _Atomic uint64_t by_route[NROUTES + 1][6]; /* status class 0..5 (1xx..5xx) */
static _Atomic uint64_t hist[NB + 1];
static _Atomic uint64_t sum_us, count;
/* per route: buckets, then sum (µs) and count */
static _Atomic uint64_t route_hist[NROUTES + 1][NB + 1];
static _Atomic uint64_t route_sum_us[NROUTES + 1], route_count[NROUTES + 1];
static _Atomic int64_t inflight;

static const char *const db_classes[] = {"unavailable", "busy", "other"};
static _Atomic uint64_t db_errors[XA_ARRAY_LEN(db_classes)];

#define NJOBS 8
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    const char *name; /* a literal */
    _Atomic uint64_t ok, failed;
} jobs[NJOBS];

static const char *backend_name = "unknown";

void metrics_set_backend(const char *name)
{
    backend_name = name;
}

static size_t bucket_of(int64_t usec)
{
    size_t b = 0;
    while (b < NB && usec > bounds[b].us)
        b++;
    return b;
}

void metrics_observe(const struct route *rt, int status, int64_t usec)
{
    size_t ri = rt ? (size_t)(rt - api_routes) : NROUTES;
    if (ri > NROUTES)
        ri = NROUTES;
    if (usec < 0)
        usec = 0;
    int cls = status / 100;
    if (cls < 0 || cls > 5)
        cls = 0;
    atomic_fetch_add_explicit(&by_route[ri][cls], 1, memory_order_relaxed);
    size_t b = bucket_of(usec);
    atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&sum_us, (uint64_t)usec, memory_order_relaxed);
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    if (ri < NROUTES) {
        atomic_fetch_add_explicit(&route_hist[ri][b], 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&route_sum_us[ri], (uint64_t)usec, memory_order_relaxed);
        atomic_fetch_add_explicit(&route_count[ri], 1, memory_order_relaxed);
    }
}

void metrics_inflight_add(int delta)
{
    atomic_fetch_add_explicit(&inflight, delta, memory_order_relaxed);
}

int64_t metrics_inflight(void)
{
    return atomic_load(&inflight);
}

void metrics_db_error(const char *cls)
{
    size_t i = XA_ARRAY_LEN(db_classes) - 1;
    for (size_t k = 0; k < XA_ARRAY_LEN(db_classes); k++)
        if (strcmp(cls, db_classes[k]) == 0)
            i = k;
    atomic_fetch_add_explicit(&db_errors[i], 1, memory_order_relaxed);
}

void metrics_job_run(const char *job, bool ok)
{
    pthread_mutex_lock(&jobs_lock);
    int i = 0;
    while (i < NJOBS && jobs[i].name && strcmp(jobs[i].name, job) != 0)
        i++;
    if (i < NJOBS && !jobs[i].name)
        jobs[i].name = job;
    pthread_mutex_unlock(&jobs_lock);
    if (i < NJOBS)
        atomic_fetch_add_explicit(ok ? &jobs[i].ok : &jobs[i].failed, 1, memory_order_relaxed);
}

/* Microseconds as an exact decimal number of seconds. */
static void add_seconds(struct strbuf *sb, uint64_t us)
{
    strbuf_addf(sb, "%llu.%06llu", (unsigned long long)(us / 1000000),
                (unsigned long long)(us % 1000000));
}

static void histogram(struct strbuf *sb, const char *name, const char *labels,
                      _Atomic uint64_t *h, uint64_t sum, uint64_t n)
{
    uint64_t cum = 0;
    const char *sep = labels[0] ? "," : "";
    for (size_t b = 0; b < NB; b++) {
        cum += atomic_load(&h[b]);
        strbuf_addf(sb, "%s_bucket{%s%sle=\"%s\"} %llu\n", name, labels, sep, bounds[b].le,
                    (unsigned long long)cum);
    }
    cum += atomic_load(&h[NB]);
    strbuf_addf(sb, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
                (unsigned long long)cum);
    strbuf_addf(sb, labels[0] ? "%s_sum{%s} " : "%s_sum%s ", name, labels);
    add_seconds(sb, sum);
    strbuf_addf(sb, labels[0] ? "\n%s_count{%s} %llu\n" : "\n%s_count%s %llu\n", name, labels,
                (unsigned long long)n);
}

/* The process_* metrics of the Prometheus client libraries, from /proc. */
static void process_metrics(struct strbuf *sb)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        uint64_t us = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
                      (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
        strbuf_adds(sb, "# HELP process_cpu_seconds_total Total user and system CPU time spent "
                        "in seconds.\n# TYPE process_cpu_seconds_total counter\n"
                        "process_cpu_seconds_total ");
        add_seconds(sb, us);
        strbuf_adds(sb, "\n");
    }
    long page = sysconf(_SC_PAGESIZE);
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long vsz = 0, rss = 0;
    if (f) {
        if (fscanf(f, "%llu %llu", &vsz, &rss) == 2) {
            strbuf_addf(sb,
                        "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                        "# TYPE process_resident_memory_bytes gauge\n"
                        "process_resident_memory_bytes %llu\n"
                        "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
                        "# TYPE process_virtual_memory_bytes gauge\n"
                        "process_virtual_memory_bytes %llu\n",
                        rss * (unsigned long long)page, vsz * (unsigned long long)page);
        }
        fclose(f);
    }
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        long n = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (e->d_name[0] != '.')
                n++;
        closedir(d);
        strbuf_addf(sb, "# HELP process_open_fds Number of open file descriptors.\n"
                        "# TYPE process_open_fds gauge\nprocess_open_fds %ld\n",
                    n - 1 /* the directory itself */);
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        strbuf_addf(sb, "# HELP process_max_fds Maximum number of open file descriptors.\n"
                        "# TYPE process_max_fds gauge\nprocess_max_fds %llu\n",
                    (unsigned long long)rl.rlim_cur);
    /* start time: boot time + the process's start in clock ticks */
    unsigned long long btime = 0, start_ticks = 0;
    f = fopen("/proc/stat", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof(line), f))
            if (sscanf(line, "btime %llu", &btime) == 1)
                break;
        fclose(f);
    }
    f = fopen("/proc/self/stat", "r");
    if (f) {
        char buf[1024];
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        fclose(f);
        const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
        int field = 2;
        while (p && *p && field < 22) {
            if (*p == ' ')
                field++;
            p++;
        }
        if (p && field == 22)
            start_ticks = strtoull(p, NULL, 10);
    }
    long hz = sysconf(_SC_CLK_TCK);
    if (btime && start_ticks && hz > 0) {
        unsigned long long cs = start_ticks * 100 / (unsigned long long)hz; /* centiseconds */
        strbuf_addf(sb,
                    "# HELP process_start_time_seconds Start time of the process since unix "
                    "epoch in seconds.\n# TYPE process_start_time_seconds gauge\n"
                    "process_start_time_seconds %llu.%02llu\n",
                    btime + cs / 100, cs % 100);
    }
}

void metrics_render(struct strbuf *sb)
{
    size_t nr = api_routes_count < NROUTES ? api_routes_count : NROUTES;
    strbuf_adds(sb, "# HELP xiaoan_http_requests_total HTTP requests by route and status class.\n"
                    "# TYPE xiaoan_http_requests_total counter\n");
    for (size_t i = 0; i <= nr; i++) {
        for (int c = 1; c <= 5; c++) {
            uint64_t v = atomic_load(&by_route[i == nr ? NROUTES : i][c]);
            if (!v)
                continue;
            if (i == nr)
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
    histogram(sb, "xiaoan_http_request_duration_seconds", "", hist, atomic_load(&sum_us),
              atomic_load(&count));
    strbuf_adds(sb, "# HELP xiaoan_http_route_duration_seconds Request latency by route.\n"
                    "# TYPE xiaoan_http_route_duration_seconds histogram\n");
    for (size_t i = 0; i < nr; i++) {
        uint64_t n = atomic_load(&route_count[i]);
        if (!n)
            continue;
        char labels[300];
        snprintf(labels, sizeof(labels), "method=\"%s\",route=\"%s\"", api_routes[i].method,
                 api_routes[i].pattern);
        histogram(sb, "xiaoan_http_route_duration_seconds", labels, route_hist[i],
                  atomic_load(&route_sum_us[i]), n);
    }
    strbuf_addf(sb, "# HELP xiaoan_http_requests_in_flight Requests being handled now.\n"
                    "# TYPE xiaoan_http_requests_in_flight gauge\n"
                    "xiaoan_http_requests_in_flight %lld\n",
                (long long)atomic_load(&inflight));
    strbuf_adds(sb, "# HELP xiaoan_db_errors_total Failed database calls seen by requests, by "
                    "class.\n# TYPE xiaoan_db_errors_total counter\n");
    for (size_t k = 0; k < XA_ARRAY_LEN(db_classes); k++)
        strbuf_addf(sb, "xiaoan_db_errors_total{class=\"%s\"} %llu\n", db_classes[k],
                    (unsigned long long)atomic_load(&db_errors[k]));
    strbuf_adds(sb, "# HELP xiaoan_job_runs_total Background job runs by job and result.\n"
                    "# TYPE xiaoan_job_runs_total counter\n");
    pthread_mutex_lock(&jobs_lock);
    for (int i = 0; i < NJOBS && jobs[i].name; i++)
        strbuf_addf(sb,
                    "xiaoan_job_runs_total{job=\"%s\",result=\"ok\"} %llu\n"
                    "xiaoan_job_runs_total{job=\"%s\",result=\"error\"} %llu\n",
                    jobs[i].name, (unsigned long long)atomic_load(&jobs[i].ok), jobs[i].name,
                    (unsigned long long)atomic_load(&jobs[i].failed));
    pthread_mutex_unlock(&jobs_lock);
    strbuf_addf(sb, "# HELP xiaoan_build_info The running build.\n"
                    "# TYPE xiaoan_build_info gauge\n"
                    "xiaoan_build_info{version=\"%s\",commit=\"%s\",backend=\"%s\"} 1\n",
                XA_VERSION, xa_build_commit, backend_name);
    process_metrics(sb);
}
