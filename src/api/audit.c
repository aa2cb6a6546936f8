/*
 * audit.c - /api/v1/audit: reading the audit log by scope.
 */
#include "core/compat.h"
#include "api/api.h"
#include "domain/words.h"
#include "store/store_doc.h"

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
    /* ?person=: a person by name or login name (one of them; pick by
     * user_id when several share the name) */
    const char *person = http_query(r, "person");
    if (person && strlen(person) > 64)
        return http_error(r, 400, "invalid", "person", "人员姓名过长");
    if (person && *person && !user_id) {
        json_t *u = store_doc_find_users(r->store, person);
        if (!u)
            return http_store_error(r);
        size_t n = json_array_size(u);
        user_id = n ? json_integer_value(json_object_get(json_array_get(u, 0), "id")) : -1;
        json_decref(u);
        if (n > 1)
            return http_error(r, 422, "ambiguous", "person",
                              "有 %zu 位人员叫“%s”，请从列表中选择具体人员", n, person);
    }
    json_t *res = user_id < 0 ? store_page_json(json_array(), 0, &pg)
                              : store_audit_list(r->store, &r->scope, entity, entity_id, user_id, &pg);
    if (!res)
        return http_store_error(r);
    /* names and words a person reads (an auditor 纪检 reads this log) */
    json_t *items = json_object_get(res, "items");
    if (store_doc_audit_names(r->store, items) < 0) {
        json_decref(res);
        return http_store_error(r);
    }
    size_t i;
    json_t *a;
    json_array_foreach(items, i, a)
    {
        const char *act = json_string_value(json_object_get(a, "action"));
        const char *dot = act ? strrchr(act, '.') : NULL;
        json_object_set_new(a, "action_name", json_string(words_audit_action(dot ? dot + 1 : act)));
        json_object_set_new(a, "entity_name",
                            json_string(words_entity(json_string_value(json_object_get(a, "entity")))));
    }
    return http_json(r, 200, res);
}

int api_audit_verify(struct req *r)
{
    int64_t bad = store_audit_verify(r->store);
    if (bad < 0)
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:b, s:I}", "intact", bad == 0, "first_bad_id",
                                       (json_int_t)bad));
}
