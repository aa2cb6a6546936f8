/*
 * router.c - route matching and the dispatcher.
 *
 * All access control lives here: a route names the permission it needs and
 * where the org it acts on comes from; the dispatcher authenticates, checks
 * CSRF for cookie-authenticated writes, computes the scope where the user
 * holds the permission, and answers 404 for objects outside every subtree
 * the user can see, 403 for visible objects the user may not act on.
 */
#include "core/compat.h"
#include "core/config.h"
#include "core/log.h"
#include "domain/perm.h"
#include "http/http.h"
#include <sodium.h>

const struct route *router_match(const char *method, const char *path, char **seg, int nseg,
                                 struct arena *a, bool *path_known)
{
    *path_known = false;
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        const char *p = rt->pattern, *u = path;
        int k = 0;
        bool ok = true;
        while (*p && ok) {
            if (*p == '{') {
                const char *pe = strchr(p, '}');
                const char *ue = u;
                while (*ue && *ue != '/' && *ue != '?')
                    ue++;
                if (ue == u || k >= nseg) {
                    ok = false;
                    break;
                }
                seg[k++] = arena_strndup(a, u, (size_t)(ue - u));
                p = pe + 1;
                u = ue;
            } else if (*p == *u) {
                p++;
                u++;
            } else {
                ok = false;
            }
        }
        if (!ok || *p || (*u && *u != '?'))
            continue;
        *path_known = true;
        if (strcmp(rt->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
            return rt;
    }
    return NULL;
}

int router_check(const struct route *t, size_t n, bool log)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const struct route *rt = &t[i];
        const char *why = NULL;
        bool names_object = strchr(rt->pattern, '{') != NULL;
        if ((unsigned)rt->perm >= PERM_COUNT)
            why = "unknown permission";
        else if (rt->scope == SC_PATH && (!rt->locate || !names_object))
            why = "SC_PATH needs a locator and a {parameter}";
        else if ((rt->scope == SC_QUERY || rt->scope == SC_BODY) && !rt->field)
            why = "SC_QUERY / SC_BODY need a field";
        else if (rt->perm == PERM_PUBLIC && rt->scope != SC_NONE)
            why = "a public route has no scope";
        else if ((rt->scope == SC_NONE || (names_object && rt->scope != SC_PATH)) &&
                 (!rt->unchecked || !*rt->unchecked))
            why = "the dispatcher checks no object: say why in .unchecked";
        if (why) {
            bad++;
            if (log)
                log_msg(LOG_ERROR, "route %s %s: %s", rt->method, rt->pattern, why);
        }
    }
    return bad;
}

static bool path_under(const char *path, const char *root)
{
    return strncmp(path, root, strlen(root)) == 0;
}

bool req_can(const struct req *r, enum perm perm, const char *path)
{
    if (!r->user)
        return false;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        if (path_under(path, b->path) && perm_role_has(b->role, perm))
            return true;
    }
    return false;
}

bool req_sees(const struct req *r, const char *path)
{
    if (!r->user)
        return false;
    for (int i = 0; i < r->user->nroles; i++)
        if (path_under(path, r->user->roles[i].path))
            return true;
    return false;
}

static void token_hash(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof(h));
}

/* Loads the principal for a session token; 1 ok, 0 unknown, -1 error. */
static int load_principal(struct req *r, const char *token, bool via_cookie)
{
    if (strlen(token) != 64)
        return 0;
    char th[65];
    token_hash(token, th);
    struct principal *u = arena_alloc(r->arena, sizeof(*u));
    if (session_cache_get(th, r->now, u)) {
        u->via_cookie = via_cookie;
        r->user = u;
        return 1;
    }
    uint64_t gen = session_cache_generation();
    int rc = store_session_lookup(r->store, th, r->now, &u->id, u->csrf, sizeof(u->csrf),
                                  u->username, sizeof(u->username), &u->must_change);
    if (rc != 1)
        return rc;
    json_t *roles = store_user_roles(r->store, u->id);
    if (!roles)
        return -1;
    size_t i;
    json_t *ro;
    json_array_foreach(roles, i, ro)
    {
        if (u->nroles == HTTP_MAX_ROLES)
            break;
        struct role_binding *b = &u->roles[u->nroles++];
        snprintf(b->role, sizeof(b->role), "%s", json_string_value(json_object_get(ro, "role")));
        b->org_id = json_integer_value(json_object_get(ro, "org_id"));
        snprintf(b->path, sizeof(b->path), "%s",
                 json_string_value(json_object_get(ro, "org_path")));
        snprintf(b->org_kind, sizeof(b->org_kind), "%s",
                 json_string_value(json_object_get(ro, "org_kind")));
    }
    json_decref(roles);
    session_cache_put(th, r->now, gen, u);
    u->via_cookie = via_cookie;
    r->user = u;
    return 1;
}

static int authenticate(struct req *r)
{
    const char *auth = http_header_get(r, "Authorization");
    int rc = 0;
    if (auth && strncmp(auth, "Bearer ", 7) == 0) {
        rc = load_principal(r, auth + 7, false);
    } else {
        const char *c = http_cookie(r, http_session_cookie());
        if (c)
            rc = load_principal(r, c, true);
    }
    if (rc < 0) {
        http_store_error(r);
        return -1;
    }
    if (rc == 0) {
        http_error(r, 401, "unauthenticated", NULL, "请先登录");
        return -1;
    }
    return 0;
}

static bool is_write(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

bool http_public_https(void)
{
    return xa_cfg.public_url && strncmp(xa_cfg.public_url, "https://", 8) == 0;
}

const char *http_session_cookie(void)
{
    return http_public_https() ? "__Host-xa_session" : "xa_session";
}

/* Routes an account that must change its password may still use. */
static bool allowed_before_change(const struct route *rt)
{
    return strcmp(rt->pattern, "/api/v1/me") == 0 ||
           strcmp(rt->pattern, "/api/v1/me/password") == 0 ||
           strcmp(rt->pattern, "/api/v1/logout") == 0;
}

int router_preauth(struct req *r)
{
    if (r->user)
        return 0;
    if (authenticate(r))
        return -1;
    if (is_write(r->method) && r->user->via_cookie) {
        const char *t = http_header_get(r, "X-CSRF-Token");
        size_t cl = strlen(r->user->csrf);
        if (!t || strlen(t) != cl || sodium_memcmp(t, r->user->csrf, cl) != 0) {
            http_error(r, 403, "csrf", NULL, "CSRF 校验失败，请刷新页面后重试");
            return -1;
        }
    }
    if (r->user->must_change && !allowed_before_change(r->route)) {
        http_error(r, 403, "password_change_required", NULL, "请先修改初始密码");
        return -1;
    }
    return 0;
}

/* A write of scope SC_NONE changes a global setting (categories, grading
 * thresholds, hazard settings, jobs): only a holder of the permission at a
 * root of the org tree (a path with one node) may do it. */
static bool holds_at_root(const struct req *r, enum perm perm)
{
    for (int i = 0; i < r->user->nroles; i++) {
        const char *p = r->user->roles[i].path;
        int slashes = 0;
        for (; *p; p++)
            slashes += *p == '/';
        if (slashes == 2 && perm_role_has(r->user->roles[i].role, perm))
            return true;
    }
    return false;
}

static int parse_id(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18)
        return -1;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    if (v < 1)
        return -1;
    *out = v;
    return 0;
}

/* Checks an org named by id (query or body): visible (else 404), permitted
 * (else 403); narrows the request scope to it. */
static int check_org(struct req *r, int64_t id, const char *field)
{
    char kind[16];
    int rc = store_org_locate(r->store, id, r->org_path, sizeof(r->org_path), kind, sizeof(kind));
    if (rc < 0) {
        http_store_error(r);
        return -1;
    }
    if (rc == 0 || !req_sees(r, r->org_path)) {
        http_error(r, 404, "not_found", field, "组织机构不存在");
        return -1;
    }
    if (!req_can(r, r->route->perm, r->org_path)) {
        http_error(r, 403, "forbidden", field, "无权在该组织机构执行此操作");
        return -1;
    }
    r->org_id = id;
    struct scope sc = {0};
    scope_add(&sc, r->org_path);
    r->scope = sc;
    return 0;
}

static int parse_body(struct req *r)
{
    if (r->body_too_large) {
        http_error(r, 413, "too_large", NULL, "请求体过大");
        return -1;
    }
    if (!is_write(r->method) || r->body.len == 0)
        return 0;
    const char *ct = http_header_get(r, "Content-Type");
    if (ct && (strncmp(ct, "image/", 6) == 0 || strncmp(ct, "multipart/", 10) == 0 ||
               strncmp(ct, "application/octet-stream", 24) == 0))
        return 0; /* uploads: the handler reads the raw body */
    json_error_t e;
    r->json = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &e);
    if (!r->json) {
        http_error(r, 400, "malformed_json", NULL, "JSON 格式错误（第 %d 行第 %d 列）：%s", e.line,
                   e.column, e.text);
        return -1;
    }
    if (!json_is_object(r->json)) {
        http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
        return -1;
    }
    return 0;
}

void router_dispatch(struct req *r)
{
    const struct route *rt = r->route;
    if (!rt) {
        bool known = false;
        router_match(r->method, r->path, r->seg, (int)XA_ARRAY_LEN(r->seg), r->arena, &known);
        if (known)
            http_error(r, 405, "method_not_allowed", NULL, "不支持的请求方法");
        else
            http_error(r, 404, "not_found", NULL, "接口不存在");
        return;
    }
    if (rt->perm != PERM_PUBLIC) {
        if (router_preauth(r))
            return;
        /* a write with no org is a global setting, except on the caller's
         * own things (password, inbox) */
        if (rt->scope == SC_NONE && is_write(r->method) &&
            strncmp(rt->pattern, "/api/v1/me/", 11) != 0 &&
            strncmp(rt->pattern, "/api/v1/messages/", 17) != 0 && !holds_at_root(r, rt->perm)) {
            http_error(r, 403, "forbidden", NULL, "全局设置只能由最上级教育行政部门修改");
            return;
        }
        for (int i = 0; i < r->user->nroles; i++)
            if (perm_role_has(r->user->roles[i].role, rt->perm))
                scope_add(&r->scope, r->user->roles[i].path);
        /* with no scope at all, objects are still checked for
         * visibility first (404 before 403), below */
        if (r->scope.n == 0 && rt->scope == SC_NONE) {
            http_error(r, 403, "forbidden", NULL, "没有权限执行此操作");
            return;
        }
    }
    if (parse_body(r))
        return;
    if (rt->perm != PERM_PUBLIC && rt->scope == SC_PATH) {
        if (parse_id(r->seg[0], &r->id)) {
            http_error(r, 400, "invalid", "id", "id 必须是正整数");
            return;
        }
        int rc = rt->locate(r->store, r->id, r->obj_path, sizeof(r->obj_path));
        if (rc < 0) {
            http_store_error(r);
            return;
        }
        if (rc == 0 || !req_sees(r, r->obj_path)) {
            http_error(r, 404, "not_found", "id", "对象不存在");
            return;
        }
        if (!req_can(r, rt->perm, r->obj_path)) {
            http_error(r, 403, "forbidden", NULL, "没有权限执行此操作");
            return;
        }
    } else if (rt->perm != PERM_PUBLIC && rt->scope == SC_QUERY) {
        int64_t id;
        if (http_query_id(r, rt->field, &id))
            return;
        if (id && check_org(r, id, rt->field))
            return;
        if (r->scope.n == 0) {
            http_error(r, 403, "forbidden", NULL, "没有权限执行此操作");
            return;
        }
    } else if (rt->perm != PERM_PUBLIC && rt->scope == SC_BODY) {
        json_t *v = r->json ? json_object_get(r->json, rt->field) : NULL;
        if (!v) {
            http_error(r, 422, "required", rt->field, "缺少必填字段 %s", rt->field);
            return;
        }
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            http_error(r, 400, "wrong_type", rt->field, "字段 %s 应为正整数 id", rt->field);
            return;
        }
        if (rt->locate) {
            /* the field names an object, located as SC_PATH's {id} is */
            int rc = rt->locate(r->store, json_integer_value(v), r->obj_path,
                                sizeof(r->obj_path));
            if (rc < 0) {
                http_store_error(r);
                return;
            }
            if (rc == 0 || !req_sees(r, r->obj_path)) {
                http_error(r, 404, "not_found", rt->field, "对象不存在");
                return;
            }
            if (!req_can(r, rt->perm, r->obj_path)) {
                http_error(r, 403, "forbidden", rt->field, "没有权限执行此操作");
                return;
            }
        } else if (check_org(r, json_integer_value(v), rt->field)) {
            return;
        }
    }
    http_object_lock(r);
    if (rt->handler(r) < 0 && !r->status)
        http_error(r, 500, "internal", NULL, "服务器内部错误");
    store_set_object_lock(r->store, 0);
    if (r->store && store_in_tx(r->store))
        store_rollback(r->store); /* a handler that failed mid-transaction */
}
