/*
 * system.c - /healthz and /metrics (the OpenAPI document: openapi.c).
 */
#include "core/compat.h"
#include "core/config.h"
#include <pthread.h>
#include <sodium.h>
#include <time.h>
#include "api/api.h"
#include "core/log.h"

/* ---- /healthz ----
 * On PostgreSQL a request's own connection may be busy behind the requests
 * of the same worker thread, and each check is round trips to a server
 * competing for the same cores: under load /healthz queued for 1.5 s
 * (bench/RESULTS.md, 2026-11-23). So it checks on a connection of its own
 * (never a worker's), at most once per HZ_FRESH_MS: requests in between
 * answer from the last check; a request that finds the last check older
 * waits for the next one, HZ_WAIT_MS at most (a database that does not
 * answer is reported unavailable then). A database that went down is
 * reported by the first /healthz after HZ_FRESH_MS. SQLite checks on the
 * request's own connection (local, no queue). */
#define HZ_FRESH_MS 100
#define HZ_WAIT_MS 3000

struct hz_state {
    int64_t at; /* monotonic ms of the check; 0 never */
    int version;
    enum db_errclass cls; /* DB_OK when healthy */
    char msg[200];
};
static pthread_mutex_t hz_probe = PTHREAD_MUTEX_INITIALIZER; /* the connection, one check */
static pthread_mutex_t hz_lock = PTHREAD_MUTEX_INITIALIZER;  /* hz_last */
static struct hz_state hz_last;
static struct store *hz_store; /* guarded by hz_probe */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One check of store s into st. */
static void hz_check(struct store *s, struct hz_state *st)
{
    st->cls = DB_OK;
    st->msg[0] = 0;
    st->version = 0;
    if (store_health(s)) {
        st->cls = store_errclass(s);
        if (st->cls == DB_OK)
            st->cls = DB_ERR_UNAVAILABLE;
        snprintf(st->msg, sizeof(st->msg), "%s", store_errmsg(s));
        store_clear_error(s);
    } else {
        st->version = store_schema_version(s);
    }
}

/* The state of the database as of at most HZ_FRESH_MS ago (PostgreSQL). */
static void hz_probe_state(struct hz_state *out)
{
    pthread_mutex_lock(&hz_lock);
    *out = hz_last;
    pthread_mutex_unlock(&hz_lock);
    if (out->at && mono_ms() - out->at < HZ_FRESH_MS)
        return;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += HZ_WAIT_MS / 1000;
    if (pthread_mutex_timedlock(&hz_probe, &until) != 0) {
        out->cls = DB_ERR_UNAVAILABLE;
        snprintf(out->msg, sizeof(out->msg), "no answer in %d s", HZ_WAIT_MS / 1000);
        return;
    }
    /* a check that finished while this one waited will do */
    pthread_mutex_lock(&hz_lock);
    *out = hz_last;
    pthread_mutex_unlock(&hz_lock);
    if (!out->at || mono_ms() - out->at >= HZ_FRESH_MS) {
        char emsg[200];
        if (!hz_store && http_db_uri())
            hz_store = store_open(http_db_uri(), emsg, sizeof(emsg));
        if (hz_store) {
            hz_check(hz_store, out);
        } else {
            out->cls = DB_ERR_UNAVAILABLE;
            snprintf(out->msg, sizeof(out->msg), "%s", emsg);
        }
        out->at = mono_ms();
        pthread_mutex_lock(&hz_lock);
        hz_last = *out;
        pthread_mutex_unlock(&hz_lock);
    }
    pthread_mutex_unlock(&hz_probe);
}

/* 200 when the database answers and can take writes; else 503 with
 * Retry-After, the error code and a reason an operator can act on. */
int api_healthz(struct req *r)
{
    struct hz_state st;
    const char *backend = r->store ? store_backend(r->store)
                          : http_db_uri() ? db_driver_for(http_db_uri())->name
                                          : "";
    if (!strcmp(backend, "postgres") && http_db_uri())
        hz_probe_state(&st); /* r->store is NULL here (http/server.c) */
    else if (r->store)
        hz_check(r->store, &st);
    else
        return http_db_unavailable(r, DB_ERR_UNAVAILABLE);
    if (st.cls != DB_OK) {
        enum db_errclass c = st.cls;
        if (c != DB_ERR_FULL && c != DB_ERR_READONLY)
            c = DB_ERR_UNAVAILABLE;
        const char *reason = c == DB_ERR_FULL       ? "disk_full"
                             : c == DB_ERR_READONLY ? "read_only"
                                                    : "database_unreachable";
        log_warn("healthz: %s: %s", reason, st.msg);
        metrics_db_error("unavailable");
        http_db_unavailable(r, c);
        json_t *body = json_loadb(r->out.buf, r->out.len, 0, NULL);
        if (body) {
            json_object_set_new(body, "status", json_string("unavailable"));
            json_object_set_new(body, "reason", json_string(reason));
            json_object_set_new(body, "backend", json_string(backend));
            http_json(r, 503, body);
        }
        return 0;
    }
    return http_json(r, 200, json_pack("{s:s, s:s, s:i}", "status", "ok", "backend", backend,
                                       "schema_version", st.version));
}

int api_metrics(struct req *r)
{
    /* operational detail is not for everyone: a token, or nothing */
    const char *want = xa_cfg.metrics_token;
    const char *auth = http_header_get(r, "Authorization");
    if (!want || !*want)
        return http_error(r, 403, "forbidden", NULL,
                          "未配置 --metrics-token，指标接口不对外开放");
    if (!auth || strncmp(auth, "Bearer ", 7) != 0 || strlen(auth + 7) != strlen(want) ||
        sodium_memcmp(auth + 7, want, strlen(want)) != 0)
        return http_error(r, 401, "unauthenticated", NULL, "需要指标令牌");
    strbuf_reset(&r->out);
    metrics_render(&r->out);
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 0;
}
