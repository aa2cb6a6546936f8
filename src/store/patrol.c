/*
 * patrol.c - storage of patrol plans, patrol records and missed-patrol
 * detection.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_int.h"
#include "store/store_risk.h"

/* ---- patrol plans ---- */

int64_t store_pplan_create(struct change *c, int64_t org_id, const char *org_path,
                           const char *name, const char *frequency, const int64_t *points,
                           size_t npoints, const int64_t *users, size_t nusers, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t id = 0;
    if (after)
        *after = NULL;
    if (INT1(s, &id,
             "INSERT INTO patrol_plans (org_id, org_path, name, frequency, created_at, "
             "created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(name), DB_TEXT(frequency), DB_INT(now),
             DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    for (size_t i = 0; i < npoints; i++)
        if (EXEC(s,
                 "INSERT INTO patrol_plan_points (plan_id, risk_point_id) VALUES (?, ?) "
                 "ON CONFLICT DO NOTHING",
                 DB_INT(id), DB_INT(points[i])) < 0)
            return -1;
    for (size_t i = 0; i < nusers; i++)
        if (EXEC(s,
                 "INSERT INTO patrol_plan_assignees (plan_id, user_id) VALUES (?, ?) "
                 "ON CONFLICT DO NOTHING",
                 DB_INT(id), DB_INT(users[i])) < 0)
            return -1;
    json_t *o = store_pplan_get(s, id);
    if (!o || change_audit(c, "create", "patrol_plan", id, org_id, org_path, NULL, o, NULL)) {
        json_decref(o);
        return -1;
    }
    if (after)
        *after = o;
    else
        json_decref(o);
    return id;
}

#define PPLAN_COLS                                                                                 \
    "pl.id, pl.org_id, pl.org_path, o.name AS org_name, pl.name, pl.frequency, "                   \
    "pl.created_at AS \"created_at@\", pl.updated_at AS \"updated_at@\""

static json_t *pplan_fill(struct store *s, json_t *pl)
{
    if (!pl) return NULL;
    int64_t id = json_integer_value(json_object_get(pl, "id"));
    json_t *pts = ARR(s,
                      "SELECT p.id, p.name, p.location, p.level FROM patrol_plan_points pp JOIN "
                      "risk_points p ON p.id = pp.risk_point_id WHERE pp.plan_id = ? AND "
                      "p.deleted_at IS NULL ORDER BY p.id",
                      DB_INT(id));
    json_t *us = pts ? ARR(s,
                           "SELECT u.id, u.name, u.username FROM patrol_plan_assignees a JOIN "
                           "users u ON u.id = a.user_id WHERE a.plan_id = ? ORDER BY u.id",
                           DB_INT(id))
                     : NULL;
    if (!pts || !us) {
        json_decref(pts);
        json_decref(pl);
        return NULL;
    }
    json_object_set_new(pl, "points", pts);
    json_object_set_new(pl, "assignees", us);
    return pl;
}

json_t *store_pplan_get(struct store *s, int64_t id)
{
    return pplan_fill(s, OBJ1(s,
                              "SELECT " PPLAN_COLS " FROM patrol_plans pl JOIN orgs o ON o.id = "
                              "pl.org_id WHERE pl.id = ? AND pl.deleted_at IS NULL",
                              DB_INT(id)));
}

int store_pplan_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM patrol_plans WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_pplan_list(struct store *s, const struct scope *sc, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define PL_WHERE                                                                                   \
    " FROM patrol_plans pl JOIN orgs o ON o.id = pl.org_id WHERE pl.deleted_at IS NULL "           \
    "AND " SCOPE_SQL("pl.org_path")
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" PL_WHERE, SCOPE_PARAMS(b)) < 0) return NULL;
    json_t *items =
        ARR(s, "SELECT " PPLAN_COLS PL_WHERE " ORDER BY pl.org_path, pl.id LIMIT ? OFFSET ?",
            SCOPE_PARAMS(b), DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef PL_WHERE
    if (!items) return NULL;
    size_t i;
    json_t *pl;
    json_array_foreach(items, i, pl)
    {
        json_incref(pl);
        if (!pplan_fill(s, pl)) {
            json_decref(items);
            return NULL;
        }
        json_decref(pl);
    }
    return store_page_json(items, total, pg);
}

int store_user_in_path(struct store *s, int64_t user_id, const char *path)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    int64_t one = 0;
    return INT1(s, &one,
                "SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL AND active = 1 AND "
                "org_path >= ? AND org_path < ?",
                DB_INT(user_id), DB_TEXT(lo), DB_TEXT(hi));
}

/* ---- patrol records ---- */

int64_t store_patrol_create(struct change *c, const struct patrol_in *in)
{
    struct store *s = c->s;
    int64_t now = c->at;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO patrol_records (org_id, org_path, risk_point_id, plan_id, patroller_id, "
             "scanned, scanned_at, checked_at, result, failed_count, note, flags_json, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_INT(in->risk_point_id),
             DB_ID(in->plan_id), DB_ID(in->patroller_id), DB_INT(in->scanned),
             DB_ID(in->scanned_at), DB_INT(now), DB_TEXT(in->result), DB_INT(in->failed_count),
             DB_TEXT(in->note ? in->note : ""), DB_TEXT(in->flags_json ? in->flags_json : "[]"),
             DB_INT(now)) != 1)
        return -1;
    return id;
}

int64_t store_patrol_add_item(struct change *c, int64_t record_id, int64_t item_id,
                              const char *content, const char *result, const char *note,
                              const char *photo_ids_json)
{
    struct store *s = c->s;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO patrol_record_items (record_id, item_id, content, result, note, "
             "photo_ids_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(record_id), DB_ID(item_id), DB_TEXT(content), DB_TEXT(result),
             DB_TEXT(note ? note : ""), DB_TEXT(photo_ids_json ? photo_ids_json : "[]")) != 1)
        return -1;
    return id;
}

int store_patrol_item_hazard(struct change *c, int64_t item_row_id, int64_t hazard_id)
{
    return EXEC(c->s, "UPDATE patrol_record_items SET hazard_id = ? WHERE id = ?", DB_INT(hazard_id),
                DB_INT(item_row_id)) < 0
               ? -1
               : 0;
}

int store_patrol_add_photo(struct change *c, int64_t record_id, int64_t photo_id)
{
    return EXEC(c->s,
                "INSERT INTO patrol_photos (record_id, photo_id) VALUES (?, ?) ON CONFLICT DO "
                "NOTHING",
                DB_INT(record_id), DB_INT(photo_id)) < 0
               ? -1
               : 0;
}

#define PR_COLS                                                                                    \
    "r.id, r.org_id, r.org_path, o.name AS org_name, r.risk_point_id, p.name AS "                  \
    "risk_point_name, p.location AS risk_point_location, r.plan_id, r.patroller_id, u.name AS "    \
    "patroller_name, r.scanned AS \"scanned?\", r.scanned_at AS \"scanned_at@\", "                    \
    "r.checked_at AS \"checked_at@\", r.result, "                                             \
    "r.failed_count, r.note, r.flags_json"
#define PR_FROM                                                                                    \
    " FROM patrol_records r JOIN orgs o ON o.id = r.org_id JOIN risk_points p ON p.id = "          \
    "r.risk_point_id LEFT JOIN users u ON u.id = r.patroller_id"

int store_patrol_done(struct change *c, int64_t record_id, json_t **after)
{
    if (after)
        *after = NULL;
    json_t *o = store_patrol_get(c->s, record_id);
    if (!o)
        return -1;
    int rc = change_audit(c, "create", "patrol_record", record_id,
                          json_integer_value(json_object_get(o, "org_id")),
                          json_string_value(json_object_get(o, "org_path")), NULL, o, NULL);
    if (rc || !after)
        json_decref(o);
    else
        *after = o;
    return rc ? -1 : 0;
}

json_t *store_patrol_get(struct store *s, int64_t id)
{
    json_t *r = OBJ1(s, "SELECT " PR_COLS PR_FROM " WHERE r.id = ?", DB_INT(id));
    if (!r) return NULL;
    json_t *items = ARR(s,
                        "SELECT id, item_id, content, result, note, photo_ids_json, hazard_id "
                        "FROM patrol_record_items WHERE record_id = ? ORDER BY id",
                        DB_INT(id));
    if (!items) {
        json_decref(r);
        return NULL;
    }
    json_object_set_new(r, "items", items);
    return r;
}

int store_patrol_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM patrol_records WHERE id = ?", DB_INT(id));
}

json_t *store_patrol_list(struct store *s, const struct scope *sc, int64_t risk_point_id,
                          int64_t from, int64_t to, const char *flag, const struct page *pg)
{
    char like[80] = "";
    if (flag && *flag) snprintf(like, sizeof(like), "%%\"%.40s\"%%", flag);
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define PRL_WHERE                                                                                  \
    PR_FROM " WHERE " SCOPE_SQL("r.org_path") " AND (? = 0 OR r.risk_point_id = ?) AND "           \
                                              "(? = 0 OR r.checked_at >= ?) AND "  \
                                              "(? = 0 OR r.checked_at < ?)"        \
                                              " AND (? = '' OR r.flags_json LIKE ?)"
#define PRL_PARAMS                                                                                 \
    SCOPE_PARAMS(b), DB_INT(risk_point_id), DB_INT(risk_point_id), DB_INT(from), DB_INT(from),     \
        DB_INT(to), DB_INT(to), DB_TEXT(like), DB_TEXT(like)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" PRL_WHERE, PRL_PARAMS) < 0) return NULL;
    json_t *items = ARR(
        s, "SELECT " PR_COLS PRL_WHERE " ORDER BY r.checked_at DESC, r.id DESC LIMIT ? OFFSET ?",
        PRL_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef PRL_WHERE
#undef PRL_PARAMS
    if (!items) return NULL;
    return store_page_json(items, total, pg);
}

int store_patrol_last_by(struct store *s, int64_t patroller_id, int64_t *at, int64_t *point_id)
{
    *at = 0;
    *point_id = 0;
    struct db_stmt *st = Q(s,
                           "SELECT checked_at, risk_point_id FROM patrol_records WHERE "
                           "patroller_id = ? ORDER BY checked_at DESC, id DESC LIMIT 1",
                           DB_INT(patroller_id));
    if (!st) return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *at = s->drv->col_int(st, 0);
        *point_id = s->drv->col_int(st, 1);
    }
    s->drv->finish(st);
    return rc;
}

int store_photo_use_count(struct store *s, int64_t photo_id, int64_t *n)
{
    /* other patrol records using this photo, plus other orgs holding the
     * same content */
    return INT1(s, n,
                "SELECT (SELECT COUNT(*) FROM patrol_photos WHERE photo_id = ?) + "
                "(SELECT COUNT(*) FROM photos q JOIN photos p ON p.id = ? WHERE q.sha256 = "
                "p.sha256 AND q.id <> p.id)",
                DB_INT(photo_id), DB_INT(photo_id)) < 0
               ? -1
               : 0;
}

/* ---- missed patrols ---- */

static int64_t local_midnight(int64_t days)
{
    return days * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

json_t *store_patrol_missed(struct store *s, const struct scope *sc, int64_t day,
                            const struct page *pg)
{
    int64_t z = (day + XA_TZ_OFFSET_MS) / XA_DAY_MS;
    if (day + XA_TZ_OFFSET_MS < 0) z--;
    int64_t weekday = ((z + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday; Monday = 0 */
    int y;
    unsigned m, d;
    xa_civil_from_days(z, &y, &m, &d);
    int64_t m0 = xa_days_from_civil(y, m, 1);
    int64_t m1 = m == 12 ? xa_days_from_civil(y + 1, 1, 1) : xa_days_from_civil(y, m + 1, 1);
    int64_t d_lo = local_midnight(z), d_hi = local_midnight(z + 1);
    int64_t w_lo = local_midnight(z - weekday), w_hi = local_midnight(z - weekday + 7);
    int64_t mo_lo = local_midnight(m0), mo_hi = local_midnight(m1);
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define LO_SQL                                                                                     \
    "CASE p.patrol_frequency WHEN 'daily' THEN ? WHEN 'weekly' THEN ?"    \
    " ELSE ? END"
#define HI_SQL                                                                                     \
    "CASE p.patrol_frequency WHEN 'daily' THEN ? WHEN 'weekly' THEN ?"    \
    " ELSE ? END"
#define MS_WHERE                                                                                   \
    " FROM risk_points p JOIN orgs o ON o.id = p.org_id WHERE p.deleted_at IS NULL "               \
    "AND " SCOPE_SQL(                                                                              \
        "p.org_path") " AND p.created_at < " HI_SQL " AND NOT EXISTS (SELECT 1 FROM "              \
                      "patrol_records r WHERE r.risk_point_id = p.id AND r.checked_at >= " LO_SQL  \
                      " AND r.checked_at < " HI_SQL ")"
#define MS_PARAMS                                                                                  \
    SCOPE_PARAMS(b), DB_INT(d_hi), DB_INT(w_hi), DB_INT(mo_hi), DB_INT(d_lo), DB_INT(w_lo),        \
        DB_INT(mo_lo), DB_INT(d_hi), DB_INT(w_hi), DB_INT(mo_hi)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" MS_WHERE, MS_PARAMS) < 0) return NULL;
    json_t *items =
        ARR(s,
            "SELECT p.id AS risk_point_id, p.name, p.location, p.org_id, o.name AS "
            "org_name, p.patrol_frequency, p.level, p.responsible_name, "
            "p.responsible_user_id, " LO_SQL " AS \"period_start_at@\", " HI_SQL
            " AS \"period_end_at@\"" MS_WHERE " ORDER BY p.org_path, p.id LIMIT ? OFFSET ?",
            DB_INT(d_lo), DB_INT(w_lo), DB_INT(mo_lo), DB_INT(d_hi), DB_INT(w_hi), DB_INT(mo_hi),
            MS_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef LO_SQL
#undef HI_SQL
#undef MS_WHERE
#undef MS_PARAMS
    if (!items) return NULL;
    /* who should have patrolled: the assignees of the plans holding it */
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        json_t *who = ARR(s,
                          "SELECT DISTINCT u.id, u.name FROM patrol_plan_points pp JOIN "
                          "patrol_plans pl ON pl.id = pp.plan_id AND pl.deleted_at IS NULL JOIN "
                          "patrol_plan_assignees a ON a.plan_id = pl.id JOIN users u ON u.id = "
                          "a.user_id WHERE pp.risk_point_id = ? ORDER BY u.id",
                          DB_INT(json_integer_value(json_object_get(it, "risk_point_id"))));
        if (!who) {
            json_decref(items);
            return NULL;
        }
        json_object_set_new(it, "assignees", who);
    }
    return store_page_json(items, total, pg);
}

/* ---- batched loading (demo data) ---- */

#include "store/store_bulk.h"

/* Items may be sent before their records: the foreign key is deferred to
 * the commit (0002_risk.sql). */
struct patrol_batch {
    struct store *s;
    struct bulk *rec, *items;
    int64_t next_rec, next_item;
};

struct patrol_batch *store_patrol_batch_open(struct store *s)
{
    struct patrol_batch *b = calloc(1, sizeof(*b));
    if (!b) abort();
    b->s = s;
    if (INT1(s, &b->next_rec, "SELECT COALESCE(MAX(id), 0) FROM patrol_records WHERE id > ?",
             DB_INT(-1)) < 0 ||
        INT1(s, &b->next_item, "SELECT COALESCE(MAX(id), 0) FROM patrol_record_items WHERE id > ?",
             DB_INT(-1)) < 0) {
        free(b);
        return NULL;
    }
    b->rec = bulk_open(s, "patrol_records",
                       "id, org_id, org_path, risk_point_id, plan_id, patroller_id, scanned, "
                       "scanned_at, checked_at, result, failed_count, note, flags_json, created_at",
                       14);
    b->items = bulk_open(s, "patrol_record_items",
                         "id, record_id, item_id, content, result, note, photo_ids_json", 7);
    if (!b->rec || !b->items) {
        bulk_close(b->rec);
        bulk_close(b->items);
        free(b);
        return NULL;
    }
    return b;
}

int64_t store_patrol_batch_add(struct patrol_batch *b, const struct patrol_in *in,
                               int64_t checked_at, const struct patrol_item_row *items, size_t n)
{
    int64_t id = ++b->next_rec;
    struct db_val rv[14] = {
        DB_INT(id),
        DB_INT(in->org_id),
        DB_TEXT(in->org_path),
        DB_INT(in->risk_point_id),
        DB_ID(in->plan_id),
        DB_ID(in->patroller_id),
        DB_INT(in->scanned),
        DB_ID(in->scanned_at),
        DB_INT(checked_at),
        DB_TEXT(in->result),
        DB_INT(in->failed_count),
        DB_TEXT(in->note ? in->note : ""),
        DB_TEXT(in->flags_json ? in->flags_json : "[]"),
        DB_INT(checked_at),
    };
    if (bulk_row(b->rec, rv)) return -1;
    for (size_t i = 0; i < n; i++) {
        struct db_val iv[7] = {
            DB_INT(++b->next_item),
            DB_INT(id),
            DB_ID(items[i].item_id),
            DB_TEXT(items[i].content ? items[i].content : ""),
            DB_TEXT(items[i].result ? items[i].result : "pass"),
            DB_TEXT(items[i].note ? items[i].note : ""),
            DB_TEXT("[]"),
        };
        if (bulk_row(b->items, iv)) return -1;
    }
    return id;
}

int store_patrol_batch_close(struct patrol_batch *b)
{
    if (!b) return 0;
    int rc = bulk_close(b->rec);
    rc |= bulk_close(b->items);
    struct store *s = b->s;
    free(b);
    /* move the identity sequences past the ids given here (PostgreSQL) */
    int64_t v = 0;
    if (!rc && strcmp(store_backend(s), "postgres") == 0 &&
        (INT1(s, &v,
              "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM "
              "patrol_records), 1))",
              DB_TEXT("patrol_records")) != 1 ||
         INT1(s, &v,
              "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM "
              "patrol_record_items), 1))",
              DB_TEXT("patrol_record_items")) != 1))
        rc = -1;
    return rc ? -1 : 0;
}
