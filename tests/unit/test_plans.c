/*
 * test_plans.c - one definition of the hazard state sets, and the query
 * plans of the hot queries, on both backends.
 *
 * 1. The partial indexes on hazards spell the state sets of domain/hazard.h
 *    (the migrations cannot include the header): their predicates are read
 *    back from the database and compared with store/hazard_sql.h.
 * 2. A small province (demo generator: a few counties, 60,000 hazards,
 *    ANALYZE) is loaded and the store's own functions for the hot paths run
 *    under store_explain_begin: the minute sweep, the hazard list (school,
 *    county, province, common filters), /stats, the weekly and monthly
 *    report queries, the to-do list. Every hazards / patrol_records
 *    statement they run must be served by an index (no full scan), and the
 *    sweep must use hazards_sweep.
 *
 * XA_PLANS_DUMP=1 prints every plan.
 */
#include "core/compat.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "store/hazard_sql.h"
#include "store/store_hazard.h"
#include "store/store_report.h"
#include "store/store_work.h"
#include "store/store_bulk.h"
#include "store/store_int.h"
#include "t.h"
#include <unistd.h>

static bool is_pg(struct store *s)
{
    return !strcmp(store_backend(s), "postgres");
}

/* "('a','b')": the quoted names of a predicate's state condition, in order:
 * "state IN ('a','b')", "state = 'a'" (SQLite) or "state = ANY
 * (ARRAY['a'::text, 'b'::text])", "state = 'a'::text" (PostgreSQL). Empty
 * when the predicate names no state. */
static void state_list(const char *where, char *out, size_t len)
{
    out[0] = 0;
    const char *p = strstr(where, "state ");
    if (!p)
        return;
    const char *end = strstr(p, ")");
    const char *q1 = strchr(p, '\'');
    if (!q1)
        return;
    if (!end || end < q1) /* state = 'a' */
        end = strchr(strchr(q1 + 1, '\'') + 1, ' ');
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, '(');
    for (const char *q = q1; q && (!end || q < end);) {
        const char *e = strchr(q + 1, '\'');
        if (!e)
            break;
        if (sb.len > 1)
            strbuf_addch(&sb, ',');
        strbuf_add(&sb, q, (size_t)(e - q + 1));
        q = strchr(e + 1, '\'');
    }
    strbuf_addch(&sb, ')');
    snprintf(out, len, "%s", sb.buf);
    strbuf_release(&sb);
}

static void index_predicates(struct store *s)
{
    /* every partial index on hazards that names states, and its set */
    static const struct {
        const char *name, *set, *where; /* where: the whole predicate (SQLite) */
    } want[] = {
        {"hazards_open_deadline", HZ_OPEN, NULL},
        {"hazards_escalated_open", HZ_OPEN, NULL},
        {"hazards_sweep", HZ_OPEN, HZ_IDX_SWEEP},
        {"hazards_closed", "('closed')", HZ_IDX_RECHECK},
        {"work_hazards_rectifier", HZ_IN_HAND, NULL},
        {"work_hazards_escalated", HZ_OPEN, NULL},
        {"work_hazards_due", HZ_IN_HAND, NULL},
    };
    json_t *idx = store_index_predicates(s, "hazards");
    T_CHECK(idx != NULL);
    size_t i, seen = 0;
    json_t *r;
    json_array_foreach(idx, i, r)
    {
        const char *name = json_string_value(json_object_get(r, "name"));
        const char *where = json_string_value(json_object_get(r, "where"));
        char got[200];
        state_list(where, got, sizeof(got));
        if (!got[0])
            continue; /* no state condition (supervised, escalated, ...) */
        size_t k;
        for (k = 0; k < XA_ARRAY_LEN(want); k++)
            if (!strcmp(want[k].name, name))
                break;
        if (k == XA_ARRAY_LEN(want)) {
            t_fail(__FILE__, __LINE__, "index %s names states (%s) but no set: add it to want[]",
                   name, where);
            continue;
        }
        seen++;
        T_EQ_STR(got, want[k].set);
        if (want[k].where && !is_pg(s))
            T_EQ_STR(where, want[k].where);
        if (want[k].where && is_pg(s)) {
            /* PostgreSQL normalises the text; every other term is there */
            T_CHECK(strstr(where, "deleted_at IS NULL") != NULL);
            if (!strcmp(name, "hazards_sweep"))
                T_CHECK(strstr(where, "escalation_level < 4") != NULL);
        }
    }
    T_EQ_INT(seen, XA_ARRAY_LEN(want));
    json_decref(idx);
    /* the parser itself */
    char got[100];
    state_list("state = ANY (ARRAY['a'::text, 'b'::text]) AND (deleted_at IS NULL)", got,
               sizeof(got));
    T_EQ_STR(got, "('a','b')");
    state_list("state = 'closed' AND recheck_due = 0", got, sizeof(got));
    T_EQ_STR(got, "('closed')");
}

/* ---- plans ---- */

static struct strbuf plans = STRBUF_INIT;

/* Checks the statements recorded since `from` in `plans`: none reads all of
 * hazards or patrol_records; returns how many statements there were. */
static int no_full_scans(struct store *s, size_t from, const char *what)
{
    int n = 0;
    bool pg = is_pg(s);
    const char *p = plans.buf + from;
    const char *dump = getenv("XA_PLANS_DUMP");
    while ((p = strstr(p, "SQL: ")) != NULL) {
        const char *next = strstr(p + 5, "\nSQL: ");
        size_t len = next ? (size_t)(next - p) : strlen(p);
        char *stmt = strndup(p, len);
        n++;
        if (dump && *dump)
            printf("[%s %s] %s\n", store_backend(s), what, stmt);
        const char *plan = strstr(stmt, "\n  ");
        plan = plan ? plan : "";
        bool bad = false;
        /* a scan is allowed only as an ordered walk that stops after the
         * page: LIMIT, and no sort of what it read */
        bool walk = strstr(stmt, " LIMIT ") && !strstr(plan, "TEMP B-TREE FOR ORDER BY") &&
                    !strstr(plan, "Sort");
        if (walk) {
        } else if (pg) {
            bad = strstr(plan, "Seq Scan on hazards") || strstr(plan, "Seq Scan on patrol_records");
        } else {
            /* "SCAN h" / "SCAN hazards" without an index, or a whole index */
            for (const char *q = plan; (q = strstr(q, "SCAN ")) != NULL; q += 5) {
                const char *line_end = strchr(q, '\n');
                size_t ll = line_end ? (size_t)(line_end - q) : strlen(q);
                char line[300];
                snprintf(line, sizeof(line), "%.*s", (int)(ll < 299 ? ll : 299), q);
                bool hz = !strncmp(line, "SCAN h ", 7) || !strcmp(line, "SCAN h") ||
                          !strncmp(line, "SCAN hazards", 12) ||
                          !strncmp(line, "SCAN patrol_records", 19) ||
                          !strncmp(line, "SCAN pr", 7);
                if (hz && q > plan && q[-1] == ' ' && q[-2] != ' ')
                    hz = false; /* "BLOOM FILTER ON ..." etc. */
                if (hz)
                    bad = true;
            }
        }
        if (bad)
            t_fail(__FILE__, __LINE__, "%s: a full scan: %s", what, stmt);
        else
            t_passed++;
        free(stmt);
        p += len;
    }
    return n;
}

/* The plan text of the first statement since from whose SQL holds needle. */
static char *plan_of(size_t from, const char *needle)
{
    const char *p = plans.buf + from;
    while ((p = strstr(p, "SQL: ")) != NULL) {
        const char *next = strstr(p + 5, "\nSQL: ");
        size_t len = next ? (size_t)(next - p) : strlen(p);
        const char *plan = strstr(p, "\n  ");
        if (plan && plan < p + len) {
            char *sql = strndup(p, (size_t)(plan - p));
            bool hit = strstr(sql, needle) != NULL;
            free(sql);
            if (hit)
                return strndup(plan, (size_t)(p + len - plan));
        }
        p += len;
    }
    return NULL;
}

struct who {
    int64_t user_id, org_id;
    char path[96], kind[24];
};

static int who(struct store *s, const char *username, struct who *w)
{
    char hash[256];
    bool active;
    memset(w, 0, sizeof(*w));
    if (store_user_credentials(s, username, &w->user_id, hash, sizeof(hash), &active) != 1)
        return -1;
    json_t *roles = store_user_roles(s, w->user_id);
    json_t *r0 = json_array_get(roles, 0);
    w->org_id = json_integer_value(json_object_get(r0, "org_id"));
    snprintf(w->path, sizeof(w->path), "%s",
             json_string_value(json_object_get(r0, "org_path")) ?: "");
    snprintf(w->kind, sizeof(w->kind), "%s",
             json_string_value(json_object_get(r0, "org_kind")) ?: "");
    json_decref(roles);
    return w->org_id ? 0 : -1;
}

static void list(struct store *s, const char *what, const char *path,
                 const struct hazard_filter *f)
{
    struct scope sc = {0};
    scope_add(&sc, path);
    struct page pg = {1, 20};
    size_t from = plans.len;
    json_t *l = store_hazard_list(s, &sc, f, &pg);
    T_CHECK(l != NULL);
    json_decref(l);
    T_CHECK(no_full_scans(s, from, what) > 0);
}

static void hot_queries(struct store *s)
{
    struct who prov, county, school;
    T_CHECK(who(s, "prov_admin", &prov) == 0);
    T_CHECK(who(s, "k001_admin", &county) == 0);
    T_CHECK(who(s, "s000001_safety", &school) == 0);
    int64_t now = xa_now_ms();
    T_CHECK(store_explain_begin(s, &plans) == 0);

    /* the minute sweep: the partial index, not the open hazards */
    size_t from = plans.len;
    int flagged = 0, escalated = 0, due = 0;
    T_CHECK(store_hazard_sweep(s, now, 7 * XA_DAY_MS, 30 * XA_DAY_MS, &flagged, &escalated,
                               &due) == 0);
    char *sp = plan_of(from, "FROM hazards WHERE " HZ_IDX_SWEEP);
    T_CHECK(sp && strstr(sp, "hazards_sweep"));
    free(sp);
    char *rp = plan_of(from, "FROM hazards WHERE " HZ_IDX_RECHECK);
    T_CHECK(rp && strstr(rp, "hazards_closed"));
    free(rp);
    no_full_scans(s, from, "sweep");

    /* hazard lists: school, county, province; common filters */
    struct hazard_filter f0 = {.overdue = -1, .supervised = -1, .recheck_due = -1};
    struct hazard_filter f = f0;
    list(s, "list school", school.path, &f);
    list(s, "list county", county.path, &f);
    list(s, "list province", prov.path, &f);
    f.state = "assigned";
    list(s, "list county state", county.path, &f);
    list(s, "list province state", prov.path, &f);
    f = f0;
    f.overdue = 1;
    list(s, "list county overdue", county.path, &f);
    f = f0;
    f.grade = "major";
    f.state = "rectifying";
    list(s, "list county major rectifying", county.path, &f);
    f = f0;
    f.urgent = true;
    list(s, "list school urgent", school.path, &f);

    /* /stats */
    from = plans.len;
    json_t *st = store_hazard_stats(s, prov.org_id);
    T_CHECK(st != NULL);
    json_decref(st);
    T_CHECK(no_full_scans(s, from, "stats") > 0);

    /* the weekly report (a county, the province) and the monthly one */
    int64_t to = now, wfrom = now - 7 * XA_DAY_MS, mfrom = now - 30 * XA_DAY_MS;
    const struct who *regions[] = {&county, &prov};
    for (size_t i = 0; i < XA_ARRAY_LEN(regions); i++) {
        const struct who *w = regions[i];
        from = plans.len;
        json_t *tot = NULL, *bd = NULL;
        json_t *u = store_report_units_ex(s, w->org_id, false, wfrom, to, "2026-W49", 0,
                                          RPU_HAZARDS | RPU_PATROLS | RPU_SUBMIT, &tot, &bd);
        T_CHECK(u != NULL);
        json_decref(u);
        json_decref(tot);
        json_decref(bd);
        json_t *m = store_report_major_open(s, w->path, 500);
        T_CHECK(m != NULL);
        json_decref(m);
        json_t *wh = store_report_week_hazards(s, w->path, wfrom, to, 500);
        T_CHECK(wh != NULL);
        json_decref(wh);
        T_CHECK(no_full_scans(s, from, i ? "weekly province" : "weekly county") > 0);
        from = plans.len;
        u = store_report_units_ex(s, w->org_id, false, mfrom, to, "", 0,
                                  RPU_HAZARDS | RPU_MONTH, &tot, &bd);
        T_CHECK(u != NULL);
        json_decref(u);
        json_decref(tot);
        json_decref(bd);
        json_t *ov = store_report_overdue_list(s, w->path, 50);
        T_CHECK(ov != NULL);
        json_decref(ov);
        T_CHECK(no_full_scans(s, from, i ? "monthly province" : "monthly county") > 0);
    }

    /* the to-do list: a school's safety officer, a county and the province */
    const struct who *users[] = {&school, &county, &prov};
    const char *roles[] = {"safety_officer", "bureau_admin", "bureau_admin"};
    for (size_t i = 0; i < XA_ARRAY_LEN(users); i++) {
        const struct who *w = users[i];
        struct work_role r = {.role = roles[i], .org_id = w->org_id, .path = w->path,
                              .kind = w->kind};
        from = plans.len;
        json_t *todo = store_work_todo(s, w->user_id, &r, 1, now);
        T_CHECK(todo != NULL);
        json_decref(todo);
        T_CHECK(no_full_scans(s, from, "todo") > 0);
    }
    store_explain_end(s);
}

static void on(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    index_predicates(s);
    struct province_opts o = {.cities = 2, .counties = 6, .townships_per_county = 2,
                              .points_per_school = 3, .schools = 240, .hazards = 60000,
                              .patrols = 12000};
    FILE *devnull = fopen("/dev/null", "w");
    T_CHECK(demo_province_run(s, &o, devnull) == 0);
    fclose(devnull);
    T_CHECK(store_bulk_analyze(s) == 0);
    hot_queries(s);
}

static void run(struct store *s)
{
    if (!is_pg(s)) {
        on(s);
        return;
    }
    /* PostgreSQL: a database of its own (the generator wants an empty one) */
    const char *uri = getenv("XA_TEST_PG_URI");
    const char *slash = strrchr(uri, '/');
    char db[64], uri2[512], err[256];
    snprintf(db, sizeof(db), "xa_plans_%d", (int)getpid());
    snprintf(uri2, sizeof(uri2), "%.*s/%s", (int)(slash - uri), uri, db);
    char sql[128];
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
    T_CHECK(s->drv->exec_script(s->db, sql) == 0);
    struct store *s2 = store_open(uri2, err, sizeof(err));
    T_CHECK(s2 != NULL);
    if (s2) {
        on(s2);
        store_destroy(s2);
    }
    snprintf(sql, sizeof(sql), "DROP DATABASE %s", db);
    T_CHECK(s->drv->exec_script(s->db, sql) == 0);
}

void t_main(void)
{
    t_each_backend("plans", run);
    strbuf_release(&plans);
}
