/*
 * respond.c - the response side of a request and small request helpers.
 */
#include "core/compat.h"
#include "core/log.h"
#include "http/http.h"
#include <microhttpd.h>

int http_json(struct req *r, int status, json_t *v)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    strbuf_reset(&r->out);
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    if (!s)
        abort();
    strbuf_adds(&r->out, s);
    free(s);
    return 0;
}

int http_error(struct req *r, int status, const char *code, const char *field,
               const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if (!e) /* message was not valid UTF-8 (truncated) */
        e = json_pack("{s:s, s:s}", "code", code, "message", "");
    if (field)
        json_object_set_new(e, "field", json_string(field));
    return http_json(r, status, json_pack("{s:o}", "error", e));
}

int http_store_error(struct req *r)
{
    enum db_errclass c = store_errclass(r->store);
    const char *m = store_errmsg(r->store);
    /* the message is cleared at the start of every request (server.c), so
     * an empty one means the handler failed without a database error */
    log_msg(LOG_ERROR, "%s %s: store: %s", r->method, r->path,
            m && *m ? m : "(no database error: the handler failed)");
    store_rollback(r->store);
    if (c == DB_ERR_BUSY) {
        metrics_db_error("busy");
        http_add_header(r, "Retry-After", "1");
        return http_error(r, 503, "busy", NULL, "系统繁忙，请稍后重试");
    }
    if (c == DB_ERR_UNAVAILABLE || c == DB_ERR_FULL || c == DB_ERR_READONLY) {
        metrics_db_error("unavailable");
        return http_db_unavailable(r, c);
    }
    metrics_db_error("other");
    return http_error(r, 500, "internal", NULL, "服务器内部错误");
}

int http_db_unavailable(struct req *r, enum db_errclass c)
{
    http_add_header(r, "Retry-After", "5");
    if (c == DB_ERR_FULL)
        return http_error(r, 503, "db_disk_full", NULL,
                          "服务器磁盘空间已满，暂时无法保存，请稍后重试");
    if (c == DB_ERR_READONLY)
        return http_error(r, 503, "db_read_only", NULL,
                          "数据库当前为只读，暂时无法保存，请稍后重试");
    return http_error(r, 503, "db_unavailable", NULL, "数据库暂时无法连接，请稍后重试");
}

void http_add_header(struct req *r, const char *name, const char *value)
{
    if (r->nheaders < (int)XA_ARRAY_LEN(r->headers)) {
        r->headers[r->nheaders].name = name;
        r->headers[r->nheaders].value = arena_strdup(r->arena, value);
        r->nheaders++;
    }
}

const char *http_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header_get(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static int parse_pos_int(const char *s, int64_t max, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18)
        return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    if (v < 1 || v > max)
        return -1;
    *out = v;
    return 0;
}

int http_page(struct req *r, struct page *pg)
{
    pg->page = 1;
    pg->per_page = 20;
    const char *p = http_query(r, "page"), *pp = http_query(r, "per_page");
    if (p && parse_pos_int(p, 1000000, &pg->page)) {
        http_error(r, 400, "invalid", "page", "page 必须是正整数");
        return -1;
    }
    if (pp && parse_pos_int(pp, 200, &pg->per_page)) {
        http_error(r, 400, "invalid", "per_page", "per_page 必须是 1 到 200 之间的整数");
        return -1;
    }
    return 0;
}

int http_query_id(struct req *r, const char *name, int64_t *out)
{
    *out = 0;
    const char *v = http_query(r, name);
    if (!v || !*v)
        return 0;
    if (parse_pos_int(v, INT64_MAX / 10, out)) {
        http_error(r, 400, "invalid", name, "%s 必须是正整数 id", name);
        return -1;
    }
    return 0;
}

/* ---- JSON body validation ---- */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static const char *type_name(enum vtype t)
{
    switch (t) {
    case V_STR:
    case V_NULLSTR: return "字符串";
    case V_INT: return "整数";
    case V_NUM: return "数字";
    case V_BOOL: return "布尔值";
    case V_ARR: return "数组";
    default: return "对象";
    }
}

int http_validate(struct req *r, json_t *obj, const struct vfield *spec, size_t n)
{
    if (!json_is_object(obj)) {
        http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
        return -1;
    }
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i;
        for (i = 0; i < n; i++)
            if (strcmp(spec[i].name, key) == 0)
                break;
        if (i == n) {
            http_error(r, 400, "unknown_field", key, "未知字段 %s", key);
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct vfield *f = &spec[i];
        v = json_object_get(obj, f->name);
        bool null_ok = f->type == V_NULLSTR || f->nullable ||
                       (!f->required && (f->type == V_INT || f->type == V_NUM));
        if (v && json_is_null(v) && !null_ok) {
            http_error(r, 400, "wrong_type", f->name, "字段 %s 应为%s，不能为 null", f->name,
                       type_name(f->type));
            return -1;
        }
        if (!v || (json_is_null(v) && f->type != V_NULLSTR)) {
            if (f->required) {
                http_error(r, 422, "required", f->name, "缺少必填字段 %s", f->name);
                return -1;
            }
            continue;
        }
        bool ok;
        switch (f->type) {
        case V_STR: ok = json_is_string(v); break;
        case V_NULLSTR: ok = json_is_string(v) || json_is_null(v); break;
        case V_INT: ok = json_is_integer(v); break;
        case V_NUM: ok = json_is_number(v); break;
        case V_BOOL: ok = json_is_boolean(v); break;
        case V_ARR: ok = json_is_array(v); break;
        default: ok = json_is_object(v); break;
        }
        if (!ok) {
            http_error(r, 400, "wrong_type", f->name, "字段 %s 应为%s", f->name,
                       type_name(f->type));
            return -1;
        }
        if (json_is_string(v)) {
            size_t len = utf8_chars(json_string_value(v));
            if (strlen(json_string_value(v)) != json_string_length(v)) {
                http_error(r, 422, "invalid", f->name, "字段 %s 含有非法字符", f->name);
                return -1;
            }
            if ((f->min || f->max) && ((int64_t)len < f->min || (int64_t)len > f->max)) {
                http_error(r, 422, "length", f->name, "字段 %s 长度应在 %lld 到 %lld 个字符之间",
                           f->name, (long long)f->min, (long long)f->max);
                return -1;
            }
            if (f->oneof) {
                const char *const *o;
                for (o = f->oneof; *o; o++)
                    if (strcmp(*o, json_string_value(v)) == 0)
                        break;
                if (!*o) {
                    http_error(r, 422, "invalid", f->name, "字段 %s 的取值 \"%.60s\" 无效",
                               f->name, json_string_value(v));
                    return -1;
                }
            }
        } else if (json_is_number(v) && (f->min || f->max)) {
            double d = json_number_value(v);
            if (d < (double)f->min || d > (double)f->max) {
                http_error(r, 422, "range", f->name, "字段 %s 应在 %lld 到 %lld 之间", f->name,
                           (long long)f->min, (long long)f->max);
                return -1;
            }
        } else if (json_is_array(v) && (f->min || f->max)) {
            int64_t len = (int64_t)json_array_size(v);
            if (len < f->min || len > f->max) {
                http_error(r, 422, "length", f->name, "字段 %s 应有 %lld 到 %lld 项", f->name,
                           (long long)f->min, (long long)f->max);
                return -1;
            }
        }
    }
    return 0;
}
