/*
 * assess.c - storage of supervision and of the yearly assessment (see
 * store_assess.h). The compute run reads the year's figures per school in
 * one grouped query per source (hazards, overdue, weekly reports, drills,
 * education hours, incidents, yellow cards, adjustments) over the region's
 * path range, scores each school with domain/assess.c and writes the rows.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "domain/assess.h"
#include "domain/programme.h"
#include "store/store_assess.h"
#include "store/hazard_sql.h"
#include "store/store_int.h"
#include "store/store_programme.h"
#include "store/store_report.h"
#include <stdlib.h>

/* Records the audit row of a write whose after-image is a (NULL: the read
 * failed) and hands a over; -1 on failure. */
static int audit_give(struct change *c, const char *action, const char *entity, int64_t id,
                      int64_t org_id, const char *path, json_t *before, json_t *a,
                      const char *note, json_t **after)
{
    if (!a || change_audit(c, action, entity, id, org_id, path, before, a, note)) {
        json_decref(a);
        return -1;
    }
    return sx_give(a, after);
}

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* ---- inspections ---- */

int64_t store_insp_create(struct change *c, const struct insp_in *in, const struct scope *viewer,
                          json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char *group = in->group ? json_dumps(in->group, JSON_COMPACT) : strdup("[]");
    if (!group)
        return -1;
    int64_t id = 0;
    int rc = INT1(s, &id,
                  "INSERT INTO inspections (org_id, org_path, title, kind, inspect_date, group_json, "
                  "summary, state, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                  "'draft', ?, ?, ?) RETURNING id",
                  DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->title), DB_TEXT(in->kind),
                  DB_TEXT(in->date), DB_TEXT(group), DB_TEXT(in->summary ? in->summary : ""),
                  DB_INT(now), DB_ID(user_id), DB_INT(now));
    free(group);
    if (rc != 1)
        return -1;
    for (size_t i = 0; i < in->nschools; i++)
        if (EXEC(s,
                 "INSERT INTO inspection_targets (inspection_id, org_id, org_path) VALUES (?, ?, ?) "
                 "ON CONFLICT DO NOTHING",
                 DB_INT(id), DB_INT(in->school_ids[i]), DB_TEXT(in->school_paths[i])) < 0)
            return -1;
    if (audit_give(c, "create", "inspection", id, in->org_id, in->org_path, NULL,
                   store_insp_get(s, id, viewer), NULL, after))
        return -1;
    return id;
}

int store_insp_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return sx_text(s, path, len, "SELECT org_path FROM inspections WHERE id = ? AND deleted_at IS NULL",
                   1, PARAMS(DB_INT(id)));
}

#define INSP_COLS                                                                                  \
    "i.id, i.org_id, o.name AS org_name, i.org_path, i.title, i.kind, i.inspect_date AS day, "    \
    "i.group_json, i.summary, i.state, i.published_at AS \"published_at@\", i.created_at AS \"created_at@\", "   \
    "i.updated_at AS \"updated_at@\""

json_t *store_insp_get(struct store *s, int64_t id, const struct scope *viewer)
{
    struct scope_bind v;
    scope_bind_init(&v, viewer);
    json_t *o = OBJ1(s,
                     "SELECT " INSP_COLS ", CASE WHEN " SCOPE_SQL("i.org_path") " THEN 1 ELSE 0 END "
                     "AS \"owner?\" FROM inspections i JOIN orgs o ON o.id = i.org_id WHERE i.id = ? "
                     "AND i.deleted_at IS NULL AND (" SCOPE_SQL("i.org_path") " OR ((i.kind = "
                     "'regular' OR i.state = 'published') AND EXISTS (SELECT 1 FROM "
                     "inspection_targets t WHERE t.inspection_id = i.id AND " SCOPE_SQL("t.org_path") ")))",
                     SCOPE_PARAMS(v), DB_INT(id), SCOPE_PARAMS(v), SCOPE_PARAMS(v));
    if (!o)
        return NULL;
    int owner = json_is_true(json_object_get(o, "owner"));
    json_t *t = ARR(s,
                    "SELECT t.org_id, o.name AS org_name, t.org_path FROM inspection_targets t JOIN "
                    "orgs o ON o.id = t.org_id WHERE t.inspection_id = ? AND (? = 1 OR " SCOPE_SQL(
                        "t.org_path") ") ORDER BY t.org_path",
                    DB_INT(id), DB_INT(owner), SCOPE_PARAMS(v));
    json_t *f = ARR(s,
                    "SELECT f.id, f.org_id, o.name AS org_name, f.content, f.category, c.name_zh AS "
                    "category_name, f.grade, f.photo_json AS photo_ids_json, f.hazard_pending AS "
                    "\"hazard_pending?\", f.hazard_id, h.state AS hazard_state, f.created_at AS \"created_at@\" FROM "
                    "inspection_findings f JOIN orgs o ON o.id = f.org_id LEFT JOIN categories c ON "
                    "c.code = f.category LEFT JOIN hazards h ON h.id = f.hazard_id WHERE "
                    "f.inspection_id = ? AND f.deleted_at IS NULL AND (? = 1 OR " SCOPE_SQL(
                        "f.org_path") ") ORDER BY f.id",
                    DB_INT(id), DB_INT(owner), SCOPE_PARAMS(v));
    if (!t || !f) {
        json_decref(o);
        json_decref(t);
        json_decref(f);
        return NULL;
    }
    json_object_set_new(o, "targets", t);
    json_object_set_new(o, "findings", f);
    return o;
}

json_t *store_insp_list(struct store *s, const struct scope *sc, const struct scope *viewer,
                        const char *kind, const char *state, const struct page *pg)
{
    struct scope_bind b, v;
    scope_bind_init(&b, sc);
    scope_bind_init(&v, viewer);
    const char *k = kind ? kind : "", *st = state ? state : "";
#define INSP_WHERE                                                                                 \
    " FROM inspections i JOIN orgs o ON o.id = i.org_id WHERE i.deleted_at IS NULL AND "           \
    "(" SCOPE_SQL("i.org_path") " OR EXISTS (SELECT 1 FROM inspection_targets t WHERE "             \
    "t.inspection_id = i.id AND " SCOPE_SQL("t.org_path") ")) AND (" SCOPE_SQL(                    \
        "i.org_path") " OR i.kind = 'regular' OR i.state = 'published') AND (? = '' OR i.kind = " \
                      "?) AND (? = '' OR i.state = ?)"
#define INSP_PARAMS                                                                                \
    SCOPE_PARAMS(b), SCOPE_PARAMS(b), SCOPE_PARAMS(v), DB_TEXT(k), DB_TEXT(k), DB_TEXT(st),        \
        DB_TEXT(st)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" INSP_WHERE, INSP_PARAMS) < 0)
        return NULL;
    json_t *items =
        ARR(s,
            "SELECT " INSP_COLS ", (SELECT COUNT(*) FROM inspection_targets t2 WHERE "
            "t2.inspection_id = i.id) AS target_count, (SELECT COUNT(*) FROM inspection_findings f "
            "WHERE f.inspection_id = i.id AND f.deleted_at IS NULL AND " SCOPE_SQL(
                "f.org_path") ") AS finding_count" INSP_WHERE
            " ORDER BY i.inspect_date DESC, i.id DESC LIMIT ? OFFSET ?",
            SCOPE_PARAMS(b), INSP_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef INSP_WHERE
#undef INSP_PARAMS
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

int store_insp_has_target(struct store *s, int64_t id, int64_t school_id)
{
    int64_t n = 0;
    if (INT1(s, &n,
             "SELECT COUNT(*) FROM inspection_targets WHERE inspection_id = ? AND org_id = ?",
             DB_INT(id), DB_INT(school_id)) < 0)
        return -1;
    return n > 0;
}

int store_insp_publish(struct change *c, int64_t id, const struct scope *viewer,
                       int64_t (*make_hazard)(void *ctx, json_t *finding), void *ctx,
                       json_t **after)
{
    struct store *s = c->s;
    json_t *before = store_insp_get(s, id, viewer);
    if (!before) {
        if (store_errclass(s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    int64_t n = EXEC(s,
                     "UPDATE inspections SET state = 'published', published_at = ?, published_by = "
                     "?, updated_at = ? WHERE id = ? AND state = 'draft' AND deleted_at IS NULL",
                     DB_INT(c->at), DB_ID(c->user_id), DB_INT(c->at), DB_INT(id));
    json_t *pend = n > 0 ? store_finding_pending(s, id) : NULL;
    if (!pend) {
        json_decref(before);
        return n == 0 ? change_fail(c, XE_INSP_PUBLISHED, NULL) : -1;
    }
    size_t i;
    json_t *f;
    json_array_foreach(pend, i, f)
    {
        int64_t hid = make_hazard(ctx, f);
        if (hid <= 0 || store_finding_set_hazard(s, jint(f, "id"), hid)) {
            json_decref(pend);
            json_decref(before);
            return -1;
        }
    }
    json_decref(pend);
    int rc = audit_give(c, "publish", "inspection", id, jint(before, "org_id"),
                        json_string_value(json_object_get(before, "org_path")), before,
                        store_insp_get(s, id, viewer), NULL, after);
    json_decref(before);
    return rc;
}

int64_t store_finding_create(struct change *c, const struct finding_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char *photos = in->photo_ids ? json_dumps(in->photo_ids, JSON_COMPACT) : strdup("[]");
    if (!photos)
        return -1;
    int64_t id = 0;
    int rc = INT1(s, &id,
                  "INSERT INTO inspection_findings (inspection_id, org_id, org_path, content, "
                  "category, grade, photo_json, hazard_pending, hazard_id, created_at, created_by) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_INT(in->inspection_id), DB_INT(in->org_id), DB_TEXT(in->org_path),
                  DB_TEXT(in->content), DB_TEXT(in->category), DB_TEXT(in->grade), DB_TEXT(photos),
                  DB_INT(in->hazard_pending ? 1 : 0), DB_ID(in->hazard_id), DB_INT(now),
                  DB_ID(user_id));
    free(photos);
    if (rc != 1)
        return -1;
    if (EXEC(s, "UPDATE inspections SET updated_at = ? WHERE id = ?", DB_INT(now),
             DB_INT(in->inspection_id)) < 0 ||
        audit_give(c, "create", "inspection_finding", id, in->org_id, in->org_path, NULL,
                   store_finding_get(s, id), NULL, after))
        return -1;
    return id;
}

int store_finding_set_hazard(struct store *s, int64_t id, int64_t hazard_id)
{
    return EXEC(s,
                "UPDATE inspection_findings SET hazard_id = ?, hazard_pending = 0 WHERE id = ?",
                DB_INT(hazard_id), DB_INT(id)) < 0
               ? -1
               : 0;
}

json_t *store_finding_get(struct store *s, int64_t id)
{
    return OBJ1(s,
                "SELECT f.id, f.inspection_id, f.org_id, o.name AS org_name, f.org_path, f.content, "
                "f.category, f.grade, f.photo_json AS photo_ids_json, f.hazard_pending AS "
                "\"hazard_pending?\", f.hazard_id, f.created_at AS \"created_at@\" FROM inspection_findings f JOIN orgs "
                "o ON o.id = f.org_id WHERE f.id = ? AND f.deleted_at IS NULL",
                DB_INT(id));
}

json_t *store_finding_pending(struct store *s, int64_t inspection_id)
{
    return ARR(s,
               "SELECT id, org_id, content, category, grade, photo_json AS photo_ids_json FROM "
               "inspection_findings WHERE inspection_id = ? AND hazard_pending = 1 AND hazard_id IS "
               "NULL AND deleted_at IS NULL ORDER BY id",
               DB_INT(inspection_id));
}

json_t *store_finding_list(struct store *s, const struct scope *sc, const struct scope *viewer,
                           int64_t inspection_id, const struct page *pg)
{
    struct scope_bind b, v;
    scope_bind_init(&b, sc);
    scope_bind_init(&v, viewer);
#define F_WHERE                                                                                    \
    " FROM inspection_findings f JOIN inspections i ON i.id = f.inspection_id JOIN orgs o ON o.id " \
    "= f.org_id WHERE f.deleted_at IS NULL AND i.deleted_at IS NULL AND " SCOPE_SQL(                \
        "f.org_path") " AND (" SCOPE_SQL("i.org_path") " OR i.kind = 'regular' OR i.state = "    \
                      "'published') AND (? = 0 OR f.inspection_id = ?)"
#define F_PARAMS SCOPE_PARAMS(b), SCOPE_PARAMS(v), DB_INT(inspection_id), DB_INT(inspection_id)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" F_WHERE, F_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(
        s,
        "SELECT f.id, f.inspection_id, i.title AS inspection_title, i.kind, i.state AS "
        "inspection_state, i.inspect_date AS day, f.org_id, o.name AS org_name, f.content, "
        "f.category, c.name_zh AS category_name, f.grade, f.photo_json AS photo_ids_json, "
        "f.hazard_pending AS \"hazard_pending?\", f.hazard_id, h.state AS hazard_state, f.created_at AS \"created_at@\""
        " FROM inspection_findings f JOIN inspections i ON i.id = f.inspection_id JOIN orgs o ON "
        "o.id = f.org_id LEFT JOIN categories c ON c.code = f.category LEFT JOIN hazards h ON h.id "
        "= f.hazard_id WHERE f.deleted_at IS NULL AND i.deleted_at IS NULL AND " SCOPE_SQL(
            "f.org_path") " AND (" SCOPE_SQL("i.org_path") " OR i.kind = 'regular' OR i.state = "
                          "'published') AND (? = 0 OR f.inspection_id = ?) ORDER BY f.id DESC "
                          "LIMIT ? OFFSET ?",
        F_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef F_WHERE
#undef F_PARAMS
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

/* ---- interviews ---- */

#define IV_COLS                                                                                    \
    "v.id, v.by_org_id, b.name AS by_org_name, v.org_id, o.name AS org_name, v.org_path, "        \
    "v.interviewee, v.interviewee_title, v.interview_date AS day, v.reason, v.record, "           \
    "v.follow_up, v.follow_up_done AS \"follow_up_done?\", v.created_at AS \"created_at@\", "   \
    "v.updated_at AS \"updated_at@\""
#define IV_FROM " FROM interviews v JOIN orgs o ON o.id = v.org_id JOIN orgs b ON b.id = v.by_org_id"

int64_t store_interview_create(struct change *c, const struct interview_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0;
    if (INT1(s, &id,
             "INSERT INTO interviews (by_org_id, org_id, org_path, interviewee, interviewee_title, "
             "interview_date, reason, record, follow_up, created_at, created_by, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->by_org_id), DB_INT(in->org_id), DB_TEXT(in->org_path),
             DB_TEXT(in->interviewee), DB_TEXT(in->interviewee_title ? in->interviewee_title : ""),
             DB_TEXT(in->date), DB_TEXT(in->reason), DB_TEXT(in->record ? in->record : ""),
             DB_TEXT(in->follow_up ? in->follow_up : ""), DB_INT(now), DB_ID(user_id),
             DB_INT(now)) != 1 ||
        audit_give(c, "create", "interview", id, in->org_id, in->org_path, NULL,
                   store_interview_get(s, id), NULL, after))
        return -1;
    return id;
}

int store_interview_update(struct change *c, int64_t id, const char *record,
                           const char *follow_up, int follow_up_done, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    json_t *before = store_interview_get(s, id);
    if (!before) {
        if (store_errclass(s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    int rc = EXEC(s,
                "UPDATE interviews SET record = CASE WHEN ? = 1 THEN ? ELSE record END, follow_up = "
                "CASE WHEN ? = 1 THEN ? ELSE follow_up END, follow_up_done = CASE WHEN ? >= 0 THEN "
                "? ELSE follow_up_done END, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
                DB_INT(record != NULL), DB_TEXT(record ? record : ""), DB_INT(follow_up != NULL),
                DB_TEXT(follow_up ? follow_up : ""), DB_INT(follow_up_done),
                DB_INT(follow_up_done > 0 ? 1 : 0), DB_INT(now), DB_INT(id)) < 0 ||
                     audit_give(c, "update", "interview", id, jint(before, "org_id"),
                                json_string_value(json_object_get(before, "org_path")), before,
                                store_interview_get(s, id), NULL, after)
                 ? -1
                 : 0;
    json_decref(before);
    return rc;
}

json_t *store_interview_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " IV_COLS IV_FROM " WHERE v.id = ? AND v.deleted_at IS NULL", DB_INT(id));
}

int store_interview_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return sx_text(s, path, len, "SELECT org_path FROM interviews WHERE id = ? AND deleted_at IS NULL",
                   1, PARAMS(DB_INT(id)));
}

json_t *store_interview_list(struct store *s, const struct scope *sc, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    int64_t total = 0;
    if (INT1(s, &total,
             "SELECT COUNT(*) FROM interviews v WHERE v.deleted_at IS NULL AND " SCOPE_SQL("v.org_path"),
             SCOPE_PARAMS(b)) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " IV_COLS IV_FROM " WHERE v.deleted_at IS NULL AND " SCOPE_SQL(
                            "v.org_path") " ORDER BY v.interview_date DESC, v.id DESC LIMIT ? OFFSET ?",
                        SCOPE_PARAMS(b), DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
    return items ? store_page_json(items, total, pg) : NULL;
}

/* ---- yellow cards ---- */

#define YC_COLS                                                                                    \
    "y.id, y.by_org_id, b.name AS by_org_name, y.org_id, o.name AS org_name, y.org_path, "        \
    "y.reason, y.issued_date AS issued_on, y.state, y.lifted_date AS lifted_on, y.lift_reason, "  \
    "y.created_at AS \"created_at@\", y.updated_at AS \"updated_at@\""
#define YC_FROM " FROM yellow_cards y JOIN orgs o ON o.id = y.org_id JOIN orgs b ON b.id = y.by_org_id"

int64_t store_ycard_create(struct change *c, int64_t by_org_id, int64_t org_id,
                           const char *org_path, const char *reason, const char *date,
                           json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0;
    if (INT1(s, &id,
             "INSERT INTO yellow_cards (by_org_id, org_id, org_path, reason, issued_date, state, "
             "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?) "
             "RETURNING id",
             DB_INT(by_org_id), DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(reason), DB_TEXT(date),
             DB_INT(now), DB_ID(user_id), DB_INT(now)) != 1 ||
        audit_give(c, "create", "yellow_card", id, org_id, org_path, NULL, store_ycard_get(s, id),
                   NULL, after))
        return -1;
    return id;
}

int store_ycard_lift(struct change *c, int64_t id, const char *date, const char *reason,
                     json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    json_t *before = store_ycard_get(s, id);
    if (!before) {
        if (store_errclass(s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    const char *issued = json_string_value(json_object_get(before, "issued_on"));
    if (issued && strcmp(date, issued) < 0) {
        json_decref(before);
        return change_fail(c, XE_YCARD_LIFT_EARLY, "date");
    }
    int64_t n = EXEC(s,
                     "UPDATE yellow_cards SET state = 'lifted', lifted_date = ?, lift_reason = ?, "
                     "lifted_by = ?, updated_at = ? WHERE id = ? AND state = 'active' AND "
                     "deleted_at IS NULL",
                     DB_TEXT(date), DB_TEXT(reason ? reason : ""), DB_ID(user_id), DB_INT(now),
                     DB_INT(id));
    int rc = n < 0    ? -1
             : n == 0 ? change_fail(c, XE_YCARD_LIFTED, NULL)
                      : audit_give(c, "lift", "yellow_card", id, jint(before, "org_id"),
                                   json_string_value(json_object_get(before, "org_path")), before,
                                   store_ycard_get(s, id), NULL, after);
    json_decref(before);
    return rc;
}

json_t *store_ycard_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " YC_COLS YC_FROM " WHERE y.id = ? AND y.deleted_at IS NULL", DB_INT(id));
}

int store_ycard_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return sx_text(s, path, len,
                   "SELECT org_path FROM yellow_cards WHERE id = ? AND deleted_at IS NULL", 1,
                   PARAMS(DB_INT(id)));
}

json_t *store_ycard_list(struct store *s, const struct scope *sc, const char *state,
                         const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *st = state ? state : "";
    int64_t total = 0;
    if (INT1(s, &total,
             "SELECT COUNT(*) FROM yellow_cards y WHERE y.deleted_at IS NULL AND " SCOPE_SQL(
                 "y.org_path") " AND (? = '' OR y.state = ?)",
             SCOPE_PARAMS(b), DB_TEXT(st), DB_TEXT(st)) < 0)
        return NULL;
    json_t *items =
        ARR(s,
            "SELECT " YC_COLS YC_FROM " WHERE y.deleted_at IS NULL AND " SCOPE_SQL(
                "y.org_path") " AND (? = '' OR y.state = ?) ORDER BY y.issued_date DESC, y.id DESC "
                              "LIMIT ? OFFSET ?",
            SCOPE_PARAMS(b), DB_TEXT(st), DB_TEXT(st), DB_INT(pg->per_page),
            DB_INT((pg->page - 1) * pg->per_page));
    return items ? store_page_json(items, total, pg) : NULL;
}

/* ---- criticism / commendation notices ---- */

int64_t store_snotice_create(struct change *c, const struct snotice_in *in,
                             const struct scope *sc, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0, org_id = in->org_id;
    const char *org_path = in->org_path, *kind = in->kind, *title = in->title,
               *content = in->content, *date = in->date;
    const struct notice_entry_in *e = in->entries;
    size_t n = in->n;
    if (INT1(s, &id,
             "INSERT INTO supervision_notices (org_id, org_path, kind, title, content, notice_date, "
             "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(kind), DB_TEXT(title),
             DB_TEXT(content ? content : ""), DB_TEXT(date), DB_INT(now), DB_ID(user_id)) != 1)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (EXEC(s,
                 "INSERT INTO supervision_notice_entries (notice_id, org_id, org_path, person, "
                 "reason) VALUES (?, ?, ?, ?, ?)",
                 DB_INT(id), DB_INT(e[i].org_id), DB_TEXT(e[i].org_path),
                 DB_TEXT(e[i].person ? e[i].person : ""), DB_TEXT(e[i].reason ? e[i].reason : "")) < 0)
            return -1;
    if (audit_give(c, "create", "supervision_notice", id, org_id, org_path, NULL,
                   store_snotice_get(s, id, sc), NULL, after))
        return -1;
    return id;
}

#define SN_COLS                                                                                    \
    "n.id, n.org_id, o.name AS org_name, n.org_path, n.kind, n.title, n.content, n.notice_date "  \
    "AS day, n.created_at AS \"created_at@\""
#define SN_VISIBLE                                                                                 \
    "(" SCOPE_SQL("n.org_path") " OR EXISTS (SELECT 1 FROM supervision_notice_entries e WHERE "     \
                                "e.notice_id = n.id AND " SCOPE_SQL("e.org_path") "))"

static json_t *notice_entries(struct store *s, int64_t id)
{
    return ARR(s,
               "SELECT e.org_id, o.name AS org_name, o.kind AS org_kind, e.person, e.reason FROM "
               "supervision_notice_entries e JOIN orgs o ON o.id = e.org_id WHERE e.notice_id = ? "
               "ORDER BY e.id",
               DB_INT(id));
}

json_t *store_snotice_get(struct store *s, int64_t id, const struct scope *sc)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    json_t *o = OBJ1(s,
                     "SELECT " SN_COLS " FROM supervision_notices n JOIN orgs o ON o.id = n.org_id "
                     "WHERE n.id = ? AND n.deleted_at IS NULL AND " SN_VISIBLE,
                     DB_INT(id), SCOPE_PARAMS(b), SCOPE_PARAMS(b));
    if (!o)
        return NULL;
    json_t *e = notice_entries(s, id);
    if (!e) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "entries", e);
    return o;
}

json_t *store_snotice_list(struct store *s, const struct scope *sc, const char *kind,
                           const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *k = kind ? kind : "";
    int64_t total = 0;
    if (INT1(s, &total,
             "SELECT COUNT(*) FROM supervision_notices n WHERE n.deleted_at IS NULL AND " SN_VISIBLE
             " AND (? = '' OR n.kind = ?)",
             SCOPE_PARAMS(b), SCOPE_PARAMS(b), DB_TEXT(k), DB_TEXT(k)) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " SN_COLS " FROM supervision_notices n JOIN orgs o ON o.id = "
                        "n.org_id WHERE n.deleted_at IS NULL AND " SN_VISIBLE
                        " AND (? = '' OR n.kind = ?) ORDER BY n.notice_date DESC, n.id DESC LIMIT ? "
                        "OFFSET ?",
                        SCOPE_PARAMS(b), SCOPE_PARAMS(b), DB_TEXT(k), DB_TEXT(k),
                        DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
    if (!items)
        return NULL;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        json_t *e = notice_entries(s, json_integer_value(json_object_get(it, "id")));
        if (!e) {
            json_decref(items);
            return NULL;
        }
        json_object_set_new(it, "entries", e);
    }
    return store_page_json(items, total, pg);
}

/* ---- assessment ---- */

#define ANC_MAX 8
/* The ancestor-or-self paths of path ("/", "/1/", "/1/4/", ...). */
static int ancestors(const char *path, char out[ANC_MAX][96])
{
    int n = 0;
    snprintf(out[n++], 96, "/");
    for (const char *p = path + 1; *p && n < ANC_MAX; p++)
        if (*p == '/') {
            size_t len = (size_t)(p - path) + 1;
            if (len >= 96)
                break;
            memcpy(out[n], path, len);
            out[n][len] = 0;
            n++;
        }
    for (int i = n; i < ANC_MAX; i++)
        out[i][0] = 0;
    return n;
}
#define ANC_SQL "(?, ?, ?, ?, ?, ?, ?, ?)"
#define ANC_PARAMS(a)                                                                              \
    DB_TEXT(a[0]), DB_TEXT(a[1]), DB_TEXT(a[2]), DB_TEXT(a[3]), DB_TEXT(a[4]), DB_TEXT(a[5]),      \
        DB_TEXT(a[6]), DB_TEXT(a[7])

json_t *store_assess_scheme(struct store *s, const char *path, int year)
{
    char a[ANC_MAX][96];
    ancestors(path, a);
    json_t *o = OBJ1(s,
                     "SELECT id, org_id, org_path, year, indicators_json, updated_at AS \"updated_at@\" FROM "
                     "assess_schemes WHERE org_path IN " ANC_SQL " AND year IN (?, ?) ORDER BY "
                     "length(org_path) DESC, year DESC LIMIT 1",
                     ANC_PARAMS(a), DB_INT(year), DB_INT(0));
    if (o)
        json_object_set_new(o, "inherited",
                            json_boolean(strcmp(json_string_value(json_object_get(o, "org_path")),
                                                path) != 0 ||
                                         json_integer_value(json_object_get(o, "year")) != year));
    return o;
}

json_t *store_assess_scheme_view(struct store *s, const char *path, int year)
{
    json_t *row = store_assess_scheme(s, path, year);
    if (!row && store_errclass(s) != DB_OK)
        return NULL;
    struct assess_scheme sc;
    if (!row || assess_scheme_parse(json_object_get(row, "indicators"), &sc, NULL))
        assess_scheme_default(&sc);
    json_t *o = json_pack("{s:i, s:o}", "year", year, "indicators", assess_scheme_json(&sc));
    if (row) {
        json_object_set(o, "org_id", json_object_get(row, "org_id"));
        json_object_set(o, "org_path", json_object_get(row, "org_path"));
        json_object_set(o, "inherited", json_object_get(row, "inherited"));
        json_object_set(o, "updated_at", json_object_get(row, "updated_at"));
    }
    json_decref(row);
    return o;
}

int store_assess_scheme_put(struct change *c, int64_t org_id, const char *path, int year,
                            const char *indicators_json, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    json_t *before = store_assess_scheme(s, path, year);
    if (!before && store_errclass(s) != DB_OK)
        return -1;
    int rc = EXEC(s,
                "INSERT INTO assess_schemes (org_id, org_path, year, indicators_json, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_path, year) DO UPDATE SET "
                "indicators_json = excluded.indicators_json, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                DB_INT(org_id), DB_TEXT(path), DB_INT(year), DB_TEXT(indicators_json), DB_INT(now),
                DB_ID(user_id)) < 0 ||
                     audit_give(c, "update", "assess_scheme", year, org_id, path, before,
                                store_assess_scheme_view(s, path, year), NULL, after)
                 ? -1
                 : 0;
    json_decref(before);
    return rc;
}

int64_t store_assess_adjust_create(struct change *c, int64_t org_id, const char *path, int year,
                                   double points, const char *reason, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0;
    if (INT1(s, &id,
             "INSERT INTO assess_adjustments (org_id, org_path, year, points, reason, created_at, "
             "created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(path), DB_INT(year), DB_DOUBLE(points), DB_TEXT(reason),
             DB_INT(now), DB_ID(user_id)) != 1 ||
        audit_give(c, "create", "assess_adjustment", id, org_id, path, NULL,
                   json_pack("{s:I, s:I, s:i, s:f, s:s}", "id", (json_int_t)id, "org_id",
                             (json_int_t)org_id, "year", year, "points", points, "reason", reason),
                   NULL, after))
        return -1;
    return id;
}

json_t *store_assess_adjust_list(struct store *s, const struct scope *sc, int year)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    return ARR(s,
               "SELECT a.id, a.org_id, o.name AS org_name, o.kind AS org_kind, a.year, a.points, "
               "a.reason, a.created_at AS \"created_at@\", u.name AS created_by_name FROM assess_adjustments a JOIN "
               "orgs o ON o.id = a.org_id LEFT JOIN users u ON u.id = a.created_by WHERE "
               "a.deleted_at IS NULL AND a.year = ? AND " SCOPE_SQL("a.org_path") " ORDER BY a.id",
               DB_INT(year), SCOPE_PARAMS(b));
}

int64_t store_assess_veto_create(struct change *c, int64_t by_org_id, int64_t org_id,
                                 const char *path, int year, const char *kind, const char *reason,
                                 json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0;
    if (INT1(s, &id,
             "INSERT INTO assess_vetoes (by_org_id, org_id, org_path, year, kind, reason, "
             "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(by_org_id), DB_INT(org_id), DB_TEXT(path), DB_INT(year), DB_TEXT(kind),
             DB_TEXT(reason), DB_INT(now), DB_ID(user_id)) != 1 ||
        audit_give(c, "create", "assess_veto", id, org_id, path, NULL,
                   store_assess_veto_get(s, id), "一票否决", after))
        return -1;
    return id;
}

#define VETO_COLS                                                                                  \
    "v.id, v.by_org_id, b.name AS by_org_name, v.org_id, o.name AS org_name, o.kind AS org_kind, " \
    "v.year, v.kind, v.reason, v.created_at AS \"created_at@\", u.name AS created_by_name FROM assess_vetoes v JOIN " \
    "orgs o ON o.id = v.org_id JOIN orgs b ON b.id = v.by_org_id LEFT JOIN users u ON u.id = "     \
    "v.created_by"

json_t *store_assess_veto_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " VETO_COLS " WHERE v.id = ? AND v.deleted_at IS NULL", DB_INT(id));
}

json_t *store_assess_veto_list(struct store *s, const struct scope *sc, int year)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    return ARR(s,
               "SELECT " VETO_COLS " WHERE v.deleted_at IS NULL AND v.year = ? AND "
               SCOPE_SQL("v.org_path") " ORDER BY v.id",
               DB_INT(year), SCOPE_PARAMS(b));
}

int store_assess_final(struct store *s, const char *path, int year)
{
    char a[ANC_MAX][96];
    ancestors(path, a);
    int64_t n = 0;
    if (INT1(s, &n,
             "SELECT COUNT(*) FROM assess_runs WHERE year = ? AND state = 'final' AND "
             "superseded_at IS NULL AND org_path IN " ANC_SQL,
             DB_INT(year), ANC_PARAMS(a)) < 0)
        return -1;
    return n > 0;
}

struct unit {
    int64_t id, parent_id, classes, created_at;
    int64_t since; /* created_at, or its earliest record if older (imported data) */
    char name[128], path[96], type[24];
    struct assess_facts f;
    int county;    /* index into the counties, -1 none */
    int64_t drills[12];
    int64_t terms[2][2]; /* [half-1][recorded, compliant] */
    double total;
    bool veto;
    int rank;
    json_t *detail;
};
struct units {
    struct unit *u;
    int n;
};

static void units_release(struct units *us)
{
    for (int i = 0; i < us->n; i++)
        json_decref(us->u[i].detail);
    free(us->u);
    us->u = NULL;
    us->n = 0;
}

static int units_load(struct store *s, struct units *us, const char *kind, const char *lo,
                      const char *hi)
{
    struct db_stmt *st = Q(s,
                           "SELECT id, COALESCE(parent_id, 0), name, path, COALESCE(school_type, ''), "
                           "classes, created_at FROM orgs WHERE kind = ? AND deleted_at IS NULL AND "
                           "path >= ? AND path < ? ORDER BY id",
                           DB_TEXT(kind), DB_TEXT(lo), DB_TEXT(hi));
    if (!st)
        return -1;
    int rc, cap = 0;
    while ((rc = s->drv->step(st)) == 1) {
        if (us->n == cap) {
            cap = cap ? cap * 2 : 64;
            struct unit *nu = realloc(us->u, (size_t)cap * sizeof(*nu));
            if (!nu) {
                rc = -1;
                break;
            }
            us->u = nu;
        }
        struct unit *u = &us->u[us->n++];
        memset(u, 0, sizeof(*u));
        u->id = s->drv->col_int(st, 0);
        u->parent_id = s->drv->col_int(st, 1);
        snprintf(u->name, sizeof(u->name), "%s", s->drv->col_text(st, 2));
        snprintf(u->path, sizeof(u->path), "%s", s->drv->col_text(st, 3));
        snprintf(u->type, sizeof(u->type), "%s", s->drv->col_text(st, 4));
        u->classes = s->drv->col_int(st, 5);
        u->created_at = s->drv->col_int(st, 6);
        u->since = u->created_at;
        u->county = -1;
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}

static struct unit *unit_find(struct units *us, int64_t id)
{
    int lo = 0, hi = us->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (us->u[mid].id == id)
            return &us->u[mid];
        if (us->u[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

/* Runs a grouped query whose first column is org_id and hands each row of a
 * known school to fn. */
typedef void (*row_fn)(struct store *s, struct db_stmt *st, struct unit *u, void *ctx);
static int each_row(struct store *s, struct units *us, struct db_stmt *st, row_fn fn, void *ctx)
{
    if (!st)
        return -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1) {
        struct unit *u = unit_find(us, s->drv->col_int(st, 0));
        if (u)
            fn(s, st, u, ctx);
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}

static void r_hazards(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    u->f.hazards_found = s->drv->col_int(st, 1);
    u->f.hazards_closed = s->drv->col_int(st, 2);
}
static void r_overdue(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    u->f.overdue = s->drv->col_int(st, 1);
}
static void r_reports(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    u->f.reports_ontime = s->drv->col_int(st, 1);
    u->f.reports_late = s->drv->col_int(st, 2);
}
static void r_drills(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    int64_t m = s->drv->col_int(st, 1);
    if (m >= 1 && m <= 12)
        u->drills[m - 1] += s->drv->col_int(st, 2);
}
static void r_terms(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    const char *sem = s->drv->col_text(st, 1);
    const char *first = c;
    int h = strcmp(sem, first) == 0 ? 0 : 1;
    u->terms[h][0] = s->drv->col_int(st, 2);
    u->terms[h][1] = s->drv->col_int(st, 3);
}
static void r_incidents(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    const char *g = s->drv->col_text(st, 1);
    for (int i = 0; assess_incident_grades[i]; i++)
        if (strcmp(g, assess_incident_grades[i]) == 0)
            u->f.incidents[i] += s->drv->col_int(st, 2);
    u->f.deaths += s->drv->col_int(st, 3);
}
static void r_cards(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    u->f.yellow_cards = s->drv->col_int(st, 1);
}
static void r_first_ms(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    if (s->drv->col_null(st, 1))
        return;
    int64_t t = s->drv->col_int(st, 1);
    if (t < u->since)
        u->since = t;
}
static void r_first_day(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    int64_t day;
    if (s->drv->col_null(st, 1) || prog_date_parse(s->drv->col_text(st, 1), &day))
        return;
    int64_t t = prog_day_start(day);
    if (t < u->since)
        u->since = t;
}
static void r_adjust(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    u->f.adjust = s->drv->col_double(st, 1);
}
static void r_vetoes(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    u->f.bureau_vetoes = s->drv->col_int(st, 1);
}
static void r_account(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    int m = assess_measure_index(s->drv->col_text(st, 1));
    if (m >= 0)
        u->f.accountability[m] += s->drv->col_int(st, 2);
}

static int gather(struct store *s, struct units *sch, struct units *cty, int year,
                  const char *lo, const char *hi, int64_t from, int64_t to)
{
    char d0[16], d1[16], w0[16], w1[16], sem1[16], sem2[16];
    snprintf(d0, sizeof(d0), "%04d-01-01", year);
    snprintf(d1, sizeof(d1), "%04d-12-31", year);
    snprintf(w0, sizeof(w0), "%04d-W", year);
    snprintf(w1, sizeof(w1), "%04d-X", year);
    snprintf(sem1, sizeof(sem1), "%04d-1", year);
    snprintf(sem2, sizeof(sem2), "%04d-2", year);
    if (each_row(s, sch,
                 Q(s,
                   "SELECT org_id, COUNT(*), SUM(CASE WHEN state IN " HZ_RECTIFIED " THEN 1 "
                   "ELSE 0 END) FROM hazards WHERE deleted_at IS NULL AND found_at >= ? AND found_at "
                   "< ? AND org_path >= ? AND org_path < ? GROUP BY org_id",
                   DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)),
                 r_hazards, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, COUNT(*) FROM hazards WHERE deleted_at IS NULL AND overdue_at >= ? "
                   "AND overdue_at < ? AND org_path >= ? AND org_path < ? GROUP BY org_id",
                   DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)),
                 r_overdue, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, SUM(CASE WHEN late = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN late = 0 "
                   "THEN 0 ELSE 1 END) FROM report_submissions WHERE kind = 'weekly' AND is_current = 1 AND "
                   "period >= ? AND period < ? AND org_path >= ? AND org_path < ? GROUP BY org_id",
                   DB_TEXT(w0), DB_TEXT(w1), DB_TEXT(lo), DB_TEXT(hi)),
                 r_reports, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, CAST(substr(drill_date, 6, 2) AS INTEGER), COUNT(*) FROM drills "
                   "WHERE deleted_at IS NULL AND drill_date >= ? AND drill_date <= ? AND org_path >= "
                   "? AND org_path < ? GROUP BY org_id, CAST(substr(drill_date, 6, 2) AS INTEGER)",
                   DB_TEXT(d0), DB_TEXT(d1), DB_TEXT(lo), DB_TEXT(hi)),
                 r_drills, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, semester, COUNT(*), SUM(CASE WHEN hours >= ? THEN 1 ELSE 0 END) "
                   "FROM edu_class_hours WHERE semester IN (?, ?) AND org_path >= ? AND org_path < ? "
                   "GROUP BY org_id, semester",
                   DB_DOUBLE(PROG_MIN_HOURS), DB_TEXT(sem1), DB_TEXT(sem2), DB_TEXT(lo), DB_TEXT(hi)),
                 r_terms, sem1) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, grade, COUNT(*), CAST(SUM(deaths) AS BIGINT) FROM incidents WHERE "
                   "deleted_at IS NULL AND occurred_at >= ? AND occurred_at < ? AND org_path >= ? AND "
                   "org_path < ? GROUP BY org_id, grade",
                   DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)),
                 r_incidents, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, COUNT(*) FROM yellow_cards WHERE deleted_at IS NULL AND "
                   "issued_date >= ? AND issued_date <= ? AND org_path >= ? AND org_path < ? GROUP "
                   "BY org_id",
                   DB_TEXT(d0), DB_TEXT(d1), DB_TEXT(lo), DB_TEXT(hi)),
                 r_cards, NULL))
        return -1;
    /* a school's records may predate its registration (imported data) */
    if (each_row(s, sch,
                 Q(s,
                   "SELECT org_id, MIN(found_at) FROM hazards WHERE deleted_at IS NULL AND org_path "
                   ">= ? AND org_path < ? GROUP BY org_id",
                   DB_TEXT(lo), DB_TEXT(hi)),
                 r_first_ms, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, MIN(submitted_at) FROM report_submissions WHERE org_path >= ? "
                   "AND org_path < ? GROUP BY org_id",
                   DB_TEXT(lo), DB_TEXT(hi)),
                 r_first_ms, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, MIN(drill_date) FROM drills WHERE deleted_at IS NULL AND org_path "
                   ">= ? AND org_path < ? GROUP BY org_id",
                   DB_TEXT(lo), DB_TEXT(hi)),
                 r_first_day, NULL) ||
        each_row(s, sch,
                 Q(s,
                   "SELECT org_id, MIN(lesson_date) FROM edu_lessons WHERE deleted_at IS NULL AND "
                   "org_path >= ? AND org_path < ? GROUP BY org_id",
                   DB_TEXT(lo), DB_TEXT(hi)),
                 r_first_day, NULL))
        return -1;
    for (int k = 0; k < 2; k++)
        if (each_row(s, k ? cty : sch,
                     Q(s,
                       "SELECT org_id, SUM(points) FROM assess_adjustments WHERE deleted_at IS NULL "
                       "AND year = ? AND org_path >= ? AND org_path < ? GROUP BY org_id",
                       DB_INT(year), DB_TEXT(lo), DB_TEXT(hi)),
                     r_adjust, NULL) ||
            each_row(s, k ? cty : sch,
                     Q(s,
                       "SELECT org_id, COUNT(*) FROM assess_vetoes WHERE deleted_at IS NULL AND "
                       "year = ? AND org_path >= ? AND org_path < ? GROUP BY org_id",
                       DB_INT(year), DB_TEXT(lo), DB_TEXT(hi)),
                     r_vetoes, NULL) ||
            each_row(s, k ? cty : sch,
                     Q(s,
                       "SELECT org_id, measure, COUNT(*) FROM accountability WHERE deleted_at IS "
                       "NULL AND decision_date >= ? AND decision_date <= ? AND org_path >= ? AND "
                       "org_path < ? GROUP BY org_id, measure",
                       DB_TEXT(d0), DB_TEXT(d1), DB_TEXT(lo), DB_TEXT(hi)),
                     r_account, NULL))
            return -1;
    return 0;
}

/* Adds a bureau's veto {kind, reason, by_org_name} to the unit's detail and
 * its reason to veto_reasons (the scoring shows why). */
static void r_veto_detail(struct store *s, struct db_stmt *st, struct unit *u, void *c)
{
    (void)c;
    if (!u->detail)
        return;
    const char *kind = s->drv->col_text(st, 1);
    const char *kind_cn = strcmp(kind, "ineffective") == 0 ? "治理不力" : "造成严重负面影响";
    json_t *v = json_object_get(u->detail, "vetoes");
    if (!v) {
        v = json_array();
        json_object_set_new(u->detail, "vetoes", v);
    }
    json_array_append_new(v, json_pack("{s:s, s:s, s:s}", "kind", kind, "reason",
                                       s->drv->col_text(st, 2), "by_org_name",
                                       s->drv->col_text(st, 3)));
    json_t *why = json_object_get(u->detail, "veto_reasons");
    if (u->veto && json_is_array(why)) {
        char txt[700];
        snprintf(txt, sizeof(txt), "%s一票否决（%s）：%s", s->drv->col_text(st, 3), kind_cn,
                 s->drv->col_text(st, 2));
        json_array_append_new(why, json_pack("{s:s, s:s}", "kind", "bureau", "text", txt));
    }
}

static void strip_generic_bureau_reason(struct unit *u)
{
    json_t *why = json_object_get(u->detail, "veto_reasons");
    size_t i = json_array_size(why);
    while (i-- > 0)
        if (strcmp(json_string_value(json_object_get(json_array_get(why, i), "kind")),
                   "bureau") == 0)
            json_array_remove(why, i);
}

static void school_facts(struct unit *u, int year, int64_t as_of, int64_t deadline_min,
                         json_t *drill_settings)
{
    unsigned months = prog_months_for(drill_settings, u->path, NULL);
    int64_t today = prog_day_of(as_of), since_day = prog_day_of(u->since);
    u->f.weeks_due = assess_weeks_due(year, u->since, as_of, deadline_min);
    enum prog_cadence c = prog_drill_cadence(u->type);
    int np = prog_period_count(c);
    int64_t per[12] = {0};
    for (int m = 1; m <= 12; m++)
        per[prog_period_of_month(c, m)] += u->drills[m - 1];
    for (int p = 0; p < np; p++) {
        if (!prog_period_required(c, p, months) || assess_period_last_day(year, np, p) < since_day)
            continue;
        enum prog_period_status st = prog_period_status(c, year, p, today, months, per[p]);
        if (st == PROG_P_OK) {
            u->f.drill_required++;
            u->f.drill_ok++;
        } else if (st == PROG_P_MISSED) {
            u->f.drill_required++;
        }
    }
    for (int h = 0; h < 2; h++)
        if (assess_semester_due(year, h + 1, since_day, today)) {
            int64_t rec = u->terms[h][0];
            u->f.class_terms_due += rec > u->classes ? rec : u->classes;
            u->f.class_terms_ok += u->terms[h][1];
        }
}

static int put_score(struct store *s, int64_t run, const struct unit *u, const char *kind,
                     const char *result)
{
    char *detail = json_dumps(u->detail, JSON_COMPACT);
    if (!detail)
        return -1;
    int64_t rc = EXEC(s,
                      "INSERT INTO assess_scores (run_id, org_id, org_path, parent_id, kind, name, "
                      "score, result, veto, rank, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      "?)",
                      DB_INT(run), DB_INT(u->id), DB_TEXT(u->path), DB_ID(u->parent_id),
                      DB_TEXT(kind), DB_TEXT(u->name), DB_DOUBLE(u->total), DB_TEXT(result),
                      DB_INT(u->veto ? 1 : 0), DB_INT(u->rank), DB_TEXT(detail));
    free(detail);
    return rc < 0 ? -1 : 0;
}

static int rank_units(struct units *us)
{
    if (!us->n)
        return 0;
    double *sc = malloc((size_t)us->n * sizeof(double));
    bool *v = malloc((size_t)us->n * sizeof(bool));
    int *rk = malloc((size_t)us->n * sizeof(int));
    if (!sc || !v || !rk) {
        free(sc);
        free(v);
        free(rk);
        return -1;
    }
    for (int i = 0; i < us->n; i++) {
        sc[i] = us->u[i].total;
        v[i] = us->u[i].veto;
    }
    assess_rank(sc, v, us->n, rk);
    for (int i = 0; i < us->n; i++)
        us->u[i].rank = rk[i];
    free(sc);
    free(v);
    free(rk);
    return 0;
}

static int64_t compute_run(struct store *s, int64_t org_id, const char *path, int year,
                           int64_t as_of, int64_t user_id, int64_t now)
{
    int64_t from = prog_day_start(xa_days_from_civil(year, 1, 1));
    int64_t to = prog_day_start(xa_days_from_civil(year + 1, 1, 1));
    if (as_of > to)
        as_of = to;
    struct assess_scheme scheme;
    json_t *sj = store_assess_scheme(s, path, year);
    if (!sj && store_errclass(s) != DB_OK)
        return -1;
    if (!sj || assess_scheme_parse(json_object_get(sj, "indicators"), &scheme, NULL))
        assess_scheme_default(&scheme);
    json_decref(sj);
    int64_t deadline = store_report_deadline_min(s, path);
    if (deadline < 0)
        return -1;
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    struct units sch = {0}, cty = {0};
    int64_t run = -1;
    json_t *drill_settings = store_drill_settings_all(s);
    if (!drill_settings || units_load(s, &sch, "school", lo, hi) ||
        units_load(s, &cty, "county", lo, hi) || gather(s, &sch, &cty, year, lo, hi, from, to))
        goto out;
    for (int i = 0; i < sch.n; i++) {
        struct unit *u = &sch.u[i];
        school_facts(u, year, as_of, deadline, drill_settings);
        struct assess_result r;
        assess_score(&scheme, &u->f, &r);
        u->total = r.total;
        u->veto = r.veto;
        u->detail = assess_result_json(&r, &u->f);
        for (int k = 0; k < cty.n; k++)
            if (strncmp(u->path, cty.u[k].path, strlen(cty.u[k].path)) == 0)
                u->county = k;
    }
    for (int k = 0; k < cty.n; k++) {
        struct unit *c = &cty.u[k];
        double *t = malloc(((size_t)sch.n + 1) * sizeof(double));
        if (!t)
            goto out;
        int n = 0, vetoed = 0;
        for (int i = 0; i < sch.n; i++)
            if (sch.u[i].county == k) {
                t[n++] = sch.u[i].total;
                vetoed += sch.u[i].veto;
            }
        double acc = assess_accountability_points(&scheme, &c->f);
        c->total = assess_county_score(t, n, c->f.adjust - acc);
        double mean = n ? assess_county_score(t, n, 0) : 0;
        free(t);
        c->veto = assess_has_veto(&scheme) && c->f.bureau_vetoes > 0;
        int64_t nacc = 0;
        for (int m = 0; m < ASSESS_MEASURES; m++)
            nacc += c->f.accountability[m];
        c->detail = json_pack("{s:f, s:s, s:b, s:i, s:f, s:f, s:i, s:f, s:I, s:I}", "total",
                              c->total, "result",
                              c->veto ? "veto" : assess_result_of(c->total), "veto", c->veto,
                              "schools", n, "mean", mean, "adjust", c->f.adjust, "veto_schools",
                              vetoed, "accountability_points", -acc, "accountability",
                              (json_int_t)nacc, "bureau_vetoes", (json_int_t)c->f.bureau_vetoes);
        json_object_set_new(c->detail, "veto_reasons",
                            c->veto ? json_pack("[{s:s, s:s}]", "kind", "bureau", "text",
                                                "上级教育局一票否决（治理不力或造成严重负面影响）")
                                    : json_array());
    }
    for (int k = 0; k < 2; k++) {
        struct units *us = k ? &cty : &sch;
        for (int i = 0; i < us->n; i++)
            if (us->u[i].veto)
                strip_generic_bureau_reason(&us->u[i]);
        if (each_row(s, us,
                     Q(s,
                       "SELECT v.org_id, v.kind, v.reason, b.name FROM assess_vetoes v JOIN orgs b "
                       "ON b.id = v.by_org_id WHERE v.deleted_at IS NULL AND v.year = ? AND "
                       "v.org_path >= ? AND v.org_path < ? ORDER BY v.id",
                       DB_INT(year), DB_TEXT(lo), DB_TEXT(hi)),
                     r_veto_detail, NULL))
            goto out;
    }
    if (rank_units(&sch) || rank_units(&cty))
        goto out;
    json_t *schj = assess_scheme_json(&scheme);
    char *schtxt = json_dumps(schj, JSON_COMPACT);
    json_decref(schj);
    if (!schtxt)
        goto out;
    if (EXEC(s,
             "UPDATE assess_runs SET superseded_at = ? WHERE org_path = ? AND year = ? AND "
             "superseded_at IS NULL",
             DB_INT(now), DB_TEXT(path), DB_INT(year)) < 0 ||
        INT1(s, &run,
             "INSERT INTO assess_runs (org_id, org_path, year, state, scheme_json, as_of, "
             "computed_at, computed_by) VALUES (?, ?, ?, 'computed', ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(path), DB_INT(year), DB_TEXT(schtxt), DB_INT(as_of),
             DB_INT(now), DB_ID(user_id)) != 1) {
        free(schtxt);
        run = -1;
        goto out;
    }
    free(schtxt);
    for (int i = 0; i < sch.n; i++)
        if (put_score(s, run, &sch.u[i], "school",
                      json_string_value(json_object_get(sch.u[i].detail, "result")))) {
            run = -1;
            goto out;
        }
    for (int k = 0; k < cty.n; k++)
        if (put_score(s, run, &cty.u[k], "county",
                      cty.u[k].veto ? "veto" : assess_result_of(cty.u[k].total))) {
            run = -1;
            goto out;
        }
out:
    json_decref(drill_settings);
    units_release(&sch);
    units_release(&cty);
    return run;
}

int64_t store_assess_compute(struct change *c, int64_t org_id, const char *path, int year,
                             int64_t as_of, const struct scope *sc, json_t **result)
{
    int64_t run = compute_run(c->s, org_id, path, year, as_of, c->user_id, c->at);
    if (run < 0)
        return -1;
    json_t *res = store_assess_result(c->s, path, year, sc);
    if (!res)
        return -1;
    json_t *note = json_pack("{s:i, s:I, s:I}", "year", year, "schools",
                             (json_int_t)json_array_size(json_object_get(res, "schools")),
                             "counties",
                             (json_int_t)json_array_size(json_object_get(res, "counties")));
    int rc = change_audit(c, "compute", "assess_run", run, org_id, path, NULL, note, NULL);
    json_decref(note);
    if (rc) {
        json_decref(res);
        return -1;
    }
    sx_give(res, result);
    return run;
}

int store_assess_finalize(struct change *c, int64_t org_id, const char *path, int year,
                          const struct scope *sc, json_t **result)
{
    int64_t n = EXEC(c->s,
                     "UPDATE assess_runs SET state = 'final', finalized_at = ?, finalized_by = ? "
                     "WHERE org_path = ? AND year = ? AND superseded_at IS NULL AND state = "
                     "'computed'",
                     DB_INT(c->at), DB_ID(c->user_id), DB_TEXT(path), DB_INT(year));
    if (n < 0)
        return -1;
    if (n == 0)
        return change_fail(c, XE_ASSESS_NO_RUN, "year");
    json_t *res = store_assess_result(c->s, path, year, sc);
    json_t *run = res ? json_object_get(res, "run") : NULL;
    if (!res || change_audit(c, "finalize", "assess_run", jint(run, "id"), org_id, path, NULL, run,
                             NULL)) {
        json_decref(res);
        return -1;
    }
    return sx_give(res, result);
}

json_t *store_assess_result(struct store *s, const char *path, int year, const struct scope *sc)
{
    char a[ANC_MAX][96];
    ancestors(path, a);
    json_t *run = OBJ1(s,
                       "SELECT r.id, r.org_id, o.name AS org_name, r.org_path, r.year, r.state, "
                       "r.scheme_json, r.as_of AS \"data_at@\", r.computed_at AS \"computed_at@\", "
                       "r.finalized_at AS \"finalized_at@\" FROM "
                       "assess_runs r JOIN orgs o ON o.id = r.org_id WHERE r.year = ? AND "
                       "r.superseded_at IS NULL AND r.org_path IN " ANC_SQL
                       " ORDER BY length(r.org_path) DESC LIMIT 1",
                       DB_INT(year), ANC_PARAMS(a));
    if (!run && store_errclass(s) != DB_OK)
        return NULL;
    json_t *out = json_pack("{s:i, s:o}", "year", year, "run", run ? run : json_null());
    if (!run) {
        json_object_set_new(out, "schools", json_array());
        json_object_set_new(out, "counties", json_array());
        return out;
    }
    struct scope_bind b;
    scope_bind_init(&b, sc);
    int64_t rid = json_integer_value(json_object_get(run, "id"));
    for (int k = 0; k < 2; k++) {
        const char *kind = k ? "county" : "school";
        json_t *rows = ARR(s,
                           "SELECT sc.org_id, sc.org_path, sc.parent_id, p.name AS parent_name, "
                           "sc.name, sc.score, sc.result, sc.veto AS \"veto?\", sc.rank, "
                           "sc.detail_json FROM assess_scores sc LEFT JOIN orgs p ON p.id = "
                           "sc.parent_id WHERE sc.run_id = ? AND sc.kind = ? AND " SCOPE_SQL(
                               "sc.org_path") " ORDER BY sc.rank, sc.name",
                           DB_INT(rid), DB_TEXT(kind), SCOPE_PARAMS(b));
        if (!rows) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, k ? "counties" : "schools", rows);
    }
    return out;
}
