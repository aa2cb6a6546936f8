/*
 * resp.c - the responsibility system's storage: list templates, org lists
 * and their holders, yearly letters, campus grid zones (store_resp.h).
 */
#include "core/compat.h"
#include "domain/grading.h"
#include "store/store_int.h"
#include "store/store_work.h"
#include "store/store_resp.h"

/* ---- shared helpers ---- */

/* Hands v to the caller through out (or drops it); -1 when v is NULL. */
/* Records action on entity id with before (stolen) and after (handed to
 * *out); a deletion answers {id, deleted: true}. */
static int audited(struct change *c, const char *action, const char *entity, int64_t id,
                   const char *path, json_t *before, json_t *after, const char *note,
                   json_t **out)
{
    int64_t org = json_integer_value(json_object_get(before ? before : after, "org_id"));
    int rc = change_audit(c, action, entity, id, org, path, before, after, note);
    json_decref(before);
    if (rc) {
        json_decref(after);
        return -1;
    }
    if (!after)
        after = json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1);
    return sx_hand(after, out);
}

/* Appends items[] of (template or list) id in order. */
static int insert_items(struct store *s, bool tpl, int64_t id, const char *const *items,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t rc = tpl ? EXEC(s,
                                "INSERT INTO resp_template_items (template_id, seq, content) "
                                "VALUES (?, ?, ?)",
                                DB_INT(id), DB_INT((int64_t)i + 1), DB_TEXT(items[i]))
                         : EXEC(s,
                                "INSERT INTO resp_list_items (list_id, seq, content) "
                                "VALUES (?, ?, ?)",
                                DB_INT(id), DB_INT((int64_t)i + 1), DB_TEXT(items[i]));
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Soft-deletes the live items of id and appends the new ones. */
static int replace_items(struct store *s, bool tpl, int64_t id, const char *const *items,
                         size_t n, int64_t now)
{
    int64_t rc = tpl ? EXEC(s,
                            "UPDATE resp_template_items SET deleted_at = ? WHERE template_id = ? "
                            "AND deleted_at IS NULL",
                            DB_INT(now), DB_INT(id))
                     : EXEC(s,
                            "UPDATE resp_list_items SET deleted_at = ? WHERE list_id = ? AND "
                            "deleted_at IS NULL",
                            DB_INT(now), DB_INT(id));
    if (rc < 0)
        return -1;
    return insert_items(s, tpl, id, items, n);
}

/* Sets o[key] (stolen v) unless v is NULL; frees o and returns NULL then. */
static json_t *attach(json_t *o, const char *key, json_t *v)
{
    if (!o)
        return NULL;
    if (!v) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, key, v);
    return o;
}

/* Runs fill on every element of a page's items; NULL (page freed) on error. */
static json_t *fill_page(struct store *s, json_t *items, int64_t total, const struct page *pg,
                         json_t *(*fill)(struct store *, json_t *))
{
    items = sx_fill_each(s, items, fill);
    return items ? store_page_json(items, total, pg) : NULL;
}

/* ---- templates ---- */

#define RTPL_COLS                                                                                  \
    "t.id, t.org_id, o.name AS org_name, t.kind, t.target, t.name, t.description, "               \
    "t.created_at AS \"created_at@\", t.updated_at AS \"updated_at@\""

int64_t store_rtpl_create(struct change *c, int64_t org_id, const char *org_path,
                          const char *kind, const char *target, const char *name,
                          const char *description, const char *const *items, size_t n,
                          json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO resp_templates (org_id, org_path, kind, target, name, description, "
             "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(kind), DB_TEXT(target), DB_TEXT(name),
             DB_TEXT(description ? description : ""), DB_INT(now), DB_ID(user_id),
             DB_INT(now)) != 1)
        return -1;
    if (insert_items(s, true, id, items, n))
        return -1;
    json_t *a = store_rtpl_get(s, id);
    if (!a)
        return -1;
    return audited(c, "create", "resp_template", id, org_path, NULL, a, NULL, after) ? -1 : id;
}

int store_rtpl_update(struct change *c, int64_t id, const char *name, const char *description,
                      bool has_items, const char *const *items, size_t n, bool deleted,
                      json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char path[96];
    int found = store_rtpl_locate(s, id, path, sizeof(path));
    if (found <= 0)
        return found < 0 ? -1 : change_fail(c, XE_NOT_FOUND, NULL);
    json_t *before = store_rtpl_get(s, id);
    if (!before)
        return -1;
    if (EXEC(s,
             "UPDATE resp_templates SET name = COALESCE(?, name), "
             "description = COALESCE(?, description), updated_at = ?, "
             "deleted_at = CASE WHEN ? = 1 THEN ? ELSE deleted_at END, "
             "deleted_by = CASE WHEN ? = 1 THEN ? ELSE deleted_by END "
             "WHERE id = ? AND deleted_at IS NULL",
             name ? DB_TEXT(name) : DB_NULL(), description ? DB_TEXT(description) : DB_NULL(),
             DB_INT(now), DB_INT(deleted), DB_INT(now), DB_INT(deleted), DB_ID(user_id),
             DB_INT(id)) < 0 ||
        (has_items && replace_items(s, true, id, items, n, now))) {
        json_decref(before);
        return -1;
    }
    json_t *a = deleted ? NULL : store_rtpl_get(s, id);
    if (!deleted && !a) {
        json_decref(before);
        return -1;
    }
    return audited(c, deleted ? "delete" : "update", "resp_template", id, path, before, a, NULL,
                   after);
}

static json_t *rtpl_fill(struct store *s, json_t *o)
{
    return attach(o, "items",
                  ARR(s,
                      "SELECT id, seq, content FROM resp_template_items WHERE template_id = ? "
                      "AND deleted_at IS NULL ORDER BY seq",
                      DB_INT(json_integer_value(json_object_get(o, "id")))));
}

json_t *store_rtpl_get(struct store *s, int64_t id)
{
    json_t *o = OBJ1(s,
                     "SELECT " RTPL_COLS " FROM resp_templates t JOIN orgs o ON o.id = t.org_id "
                     "WHERE t.id = ? AND t.deleted_at IS NULL",
                     DB_INT(id));
    return o ? rtpl_fill(s, o) : NULL;
}

int store_rtpl_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM resp_templates WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_rtpl_list(struct store *s, const struct scope *sc, const char *kind,
                        const char *target, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *k = kind ? kind : "", *tg = target ? target : "";
    /* in the scope, or an ancestor of one of its roots (a bureau's
     * templates are visible to the orgs below it) */
#define RTPL_WHERE                                                                                 \
    " FROM resp_templates t JOIN orgs o ON o.id = t.org_id WHERE t.deleted_at IS NULL AND "        \
    "(" SCOPE_SQL("t.org_path") " OR substr(?, 1, length(t.org_path)) = t.org_path " \
                                "OR substr(?, 1, length(t.org_path)) = t.org_path " \
                                "OR substr(?, 1, length(t.org_path)) = t.org_path " \
                                "OR substr(?, 1, length(t.org_path)) = t.org_path) " \
                                "AND (? = '' OR t.kind = ?) AND (? = '' OR t.target = ?)"
#define RTPL_PARAMS                                                                                \
    SCOPE_PARAMS(b), DB_TEXT(b.lo[0]), DB_TEXT(b.lo[1]), DB_TEXT(b.lo[2]), DB_TEXT(b.lo[3]),       \
        DB_TEXT(k), DB_TEXT(k), DB_TEXT(tg), DB_TEXT(tg)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" RTPL_WHERE, RTPL_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " RTPL_COLS RTPL_WHERE
                        " ORDER BY t.kind, t.target, t.id LIMIT ? OFFSET ?",
                        RTPL_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef RTPL_WHERE
#undef RTPL_PARAMS
    return fill_page(s, items, total, pg, rtpl_fill);
}

/* ---- org lists ---- */

#define RLIST_COLS                                                                                 \
    "l.id, l.org_id, o.name AS org_name, o.kind AS org_kind, l.template_id, "                     \
    "t.name AS template_name, l.kind, l.target, l.name, l.created_at AS \"created_at@\", "       \
    "l.updated_at AS \"updated_at@\""
#define RLIST_FROM                                                                                 \
    " FROM resp_lists l JOIN orgs o ON o.id = l.org_id LEFT JOIN resp_templates t ON "            \
    "t.id = l.template_id"

static int rlist_set_holders(struct store *s, int64_t id, const int64_t *user_ids, size_t n);

int64_t store_rlist_create(struct change *c, int64_t org_id, const char *org_path,
                           int64_t template_id, const char *kind, const char *target,
                           const char *name, const char *const *items, size_t n,
                           const int64_t *holders, size_t nh, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char tkind[16] = "", ttarget[64] = "", tname[256] = "";
    if (template_id) {
        struct db_stmt *st = Q(s,
                               "SELECT kind, target, name FROM resp_templates WHERE id = ? AND "
                               "deleted_at IS NULL AND substr(?, 1, "
                               "length(org_path)) = org_path",
                               DB_INT(template_id), DB_TEXT(org_path));
        if (!st)
            return -1;
        int rc = s->drv->step(st);
        if (rc == 1) {
            snprintf(tkind, sizeof(tkind), "%s", s->drv->col_text(st, 0));
            snprintf(ttarget, sizeof(ttarget), "%s", s->drv->col_text(st, 1));
            snprintf(tname, sizeof(tname), "%s", s->drv->col_text(st, 2));
        }
        s->drv->finish(st);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return change_fail(c, XE_RESP_TEMPLATE_NOT_FOUND, "template_id");
        kind = tkind;
        target = ttarget;
        if (!name)
            name = tname;
    }
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO resp_lists (org_id, org_path, template_id, kind, target, name, "
             "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_ID(template_id), DB_TEXT(kind),
             DB_TEXT(target), DB_TEXT(name), DB_INT(now), DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    if (template_id) {
        if (EXEC(s,
                 "INSERT INTO resp_list_items (list_id, seq, content) SELECT ?, "
                 "seq, content FROM resp_template_items WHERE template_id = ? AND deleted_at IS "
                 "NULL ORDER BY seq",
                 DB_INT(id), DB_INT(template_id)) < 0)
            return -1;
    } else if (insert_items(s, false, id, items, n)) {
        return -1;
    }
    if (rlist_set_holders(s, id, holders, nh))
        return -1;
    json_t *a = store_rlist_get(s, id);
    if (!a)
        return -1;
    return audited(c, "create", "resp_list", id, org_path, NULL, a, NULL, after) ? -1 : id;
}

int store_rlist_update(struct change *c, int64_t id, const char *name, bool has_items,
                       const char *const *items, size_t n, bool has_holders,
                       const int64_t *holders, size_t nh, bool deleted, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char path[96];
    int found = store_rlist_locate(s, id, path, sizeof(path));
    if (found <= 0)
        return found < 0 ? -1 : change_fail(c, XE_NOT_FOUND, NULL);
    json_t *before = store_rlist_get(s, id);
    if (!before)
        return -1;
    if (EXEC(s,
             "UPDATE resp_lists SET name = COALESCE(?, name), updated_at = ?, "
             "deleted_at = CASE WHEN ? = 1 THEN ? ELSE deleted_at END, "
             "deleted_by = CASE WHEN ? = 1 THEN ? ELSE deleted_by END "
             "WHERE id = ? AND deleted_at IS NULL",
             name ? DB_TEXT(name) : DB_NULL(), DB_INT(now), DB_INT(deleted), DB_INT(now),
             DB_INT(deleted), DB_ID(user_id), DB_INT(id)) < 0 ||
        (has_items && replace_items(s, false, id, items, n, now)) ||
        (has_holders && rlist_set_holders(s, id, holders, nh))) {
        json_decref(before);
        return -1;
    }
    json_t *a = deleted ? NULL : store_rlist_get(s, id);
    if (!deleted && !a) {
        json_decref(before);
        return -1;
    }
    return audited(c, deleted ? "delete" : "update", "resp_list", id, path, before, a, NULL,
                   after);
}

static int rlist_set_holders(struct store *s, int64_t id, const int64_t *user_ids, size_t n)
{
    if (EXEC(s, "DELETE FROM resp_list_holders WHERE list_id = ?", DB_INT(id)) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (EXEC(s, "INSERT INTO resp_list_holders (list_id, user_id) VALUES (?, ?)", DB_INT(id),
                 DB_INT(user_ids[i])) < 0)
            return -1;
    return 0;
}

static json_t *rlist_fill(struct store *s, json_t *o)
{
    int64_t id = json_integer_value(json_object_get(o, "id"));
    o = attach(o, "items",
               ARR(s,
                   "SELECT id, seq, content FROM resp_list_items WHERE list_id = ? AND "
                   "deleted_at IS NULL ORDER BY seq",
                   DB_INT(id)));
    return attach(o, "holders",
                  ARR(s,
                      "SELECT u.id, u.name, u.username FROM resp_list_holders h JOIN users u ON "
                      "u.id = h.user_id WHERE h.list_id = ? ORDER BY u.id",
                      DB_INT(id)));
}

json_t *store_rlist_get(struct store *s, int64_t id)
{
    json_t *o = OBJ1(s, "SELECT " RLIST_COLS RLIST_FROM " WHERE l.id = ? AND l.deleted_at IS NULL",
                     DB_INT(id));
    return o ? rlist_fill(s, o) : NULL;
}

int store_rlist_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM resp_lists WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_rlist_list(struct store *s, const struct scope *sc, const char *kind,
                         const char *target, int64_t holder_id, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *k = kind ? kind : "", *tg = target ? target : "";
#define RLIST_WHERE                                                                                \
    RLIST_FROM " WHERE l.deleted_at IS NULL AND " SCOPE_SQL(                                       \
        "l.org_path") " AND (? = '' OR l.kind = ?) AND (? = '' OR l.target = ?) AND (? = 0 OR "    \
                      "EXISTS (SELECT 1 FROM resp_list_holders h WHERE h.list_id = l.id AND "      \
                      "h.user_id = ?))"
#define RLIST_PARAMS                                                                               \
    SCOPE_PARAMS(b), DB_TEXT(k), DB_TEXT(k), DB_TEXT(tg), DB_TEXT(tg), DB_INT(holder_id),          \
        DB_INT(holder_id)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" RLIST_WHERE, RLIST_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " RLIST_COLS RLIST_WHERE
                        " ORDER BY l.org_path, l.kind, l.target, l.id LIMIT ? OFFSET ?",
                        RLIST_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef RLIST_WHERE
#undef RLIST_PARAMS
    return fill_page(s, items, total, pg, rlist_fill);
}

/* ---- people ---- */

int store_resp_user(struct store *s, int64_t id, int64_t *org_id, char *path, size_t plen,
                    char *name, size_t nlen)
{
    struct db_stmt *st = Q(s,
                           "SELECT org_id, org_path, name FROM users WHERE id = ? AND "
                           "deleted_at IS NULL AND active = 1",
                           DB_INT(id));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *org_id = s->drv->col_int(st, 0);
        snprintf(path, plen, "%s", s->drv->col_text(st, 1));
        if (name)
            snprintf(name, nlen, "%s", s->drv->col_text(st, 2));
    }
    s->drv->finish(st);
    return rc;
}

/* ---- letters ---- */

#define LETTER_COLS                                                                                \
    "l.id, l.year, l.issuer_org_id, io.name AS issuer_name, l.user_id, u.name AS user_name, "     \
    "l.org_id, o.name AS org_name, l.list_id, rl.name AS list_name, l.title, l.content, "         \
    "l.status, l.issued_at AS \"issued_at@\", l.issued_by, l.signed_at AS \"signed_at@\", "        \
    "l.sign_note"
#define LETTER_FROM                                                                                \
    " FROM resp_letters l JOIN orgs io ON io.id = l.issuer_org_id JOIN users u ON "               \
    "u.id = l.user_id JOIN orgs o ON o.id = l.org_id LEFT JOIN resp_lists rl ON rl.id = l.list_id"

int64_t store_letter_create(struct change *c, const struct letter_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, issued_by = c->user_id;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO resp_letters (year, issuer_org_id, issuer_path, user_id, org_id, "
             "org_path, list_id, title, content, status, issued_at, issued_by) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
             DB_INT(in->year), DB_INT(in->issuer_org_id), DB_TEXT(in->issuer_path),
             DB_INT(in->user_id), DB_INT(in->org_id), DB_TEXT(in->org_path), DB_ID(in->list_id),
             DB_TEXT(in->title), DB_TEXT(in->content ? in->content : ""), DB_INT(now),
             DB_ID(issued_by)) != 1)
        return -1;
    if (store_work_letter_issued(s, id, now) < 0)
        return -1;
    json_t *a = store_letter_get(s, id);
    if (!a)
        return -1;
    return audited(c, "issue", "resp_letter", id, in->org_path, NULL, a, NULL, after) ? -1 : id;
}

int store_letter_find(struct store *s, int64_t user_id, int year, int64_t *id)
{
    return INT1(s, id,
                "SELECT id FROM resp_letters WHERE user_id = ? AND year = ? AND deleted_at IS NULL",
                DB_INT(user_id), DB_INT(year));
}

json_t *store_letter_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " LETTER_COLS LETTER_FROM " WHERE l.id = ? AND l.deleted_at IS NULL",
                DB_INT(id));
}

int store_letter_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM resp_letters WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

int store_letter_issuer_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT issuer_path FROM resp_letters WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

/* A letter's before-image and the path its rows are filed under (the
 * addressee's, or with issuer the issuing org's). */
static json_t *letter_before(struct change *c, int64_t id, bool issuer, char *path, size_t len)
{
    int found = issuer ? store_letter_issuer_locate(c->s, id, path, len)
                       : store_letter_locate(c->s, id, path, len);
    if (found == 0)
        change_fail(c, XE_NOT_FOUND, NULL);
    return found == 1 ? store_letter_get(c->s, id) : NULL;
}

int store_letter_sign(struct change *c, int64_t id, const char *note, json_t **after)
{
    char path[96];
    json_t *before = letter_before(c, id, false, path, sizeof(path));
    if (!before)
        return -1;
    if (json_integer_value(json_object_get(before, "user_id")) != c->user_id) {
        json_decref(before);
        return change_fail(c, XE_LETTER_NOT_ADDRESSEE, NULL);
    }
    int64_t n = EXEC(c->s,
                     "UPDATE resp_letters SET status = 'signed', signed_at = ?, sign_note = ? "
                     "WHERE id = ? AND status = 'pending' AND deleted_at IS NULL",
                     DB_INT(c->at), DB_TEXT(note ? note : ""), DB_INT(id));
    json_t *a = n > 0 ? store_letter_get(c->s, id) : NULL;
    if (!a) {
        json_decref(before);
        return n == 0 ? change_fail(c, XE_LETTER_SIGNED, "status") : -1;
    }
    return audited(c, "sign", "resp_letter", id, path, before, a, NULL, after);
}

int store_letter_withdraw(struct change *c, int64_t id)
{
    char path[96];
    json_t *before = letter_before(c, id, true, path, sizeof(path));
    if (!before)
        return -1;
    int64_t n = EXEC(c->s,
                     "UPDATE resp_letters SET deleted_at = ?, deleted_by = ? "
                     "WHERE id = ? AND status = 'pending' AND deleted_at IS NULL",
                     DB_INT(c->at), DB_ID(c->user_id), DB_INT(id));
    if (n <= 0) {
        json_decref(before);
        return n == 0 ? change_fail(c, XE_LETTER_SIGNED_KEPT, "status") : -1;
    }
    return audited(c, "delete", "resp_letter", id, path, before, NULL, "withdrawn", NULL);
}

json_t *store_letter_list(struct store *s, const struct scope *sc, int year, const char *status,
                          int64_t issuer_org_id, int64_t user_id, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *st = status ? status : "";
#define LETTER_WHERE                                                                               \
    LETTER_FROM " WHERE l.deleted_at IS NULL AND " SCOPE_SQL(                                      \
        "l.org_path") " AND (? = 0 OR l.year = ?) AND (? = '' OR l.status = ?) AND (? = 0 OR "     \
                      "l.issuer_org_id = ?) AND (? = 0 OR l.user_id = ?)"
#define LETTER_PARAMS                                                                              \
    SCOPE_PARAMS(b), DB_INT(year), DB_INT(year), DB_TEXT(st), DB_TEXT(st), DB_INT(issuer_org_id),  \
        DB_INT(issuer_org_id), DB_INT(user_id), DB_INT(user_id)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" LETTER_WHERE, LETTER_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " LETTER_COLS LETTER_WHERE
                        " ORDER BY l.year DESC, l.org_path, l.id LIMIT ? OFFSET ?",
                        LETTER_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef LETTER_WHERE
#undef LETTER_PARAMS
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

json_t *store_letter_progress(struct store *s, const struct scope *sc, int year,
                              int64_t issuer_org_id)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define PROG_WHERE                                                                                 \
    " WHERE l.deleted_at IS NULL AND l.year = ? AND (? = 0 OR l.issuer_org_id = ?) AND "          \
    SCOPE_SQL("l.org_path")
#define PROG_PARAMS DB_INT(year), DB_INT(issuer_org_id), DB_INT(issuer_org_id), SCOPE_PARAMS(b)
    json_t *o = OBJ1(s,
                     "SELECT COUNT(*) AS total, CAST(COALESCE(SUM(CASE WHEN l.status = 'signed' "
                     "THEN 1 ELSE 0 END), 0) AS BIGINT) AS signed FROM resp_letters l" PROG_WHERE,
                     PROG_PARAMS);
    if (!o)
        return NULL;
    json_object_set_new(o, "pending",
                        json_integer(json_integer_value(json_object_get(o, "total")) -
                                     json_integer_value(json_object_get(o, "signed"))));
    o = attach(o, "by_org",
               ARR(s,
                   "SELECT l.org_id, o.name AS org_name, o.kind AS org_kind, COUNT(*) AS total, "
                   "CAST(SUM(CASE WHEN l.status = 'signed' THEN 1 ELSE 0 END) AS BIGINT) AS signed, "
                   "CAST(SUM(CASE WHEN l.status = 'pending' THEN 1 ELSE 0 END) AS BIGINT) AS "
                   "pending "
                   "FROM resp_letters l JOIN orgs o ON o.id = l.org_id" PROG_WHERE
                   " GROUP BY l.org_id, o.name, o.kind, o.path ORDER BY o.path",
                   PROG_PARAMS));
    o = attach(o, "unsigned",
               ARR(s,
                   "SELECT l.id, l.user_id, u.name AS user_name, l.org_id, o.name AS org_name, "
                   "l.title, l.issued_at AS \"issued_at@\" FROM resp_letters l JOIN users u ON "
                   "u.id = l.user_id "
                   "JOIN orgs o ON o.id = l.org_id" PROG_WHERE
                   " AND l.status = 'pending' ORDER BY l.issued_at, l.id LIMIT 500",
                   PROG_PARAMS));
#undef PROG_WHERE
#undef PROG_PARAMS
    return o;
}

/* ---- grid zones ---- */

#define ZONE_COLS                                                                                  \
    "z.id, z.org_id, o.name AS org_name, z.name, z.description, z.responsible_user_id, "          \
    "u.name AS responsible_name, z.patrol_frequency, z.patrol_plan_id, p.name AS "                \
    "patrol_plan_name, z.created_at AS \"created_at@\", z.updated_at AS \"updated_at@\""
#define ZONE_FROM                                                                                  \
    " FROM grid_zones z JOIN orgs o ON o.id = z.org_id JOIN users u ON u.id = "                   \
    "z.responsible_user_id LEFT JOIN patrol_plans p ON p.id = z.patrol_plan_id"

static int zone_set_points(struct change *c, int64_t id, const int64_t *rp_ids, size_t n);

int64_t store_zone_create(struct change *c, int64_t org_id, const char *org_path,
                          const struct zone_in *in, const int64_t *pts, size_t np,
                          json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO grid_zones (org_id, org_path, name, description, responsible_user_id, "
             "patrol_frequency, patrol_plan_id, created_at, created_by, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(in->name),
             DB_TEXT(in->description ? in->description : ""), DB_INT(in->responsible_user_id),
             DB_TEXT(in->patrol_frequency ? in->patrol_frequency : ""), DB_ID(in->patrol_plan_id),
             DB_INT(now), DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    if (zone_set_points(c, id, pts, np))
        return -1;
    json_t *a = store_zone_get(s, id);
    if (!a)
        return -1;
    return audited(c, "create", "grid_zone", id, org_path, NULL, a, NULL, after) ? -1 : id;
}

/* The zone's before-image and path; XE_NOT_FOUND when it is gone. */
static json_t *zone_before(struct change *c, int64_t id, char *path, size_t len)
{
    int found = store_zone_locate(c->s, id, path, len);
    if (found == 0)
        change_fail(c, XE_NOT_FOUND, NULL);
    return found == 1 ? store_zone_get(c->s, id) : NULL;
}

int store_zone_update(struct change *c, int64_t id, const struct zone_in *in, bool has_pts,
                      const int64_t *pts, size_t np, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    char path[96];
    json_t *before = zone_before(c, id, path, sizeof(path));
    if (!before)
        return -1;
    if (EXEC(s,
                "UPDATE grid_zones SET name = CASE WHEN ? = 1 THEN ? ELSE name END, "
                "description = CASE WHEN ? = 1 THEN ? ELSE description END, "
                "responsible_user_id = CASE WHEN ? = 1 THEN ? ELSE responsible_user_id END, "
                "patrol_frequency = CASE WHEN ? = 1 THEN ? ELSE patrol_frequency END, "
                "patrol_plan_id = CASE WHEN ? = 1 THEN ? ELSE patrol_plan_id END, "
                "updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                DB_INT(in->has_name), DB_TEXT(in->name ? in->name : ""),
                DB_INT(in->has_description), DB_TEXT(in->description ? in->description : ""),
                DB_INT(in->has_responsible), DB_INT(in->responsible_user_id),
                DB_INT(in->has_patrol_frequency),
                DB_TEXT(in->patrol_frequency ? in->patrol_frequency : ""),
                DB_INT(in->has_patrol_plan), DB_ID(in->patrol_plan_id), DB_INT(now),
                DB_INT(id)) < 0 ||
        (has_pts && zone_set_points(c, id, pts, np))) {
        json_decref(before);
        return -1;
    }
    json_t *a = store_zone_get(s, id);
    if (!a) {
        json_decref(before);
        return -1;
    }
    return audited(c, "update", "grid_zone", id, path, before, a, NULL, after);
}

int store_zone_delete(struct change *c, int64_t id)
{
    char path[96];
    json_t *before = zone_before(c, id, path, sizeof(path));
    if (!before)
        return -1;
    /* the points are freed for other zones; the audit keeps the old set */
    if (EXEC(c->s, "DELETE FROM grid_zone_points WHERE zone_id = ?", DB_INT(id)) < 0 ||
        EXEC(c->s,
             "UPDATE grid_zones SET deleted_at = ?, deleted_by = ?, updated_at = ? "
             "WHERE id = ? AND deleted_at IS NULL",
             DB_INT(c->at), DB_ID(c->user_id), DB_INT(c->at), DB_INT(id)) < 0) {
        json_decref(before);
        return -1;
    }
    return audited(c, "delete", "grid_zone", id, path, before, NULL, NULL, NULL);
}

/* Replaces the zone's points; a point held by another zone (a unique
 * violation) is XE_ZONE_POINT_TAKEN. */
static int zone_set_points(struct change *c, int64_t id, const int64_t *rp_ids, size_t n)
{
    struct store *s = c->s;
    if (EXEC(s, "DELETE FROM grid_zone_points WHERE zone_id = ?", DB_INT(id)) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (EXEC(s, "INSERT INTO grid_zone_points (zone_id, risk_point_id) VALUES (?, ?)",
                 DB_INT(id), DB_INT(rp_ids[i])) < 0)
            return store_errclass(s) == DB_ERR_UNIQUE
                       ? change_fail(c, XE_ZONE_POINT_TAKEN, "risk_point_ids")
                       : -1;
    return 0;
}

static json_t *zone_fill(struct store *s, json_t *o)
{
    json_t *pts = ARR(s,
                      "SELECT rp.id, rp.name, rp.location, rp.category, rp.level, rp.level_rank "
                      "FROM grid_zone_points zp JOIN risk_points rp ON rp.id = zp.risk_point_id "
                      "WHERE zp.zone_id = ? AND rp.deleted_at IS NULL "
                      "ORDER BY rp.level_rank DESC, rp.id",
                      DB_INT(json_integer_value(json_object_get(o, "id"))));
    if (!pts) {
        json_decref(o);
        return NULL;
    }
    int64_t max = 0;
    size_t i;
    json_t *p;
    json_array_foreach(pts, i, p)
    {
        int64_t r = json_integer_value(json_object_get(p, "level_rank"));
        if (r > max)
            max = r;
    }
    const char *name = grading_level_name((enum risk_level)max);
    const char *colour = grading_level_colour((enum risk_level)max);
    json_object_set_new(o, "point_count", json_integer((json_int_t)json_array_size(pts)));
    json_object_set_new(o, "max_level_rank", json_integer(max));
    json_object_set_new(o, "max_level", json_string(name ? name : "none"));
    json_object_set_new(o, "max_colour", json_string(colour ? colour : "none"));
    json_object_set_new(o, "points", pts);
    return o;
}

json_t *store_zone_get(struct store *s, int64_t id)
{
    json_t *o = OBJ1(s, "SELECT " ZONE_COLS ZONE_FROM " WHERE z.id = ? AND z.deleted_at IS NULL",
                     DB_INT(id));
    return o ? zone_fill(s, o) : NULL;
}

int store_zone_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM grid_zones WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_zone_list(struct store *s, const struct scope *sc, int64_t responsible_user_id,
                        const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define ZONE_WHERE                                                                                 \
    ZONE_FROM " WHERE z.deleted_at IS NULL AND " SCOPE_SQL(                                        \
        "z.org_path") " AND (? = 0 OR z.responsible_user_id = ?)"
#define ZONE_PARAMS SCOPE_PARAMS(b), DB_INT(responsible_user_id), DB_INT(responsible_user_id)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" ZONE_WHERE, ZONE_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " ZONE_COLS ZONE_WHERE " ORDER BY z.org_path, z.name, z.id "
                        "LIMIT ? OFFSET ?",
                        ZONE_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef ZONE_WHERE
#undef ZONE_PARAMS
    return fill_page(s, items, total, pg, zone_fill);
}

int store_zone_rp_org(struct store *s, int64_t rp_id, int64_t *org_id)
{
    return INT1(s, org_id, "SELECT org_id FROM risk_points WHERE id = ? AND deleted_at IS NULL",
                DB_INT(rp_id));
}

int store_zone_of_point(struct store *s, int64_t rp_id, int64_t except_zone, int64_t *zone_id)
{
    return INT1(s, zone_id,
                "SELECT zp.zone_id FROM grid_zone_points zp JOIN grid_zones z ON z.id = "
                "zp.zone_id WHERE zp.risk_point_id = ? AND zp.zone_id <> ? AND z.deleted_at IS "
                "NULL",
                DB_INT(rp_id), DB_INT(except_zone));
}

int store_zone_plan_org(struct store *s, int64_t plan_id, int64_t *org_id)
{
    return INT1(s, org_id, "SELECT org_id FROM patrol_plans WHERE id = ? AND deleted_at IS NULL",
                DB_INT(plan_id));
}

json_t *store_zone_free_points(struct store *s, int64_t org_id)
{
    return ARR(s,
               "SELECT rp.id, rp.name, rp.category, rp.level_rank FROM risk_points rp WHERE "
               "rp.org_id = ? AND rp.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
               "grid_zone_points zp WHERE zp.risk_point_id = rp.id) ORDER BY rp.id",
               DB_INT(org_id));
}

json_t *store_zone_plans(struct store *s, int64_t org_id)
{
    return ARR(s,
               "SELECT id, name, frequency FROM patrol_plans WHERE org_id = ? AND deleted_at IS "
               "NULL ORDER BY id",
               DB_INT(org_id));
}
