/*
 * system.c - /healthz and /metrics (the OpenAPI document: openapi.c).
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
