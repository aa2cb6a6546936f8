/*
 * audit.c - /api/v1/audit: reading the audit log by scope.
 */
#include "core/compat.h"
#include "api/api.h"

int api_audit_list(struct req *r)
{
    struct page pg;
    int64_t entity_id, user_id;
    if (http_page(r, &pg) || http_query_id(r, "entity_id", &entity_id) ||
        http_query_id(r, "user_id", &user_id))
        return 0;
    const char *entity = http_query(r, "entity");
    if (entity && strlen(entity) > 32)
        return http_error(r, 400, "invalid", "entity", "entity 过长");
    json_t *res = store_audit_list(r->store, &r->scope, entity, entity_id, user_id, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_audit_verify(struct req *r)
{
    int64_t bad = store_audit_verify(r->store);
    if (bad < 0)
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:b, s:I}", "intact", bad == 0, "first_bad_id",
                                       (json_int_t)bad));
}
