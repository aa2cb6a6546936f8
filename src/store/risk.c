/*
 * risk.c - the risk register's storage: categories, grading thresholds,
 * checklist templates and school checklists, photos, campus plans, risk
 * points with their assessment history, and the four-colour map.
 */
#include "core/compat.h"
#include "store/store_int.h"
#include "store/store_risk.h"
#include "core/timeutil.h"

/* Hands v to the caller through out (or drops it); -1 when v is NULL. */
/* ---- categories ---- */

#define CAT_COLS                                                                                   \
    "code, name_zh, name_en, sort, builtin AS \"builtin?\", created_at AS \"created_at@\", "      \
    "deleted_at AS \"deleted_at@\""

json_t *store_category_list(struct store *s, bool include_deleted)
{
    return ARR(s,
               "SELECT " CAT_COLS " FROM categories WHERE (? = 1 OR deleted_at IS NULL) "
               "ORDER BY sort, code",
               DB_INT(include_deleted));
}

json_t *store_category_get(struct store *s, const char *code)
{
    return OBJ1(s, "SELECT " CAT_COLS " FROM categories WHERE code = ?", DB_TEXT(code));
}

int store_category_state(struct store *s, const char *code)
{
    int64_t v = 0;
    int rc = INT1(s, &v,
                  "SELECT CASE WHEN deleted_at IS NULL THEN 1 ELSE 2 END FROM categories WHERE "
                  "code = ?",
                  DB_TEXT(code));
    return rc == 1 ? (int)v : rc;
}

int store_category_exists(struct store *s, const char *code)
{
    int64_t n = 0;
    return INT1(s, &n, "SELECT 1 FROM categories WHERE code = ? AND deleted_at IS NULL",
                DB_TEXT(code));
}

int store_category_create(struct change *c, const char *code, const char *name_zh,
                          const char *name_en, int64_t sort, const char *audit_path,
                          json_t **after)
{
    struct store *s = c->s;
    int st = store_category_state(s, code);
    if (st < 0)
        return -1;
    if (st > 0)
        return change_fail(c, XE_CATEGORY_EXISTS, "code");
    if (EXEC(s,
             "INSERT INTO categories (code, name_zh, name_en, sort, builtin, created_at, "
             "created_by, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
             DB_TEXT(code), DB_TEXT(name_zh), DB_TEXT(name_en ? name_en : ""), DB_INT(sort),
             DB_INT(c->at), DB_ID(c->user_id), DB_INT(c->at)) < 0)
        return -1;
    json_t *a = store_category_get(s, code);
    if (!a || change_audit(c, "create", "category", 0, 0, audit_path, NULL, a, code)) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after);
}

int store_category_update(struct change *c, const char *code, const char *name_zh,
                          const char *name_en, bool has_sort, int64_t sort, bool deleted,
                          const char *audit_path, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    /* the route names the category by code: its writers queue here */
    char kind[48];
    snprintf(kind, sizeof(kind), "category/%s", code);
    if (change_lock(c, kind, 0))
        return -1;
    int st = store_category_state(s, code);
    if (st < 0)
        return -1;
    if (st != 1)
        return change_fail(c, XE_CATEGORY_NOT_FOUND, "code");
    if (deleted && strcmp(code, "other") == 0)
        return change_fail(c, XE_CATEGORY_KEPT, "deleted");
    json_t *before = store_category_get(s, code);
    if (!before)
        return -1;
    if (EXEC(s,
                "UPDATE categories SET name_zh = COALESCE(?, name_zh), "
                "name_en = COALESCE(?, name_en), sort = CASE WHEN ? = 1 THEN ? ELSE sort END, "
                "updated_at = ?, deleted_at = CASE WHEN ? = 1 THEN ? ELSE deleted_at END, "
                "deleted_by = CASE WHEN ? = 1 THEN ? ELSE deleted_by END WHERE code = ? AND "
                "deleted_at IS NULL",
                DB_TEXT(name_zh), DB_TEXT(name_en), DB_INT(has_sort), DB_INT(sort), DB_INT(now),
                DB_INT(deleted), DB_INT(now), DB_INT(deleted), DB_ID(user_id), DB_TEXT(code)) < 0) {
        json_decref(before);
        return -1;
    }
    json_t *a = store_category_get(s, code);
    int rc = !a || change_audit(c, deleted ? "delete" : "update", "category", 0, 0, audit_path,
                                before, a, code);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after);
}

/* ---- grading thresholds ---- */

static int grading_row(struct store *s, struct db_stmt *st, struct grading_thresholds *t)
{
    int rc = s->drv->step(st);
    if (rc == 1) {
        t->version = (int)s->drv->col_int(st, 0);
        t->lec_major = s->drv->col_double(st, 1);
        t->lec_high = s->drv->col_double(st, 2);
        t->lec_general = s->drv->col_double(st, 3);
        t->ls_red = (int)s->drv->col_int(st, 4);
        t->ls_orange = (int)s->drv->col_int(st, 5);
        t->ls_yellow = (int)s->drv->col_int(st, 6);
    }
    s->drv->finish(st);
    return rc;
}

int store_grading_current(struct store *s, struct grading_thresholds *out)
{
    struct db_stmt *st = Q(s,
                           "SELECT version, lec_major, lec_high, lec_general, ls_red, ls_orange, "
                           "ls_yellow FROM grading_thresholds WHERE version > ? "
                           "ORDER BY version DESC LIMIT 1",
                           DB_INT(0));
    if (!st) return -1;
    int rc = grading_row(s, st, out);
    if (rc == 0) *out = grading_default;
    return rc < 0 ? -1 : 1;
}

int store_grading_get(struct store *s, int version, struct grading_thresholds *out)
{
    struct db_stmt *st = Q(s,
                           "SELECT version, lec_major, lec_high, lec_general, ls_red, ls_orange, "
                           "ls_yellow FROM grading_thresholds WHERE version = ?",
                           DB_INT(version));
    if (!st) return -1;
    return grading_row(s, st, out);
}

int store_grading_add(struct change *c, struct grading_thresholds *t, const char *note,
                      const char *audit_path, json_t **after)
{
    struct store *s = c->s;
    /* one writer at a time: the before-image is the version replaced */
    if (change_lock(c, "grading_thresholds", 0))
        return -1;
    struct grading_thresholds before;
    if (store_grading_current(s, &before) < 0)
        return -1;
    int64_t v = 0;
    if (INT1(s, &v,
             "SELECT COALESCE(MAX(version), 0) + 1 FROM grading_thresholds WHERE version > ?",
             DB_INT(0)) < 0)
        return -1;
    if (EXEC(s,
             "INSERT INTO grading_thresholds (version, lec_major, lec_high, lec_general, ls_red, "
             "ls_orange, ls_yellow, note, created_at, created_by) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             DB_INT(v), DB_DOUBLE(t->lec_major), DB_DOUBLE(t->lec_high), DB_DOUBLE(t->lec_general),
             DB_INT(t->ls_red), DB_INT(t->ls_orange), DB_INT(t->ls_yellow),
             DB_TEXT(note ? note : ""), DB_INT(c->at), DB_ID(c->user_id)) < 0)
        return -1;
    t->version = (int)v;
    json_t *b = store_grading_json(&before), *a = store_grading_json(t);
    int rc = change_audit(c, "update", "grading_thresholds", v, 0, audit_path, b, a, NULL);
    json_decref(b);
    if (rc) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after);
}

json_t *store_grading_list(struct store *s)
{
    return ARR(s,
               "SELECT version, lec_major, lec_high, lec_general, ls_red, ls_orange, ls_yellow, "
               "note, created_at AS \"created_at@\", created_by FROM grading_thresholds "
               "WHERE version > ? "
               "ORDER BY version DESC",
               DB_INT(0));
}

json_t *store_grading_json(const struct grading_thresholds *t)
{
    return json_pack("{s:i, s:f, s:f, s:f, s:i, s:i, s:i}", "version", t->version, "lec_major",
                     t->lec_major, "lec_high", t->lec_high, "lec_general", t->lec_general, "ls_red",
                     t->ls_red, "ls_orange", t->ls_orange, "ls_yellow", t->ls_yellow);
}

/* ---- checklist templates ---- */

static int insert_items(struct store *s, bool tpl, int64_t parent,
                        const struct checklist_item_in *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct checklist_item_in *it = &items[i];
        int64_t rc = tpl ? EXEC(s,
                                "INSERT INTO checklist_template_items (template_id, seq, content, "
                                "standard, method, weight) VALUES (?, ?, ?, ?, ?, ?)",
                                DB_INT(parent), DB_INT(i + 1), DB_TEXT(it->content),
                                DB_TEXT(it->standard ? it->standard : ""),
                                DB_TEXT(it->method ? it->method : ""), DB_DOUBLE(it->weight))
                         : EXEC(s,
                                "INSERT INTO checklist_items (checklist_id, seq, content, "
                                "standard, method, weight) VALUES (?, ?, ?, ?, ?, ?)",
                                DB_INT(parent), DB_INT(i + 1), DB_TEXT(it->content),
                                DB_TEXT(it->standard ? it->standard : ""),
                                DB_TEXT(it->method ? it->method : ""), DB_DOUBLE(it->weight));
        if (rc < 0) return -1;
    }
    return 0;
}

int64_t store_ctpl_create(struct change *c, int64_t org_id, const char *org_path,
                          const char *category, const char *name, const char *description,
                          const struct checklist_item_in *items, size_t n, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO checklist_templates (org_id, org_path, category, name, description, "
             "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(category), DB_TEXT(name),
             DB_TEXT(description ? description : ""), DB_INT(now), DB_ID(user_id),
             DB_INT(now)) != 1)
        return -1;
    if (insert_items(s, true, id, items, n)) return -1;
    json_t *a = store_ctpl_get(s, id);
    if (!a ||
        change_audit(c, "create", "checklist_template", id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after) ? -1 : id;
}

#define CTPL_COLS                                                                                  \
    "t.id, t.org_id, t.org_path, o.name AS org_name, t.category, t.name, t.description, "          \
    "t.created_at AS \"created_at@\", t.updated_at AS \"updated_at@\""

static json_t *with_items(struct store *s, json_t *o, bool tpl)
{
    if (!o) return NULL;
    int64_t id = json_integer_value(json_object_get(o, "id"));
    json_t *items = tpl ? ARR(s,
                              "SELECT id, seq, content, standard, method, weight FROM "
                              "checklist_template_items WHERE template_id = ? AND deleted_at IS "
                              "NULL ORDER BY seq",
                              DB_INT(id))
                        : ARR(s,
                              "SELECT id, seq, content, standard, method, weight FROM "
                              "checklist_items WHERE checklist_id = ? AND deleted_at IS NULL "
                              "ORDER BY seq",
                              DB_INT(id));
    if (!items) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "items", items);
    return o;
}

json_t *store_ctpl_get(struct store *s, int64_t id)
{
    return with_items(s,
                      OBJ1(s,
                           "SELECT " CTPL_COLS " FROM checklist_templates t JOIN orgs o ON "
                           "o.id = t.org_id WHERE t.id = ? AND t.deleted_at IS NULL",
                           DB_INT(id)),
                      true);
}

int store_ctpl_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM checklist_templates WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_ctpl_list(struct store *s, const struct scope *sc, const char *category,
                        const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *cat = category ? category : "";
    /* in the scope, or an ancestor of one of its roots (bureau templates
     * are visible to the schools below) */
#define CTPL_WHERE                                                                                 \
    " FROM checklist_templates t JOIN orgs o ON o.id = t.org_id WHERE t.deleted_at IS NULL AND "   \
    "(" SCOPE_SQL(                                                                                 \
        "t.org_path") " OR substr(?, 1, length(t.org_path)) = t.org_path OR "        \
                      "substr(?, 1, length(t.org_path)) = t.org_path OR "            \
                      "substr(?, 1, length(t.org_path)) = "                          \
                      "t.org_path OR substr(?, 1, length(t.org_path)) = "            \
                      "t.org_path) AND (? = '' OR t.category = ?)"
#define CTPL_PARAMS                                                                                \
    SCOPE_PARAMS(b), DB_TEXT(b.lo[0]), DB_TEXT(b.lo[1]), DB_TEXT(b.lo[2]), DB_TEXT(b.lo[3]),       \
        DB_TEXT(cat), DB_TEXT(cat)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" CTPL_WHERE, CTPL_PARAMS) < 0) return NULL;
    json_t *items = ARR(s, "SELECT " CTPL_COLS CTPL_WHERE " ORDER BY t.id LIMIT ? OFFSET ?",
                        CTPL_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef CTPL_WHERE
#undef CTPL_PARAMS
    if (!items) return NULL;
    size_t i;
    json_t *t;
    json_array_foreach(items, i, t)
    {
        json_incref(t);
        if (!with_items(s, t, true)) {
            json_decref(items);
            return NULL;
        }
        json_decref(t);
    }
    return store_page_json(items, total, pg);
}

/* ---- school checklists ---- */

int64_t store_checklist_create(struct change *c, int64_t org_id, const char *org_path,
                               int64_t template_id, const char *category, const char *name,
                               const struct checklist_item_in *items, size_t n, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char cat[64] = "", tname[256] = "";
    if (template_id) {
        struct db_stmt *st =
            Q(s,
              "SELECT category, name FROM checklist_templates WHERE id = ? AND "
              "deleted_at IS NULL AND substr(?, 1, length(org_path)) = org_path",
              DB_INT(template_id), DB_TEXT(org_path));
        if (!st) return -1;
        int rc = s->drv->step(st);
        if (rc == 1) {
            snprintf(cat, sizeof(cat), "%s", s->drv->col_text(st, 0));
            snprintf(tname, sizeof(tname), "%s", s->drv->col_text(st, 1));
        }
        s->drv->finish(st);
        if (rc < 0) return -1;
        if (rc == 0) return change_fail(c, XE_CHECKLIST_TEMPLATE_NOT_FOUND, "template_id");
    }
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO checklists (org_id, org_path, template_id, category, name, created_at, "
             "created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_ID(template_id),
             DB_TEXT(template_id ? cat : category), DB_TEXT(name ? name : tname), DB_INT(now),
             DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    if (template_id) {
        if (EXEC(s,
                 "INSERT INTO checklist_items (checklist_id, seq, content, standard, method, "
                 "weight) SELECT ?, seq, content, standard, method, weight FROM "
                 "checklist_template_items WHERE template_id = ? AND deleted_at IS NULL ORDER BY "
                 "seq",
                 DB_INT(id), DB_INT(template_id)) < 0)
            return -1;
    } else if (insert_items(s, false, id, items, n)) {
        return -1;
    }
    json_t *a = store_checklist_get(s, id);
    if (!a || change_audit(c, "create", "checklist", id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after) ? -1 : id;
}

#define CL_COLS                                                                                    \
    "c.id, c.org_id, c.org_path, o.name AS org_name, c.template_id, c.category, c.name, "          \
    "c.created_at AS \"created_at@\", c.updated_at AS \"updated_at@\", "                         \
    "(SELECT COUNT(*) FROM checklist_items i WHERE i.checklist_id = "                              \
    "c.id AND i.deleted_at IS NULL) AS item_count"

json_t *store_checklist_get(struct store *s, int64_t id)
{
    return with_items(s,
                      OBJ1(s,
                           "SELECT " CL_COLS " FROM checklists c JOIN orgs o ON o.id = c.org_id "
                           "WHERE c.id = ? AND c.deleted_at IS NULL",
                           DB_INT(id)),
                      false);
}

int store_checklist_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM checklists WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_checklist_list(struct store *s, const struct scope *sc, const char *category,
                             const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *cat = category ? category : "";
#define CL_WHERE                                                                                   \
    " FROM checklists c JOIN orgs o ON o.id = c.org_id WHERE c.deleted_at IS NULL AND " SCOPE_SQL( \
        "c.org_path") " AND (? = '' OR c.category = ?)"
#define CL_PARAMS SCOPE_PARAMS(b), DB_TEXT(cat), DB_TEXT(cat)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" CL_WHERE, CL_PARAMS) < 0) return NULL;
    json_t *items = ARR(s, "SELECT " CL_COLS CL_WHERE " ORDER BY c.org_path, c.id LIMIT ? OFFSET ?",
                        CL_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef CL_WHERE
#undef CL_PARAMS
    if (!items) return NULL;
    return store_page_json(items, total, pg);
}

int store_checklist_item(struct store *s, int64_t checklist_id, int64_t item_id, char *content,
                         size_t len)
{
    struct db_stmt *st = Q(s,
                           "SELECT i.content FROM checklist_items i JOIN checklists c ON c.id = "
                           "i.checklist_id AND c.deleted_at IS NULL WHERE i.id = ? AND "
                           "i.checklist_id = ? AND i.deleted_at IS NULL",
                           DB_INT(item_id), DB_INT(checklist_id));
    if (!st) return -1;
    int rc = s->drv->step(st);
    if (rc == 1) snprintf(content, len, "%s", s->drv->col_text(st, 0));
    s->drv->finish(st);
    return rc;
}

static int ctpl_update(struct store *s, int64_t id, const char *name, const char *description,
                       const struct checklist_item_in *items, size_t n, bool replace_items,
                       bool deleted, int64_t user_id, int64_t now)
{
    if (EXEC(s,
             "UPDATE checklist_templates SET name = COALESCE(?, name), description = "
             "COALESCE(?, description), updated_at = ?, deleted_at = CASE WHEN ? = 1 THEN ? ELSE "
             "deleted_at END, deleted_by = CASE WHEN ? = 1 THEN ? ELSE deleted_by END "
             "WHERE id = ? AND deleted_at IS NULL",
             DB_TEXT(name), DB_TEXT(description), DB_INT(now), DB_INT(deleted), DB_INT(now),
             DB_INT(deleted), DB_ID(user_id), DB_INT(id)) < 0)
        return -1;
    if (!replace_items) return 0;
    /* old items are kept (soft-deleted): copies and records refer to them */
    if (EXEC(s,
             "UPDATE checklist_template_items SET deleted_at = ? WHERE template_id = ? AND "
             "deleted_at IS NULL",
             DB_INT(now), DB_INT(id)) < 0)
        return -1;
    return insert_items(s, true, id, items, n);
}

static int checklist_update(struct store *s, int64_t id, const char *name,
                            const struct checklist_item_in *items, size_t n, bool replace_items,
                            bool deleted, int64_t user_id, int64_t now)
{
    if (EXEC(s,
             "UPDATE checklists SET name = COALESCE(?, name), updated_at = ?, deleted_at = CASE "
             "WHEN ? = 1 THEN ? ELSE deleted_at END, deleted_by = CASE WHEN ? = 1 THEN ? ELSE "
             "deleted_by END WHERE id = ? AND deleted_at IS NULL",
             DB_TEXT(name), DB_INT(now), DB_INT(deleted), DB_INT(now), DB_INT(deleted),
             DB_ID(user_id), DB_INT(id)) < 0)
        return -1;
    if (!replace_items) return 0;
    if (EXEC(s,
             "UPDATE checklist_items SET deleted_at = ? WHERE checklist_id = ? AND deleted_at IS "
             "NULL",
             DB_INT(now), DB_INT(id)) < 0)
        return -1;
    return insert_items(s, false, id, items, n);
}

/* The update of a template (tpl) or a school checklist, audited. */
static int list_update(struct change *c, bool tpl, int64_t id, const char *name,
                       const char *description, const struct checklist_item_in *items, size_t n,
                       bool replace_items, bool deleted, json_t **after)
{
    struct store *s = c->s;
    char path[96];
    int found = tpl ? store_ctpl_locate(s, id, path, sizeof(path))
                    : store_checklist_locate(s, id, path, sizeof(path));
    if (found < 0)
        return -1;
    if (found == 0)
        return change_fail(c, XE_NOT_FOUND, NULL);
    json_t *before = tpl ? store_ctpl_get(s, id) : store_checklist_get(s, id);
    if (!before)
        return -1;
    int64_t org = json_integer_value(json_object_get(before, "org_id"));
    int rc = tpl ? ctpl_update(s, id, name, description, items, n, replace_items, deleted,
                               c->user_id, c->at)
                 : checklist_update(s, id, name, items, n, replace_items, deleted, c->user_id,
                                    c->at);
    json_t *a = NULL;
    if (!rc && !deleted)
        a = tpl ? store_ctpl_get(s, id) : store_checklist_get(s, id);
    if (rc || (!deleted && !a) ||
        change_audit(c, deleted ? "delete" : "update", tpl ? "checklist_template" : "checklist",
                     id, org, path, before, a, NULL)) {
        json_decref(before);
        json_decref(a);
        return -1;
    }
    json_decref(before);
    if (deleted)
        a = json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1);
    return sx_hand(a, after);
}

int store_ctpl_update(struct change *c, int64_t id, const char *name, const char *description,
                      const struct checklist_item_in *items, size_t n, bool replace_items,
                      bool deleted, json_t **after)
{
    return list_update(c, true, id, name, description, items, n, replace_items, deleted, after);
}

int store_checklist_update(struct change *c, int64_t id, const char *name,
                           const struct checklist_item_in *items, size_t n, bool replace_items,
                           bool deleted, json_t **after)
{
    return list_update(c, false, id, name, NULL, items, n, replace_items, deleted, after);
}

/* ---- photos ---- */

int64_t store_photo_put(struct store *s, int64_t org_id, const char *org_path,
                        const char *sha256_hex, const char *mime, const void *data, size_t len,
                        int64_t user_id, int64_t now, bool *reused, int64_t *elsewhere)
{
    int64_t id = 0;
    *reused = false;
    if (INT1(s, &elsewhere[0],
             "SELECT COUNT(DISTINCT org_id) FROM photos WHERE sha256 = ? AND org_id <> ?",
             DB_TEXT(sha256_hex), DB_INT(org_id)) < 0)
        return -1;
    int rc = INT1(s, &id, "SELECT id FROM photos WHERE org_id = ? AND sha256 = ?", DB_INT(org_id),
                  DB_TEXT(sha256_hex));
    if (rc < 0) return -1;
    if (rc == 1) {
        *reused = true;
        return id;
    }
    /* a concurrent upload of the same bytes may win the insert: then the
     * row it made is the answer */
    rc = INT1(s, &id,
              "INSERT INTO photos (sha256, mime, size, org_id, org_path, uploaded_by, "
              "created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, sha256) "
              "DO NOTHING RETURNING id",
              DB_TEXT(sha256_hex), DB_TEXT(mime), DB_INT(len), DB_INT(org_id), DB_TEXT(org_path),
              DB_ID(user_id), DB_INT(now), DB_BLOB(data, len));
    if (rc < 0) return -1;
    if (rc == 1) return id;
    *reused = true;
    if (INT1(s, &id, "SELECT id FROM photos WHERE org_id = ? AND sha256 = ?", DB_INT(org_id),
             DB_TEXT(sha256_hex)) != 1)
        return -1;
    return id;
}

int store_photo_uploaded(struct change *c, int64_t id, bool reused, int64_t org_id,
                         const char *org_path, json_t **meta)
{
    json_t *m = store_photo_meta(c->s, id);
    if (!m)
        return store_errclass(c->s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    if (!reused && change_audit(c, "create", "photo", id, org_id, org_path, NULL, m, NULL)) {
        json_decref(m);
        return -1;
    }
    if (meta)
        *meta = m;
    else
        json_decref(m);
    return 0;
}

int store_photo_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM photos WHERE id = ?", DB_INT(id));
}

json_t *store_photo_meta(struct store *s, int64_t id)
{
    return OBJ1(s,
                "SELECT p.id, p.sha256, p.mime, p.size, p.org_id, p.uploaded_by, "
                "p.created_at AS \"created_at@\", "
                "(SELECT COUNT(DISTINCT q.org_id) FROM photos q WHERE q.sha256 = p.sha256 AND "
                "q.org_id <> p.org_id) AS other_orgs FROM photos p WHERE p.id = ?",
                DB_INT(id));
}

int store_photo_read(struct store *s, int64_t id, char *mime, size_t mlen, struct strbuf *out)
{
    struct db_stmt *st = Q(s, "SELECT mime, data FROM photos WHERE id = ?", DB_INT(id));
    if (!st) return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        snprintf(mime, mlen, "%s", s->drv->col_text(st, 0));
        size_t n = 0;
        const void *p = s->drv->col_blob(st, 1, &n);
        if (p && n) strbuf_add(out, p, n);
    }
    s->drv->finish(st);
    return rc;
}

int store_photo_in_org(struct store *s, int64_t id, int64_t org_id)
{
    int64_t one = 0;
    return INT1(s, &one, "SELECT 1 FROM photos WHERE id = ? AND org_id = ?", DB_INT(id),
                DB_INT(org_id));
}

/* ---- campus plans ---- */

int64_t store_campus_plan_set(struct change *c, int64_t org_id, const char *org_path,
                              int64_t photo_id, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO campus_plans (org_id, org_path, photo_id, created_at, created_by) "
             "VALUES (?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_INT(photo_id), DB_INT(now), DB_ID(user_id)) != 1)
        return -1;
    json_t *a = store_campus_plan_get(s, org_id);
    if (!a || change_audit(c, "update", "campus_plan", org_id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after) ? -1 : id;
}

int store_campus_plan_photo(struct store *s, int64_t org_id, int64_t *photo_id)
{
    *photo_id = 0;
    return INT1(s, photo_id,
                "SELECT photo_id FROM campus_plans WHERE org_id = ? ORDER BY id DESC LIMIT 1",
                DB_INT(org_id));
}

json_t *store_campus_plan_get(struct store *s, int64_t org_id)
{
    return OBJ1(s,
                "SELECT c.org_id, c.photo_id, p.mime, p.size, c.created_at AS \"created_at@\", "
                "c.created_by FROM "
                "campus_plans c JOIN photos p ON p.id = c.photo_id WHERE c.org_id = ? "
                "ORDER BY c.id DESC LIMIT 1",
                DB_INT(org_id));
}

/* ---- risk points ---- */

static json_t *rp_view(struct store *s, int64_t id, const char *qr_prefix);

int64_t store_rp_create(struct change *c, int64_t org_id, const char *org_path,
                        const struct rp_in *in, const char *qr_token, const char *qr_prefix,
                        json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO risk_points (org_id, org_path, name, location, category, "
             "hazard_factors, possible_accidents, control_measures_json, control_level, "
             "responsible_user_id, responsible_name, patrol_frequency, checklist_id, pos_x, "
             "pos_y, qr_token, created_at, created_by, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(in->name),
             DB_TEXT(in->location ? in->location : ""), DB_TEXT(in->category),
             DB_TEXT(in->hazard_factors ? in->hazard_factors : ""),
             DB_TEXT(in->possible_accidents ? in->possible_accidents : ""),
             DB_TEXT(in->control_measures_json ? in->control_measures_json : "{}"),
             DB_TEXT(in->control_level ? in->control_level : "school"),
             DB_ID(in->responsible_user_id),
             DB_TEXT(in->responsible_name ? in->responsible_name : ""),
             DB_TEXT(in->patrol_frequency ? in->patrol_frequency : "daily"),
             DB_ID(in->checklist_id), in->has_pos ? DB_DOUBLE(in->pos_x) : DB_NULL(),
             in->has_pos ? DB_DOUBLE(in->pos_y) : DB_NULL(), DB_TEXT(qr_token), DB_INT(now),
             DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    json_t *a = rp_view(s, id, qr_prefix);
    if (!a || change_audit(c, "create", "risk_point", id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after) ? -1 : id;
}

static int rp_update(struct store *s, int64_t id, const struct rp_in *in, int64_t now)
{
    return EXEC(s,
                "UPDATE risk_points SET name = CASE WHEN ? = 1 THEN ? ELSE name END, "
                "location = CASE WHEN ? = 1 THEN ? ELSE location END, "
                "category = CASE WHEN ? = 1 THEN ? ELSE category END, "
                "hazard_factors = CASE WHEN ? = 1 THEN ? ELSE hazard_factors END, "
                "possible_accidents = CASE WHEN ? = 1 THEN ? ELSE possible_accidents END, "
                "control_measures_json = CASE WHEN ? = 1 THEN ? ELSE control_measures_json END, "
                "control_level = CASE WHEN ? = 1 THEN ? ELSE control_level END, "
                "responsible_name = CASE WHEN ? = 1 THEN ? ELSE responsible_name END, "
                "patrol_frequency = CASE WHEN ? = 1 THEN ? ELSE patrol_frequency END, "
                "responsible_user_id = CASE WHEN ? = 1 THEN ? ELSE "
                "responsible_user_id END, "
                "checklist_id = CASE WHEN ? = 1 THEN ? ELSE checklist_id END, "
                "pos_x = CASE WHEN ? = 1 THEN ? WHEN ? = 1 THEN NULL "
                "ELSE pos_x END, "
                "pos_y = CASE WHEN ? = 1 THEN ? WHEN ? = 1 THEN NULL "
                "ELSE pos_y END, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                DB_INT(in->has_name), DB_TEXT(in->name), DB_INT(in->has_location),
                DB_TEXT(in->location), DB_INT(in->has_category), DB_TEXT(in->category),
                DB_INT(in->has_hazard_factors), DB_TEXT(in->hazard_factors),
                DB_INT(in->has_possible_accidents), DB_TEXT(in->possible_accidents),
                DB_INT(in->has_control_measures), DB_TEXT(in->control_measures_json),
                DB_INT(in->has_control_level), DB_TEXT(in->control_level),
                DB_INT(in->has_responsible_name), DB_TEXT(in->responsible_name),
                DB_INT(in->has_patrol_frequency), DB_TEXT(in->patrol_frequency),
                DB_INT(in->has_responsible_user_id), DB_ID(in->responsible_user_id),
                DB_INT(in->has_checklist_id), DB_ID(in->checklist_id), DB_INT(in->has_pos),
                DB_DOUBLE(in->pos_x), DB_INT(in->clear_pos), DB_INT(in->has_pos),
                DB_DOUBLE(in->pos_y), DB_INT(in->clear_pos), DB_INT(now), DB_INT(id)) < 0
               ? -1
               : 0;
}

/* store_rp_get with the point's scan address, "qr_url" = qr_prefix +
 * token, as the API shows it (none when qr_prefix is NULL). */
static json_t *rp_view(struct store *s, int64_t id, const char *qr_prefix)
{
    json_t *p = store_rp_get(s, id);
    if (p && qr_prefix) {
        const char *tok = json_string_value(json_object_get(p, "qr_token"));
        json_object_set_new(p, "qr_url", json_sprintf("%s%s", qr_prefix, tok ? tok : ""));
    }
    return p;
}

/* The point's before-image and path; XE_NOT_FOUND when it is gone. */
static json_t *rp_before(struct change *c, int64_t id, const char *qr_prefix, char *path,
                         size_t len)
{
    int found = store_rp_locate(c->s, id, path, len);
    if (found == 0)
        change_fail(c, XE_NOT_FOUND, NULL);
    return found == 1 ? rp_view(c->s, id, qr_prefix) : NULL;
}

/* Audits action on the point with before and its state now (after). */
static int rp_audited(struct change *c, const char *action, int64_t id, const char *path,
                      json_t *before, const char *note, const char *qr_prefix, json_t **after)
{
    json_t *a = rp_view(c->s, id, qr_prefix);
    int rc = !a || change_audit(c, action, "risk_point", id,
                                json_integer_value(json_object_get(before, "org_id")), path,
                                before, a, note);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    return sx_hand(a, after);
}

int store_rp_update(struct change *c, int64_t id, const struct rp_in *in, const char *qr_prefix,
                    json_t **after)
{
    char path[96];
    json_t *before = rp_before(c, id, qr_prefix, path, sizeof(path));
    if (!before)
        return -1;
    if (rp_update(c->s, id, in, c->at)) {
        json_decref(before);
        return -1;
    }
    return rp_audited(c, "update", id, path, before, NULL, qr_prefix, after);
}

int store_rp_delete(struct change *c, int64_t id, const char *qr_prefix)
{
    char path[96];
    json_t *before = rp_before(c, id, qr_prefix, path, sizeof(path));
    if (!before)
        return -1;
    int rc = EXEC(c->s,
                  "UPDATE risk_points SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                  "deleted_at IS NULL",
                  DB_INT(c->at), DB_ID(c->user_id), DB_INT(id)) < 0 ||
                     change_audit(c, "delete", "risk_point", id,
                                  json_integer_value(json_object_get(before, "org_id")), path,
                                  before, NULL, NULL)
                 ? -1
                 : 0;
    json_decref(before);
    return rc;
}

#define RP_COLS                                                                                    \
    "p.id, p.org_id, p.org_path, o.name AS org_name, p.name, p.location, p.category, "             \
    "cat.name_zh AS category_name, p.hazard_factors, p.possible_accidents, "                       \
    "p.control_measures_json, p.control_level, p.responsible_user_id, p.responsible_name, "        \
    "p.patrol_frequency, p.checklist_id, p.level, p.level_rank, p.last_assessment_id, "            \
    "p.assessed_at AS \"assessed_at@\", p.assessed_at AS assessed_ms, p.pos_x, p.pos_y, "          \
    "p.qr_token, p.created_at AS \"created_at@\", p.updated_at AS \"updated_at@\", "              \
    "(SELECT MAX(pr.checked_at) FROM patrol_records pr WHERE pr.risk_point_id = "                  \
    "p.id) AS \"last_patrol_at@\""
#define RP_FROM                                                                                    \
    " FROM risk_points p JOIN orgs o ON o.id = p.org_id LEFT JOIN categories cat ON "              \
    "cat.code = p.category"

static const char *const colour_by_rank[] = {"none", "blue", "yellow", "orange", "red"};

/* Adds colour and position {x,y} (or null) to a point row. */
static void rp_decorate(json_t *p)
{
    int64_t rank = json_integer_value(json_object_get(p, "level_rank"));
    if (rank < 0 || rank > 4) rank = 0;
    json_object_set_new(p, "colour", json_string(colour_by_rank[rank]));
    json_t *x = json_object_get(p, "pos_x"), *y = json_object_get(p, "pos_y");
    if (json_is_number(x) && json_is_number(y))
        json_object_set_new(
            p, "position",
            json_pack("{s:f, s:f}", "x", json_number_value(x), "y", json_number_value(y)));
    else
        json_object_set_new(p, "position", json_null());
    json_object_del(p, "pos_x");
    json_object_del(p, "pos_y");
    /* SPEC §3: re-assessed at least yearly */
    json_t *ms = json_object_get(p, "assessed_ms");
    if (ms || json_object_get(p, "assessed_at")) {
        int64_t at = json_integer_value(ms);
        json_object_set_new(p, "reassessment_due",
                            json_boolean(!at || at < xa_now_ms() - RP_REASSESS_MS));
    }
    json_object_del(p, "assessed_ms");
}

json_t *store_rp_get(struct store *s, int64_t id)
{
    json_t *p =
        OBJ1(s, "SELECT " RP_COLS RP_FROM " WHERE p.id = ? AND p.deleted_at IS NULL", DB_INT(id));
    if (!p) return NULL;
    rp_decorate(p);
    int64_t aid = json_integer_value(json_object_get(p, "last_assessment_id"));
    json_t *a = NULL;
    if (aid) {
        a = OBJ1(s,
                 "SELECT id, method, l, e, c, s, score, level, thresholds_version, hazard_id, "
                 "note, created_at AS \"created_at@\", created_by FROM risk_assessments "
                 "WHERE id = ?",
                 DB_INT(aid));
        if (!a) { /* the row exists (last_assessment_id): NULL is an error */
            json_decref(p);
            return NULL;
        }
    }
    json_object_set_new(p, "last_assessment", a ? a : json_null());
    return p;
}

int store_rp_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM risk_points WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_rp_list(struct store *s, const struct scope *sc, const char *level,
                      const char *category, const char *q, bool due_only, const struct page *pg)
{
    int64_t cutoff = due_only ? xa_now_ms() - RP_REASSESS_MS : 0;
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *lv = level ? level : "", *cat = category ? category : "", *qq = q ? q : "";
    char like[200];
    sx_like(qq, like, sizeof(like));
#define RP_WHERE                                                                                   \
    RP_FROM " WHERE p.deleted_at IS NULL AND " SCOPE_SQL(                                          \
        "p.org_path") " AND (? = '' OR p.level = ?) AND (? = '' OR p.category = ?) AND (? = '' "   \
                      "OR p.name LIKE ? ESCAPE '\\' OR p.location LIKE ? ESCAPE '\\') "            \
                      "AND (? = 0 OR "                                             \
                      "p.assessed_at IS NULL OR p.assessed_at < ?)"
#define RP_PARAMS                                                                                  \
    SCOPE_PARAMS(b), DB_TEXT(lv), DB_TEXT(lv), DB_TEXT(cat), DB_TEXT(cat), DB_TEXT(qq),            \
        DB_TEXT(like), DB_TEXT(like), DB_INT(cutoff), DB_INT(cutoff)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" RP_WHERE, RP_PARAMS) < 0) return NULL;
    json_t *items = ARR(s,
                        "SELECT " RP_COLS RP_WHERE
                        " ORDER BY p.level_rank DESC, p.org_path, p.id LIMIT ? OFFSET ?",
                        RP_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef RP_WHERE
#undef RP_PARAMS
    if (!items) return NULL;
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p) rp_decorate(p);
    return store_page_json(items, total, pg);
}

int store_rp_token_locate(struct store *s, const char *token, int64_t *id)
{
    *id = 0;
    return INT1(s, id, "SELECT id FROM risk_points WHERE qr_token = ? AND deleted_at IS NULL",
                DB_TEXT(token));
}

json_t *store_rp_by_token(struct store *s, const char *token)
{
    json_t *p = OBJ1(s, "SELECT " RP_COLS RP_FROM " WHERE p.qr_token = ? AND p.deleted_at IS NULL",
                     DB_TEXT(token));
    if (!p) return NULL;
    rp_decorate(p);
    int64_t cl = json_integer_value(json_object_get(p, "checklist_id"));
    json_t *items = ARR(s,
                        "SELECT i.id, i.seq, i.content, i.standard, i.method, i.weight FROM "
                        "checklist_items i JOIN checklists c ON c.id = i.checklist_id AND "
                        "c.deleted_at IS NULL WHERE i.checklist_id = ? AND i.deleted_at IS NULL "
                        "ORDER BY i.seq",
                        DB_INT(cl));
    if (!items) {
        json_decref(p);
        return NULL;
    }
    json_object_set_new(p, "items", items);
    return p;
}

static int64_t rp_assess_row(struct store *s, int64_t point_id, const struct rp_assessment *a,
                             int64_t user_id, int64_t now)
{
    const char *lv = grading_level_name(a->level);
    if (!lv) lv = "none";
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO risk_assessments (risk_point_id, org_id, org_path, method, l, e, c, s, "
             "score, level, level_rank, thresholds_version, hazard_id, note, created_at, "
             "created_by) SELECT id, org_id, org_path, ?, ?, "
             "?, ?, "
             "?, ?, ?, ?, "
             "?, ?, ?, ?, ? "
             "FROM risk_points WHERE id = ? AND deleted_at IS NULL RETURNING id",
             DB_TEXT(a->method), a->has_l ? DB_DOUBLE(a->l) : DB_NULL(),
             a->has_e ? DB_DOUBLE(a->e) : DB_NULL(), a->has_c ? DB_DOUBLE(a->c) : DB_NULL(),
             a->has_s ? DB_DOUBLE(a->s_val) : DB_NULL(), DB_DOUBLE(a->score), DB_TEXT(lv),
             DB_INT(a->level), a->thresholds_version ? DB_INT(a->thresholds_version) : DB_NULL(),
             DB_ID(a->hazard_id), DB_TEXT(a->note ? a->note : ""), DB_INT(now), DB_ID(user_id),
             DB_INT(point_id)) != 1)
        return -1;
    if (EXEC(s,
             "UPDATE risk_points SET level = ?, level_rank = ?, last_assessment_id = ?, "
             "assessed_at = ?, updated_at = ? WHERE id = ?",
             DB_TEXT(lv), DB_INT(a->level), DB_INT(id), DB_INT(now), DB_INT(now),
             DB_INT(point_id)) < 0)
        return -1;
    return id;
}

int64_t store_rp_assess(struct change *c, int64_t point_id, const struct rp_assessment *a,
                        const char *qr_prefix, bool *school_control, json_t **after)
{
    char path[96];
    json_t *before = rp_before(c, point_id, qr_prefix, path, sizeof(path));
    if (!before)
        return -1;
    int64_t id = rp_assess_row(c->s, point_id, a, c->user_id, c->at);
    if (id < 0) {
        json_decref(before);
        return -1;
    }
    /* SPEC §3: a major risk is controlled at school level */
    const char *cl = json_string_value(json_object_get(before, "control_level"));
    bool raise = a->level == RISK_MAJOR && cl && strcmp(cl, "school") != 0;
    if (school_control)
        *school_control = raise;
    struct rp_in in = {.has_control_level = true, .control_level = "school"};
    if (raise && rp_update(c->s, point_id, &in, c->at)) {
        json_decref(before);
        return -1;
    }
    return rp_audited(c, "assess", point_id, path, before, a->method, qr_prefix, after) ? -1
                                                                                        : id;
}

json_t *store_rp_assessments(struct store *s, int64_t point_id)
{
    return ARR(s,
               "SELECT a.id, a.method, a.l, a.e, a.c, a.s, a.score, a.level, a.thresholds_version, "
               "a.hazard_id, a.note, a.created_at AS \"created_at@\", a.created_by, "
               "u.name AS created_by_name FROM "
               "risk_assessments a LEFT JOIN users u ON u.id = a.created_by WHERE "
               "a.risk_point_id = ? ORDER BY a.id DESC",
               DB_INT(point_id));
}

int store_risk_point_raise(struct store *s, int64_t point_id, const char *hazard_grade, int64_t now)
{
    if (!hazard_grade || strcmp(hazard_grade, "major") != 0) return 0;
    int64_t rank = 0;
    int rc =
        INT1(s, &rank, "SELECT level_rank FROM risk_points WHERE id = ? AND deleted_at IS NULL",
             DB_INT(point_id));
    if (rc <= 0) return rc;
    if (rank >= RISK_HIGH) return 0;
    struct rp_assessment a = {
        .method = "hazard",
        .level = RISK_HIGH,
        .note = "发现重大隐患，风险等级提升为较大",
    };
    return rp_assess_row(s, point_id, &a, 0, now) < 0 ? -1 : 1;
}

/* ---- four-colour map ---- */

json_t *store_risk_map_school(struct store *s, int64_t org_id)
{
    json_t *pts = ARR(s,
                      "SELECT p.id, p.name, p.location, p.category, p.level, p.level_rank, "
                      "p.pos_x, p.pos_y FROM risk_points p WHERE p.org_id = ? AND "
                      "p.deleted_at IS NULL ORDER BY p.level_rank DESC, p.id",
                      DB_INT(org_id));
    if (!pts) return NULL;
    int64_t counts[5] = {0};
    int64_t highest = 0;
    size_t i;
    json_t *p;
    json_array_foreach(pts, i, p)
    {
        int64_t rank = json_integer_value(json_object_get(p, "level_rank"));
        if (rank >= 0 && rank <= 4) counts[rank]++;
        if (rank > highest) highest = rank;
        rp_decorate(p);
    }
    int64_t plan_photo = 0;
    if (store_campus_plan_photo(s, org_id, &plan_photo) < 0) {
        json_decref(pts);
        return NULL;
    }
    json_t *c = json_pack("{s:I, s:I, s:I, s:I, s:I}", "none", (json_int_t)counts[0], "low",
                          (json_int_t)counts[1], "general", (json_int_t)counts[2], "high",
                          (json_int_t)counts[3], "major", (json_int_t)counts[4]);
    json_t *res = json_pack("{s:s, s:I, s:o, s:s, s:s, s:o, s:o}", "kind", "school", "org_id",
                            (json_int_t)org_id, "plan_photo_id",
                            plan_photo ? json_integer(plan_photo) : json_null(), "highest_level",
                            grading_level_name((enum risk_level)highest), "colour",
                            colour_by_rank[highest], "counts", c, "points", pts);
    return res;
}

/* Adds level/colour names and a counts object to an aggregate row. */
static void agg_decorate(json_t *o)
{
    int64_t highest = json_integer_value(json_object_get(o, "highest_rank"));
    if (highest < 0 || highest > 4) highest = 0;
    json_object_set_new(o, "highest_level",
                        json_string(grading_level_name((enum risk_level)highest)));
    json_object_set_new(o, "colour", json_string(colour_by_rank[highest]));
    static const char *const names[] = {"none", "low", "general", "high", "major"};
    json_t *c = json_object();
    for (int i = 0; i < 5; i++) {
        char key[16];
        snprintf(key, sizeof(key), "n_%s", names[i]);
        json_object_set_new(c, names[i], json_integer(json_integer_value(json_object_get(o, key))));
        json_object_del(o, key);
    }
    json_object_set_new(o, "counts", c);
}

#define AGG_COLS                                                                                   \
    "COALESCE(MAX(p.level_rank), 0) AS highest_rank, "                                             \
    "COALESCE(SUM(CASE WHEN p.level_rank = 0 THEN 1 ELSE 0 END), 0) AS n_none, "                   \
    "COALESCE(SUM(CASE WHEN p.level_rank = 1 THEN 1 ELSE 0 END), 0) AS n_low, "                    \
    "COALESCE(SUM(CASE WHEN p.level_rank = 2 THEN 1 ELSE 0 END), 0) AS n_general, "                \
    "COALESCE(SUM(CASE WHEN p.level_rank = 3 THEN 1 ELSE 0 END), 0) AS n_high, "                   \
    "COALESCE(SUM(CASE WHEN p.level_rank = 4 THEN 1 ELSE 0 END), 0) AS n_major"

json_t *store_risk_map_region(struct store *s, int64_t org_id, const char *path)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    json_t *children = ARR(s,
                           "SELECT c.id, c.name, c.kind, c.school_type, " AGG_COLS
                           " FROM orgs c LEFT JOIN risk_points p ON p.deleted_at IS NULL AND "
                           "p.org_path >= c.path AND p.org_path < substr(c.path, 1, "
                           "length(c.path) - 1) || '0' WHERE c.parent_id = ? AND "
                           "c.deleted_at IS NULL GROUP BY c.id, c.name, c.kind, c.school_type "
                           "ORDER BY c.kind, c.name",
                           DB_INT(org_id));
    if (!children) return NULL;
    json_t *schools = ARR(s,
                          "SELECT c.id, c.name, c.school_type, c.parent_id, " AGG_COLS
                          " FROM orgs c LEFT JOIN risk_points p ON p.org_id = c.id AND "
                          "p.deleted_at IS NULL WHERE c.kind = 'school' AND c.deleted_at IS NULL "
                          "AND c.path >= ? AND c.path < ? GROUP BY c.id, c.name, c.school_type, "
                          "c.parent_id ORDER BY c.path LIMIT 5000",
                          DB_TEXT(lo), DB_TEXT(hi));
    if (!schools) {
        json_decref(children);
        return NULL;
    }
    size_t i;
    json_t *o;
    int64_t highest = 0;
    int64_t totals[5] = {0};
    json_array_foreach(children, i, o) agg_decorate(o);
    json_array_foreach(schools, i, o) agg_decorate(o);
    json_array_foreach(schools, i, o)
    {
        json_t *c = json_object_get(o, "counts");
        static const char *const names[] = {"none", "low", "general", "high", "major"};
        for (int k = 0; k < 5; k++) {
            int64_t n = json_integer_value(json_object_get(c, names[k]));
            totals[k] += n;
            if (n && k > highest) highest = k;
        }
    }
    return json_pack(
        "{s:s, s:I, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I}, s:o, s:o}", "kind", "region", "org_id",
        (json_int_t)org_id, "highest_level", grading_level_name((enum risk_level)highest), "colour",
        colour_by_rank[highest], "counts", "none", (json_int_t)totals[0], "low",
        (json_int_t)totals[1], "general", (json_int_t)totals[2], "high", (json_int_t)totals[3],
        "major", (json_int_t)totals[4], "children", children, "schools", schools);
}
