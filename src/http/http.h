/*
 * http.h - requests, responses, the route table and its dispatcher.
 *
 * The server (server.c) gathers a request with libmicrohttpd, matches it
 * against the route table (api/routes.c), and the dispatcher (router.c) does
 * everything every route needs in one place: authentication, CSRF, the
 * permission check and the org-scope check (another subtree's object answers
 * 404), JSON body parsing. A handler then only turns JSON into a domain call
 * and back.
 *
 * Handlers return 0 after setting a response (http_json / http_error ...).
 * Everything allocated for a request comes from req->arena.
 */
#ifndef XA_HTTP_H
#define XA_HTTP_H

#include "core/compat.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "store/store.h"
#include "domain/perm.h"
#include <jansson.h>

#define HTTP_MAX_BODY (1u << 20)
#define HTTP_MAX_ROLES 8

struct role_binding {
    char role[24];
    int64_t org_id;
    char path[96];
    char org_kind[16];
};

/* The authenticated user of a request. */
struct principal {
    int64_t id;
    char username[64];
    int nroles;
    struct role_binding roles[HTTP_MAX_ROLES];
    char csrf[72];
    bool via_cookie;
    bool must_change; /* must choose a new password before anything else */
};

enum scope_src {
    SC_NONE,  /* needs the permission somewhere; lists filter by req->scope */
    SC_PATH,  /* the {id} in the path is an object located by route->resource */
    SC_QUERY, /* optional ?<field>= org id narrows the scope */
    SC_BODY,  /* the JSON body's <field> is an org id the request acts on; with
                 route->locate, the id of an object located by it (obj_path) */
};

struct req;
typedef int (*http_handler)(struct req *r);

/* Finds the org path of an object; 1 found, 0 not, -1 error. */
typedef int (*http_locator)(struct store *s, int64_t id, char *path, size_t len);
struct vfield;

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/orgs/{id}/children" */
    http_handler handler;
    enum perm perm; /* PERM_PUBLIC: no login needed */
    enum scope_src scope;
    http_locator locate; /* SC_PATH; SC_BODY naming an object */
    const char *field;   /* SC_QUERY / SC_BODY */
    size_t max_body;     /* 0: HTTP_MAX_BODY */
    const char *summary;
    /* Signed-out routes with a body: run on the headers, before the body is
     * read (the client's rate budget); sets an answer to refuse. */
    http_handler preflight;
    /* Why the dispatcher checks no object's org for this route, in a few
     * English words: required (router_check) of every route of scope
     * SC_NONE, public or signed in, and of every route whose handler
     * checks access itself; NULL for the others. */
    const char *unchecked;
    /* The handler's validation table of the JSON body (the spec it gives
     * VALIDATE) and its length, for the OpenAPI document. */
    const struct vfield *body;
    size_t nbody;
};

struct http_header {
    const char *name, *value;
};

struct req {
    void *conn; /* struct MHD_Connection */
    struct arena *arena;
    struct store *store;
    const char *method;
    const char *path;
    const char *client_ip;
    const struct route *route;
    struct strbuf body;
    bool body_too_large;
    json_t *json; /* parsed body (objects only), NULL if none */
    int64_t id;   /* {id} of the path, if any */
    char *seg[8]; /* matched path parameters */
    /* auth and scope */
    struct principal *user;
    struct scope scope;  /* subtrees where the user holds route->perm */
    int64_t org_id;      /* org named by SC_QUERY/SC_BODY, or 0 */
    char org_path[96];   /* its path */
    char obj_path[96];   /* SC_PATH: the object's org path */
    int64_t now;
    /* response */
    int status;
    struct strbuf out;
    const char *content_type;
    const unsigned char *static_body; /* served without copying */
    size_t static_len;
    int nheaders;
    struct http_header headers[8];
    /* operations (access.c) */
    const char *request_id; /* X-Request-Id: the client's (validated) or generated */
};

/* ---- responses ---- */
/* Sends v (stolen) as JSON with status. */
int http_json(struct req *r, int status, json_t *v);
/* The one error body: {"error":{"code","message","field"}}. field may be NULL. */
int http_error(struct req *r, int status, const char *code, const char *field,
               const char *fmt, ...) XA_PRINTF(5, 6);
/* A typed refusal of the store or the domain (core/err.h) as its status,
 * code and Chinese message (errors.c); a XK_STORE error answers as
 * http_store_error. */
int http_fail(struct req *r, const struct xa_error *e);
int http_error_status(enum xa_err e);
const char *http_error_code(enum xa_err e);
const char *http_error_message(enum xa_err e);
/* After a storage failure, logging the store's message: 503 with
 * Retry-After when the database is busy or unavailable (codes "busy",
 * "db_unavailable", "db_disk_full", "db_read_only"), else 500. */
int http_store_error(struct req *r);
/* 503 + Retry-After for a database that cannot be used (class c). */
int http_db_unavailable(struct req *r, enum db_errclass c);
void http_add_header(struct req *r, const char *name, const char *value);

/* ---- request helpers ---- */
const char *http_query(struct req *r, const char *name);
const char *http_header_get(struct req *r, const char *name);
const char *http_cookie(struct req *r, const char *name);
/* Parses ?page=&per_page= (defaults 1 / 20, per_page <= 200); -1 after
 * setting a 400 naming the field. */
int http_page(struct req *r, struct page *pg);
/* Parses an optional positive integer query parameter (0 when absent). */
int http_query_id(struct req *r, const char *name, int64_t *out);

/* ---- scope helpers for handlers ---- */
/* True when the user holds perm at a node whose subtree holds path. */
bool req_can(const struct req *r, enum perm perm, const char *path);
/* True when any role of the user sees path (for 404 vs 403). */
bool req_sees(const struct req *r, const char *path);

/* ---- dispatch ---- */
const struct route *router_match(const char *method, const char *path, char **seg, int nseg,
                                 struct arena *a, bool *path_known);
void router_dispatch(struct req *r);
/* Authentication of a signed-in route, run on the headers before the body
 * is read (server.c) or by the dispatcher: the session, the CSRF token of
 * cookie writes, and the forced password change. -1 after setting the
 * answer. */
int router_preauth(struct req *r);
/* The session cookie's name: "__Host-xa_session" (with Secure) when the
 * public URL is https, else "xa_session". */
const char *http_session_cookie(void);
bool http_public_https(void);
extern const struct route api_routes[];
extern const size_t api_routes_count;
/* Checks a route table's access columns: SC_PATH has a locator, SC_QUERY
 * and SC_BODY a field, a public route no scope, and every route the
 * dispatcher checks no object for says why (route.unchecked). Returns the
 * number of faulty routes, each logged with the reason when log is true.
 * Run at start-up (serve refuses a faulty table) and by the unit tests. */
int router_check(const struct route *t, size_t n, bool log);

/* ---- validation of JSON bodies ---- */
enum vtype { V_STR, V_INT, V_NUM, V_BOOL, V_ARR, V_OBJ, V_NULLSTR };
struct vfield {
    const char *name;
    enum vtype type;
    bool required;
    int64_t min, max; /* string length in characters, or number range; 0,0 = none */
    const char *const *oneof; /* NULL-terminated allowed strings */
    bool nullable;            /* null is accepted (and means "none") */
};
/* Checks obj against spec: unknown fields and wrong types answer 400,
 * missing or out-of-range values 422, always naming the field. 0 if valid.
 * null is a value, not an absence: it is a wrong type (400) unless the
 * field allows it - V_NULLSTR, .nullable, or an optional integer/number
 * (an id or amount that may be "none"); a required field given null is
 * 422 like a missing one when it allows null, 400 otherwise. */
int http_validate(struct req *r, json_t *obj, const struct vfield *spec, size_t n);
#define VALIDATE(r, obj, spec) http_validate(r, obj, spec, XA_ARRAY_LEN(spec))

/* ---- server ---- */
struct http_config {
    const char *db_uri;
    const char *bind;
    int port;
    int threads;
    int shutdown_grace_s; /* SIGTERM: how long requests in flight may take (0: 10 s) */
};
int http_serve(const struct http_config *cfg);
/* The calling thread's store connection (opened on first use). */
struct store *http_thread_store(void);
/* The database the server serves (NULL before http_serve). */
const char *http_db_uri(void);

/* ---- the session cache (session_cache.c) ----
 * Read the generation before loading a principal from the store and pass it
 * to put, so a change made meanwhile is not hidden by the cache. */
bool session_cache_get(const char *token_hash, int64_t now, struct principal *out);
void session_cache_put(const char *token_hash, int64_t now, uint64_t gen,
                       const struct principal *p);
uint64_t session_cache_generation(void);
/* Call after any change to users, roles or sessions. */
void session_cache_invalidate(void);

/* ---- metrics ---- */
void metrics_observe(const struct route *rt, int status, int64_t usec);
void metrics_render(struct strbuf *sb);
/* The backend named in xiaoan_build_info ("sqlite", "postgres"). */
void metrics_set_backend(const char *name);
/* Requests being handled now (+1 when one starts, -1 when it ends). */
void metrics_inflight_add(int delta);
int64_t metrics_inflight(void);
/* A failed database call seen by a request, by class ("unavailable", "busy",
 * "other"). */
void metrics_db_error(const char *cls);
/* A background job run ("hazard_sweep") and whether it succeeded. */
void metrics_job_run(const char *job, bool ok);

/* ---- content coding (compress.c) ---- */
/* True when an Accept-Encoding value accepts coding ("br", "gzip"): named
 * (or "*") without q=0. */
bool http_accepts_coding(const char *accept_encoding, const char *coding);
/* gzip of len bytes into a malloc'd *out (caller frees); 0 or -1. */
int http_gzip(const void *in, size_t len, unsigned char **out, size_t *outlen);
/* Dynamic answers at least this long are gzipped for clients that accept it. */
#define HTTP_GZIP_MIN 1024

/* ---- writes to one object queue (objlock.c) ---- */
/* Before a write handler runs: names the object the request changes (the
 * route's resource and its first path parameter; a singleton setting by its
 * route) on r->store, so its transactions serialise with the other writes
 * to the same object (store_set_object_lock). Reads and creates take none. */
void http_object_lock(struct req *r);

/* ---- the access log and request ids (access.c) ---- */
/* Sets r->request_id: the client's X-Request-Id when it is 1-64 characters
 * of [A-Za-z0-9._:-], otherwise a new random one. */
void http_request_id(struct req *r);
/* One line per answered request at level info: request id, method, route,
 * status, bytes sent, milliseconds, user and client address. */
void http_access_log(const struct req *r, size_t bytes, int64_t usec);

#endif
