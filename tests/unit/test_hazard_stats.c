/*
 * test_hazard_stats.c - property test of the incremental hazard statistics.
 *
 * On a fresh store (a temporary SQLite file, and PostgreSQL when
 * XA_TEST_PG_URI names a scratch database: the test works in its own schema
 * hz_unit there), builds a small org tree with users, then runs a few hundred
 * random operations through the very functions the API uses (store_hazard_
 * create / act / set_five / sweep, actors built by api_hazard_actor) on a
 * simulated clock. After that, and at checkpoints along the way, every org's
 * counters (store_hazard_stats) must equal a fresh count over the raw hazard
 * rows of its subtree (store_hazard_stats_fresh).
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "core/timeutil.h"
#include "domain/hazard.h"
#include "store/store_hazard.h"
#include "store/store_bulk.h"
#include "store/store_risk.h"
#include "store/store_int.h"
#include "t.h"
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#define MAX_ORGS 32
#define MAX_USERS 64
#define MAX_HAZ 512

struct org {
    int64_t id;
    char path[96], kind[16];
};
struct user {
    int64_t id;
    char role[24];
    int org; /* index into orgs */
};

static struct store *S;
static struct org orgs[MAX_ORGS];
static int norgs;
static struct user users[MAX_USERS];
static int nusers;
static int64_t hazards[MAX_HAZ];
static int nhaz;
static int64_t photos[MAX_ORGS]; /* one per school org index */
static int64_t now_ms;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* the quiet change the org tree and its people are made in */
static struct change setup;

static int add_org(int parent, const char *kind, const char *name)
{
    static int code = 100000;
    char c[16];
    snprintf(c, sizeof(c), strcmp(kind, "school") == 0 ? "77%08d" : "%06d", code++);
    struct org_in in = {.parent_id = parent >= 0 ? orgs[parent].id : 0, .kind = kind,
                        .name = name, .code = c, .school_type =
                            strcmp(kind, "school") == 0 ? "primary" : NULL,
                        .address = ""};
    int64_t id = store_org_create(&setup, &in, NULL);
    T_CHECK(id > 0);
    struct org *o = &orgs[norgs];
    o->id = id;
    store_org_locate(S, id, o->path, sizeof(o->path), o->kind, sizeof(o->kind));
    return norgs++;
}

static void add_user(int org, const char *role)
{
    char uname[32];
    snprintf(uname, sizeof(uname), "hz%d_%s", nusers, role);
    struct role_in ro = {.role = role, .org_id = orgs[org].id, .org_path = orgs[org].path};
    struct user_in in = {.username = uname, .pass_hash = "x", .name = uname, .phone = "",
                         .org_id = orgs[org].id, .org_path = orgs[org].path, .nroles = 1,
                         .roles = &ro};
    int64_t id = store_user_create(&setup, &in, NULL);
    T_CHECK(id > 0);
    users[nusers].id = id;
    snprintf(users[nusers].role, sizeof(users[nusers].role), "%s", role);
    users[nusers].org = org;
    nusers++;
}

/* The actor exactly as the API builds it, from a principal's bindings. */
static void actor_of(const struct user *u, const char *school_path, struct hazard_actor *a)
{
    struct principal p = {0};
    p.id = u->id;
    snprintf(p.username, sizeof(p.username), "u%lld", (long long)u->id);
    p.nroles = 1;
    snprintf(p.roles[0].role, sizeof(p.roles[0].role), "%s", u->role);
    p.roles[0].org_id = orgs[u->org].id;
    snprintf(p.roles[0].path, sizeof(p.roles[0].path), "%s", orgs[u->org].path);
    snprintf(p.roles[0].org_kind, sizeof(p.roles[0].org_kind), "%s", orgs[u->org].kind);
    struct req r = {0};
    r.user = &p;
    api_hazard_actor(&r, school_path, a);
}

static int school_index(const char *path)
{
    for (int i = 0; i < norgs; i++)
        if (!strcmp(orgs[i].path, path))
            return i;
    return -1;
}

static const char *cats[] = {"fire", "food", "lab", "building", "electrical", "surroundings"};
static int ok_creates, ok_actions, refused, ok_five, sweeps;
static int64_t seen_fwd, seen_aov, seen_major; /* the new buckets, at the root, ever */

static void op_create(void)
{
    int schools[MAX_ORGS], ns = 0;
    for (int i = 0; i < norgs; i++)
        if (!strcmp(orgs[i].kind, "school"))
            schools[ns++] = i;
    int sc = schools[rnd((unsigned)ns)];
    struct hazard_create c = {.school_id = orgs[sc].id, .title = "随机隐患",
                              .category = cats[rnd(XA_ARRAY_LEN(cats))],
                              .grade = rnd(3) == 0 ? "major" : "general",
                              .source = "patrol", .photo_ids = &photos[sc], .nphotos = 1,
                              .off_campus = rnd(4) == 0};
    if (rnd(8) == 0 && !strcmp(c.grade, "general")) { /* 立行立改 */
        c.on_the_spot = true;
        c.after_photo_ids = &photos[sc];
        c.nafter = 1;
    }
    if (rnd(10) == 0)
        c.category = "no_such_category"; /* refused, must leave no trace */
    struct change ch;
    T_CHECK(store_change_begin(&ch, S, users[0].id, "tester", now_ms) == 0);
    int64_t id = store_hazard_create(&ch, &c);
    T_CHECK(id > 0 || ch.err.code != XE_NONE); /* refused, not failed */
    if (id > 0 && nhaz < MAX_HAZ) {
        hazards[nhaz++] = id;
        T_CHECK(store_change_commit(&ch) == 0);
        ok_creates++;
    } else {
        store_change_abort(&ch);
    }
}

static void op_act(void)
{
    int64_t id = hazards[rnd((unsigned)nhaz)];
    struct hazard_facts f;
    char path[96];
    T_EQ_INT(store_hazard_facts(S, id, &f, path, sizeof(path)), 1);
    int sc = school_index(path);
    /* users who see the school: its own and those above it */
    int cand[MAX_USERS], nc = 0;
    for (int i = 0; i < nusers; i++)
        if (!strncmp(path, orgs[users[i].org].path, strlen(orgs[users[i].org].path)))
            cand[nc++] = i;
    const struct user *u = &users[cand[rnd((unsigned)nc)]];
    /* half of the time pick the rectifier, so work gets done */
    if (f.rectifier_id && rnd(2) == 0)
        for (int i = 0; i < nusers; i++)
            if (users[i].id == f.rectifier_id)
                u = &users[i];
    struct hazard_actor a;
    actor_of(u, path, &a);
    struct change ch;
    T_CHECK(store_change_begin(&ch, S, u->id, "tester", now_ms) == 0);
    int rc;
    if (rnd(8) == 0) {
        struct hazard_five five = {.has_responsible = true, .responsible = "校长",
                                   .has_phone = true, .responsible_phone = "0730-8123456",
                                   .has_measures = rnd(4) != 0, .measures = "更换设备",
                                   .has_funds = rnd(4) != 0, .funds = 12000,
                                   .has_deadline = true, .deadline_ms = now_ms + 10 * XA_DAY_MS,
                                   .has_plan = rnd(4) != 0, .plan = "应急预案",
                                   .has_safeguards = rnd(3) != 0, .safeguards = "设置警示"};
        rc = store_hazard_set_five(&ch, id, &five);
        if (rc == 0)
            ok_five++;
    } else {
        /* mostly an action the domain offers this actor, sometimes any */
        enum hazard_action act = (enum hazard_action)rnd(HAZARD_ACTION_COUNT);
        unsigned allowed = hazard_allowed_actions(&f, &a, now_ms);
        if (allowed && rnd(4) != 0)
            while (!(allowed & HAZARD_ACTION_BIT(act)))
                act = (enum hazard_action)rnd(HAZARD_ACTION_COUNT);
        struct hazard_input in = {.action = act,
                                  .now_ms = now_ms, .note = "说明", .reason = "原因",
                                  .department = "城管局", .recheck_pass = rnd(2) == 0,
                                  .photo_count = 1, .contact = "王科长 0730-1234567",
                                  .follow_up_ms = now_ms + 3 * XA_DAY_MS,
                                  .grade = (int)rnd(2)};
        /* a rectifier from the school (or, sometimes, from another school) */
        int same[MAX_USERS], nsame = 0;
        for (int i = 0; i < nusers; i++)
            if (users[i].org == sc)
                same[nsame++] = i;
        in.rectifier_id = rnd(6) == 0 ? users[rnd((unsigned)nusers)].id
                                      : users[same[rnd((unsigned)nsame)]].id;
        in.deadline_ms = rnd(2) ? now_ms + (int64_t)(1 + rnd(72)) * 3600 * 1000 : 0;
        rc = store_hazard_act(&ch, id, &a, &in, &photos[sc], 1);
        if (rc == 0)
            ok_actions++;
    }
    T_CHECK(rc == 0 || ch.err.code != XE_NONE); /* refused, not failed */
    if (rc == 0) {
        T_CHECK(store_change_commit(&ch) == 0);
    } else {
        refused++;
        store_change_abort(&ch);
    }
}

/* Audit rows of hazard id (action NULL: all), and by the system only. */
static int64_t audit_count(int64_t id, const char *action, bool system_only)
{
    int64_t n = -1;
    T_CHECK(INT1(S, &n,
                 "SELECT COUNT(*) FROM audit WHERE entity = 'hazard' AND entity_id = ? AND "
                 "(? = '' OR action = ?) AND (? = 0 OR (COALESCE(user_id, 0) = 0 AND "
                 "username = 'system'))",
                 DB_INT(id), DB_TEXT(action ? action : ""), DB_TEXT(action ? action : ""),
                 DB_INT(system_only ? 1 : 0)) == 1);
    return n;
}

static int64_t event_count(int64_t id)
{
    int64_t n = -1;
    T_CHECK(INT1(S, &n, "SELECT COUNT(*) FROM hazard_events WHERE hazard_id = ?", DB_INT(id)) == 1);
    return n;
}

/* One action by u as its own change; 0 done, else the refusal's code. */
static enum xa_err act_as(const struct user *u, int64_t id, struct hazard_input in,
                          const int64_t *ph, size_t nph)
{
    struct hazard_facts f;
    char path[96];
    T_EQ_INT(store_hazard_facts(S, id, &f, path, sizeof(path)), 1);
    struct hazard_actor a;
    actor_of(u, path, &a);
    struct change c;
    T_CHECK(store_change_begin(&c, S, u->id, "tester", now_ms) == 0);
    if (store_hazard_act(&c, id, &a, &in, ph, nph)) {
        enum xa_err e = c.err.code;
        T_CHECK(e != XE_NONE);
        store_change_abort(&c);
        return e;
    }
    T_CHECK(store_change_commit(&c) == 0);
    return XE_NONE;
}

/* Each write records exactly its own audit rows; a refusal, even after the
 * first writes of the action, leaves no history, no audit and the same
 * version; the sweep's overdue flag and escalation are the system's. */
static void audit_trail(void)
{
    int sc = -1;
    for (int i = 0; i < norgs && sc < 0; i++)
        if (!strcmp(orgs[i].kind, "school"))
            sc = i;
    const struct user *officer = NULL, *principal = NULL;
    for (int i = 0; i < nusers; i++) {
        if (users[i].org == sc && !strcmp(users[i].role, "safety_officer"))
            officer = &users[i];
        if (users[i].org == sc && !strcmp(users[i].role, "principal"))
            principal = &users[i];
    }
    T_CHECK(officer && principal);
    if (!officer || !principal)
        return;
    int other = -1; /* a photo of another school */
    for (int i = 0; i < norgs; i++)
        if (i != sc && !strcmp(orgs[i].kind, "school"))
            other = i;

    struct hazard_create hc = {.school_id = orgs[sc].id, .title = "审计检查", .category = "fire",
                               .grade = "general", .source = "patrol",
                               .photo_ids = &photos[sc], .nphotos = 1};
    struct change c;
    T_CHECK(store_change_begin(&c, S, principal->id, "tester", now_ms) == 0);
    int64_t id = store_hazard_create(&c, &hc);
    T_CHECK(id > 0);
    T_EQ_INT(audit_count(id, NULL, false), 0); /* not before the commit */
    T_CHECK(store_change_commit(&c) == 0);
    T_EQ_INT(audit_count(id, NULL, false), 1);
    T_EQ_INT(audit_count(id, "create", false), 1);

    /* assign to the safety officer: exactly one more row, "assign" */
    T_EQ_INT(act_as(principal, id,
                    (struct hazard_input){.action = HAZARD_ACT_ASSIGN,
                                          .rectifier_id = officer->id,
                                          .deadline_ms = now_ms + 2 * 3600 * 1000},
                    NULL, 0),
             XE_NONE);
    T_EQ_INT(audit_count(id, NULL, false), 2);
    T_EQ_INT(audit_count(id, "assign", false), 1);
    T_EQ_INT(act_as(officer, id, (struct hazard_input){.action = HAZARD_ACT_START}, NULL, 0),
             XE_NONE);
    T_EQ_INT(audit_count(id, NULL, false), 3);

    /* refused mid-way: the submit writes the row and its history, then
     * finds the after-photo belongs to another school */
    int64_t v0 = 0, ev0 = event_count(id), au0 = audit_count(id, NULL, false);
    T_EQ_INT(store_hazard_version(S, id, &v0), 1);
    struct hazard_input sub = {.action = HAZARD_ACT_SUBMIT, .photo_count = 1, .note = "已整改"};
    T_EQ_INT(act_as(officer, id, sub, &photos[other], 1), XE_HAZARD_PHOTO_INVALID);
    int64_t v1 = 0;
    T_EQ_INT(store_hazard_version(S, id, &v1), 1);
    T_EQ_INT(v1, v0);
    T_EQ_INT(event_count(id), ev0);
    T_EQ_INT(audit_count(id, NULL, false), au0);

    /* submitted for real, then verify by the rectifier: refused, no trace */
    T_EQ_INT(act_as(officer, id, sub, &photos[sc], 1), XE_NONE);
    T_EQ_INT(audit_count(id, "submit", false), 1);
    T_EQ_INT(store_hazard_version(S, id, &v0), 1);
    ev0 = event_count(id);
    au0 = audit_count(id, NULL, false);
    T_EQ_INT(act_as(officer, id, (struct hazard_input){.action = HAZARD_ACT_VERIFY}, NULL, 0),
             XE_HAZARD_VERIFIER_IS_RECTIFIER);
    T_EQ_INT(store_hazard_version(S, id, &v1), 1);
    T_EQ_INT(v1, v0);
    T_EQ_INT(event_count(id), ev0);
    T_EQ_INT(audit_count(id, NULL, false), au0);

    /* reject, then let it run late: the sweep flags and escalates it, each
     * audited as the system */
    T_EQ_INT(act_as(principal, id,
                    (struct hazard_input){.action = HAZARD_ACT_REJECT, .reason = "照片不清楚"},
                    NULL, 0),
             XE_NONE);
    T_EQ_INT(audit_count(id, "reject", false), 1);
    T_EQ_INT(audit_count(id, NULL, true), 0);
    int fl = 0, es = 0, du = 0;
    now_ms += 3 * XA_DAY_MS; /* 3 days past the 2 h deadline: 2 levels at 2 days a level */
    T_CHECK(store_hazard_sweep(S, now_ms, 2 * XA_DAY_MS, 5 * XA_DAY_MS, &fl, &es, &du) == 0);
    T_CHECK(fl >= 1 && es >= 2);
    T_EQ_INT(audit_count(id, "overdue", true), 1);
    T_EQ_INT(audit_count(id, "escalate", true), 2);
    T_EQ_INT(audit_count(id, "escalate", false), 2);
    struct hazard_facts f;
    T_EQ_INT(store_hazard_facts(S, id, &f, NULL, 0), 1);
    T_EQ_INT(f.escalation_level, 2);
    /* a second sweep at the same instant has nothing to do */
    int64_t all = audit_count(id, NULL, false);
    T_CHECK(store_hazard_sweep(S, now_ms, 2 * XA_DAY_MS, 5 * XA_DAY_MS, &fl, &es, &du) == 0);
    T_EQ_INT(audit_count(id, NULL, false), all);
}

static void op_sweep(void)
{
    int fl = 0, es = 0, du = 0;
    T_CHECK(store_hazard_sweep(S, now_ms, 2 * XA_DAY_MS, 5 * XA_DAY_MS, &fl, &es, &du) == 0);
    sweeps += fl + es + du;
}

/* Every org's counters against a fresh count of its subtree. */
static void compare_all(const char *when)
{
    for (int i = 0; i < norgs; i++) {
        json_t *inc = store_hazard_stats(S, orgs[i].id);
        json_t *fresh = store_hazard_stats_fresh(S, orgs[i].path);
        T_CHECK(inc && fresh);
        if (!inc || !fresh)
            continue;
        json_object_del(inc, "org_id");
        if (i == 0) {
            seen_fwd += json_integer_value(json_object_get(inc, "forwarded"));
            seen_aov += json_integer_value(json_object_get(inc, "assign_overdue"));
            seen_major += json_integer_value(json_object_get(inc, "major_open"));
        }
        /* the buckets other modules read (reports, bulletins) are there */
        T_CHECK(json_is_integer(json_object_get(inc, "assign_overdue")) &&
                json_is_integer(json_object_get(inc, "major_open")) &&
                json_is_integer(json_object_get(inc, "forwarded")));
        if (!json_equal(inc, fresh)) {
            char *a = json_dumps(inc, JSON_SORT_KEYS), *b = json_dumps(fresh, JSON_SORT_KEYS);
            t_fail(__FILE__, __LINE__, "[%s] %s org %lld: counters %s != fresh %s",
                   store_backend(S), when, (long long)orgs[i].id, a, b);
            free(a);
            free(b);
        } else {
            t_passed++;
        }
        json_decref(inc);
        json_decref(fresh);
    }
}

/* ---- concurrent writers, a fold and readers ----
 * Writers on their own connections create hazards; a fold runs all the
 * while; a reader reads the root's counters: each read must lie between the
 * creates committed before it began and the creates begun by its end (a
 * read that saw a fold's rows and the deltas it deleted would count twice;
 * one that missed both, not at all). Then everything is folded and every
 * org compared with a fresh count. */
#define CW_WRITERS 3
#define CW_EACH 40
static const char *cw_uri;
static atomic_int cw_begun, cw_committed, cw_writers_done;
static atomic_int cw_bad_reads, cw_reads, cw_folds, cw_ready;

static void *cw_writer(void *arg)
{
    int w = (int)(intptr_t)arg;
    char msg[256];
    struct store *s = store_open(cw_uri, msg, sizeof(msg));
    if (!s)
        return NULL;
    int schools[MAX_ORGS], ns = 0;
    for (int i = 0; i < norgs; i++)
        if (!strcmp(orgs[i].kind, "school"))
            schools[ns++] = i;
    for (int i = 0; i < 500 && atomic_load(&cw_ready) < 2; i++)
        usleep(10000); /* the fold and the reader are running */
    for (int k = 0; k < CW_EACH; k++) {
        int sc = schools[(w * 7 + k) % ns];
        struct hazard_create c = {.school_id = orgs[sc].id, .title = "并发隐患",
                                  .category = cats[k % XA_ARRAY_LEN(cats)],
                                  .grade = k % 5 == 0 ? "major" : "general",
                                  .source = "patrol", .photo_ids = &photos[sc], .nphotos = 1};
        atomic_fetch_add(&cw_begun, 1);
        bool ok = false;
        for (int attempt = 0; attempt < 20 && !ok; attempt++) {
            struct change ch;
            if (store_change_begin(&ch, s, users[0].id, "tester", now_ms) == 0 &&
                store_hazard_create(&ch, &c) > 0 && store_change_commit(&ch) == 0)
                ok = true;
            else
                store_change_abort(&ch);
        }
        if (ok)
            atomic_fetch_add(&cw_committed, 1);
    }
    store_destroy(s);
    atomic_fetch_add(&cw_writers_done, 1);
    return NULL;
}

static void *cw_folder(void *arg)
{
    (void)arg;
    char msg[256];
    struct store *s = store_open(cw_uri, msg, sizeof(msg));
    atomic_fetch_add(&cw_ready, 1);
    if (!s)
        return NULL;
    while (atomic_load(&cw_writers_done) < CW_WRITERS) {
        if (store_hazard_stats_fold(s, NULL) == 0)
            atomic_fetch_add(&cw_folds, 1);
        usleep(2000);
    }
    store_destroy(s);
    return NULL;
}

static void *cw_reader(void *arg)
{
    int64_t base = (int64_t)(intptr_t)arg;
    char msg[256];
    struct store *s = store_open(cw_uri, msg, sizeof(msg));
    atomic_fetch_add(&cw_ready, 1);
    if (!s)
        return NULL;
    while (atomic_load(&cw_writers_done) < CW_WRITERS) {
        int lo = atomic_load(&cw_committed);
        json_t *st = store_hazard_stats(s, orgs[0].id);
        int hi = atomic_load(&cw_begun);
        if (!st)
            continue;
        int64_t total = json_integer_value(json_object_get(st, "total")) - base;
        if (total < lo || total > hi)
            atomic_fetch_add(&cw_bad_reads, 1);
        atomic_fetch_add(&cw_reads, 1);
        json_decref(st);
    }
    store_destroy(s);
    return NULL;
}

static void concurrent(const char *uri, bool pg)
{
    /* PostgreSQL: the other connections work in this test's schema too */
    char pguri[600];
    snprintf(pguri, sizeof(pguri), "%s%soptions=-c%%20search_path%%3Dhz_unit", uri,
             strchr(uri, '?') ? "&" : "?");
    cw_uri = pg ? pguri : uri;
    json_t *root = store_hazard_stats(S, orgs[0].id);
    int64_t base = json_integer_value(json_object_get(root, "total"));
    json_decref(root);
    pthread_t th[CW_WRITERS + 2];
    for (int i = 0; i < CW_WRITERS; i++)
        pthread_create(&th[i], NULL, cw_writer, (void *)(intptr_t)i);
    pthread_create(&th[CW_WRITERS], NULL, cw_folder, NULL);
    pthread_create(&th[CW_WRITERS + 1], NULL, cw_reader, (void *)(intptr_t)base);
    for (int i = 0; i < CW_WRITERS + 2; i++)
        pthread_join(th[i], NULL);
    T_EQ_INT(atomic_load(&cw_committed), CW_WRITERS * CW_EACH);
    T_EQ_INT(atomic_load(&cw_bad_reads), 0);
    T_CHECK(atomic_load(&cw_reads) > 0);
    T_CHECK(atomic_load(&cw_folds) > 0);
    compare_all("concurrent, before the last fold");
    T_CHECK(store_hazard_stats_fold(S, NULL) == 0);
    compare_all("concurrent, folded");
    fprintf(stderr, "[%s] concurrent: %d reads, %d folds\n", store_backend(S),
            atomic_load(&cw_reads), atomic_load(&cw_folds));
    atomic_store(&cw_begun, 0);
    atomic_store(&cw_committed, 0);
    atomic_store(&cw_writers_done, 0);
    atomic_store(&cw_bad_reads, 0);
    atomic_store(&cw_reads, 0);
    atomic_store(&cw_folds, 0);
    atomic_store(&cw_ready, 0);
}

static void run(const char *uri, bool pg)
{
    char msg[256];
    S = store_open(uri, msg, sizeof(msg));
    T_CHECK(S != NULL);
    if (!S) {
        fprintf(stderr, "%s\n", msg);
        return;
    }
    if (pg)
        T_CHECK(S->drv->exec_script(S->db, "DROP SCHEMA IF EXISTS hz_unit CASCADE; "
                                           "CREATE SCHEMA hz_unit; SET search_path TO hz_unit") ==
                0);
    T_CHECK(store_migrate(S) > 0);
    norgs = nusers = nhaz = 0;
    ok_creates = ok_actions = refused = ok_five = sweeps = 0;
    now_ms = xa_now_ms();

    T_CHECK(store_change_begin(&setup, S, 0, "", now_ms) == 0);
    setup.quiet = true;
    int prov = add_org(-1, "province", "省");
    for (int c = 0; c < 2; c++) {
        int city = add_org(prov, "city", "市");
        add_user(city, "bureau_admin");
        for (int k = 0; k < 2; k++) {
            int county = add_org(city, "county", "县");
            add_user(county, "bureau_admin");
            add_user(county, "inspector");
            int parent = county;
            if (k == 1)
                parent = add_org(county, "township", "镇");
            for (int n = 0; n < 2; n++) {
                int sc = add_org(parent, "school", "学校");
                add_user(sc, "principal");
                add_user(sc, "safety_officer");
                add_user(sc, "staff");
                add_user(sc, "staff");
                char sha[65];
                snprintf(sha, sizeof(sha), "%064d", sc);
                bool reused;
                int64_t elsewhere;
                photos[sc] = store_photo_put(S, orgs[sc].id, orgs[sc].path, sha, "image/png",
                                             "png", 3, 0, now_ms, &reused, &elsewhere);
                T_CHECK(photos[sc] > 0);
            }
        }
    }
    add_user(prov, "bureau_admin");
    T_CHECK(store_change_commit(&setup) == 0);

    seen_fwd = seen_aov = seen_major = 0;
    for (int step = 0; step < 1200; step++) {
        now_ms += (int64_t)rnd(6) * 3600 * 1000; /* the clock moves 0..5 h per step */
        unsigned r = rnd(100);
        if (nhaz == 0 || r < 10)
            op_create();
        else if (r < 19)
            op_sweep();
        else
            op_act();
        if (step % 200 == 199) { /* every other checkpoint: the deltas folded */
            int64_t folded = 0;
            T_CHECK(store_hazard_stats_fold(S, &folded) == 0);
            T_CHECK(folded > 0);
        }
        if (step % 100 == 99)
            compare_all("checkpoint");
    }
    now_ms += 40 * XA_DAY_MS;
    op_sweep();
    compare_all("final");
    /* the bulk rebuild (province generator) writes the same counters */
    T_CHECK(store_hazard_stats_rebuild(S) == 0); /* its own transaction */
    compare_all("rebuilt");
    audit_trail();
    compare_all("audited");
    concurrent(uri, pg);

    /* the walk must have been a real one */
    T_CHECK(ok_creates >= 40);
    T_CHECK(ok_actions >= 60);
    T_CHECK(refused >= 50);
    T_CHECK(ok_five >= 5);
    T_CHECK(sweeps >= 5);
    json_t *root = store_hazard_stats(S, orgs[0].id);
    json_t *bs = json_object_get(root, "by_status");
    int reached = 0;
    const char *key;
    json_t *v;
    json_object_foreach(bs, key, v) reached += json_integer_value(v) > 0;
    T_CHECK(reached >= 5);
    T_CHECK(json_integer_value(json_object_get(root, "rebound")) > 0);
    T_CHECK(json_integer_value(json_object_get(root, "escalated")) > 0);
    T_CHECK(seen_fwd > 0 && seen_aov > 0 && seen_major > 0);
    fprintf(stderr, "[%s] %d creates, %d actions, %d five, %d refused, %d sweep changes\n",
            store_backend(S), ok_creates, ok_actions, ok_five, refused, sweeps);
    json_decref(root);
    store_destroy(S);
    S = NULL;
}

void t_main(void)
{
    char path[] = "/tmp/hz_stats_XXXXXX";
    int fd = mkstemp(path);
    T_CHECK(fd >= 0);
    close(fd);
    unlink(path);
    run(path, false);
    char side[300];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
    const char *pg = getenv("XA_TEST_PG_URI");
    if (pg && *pg)
        run(pg, true);
}
