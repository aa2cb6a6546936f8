/*
 * server.c - libmicrohttpd glue.
 *
 * libmicrohttpd calls the access handler several times per request: once
 * with the headers (we match the route and set up state), once per body
 * chunk (we append it, up to the route's limit), and once more with no data
 * (we dispatch and queue the response). Returning MHD_YES on every call keeps
 * the connection alive for the next request.
 */
#include "core/compat.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "http/edge.h"
#include "http/http.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <strings.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static const char *db_uri;
static _Thread_local struct store *thread_store;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *all_stores[256];
static int nstores;

const char *http_db_uri(void)
{
    return db_uri;
}

struct store *http_thread_store(void)
{
    if (thread_store)
        return thread_store;
    char msg[256];
    thread_store = store_open(db_uri, msg, sizeof(msg));
    if (!thread_store) {
        err("cannot open database: %s", msg);
        return NULL;
    }
    pthread_mutex_lock(&stores_lock);
    if (nstores < (int)XA_ARRAY_LEN(all_stores))
        all_stores[nstores++] = thread_store;
    pthread_mutex_unlock(&stores_lock);
    return thread_store;
}

static const char *security_csp = "default-src 'self'; script-src 'self'; "
                                  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                                  "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
                                  "form-action 'self'";

static const char *mime_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "application/octet-stream";
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},              {".json", "application/json"},
        {".woff2", "font/woff2"},              {".woff", "font/woff"},
        {".ttf", "font/ttf"},                  {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(types); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* Serves the embedded web UI; unknown paths get index.html (SPA routes). */
static void serve_static(struct req *r)
{
    const struct embed_file *f = embed_find(web_assets, r->path);
    bool immutable = f && strncmp(r->path, "/assets/", 8) == 0;
    if (!f && strncmp(r->path, "/assets/", 8) == 0) {
        http_error(r, 404, "not_found", NULL, "文件不存在");
        return;
    }
    if (!f)
        f = embed_find(web_assets, "/index.html");
    if (!f) {
        http_error(r, 404, "not_found", NULL, "web UI not built");
        return;
    }
    r->status = 200;
    r->static_body = f->data;
    r->static_len = f->size;
    r->content_type = mime_for(f->path);
    /* the precompressed form the client accepts, brotli first */
    static const struct {
        const char *coding, *suffix;
    } codings[] = {{"br", ".br"}, {"gzip", ".gz"}};
    const char *accept = http_header_get(r, "Accept-Encoding");
    bool has_variant = false;
    for (size_t i = 0; i < XA_ARRAY_LEN(codings); i++) {
        char zpath[512];
        snprintf(zpath, sizeof(zpath), "%s%s", f->path, codings[i].suffix);
        const struct embed_file *z = embed_find(web_assets, zpath);
        if (!z)
            continue;
        has_variant = true;
        if (r->static_body == f->data && http_accepts_coding(accept, codings[i].coding)) {
            r->static_body = z->data;
            r->static_len = z->size;
            http_add_header(r, "Content-Encoding", codings[i].coding);
        }
    }
    if (has_variant)
        http_add_header(r, "Vary", "Accept-Encoding");
    http_add_header(r, "Cache-Control",
                    immutable ? "public, max-age=31536000, immutable" : "no-cache");
}

struct conn_state {
    struct req req;
    int64_t start_us;
    size_t budget;  /* body bytes reserved for this request (edge.h) */
    bool responded; /* answered before the body was read */
    bool discard;   /* the body is over the limit: read and dropped */
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void setup_request(struct conn_state *cs, struct MHD_Connection *conn, const char *url,
                          const char *method)
{
    struct req *r = &cs->req;
    r->conn = conn;
    r->arena = arena_create();
    r->method = arena_strdup(r->arena, method);
    r->path = arena_strdup(r->arena, url);
    strbuf_init(&r->body, 0);
    strbuf_init(&r->out, 0);
    r->now = xa_now_ms();
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char ip[64] = "unknown";
    if (ci && ci->client_addr) {
        if (ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip,
                      sizeof(ip));
        else if (ci->client_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, ip,
                      sizeof(ip));
    }
    char client[64];
    edge_client_addr(ip, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"),
                     client, sizeof(client));
    r->client_ip = arena_strdup(r->arena, client);
    bool known = false;
    r->route = router_match(method, url, r->seg, (int)XA_ARRAY_LEN(r->seg), r->arena, &known);
    http_request_id(r);
}

/* Set once SIGTERM/SIGINT arrived and the server finishes what it has. */
static volatile sig_atomic_t draining;

static enum MHD_Result send_response(struct MHD_Connection *conn, struct req *r,
                                     int64_t usec)
{
    struct MHD_Response *resp;
    size_t len;
    if (r->static_body) {
        len = r->static_len;
        resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        char *body = strbuf_detach(&r->out, &len);
        /* large JSON and text answers go gzipped to clients that take it */
        const char *ct = r->content_type ? r->content_type : "application/json";
        unsigned char *z;
        size_t zlen;
        if (len >= HTTP_GZIP_MIN &&
            (strncmp(ct, "application/json", 16) == 0 || strncmp(ct, "text/", 5) == 0)) {
            if (http_accepts_coding(http_header_get(r, "Accept-Encoding"), "gzip") &&
                http_gzip(body, len, &z, &zlen) == 0) {
                free(body);
                body = (char *)z;
                len = zlen;
                http_add_header(r, "Content-Encoding", "gzip");
            }
            http_add_header(r, "Vary", "Accept-Encoding");
        }
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    }
    http_access_log(r, len, usec);
    if (!resp)
        return MHD_NO;
    if (r->request_id)
        MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    if (draining) /* stopping: no further request on this connection */
        MHD_add_response_header(resp, "Connection", "close");
    MHD_add_response_header(resp, "Content-Type",
                            r->content_type ? r->content_type : "application/json");
    MHD_add_response_header(resp, "Content-Security-Policy", security_csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    if (http_public_https())
        MHD_add_response_header(resp, "Strict-Transport-Security",
                                "max-age=31536000; includeSubDomains");
    for (int i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

struct header_scan {
    int ncl;
    const char *cl[4];
    bool te;
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    struct header_scan *h = cls;
    if (strcasecmp(key, "Content-Length") == 0) {
        if (h->ncl < (int)XA_ARRAY_LEN(h->cl))
            h->cl[h->ncl] = value ? value : "";
        else
            h->cl[0] = ""; /* more lengths than anyone sends: refuse */
        h->ncl++;
    } else if (strcasecmp(key, "Transfer-Encoding") == 0) {
        h->te = true;
    }
    return MHD_YES;
}

/* Decisions taken on the headers alone, before any body byte is read:
 * ambiguous framing (smuggling), a declared length over the route's limit,
 * the body memory of this address or of the server, and for signed-in
 * routes the session itself. True when r now holds the answer. */
static bool refuse_early(struct conn_state *cs, struct MHD_Connection *conn)
{
    struct req *r = &cs->req;
    struct header_scan h = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, scan_header, &h);
    if (edge_framing_check(h.ncl < 4 ? h.ncl : 4, h.cl, h.te)) {
        http_error(r, 400, "bad_request", NULL, "请求的长度头不明确");
        return true;
    }
    if (!h.ncl && !h.te)
        return false;
    size_t limit = r->route && r->route->max_body ? r->route->max_body : HTTP_MAX_BODY;
    unsigned long long len = h.ncl ? strtoull(h.cl[0], NULL, 10) : 0;
    if (h.ncl && strlen(h.cl[0]) > 15)
        len = ~0ULL;
    if (len > limit) {
        /* far over: refused now and the connection closed; a little over
         * (a photo slightly too big): read and thrown away unbuffered, so
         * an ordinary client sees the 413 instead of a reset */
        if (len > 2 * (unsigned long long)limit + (1u << 20)) {
            http_error(r, 413, "too_large", NULL, "请求体过大");
            return true;
        }
        cs->discard = true;
        r->body_too_large = true;
        len = 0;
    }
    if (len) {
        int rc = edge_budget_take(r->client_ip, (size_t)len);
        if (rc) {
            http_add_header(r, "Retry-After", "5");
            if (rc == -1)
                http_error(r, 429, "rate_limited", NULL, "同时上传的数据过多，请稍后再试");
            else
                http_error(r, 503, "busy", NULL, "系统繁忙，请稍后重试");
            return true;
        }
        cs->budget = (size_t)len;
    }
    if (r->route && r->route->preflight) {
        if (!(r->store = http_thread_store())) {
            http_error(r, 503, "unavailable", NULL, "数据库不可用");
            return true;
        }
        store_clear_error(r->store);
        r->route->preflight(r);
        if (r->status)
            return true;
    }
    if (r->route && r->route->perm && strncmp(r->path, "/api/", 5) == 0) {
        r->store = http_thread_store();
        if (!r->store) {
            http_error(r, 503, "unavailable", NULL, "数据库不可用");
            return true;
        }
        store_clear_error(r->store);
        if (router_preauth(r))
            return true;
    }
    return false;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls;
    (void)version;
    struct conn_state *cs = *con_cls;
    if (!cs) {
        cs = calloc(1, sizeof(*cs));
        if (!cs)
            return MHD_NO;
        cs->start_us = mono_us();
        metrics_inflight_add(1);
        setup_request(cs, conn, url, method);
        *con_cls = cs;
        if (refuse_early(cs, conn)) {
            cs->responded = true;
            http_add_header(&cs->req, "Connection", "close");
            int64_t usec = mono_us() - cs->start_us;
            metrics_observe(cs->req.route, cs->req.status, usec);
            return send_response(conn, &cs->req, usec);
        }
        return MHD_YES;
    }
    struct req *r = &cs->req;
    if (cs->responded) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size && cs->discard) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t limit = r->route && r->route->max_body ? r->route->max_body : HTTP_MAX_BODY;
        if (r->body.len + *upload_data_size > limit)
            return MHD_NO; /* only a chunked body gets here: close */
        if (r->body.len + *upload_data_size > cs->budget) {
            /* a chunked body: reserve as it arrives */
            size_t more = r->body.len + *upload_data_size - cs->budget;
            if (edge_budget_take(r->client_ip, more))
                return MHD_NO;
            cs->budget += more;
        }
        strbuf_add(&r->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->route && strcmp(r->path, "/healthz") == 0 && db_uri &&
        strcmp(db_driver_for(db_uri)->name, "postgres") == 0) {
        /* PostgreSQL: /healthz checks on a connection of its own
         * (api/system.c) and needs no worker connection, whose first open
         * would wait on a database that does not answer */
        r->route->handler(r);
    } else if (strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/healthz") == 0 ||
               strcmp(r->path, "/metrics") == 0) {
        if (!r->store && (r->store = http_thread_store()))
            store_clear_error(r->store);
        if (!r->store) {
            metrics_db_error("unavailable");
            http_db_unavailable(r, DB_ERR_UNAVAILABLE);
        }
        else
            router_dispatch(r);
    } else if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
        serve_static(r);
    } else {
        http_error(r, 405, "method_not_allowed", NULL, "不支持的请求方法");
    }
    if (!r->status)
        http_error(r, 500, "internal", NULL, "服务器内部错误");
    int64_t usec = mono_us() - cs->start_us;
    metrics_observe(r->route, r->status, usec);
    return send_response(conn, r, usec);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct conn_state *cs = *con_cls;
    if (!cs)
        return;
    metrics_inflight_add(-1);
    struct req *r = &cs->req;
    edge_budget_give(r->client_ip, cs->budget);
    if (r->json)
        json_decref(r->json);
    strbuf_release(&r->body);
    strbuf_release(&r->out);
    arena_destroy(r->arena);
    free(cs);
    *con_cls = NULL;
}

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int http_serve(const struct http_config *cfg)
{
    db_uri = cfg->db_uri;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->bind ? cfg->bind : "127.0.0.1", &addr.sin_addr) != 1)
        return err("bad bind address %s", cfg->bind);
    /* more threads than cores: a request waiting on the group commit must not
     * hold up the connections behind it */
    int threads = cfg->threads > 0 ? cfg->threads : 8 * (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ITC,
        (uint16_t)cfg->port, NULL,
        NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        /* one address cannot hold every connection (behind a trusted proxy
         * every client shares its address: the proxy limits instead) */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, xa_cfg.ntrusted_proxy ? 0u : EDGE_CONN_PER_ADDR,
        /* the per-connection pool holds headers and read buffers (bodies are
         * gathered by the handler); it is cleared on every request, so no
         * bigger than needed: 16 KB instead of the 32 KB default */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
        MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!d)
        return err("cannot listen on %s:%d", cfg->bind ? cfg->bind : "127.0.0.1", cfg->port);
    log_info("xiaoan listening on http://%s:%d (%d threads, %s)",
             cfg->bind ? cfg->bind : "127.0.0.1", cfg->port, threads,
             db_driver_for(cfg->db_uri)->name);
    metrics_set_backend(db_driver_for(cfg->db_uri)->name);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    while (!stop_flag)
        usleep(100000);
    /* A clean stop: accept no new connection, let the requests in flight
     * finish (up to the grace period), then close; the caller checkpoints
     * the database after the background jobs have stopped. */
    draining = 1;
    int grace_ms = (cfg->shutdown_grace_s > 0 ? cfg->shutdown_grace_s : 10) * 1000;
    log_info("shutting down: %lld requests in flight, waiting up to %d s",
             (long long)metrics_inflight(), grace_ms / 1000);
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    int waited = 0, idle = 0;
    /* idle twice in a row: a request that arrived on a kept-alive connection
     * between two looks is seen too */
    while (waited < grace_ms && idle < 2) {
        idle = metrics_inflight() == 0 ? idle + 1 : 0;
        usleep(50000);
        waited += 50;
    }
    if (metrics_inflight() > 0)
        log_warn("grace period over: %lld requests still in flight are cut off",
                 (long long)metrics_inflight());
    MHD_stop_daemon(d);
    pthread_mutex_lock(&stores_lock);
    for (int i = 0; i < nstores; i++)
        store_destroy(all_stores[i]);
    nstores = 0;
    pthread_mutex_unlock(&stores_lock);
    return 0;
}
