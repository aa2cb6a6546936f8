/*
 * org.c - the org tree: province / city / county / township / school.
 */
#include "core/compat.h"
#include "store/store_int.h"

#define ORG_COLS                                                                                   \
    "o.id, o.parent_id, o.kind, o.name, o.code, o.school_type, o.students, o.classes, o.staff, "  \
    "o.address, o.path, o.depth, o.created_at AS \"created_at@\", "                            \
    "o.updated_at AS \"updated_at@\", o.doc_prefix, "                                            \
    "(SELECT COUNT(*) FROM orgs c WHERE c.parent_id = o.id AND c.deleted_at IS NULL) AS "          \
    "child_count"

/* Hands v to the caller through out (or drops it); -1 when v is NULL. */
int64_t store_org_create(struct change *c, const struct org_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    char ppath[128] = "/";
    int64_t depth = 0;
    if (in->parent_id) {
        struct db_stmt *st = Q(s, "SELECT path, depth FROM orgs WHERE id = ? AND deleted_at IS NULL",
                               DB_INT(in->parent_id));
        if (!st)
            return -1;
        int rc = s->drv->step(st);
        if (rc == 1) {
            snprintf(ppath, sizeof(ppath), "%s", s->drv->col_text(st, 0));
            depth = s->drv->col_int(st, 1) + 1;
        }
        s->drv->finish(st);
        if (rc == 0)
            return change_fail(c, XE_NOT_FOUND, "parent_id");
        if (rc != 1)
            return -1;
    }
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO orgs (parent_id, kind, name, code, school_type, students, classes, "
             "staff, address, depth, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_ID(in->parent_id), DB_TEXT(in->kind), DB_TEXT(in->name), DB_TEXT(in->code),
             DB_TEXT(in->school_type), DB_INT(in->students), DB_INT(in->classes),
             DB_INT(in->staff), DB_TEXT(in->address ? in->address : ""), DB_INT(depth),
             DB_INT(now), DB_INT(now)) != 1)
        return -1;
    char path[160];
    snprintf(path, sizeof(path), "%s%lld/", ppath, (long long)id);
    if (EXEC(s, "UPDATE orgs SET path = ? WHERE id = ?", DB_TEXT(path), DB_INT(id)) < 0)
        return -1;
    json_t *a = store_org_get(s, id);
    if (!a || change_audit(c, "create", "org", id, id, path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after) ? -1 : id;
}

int store_org_update(struct change *c, int64_t id, const struct org_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    json_t *before = store_org_get(s, id);
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    if (EXEC(s,
                "UPDATE orgs SET name = CASE WHEN ? = 1 THEN ? ELSE name END, "
                "code = CASE WHEN ? = 1 THEN ? ELSE code END, "
                "school_type = CASE WHEN ? = 1 THEN ? ELSE school_type END, "
                "address = CASE WHEN ? = 1 THEN ? ELSE address END, "
                "students = CASE WHEN ? = 1 THEN ? ELSE students END, "
                "classes = CASE WHEN ? = 1 THEN ? ELSE classes END, "
                "staff = CASE WHEN ? = 1 THEN ? ELSE staff END, "
                "doc_prefix = CASE WHEN ? = 1 THEN ? ELSE doc_prefix END, updated_at = ? "
                "WHERE id = ? AND deleted_at IS NULL",
                DB_INT(in->has_name), DB_TEXT(in->name), DB_INT(in->has_code), DB_TEXT(in->code),
                DB_INT(in->has_school_type), DB_TEXT(in->school_type), DB_INT(in->has_address),
                DB_TEXT(in->address), DB_INT(in->has_students), DB_INT(in->students),
                DB_INT(in->has_classes), DB_INT(in->classes), DB_INT(in->has_staff),
                DB_INT(in->staff), DB_INT(in->has_doc_prefix),
                DB_TEXT(in->doc_prefix ? in->doc_prefix : ""), DB_INT(now), DB_INT(id)) < 0) {
        json_decref(before);
        return -1;
    }
    json_t *a = store_org_get(s, id);
    int rc = !a || change_audit(c, "update", "org", id, id, json_string_value(json_object_get(before, "path")), before, a, NULL)
                 ? -1
                 : 0;
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after);
}

json_t *store_org_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " ORG_COLS " FROM orgs o WHERE o.id = ? AND o.deleted_at IS NULL",
                DB_INT(id));
}

int store_org_locate(struct store *s, int64_t id, char *path, size_t plen, char *kind,
                     size_t klen)
{
    struct db_stmt *st =
        Q(s, "SELECT path, kind FROM orgs WHERE id = ? AND deleted_at IS NULL", DB_INT(id));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        snprintf(path, plen, "%s", s->drv->col_text(st, 0));
        if (kind)
            snprintf(kind, klen, "%s", s->drv->col_text(st, 1));
    }
    s->drv->finish(st);
    return rc;
}

json_t *store_org_list(struct store *s, const struct scope *sc, int64_t parent_id,
                       const char *kind, const char *q, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char like[200];
    sx_like(q ? q : "", like, sizeof(like));
#define ORG_WHERE                                                                                  \
    " FROM orgs o WHERE o.deleted_at IS NULL AND " SCOPE_SQL("o.path")                            \
    " AND (? = 0 OR o.parent_id = ?) AND (? = '' OR o.kind = ?) "                                  \
    "AND (? = '' OR o.name LIKE ? ESCAPE '\\' OR o.code LIKE ? ESCAPE '\\')"
#define ORG_PARAMS                                                                                 \
    SCOPE_PARAMS(b), DB_INT(parent_id), DB_INT(parent_id), DB_TEXT(kind ? kind : ""),              \
        DB_TEXT(kind ? kind : ""), DB_TEXT(q ? q : ""), DB_TEXT(like), DB_TEXT(like)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" ORG_WHERE, ORG_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s, "SELECT " ORG_COLS ORG_WHERE " ORDER BY o.path LIMIT ? OFFSET ?",
                        ORG_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef ORG_WHERE
#undef ORG_PARAMS
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

json_t *store_org_children(struct store *s, int64_t id, const struct page *pg)
{
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*) FROM orgs WHERE parent_id = ? AND deleted_at IS NULL",
             DB_INT(id)) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " ORG_COLS " FROM orgs o WHERE o.parent_id = ? AND "
                        "o.deleted_at IS NULL ORDER BY o.kind, o.code LIMIT ? OFFSET ?",
                        DB_INT(id), DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

json_t *store_org_summary(struct store *s, const char *path)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return OBJ1(s,
                "SELECT COUNT(*) AS schools, COALESCE(SUM(students), 0) AS students, "
                "COALESCE(SUM(classes), 0) AS classes, COALESCE(SUM(staff), 0) AS staff "
                "FROM orgs WHERE kind = 'school' AND deleted_at IS NULL AND path >= ? AND path < ?",
                DB_TEXT(lo), DB_TEXT(hi));
}

int store_org_count(struct store *s, int64_t *n)
{
    return INT1(s, n, "SELECT COUNT(*) FROM orgs WHERE deleted_at IS NULL AND id > ?", DB_INT(0));
}
