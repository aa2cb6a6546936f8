/*
 * report.c - report queries (see store_report.h).
 */
#include "core/compat.h"
#include "domain/orgtree.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "store/hazard_sql.h"
#include "store/store_int.h"
#include "store/store_report.h"
#include "store/store_hazard.h"


/*
 * How the counters are made: every counter is one query over the subtree of
 * the org whose rows are (org_path, value, ...), grouped by school (or not
 * grouped at all), and each row is added in C to the unit it lies under (the
 * org id following the org's own path in org_path) and to the org's total.
 * So each index range is read once per report, not once per unit.
 *
 * The scan of the hazards found in a period reads the covering index
 * hazards_found (found_at, org_path, category, grade, state, deleted_at) over
 * the period; on SQLite its rows are streamed into C (cheaper than SQLite's
 * sort for GROUP BY), on PostgreSQL they are grouped in SQL (libpq would
 * materialise every row). For a subtree with few hazards (by its counter),
 * the org_path index is used instead. On SQLite, "col || ''" keeps the
 * planner off an org_path index where a range on it would read the whole
 * subtree of a big region.
 */

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
    U_OVERDUE_OF_FOUND,
    U_ONTIME_OF_FOUND,
    U_FORWARDED_OF_FOUND,
    U_ASSIGN_OVERDUE,
    U_FORWARDED,
    U_N
};
static const char *const unit_keys[U_N] = {
    "found",   "found_major",     "rectified", "open",      "overdue",
    "major_open", "patrols_done", "patrols_planned", "schools", "submitted",
    "late",    "rebounds",        "closed_of_found", "overdue_of_found", "on_time_of_found",
    "forwarded_of_found", "assign_overdue", "forwarded",
};

struct unit {
    int64_t id;
    json_t *obj;
    int64_t v[U_N];
    bool set[U_N];
};

struct units {
    size_t n;
    struct unit *u;  /* sorted by id */
    struct unit tot; /* the org itself over its whole subtree */
    int mode;        /* UM_CHILDREN, UM_SELF or UM_SCHOOLS */
    const char *path; /* the org's path */
    size_t plen;
    char lo[128], hi[128]; /* the org's subtree as a range */
};

/* A breakdown cell: hazards of one category and grade. */
struct cg {
    char category[48], grade[16];
    int64_t found, rectified, open, overdue;
};
struct cgs {
    struct cg *v;
    size_t n, cap;
    struct cg *last;
};

enum { UM_CHILDREN, UM_SELF, UM_SCHOOLS };


static bool is_sqlite(struct store *s)
{
    return !strcmp(store_backend(s), "sqlite");
}

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

/* The unit a row's org_path lies under, or NULL (the org itself when the
 * units are its children, a deleted child, or outside the subtree). */
static struct unit *unit_of(struct units *us, const char *path)
{
    if (!path || strncmp(path, us->path, us->plen) != 0)
        return NULL;
    if (us->mode == UM_SELF)
        return us->n ? &us->u[0] : NULL;
    if (us->mode == UM_SCHOOLS) /* rows carry their school's path */
        return unit_find(us, orgtree_path_last_id(path));
    const char *p = path + us->plen;
    if (*p < '0' || *p > '9')
        return NULL;
    return unit_find(us, strtoll(p, NULL, 10));
}

static void add(struct units *us, struct unit *u, int k, int64_t v)
{
    if (u)
        u->v[k] += v;
    us->tot.v[k] += v;
}

static int cmp_unit(const void *a, const void *b)
{
    int64_t x = ((const struct unit *)a)->id, y = ((const struct unit *)b)->id;
    return x < y ? -1 : x > y;
}

static void mark(struct units *us, const int *keys, int nkeys)
{
    for (size_t i = 0; i < us->n; i++)
        for (int k = 0; k < nkeys; k++)
            us->u[i].set[keys[k]] = true;
    for (int k = 0; k < nkeys; k++)
        us->tot.set[keys[k]] = true;
}

/* Runs a query whose rows are (org_path, value for k0, value for k1, ...)
 * and adds the values to the units and the total. */
static int fill(struct store *s, struct units *us, const int *keys, int nkeys, const char *sql,
                int n, const struct db_val *p)
{
    mark(us, keys, nkeys);
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1) {
        struct unit *u = unit_of(us, s->drv->col_text(st, 0));
        for (int k = 0; k < nkeys; k++)
            add(us, u, keys[k], s->drv->col_null(st, k + 1) ? 0 : s->drv->col_int(st, k + 1));
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}
#define FILL(s, us, keys, sql, ...)                                                                \
    fill(s, us, keys, (int)XA_ARRAY_LEN(keys), sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))

static struct cg *cg_get(struct cgs *c, const char *cat, const char *grade)
{
    cat = cat ? cat : "";
    grade = grade ? grade : "";
    if (c->last && !strcmp(c->last->category, cat) && !strcmp(c->last->grade, grade))
        return c->last;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].category, cat) && !strcmp(c->v[i].grade, grade))
            return c->last = &c->v[i];
    if (c->n >= c->cap)
        return NULL;
    struct cg *x = &c->v[c->n++];
    memset(x, 0, sizeof(*x));
    snprintf(x->category, sizeof(x->category), "%s", cat);
    snprintf(x->grade, sizeof(x->grade), "%s", grade);
    return c->last = x;
}

/* Hazards below this many in a subtree are found through the org_path
 * index; above, through the period's range of hazards_found. */
#define SMALL_SUBTREE 20000
/* Hazards above this many in a subtree: the newest are found by walking the
 * primary key down (ledger). */
#define BIG_SUBTREE 200000

/* The hazard counter `bucket` of org id (0 if none); -1 on error. */
static int64_t counter(struct store *s, int64_t org_id, const char *bucket)
{
    return store_hazard_counter(s, org_id, bucket);
}

/* The hazards found in [from, to) in the subtree [lo, hi): found,
 * found_major and closed_of_found into the units (if us), found per
 * category and grade into c (if c). small: the subtree holds few hazards. */
static int found_scan(struct store *s, struct units *us, struct cgs *c, const char *lo,
                      const char *hi, int64_t from, int64_t to, bool small)
{
    static const int keys[] = {U_FOUND,           U_FOUND_MAJOR,     U_CLOSED_OF_FOUND,
                               U_OVERDUE_OF_FOUND, U_ONTIME_OF_FOUND, U_FORWARDED_OF_FOUND};
    if (!is_sqlite(s)) {
        if (us && FILL(s, us, keys,
                       "SELECT org_path, COUNT(*), SUM(CASE WHEN grade = 'major' THEN 1 ELSE 0 "
                       "END), SUM(CASE WHEN state IN " HZ_RECTIFIED " THEN 1 ELSE 0 END), "
                       "SUM(CASE WHEN state IN " HZ_OPEN " AND overdue = 1 THEN 1 ELSE 0 "
                       "END), SUM(CASE WHEN state IN " HZ_RECTIFIED " AND overdue_at IS "
                       "NULL THEN 1 ELSE 0 END), SUM(CASE WHEN state = 'forwarded' THEN 1 ELSE 0 "
                       "END) FROM hazards WHERE found_at >= ? AND found_at < ? AND org_path >= ? AND "
                       "org_path < ? AND deleted_at IS NULL GROUP BY org_path",
                       DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)) < 0)
            return -1;
        if (!c)
            return 0;
        struct db_stmt *st = Q(s,
                               "SELECT category, grade, COUNT(*) FROM hazards WHERE found_at >= ? "
                               "AND found_at < ? AND org_path >= ? AND org_path < ? AND "
                               "deleted_at IS NULL GROUP BY category, grade",
                               DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi));
        if (!st)
            return -1;
        int rc;
        while ((rc = s->drv->step(st)) == 1) {
            struct cg *x = cg_get(c, s->drv->col_text(st, 0), s->drv->col_text(st, 1));
            if (x)
                x->found += s->drv->col_int(st, 2);
        }
        s->drv->finish(st);
        return rc < 0 ? -1 : 0;
    }
    if (us)
        mark(us, keys, (int)XA_ARRAY_LEN(keys));
    struct db_stmt *st =
        small ? Q(s,
                  "SELECT org_path, category, grade, state, overdue, overdue_at IS NULL FROM "
                  "hazards WHERE org_path >= ? AND "
                  "org_path < ? AND +found_at >= ? AND +found_at < ? AND deleted_at IS NULL",
                  DB_TEXT(lo), DB_TEXT(hi), DB_INT(from), DB_INT(to))
              : Q(s,
                  "SELECT org_path, category, grade, state, overdue, overdue_at IS NULL FROM "
                  "hazards WHERE found_at >= ? AND "
                  "found_at < ? AND org_path || '' >= ? AND org_path || '' < ? AND "
                  "deleted_at IS NULL",
                  DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi));
    if (!st)
        return -1;
    int rc;
    char last[128] = "";
    struct unit *lu = NULL;
    while ((rc = s->drv->step(st)) == 1) {
        const char *grade = s->drv->col_text(st, 2);
        if (us) {
            const char *path = s->drv->col_text(st, 0), *state = s->drv->col_text(st, 3);
            if (!path)
                continue;
            if (strcmp(path, last) != 0) {
                snprintf(last, sizeof(last), "%s", path);
                lu = unit_of(us, path);
            }
            bool major = grade && !strcmp(grade, "major");
            enum hazard_state hs = HAZARD_STATE_COUNT;
            if (state)
                hazard_state_parse(state, &hs);
            bool done = hazard_state_in(hs, HAZARD_STATE_MASK(HAZARD_SET_RECTIFIED));
            add(us, lu, U_FOUND, 1);
            if (major)
                add(us, lu, U_FOUND_MAJOR, 1);
            if (done)
                add(us, lu, U_CLOSED_OF_FOUND, 1);
            if (done && s->drv->col_int(st, 5))
                add(us, lu, U_ONTIME_OF_FOUND, 1);
            if (state && !strcmp(state, "forwarded"))
                add(us, lu, U_FORWARDED_OF_FOUND, 1);
            else if (!done && s->drv->col_int(st, 4) && state && strcmp(state, "closed") != 0)
                add(us, lu, U_OVERDUE_OF_FOUND, 1);
        }
        if (c) {
            struct cg *x = cg_get(c, s->drv->col_text(st, 1), grade);
            if (x)
                x->found++;
        }
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}

static int units_hazards(struct store *s, struct units *us, int64_t from, int64_t to)
{
    static const int k_rect[] = {U_RECTIFIED};
    static const int k_major[] = {U_MAJOR_OPEN};
    if (FILL(s, us, k_rect,
             "SELECT org_path, COUNT(DISTINCT hazard_id) FROM hazard_events WHERE at >= ? AND "
             "at < ? AND org_path >= ? AND org_path < ? AND action = 'close' GROUP BY org_path",
             DB_INT(from), DB_INT(to), DB_TEXT(us->lo), DB_TEXT(us->hi)) < 0)
        return -1;
    /* current totals: the incremental counters of each unit and the org */
    for (size_t i = 0; i <= us->n; i++) {
        struct unit *u = i < us->n ? &us->u[i] : &us->tot;
        int64_t open = counter(s, u->id, "open"), over = counter(s, u->id, "overdue");
        /* buckets counted by the hazard store once it keeps them (0 before) */
        int64_t aover = counter(s, u->id, "assign_overdue"), fwd = counter(s, u->id, "forwarded");
        if (open < 0 || over < 0 || aover < 0 || fwd < 0)
            return -1;
        u->v[U_OPEN] = open;
        u->v[U_OVERDUE] = over;
        u->v[U_ASSIGN_OVERDUE] = aover;
        u->v[U_FORWARDED] = fwd;
        u->set[U_OPEN] = u->set[U_OVERDUE] = u->set[U_ASSIGN_OVERDUE] = u->set[U_FORWARDED] =
            true;
    }
    /* few rows (open major hazards): not grouped, so that no planner walks an
     * org_path index in order to save the sort of a GROUP BY */
    return FILL(s, us, k_major,
                "SELECT org_path, 1 FROM hazards WHERE state IN " HZ_OPEN " AND org_path >= ? "
                "AND org_path < ? AND grade = 'major' AND deleted_at IS NULL",
                DB_TEXT(us->lo), DB_TEXT(us->hi));
}

static int units_patrols(struct store *s, struct units *us, int64_t from, int64_t to,
                         int monthly_times)
{
    static const int k_done[] = {U_PATROLS};
    static const int k_plan[] = {U_PLANNED};
    if (FILL(s, us, k_done,
             "SELECT org_path, COUNT(*) FROM patrol_records WHERE checked_at >= ? AND "
             "checked_at < ? AND org_path >= ? AND org_path < ? GROUP BY org_path",
             DB_INT(from), DB_INT(to), DB_TEXT(us->lo), DB_TEXT(us->hi)) < 0)
        return -1;
    return FILL(s, us, k_plan,
                "SELECT pl.org_path, SUM(CASE pl.frequency WHEN 'daily' THEN 5 WHEN 'weekly' "
                "THEN 1 WHEN 'monthly' THEN ? ELSE 0 END) FROM patrol_plans pl "
                "JOIN patrol_plan_points pp ON pp.plan_id = pl.id "
                "JOIN risk_points rp ON rp.id = pp.risk_point_id AND rp.deleted_at IS NULL "
                "WHERE pl.org_path >= ? AND pl.org_path < ? AND pl.deleted_at IS NULL "
                "GROUP BY pl.org_path",
                DB_INT(monthly_times), DB_TEXT(us->lo), DB_TEXT(us->hi));
}

static int units_submit(struct store *s, struct units *us, const char *period)
{
    static const int k[] = {U_SCHOOLS, U_SUBMITTED, U_LATE};
    return FILL(s, us, k,
                "SELECT o.path, 1, CASE WHEN rs.id IS NULL THEN 0 ELSE 1 END, "
                "CASE WHEN rs.late = 1 THEN 1 ELSE 0 END FROM orgs o "
                "LEFT JOIN report_submissions rs ON rs.org_id = o.id AND rs.kind = 'weekly' AND "
                "rs.period = ? AND rs.is_current = 1 WHERE o.kind = 'school' AND o.deleted_at IS NULL AND o.path >= ? "
                "AND o.path < ?",
                DB_TEXT(period), DB_TEXT(us->lo), DB_TEXT(us->hi));
}

static int units_month(struct store *s, struct units *us, int64_t from, int64_t to)
{
    static const int k_reb[] = {U_REBOUNDS};
    return FILL(s, us, k_reb,
                "SELECT org_path, COUNT(*) FROM hazard_events WHERE at >= ? AND at < ? AND "
                "org_path >= ? AND org_path < ? AND (action = 'reopen' OR (action = 'recheck' "
                "AND pass = 0)) GROUP BY org_path",
                DB_INT(from), DB_INT(to), DB_TEXT(us->lo), DB_TEXT(us->hi));
}

static void unit_out(struct unit *u)
{
    json_t *o = u->obj;
    json_object_set(o, "org_id", json_object_get(o, "id"));
    json_object_del(o, "id");
    for (int k = 0; k < U_N; k++)
        if (u->set[k])
            json_object_set_new(o, unit_keys[k], json_integer(u->v[k]));
}

static json_t *breakdown_json(struct store *s, struct cgs *c, const char *lo, const char *hi,
                              int64_t from, int64_t to);

static json_t *units_run(struct store *s, int64_t org_id, int mode, int64_t from, int64_t to,
                         const char *period, int monthly_times, unsigned want, json_t **total,
                         json_t **breakdown)
{
    if (total)
        *total = NULL;
    if (breakdown)
        *breakdown = NULL;
    json_t *org = OBJ1(s,
                       "SELECT c.id, c.name, c.kind, c.code, c.path FROM orgs c WHERE c.id = ? "
                       "AND c.deleted_at IS NULL",
                       DB_INT(org_id));
    if (!org)
        return store_errclass(s) == DB_OK ? json_array() : NULL;
    json_t *list = NULL;
    if (mode == UM_SELF) {
        list = json_pack("[o]", json_deep_copy(org));
    } else if (mode == UM_SCHOOLS) {
        char slo[128], shi[128];
        path_range(json_string_value(json_object_get(org, "path")), slo, shi, sizeof(slo));
        list = ARR(s,
                   "SELECT c.id, c.name, c.kind, c.code, c.path FROM orgs c WHERE "
                   "c.deleted_at IS NULL AND c.kind = 'school' AND c.path >= ? AND c.path < ? "
                   "ORDER BY c.path",
                   DB_TEXT(slo), DB_TEXT(shi));
    } else {
        list = ARR(s,
                   "SELECT c.id, c.name, c.kind, c.code, c.path FROM orgs c WHERE "
                   "c.deleted_at IS NULL AND c.parent_id = ? ORDER BY c.code, c.id",
                   DB_INT(org_id));
    }
    if (!list) {
        json_decref(org);
        return NULL;
    }
    struct units us = {json_array_size(list), NULL, {0}, mode, NULL, 0, "", ""};
    us.u = calloc(us.n ? us.n : 1, sizeof(*us.u));
    if (!us.u)
        abort();
    for (size_t i = 0; i < us.n; i++) {
        us.u[i].obj = json_array_get(list, i);
        us.u[i].id = json_integer_value(json_object_get(us.u[i].obj, "id"));
    }
    qsort(us.u, us.n, sizeof(*us.u), cmp_unit);
    us.tot.id = org_id;
    us.tot.obj = org;
    us.path = json_string_value(json_object_get(org, "path"));
    if (!us.path)
        us.path = "/";
    us.plen = strlen(us.path);
    path_range(us.path, us.lo, us.hi, sizeof(us.lo));
    struct cgs c = {NULL, 0, 256, NULL};
    if (breakdown) {
        c.v = calloc(c.cap, sizeof(*c.v));
        if (!c.v)
            abort();
    }
    int rc = 0;
    if (want & (RPU_HAZARDS | RPU_MONTH) || breakdown) {
        int64_t n = counter(s, org_id, "total");
        rc = n < 0 ? -1
                   : found_scan(s, (want & (RPU_HAZARDS | RPU_MONTH)) ? &us : NULL,
                                breakdown ? &c : NULL, us.lo, us.hi, from, to,
                                n < SMALL_SUBTREE);
        for (size_t i = 0; i <= us.n && !rc; i++) { /* only what was asked for */
            struct unit *u = i < us.n ? &us.u[i] : &us.tot;
            u->set[U_FOUND] = u->set[U_FOUND_MAJOR] = (want & RPU_HAZARDS) != 0;
            u->set[U_CLOSED_OF_FOUND] = u->set[U_OVERDUE_OF_FOUND] = u->set[U_ONTIME_OF_FOUND] =
                u->set[U_FORWARDED_OF_FOUND] = (want & (RPU_HAZARDS | RPU_MONTH)) != 0;
        }
    }
    if (!rc && (want & RPU_HAZARDS))
        rc = units_hazards(s, &us, from, to);
    if (!rc && (want & RPU_PATROLS))
        rc = units_patrols(s, &us, from, to, monthly_times);
    if (!rc && (want & RPU_SUBMIT))
        rc = units_submit(s, &us, period ? period : "");
    if (!rc && (want & RPU_MONTH))
        rc = units_month(s, &us, from, to);
    if (!rc && breakdown) {
        *breakdown = breakdown_json(s, &c, us.lo, us.hi, from, to);
        if (!*breakdown)
            rc = -1;
    }
    for (size_t i = 0; i < us.n && !rc; i++)
        unit_out(&us.u[i]);
    if (!rc)
        unit_out(&us.tot);
    free(us.u);
    free(c.v);
    if (rc) {
        if (breakdown) {
            json_decref(*breakdown);
            *breakdown = NULL;
        }
        json_decref(list);
        json_decref(org);
        return NULL;
    }
    if (total)
        *total = org;
    else
        json_decref(org);
    return list;
}

json_t *store_report_units_ex(struct store *s, int64_t org_id, bool self, int64_t from,
                              int64_t to, const char *period, int monthly_times, unsigned want,
                              json_t **total, json_t **breakdown)
{
    return units_run(s, org_id, self ? UM_SELF : UM_CHILDREN, from, to, period, monthly_times,
                     want, total, breakdown);
}

json_t *store_report_school_units(struct store *s, int64_t org_id, int64_t from, int64_t to,
                                  const char *period, unsigned want, json_t **total)
{
    return units_run(s, org_id, UM_SCHOOLS, from, to, period, 0, want, total, NULL);
}

json_t *store_report_units(struct store *s, int64_t org_id, bool self, int64_t from, int64_t to,
                           const char *period, int monthly_times, unsigned want)
{
    return store_report_units_ex(s, org_id, self, from, to, period, monthly_times, want, NULL,
                                 NULL);
}

/* ---- breakdown by category and grade ---- */

static const char *jstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* Adds the rectified (history) and open / overdue (now) figures to the
 * found ones in c and returns the rows in the categories' order. */
static json_t *breakdown_json(struct store *s, struct cgs *c, const char *lo, const char *hi,
                              int64_t from, int64_t to)
{
    struct {
        const char *sql;
        int nparams;
        struct db_val p[4];
    } qs[2] = {
        {"SELECT h.category, h.grade, COUNT(DISTINCT e.hazard_id), 0 FROM hazard_events e "
         "JOIN hazards h ON h.id = e.hazard_id WHERE e.at >= ? AND e.at < ? AND e.org_path >= ? "
         "AND e.org_path < ? AND e.action = 'close' AND h.deleted_at IS NULL "
         "GROUP BY h.category, h.grade",
         4,
         {DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi)}},
        {"SELECT category, grade, COUNT(*), SUM(overdue) FROM hazards WHERE state IN "
         HZ_OPEN " AND org_path >= ? AND org_path < ? AND deleted_at IS NULL "
         "GROUP BY category, grade",
         2,
         {DB_TEXT(lo), DB_TEXT(hi)}},
    };
    int rc = 0;
    for (int q = 0; q < 2 && !rc; q++) {
        struct db_stmt *st = s->drv->query(s->db, qs[q].sql, qs[q].nparams, qs[q].p);
        if (!st) {
            rc = -1;
            break;
        }
        int r;
        while ((r = s->drv->step(st)) == 1) {
            struct cg *x = cg_get(c, s->drv->col_text(st, 0), s->drv->col_text(st, 1));
            if (!x)
                continue;
            int64_t a = s->drv->col_int(st, 2), b = s->drv->col_null(st, 3) ? 0 : s->drv->col_int(st, 3);
            if (q == 0)
                x->rectified += a;
            else {
                x->open += a;
                x->overdue += b;
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
    struct cg *v = c->v;
    size_t n = c->n;
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
    return out;
}

json_t *store_report_breakdown(struct store *s, const char *path, int64_t from, int64_t to)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    struct cgs c = {calloc(256, sizeof(struct cg)), 0, 256, NULL};
    if (!c.v)
        abort();
    int64_t id = orgtree_path_last_id(path);
    int64_t n = id ? counter(s, id, "total") : SMALL_SUBTREE;
    json_t *out = n < 0 || found_scan(s, NULL, &c, lo, hi, from, to, n < SMALL_SUBTREE)
                      ? NULL
                      : breakdown_json(s, &c, lo, hi, from, to);
    free(c.v);
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
    "h.found_at AS \"found_at@\", h.deadline AS \"deadline_at@\", h.overdue AS \"overdue?\", h.supervised AS "          \
    "\"supervised?\", h.rebounds, h.five_responsible, h.five_measures, h.five_funds, "             \
    "h.five_deadline AS \"five_deadline_at@\", h.five_plan, h.safeguards, h.plan_approved AS "         \
    "\"plan_approved?\""

/* Few open major hazards in any subtree: read through hazards_state_path and
 * sorted ("+" keeps SQLite from walking the found_at index instead). */
json_t *store_report_major_open(struct store *s, const char *path, int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT " HZ_LIST_COLS " FROM hazards h JOIN orgs o ON o.id = h.org_id "
               "WHERE h.state IN " HZ_OPEN " AND h.org_path >= ? AND h.org_path < ? AND "
               "h.grade = 'major' AND h.deleted_at IS NULL ORDER BY +h.found_at, h.id LIMIT ?",
               DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

json_t *store_report_overdue_list(struct store *s, const char *path, int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    /* a big region: down the open hazards' deadline index, stopping after
     * limit; a small one (on SQLite): its own open hazards, sorted */
    int64_t id = orgtree_path_last_id(path), n = id ? counter(s, id, "total") : SMALL_SUBTREE;
    if (n < 0)
        return NULL;
    return ARR(s,
               n < SMALL_SUBTREE && is_sqlite(s)
                   ? "SELECT " HZ_LIST_COLS " FROM hazards h JOIN orgs o ON o.id = h.org_id "
                     "WHERE h.state IN " HZ_OPEN " AND h.org_path >= ? AND h.org_path < ? "
                     "AND h.overdue = 1 AND h.deleted_at IS NULL ORDER BY +h.deadline, h.id "
                     "LIMIT ?"
                   : "SELECT " HZ_LIST_COLS " FROM hazards h JOIN orgs o ON o.id = h.org_id "
                     "WHERE h.state IN " HZ_OPEN " AND h.org_path >= ? AND h.org_path < ? "
                     "AND h.overdue = 1 AND h.deleted_at IS NULL ORDER BY h.deadline, h.id "
                     "LIMIT ?",
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
                  "? LIKE org_path || '%' ORDER BY length(org_path) DESC LIMIT 1",
                  DB_TEXT(path));
    return rc < 0 ? -1 : v;
}

int store_report_set_deadline(struct change *c, int64_t org_id, const char *path,
                              int64_t minutes)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t before = store_report_deadline_min(s, path);
    if (before < 0)
        return -1;
    if (EXEC(s,
                "INSERT INTO report_settings (org_id, org_path, weekly_deadline_min, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
                "weekly_deadline_min = excluded.weekly_deadline_min, updated_at = "
                "excluded.updated_at, updated_by = excluded.updated_by",
                DB_INT(org_id), DB_TEXT(path), DB_INT(minutes), DB_INT(now), DB_ID(user_id)) < 0)
        return -1;
    json_t *b = json_pack("{s:I}", "weekly_deadline_minutes", (json_int_t)before);
    json_t *a = json_pack("{s:I}", "weekly_deadline_minutes", (json_int_t)minutes);
    int rc = change_audit(c, "update", "report_settings", org_id, org_id, path, b, a, NULL);
    json_decref(b);
    json_decref(a);
    return rc;
}

#define SUB_COLS                                                                                   \
    "id, period, org_id, note, summary_json, submitted_by, submitter_name, "                    \
    "submitted_at AS \"submitted_at@\", deadline_at AS \"deadline_at@\", late AS \"late?\", version, reason, is_current AS \"current?\""

json_t *store_report_submission(struct store *s, int64_t org_id, const char *period)
{
    return OBJ1(s,
                "SELECT " SUB_COLS " FROM report_submissions WHERE kind = 'weekly' "
                "AND period = ? AND org_id = ? AND is_current = 1",
                DB_TEXT(period), DB_INT(org_id));
}

json_t *store_report_submission_versions(struct store *s, int64_t org_id, const char *period)
{
    return ARR(s,
               "SELECT " SUB_COLS " FROM report_submissions WHERE kind = 'weekly' AND period = ? "
               "AND org_id = ? ORDER BY version",
               DB_TEXT(period), DB_INT(org_id));
}

int store_report_submission_content(struct store *s, int64_t org_id, const char *period,
                                    int64_t version, char **content)
{
    *content = NULL;
    struct db_stmt *st =
        version > 0
            ? Q(s,
                "SELECT content_json FROM report_submissions WHERE kind = 'weekly' AND "
                "period = ? AND org_id = ? AND version = ?",
                DB_TEXT(period), DB_INT(org_id), DB_INT(version))
            : Q(s,
                "SELECT content_json FROM report_submissions WHERE kind = 'weekly' AND "
                "period = ? AND org_id = ? AND is_current = 1",
                DB_TEXT(period), DB_INT(org_id));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        const char *t = s->drv->col_text(st, 0);
        *content = strdup(t ? t : "");
        if (!*content)
            abort();
    }
    s->drv->finish(st);
    return rc;
}

int64_t store_report_submit(struct change *c, const struct report_sub_in *in, json_t **after)
{
    struct store *s = c->s;
    char *js = json_dumps(in->summary, JSON_COMPACT);
    int64_t id = 0;
    int rc = 0;
    if (in->version > 1)
        rc = EXEC(s,
                  "UPDATE report_submissions SET is_current = 0 WHERE kind = 'weekly' AND "
                  "period = ? AND org_id = ? AND is_current = 1",
                  DB_TEXT(in->period), DB_INT(in->org_id)) < 0
                 ? -1
                 : 0;
    if (rc == 0)
        rc = INT1(s, &id,
                  "INSERT INTO report_submissions (kind, period, org_id, org_path, note, "
                  "summary_json, submitted_by, submitted_at, deadline_at, late, version, "
                  "is_current, reason, content_json, submitter_name) "
                  "VALUES ('weekly', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
                  DB_TEXT(in->period), DB_INT(in->org_id), DB_TEXT(in->path),
                  DB_TEXT(in->note ? in->note : ""), DB_TEXT(js ? js : "{}"),
                  DB_ID(c->user_id), DB_INT(c->at), DB_INT(in->deadline_at),
                  DB_INT(in->late ? 1 : 0), DB_INT(in->version),
                  DB_TEXT(in->reason ? in->reason : ""), DB_TEXT(in->content ? in->content : ""),
                  DB_TEXT(in->submitter_name ? in->submitter_name : ""));
    free(js);
    if (rc != 1)
        return -1;
    const char *reason = in->version > 1 && in->reason ? in->reason : "";
    json_t *img = json_pack("{s:s, s:I, s:b, s:s, s:O}", "week", in->period, "version",
                            (json_int_t)in->version, "late", in->late, "reason", reason,
                            "summary", in->summary ? in->summary : json_null());
    rc = change_audit(c, in->version > 1 ? "resubmit" : "submit", "weekly_report", id, in->org_id,
                      in->path, NULL, img, in->note);
    json_decref(img);
    if (rc)
        return -1;
    if (after && !(*after = store_report_submission(s, in->org_id, in->period)))
        return -1;
    return id;
}

json_t *store_report_frozen(struct store *s, const char *path, const char *period,
                            bool with_content)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    if (!with_content)
        return ARR(s,
                   "SELECT rs.org_id, rs.org_path, rs.late AS \"late?\", rs.version, "
                   "rs.submitted_at AS \"submitted_at@\", rs.summary_json FROM report_submissions rs JOIN orgs o ON "
                   "o.id = rs.org_id AND o.deleted_at IS NULL WHERE rs.kind = 'weekly' AND "
                   "rs.period = ? AND rs.org_path >= ? AND rs.org_path < ? AND "
                   "rs.is_current = 1 ORDER BY rs.org_path",
                   DB_TEXT(period), DB_TEXT(lo), DB_TEXT(hi));
    return ARR(s,
               "SELECT rs.org_id, rs.org_path, rs.late AS \"late?\", rs.version, "
               "rs.submitted_at AS \"submitted_at@\", rs.summary_json, rs.content_json FROM report_submissions rs JOIN orgs o ON "
               "o.id = rs.org_id AND o.deleted_at IS NULL WHERE rs.kind = 'weekly' AND "
               "rs.period = ? AND rs.org_path >= ? AND rs.org_path < ? AND rs.is_current = 1 "
               "ORDER BY rs.org_path",
               DB_TEXT(period), DB_TEXT(lo), DB_TEXT(hi));
}

json_t *store_report_week_hazards(struct store *s, const char *path, int64_t from, int64_t to,
                                  int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    /* a small subtree through its org_path range (the week's rows filtered
     * in it); a big one through the week's rows of hazards_found (found_at
     * first; "|| ''" keeps SQLite off the org_path indexes): a province's
     * org_path range is every hazard (test_plans.c) */
    int64_t id = orgtree_path_last_id(path), n = id ? counter(s, id, "total") : SMALL_SUBTREE;
    if (n < 0)
        return NULL;
#define WEEK_COLS                                                                                  \
    "SELECT h.id, o.name AS school, h.title, COALESCE(c.name_zh, h.category) AS "                  \
    "category_name, h.grade, h.location, h.off_campus AS \"off_campus?\", h.state, "                \
    "h.found_at AS \"found_at@\", h.deadline AS \"deadline_at@\", h.overdue AS \"overdue?\", "     \
    "h.closed_at AS \"closed_at@\", "                                                           \
    "COALESCE(h.department, '') AS department FROM hazards h JOIN orgs o ON "                      \
    "o.id = h.org_id LEFT JOIN categories c ON c.code = h.category WHERE "
    json_t *rows =
        n < SMALL_SUBTREE
            ? ARR(s,
                  WEEK_COLS "h.org_path >= ? AND h.org_path < ? AND +h.found_at >= ? AND "
                            "+h.found_at < ? AND h.deleted_at IS NULL ORDER BY h.org_path, "
                            "h.found_at, h.id LIMIT ?",
                  DB_TEXT(lo), DB_TEXT(hi), DB_INT(from), DB_INT(to), DB_INT(limit))
            : ARR(s,
                  WEEK_COLS "h.found_at >= ? AND h.found_at < ? AND h.org_path || '' >= ? "
                            "AND h.org_path || '' < ? AND h.deleted_at IS NULL ORDER BY h.org_path, "
                            "h.found_at, h.id LIMIT ?",
                  DB_INT(from), DB_INT(to), DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
#undef WEEK_COLS
    return rows;
}

json_t *store_report_unsubmitted(struct store *s, const char *path, const char *period,
                                 int limit)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT o.id AS org_id, o.name, o.code, o.path, rs.submitted_at AS \"submitted_at@\", "
               "CASE WHEN rs.id IS NULL THEN 0 ELSE 1 END AS \"submitted?\" FROM orgs o "
               "LEFT JOIN report_submissions rs ON rs.org_id = o.id AND rs.kind = 'weekly' AND "
               "rs.period = ? AND rs.is_current = 1 WHERE o.kind = 'school' AND o.deleted_at IS NULL AND o.path >= ? "
               "AND o.path < ? AND (rs.id IS NULL OR rs.late = 1) "
               "ORDER BY CASE WHEN rs.id IS NULL THEN 0 ELSE 1 END, o.path LIMIT ?",
               DB_TEXT(period), DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

/* ---- ledger ---- */

json_t *store_report_ledger(struct store *s, const char *path, int limit, int64_t *total)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    /* the total from the counters; the newest rows of a big region by a
     * walk down the primary key (a range on org_path would read and sort the
     * whole region), of a small one through the org_path index */
    int64_t id = orgtree_path_last_id(path);
    if (id) {
        *total = counter(s, id, "total");
        if (*total < 0)
            return NULL;
    } else if (INT1(s, total, "SELECT COUNT(*) FROM hazards WHERE deleted_at IS NULL AND ? = ?",
                    DB_INT(1), DB_INT(1)) < 0) {
        return NULL;
    }
#define LEDGER_COLS                                                                                \
    "SELECT h.id, o.name AS school, h.title, h.category, "                                         \
    "COALESCE(c.name_zh, h.category) AS category_name, h.grade, h.source, "                       \
    "h.location, h.state, h.found_at AS \"found_at@\", h.deadline AS \"deadline_at@\", "   \
    "h.closed_at AS \"closed_at@\", h.overdue AS \"overdue?\", h.rebounds, "                                         \
    "h.five_responsible, h.five_funds "                                                            \
    "FROM hazards h JOIN orgs o ON o.id = h.org_id LEFT JOIN categories c ON "                   \
    "c.code = h.category WHERE "
    bool big = *total >= BIG_SUBTREE;
    json_t *rows = ARR(s,
                       big && is_sqlite(s)
                           ? LEDGER_COLS "h.org_path || '' >= ? AND h.org_path || '' < ? AND "
                                         "h.deleted_at IS NULL ORDER BY h.id DESC LIMIT ?"
                       : is_sqlite(s)
                           ? LEDGER_COLS "h.org_path >= ? AND h.org_path < ? AND "
                                         "h.deleted_at IS NULL ORDER BY +h.id DESC LIMIT ?"
                           : LEDGER_COLS "h.org_path >= ? AND h.org_path < ? AND "
                                         "h.deleted_at IS NULL ORDER BY h.id DESC LIMIT ?",
                       DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
#undef LEDGER_COLS
    if (!rows || json_array_size(rows) == 0)
        return rows;
    /* the history of the listed hazards: their events through hazard_events_h,
     * HIST_BATCH hazards a query (padded with id 0, which no hazard has) */
#define Q8 "?,?,?,?,?,?,?,?"
#define HIST_BATCH 64
    size_t i = 0, n = json_array_size(rows);
    struct strbuf sb = STRBUF_INIT;
    int64_t cur = -1;
    int rc = 0;
    for (size_t b0 = 0; b0 < n && rc >= 0; b0 += HIST_BATCH) {
        struct db_val p[HIST_BATCH];
        for (size_t k = 0; k < HIST_BATCH; k++)
            p[k] = DB_INT(b0 + k < n ? json_integer_value(json_object_get(
                                           json_array_get(rows, b0 + k), "id"))
                                     : 0);
        struct db_stmt *st = s->drv->query(
            s->db,
            "SELECT e.hazard_id, e.at, e.action, e.to_state, e.actor_name, e.note, e.reason "
            "FROM hazard_events e WHERE e.hazard_id IN (" Q8 "," Q8 "," Q8 "," Q8 "," Q8 "," Q8
            "," Q8 "," Q8 ") ORDER BY e.hazard_id DESC, e.id",
            HIST_BATCH, p);
        if (!st) {
            rc = -1;
            break;
        }
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
        s->drv->finish(st);
    }
#undef Q8
#undef HIST_BATCH
    if (cur >= 0 && rc >= 0)
        for (; i < n; i++) {
            json_t *o = json_array_get(rows, i);
            if (json_integer_value(json_object_get(o, "id")) == cur) {
                json_object_set_new(o, "history", json_string(sb.buf));
                break;
            }
        }
    strbuf_release(&sb);
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
                "h.found_at AS \"found_at@\", h.deadline AS \"deadline_at@\", h.five_deadline AS \"five_deadline_at@\", "
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
