/*
 * docsend.c - sending documents under Chinese file names, and the public
 * address generated links start with (api_doc.h).
 */
#include "core/compat.h"
#include "api/api_doc.h"
#include "core/config.h"
#include "core/timeutil.h"
#include "domain/perm.h"
#include "store/store_doc.h"

#include <microhttpd.h>

/* Characters a file name must not hold become "_". */
static void clean_name(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f || strchr("/\\\"*?:<>|", c))
            strbuf_addch(sb, '_');
        else
            strbuf_addch(sb, (char)c);
    }
}

int api_send_file(struct req *r, struct strbuf *body, const char *ctype, bool inline_view,
                  const char *name, const char *ascii)
{
    struct strbuf zh = STRBUF_INIT, cd = STRBUF_INIT;
    clean_name(&zh, name && *name ? name : ascii);
    strbuf_addf(&cd, "%s; filename=\"", inline_view ? "inline" : "attachment");
    for (const char *p = ascii && *ascii ? ascii : "document"; *p; p++) {
        unsigned char c = (unsigned char)*p;
        strbuf_addch(&cd, c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '/' ? '_'
                                                                                    : (char)c);
    }
    strbuf_adds(&cd, "\"; filename*=UTF-8''");
    /* RFC 5987 attr-char stays, every other byte is %XX */
    for (const unsigned char *p = (const unsigned char *)zh.buf; *p; p++) {
        if ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
            strchr("!#$&+-.^_`|~", *p))
            strbuf_addch(&cd, (char)*p);
        else
            strbuf_addf(&cd, "%%%02X", *p);
    }
    r->status = 200;
    r->content_type = ctype;
    strbuf_release(&r->out);
    r->out = *body;
    strbuf_init(body, 0);
    http_add_header(r, "Content-Disposition", arena_strdup(r->arena, cd.buf));
    http_add_header(r, "Cache-Control", "no-store");
    strbuf_release(&zh);
    strbuf_release(&cd);
    return 0;
}

const char *api_doc_name(struct req *r, const char *unit, const char *what, const char *ext)
{
    char iso[40];
    xa_time_format(r->now, iso, sizeof(iso));
    return arena_printf(r->arena, "%s%s%s_%.10s.%s", unit && *unit ? unit : "",
                        unit && *unit ? "_" : "", what, iso, ext);
}

/* The TCP port this server listens on, 0 if unknown. */
static unsigned served_port(struct req *r)
{
    if (!r->conn)
        return 0;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_DAEMON);
    if (!ci || !ci->daemon)
        return 0;
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(ci->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return di ? di->port : 0;
}

const char *api_public_url(struct req *r)
{
    char base[256] = "";
    if (xa_cfg.public_url && *xa_cfg.public_url)
        snprintf(base, sizeof(base), "%s", xa_cfg.public_url);
    else if (store_setting_get(r->store, "public_url", base, sizeof(base)) != 1 || !*base)
        snprintf(base, sizeof(base), "http://127.0.0.1:%u", served_port(r));
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        base[--n] = '\0';
    return arena_strdup(r->arena, base);
}

/* A bureau admin role at a root org (path "/<id>/"), or NULL. */
static const struct role_binding *root_admin(const struct req *r)
{
    for (int i = 0; r->user && i < r->user->nroles; i++) {
        const char *p = r->user->roles[i].path;
        int slashes = 0;
        for (; *p; p++)
            slashes += *p == '/';
        if (slashes == 2 && perm_role_has(r->user->roles[i].role, PERM_ORG_WRITE))
            return &r->user->roles[i];
    }
    return NULL;
}

static json_t *public_url_json(struct req *r)
{
    char set[256] = "";
    if (store_setting_get(r->store, "public_url", set, sizeof(set)) != 1)
        set[0] = '\0';
    return json_pack("{s:s, s:s, s:s}", "public_url", set, "flag",
                     xa_cfg.public_url ? xa_cfg.public_url : "", "effective", api_public_url(r));
}

/* store_doc_public_url_set's view: the setting as this request shows it. */
static json_t *public_url_view(void *ctx)
{
    return public_url_json(ctx);
}

int api_public_url_get(struct req *r)
{
    if (!root_admin(r))
        return http_error(r, 403, "forbidden", NULL, "只有最上级管理员可以查看对外访问地址");
    return http_json(r, 200, public_url_json(r));
}

int api_public_url_put(struct req *r)
{
    static const struct vfield spec[] = {{"public_url", V_STR, true, 0, 200, NULL}};
    const struct role_binding *root = root_admin(r);
    if (!root)
        return http_error(r, 403, "forbidden", NULL, "只有最上级管理员可以修改对外访问地址");
    if (VALIDATE(r, r->json, spec))
        return 0;
    const char *u = api_str(r->json, "public_url");
    if (*u && strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
        return http_error(r, 422, "invalid", "public_url",
                          "对外访问地址应以 http:// 或 https:// 开头");
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '#' ||
            *p == '?')
            return http_error(r, 422, "invalid", "public_url",
                              "对外访问地址不能含空格、引号、#、? 等字符");
    if (*u && !u[u[4] == 's' ? 8 : 7])
        return http_error(r, 422, "invalid", "public_url", "对外访问地址缺少主机名");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_doc_public_url_set(&c, u, root->org_id, root->path, public_url_view, r, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

const char *api_user_name(struct req *r)
{
    if (!r->user)
        return "";
    json_t *u = store_user_get(r->store, r->user->id);
    const char *n = u ? api_str(u, "name") : NULL;
    const char *out = arena_strdup(r->arena, n && *n ? n : r->user->username);
    json_decref(u);
    return out;
}
