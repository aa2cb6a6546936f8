/*
 * audit.c - /api/v1/audit: reading the audit log by scope.
 *
 * A row is shown to whoever sees its org, but its content no further than
 * the reader sees the object itself through the API: a tip-off's contact,
 * tracking code and address hash only to the screening bureau (holders of
 * tipoff.manage there), a covert inspection's rows - findings, photos, the
 * inspector - only to the inspecting side until it is published.
 */
#include "core/compat.h"
#include "api/api.h"
#include "domain/perm.h"
#include "domain/words.h"
#include "store/store_doc.h"

/* Keys of a tip-off that identify the whistle-blower. */
static const char *const tipoff_secret[] = {"contact", "code", "tracking_code", "ip_hash", NULL};

static void drop_keys(json_t *v)
{
    if (json_is_object(v)) {
        for (const char *const *k = tipoff_secret; *k; k++)
            json_object_del(v, *k);
        const char *key;
        json_t *sub;
        json_object_foreach(v, key, sub) drop_keys(sub);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *sub;
        json_array_foreach(v, i, sub) drop_keys(sub);
    }
}

static void hide_all(json_t *row)
{
    json_object_set_new(row, "before", json_null());
    json_object_set_new(row, "after", json_null());
    json_object_set_new(row, "note", json_string(""));
    json_object_set_new(row, "user_id", json_null());
    json_object_set_new(row, "username", json_string(""));
    json_object_set_new(row, "user_name", json_string(""));
    json_object_set_new(row, "redacted", json_true());
}

/* Redacts one row for the reader; -1 on a store error. */
static int redact_row(struct req *r, json_t *row)
{
    const char *entity = json_string_value(json_object_get(row, "entity"));
    const char *path = json_string_value(json_object_get(row, "org_path"));
    if (!entity || !path)
        return 0;
    if (strncmp(entity, "tipoff", 6) == 0 && !req_can(r, PERM_TIPOFF_MANAGE, path)) {
        drop_keys(json_object_get(row, "before"));
        drop_keys(json_object_get(row, "after"));
        json_object_set_new(row, "redacted", json_true());
    }
    char ipath[96];
    int rc = store_audit_covert(r->store, entity,
                                json_integer_value(json_object_get(row, "entity_id")), ipath,
                                sizeof(ipath));
    if (rc < 0)
        return -1;
    if (rc == 1 && !req_can(r, PERM_INSPECT_READ, ipath))
        hide_all(row);
    if (strcmp(entity, "photo") == 0) {
        rc = store_photo_covert(r->store, json_integer_value(json_object_get(row, "entity_id")),
                                ipath, sizeof(ipath));
        if (rc < 0)
            return -1;
        if (rc == 1 && !req_can(r, PERM_INSPECT_READ, ipath))
            hide_all(row);
    }
    return 0;
}

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
        if (redact_row(r, a) < 0) {
            json_decref(res);
            return http_store_error(r);
        }
        json_object_del(a, "org_path");
        const char *act = json_string_value(json_object_get(a, "action"));
        const char *dot = act ? strrchr(act, '.') : NULL;
        json_object_set_new(a, "action_name", json_string(words_audit_action(dot ? dot + 1 : act)));
        json_object_set_new(a, "entity_name",
                            json_string(words_entity(json_string_value(json_object_get(a, "entity")))));
    }
    return http_json(r, 200, res);
}

/* The chain covers the whole tree: a root bureau's administrator or an
 * auditor may check it. */
static bool may_verify(const struct req *r)
{
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        int slashes = 0;
        for (const char *p = b->path; *p; p++)
            slashes += *p == '/';
        if (strcmp(b->role, "auditor") == 0 ||
            (slashes == 2 && perm_role_has(b->role, PERM_ORG_WRITE)))
            return true;
    }
    return false;
}

int api_audit_verify(struct req *r)
{
    if (!may_verify(r))
        return http_error(r, 403, "forbidden", NULL, "只有最上级管理员或审计员可以校验审计链");
    int64_t bad = store_audit_verify(r->store);
    if (bad < 0)
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:b, s:I}", "intact", bad == 0, "first_bad_id",
                                       (json_int_t)bad));
}
