/*
 * report.c - report queries (see store_report.h).
 */
#include "core/compat.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "store/store_int.h"
#include "store/store_report.h"

/* The report units: direct children of ?, or ? itself. 4 placeholders. */
#define UNITS "c.deleted_at IS NULL AND ((? = 1 AND c.id = ?) OR (? = 0 AND c.parent_id = ?))"
#define UNITS_P(self, id) DB_INT(self), DB_INT(id), DB_INT(self), DB_INT(id)
/* col lies in the subtree of unit c. */
#define IN_UNIT(col) "(" col " >= c.path AND " col " < (substr(c.path, 1, length(c.path) - 1) || '0'))"
#define OPEN_STATES "('reported','assigned','rectifying','submitted')"

enum {
    U_FOUND,
    U_FOUND_MAJOR,
    U_RECTIFIED,
    U_OPEN,
    U_OVERDUE,
    U_MAJOR_OPEN,
    U_PATROLS,
    U_PLANNED,
    U_SCHOOLS,
    U_SUBMITTED,
    U_LATE,
    U_REBOUNDS,
    U_CLOSED_OF_FOUND,
    U_N
};
static const char *const unit_keys[U_N] = {
    "found",   "found_major",     "rectified", "open",      "overdue",
    "major_open", "patrols_done", "patrols_planned", "schools", "submitted",
    "late",    "rebounds",        "closed_of_found",
};

struct unit {
    int64_t id;
    json_t *obj;
    int64_t v[U_N];
    bool set[U_N];
};

struct units {
    size_t n;
    struct unit *u;
};

static struct unit *unit_find(struct units *us, int64_t id)
{
    size_t lo = 0, hi = us->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (us->u[mid].id < id)
            lo = mid + 1;
        else if (us->u[mid].id > id)
            hi = mid;
        else
            return &us->u[mid];
    }
    return NULL;
}

static int cmp_unit(const void *a, const void *b)
{
    int64_t x = ((const struct unit *)a)->id, y = ((const struct unit *)b)->id;
    return x < y ? -1 : x > y;
}

/* Runs a query whose rows are (unit id, value for k0, value for k1, ...)
 * and stores the values into the units. */
static int fill(struct store *s, struct units *us, const int *keys, int nkeys, const char *sql,
                int n, const struct db_val *p)
{
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1) {
        struct unit *u = unit_find(us, s->drv->col_int(st, 0));
        if (!u)
            continue;
        for (int k = 0; k < nkeys; k++)
            u->v[keys[k]] += s->drv->col_null(st, k + 1) ? 0 : s->drv->col_int(st, k + 1);
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}
#define FILL(s, us, keys, sql, ...)                                                                \
    fill(s, us, keys, (int)XA_ARRAY_LEN(keys), sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))

static void mark(struct units *us, const int *keys, int nkeys)
{
    for (size_t i = 0; i < us->n; i++)
        for (int k = 0; k < nkeys; k++)
            us->u[i].set[keys[k]] = true;
}

static int units_hazards(struct store *s, struct units *us, int64_t id, int self, int64_t from,
                         int64_t to)
{
    static const int k_found[] = {U_FOUND, U_FOUND_MAJOR};
    static const int k_rect[] = {U_RECTIFIED};
    static const int k_open[] = {U_OPEN};
    static const int k_over[] = {U_OVERDUE};
    static const int k_major[] = {U_MAJOR_OPEN};
    mark(us, k_found, 2);
    mark(us, k_rect, 1);
    mark(us, k_open, 1);
    mark(us, k_over, 1);
    mark(us, k_major, 1);
    if (FILL(s, us, k_found,
             "SELECT c.id, COUNT(h.id), SUM(CASE WHEN h.grade = 'major' THEN 1 ELSE 0 END) "
             "FROM orgs c JOIN hazards h ON h.found_at >= ? AND h.found_at < ? AND " IN_UNIT(
                 "h.org_path") " AND h.deleted_at IS NULL WHERE " UNITS " GROUP BY c.id",
             DB_INT(from), DB_INT(to), UNITS_P(self, id)) < 0)
        return -1;
    if (FILL(s, us, k_rect,
             "SELECT c.id, COUNT(DISTINCT e.hazard_id) FROM orgs c JOIN hazard_events e ON "
             "e.at >= ? AND e.at < ? AND " IN_UNIT("e.org_path") " AND e.action = 'close' "
             "WHERE " UNITS " GROUP BY c.id",
             DB_INT(from), DB_INT(to), UNITS_P(self, id)) < 0)
        return -1;
    /* current totals: the incremental counters */
    if (FILL(s, us, k_open,
             "SELECT c.id, st.n FROM orgs c JOIN hazard_stats st ON st.org_id = c.id AND "
             "st.bucket = 'open' WHERE " UNITS,
             UNITS_P(self, id)) < 0)
        return -1;
    if (FILL(s, us, k_over,
             "SELECT c.id, st.n FROM orgs c JOIN hazard_stats st ON st.org_id = c.id AND "
             "st.bucket = 'overdue' WHERE " UNITS,
             UNITS_P(self, id)) < 0)
        return -1;
    return FILL(s, us, k_major,
                "SELECT c.id, COUNT(h.id) FROM orgs c JOIN hazards h ON h.state IN " OPEN_STATES
                " AND " IN_UNIT("h.org_path") " AND h.grade = 'major' AND h.deleted_at IS NULL "
                "WHERE " UNITS " GROUP BY c.id",
                UNITS_P(self, id));
}

static int units_patrols(struct store *s, struct units *us, int64_t id, int self, int64_t from,
                         int64_t to, int monthly_times)
{
    static const int k_done[] = {U_PATROLS};
    static const int k_plan[] = {U_PLANNED};
    mark(us, k_done, 1);
    mark(us, k_plan, 1);
    if (FILL(s, us, k_done,
             "SELECT c.id, COUNT(p.id) FROM orgs c JOIN patrol_records p ON p.checked_at >= ? "
             "AND p.checked_at < ? AND " IN_UNIT("p.org_path") " WHERE " UNITS " GROUP BY c.id",
             DB_INT(from), DB_INT(to), UNITS_P(self, id)) < 0)
        return -1;
    return FILL(s, us, k_plan,
                "SELECT c.id, SUM(CASE pl.frequency WHEN 'daily' THEN 5 WHEN 'weekly' THEN 1 "
                "WHEN 'monthly' THEN CAST(? AS BIGINT) ELSE 0 END) FROM orgs c "
                "JOIN patrol_plans pl ON " IN_UNIT("pl.org_path") " AND pl.deleted_at IS NULL "
                "JOIN patrol_plan_points pp ON pp.plan_id = pl.id "
                "JOIN risk_points rp ON rp.id = pp.risk_point_id AND rp.deleted_at IS NULL "
                "WHERE " UNITS " GROUP BY c.id",
                DB_INT(monthly_times), UNITS_P(self, id));
}

static int units_submit(struct store *s, struct units *us, int64_t id, int self,
                        const char *period)
{
    static const int k[] = {U_SCHOOLS, U_SUBMITTED, U_LATE};
    mark(us, k, 3);
    return FILL(s, us, k,
                "SELECT c.id, COUNT(o.id), COUNT(rs.id), SUM(CASE WHEN rs.late = 1 THEN 1 ELSE 0 "
                "END) FROM orgs c JOIN orgs o ON " IN_UNIT("o.path") " AND o.kind = 'school' AND "
                "o.deleted_at IS NULL LEFT JOIN report_submissions rs ON rs.org_id = o.id AND "
                "rs.kind = 'weekly' AND rs.period = ? WHERE " UNITS " GROUP BY c.id",
                DB_TEXT(period), UNITS_P(self, id));
}

static int units_month(struct store *s, struct units *us, int64_t id, int self, int64_t from,
                       int64_t to)
{
    static const int k_reb[] = {U_REBOUNDS};
    static const int k_cf[] = {U_CLOSED_OF_FOUND};
    mark(us, k_reb, 1);
    mark(us, k_cf, 1);
    if (FILL(s, us, k_reb,
             "SELECT c.id, COUNT(e.hazard_id) FROM orgs c JOIN hazard_events e ON e.at >= ? AND "
             "e.at < ? AND " IN_UNIT("e.org_path") " AND (e.action = 'reopen' OR (e.action = "
             "'recheck' AND e.pass = 0)) WHERE " UNITS " GROUP BY c.id",
             DB_INT(from), DB_INT(to), UNITS_P(self, id)) < 0)
        return -1;
    return FILL(s, us, k_cf,
                "SELECT c.id, COUNT(h.id) FROM orgs c JOIN hazards h ON h.found_at >= ? AND "
                "h.found_at < ? AND " IN_UNIT("h.org_path") " AND h.deleted_at IS NULL AND "
                "h.state IN ('verified','closed') WHERE " UNITS " GROUP BY c.id",
                DB_INT(from), DB_INT(to), UNITS_P(self, id));
}

json_t *store_report_units(struct store *s, int64_t org_id, bool self, int64_t from, int64_t to,
                           const char *period, int monthly_times, unsigned want)
{
    int sf = self ? 1 : 0;
    json_t *list = ARR(s,
                       "SELECT c.id, c.name, c.kind, c.code, c.path FROM orgs c WHERE " UNITS
                       " ORDER BY c.code, c.id",
                       UNITS_P(sf, org_id));
    if (!list)
        return NULL;
    struct units us = {json_array_size(list), NULL};
    us.u = calloc(us.n ? us.n : 1, sizeof(*us.u));
    if (!us.u)
        abort();
    for (size_t i = 0; i < us.n; i++) {
        us.u[i].obj = json_array_get(list, i);
        us.u[i].id = json_integer_value(json_object_get(us.u[i].obj, "id"));
    }
    qsort(us.u, us.n, sizeof(*us.u), cmp_unit);
    int rc = 0;
    if (!rc && (want & RPU_HAZARDS))
        rc = units_hazards(s, &us, org_id, sf, from, to);
    if (!rc && (want & RPU_PATROLS))
        rc = units_patrols(s, &us, org_id, sf, from, to, monthly_times);
    if (!rc && (want & RPU_SUBMIT))
        rc = units_submit(s, &us, org_id, sf, period ? period : "");
    if (!rc && (want & RPU_MONTH))
        rc = units_month(s, &us, org_id, sf, from, to);
    for (size_t i = 0; i < us.n && !rc; i++) {
        json_t *o = us.u[i].obj;
        json_object_set(o, "org_id", json_object_get(o, "id"));
        json_object_del(o, "id");
        for (int k = 0; k < U_N; k++)
            if (us.u[i].set[k])
                json_object_set_new(o, unit_keys[k], json_integer(us.u[i].v[k]));
    }
    free(us.u);
    if (rc) {
        json_decref(list);
        return NULL;
    }
    return list;
}

/* ---- breakdown by category and grade ---- */

static const char *jstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

struct cg {
    char category[48], grade[16];
    int64_t found, rectified, open, overdue;
};

static struct cg *cg_get(struct cg *v, size_t *n, size_t cap, const char *cat, const char *grade)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(v[i].category, cat) && !strcmp(v[i].grade, grade))
            return &v[i];
    if (*n >= cap)
        return NULL;
    struct cg *c = &v[(*n)++];
    memset(c, 0, sizeof(*c));
    snprintf(c->category, sizeof(c->category), "%s", cat);
    snprintf(c->grade, sizeof(c->grade), "%s", grade);
    return c;
}

json_t *store_report_breakdown(struct store *s, const char *path, int64_t from, int64_t to)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    enum { CAP = 256 };
    struct cg *v = calloc(CAP, sizeof(*v));
    if (!v)
        abort();
    size_t n = 0;
    struct {
        const char *sql;
        int nparams;
        struct db_val p[4];
    } qs[3] = {
        {"SELECT category, grade, COUNT(*), 0 FROM hazards WHERE found_at >= ? AND found_at < ? "
         "AND org_path >= ? AND org_path < ? AND deleted_at IS NULL GROUP BY category, grade",
         4,
         {DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)}},
        {"SELECT h.category, h.grade, COUNT(DISTINCT e.hazard_id), 0 FROM hazard_events e "
         "JOIN hazards h ON h.id = e.hazard_id WHERE e.at >= ? AND e.at < ? AND e.org_path >= ? "
         "AND e.org_path < ? AND e.action = 'close' AND h.deleted_at IS NULL "
         "GROUP BY h.category, h.grade",
         4,
         {DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)}},
        {"SELECT category, grade, COUNT(*), SUM(overdue) FROM hazards WHERE state IN " OPEN_STATES
         " AND org_path >= ? AND org_path < ? AND deleted_at IS NULL GROUP BY category, grade",
         2,
         {DB_TEXT(lo), DB_TEXT(hi)}},
    };
    int rc = 0;
    for (int q = 0; q < 3 && !rc; q++) {
        struct db_stmt *st = s->drv->query(s->db, qs[q].sql, qs[q].nparams, qs[q].p);
        if (!st) {
            rc = -1;
            break;
        }
        int r;
        while ((r = s->drv->step(st)) == 1) {
            struct cg *c = cg_get(v, &n, CAP, s->drv->col_text(st, 0), s->drv->col_text(st, 1));
            if (!c)
                continue;
            int64_t a = s->drv->col_int(st, 2), b = s->drv->col_int(st, 3);
            if (q == 0)
                c->found += a;
            else if (q == 1)
                c->rectified += a;
            else {
                c->open += a;
                c->overdue += b;
            }
        }
        s->drv->finish(st);
        if (r < 0)
            rc = -1;
    }
    json_t *names = rc ? NULL : ARR(s, "SELECT code, name_zh FROM categories WHERE ? = ? "
                                       "ORDER BY sort, code",
                                    DB_INT(1), DB_INT(1));
    json_t *out = NULL;
    if (names) {
        out = json_array();
        /* in the categories' order, unknown codes last */
        size_t nn = json_array_size(names);
        for (size_t pass = 0; pass <= nn; pass++) {
            const char *code = pass < nn ? jstr(json_array_get(names, pass), "code") : NULL;
            const char *zh = pass < nn ? jstr(json_array_get(names, pass), "name_zh") : NULL;
            for (int g = 0; g < 2; g++) {
                const char *grade = g ? "major" : "general";
                for (size_t i = 0; i < n; i++) {
                    bool known = false;
                    for (size_t k = 0; k < nn && !code; k++)
                        known |= !strcmp(v[i].category,
                                         jstr(json_array_get(names, k), "code"));
                    if (strcmp(v[i].grade, grade))
                        continue;
                    if (code ? strcmp(v[i].category, code) != 0 : known)
                        continue;
                    json_array_append_new(
                        out, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "category",
                                       v[i].category, "category_name", zh ? zh : v[i].category,
                                       "grade", v[i].grade, "found", (json_int_t)v[i].found,
                                       "rectified", (json_int_t)v[i].rectified, "open",
                                       (json_int_t)v[i].open, "overdue",
                                       (json_int_t)v[i].overdue));
                }
            }
        }
        json_decref(names);
    }
    free(v);
    return out;
}

int store_report_rechecks(struct store *s, const char *path, int64_t from, int64_t to,
                          int64_t *pass, int64_t *fail)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    *pass = *fail = 0;
    struct db_stmt *st = Q(s,
                           "SELECT COALESCE(SUM(CASE WHEN pass = 1 THEN 1 ELSE 0 END), 0), "
                           "COALESCE(SUM(CASE WHEN pass = 0 THEN 1 ELSE 0 END), 0) "
                           "FROM hazard_events WHERE at >= ? AND at < ? AND org_path >= ? AND "
                           "org_path < ? AND action = 'recheck'",
                           DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *pass = s->drv->col_int(st, 0);
        *fail = s->drv->col_int(st, 1);
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}

#define HZ_LIST_COLS                                                                               \
    "h.id, h.title, h.category, h.grade, h.state, h.org_id AS school_id, o.name AS school, "       \
    "h.found_at, h.deadline AS deadline_at, h.overdue AS \"overdue?\", h.supervised AS "          \
    "\"supervised?\", h.rebounds, h.five_responsible, h.five_measures, h.five_funds, "             \
    "h.five_deadline AS five_deadline_at, h.five_plan, h.safeguards, h.plan_approved AS "         \
    "\"plan_approved?\""

json_t *store_report_major_open(struct store *s, const char *path, int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT " HZ_LIST_COLS " FROM hazards h JOIN orgs o ON o.id = h.org_id "
               "WHERE h.state IN " OPEN_STATES " AND h.org_path >= ? AND h.org_path < ? AND "
               "h.grade = 'major' AND h.deleted_at IS NULL ORDER BY h.found_at, h.id LIMIT ?",
               DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

json_t *store_report_overdue_list(struct store *s, const char *path, int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT " HZ_LIST_COLS " FROM hazards h JOIN orgs o ON o.id = h.org_id "
               "WHERE h.state IN " OPEN_STATES " AND h.org_path >= ? AND h.org_path < ? AND "
               "h.overdue = 1 AND h.deleted_at IS NULL ORDER BY h.deadline, h.id LIMIT ?",
               DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

json_t *store_report_rebound_list(struct store *s, const char *path, int64_t from, int64_t to,
                                  int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT " HZ_LIST_COLS " FROM hazards h JOIN orgs o ON o.id = h.org_id "
               "WHERE h.id IN (SELECT e.hazard_id FROM hazard_events e WHERE e.at >= ? AND "
               "e.at < ? AND e.org_path >= ? AND e.org_path < ? AND (e.action = 'reopen' OR "
               "(e.action = 'recheck' AND e.pass = 0))) AND h.deleted_at IS NULL "
               "ORDER BY h.id LIMIT ?",
               DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

/* ---- submissions ---- */

int64_t store_report_deadline_min(struct store *s, const char *path)
{
    int64_t v = 720;
    int rc = INT1(s, &v,
                  "SELECT weekly_deadline_min FROM report_settings WHERE "
                  "CAST(? AS TEXT) LIKE org_path || '%' ORDER BY length(org_path) DESC LIMIT 1",
                  DB_TEXT(path));
    return rc < 0 ? -1 : v;
}

int store_report_set_deadline(struct store *s, int64_t org_id, const char *path, int64_t minutes,
                              int64_t user_id, int64_t now)
{
    return EXEC(s,
                "INSERT INTO report_settings (org_id, org_path, weekly_deadline_min, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
                "weekly_deadline_min = excluded.weekly_deadline_min, updated_at = "
                "excluded.updated_at, updated_by = excluded.updated_by",
                DB_INT(org_id), DB_TEXT(path), DB_INT(minutes), DB_INT(now), DB_ID(user_id)) < 0
               ? -1
               : 0;
}

json_t *store_report_submission(struct store *s, int64_t org_id, const char *period)
{
    return OBJ1(s,
                "SELECT id, period, org_id, note, summary_json, submitted_by, submitted_at, "
                "deadline_at, late AS \"late?\" FROM report_submissions WHERE kind = 'weekly' "
                "AND period = ? AND org_id = ?",
                DB_TEXT(period), DB_INT(org_id));
}

int64_t store_report_submit(struct store *s, int64_t org_id, const char *path,
                            const char *period, const char *note, json_t *summary,
                            int64_t user_id, int64_t now, int64_t deadline_at, bool late)
{
    char *js = json_dumps(summary, JSON_COMPACT);
    int64_t id = 0;
    int rc = INT1(s, &id,
                  "INSERT INTO report_submissions (kind, period, org_id, org_path, note, "
                  "summary_json, submitted_by, submitted_at, deadline_at, late) "
                  "VALUES ('weekly', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_TEXT(period), DB_INT(org_id), DB_TEXT(path), DB_TEXT(note ? note : ""),
                  DB_TEXT(js ? js : "{}"), DB_ID(user_id), DB_INT(now), DB_INT(deadline_at),
                  DB_INT(late ? 1 : 0));
    free(js);
    return rc == 1 ? id : -1;
}

json_t *store_report_unsubmitted(struct store *s, const char *path, const char *period,
                                 int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT o.id AS org_id, o.name, o.code, o.path, rs.submitted_at, "
               "CASE WHEN rs.id IS NULL THEN 0 ELSE 1 END AS \"submitted?\" FROM orgs o "
               "LEFT JOIN report_submissions rs ON rs.org_id = o.id AND rs.kind = 'weekly' AND "
               "rs.period = ? WHERE o.kind = 'school' AND o.deleted_at IS NULL AND o.path >= ? "
               "AND o.path < ? AND (rs.id IS NULL OR rs.late = 1) "
               "ORDER BY CASE WHEN rs.id IS NULL THEN 0 ELSE 1 END, o.path LIMIT ?",
               DB_TEXT(period), DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

/* ---- ledger ---- */

json_t *store_report_ledger(struct store *s, const char *path, int limit, int64_t *total)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    if (INT1(s, total,
             "SELECT COUNT(*) FROM hazards WHERE org_path >= ? AND org_path < ? AND "
             "deleted_at IS NULL",
             DB_TEXT(lo), DB_TEXT(hi)) < 0)
        return NULL;
    json_t *rows = ARR(s,
                       "SELECT h.id, o.name AS school, h.title, h.category, "
                       "COALESCE(c.name_zh, h.category) AS category_name, h.grade, h.source, "
                       "h.location, h.state, h.found_at, h.deadline AS deadline_at, "
                       "h.closed_at, h.overdue AS \"overdue?\", h.rebounds, "
                       "h.five_responsible, h.five_funds "
                       "FROM hazards h JOIN orgs o ON o.id = h.org_id LEFT JOIN categories c ON "
                       "c.code = h.category WHERE h.org_path >= ? AND h.org_path < ? AND "
                       "h.deleted_at IS NULL ORDER BY h.id DESC LIMIT ?",
                       DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
    if (!rows || json_array_size(rows) == 0)
        return rows;
    /* the history of the listed hazards: one range scan on hazard_events_h */
    int64_t min_id = json_integer_value(
        json_object_get(json_array_get(rows, json_array_size(rows) - 1), "id"));
    int64_t max_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
    struct db_stmt *st = Q(s,
                           "SELECT e.hazard_id, e.at, e.action, e.to_state, e.actor_name, e.note, "
                           "e.reason FROM hazard_events e WHERE e.hazard_id >= ? AND "
                           "e.hazard_id <= ? AND e.org_path >= ? AND e.org_path < ? "
                           "ORDER BY e.hazard_id DESC, e.id",
                           DB_INT(min_id), DB_INT(max_id), DB_TEXT(lo), DB_TEXT(hi));
    if (!st) {
        json_decref(rows);
        return NULL;
    }
    size_t i = 0, n = json_array_size(rows);
    struct strbuf sb = STRBUF_INIT;
    int64_t cur = -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1) {
        int64_t hid = s->drv->col_int(st, 0);
        if (hid != cur) {
            if (cur >= 0) {
                for (; i < n; i++) {
                    json_t *o = json_array_get(rows, i);
                    if (json_integer_value(json_object_get(o, "id")) == cur) {
                        json_object_set_new(o, "history", json_string(sb.buf));
                        break;
                    }
                }
            }
            strbuf_reset(&sb);
            cur = hid;
        }
        char when[40];
        xa_time_format(s->drv->col_int(st, 1), when, sizeof(when));
        when[16] = '\0';
        when[10] = ' ';
        const char *actor = s->drv->col_text(st, 4), *note = s->drv->col_text(st, 5),
                   *reason = s->drv->col_text(st, 6);
        strbuf_addf(&sb, "%s%s %s→%s", sb.len ? "；" : "", when, s->drv->col_text(st, 2),
                    s->drv->col_text(st, 3));
        if (actor && *actor)
            strbuf_addf(&sb, " %s", actor);
        if (reason && *reason)
            strbuf_addf(&sb, "：%s", reason);
        else if (note && *note)
            strbuf_addf(&sb, "：%s", note);
    }
    if (cur >= 0)
        for (; i < n; i++) {
            json_t *o = json_array_get(rows, i);
            if (json_integer_value(json_object_get(o, "id")) == cur) {
                json_object_set_new(o, "history", json_string(sb.buf));
                break;
            }
        }
    strbuf_release(&sb);
    s->drv->finish(st);
    if (rc < 0) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}

json_t *store_report_notice(struct store *s, int64_t hazard_id)
{
    return OBJ1(s,
                "SELECT h.id, h.org_id, h.org_path, h.title, h.description, h.location, "
                "h.category, COALESCE(c.name_zh, h.category) AS category_name, h.grade, h.state, "
                "h.found_at, h.deadline AS deadline_at, h.five_deadline AS five_deadline_at, "
                "h.five_measures, h.safeguards, o.name AS school, "
                "COALESCE(b.name, '') AS bureau, COALESCE(u.name, '') AS reporter "
                "FROM hazards h JOIN orgs o ON o.id = h.org_id "
                "LEFT JOIN orgs b ON b.id = o.parent_id "
                "LEFT JOIN categories c ON c.code = h.category "
                "LEFT JOIN users u ON u.id = h.reporter_id "
                "WHERE h.id = ? AND h.deleted_at IS NULL",
                DB_INT(hazard_id));
}

json_t *store_report_label_points(struct store *s, int64_t school_id)
{
    return ARR(s,
               "SELECT p.id, p.name, p.location, p.level, p.qr_token, "
               "COALESCE(c.name_zh, p.category) AS category_name, o.name AS school "
               "FROM risk_points p JOIN orgs o ON o.id = p.org_id "
               "LEFT JOIN categories c ON c.code = p.category "
               "WHERE p.org_id = ? AND p.deleted_at IS NULL ORDER BY p.level_rank DESC, p.id",
               DB_INT(school_id));
}
