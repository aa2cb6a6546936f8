/*
 * system.c - /healthz, /metrics and the OpenAPI document.
 */
#include "core/compat.h"
#include "core/config.h"
#include <sodium.h>
#include "api/api.h"
#include "core/log.h"

/* 200 when the database answers and can take writes; else 503 with
 * Retry-After, the error code and a reason an operator can act on. */
int api_healthz(struct req *r)
{
    if (store_health(r->store)) {
        enum db_errclass c = store_errclass(r->store);
        if (c != DB_ERR_FULL && c != DB_ERR_READONLY)
            c = DB_ERR_UNAVAILABLE;
        const char *reason = c == DB_ERR_FULL       ? "disk_full"
                             : c == DB_ERR_READONLY ? "read_only"
                                                    : "database_unreachable";
        log_warn("healthz: %s: %s", reason, store_errmsg(r->store));
        metrics_db_error("unavailable");
        http_db_unavailable(r, c);
        json_t *body = json_loadb(r->out.buf, r->out.len, 0, NULL);
        if (body) {
            json_object_set_new(body, "status", json_string("unavailable"));
            json_object_set_new(body, "reason", json_string(reason));
            json_object_set_new(body, "backend", json_string(store_backend(r->store)));
            http_json(r, 503, body);
        }
        return 0;
    }
    int v = store_schema_version(r->store);
    return http_json(r, 200, json_pack("{s:s, s:s, s:i}", "status", "ok", "backend",
                                       store_backend(r->store), "schema_version", v));
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

static json_t *error_schema(void)
{
    return json_pack("{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s]}}, s:[s]}", "type",
                     "object", "properties", "error", "type", "object", "properties", "code",
                     "type", "string", "message", "type", "string", "field", "type", "string",
                     "required", "code", "message", "required", "error");
}

/* The document is generated from the route table, so it cannot drift from
 * what the server actually routes. */
int api_openapi(struct req *r)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        json_t *item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        char method[8];
        size_t k;
        for (k = 0; rt->method[k] && k < sizeof(method) - 1; k++)
            method[k] = (char)(rt->method[k] | 0x20);
        method[k] = '\0';
        json_t *op = json_pack("{s:s, s:{s:{s:s}, s:{s:s, s:{s:{s:{s:s}}}}}}", "summary",
                               rt->summary ? rt->summary : "", "responses", "200", "description",
                               "OK", "4XX", "description", "error", "content", "application/json",
                               "schema", "$ref", "#/components/schemas/Error");
        if (rt->perm != PERM_PUBLIC)
            json_object_set_new(op, "x-permission", json_string(perm_name(rt->perm)));
        else
            json_object_set_new(op, "security", json_array());
        json_t *params = json_array();
        if (strstr(rt->pattern, "{id}"))
            json_array_append_new(params,
                                  json_pack("{s:s, s:s, s:b, s:{s:s, s:i}}", "name", "id", "in",
                                            "path", "required", 1, "schema", "type", "integer",
                                            "minimum", 1));
        if (rt->scope == SC_QUERY)
            json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s}}", "name", rt->field,
                                                    "in", "query", "schema", "type", "integer"));
        if (json_array_size(params))
            json_object_set_new(op, "parameters", params);
        else
            json_decref(params);
        json_object_set_new(item, method, op);
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:o}, s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}}, "
        "s:[{s:[]}, {s:[]}]}",
        "openapi", "3.0.3", "info", "title", "xiaoan 校安 API", "version", "1", "servers", "url",
        "/", "paths", paths, "components", "schemas", "Error", error_schema(), "securitySchemes",
        "bearer", "type", "http", "scheme", "bearer", "cookie", "type", "apiKey", "in", "cookie",
        "name", "xa_session", "security", "bearer", "cookie");
    if (!doc)
        return http_error(r, 500, "internal", NULL, "openapi");
    return http_json(r, 200, doc);
}
