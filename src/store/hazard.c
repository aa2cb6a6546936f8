/*
 * hazard.c - hazards, their history, photos, five implementations and the
 * incremental subtree statistics (see store_hazard.h for the contracts).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include <ctype.h>
#include <pthread.h>
#include "domain/orgtree.h"
#include "store/store_hazard.h"
#include "store/store_msg.h"
#include "store/store_risk.h"
#include "store/hazard_sql.h"
#include "store/store_int.h"
#include "store/store_work.h"

/* ---- one hazard as the store holds it ---- */

struct hazard_rec {
    int64_t id, org_id, version, rebounds, closed_at, rechecked_at, found_at, reporter_id;
    int64_t escalated_org; /* the org it was last escalated to; 0 none */
    char org_path[96];
    char category[40];
    bool overdue, recheck_due;
    struct hazard_facts f;
};

/* 0011_counters.sql writes the top escalation level into hazards_sweep
 * (HZ_IDX_SWEEP in hazard_sql.h) */
_Static_assert(HAZARD_ESCALATION_MAX == 4, "hazards_sweep index predicate");

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Who acts, for the history (user_id 0 = the system). */
struct hazard_who {
    int64_t user_id;
    const char *username;
};

static struct hazard_who who_of(const struct change *c)
{
    struct hazard_who w = {c->user_id, c->username && *c->username ? c->username
                                       : c->user_id ? ""
                                                    : "system"};
    return w;
}

/* 1 found, 0 not, -1 error. */
static int load(struct store *s, int64_t id, struct hazard_rec *h)
{
    struct db_stmt *st =
        Q(s,
          "SELECT org_id, org_path, category, state, grade, rectifier_id, submitter_id, deadline, "
          "five_responsible, five_measures, five_funds, five_deadline, five_plan, safeguards, "
          "plan_approved, supervised, escalation_level, overdue, rebounds, version, closed_at, "
          "rechecked_at, recheck_due, escalated_org_id, off_campus, forward_concluded_at, "
          "notice_no, supervise_level, five_responsible_id, found_at, reporter_id FROM hazards "
          "WHERE id = ? AND deleted_at IS NULL",
          DB_INT(id));
    if (!st)
        return -1;
    const struct db_driver *d = s->drv;
    int rc = d->step(st);
    if (rc == 1) {
        memset(h, 0, sizeof(*h));
        h->id = id;
        h->org_id = d->col_int(st, 0);
        snprintf(h->org_path, sizeof(h->org_path), "%s", d->col_text(st, 1));
        snprintf(h->category, sizeof(h->category), "%s", d->col_text(st, 2));
        enum hazard_state state = HAZARD_REPORTED;
        enum hazard_grade grade = HAZARD_GRADE_GENERAL;
        hazard_state_parse(d->col_text(st, 3), &state);
        hazard_grade_parse(d->col_text(st, 4), &grade);
        h->f.state = state;
        h->f.grade = grade;
        h->f.rectifier_id = d->col_null(st, 5) ? 0 : d->col_int(st, 5);
        h->f.submitter_id = d->col_null(st, 6) ? 0 : d->col_int(st, 6);
        h->f.deadline_ms = d->col_null(st, 7) ? 0 : d->col_int(st, 7);
        unsigned miss = 0;
        if (blank(d->col_text(st, 8)) && d->col_null(st, 28))
            miss |= HAZARD_FIVE_RESPONSIBLE;
        if (blank(d->col_text(st, 9)))
            miss |= HAZARD_FIVE_MEASURES;
        if (d->col_null(st, 10))
            miss |= HAZARD_FIVE_FUNDS; /* 未落实, distinct from 0 */
        if (d->col_null(st, 11))
            miss |= HAZARD_FIVE_DEADLINE;
        if (blank(d->col_text(st, 12)))
            miss |= HAZARD_FIVE_PLAN;
        h->f.five_missing = grade == HAZARD_GRADE_MAJOR ? miss : 0;
        h->f.five_done = h->f.five_missing == 0;
        h->f.has_safeguards = !blank(d->col_text(st, 13));
        h->f.plan_approved = d->col_int(st, 14) != 0;
        h->f.supervised = d->col_int(st, 15) != 0;
        h->f.escalation_level = (int)d->col_int(st, 16);
        h->overdue = d->col_int(st, 17) != 0;
        h->rebounds = d->col_int(st, 18);
        h->version = d->col_int(st, 19);
        h->closed_at = d->col_null(st, 20) ? 0 : d->col_int(st, 20);
        h->rechecked_at = d->col_null(st, 21) ? 0 : d->col_int(st, 21);
        h->recheck_due = d->col_int(st, 22) != 0;
        h->escalated_org = d->col_null(st, 23) ? 0 : d->col_int(st, 23);
        h->f.off_campus = d->col_int(st, 24) != 0;
        h->f.forward_concluded = !d->col_null(st, 25);
        h->f.has_notice = !d->col_null(st, 26);
        h->f.supervise_level = (int)d->col_int(st, 27);
        h->found_at = d->col_int(st, 29);
        h->reporter_id = d->col_null(st, 30) ? 0 : d->col_int(st, 30);
    }
    d->finish(st);
    return rc;
}

int store_hazard_facts(struct store *s, int64_t id, struct hazard_facts *f, char *path,
                       size_t plen)
{
    struct hazard_rec h;
    int rc = load(s, id, &h);
    if (rc == 1) {
        *f = h.f;
        if (path)
            snprintf(path, plen, "%s", h.org_path);
    }
    return rc;
}

int store_hazard_version(struct store *s, int64_t id, int64_t *version)
{
    return INT1(s, version, "SELECT version FROM hazards WHERE id = ? AND deleted_at IS NULL",
                DB_INT(id));
}

int store_hazard_locate(struct store *s, int64_t id, char *path, size_t plen)
{
    return TEXT1(s, path, plen, "SELECT org_path FROM hazards WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

/* ---- statistics ---- */

#define MAX_BUCKETS 13

struct bucket {
    char name[56];
    int64_t w;
};

/* The buckets a hazard is in (see store_hazard.h). */
static int buckets_of(const struct hazard_rec *h, struct bucket *b)
{
    int n = 0;
#define ADD(w_, ...)                                                                               \
    do {                                                                                           \
        snprintf(b[n].name, sizeof(b[n].name), __VA_ARGS__);                                      \
        b[n++].w = (w_);                                                                           \
    } while (0)
    ADD(1, "total");
    ADD(1, "status:%s", hazard_state_name(h->f.state));
    ADD(1, "grade:%s", hazard_grade_name(h->f.grade));
    ADD(1, "category:%s", h->category);
    if (hazard_state_is_open(h->f.state))
        ADD(1, "open");
    if (h->overdue)
        ADD(1, "overdue");
    if (h->f.supervised)
        ADD(1, "supervised");
    if (h->f.escalation_level > 0)
        ADD(1, "escalated");
    if (h->rebounds > 0)
        ADD(h->rebounds, "rebound");
    if (h->overdue && h->f.state == HAZARD_REPORTED)
        ADD(1, "assign_overdue"); /* 待交办超时 */
    if (h->f.grade == HAZARD_GRADE_MAJOR && hazard_state_is_open(h->f.state))
        ADD(1, "major_open");
    if (h->f.state == HAZARD_FORWARDED && !h->f.forward_concluded)
        ADD(1, "forwarded"); /* 已移交/跟踪中 */
#undef ADD
    return n;
}

/* Counter deltas written in one statement: "INSERT ... VALUES (...)" with
 * 1..STATS_ROWS rows. The texts are built once and kept, so each row count
 * is one cached prepared statement. Two kinds: the write path appends to
 * hazard_stats_delta (org_id, org_path, bucket, n); the fold upserts into
 * hazard_stats (org_id, bucket, n). */
#define STATS_ROWS 48
static char *stats_sql[STATS_ROWS + 1], *delta_sql[STATS_ROWS + 1];
static pthread_once_t stats_sql_once = PTHREAD_ONCE_INIT;

static void sql_rows_build(char **out, const char *head, const char *row, const char *tail)
{
    for (int k = 1; k <= STATS_ROWS; k++) {
        size_t len = strlen(head) + (size_t)k * (strlen(row) + 1) + strlen(tail) + 1;
        char *q = malloc(len);
        if (!q)
            abort();
        size_t at = (size_t)snprintf(q, len, "%s", head);
        for (int i = 0; i < k; i++)
            at += (size_t)snprintf(q + at, len - at, "%s%s", i ? "," : "", row);
        snprintf(q + at, len - at, "%s", tail);
        out[k] = q;
    }
}

static void stats_sql_build(void)
{
    sql_rows_build(stats_sql, "INSERT INTO hazard_stats (org_id, bucket, n) VALUES ",
                   "(?, ?, ?)",
                   " ON CONFLICT (org_id, bucket) DO UPDATE SET n = hazard_stats.n + excluded.n");
    sql_rows_build(delta_sql, "INSERT INTO hazard_stats_delta (org_id, org_path, bucket, n) VALUES ",
                   "(?, ?, ?, ?)", "");
}

struct stats_batch {
    struct db_val v[STATS_ROWS * 4];
    int n;
    bool delta; /* hazard_stats_delta rows (4 values) or hazard_stats rows (3) */
};

static int stats_flush(struct store *s, struct stats_batch *b)
{
    if (b->n == 0)
        return 0;
    int64_t rc = b->delta ? sx_exec(s, delta_sql[b->n], b->n * 4, b->v)
                          : sx_exec(s, stats_sql[b->n], b->n * 3, b->v);
    b->n = 0;
    return rc < 0 ? -1 : 0;
}

/* Queues one delta (name and path must outlive the flush). path: the delta
 * rows' org_path (delta batches only). */
static int stats_add(struct store *s, struct stats_batch *b, int64_t org, const char *path,
                     const char *name, int64_t w)
{
    if (w == 0 || org <= 0)
        return 0;
    if (b->n == STATS_ROWS && stats_flush(s, b))
        return -1;
    if (b->delta) {
        struct db_val *v = &b->v[b->n * 4];
        v[0] = DB_INT(org);
        v[1] = DB_TEXT(path);
        v[2] = DB_TEXT(name);
        v[3] = DB_INT(w);
    } else {
        struct db_val *v = &b->v[b->n * 3];
        v[0] = DB_INT(org);
        v[1] = DB_TEXT(name);
        v[2] = DB_INT(w);
    }
    b->n++;
    return 0;
}

/* "escalated_here": open hazards escalated to exactly this org, kept on that
 * org's row only (it does not add up the tree). */
static int64_t escalated_here_org(const struct hazard_rec *h)
{
    return h && h->escalated_org && hazard_state_is_open(h->f.state) ? h->escalated_org : 0;
}

/* Records new's buckets minus old's (either may be NULL) as delta rows of
 * the hazard's org (hazard_stats_delta: one row per changed bucket, no
 * ancestor rows; store_hazard_stats_fold adds them up the tree later, and
 * every read adds the rows not yet folded). */
static int stats_move(struct store *s, const struct hazard_rec *old, const struct hazard_rec *nw)
{
    struct bucket b[2 * MAX_BUCKETS];
    int n = 0;
    if (old) {
        n = buckets_of(old, b);
        for (int i = 0; i < n; i++)
            b[i].w = -b[i].w;
    }
    if (nw) {
        struct bucket add[MAX_BUCKETS];
        int na = buckets_of(nw, add);
        for (int i = 0; i < na; i++) {
            int j;
            for (j = 0; j < n; j++)
                if (!strcmp(b[j].name, add[i].name))
                    break;
            if (j < n) {
                b[j].w += add[i].w;
            } else {
                b[n] = add[i];
                n++;
            }
        }
    }
    const struct hazard_rec *h = nw ? nw : old;
    pthread_once(&stats_sql_once, stats_sql_build);
    int64_t eo = escalated_here_org(old), en = escalated_here_org(nw);
    struct stats_batch batch = {.n = 0, .delta = true};
    for (int i = 0; i < n; i++)
        if (stats_add(s, &batch, h->org_id, h->org_path, b[i].name, b[i].w))
            return -1;
    /* the escalated org's path is not needed: the fold reads org_id */
    if (eo != en && stats_add(s, &batch, eo, "", "escalated_here", -1))
        return -1;
    if (eo != en && stats_add(s, &batch, en, "", "escalated_here", 1))
        return -1;
    return stats_flush(s, &batch);
}

/* ---- the fold ---- */

struct fold_row {
    int64_t org;
    char bucket[56];
    int64_t n;
};

static int fold_cmp(const void *a, const void *b)
{
    const struct fold_row *x = a, *y = b;
    if (x->org != y->org)
        return x->org < y->org ? -1 : 1;
    return strcmp(x->bucket, y->bucket);
}

int store_hazard_stats_fold(struct store *s, int64_t *folded)
{
    if (folded)
        *folded = 0;
    pthread_once(&stats_sql_once, stats_sql_build);
    /* nothing to fold (an idle server): no write transaction at all */
    int64_t any = 0;
    int found = INT1(s, &any, "SELECT id FROM hazard_stats_delta WHERE id > ? LIMIT 1", DB_INT(0));
    if (found <= 0)
        return found;
    if (store_begin(s))
        return -1;
    /* exactly the rows this statement deletes are added up (a delta
     * committed meanwhile stays for the next fold) */
    struct db_stmt *st = Q0(s, "DELETE FROM hazard_stats_delta RETURNING org_id, org_path, bucket, n");
    size_t len = 0, cap = 256;
    struct fold_row *r = malloc(cap * sizeof(*r));
    if (!r)
        abort();
    int rc = st ? 0 : -1;
    int64_t rows = 0;
    while (st && (rc = s->drv->step(st)) == 1) {
        rows++;
        int64_t org = s->drv->col_int(st, 0), w = s->drv->col_int(st, 3);
        const char *path = s->drv->col_text(st, 1), *bucket = s->drv->col_text(st, 2);
        int64_t ids[16];
        int nids = 1;
        ids[0] = org;
        if (strcmp(bucket ? bucket : "", "escalated_here") != 0)
            nids = orgtree_path_ids(path ? path : "", ids, 16);
        for (int k = 0; k < nids; k++) {
            if (len == cap) {
                cap *= 2;
                r = realloc(r, cap * sizeof(*r));
                if (!r)
                    abort();
            }
            r[len].org = ids[k];
            snprintf(r[len].bucket, sizeof(r[len].bucket), "%s", bucket ? bucket : "");
            r[len].n = w;
            len++;
        }
    }
    if (st)
        s->drv->finish(st);
    if (rc < 0) {
        free(r);
        store_rollback(s);
        return -1;
    }
    /* one upsert row per (org, bucket), orgs in id order */
    qsort(r, len, sizeof(*r), fold_cmp);
    struct stats_batch batch = {.n = 0, .delta = false};
    for (size_t i = 0; i < len && rc == 0;) {
        size_t j = i + 1;
        int64_t sum = r[i].n;
        while (j < len && r[j].org == r[i].org && !strcmp(r[j].bucket, r[i].bucket))
            sum += r[j++].n;
        rc = stats_add(s, &batch, r[i].org, NULL, r[i].bucket, sum); /* names live in r */
        i = j;
    }
    if (rc == 0)
        rc = stats_flush(s, &batch);
    free(r);
    if (rc || store_commit(s)) {
        store_rollback(s);
        return -1;
    }
    if (folded)
        *folded = rows;
    return 0;
}

int64_t store_hazard_counter(struct store *s, int64_t org_id, const char *bucket)
{
    int64_t n = 0;
    if (INT1(s, &n,
             "SELECT COALESCE((SELECT n FROM hazard_stats WHERE org_id = ? AND bucket = ?), 0) + "
             "COALESCE((SELECT SUM(d.n) FROM hazard_stats_delta d JOIN orgs o ON o.id = ? "
             "WHERE d.bucket = ? AND ((? = 'escalated_here' AND d.org_id = o.id) OR "
             "(? <> 'escalated_here' AND d.org_path >= o.path AND d.org_path < o.path || '~'))), 0)",
             DB_INT(org_id), DB_TEXT(bucket), DB_INT(org_id), DB_TEXT(bucket), DB_TEXT(bucket),
             DB_TEXT(bucket)) < 0)
        return -1;
    return n;
}

static void put_bucket(json_t *o, const char *name, int64_t n)
{
    const char *colon = strchr(name, ':');
    if (!colon) {
        json_object_set_new(o, name, json_integer(n));
        return;
    }
    char group[40];
    snprintf(group, sizeof(group), "by_%.*s", (int)(colon - name), name);
    json_t *g = json_object_get(o, group);
    if (g && n != 0)
        json_object_set_new(g, colon + 1, json_integer(n));
}

static json_t *stats_skeleton(void)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:{}, s:{}, s:{}}",
                          "total", (json_int_t)0, "open", (json_int_t)0, "overdue",
                          (json_int_t)0, "supervised", (json_int_t)0, "escalated",
                          (json_int_t)0, "rebound", (json_int_t)0, "escalated_here",
                          (json_int_t)0, "assign_overdue", (json_int_t)0, "major_open",
                          (json_int_t)0, "forwarded", (json_int_t)0, "by_status", "by_grade",
                          "by_category");
    json_t *bs = json_object_get(o, "by_status");
    for (int i = 0; i < HAZARD_STATE_COUNT; i++)
        json_object_set_new(bs, hazard_state_name((enum hazard_state)i), json_integer(0));
    json_t *bg = json_object_get(o, "by_grade");
    for (int i = 0; i < HAZARD_GRADE_COUNT; i++)
        json_object_set_new(bg, hazard_grade_name((enum hazard_grade)i), json_integer(0));
    return o;
}

/* Fills o from rows (name, n). */
static int stats_fill(struct store *s, json_t *o, struct db_stmt *st)
{
    if (!st)
        return -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1)
        put_bucket(o, s->drv->col_text(st, 0), s->drv->col_int(st, 1));
    s->drv->finish(st);
    return rc < 0 ? -1 : 0;
}

json_t *store_hazard_stats(struct store *s, int64_t org_id)
{
    json_t *o = stats_skeleton();
    /* the folded counters and the deltas not yet folded, in one statement
     * (one snapshot: a fold commits both sides at once) */
    if (stats_fill(s, o,
                   Q(s,
                     "SELECT bucket, CAST(SUM(n) AS BIGINT) FROM (SELECT bucket, n FROM "
                     "hazard_stats WHERE org_id = ? UNION ALL SELECT d.bucket, d.n FROM "
                     "hazard_stats_delta d JOIN orgs o ON o.id = ? WHERE (d.bucket = "
                     "'escalated_here' AND d.org_id = o.id) OR (d.bucket <> 'escalated_here' AND "
                     "d.org_path >= o.path AND d.org_path < o.path || '~')) x GROUP BY bucket "
                     "ORDER BY bucket",
                     DB_INT(org_id), DB_INT(org_id)))) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "org_id", json_integer(org_id));
    return o;
}

json_t *store_hazard_stats_fresh(struct store *s, const char *path)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    json_t *o = stats_skeleton();
#define RANGE " FROM hazards WHERE deleted_at IS NULL AND org_path >= ? AND org_path < ?"
    if (stats_fill(s, o,
                   Q(s,
                     "SELECT 'total', COUNT(*)" RANGE " UNION ALL "
                     "SELECT 'open', COUNT(*)" RANGE " AND state IN " HZ_OPEN " UNION ALL "
                     "SELECT 'overdue', COUNT(*)" RANGE " AND overdue = 1 UNION ALL "
                     "SELECT 'supervised', COUNT(*)" RANGE " AND supervised = 1 UNION ALL "
                     "SELECT 'escalated', COUNT(*)" RANGE " AND escalation_level > 0 UNION ALL "
                     "SELECT 'rebound', CAST(COALESCE(SUM(rebounds), 0) AS BIGINT)" RANGE
                     " UNION ALL SELECT 'assign_overdue', COUNT(*)" RANGE
                     " AND state IN " HZ_UNASSIGNED " AND overdue = 1 UNION ALL "
                     "SELECT 'major_open', COUNT(*)" RANGE " AND grade = 'major' AND state IN "
                     HZ_OPEN " UNION ALL SELECT 'forwarded', COUNT(*)" RANGE
                     " AND state = 'forwarded' AND forward_concluded_at IS NULL"
                     " UNION ALL SELECT 'escalated_here', COUNT(*) FROM hazards WHERE "
                     "escalated_org_id = ? AND state IN " HZ_OPEN " AND deleted_at IS NULL",
                     DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi),
                     DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo),
                     DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi),
                     DB_TEXT(lo), DB_TEXT(hi), DB_INT(orgtree_path_last_id(path)))) ||
        stats_fill(s, o,
                   Q(s,
                     "SELECT 'status:' || state, COUNT(*)" RANGE " GROUP BY state UNION ALL "
                     "SELECT 'grade:' || grade, COUNT(*)" RANGE " GROUP BY grade UNION ALL "
                     "SELECT 'category:' || category, COUNT(*)" RANGE " GROUP BY category",
                     DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo),
                     DB_TEXT(hi)))) {
#undef RANGE
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- rows for the audit ---- */

#define ROW_COLS                                                                                   \
    "h.id, h.org_id, h.org_path, h.title, h.category, h.grade, h.source, h.state, "              \
    "h.rectifier_id, h.deadline AS \"deadline@\", h.plan_approved AS \"plan_approved?\", "      \
    "h.supervised AS \"supervised?\", h.escalation_level, h.escalated_org_id, "                  \
    "h.overdue AS \"overdue?\", h.rebounds, h.department, h.closed_at AS \"closed_at@\", "     \
    "h.rechecked_at AS \"rechecked_at@\", h.recheck_due AS \"recheck_due?\", h.version, "      \
    "h.updated_at AS \"updated_at@\", h.five_responsible, h.five_measures, h.five_funds, "      \
    "h.five_deadline AS \"five_deadline@\", h.five_plan, h.safeguards, h.five_responsible_id, " \
    "h.five_responsible_phone, h.supervise_org_id, "                                             \
    "h.supervise_deadline AS \"supervise_deadline@\", h.notice_no, h.forward_contact, "         \
    "h.forward_follow_up AS \"forward_follow_up@\", h.forward_outcome, "                        \
    "h.forward_concluded_at AS \"forward_concluded_at@\", h.urge_count, h.onspot"

static json_t *row_json(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " ROW_COLS " FROM hazards h WHERE h.id = ?", DB_INT(id));
}

static int audit(struct change *c, const char *action, const struct hazard_rec *h,
                 json_t *before, json_t *after, const char *note)
{
    /* a change records the columns it changed (before and after); a create
     * records the whole new row. The chain of entries still rebuilds every
     * state of the row. */
    json_t *db = NULL, *da = NULL;
    if (before && after) {
        db = json_object();
        da = json_object();
        const char *k;
        json_t *v;
        json_object_foreach(after, k, v) {
            json_t *old = json_object_get(before, k);
            if (!old || !json_equal(old, v)) {
                json_object_set(db, k, old ? old : json_null());
                json_object_set(da, k, v);
            }
        }
        before = db;
        after = da;
    }
    int rc = change_audit(c, action, "hazard", h->id, h->org_id, h->org_path, before, after,
                          note ? note : "");
    json_decref(db);
    json_decref(da);
    return rc;
}

/* ---- checks of referenced rows ---- */

/* 1 when the photo belongs to the school at path, 0 not, -1 error. */
static int photo_ok(struct store *s, int64_t photo_id, const char *path)
{
    int64_t n = 0;
    if (INT1(s, &n, "SELECT COUNT(*) FROM photos WHERE id = ? AND org_path = ?", DB_INT(photo_id),
             DB_TEXT(path)) < 0)
        return -1;
    return n > 0;
}

static int link_photos(struct change *c, int64_t hazard_id, const char *path,
                       const int64_t *ids, size_t n, const char *kind, int64_t event_id,
                       const char *field)
{
    struct store *s = c->s;
    int64_t now = c->at;
    for (size_t i = 0; i < n; i++) {
        int rc = photo_ok(s, ids[i], path);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            change_fail(c, XE_HAZARD_PHOTO_INVALID, field);
            return 1;
        }
        if (EXEC(s,
                 "INSERT INTO hazard_photos (hazard_id, photo_id, kind, event_id, created_at) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (hazard_id, photo_id, kind) DO NOTHING",
                 DB_INT(hazard_id), DB_INT(ids[i]), DB_TEXT(kind), DB_ID(event_id),
                 DB_INT(now)) < 0)
            return -1;
    }
    return 0;
}

/* A user who holds a role at the school or above it: 1 yes, 0 no, -1 error. */
static int user_covers(struct store *s, int64_t user_id, const char *path)
{
    int64_t n = 0;
    if (INT1(s, &n,
             "SELECT COUNT(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id "
             "WHERE u.id = ? AND u.deleted_at IS NULL AND u.active = 1 AND "
             "substr(?, 1, length(ur.org_path)) = ur.org_path",
             DB_INT(user_id), DB_TEXT(path)) < 0)
        return -1;
    return n > 0;
}

/* ---- 挂牌督办 and the 整改通知书 ---- */

/* The nearest bureau at county level or above on the school's path (the
 * county for a school under a county); 0 none, -1 error. *level gets its
 * HAZARD_ORG_* level. */
static int64_t nearest_bureau(struct store *s, const char *path, int *level)
{
    int64_t ids[16];
    int k = orgtree_path_ids(path, ids, 16);
    for (int i = k - 2; i >= 0; i--) {
        char p[96], kind[16];
        int rc = store_org_locate(s, ids[i], p, sizeof(p), kind, sizeof(kind));
        if (rc < 0)
            return -1;
        int lv = rc == 1 ? orgtree_level(kind) : 0;
        if (lv >= HAZARD_ORG_PROVINCE && lv <= HAZARD_ORG_COUNTY) {
            *level = lv;
            return ids[i];
        }
    }
    return 0;
}

/* The bureau the user acts for over the school at path: the nearest org on
 * the path where the user is bureau_admin at county level or above; else
 * the nearest bureau. 0 none, -1 error. */
static int64_t acting_bureau(struct store *s, int64_t user_id, const char *path, int *level)
{
    struct db_stmt *st = Q(s,
                           "SELECT o.id, o.kind FROM user_roles ur JOIN orgs o ON o.id = ur.org_id "
                           "WHERE ur.user_id = ? AND ur.role = 'bureau_admin' AND "
                           "o.kind IN ('province','city','county') AND "
                           "substr(?, 1, length(ur.org_path)) = ur.org_path "
                           "ORDER BY length(ur.org_path) DESC LIMIT 1",
                           DB_INT(user_id), DB_TEXT(path));
    if (!st)
        return -1;
    int64_t id = 0;
    int rc = s->drv->step(st);
    if (rc == 1) {
        id = s->drv->col_int(st, 0);
        *level = orgtree_level(s->drv->col_text(st, 1));
    }
    s->drv->finish(st);
    if (rc < 0)
        return -1;
    return id ? id : nearest_bureau(s, path, level);
}

/* Issues the hazard's 整改通知书 in org's name: its next 文号 and today's
 * date, fixed from now on (every reprint is the same). Nothing when it has
 * one. 0 or -1. */
static int issue_notice(struct store *s, int64_t id, int64_t org, bool listed, int64_t by,
                        int64_t now)
{
    int64_t has = 0;
    if (INT1(s, &has, "SELECT COUNT(*) FROM hazards WHERE id = ? AND notice_no IS NOT NULL",
             DB_INT(id)) < 0)
        return -1;
    if (has || org <= 0)
        return 0;
    int y;
    unsigned m, d;
    xa_civil_from_days((now + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
    char no[96];
    if (store_docno_next(s, org, y, no, sizeof(no), NULL))
        return -1;
    /* what it states stays as issued: listed or not, and its deadline (the
     * 督办期限 when listed, else the rectification deadline once assigned) */
    return EXEC(s,
                "UPDATE hazards SET notice_no = ?, notice_org_id = ?, notice_at = ?, notice_by = ?, "
                "notice_listed = ?, notice_deadline = CASE WHEN ? = 1 THEN supervise_deadline "
                "WHEN state = 'reported' THEN NULL ELSE deadline END WHERE id = ?",
                DB_TEXT(no), DB_INT(org), DB_INT(now), DB_ID(by), DB_INT(listed ? 1 : 0),
                DB_INT(listed ? 1 : 0), DB_INT(id)) < 0
               ? -1
               : 0;
}

#define SUPERVISE_DAYS 30
#define SUPERVISE_REQ                                                                              \
    "按“五落实”要求（责任、措施、资金、时限、预案）制定治理方案并限期整改；整改期间落实防范措施，"  \
    "加强巡查监控；整改完成后经学校验收，报督办单位确认销号"

/* Lists the hazard for 督办 by bureau org (0: its nearest bureau) with a
 * 督办期限 (0: found + 30 days) and 督办要求 (NULL: the standard ones), and
 * issues its notice at once. The caller writes supervised = 1. 0 or -1. */
static int list_for_supervision(struct store *s, const struct hazard_rec *h, int64_t org,
                                int level, int64_t deadline, const char *req, int64_t by,
                                int64_t now)
{
    if (org <= 0) {
        org = nearest_bureau(s, h->org_path, &level);
        if (org < 0)
            return -1;
    }
    if (deadline <= 0)
        deadline = (h->found_at ? h->found_at : now) + (int64_t)SUPERVISE_DAYS * XA_DAY_MS;
    if (EXEC(s,
             "UPDATE hazards SET supervised = 1, supervise_org_id = ?, supervise_level = ?, "
             "supervise_deadline = ?, supervise_req = ?, "
             "supervised_at = COALESCE(supervised_at, ?), "
             "supervised_by = COALESCE(supervised_by, ?) WHERE id = ?",
             DB_ID(org), DB_INT(level), DB_INT(deadline),
             DB_TEXT(req && !blank(req) ? req : SUPERVISE_REQ), DB_INT(now), DB_ID(by),
             DB_INT(h->id)) < 0)
        return -1;
    return issue_notice(s, h->id, org, true, by, now);
}

/* The assignment limit in hours (hazard-settings). */
static void assign_hours(struct store *s, int *general, int *major)
{
    *general = (int)store_hazard_setting_days(s, "hazard.assign_hours", HAZARD_ASSIGN_HOURS);
    *major =
        (int)store_hazard_setting_days(s, "hazard.assign_hours_major", HAZARD_ASSIGN_HOURS_MAJOR);
}

/* ---- create ---- */

static int64_t insert_event(struct store *s, int64_t hazard_id, const char *path,
                            const char *action, const char *from, const char *to,
                            const struct hazard_who *who, const char *note, const char *reason,
                            const char *department, int64_t rectifier_id, int64_t deadline,
                            int pass, int level, int64_t now)
{
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO hazard_events (hazard_id, org_path, action, from_state, to_state, "
             "actor_id, actor_name, note, reason, department, rectifier_id, deadline, pass, "
             "escalation_level, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "RETURNING id",
             DB_INT(hazard_id), DB_TEXT(path), DB_TEXT(action), DB_TEXT(from), DB_TEXT(to),
             DB_ID(who->user_id), DB_TEXT(who->username ? who->username : ""),
             DB_TEXT(note ? note : ""), DB_TEXT(reason ? reason : ""),
             DB_TEXT(department ? department : ""), DB_ID(rectifier_id), DB_ID(deadline),
             pass < 0 ? DB_NULL() : DB_INT(pass), level < 0 ? DB_NULL() : DB_INT(level),
             DB_INT(now)) != 1)
        return -1;
    return id;
}

int64_t store_hazard_create(struct change *c, const struct hazard_create *in)
{
    struct store *s = c->s;
    int64_t now = c->at;
    /* the reporter: the change's user, or someone without an account */
    struct hazard_who self = who_of(c), *who = &self;
    struct hazard_who as = {0, in->as_name};
    if (in->as_name)
        who = &as;
    char path[96], kind[16];
    int rc = store_org_locate(s, in->school_id, path, sizeof(path), kind, sizeof(kind));
    if (rc < 0)
        return -1;
    if (rc == 0 || strcmp(kind, "school") != 0)
        return change_fail(c, XE_HAZARD_NOT_SCHOOL, "school_id");
    if (blank(in->title))
        return change_fail(c, XE_HAZARD_TITLE_REQUIRED, "title");
    enum hazard_grade grade;
    if (hazard_grade_parse(in->grade, &grade))
        return change_fail(c, XE_HAZARD_GRADE_INVALID, "grade");
    enum hazard_source src;
    if (hazard_source_parse(in->source, &src))
        return change_fail(c, XE_HAZARD_SOURCE_INVALID, "source");
    int64_t n = 0;
    if (INT1(s, &n, "SELECT COUNT(*) FROM categories WHERE code = ? AND deleted_at IS NULL",
             DB_TEXT(in->category ? in->category : "")) < 0)
        return -1;
    if (n == 0)
        return change_fail(c, XE_HAZARD_CATEGORY_INVALID, "category");
    if (in->risk_point_id) {
        if (INT1(s, &n,
                 "SELECT COUNT(*) FROM risk_points WHERE id = ? AND org_path = ? AND "
                 "deleted_at IS NULL",
                 DB_INT(in->risk_point_id), DB_TEXT(path)) < 0)
            return -1;
        if (n == 0)
            return change_fail(c, XE_HAZARD_RISK_POINT_INVALID, "risk_point_id");
    }
    if (in->patrol_record_id) {
        if (INT1(s, &n, "SELECT COUNT(*) FROM patrol_records WHERE id = ? AND org_path = ?",
                 DB_INT(in->patrol_record_id), DB_TEXT(path)) < 0)
            return -1;
        if (n == 0)
            return change_fail(c, XE_HAZARD_PATROL_RECORD_INVALID, "patrol_record_id");
    }
    if (in->on_the_spot &&
        hazard_onspot_check(grade, (int)in->nphotos, (int)in->nafter, &c->err))
        return -1;
    int gh, mh;
    assign_hours(s, &gh, &mh);
    int64_t deadline = hazard_assign_deadline(grade, now, gh, mh);
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO hazards (org_id, org_path, title, description, category, grade, source, "
             "location, off_campus, risk_point_id, patrol_record_id, state, reporter_id, found_at, "
             "created_at, updated_at, deadline, onspot, rectifier_id, submitter_id) VALUES (?, ?, "
             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->school_id), DB_TEXT(path), DB_TEXT(in->title),
             DB_TEXT(in->description ? in->description : ""), DB_TEXT(in->category),
             DB_TEXT(in->grade), DB_TEXT(in->source), DB_TEXT(in->location ? in->location : ""),
             DB_INT(in->off_campus ? 1 : 0), DB_ID(in->risk_point_id), DB_ID(in->patrol_record_id),
             DB_TEXT(in->on_the_spot ? "submitted" : "reported"), DB_ID(who->user_id),
             DB_INT(now), DB_INT(now), DB_INT(now), DB_INT(deadline),
             DB_INT(in->on_the_spot ? 1 : 0), DB_ID(in->on_the_spot ? who->user_id : 0),
             DB_ID(in->on_the_spot ? who->user_id : 0)) != 1)
        return -1;
    int64_t ev = insert_event(s, id, path, "report", NULL, "reported", who, in->description, NULL,
                              NULL, 0, deadline, -1, -1, now);
    if (ev < 0)
        return -1;
    rc = link_photos(c, id, path, in->photo_ids, in->nphotos, "before", ev, "photo_ids");
    if (rc)
        return -1;
    if (in->on_the_spot) {
        /* 立行立改: fixed on the spot, straight to verification by another */
        ev = insert_event(s, id, path, "submit", "reported", "submitted", who,
                          in->fix_note && !blank(in->fix_note) ? in->fix_note : "立行立改",
                          NULL, NULL, 0, 0, -1, -1, now);
        if (ev < 0)
            return -1;
        rc = link_photos(c, id, path, in->after_photo_ids, in->nafter, "after", ev,
                         "after_photo_ids");
        if (rc)
            return -1;
    }
    struct hazard_rec h;
    if (load(s, id, &h) != 1)
        return -1;
    if (grade == HAZARD_GRADE_MAJOR) {
        /* 挂牌督办 by the nearest bureau at once, with its 整改通知书 */
        if (list_for_supervision(s, &h, 0, 0, 0, NULL, 0, now))
            return -1;
        static const struct hazard_who sys = {0, "system"};
        if (insert_event(s, id, path, "supervise", "reported", "reported", &sys,
                         "重大隐患自动挂牌督办，下发整改通知书", NULL, NULL, 0, 0, -1, -1,
                         now) < 0)
            return -1;
        if (load(s, id, &h) != 1)
            return -1;
    }
    json_t *after = row_json(s, id);
    rc = audit(c, "create", &h, NULL, after, in->title);
    json_decref(after);
    if (rc || stats_move(s, NULL, &h))
        return -1;
    /* the risk re-grading loop: a major hazard at a point raises its grade */
    if (in->risk_point_id &&
        store_risk_point_raise(s, in->risk_point_id, hazard_grade_name(h.f.grade), now) < 0)
        return -1;
    if (store_work_hazard_msg(s, id, "report", who->user_id, in->description, now) < 0)
        return -1;
    /* the listing is the bureau's 挂牌督办: the school hears of it too */
    if (grade == HAZARD_GRADE_MAJOR &&
        store_work_hazard_msg(s, id, "supervise", 0, "重大隐患自动挂牌督办，下发整改通知书",
                              now) < 0)
        return -1;
    return id;
}

/* ---- actions ---- */

/* Writes nh back over h (optimistic: h's version must still hold) with the
 * extra columns of the action; 1 when someone else changed it meanwhile. */
static int write_back(struct change *c, const struct hazard_rec *h, const struct hazard_rec *nh,
                      enum hazard_action act, const struct hazard_input *in,
                      int64_t escalated_org)
{
    struct store *s = c->s;
    int64_t now = c->at;
    const struct hazard_who self = who_of(c), *who = &self;
    bool approve = act == HAZARD_ACT_APPROVE_PLAN, sup = act == HAZARD_ACT_SUPERVISE,
         esc = act == HAZARD_ACT_ESCALATE, fwd = act == HAZARD_ACT_FORWARD,
         overdue_set = nh->overdue && !h->overdue;
    int64_t ch = EXEC(
        s,
        "UPDATE hazards SET state = ?, rectifier_id = ?, submitter_id = ?, deadline = ?, "
        "plan_approved = ?, supervised = ?, escalation_level = ?, overdue = ?, rebounds = ?, "
        "closed_at = ?, rechecked_at = ?, recheck_due = ?, "
        "plan_approved_by = CASE WHEN ? = 1 THEN ? ELSE plan_approved_by END, "
        "plan_approved_at = CASE WHEN ? = 1 THEN ? ELSE plan_approved_at END, "
        "supervised_by = CASE WHEN ? = 1 THEN ? ELSE supervised_by END, "
        "supervised_at = CASE WHEN ? = 1 THEN ? ELSE supervised_at END, "
        "escalated_org_id = CASE WHEN ? = 1 THEN ? ELSE escalated_org_id END, "
        "escalated_at = CASE WHEN ? = 1 THEN ? ELSE escalated_at END, "
        "department = CASE WHEN ? = 1 THEN ? ELSE department END, "
        "forwarded_at = CASE WHEN ? = 1 THEN ? ELSE forwarded_at END, "
        "overdue_at = CASE WHEN ? = 1 THEN ? ELSE overdue_at END, "
        "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
        DB_TEXT(hazard_state_name(nh->f.state)), DB_ID(nh->f.rectifier_id),
        DB_ID(nh->f.submitter_id), DB_ID(nh->f.deadline_ms), DB_INT(nh->f.plan_approved),
        DB_INT(nh->f.supervised), DB_INT(nh->f.escalation_level), DB_INT(nh->overdue),
        DB_INT(nh->rebounds), DB_ID(nh->closed_at), DB_ID(nh->rechecked_at), DB_INT(nh->recheck_due), DB_INT(approve),
        DB_ID(who->user_id), DB_INT(approve), DB_INT(now), DB_INT(sup), DB_ID(who->user_id),
        DB_INT(sup), DB_INT(now), DB_INT(esc), DB_ID(escalated_org), DB_INT(esc), DB_INT(now),
        DB_INT(fwd), DB_TEXT(in ? in->department : NULL), DB_INT(fwd), DB_INT(now),
        DB_INT(overdue_set), DB_INT(now), DB_INT(now), DB_INT(h->id), DB_INT(h->version));
    if (ch < 0)
        return -1;
    return ch == 0 ? 1 : 0;
}


/* The school's n-th ancestor (clamped at the root); 0 when none. */
static int64_t ancestor(const char *path, int n)
{
    int64_t ids[16];
    int k = orgtree_path_ids(path, ids, 16);
    if (k < 2)
        return 0;
    int idx = (k - 1) - n;
    return ids[idx < 0 ? 0 : idx];
}

/* The columns of the newer actions (移交, 办结, 催办, 通知书, 等级, 督办)
 * beyond write_back's, and the history note they carry (*note, may point
 * into buf). 0 or -1. */
static int act_extra(struct change *c, const struct hazard_rec *h, const struct hazard_rec *nh,
                     const struct hazard_outcome *o, const struct hazard_input *in, char *buf,
                     size_t blen, const char **note)
{
    struct store *s = c->s;
    int64_t now = c->at;
    const struct hazard_who self = who_of(c), *who = &self;
    int level = 0;
    int64_t org;
    switch (in->action) {
    case HAZARD_ACT_FORWARD: {
        char day[16] = "";
        int y;
        unsigned m, d;
        xa_civil_from_days((in->follow_up_ms + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
        snprintf(day, sizeof(day), "%d-%02u-%02u", y, m, d);
        snprintf(buf, blen, "移交%s，联系人：%s，跟踪回访：%s%s%s", in->department, in->contact,
                 day, in->note && *in->note ? "。" : "", in->note ? in->note : "");
        *note = buf;
        return EXEC(s, "UPDATE hazards SET forward_contact = ?, forward_follow_up = ? WHERE id = ?",
                    DB_TEXT(in->contact), DB_INT(in->follow_up_ms), DB_INT(h->id)) < 0
                   ? -1
                   : 0;
    }
    case HAZARD_ACT_CONCLUDE:
        return EXEC(s,
                    "UPDATE hazards SET forward_outcome = ?, forward_concluded_at = ?, "
                    "forward_concluded_by = ? WHERE id = ?",
                    DB_TEXT(in->note), DB_INT(now), DB_ID(who->user_id), DB_INT(h->id)) < 0
                   ? -1
                   : 0;
    case HAZARD_ACT_URGE:
        if (!in->note || blank(in->note))
            *note = "督办单位催办：请加快整改进度";
        return EXEC(s, "UPDATE hazards SET urge_count = urge_count + 1, urged_at = ? WHERE id = ?",
                    DB_INT(now), DB_INT(h->id)) < 0
                   ? -1
                   : 0;
    case HAZARD_ACT_NOTICE:
        org = acting_bureau(s, who->user_id, h->org_path, &level);
        if (org < 0)
            return -1;
        if (!in->note || blank(in->note))
            *note = "下发整改通知书";
        return issue_notice(s, h->id, org, h->f.supervised, who->user_id, now);
    case HAZARD_ACT_SUPERVISE:
        org = acting_bureau(s, who->user_id, h->org_path, &level);
        if (org < 0)
            return -1;
        return list_for_supervision(s, nh, org, level, in->deadline_ms, in->note, who->user_id,
                                    now);
    case HAZARD_ACT_REGRADE:
        snprintf(buf, blen, "隐患等级：%s → %s%s%s",
                 h->f.grade == HAZARD_GRADE_MAJOR ? "重大隐患" : "一般隐患",
                 nh->f.grade == HAZARD_GRADE_MAJOR ? "重大隐患" : "一般隐患",
                 in->note && *in->note ? "。" : "", in->note ? in->note : "");
        *note = buf;
        if (EXEC(s,
                 "UPDATE hazards SET grade = ?, supervise_org_id = CASE WHEN ? = 1 THEN NULL "
                 "ELSE supervise_org_id END, supervise_level = CASE WHEN ? = 1 THEN 0 ELSE "
                 "supervise_level END WHERE id = ?",
                 DB_TEXT(hazard_grade_name(nh->f.grade)),
                 DB_INT(nh->f.grade == HAZARD_GRADE_GENERAL),
                 DB_INT(nh->f.grade == HAZARD_GRADE_GENERAL), DB_INT(h->id)) < 0)
            return -1;
        if (nh->f.grade == HAZARD_GRADE_MAJOR && h->f.state == HAZARD_REPORTED) {
            /* still unassigned: the major hazard's shorter assignment limit
             * from its discovery, if that is sooner (the sweep flags it) */
            int gh, mh;
            assign_hours(s, &gh, &mh);
            int64_t dl = hazard_assign_deadline(HAZARD_GRADE_MAJOR, h->found_at, gh, mh);
            if (EXEC(s,
                     "UPDATE hazards SET deadline = ? WHERE id = ? AND (deadline IS NULL OR "
                     "deadline > ?)",
                     DB_INT(dl), DB_INT(h->id), DB_INT(dl)) < 0)
                return -1;
        }
        if (o->list_now) /* listed by its nearest bureau at once */
            return list_for_supervision(s, nh, 0, 0, 0, NULL, who->user_id, now);
        return 0;
    default:
        return 0;
    }
}

/* Applies one decided outcome: row, event, photos, stats, audit.
 * 0 done, 1 refused (*e), -1 error. */
static int commit_outcome(struct change *c, const struct hazard_rec *h,
                          const struct hazard_outcome *o, const struct hazard_input *in,
                          const int64_t *photo_ids, size_t nphotos)
{
    struct store *s = c->s;
    int64_t now = c->at;
    const struct hazard_who self = who_of(c), *who = &self;
    struct hazard_rec nh = *h;
    nh.f = o->next;
    nh.overdue = h->overdue && hazard_is_overdue(nh.f.state, nh.f.deadline_ms, now);
    if (o->rebound) {
        nh.rebounds++;
        nh.rechecked_at = 0;
    }
    if (o->rechecked)
        nh.rechecked_at = now;
    nh.recheck_due = h->recheck_due && nh.f.state == HAZARD_CLOSED && !o->rechecked;
    if (nh.f.state == HAZARD_CLOSED && h->f.state != HAZARD_CLOSED) {
        nh.closed_at = now;
        nh.rechecked_at = 0;
    }
    if (o->list_now)
        nh.f.supervised = true;
    int64_t esc_org = 0;
    if (in->action == HAZARD_ACT_ESCALATE) {
        esc_org = ancestor(h->org_path, nh.f.escalation_level);
        nh.escalated_org = esc_org;
    }

    json_t *before = row_json(s, h->id);
    int rc = write_back(c, h, &nh, in->action, in, esc_org);
    if (rc) {
        json_decref(before);
        if (rc > 0)
            change_fail(c, XE_HAZARD_CHANGED, NULL);
        return rc;
    }
    const char *ev_note = in->note;
    char buf[512];
    rc = act_extra(c, h, &nh, o, in, buf, sizeof(buf), &ev_note);
    if (rc) {
        json_decref(before);
        return -1;
    }
    bool deadline_changed = nh.f.deadline_ms != h->f.deadline_ms;
    int64_t ev = insert_event(
        s, h->id, h->org_path, hazard_action_name(in->action), hazard_state_name(h->f.state),
        hazard_state_name(nh.f.state), who, ev_note, in->reason,
        in->action == HAZARD_ACT_FORWARD ? in->department : NULL,
        in->action == HAZARD_ACT_ASSIGN ? nh.f.rectifier_id : 0,
        deadline_changed ? nh.f.deadline_ms : 0,
        in->action == HAZARD_ACT_RECHECK ? (in->recheck_pass ? 1 : 0) : -1,
        in->action == HAZARD_ACT_ESCALATE ? nh.f.escalation_level : -1, now);
    if (ev < 0) {
        json_decref(before);
        return -1;
    }
    if (in->action == HAZARD_ACT_SUBMIT) {
        rc = link_photos(c, h->id, h->org_path, photo_ids, nphotos, "after", ev, "photo_ids");
        if (rc) {
            json_decref(before);
            return rc;
        }
    }
    json_t *after = row_json(s, h->id);
    const char *note = in->reason && *in->reason ? in->reason : in->note;
    rc = audit(c, hazard_action_name(in->action), h, before, after, note);
    json_decref(before);
    json_decref(after);
    if (rc || stats_move(s, h, &nh))
        return -1;
    /* the people this event concerns hear of it (store_work.h) */
    if (store_work_hazard_msg(s, h->id, hazard_action_name(in->action), who->user_id, note,
                              now) < 0)
        return -1;
    /* raised to major: listed at once, and the school hears of the 挂牌督办 */
    if (o->list_now &&
        store_work_hazard_msg(s, h->id, "supervise", 0,
                              "隐患升为重大隐患，自动挂牌督办，下发整改通知书", now) < 0)
        return -1;
    return 0;
}

int store_hazard_act(struct change *c, int64_t id, const struct hazard_actor *a,
                     const struct hazard_input *input, const int64_t *photo_ids, size_t nphotos)
{
    struct store *s = c->s;
    struct hazard_input in = *input;
    in.now_ms = c->at;
    struct hazard_rec h;
    int rc = load(s, id, &h);
    if (rc <= 0)
        return rc == 0 ? change_fail(c, XE_HAZARD_NOT_FOUND, "id") : -1;
    struct hazard_outcome o;
    if (hazard_apply(&h.f, a, &in, &o, &c->err))
        return -1;
    if (in.action == HAZARD_ACT_ASSIGN) {
        rc = user_covers(s, in.rectifier_id, h.org_path);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return change_fail(c, XE_HAZARD_RECTIFIER_INVALID, "rectifier_id");
    }
    return commit_outcome(c, &h, &o, &in, photo_ids, nphotos) ? -1 : 0;
}

/* ---- five implementations ---- */

int store_hazard_set_five(struct change *c, int64_t id, const struct hazard_five *in)
{
    struct store *s = c->s;
    int64_t now = c->at;
    const struct hazard_who self = who_of(c), *who = &self;
    struct hazard_rec h;
    int rc = load(s, id, &h);
    if (rc <= 0)
        return rc == 0 ? change_fail(c, XE_HAZARD_NOT_FOUND, "id") : -1;
    if (h.f.grade != HAZARD_GRADE_MAJOR)
        return change_fail(c, XE_HAZARD_FIVE_NOT_MAJOR, "grade");
    if (!hazard_state_is_open(h.f.state))
        return change_fail(c, XE_HAZARD_FIVE_CLOSED, "state");
    /* the person: a staff user of the school, or a name with a phone */
    int64_t rid = 0;
    char rname[128] = "", rphone[64] = "";
    {
        struct db_stmt *st = Q(s,
                               "SELECT COALESCE(five_responsible_id, 0), five_responsible, "
                               "five_responsible_phone FROM hazards WHERE id = ?",
                               DB_INT(id));
        if (!st)
            return -1;
        if (s->drv->step(st) == 1) {
            rid = s->drv->col_int(st, 0);
            snprintf(rname, sizeof(rname), "%s", s->drv->col_text(st, 1));
            snprintf(rphone, sizeof(rphone), "%s", s->drv->col_text(st, 2));
        }
        s->drv->finish(st);
    }
    if (in->has_responsible_id)
        rid = in->responsible_id;
    if (in->has_responsible)
        snprintf(rname, sizeof(rname), "%s", in->responsible ? in->responsible : "");
    if (in->has_phone)
        snprintf(rphone, sizeof(rphone), "%s", in->responsible_phone ? in->responsible_phone : "");
    if (in->has_responsible_id && rid > 0) {
        int64_t n = 0;
        if (INT1(s, &n,
                 "SELECT COUNT(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id WHERE "
                 "u.id = ? AND u.deleted_at IS NULL AND u.active = 1 AND ur.org_path = ?",
                 DB_INT(rid), DB_TEXT(h.org_path)) < 0)
            return -1;
        if (n == 0)
            return change_fail(c, XE_HAZARD_FIVE_RESPONSIBLE_ID_INVALID, "responsible_id");
        char nm[128] = "";
        if (TEXT1(s, nm, sizeof(nm), "SELECT name FROM users WHERE id = ?", DB_INT(rid)) < 0)
            return -1;
        snprintf(rname, sizeof(rname), "%s", nm);
    }
    if ((in->has_responsible || in->has_responsible_id || in->has_phone) &&
        hazard_five_person_check(rid, rname, rphone, &c->err))
        return -1;
    json_t *before = row_json(s, id);
    int64_t ch = EXEC(
        s,
        "UPDATE hazards SET five_responsible_id = ?, five_responsible = ?, "
        "five_responsible_phone = ?, "
        "five_measures = CASE WHEN ? = 1 THEN ? ELSE five_measures END, "
        "five_funds = CASE WHEN ? = 1 THEN ? ELSE five_funds END, "
        "five_deadline = CASE WHEN ? = 1 THEN ? ELSE five_deadline END, "
        "five_plan = CASE WHEN ? = 1 THEN ? ELSE five_plan END, "
        "safeguards = CASE WHEN ? = 1 THEN ? ELSE safeguards END, "
        "five_updated_at = ?, five_updated_by = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        DB_ID(rid), DB_TEXT(rname), DB_TEXT(rphone),
        DB_INT(in->has_measures), DB_TEXT(in->measures ? in->measures : ""),
        DB_INT(in->has_funds), in->funds_unset ? DB_NULL() : DB_DOUBLE(in->funds),
        DB_INT(in->has_deadline),
        DB_INT(in->deadline_ms), DB_INT(in->has_plan), DB_TEXT(in->plan ? in->plan : ""),
        DB_INT(in->has_safeguards), DB_TEXT(in->safeguards ? in->safeguards : ""), DB_INT(now),
        DB_ID(who->user_id), DB_INT(now), DB_INT(id), DB_INT(h.version));
    if (ch <= 0) {
        json_decref(before);
        if (ch == 0)
            change_fail(c, XE_HAZARD_CHANGED, NULL);
        return -1;
    }
    /* an approved plan whose substance changed (not the interim safeguards)
     * goes back to the principal */
    json_t *after = row_json(s, id);
    bool reapprove = false;
    static const char *const plan_cols[] = {"five_responsible", "five_measures", "five_funds",
                                            "five_deadline", "five_plan"};
    for (size_t i = 0; h.f.plan_approved && after && i < XA_ARRAY_LEN(plan_cols); i++) {
        json_t *x = json_object_get(before, plan_cols[i]), *y = json_object_get(after, plan_cols[i]);
        if (!(x && y && json_equal(x, y)))
            reapprove = true;
    }
    if (reapprove &&
        EXEC(s,
             "UPDATE hazards SET plan_approved = 0, plan_approved_by = NULL, "
             "plan_approved_at = NULL WHERE id = ?",
             DB_INT(id)) < 0) {
        json_decref(before);
        json_decref(after);
        return -1;
    }
    if (reapprove) {
        json_decref(after);
        after = row_json(s, id);
    }
    const char *st = hazard_state_name(h.f.state);
    if (insert_event(s, id, h.org_path, "five", st, st, who,
                     reapprove ? "更新五落实（整改方案已变更，需校长重新审批）" : "更新五落实",
                     NULL, NULL, 0, in->has_deadline ? in->deadline_ms : 0, -1, -1, now) < 0) {
        json_decref(before);
        json_decref(after);
        return -1;
    }
    rc = audit(c, "five", &h, before, after, "五落实");
    json_decref(before);
    json_decref(after);
    return rc ? -1 : 0;
}

/* ---- reading ---- */

json_t *store_hazard_get(struct store *s, int64_t id, struct hazard_facts *f, char *path,
                         size_t plen)
{
    /* the facts first (the state machine's view of the row), then the row
     * with its names and the five implementations in one joined read */
    struct hazard_rec h;
    if (load(s, id, &h) != 1)
        return NULL;
    if (f)
        *f = h.f;
    if (path)
        snprintf(path, plen, "%s", h.org_path);
    json_t *o = OBJ1(
        s,
        "SELECT h.id, h.org_id, o.name AS school_name, o.code AS school_code, h.org_path, "
        "h.title, h.description, h.category, COALESCE(c.name_zh, h.category) AS category_name, "
        "h.grade, h.source, h.location, h.off_campus AS \"off_campus?\", h.risk_point_id, "
        "h.patrol_record_id, h.state, h.reporter_id, ru.name AS reporter_name, h.found_at AS \"found_at@\", "
        "h.rectifier_id, xu.name AS rectifier_name, h.submitter_id, h.deadline AS \"deadline@\", "
        "h.plan_approved AS \"plan_approved?\", h.plan_approved_by, h.plan_approved_at AS \"plan_approved_at@\", "
        "h.supervised AS \"supervised?\", h.supervised_by, h.supervised_at AS \"supervised_at@\", h.escalation_level, "
        "h.escalated_org_id, eo.name AS escalated_org_name, h.escalated_at AS \"escalated_at@\", "
        "h.overdue AS \"overdue?\", h.overdue_at AS \"overdue_at@\", h.rebounds, h.department, h.forwarded_at AS \"forwarded_at@\", "
        "h.closed_at AS \"closed_at@\", h.rechecked_at AS \"rechecked_at@\", h.recheck_due AS \"recheck_due?\", h.version, h.created_at AS \"created_at@\", "
        "h.updated_at AS \"updated_at@\", h.five_responsible AS five_responsible, h.five_measures AS five_measures, "
        "h.five_funds AS five_funds, h.five_deadline AS \"five_deadline@\", h.five_plan AS five_plan, "
        "h.safeguards AS five_safeguards, h.five_updated_at AS \"five_updated_at@\", "
        "h.five_responsible_id AS five_responsible_id, "
        "h.five_responsible_phone AS five_responsible_phone, "
        "h.supervise_org_id, so.name AS supervise_org_name, "
        "h.supervise_deadline AS \"supervise_deadline_at@\", "
        "h.supervise_req, h.urge_count, h.urged_at AS \"urged_at@\", h.notice_no, nto.name AS notice_org_name, "
        "h.notice_at AS \"notice_at@\", h.notice_listed AS \"notice_listed?\", h.notice_deadline AS \"notice_deadline_at@\", "
        "h.forward_contact, h.forward_follow_up AS \"follow_up_at@\", h.forward_outcome, "
        "h.forward_concluded_at AS \"forward_concluded_at@\", h.onspot AS \"onspot?\" "
        "FROM hazards h JOIN orgs o ON o.id = h.org_id "
        "LEFT JOIN orgs so ON so.id = h.supervise_org_id LEFT JOIN orgs nto ON nto.id = h.notice_org_id "
        "LEFT JOIN categories c ON c.code = h.category "
        "LEFT JOIN users ru ON ru.id = h.reporter_id LEFT JOIN users xu ON xu.id = h.rectifier_id "
        "LEFT JOIN orgs eo ON eo.id = h.escalated_org_id "
        "WHERE h.id = ? AND h.deleted_at IS NULL",
        DB_INT(id));
    if (!o)
        return NULL;
    /* five_* columns become the "five" object */
    json_t *five = json_object();
    static const char *const five_keys[] = {"responsible", "measures",   "funds",
                                            "deadline",    "plan",       "safeguards",
                                            "updated_at",  "responsible_id", "responsible_phone"};
    for (size_t i = 0; i < sizeof(five_keys) / sizeof(five_keys[0]); i++) {
        char key[32];
        snprintf(key, sizeof(key), "five_%s", five_keys[i]);
        json_t *v = json_object_get(o, key);
        json_object_set(five, five_keys[i], v ? v : json_null());
        json_object_del(o, key);
    }
    json_t *photos = ARR(s,
                         "SELECT p.photo_id AS id, p.kind, p.event_id, p.created_at AS \"created_at@\", ph.sha256, "
                         "ph.mime FROM hazard_photos p LEFT JOIN photos ph ON ph.id = p.photo_id "
                         "WHERE p.hazard_id = ? ORDER BY p.created_at, p.photo_id",
                         DB_INT(id));
    json_t *hist = ARR(s,
                       "SELECT id, action, from_state, to_state, actor_id, actor_name, note, "
                       "reason, department, rectifier_id, deadline AS \"deadline@\", pass, escalation_level, at AS \"at@\", "
                       "COALESCE((SELECT u.name FROM users u WHERE u.id = actor_id), '') "
                       "AS actor_person FROM hazard_events WHERE hazard_id = ? ORDER BY id",
                       DB_INT(id));
    if (!five || !photos || !hist) {
        json_decref(o);
        json_decref(five);
        json_decref(photos);
        json_decref(hist);
        return NULL;
    }
    json_object_set_new(five, "complete", json_boolean(h.f.five_done));
    json_t *miss = json_array();
    static const struct {
        unsigned bit;
        const char *field;
    } fm[] = {{HAZARD_FIVE_RESPONSIBLE, "responsible"}, {HAZARD_FIVE_MEASURES, "measures"},
              {HAZARD_FIVE_FUNDS, "funds"},             {HAZARD_FIVE_DEADLINE, "deadline"},
              {HAZARD_FIVE_PLAN, "plan"}};
    for (size_t i = 0; i < XA_ARRAY_LEN(fm); i++)
        if (h.f.five_missing & fm[i].bit)
            json_array_append_new(miss, json_string(fm[i].field));
    json_object_set_new(five, "missing", miss);
    /* why it is overdue: 待交办超时 (still unassigned) or 整改超期 */
    json_object_set_new(o, "overdue_kind",
                        !h.overdue ? json_null()
                        : h.f.state == HAZARD_REPORTED ? json_string("assign")
                                                       : json_string("rectify"));
    json_object_set_new(o, "five", five);
    json_object_set_new(o, "photos", photos);
    json_object_set_new(o, "history", hist);
    return o;
}

/* The sum of counter `bucket` over the subtree `path` (its org's row, or the
 * root orgs' rows for "/"); -1 on error. */
static int64_t list_counter(struct store *s, const char *path, const char *bucket)
{
    int64_t ids[16], n = 0;
    int nids = orgtree_path_ids(path, ids, 16);
    int64_t id = nids > 0 ? ids[nids - 1] : 0;
    if (id)
        return store_hazard_counter(s, id, bucket);
    int rc = INT1(s, &n,
                  "SELECT COALESCE((SELECT SUM(st.n) FROM hazard_stats st JOIN orgs o ON "
                  "o.id = st.org_id WHERE o.parent_id IS NULL AND st.bucket = ?), 0) + "
                  "COALESCE((SELECT SUM(n) FROM hazard_stats_delta WHERE bucket = ?), 0)",
                  DB_TEXT(bucket), DB_TEXT(bucket));
    return rc < 0 ? -1 : n;
}

/* Subtrees with more hazards than this are listed by walking the primary key
 * down (newest first) rather than reading and sorting the whole subtree. */
#define LIST_WALK_MIN 10000

json_t *store_hazard_list(struct store *s, const struct scope *sc, const struct hazard_filter *f,
                          const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char like[300];
    sx_like(f->q ? f->q : "", like, sizeof(like));
    const char *state = f->state ? f->state : "", *grade = f->grade ? f->grade : "",
               *cat = f->category ? f->category : "", *q = f->q ? f->q : "";
    /* one subtree (the usual case): its total from the counters, and when
     * the filter is one counter's condition, the count too */
    bool one = sc->n == 1;
    int64_t total = -1, subtree = -1;
    if (one) {
        subtree = list_counter(s, sc->path[0], "total");
        if (subtree < 0)
            return NULL;
        int nf = (*state != 0) + (*grade != 0) + (*cat != 0) + (f->overdue >= 0) +
                 (f->supervised >= 0) + (f->escalated ? 1 : 0);
        bool extra = f->unclosed || f->from_ms || f->to_ms || f->mine_id;
        if (nf <= 1 && !*q && !f->escalated_to && f->recheck_due < 0 && !extra) {
            char bucket[80] = "total";
            int flag = -1;
            if (*state)
                snprintf(bucket, sizeof(bucket), "status:%s", state);
            else if (*grade)
                snprintf(bucket, sizeof(bucket), "grade:%s", grade);
            else if (*cat)
                snprintf(bucket, sizeof(bucket), "category:%s", cat);
            else if (f->overdue >= 0)
                snprintf(bucket, sizeof(bucket), "overdue"), flag = f->overdue;
            else if (f->supervised >= 0)
                snprintf(bucket, sizeof(bucket), "supervised"), flag = f->supervised;
            else if (f->escalated)
                snprintf(bucket, sizeof(bucket), "escalated");
            total = strcmp(bucket, "total") ? list_counter(s, sc->path[0], bucket) : subtree;
            if (total < 0)
                return NULL;
            if (flag == 0) /* overdue=0 / supervised=0: the rest */
                total = subtree - total;
        }
    }
#define HZ_FROM " FROM hazards h JOIN orgs o ON o.id = h.org_id WHERE h.deleted_at IS NULL AND "
#define HZ_FILTER                                                                                  \
    " AND (? = '' OR h.state = ?) AND (? = '' OR h.grade = ?) "                                    \
    "AND (? = '' OR h.category = ?) AND (? = '' OR h.title LIKE ? ESCAPE '\\') "                   \
    "AND (? < 0 OR h.overdue = ?) AND (? < 0 OR h.supervised = ?) "                               \
    "AND (? = 0 OR h.escalated_org_id = ?) AND (? = 0 OR h.escalation_level > 0) "                \
    "AND (? < 0 OR h.recheck_due = ?) "                                                           \
    "AND (? = 0 OR (h.state <> 'closed' AND h.forward_concluded_at IS NULL)) "                    \
    "AND (? = 0 OR h.found_at >= ?) AND (? = 0 OR h.found_at < ?) " \
    "AND (? = 0 OR h.rectifier_id = ?)"
#define HZ_FPARAMS                                                                                 \
    DB_TEXT(state), DB_TEXT(state), DB_TEXT(grade), DB_TEXT(grade), DB_TEXT(cat), DB_TEXT(cat),   \
        DB_TEXT(q), DB_TEXT(like), DB_INT(f->overdue), DB_INT(f->overdue),                       \
        DB_INT(f->supervised), DB_INT(f->supervised), DB_INT(f->escalated_to),                   \
        DB_INT(f->escalated_to), DB_INT(f->escalated ? 1 : 0), DB_INT(f->recheck_due),           \
        DB_INT(f->recheck_due), DB_INT(f->unclosed ? 1 : 0), DB_INT(f->from_ms),                \
        DB_INT(f->from_ms), DB_INT(f->to_ms), DB_INT(f->to_ms), DB_INT(f->mine_id),              \
        DB_INT(f->mine_id)
#define HZ_ITEM_COLS                                                                               \
    "SELECT h.id, h.org_id, o.name AS school_name, h.title, h.category, h.grade, h.source, "      \
    "h.state, h.location, h.found_at AS \"found_at@\", h.rectifier_id, "                        \
    "h.deadline AS \"deadline@\", h.overdue AS \"overdue?\", h.supervised AS \"supervised?\", " \
    "h.escalation_level, h.escalated_org_id, h.rebounds, h.closed_at AS \"closed_at@\", "       \
    "h.recheck_due AS \"recheck_due?\", h.updated_at AS \"updated_at@\", "                     \
    "h.onspot AS \"onspot?\", h.forward_concluded_at AS \"forward_concluded_at@\", "           \
    "h.notice_no, h.supervise_deadline AS \"supervise_deadline_at@\""
/* by urgency: overdue first, then the nearest deadline, then the newest */
#define HZ_URGENT                                                                                  \
    " ORDER BY CASE WHEN h.state IN " HZ_OPEN " THEN 0 ELSE 1 END, h.overdue DESC, "            \
    "CASE WHEN h.deadline IS NULL THEN 1 ELSE 0 END, h.deadline, h.id DESC LIMIT ? OFFSET ?"
#define HZ_PAGE " ORDER BY h.id DESC LIMIT ? OFFSET ?"
    json_t *items;
    if (one && !f->urgent) {
        /* a big subtree: down the primary key, newest first, stopping after
         * the page (on SQLite "|| ''" keeps the planner off the org_path
         * indexes); a small one: its org_path range, then a sort */
        bool sqlite = !strcmp(store_backend(s), "sqlite");
        bool walk = subtree >= LIST_WALK_MIN && sqlite;
        /* a count the counters do not hold, in a big subtree: through the
         * index of the most selective filter that has one, reading the
         * index alone where it covers the filters (hazards_state_path) */
        bool covered = !*q && f->supervised < 0 && !f->escalated && f->recheck_due < 0;
        int rc = 1;
        if (total < 0 && walk && f->escalated_to)
            rc = INT1(s, &total,
                      "SELECT COUNT(*)" HZ_FROM "h.escalated_org_id = ? AND h.org_path || '' >= ? "
                      "AND h.org_path || '' < ?" HZ_FILTER,
                      DB_INT(f->escalated_to), DB_TEXT(b.lo[0]), DB_TEXT(b.hi[0]), HZ_FPARAMS);
        else if (total < 0 && walk && covered)
            rc = INT1(s, &total,
                      "SELECT COUNT(*) FROM hazards h WHERE h.state >= ? AND h.state <= ? AND "
                      "h.org_path || '' >= ? AND h.org_path || '' < ? AND h.deleted_at IS NULL "
                      "AND (? = '' OR h.grade = ?) AND (? = '' OR h.category = ?) "
                      "AND (? < 0 OR h.overdue = ?)",
                      DB_TEXT(*state ? state : ""), DB_TEXT(*state ? state : "~"),
                      DB_TEXT(b.lo[0]), DB_TEXT(b.hi[0]), DB_TEXT(grade), DB_TEXT(grade),
                      DB_TEXT(cat), DB_TEXT(cat), DB_INT(f->overdue), DB_INT(f->overdue));
        else if (total < 0)
            rc = INT1(s, &total,
                      walk ? "SELECT COUNT(*)" HZ_FROM
                             "h.org_path || '' >= ? AND h.org_path || '' < ?" HZ_FILTER
                           : "SELECT COUNT(*)" HZ_FROM "h.org_path >= ? AND h.org_path < ?"
                             HZ_FILTER,
                      DB_TEXT(b.lo[0]), DB_TEXT(b.hi[0]), HZ_FPARAMS);
        if (rc < 0)
            return NULL;
        items = ARR(s,
                    walk ? HZ_ITEM_COLS HZ_FROM "h.org_path || '' >= ? AND h.org_path || '' < ?"
                               HZ_FILTER HZ_PAGE
                    : sqlite ? HZ_ITEM_COLS HZ_FROM "h.org_path >= ? AND h.org_path < ?" HZ_FILTER
                                   " ORDER BY +h.id DESC LIMIT ? OFFSET ?"
                             : HZ_ITEM_COLS HZ_FROM "h.org_path >= ? AND h.org_path < ?" HZ_FILTER
                                   HZ_PAGE,
                    DB_TEXT(b.lo[0]), DB_TEXT(b.hi[0]), HZ_FPARAMS, DB_INT(pg->per_page),
                    DB_INT((pg->page - 1) * pg->per_page));
    } else {
        if (total < 0 &&
            INT1(s, &total, "SELECT COUNT(*)" HZ_FROM SCOPE_SQL("h.org_path") HZ_FILTER,
                 SCOPE_PARAMS(b), HZ_FPARAMS) < 0)
            return NULL;
        items = ARR(s,
                    f->urgent ? HZ_ITEM_COLS HZ_FROM SCOPE_SQL("h.org_path") HZ_FILTER HZ_URGENT
                              : HZ_ITEM_COLS HZ_FROM SCOPE_SQL("h.org_path") HZ_FILTER HZ_PAGE,
                    SCOPE_PARAMS(b), HZ_FPARAMS, DB_INT(pg->per_page),
                    DB_INT((pg->page - 1) * pg->per_page));
    }
#undef HZ_FROM
#undef HZ_FILTER
#undef HZ_FPARAMS
#undef HZ_ITEM_COLS
#undef HZ_PAGE
#undef HZ_URGENT
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

/* ---- the overdue sweep ---- */

int64_t store_hazard_setting_days(struct store *s, const char *key, int64_t dflt)
{
    char buf[32];
    if (store_setting_get(s, key, buf, sizeof(buf)) != 1)
        return dflt;
    char *end;
    long long v = strtoll(buf, &end, 10);
    return end != buf && v >= 0 ? v : dflt;
}

json_t *store_hazard_settings(struct store *s)
{
    return json_pack(
        "{s:I, s:I, s:I, s:I}", "escalation_days",
        (json_int_t)store_hazard_setting_days(s, "hazard.escalation_days",
                                              HAZARD_ESCALATION_DAYS_DEFAULT),
        "recheck_days",
        (json_int_t)store_hazard_setting_days(s, "hazard.recheck_days",
                                              HAZARD_RECHECK_DAYS_DEFAULT),
        "assign_hours",
        (json_int_t)store_hazard_setting_days(s, "hazard.assign_hours", HAZARD_ASSIGN_HOURS),
        "assign_hours_major",
        (json_int_t)store_hazard_setting_days(s, "hazard.assign_hours_major",
                                              HAZARD_ASSIGN_HOURS_MAJOR));
}

int store_hazard_settings_set(struct change *c, const struct hazard_settings_in *in,
                              int64_t org_id, const char *org_path, json_t **after)
{
    *after = NULL;
    json_t *before = store_hazard_settings(c->s);
    if (!before)
        return -1;
    const struct {
        int64_t v;
        const char *key;
    } set[] = {{in->escalation_days, "hazard.escalation_days"},
               {in->recheck_days, "hazard.recheck_days"},
               {in->assign_hours, "hazard.assign_hours"},
               {in->assign_hours_major, "hazard.assign_hours_major"}};
    for (size_t i = 0; i < XA_ARRAY_LEN(set); i++) {
        if (set[i].v <= 0)
            continue;
        char v[24];
        snprintf(v, sizeof(v), "%lld", (long long)set[i].v);
        if (store_setting_set(c->s, set[i].key, v) < 0) {
            json_decref(before);
            return -1;
        }
    }
    json_t *now = store_hazard_settings(c->s);
    int rc = now ? change_audit(c, "update", "hazard_settings", org_id, org_id, org_path, before,
                                now, NULL)
                 : -1;
    json_decref(before);
    if (rc) {
        json_decref(now);
        return -1;
    }
    *after = now;
    return 0;
}

/* One hazard: flag overdue, then escalate while a level is due. */
static int sweep_one(struct change *c, int64_t id, int64_t period_ms, int *flagged,
                     int *escalated)
{
    struct store *s = c->s;
    int64_t now = c->at;
    static const struct hazard_who sys = {0, "system"};
    struct hazard_actor a = {.is_system = true};
    struct hazard_rec h;
    int rc = load(s, id, &h);
    if (rc <= 0)
        return rc;
    if (!hazard_is_overdue(h.f.state, h.f.deadline_ms, now))
        return 0;
    if (!h.overdue) {
        struct hazard_rec nh = h;
        nh.overdue = true;
        json_t *before = row_json(s, id);
        rc = write_back(c, &h, &nh, HAZARD_ACTION_COUNT, NULL, 0);
        const char *st = hazard_state_name(h.f.state);
        const char *why = h.f.state == HAZARD_REPORTED ? "待交办超时" : "整改超期";
        if (rc == 0 && insert_event(s, id, h.org_path, "overdue", st, st, &sys, why, NULL,
                                    NULL, 0, 0, -1, -1, now) < 0)
            rc = -1;
        json_t *after = rc == 0 ? row_json(s, id) : NULL;
        if (rc == 0 && audit(c, "overdue", &h, before, after, why))
            rc = -1;
        if (rc == 0 && stats_move(s, &h, &nh))
            rc = -1;
        if (rc == 0 && store_work_hazard_msg(s, id, "overdue", 0, NULL, now) < 0)
            rc = -1;
        json_decref(before);
        json_decref(after);
        if (rc)
            return rc < 0 ? -1 : 0;
        if (flagged)
            (*flagged)++;
        if (load(s, id, &h) != 1)
            return -1;
    }
    for (;;) {
        int64_t over = now - h.f.deadline_ms;
        int64_t due = 1 + over / period_ms; /* period_ms > 0 (store_hazard_sweep) */
        if (h.f.escalation_level >= due)
            break;
        struct hazard_input in = {.action = HAZARD_ACT_ESCALATE, .now_ms = now};
        struct hazard_outcome o;
        struct xa_error e;
        if (hazard_apply(&h.f, &a, &in, &o, &e))
            break; /* at the top level */
        rc = commit_outcome(c, &h, &o, &in, NULL, 0);
        if (rc)
            return rc < 0 ? -1 : 0;
        if (escalated)
            (*escalated)++;
        if (load(s, id, &h) != 1)
            return -1;
    }
    return 0;
}

/* A closed hazard due for its re-check: flag it. */
static int recheck_one(struct change *c, int64_t id, int64_t recheck_ms, int *due)
{
    struct store *s = c->s;
    int64_t now = c->at;
    static const struct hazard_who sys = {0, "system"};
    struct hazard_rec h;
    int rc = load(s, id, &h);
    if (rc <= 0)
        return rc;
    if (h.f.state != HAZARD_CLOSED || h.recheck_due || h.rechecked_at || !h.closed_at ||
        h.closed_at > now - recheck_ms)
        return 0;
    struct hazard_rec nh = h;
    nh.recheck_due = true;
    json_t *before = row_json(s, id);
    rc = write_back(c, &h, &nh, HAZARD_ACTION_COUNT, NULL, 0);
    if (rc == 0 && insert_event(s, id, h.org_path, "recheck_due", "closed", "closed", &sys,
                                "到期回头看", NULL, NULL, 0, 0, -1, -1, now) < 0)
        rc = -1;
    json_t *after = rc == 0 ? row_json(s, id) : NULL;
    if (rc == 0 && audit(c, "recheck_due", &h, before, after, "到期回头看"))
        rc = -1;
    json_decref(before);
    json_decref(after);
    if (rc == 0 && due)
        (*due)++;
    return rc < 0 ? -1 : 0;
}

#define SWEEP_BATCH 200
#define SWEEP_BATCH_MS 50

static bool (*sweep_stop)(void);

void store_hazard_sweep_set_stop(bool (*stop)(void))
{
    sweep_stop = stop;
}

/* Runs one(id) for each id the query returns, in bounded transactions. */
static int sweep_ids(struct store *s, struct db_stmt *st, int64_t now, int64_t arg,
                     int (*one)(struct change *, int64_t, int64_t, int *, int *), int *c1,
                     int *c2)
{
    if (!st)
        return -1;
    size_t n = 0, cap = 64;
    int64_t *ids = malloc(cap * sizeof(*ids));
    int rc;
    while ((rc = s->drv->step(st)) == 1) {
        if (n == cap) {
            cap *= 2;
            ids = realloc(ids, cap * sizeof(*ids));
        }
        if (!ids)
            abort();
        ids[n++] = s->drv->col_int(st, 0);
    }
    s->drv->finish(st);
    if (rc < 0) {
        free(ids);
        return -1;
    }
    /* in batches: one transaction per SWEEP_BATCH hazards or SWEEP_BATCH_MS,
     * whichever comes first, so a backlog (thousands of hazards after a
     * restart) costs one commit per batch, and other writers wait for one
     * short batch at most (readers never wait: WAL / MVCC) */
    for (size_t i = 0; i < n;) {
        if (sweep_stop && sweep_stop())
            break; /* shutting down: the rest is swept next time */
        /* a change of the system (user 0) at the sweep's instant */
        struct change c;
        if (store_change_begin(&c, s, 0, "system", now)) {
            free(ids);
            return -1;
        }
        int64_t t0 = xa_now_ms();
        size_t end = n - i > SWEEP_BATCH ? i + SWEEP_BATCH : n;
        rc = 0;
        while (i < end && rc >= 0) {
            rc = one(&c, ids[i++], arg, c1, c2);
            if (xa_now_ms() - t0 >= SWEEP_BATCH_MS)
                break;
        }
        if (rc < 0) {
            store_change_abort(&c);
            free(ids);
            return -1;
        }
        if (store_change_commit(&c)) {
            free(ids);
            return -1;
        }
    }
    free(ids);
    return 0;
}

static int recheck_cb(struct change *c, int64_t id, int64_t recheck_ms, int *due, int *unused)
{
    (void)unused;
    return recheck_one(c, id, recheck_ms, due);
}

int store_hazard_sweep(struct store *s, int64_t now, int64_t period_ms, int64_t recheck_ms,
                       int *flagged, int *escalated, int *recheck_due)
{
    /* only hazards with something to do: not yet flagged, or a level due
     * (one per period overdue, as sweep_one counts) below the top */
    int64_t period = period_ms > 0 ? period_ms : 1;
    if (sweep_ids(s,
                  Q(s,
                    /* the predicate of the partial index hazards_sweep
                     * (0011_counters.sql), literally, so both planners can use
                     * it, and its order: with ORDER BY id SQLite preferred
                     * hazards_state_path (every open hazard, then a sort;
                     * tests/unit/test_plans.c) */
                    "SELECT id FROM hazards WHERE " HZ_IDX_SWEEP " AND deadline < ? AND "
                    "(overdue = 0 OR escalation_level < 1 + "
                    "(? - deadline) / ?) ORDER BY deadline, id",
                    DB_INT(now), DB_INT(now), DB_INT(period)),
                  now, period, sweep_one, flagged, escalated))
        return -1;
    return sweep_ids(s,
                     Q(s,
                       "SELECT id FROM hazards WHERE " HZ_IDX_RECHECK " AND closed_at <= ? "
                       "ORDER BY closed_at, id",
                       DB_INT(now - recheck_ms)),
                     now, recheck_ms, recheck_cb, recheck_due, NULL);
}
