/*
 * account.c - storage of accountability records (问责 / 责任追究): who was
 * held accountable by a bureau, for what, with which measure and decision.
 * See store_assess.h.
 */
#include "core/compat.h"
#include "store/store_assess.h"
#include "store/store_int.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

int64_t store_account_create(struct change *c, const struct account_in *in, const char *note,
                             json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO accountability (by_org_id, by_org_path, org_id, org_path, target, person, "
             "person_title, reason, measure, decision_no, decision_date, incident_id, hazard_id, "
             "inspection_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?) RETURNING id",
             DB_INT(in->by_org_id), DB_TEXT(in->by_org_path), DB_INT(in->org_id),
             DB_TEXT(in->org_path), DB_TEXT(in->target), DB_TEXT(nz(in->person)),
             DB_TEXT(nz(in->person_title)), DB_TEXT(in->reason), DB_TEXT(in->measure),
             DB_TEXT(nz(in->decision_no)), DB_TEXT(in->date), DB_ID(in->incident_id),
             DB_ID(in->hazard_id), DB_ID(in->inspection_id), DB_INT(now), DB_ID(user_id)) != 1)
        return -1;
    json_t *a = store_account_get(s, id);
    if (!a || change_audit(c, "create", "accountability", id, in->org_id, in->org_path, NULL, a,
                           note)) {
        json_decref(a);
        return -1;
    }
    if (after)
        *after = a;
    else
        json_decref(a);
    return id;
}

/* decided_on: the decision date ("YYYY-MM-DD") */
#define AC_COLS                                                                                    \
    "a.id, a.by_org_id, b.name AS by_org_name, a.org_id, o.name AS org_name, o.kind AS org_kind, " \
    "a.org_path, a.target, a.person, a.person_title, a.reason, a.measure, a.decision_no, "         \
    "a.decision_date AS decided_on, a.incident_id, i.title AS incident_title, a.hazard_id, "       \
    "h.title AS hazard_title, a.inspection_id, n.title AS inspection_title, "                      \
    "a.created_at AS \"created_at@\", "                                                            \
    "u.name AS created_by_name"
#define AC_FROM                                                                                    \
    " FROM accountability a JOIN orgs o ON o.id = a.org_id JOIN orgs b ON b.id = a.by_org_id "     \
    "LEFT JOIN incidents i ON i.id = a.incident_id LEFT JOIN hazards h ON h.id = a.hazard_id "     \
    "LEFT JOIN inspections n ON n.id = a.inspection_id LEFT JOIN users u ON u.id = a.created_by"

json_t *store_account_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " AC_COLS AC_FROM " WHERE a.id = ? AND a.deleted_at IS NULL",
                DB_INT(id));
}

int store_account_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM accountability WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_account_list(struct store *s, const struct scope *sc, const char *measure,
                           int year, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char d0[24] = "", d1[24] = "";
    if (year > 0) {
        snprintf(d0, sizeof(d0), "%04d-01-01", year);
        snprintf(d1, sizeof(d1), "%04d-12-31", year);
    }
    const char *m = nz(measure);
#define A_WHERE                                                                                    \
    " WHERE a.deleted_at IS NULL AND " SCOPE_SQL("a.org_path") " AND (? = '' OR a.measure = ?) "  \
                                                               "AND (? = '' OR (a.decision_date " \
                                                               ">= ? AND a.decision_date <= ?))"
#define A_PARAMS SCOPE_PARAMS(b), DB_TEXT(m), DB_TEXT(m), DB_TEXT(d0), DB_TEXT(d0), DB_TEXT(d1)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*) FROM accountability a" A_WHERE, A_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " AC_COLS AC_FROM A_WHERE
                        " ORDER BY a.decision_date DESC, a.id DESC LIMIT ? OFFSET ?",
                        A_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
    json_t *by = items ? ARR(s,
                             "SELECT a.measure, COUNT(*) AS n FROM accountability a" A_WHERE
                             " GROUP BY a.measure ORDER BY a.measure",
                             A_PARAMS)
                       : NULL;
#undef A_WHERE
#undef A_PARAMS
    if (!by) {
        json_decref(items);
        return NULL;
    }
    json_t *out = store_page_json(items, total, pg);
    json_object_set_new(out, "by_measure", by);
    return out;
}
