/*
 * province.c - the province-scale data set for benchmarks: a realistic tree
 * (14 cities, ~120 counties, ~1,500 townships, 20,000 schools), bureau and
 * school accounts, risk points, patrol records and millions of hazards over
 * two years with a realistic mix of states, loaded in batched transactions
 * through store_bulk. The hazard statistics are then rebuilt from the rows.
 *
 * Deterministic: the same options give the same data.
 */
#include "core/compat.h"
#include "api/api.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "domain/category.h"
#include "domain/orgtree.h"
#include "store/store_bulk.h"

#define DAY_MS ((int64_t)86400000)
#define COMMIT_EVERY 50000

struct gen {
    struct store *s;
    const struct province_opts *o;
    FILE *out;
    uint64_t rng;
    int64_t now, next_org, next_user, next_role, since_commit;
    /* per school: id, path, safety officer's user id */
    int64_t nschools;
    int64_t *school_id, *school_officer;
    char (*school_path)[64];
    struct bulk *orgs, *users, *roles;
    const char *hash;
    /* bureau admins of the regions, created after the org rows */
    struct admin {
        int64_t org;
        char path[64], username[24];
    } *admins;
    size_t nadmins, admins_cap;
};

static void want_admin(struct gen *g, int64_t org, const char *path, const char *username)
{
    if (g->nadmins == g->admins_cap) {
        g->admins_cap = g->admins_cap ? g->admins_cap * 2 : 256;
        g->admins = realloc(g->admins, g->admins_cap * sizeof(*g->admins));
        if (!g->admins)
            abort();
    }
    struct admin *a = &g->admins[g->nadmins++];
    a->org = org;
    snprintf(a->path, sizeof(a->path), "%s", path);
    snprintf(a->username, sizeof(a->username), "%s", username);
}

static uint64_t rnd(struct gen *g)
{
    /* xorshift64* */
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 2685821657736338717ULL;
}

static int64_t rnd_below(struct gen *g, int64_t n)
{
    return n > 0 ? (int64_t)(rnd(g) % (uint64_t)n) : 0;
}

/* Commits every COMMIT_EVERY rows so a load never holds one huge transaction. */
static int tick(struct gen *g)
{
    if (++g->since_commit < COMMIT_EVERY)
        return 0;
    g->since_commit = 0;
    if (store_commit(g->s) || store_begin(g->s))
        return -1;
    return 0;
}

static int64_t add_org(struct gen *g, int64_t parent, const char *ppath, int depth,
                       const char *kind, const char *name, const char *code, const char *stype,
                       char *path_out, size_t plen)
{
    int64_t id = g->next_org++;
    char path[64];
    snprintf(path, sizeof(path), "%s%lld/", ppath, (long long)id);
    int students = 0, classes = 0, staff = 0;
    if (stype) {
        students = 300 + (int)rnd_below(g, 2500);
        classes = students / 45 + 1;
        staff = students / 14 + 8;
    }
    struct db_val v[] = {DB_INT(id),       DB_ID(parent),    DB_TEXT(kind),     DB_TEXT(name),
                         DB_TEXT(code),    DB_TEXT(stype),   DB_INT(students),  DB_INT(classes),
                         DB_INT(staff),    DB_TEXT(""),      DB_TEXT(path),     DB_INT(depth),
                         DB_INT(g->now),   DB_INT(g->now)};
    if (bulk_row(g->orgs, v) || tick(g))
        return -1;
    snprintf(path_out, plen, "%s", path);
    return id;
}

static int64_t add_user(struct gen *g, const char *username, const char *name, int64_t org,
                        const char *path, const char *role)
{
    int64_t id = g->next_user++;
    struct db_val u[] = {DB_INT(id),    DB_TEXT(username), DB_TEXT(g->hash), DB_TEXT(name),
                         DB_TEXT(""),   DB_INT(org),       DB_TEXT(path),    DB_INT(1),
                         DB_INT(g->now), DB_INT(g->now)};
    struct db_val r[] = {DB_INT(g->next_role++), DB_INT(id), DB_TEXT(role), DB_INT(org),
                         DB_TEXT(path)};
    if (bulk_row(g->users, u) || bulk_row(g->roles, r) || tick(g))
        return -1;
    return id;
}

static const char *const school_types[] = {"primary", "primary", "primary", "junior",
                                           "kindergarten", "kindergarten", "senior",
                                           "nine_year", "vocational", "special"};
static const char *const school_suffix[] = {"小学", "中心小学", "完全小学", "初级中学",
                                            "幼儿园", "中心幼儿园", "高级中学",
                                            "九年一贯制学校", "职业中专", "特殊教育学校"};

static int gen_tree(struct gen *g)
{
    const struct province_opts *o = g->o;
    char ppath[64], cpath[64], kpath[64], tpath[64], spath[64], name[128], code[48], uname[64];
    int64_t prov = add_org(g, 0, "/", 0, "province", "省教育厅", "990000", NULL, ppath,
                           sizeof(ppath));
    if (prov < 0)
        return -1;
    want_admin(g, prov, ppath, "prov_admin");
    int counties = o->counties, towns_per = o->townships_per_county;
    int64_t total_towns = (int64_t)counties * towns_per, school_no = 0, town_no = 0;
    for (int c = 0; c < o->cities; c++) {
        snprintf(name, sizeof(name), "第%d市教育局", c + 1);
        snprintf(code, sizeof(code), "99%02d00", c + 1);
        int64_t city = add_org(g, prov, ppath, 1, "city", name, code, NULL, cpath, sizeof(cpath));
        snprintf(uname, sizeof(uname), "c%02d_admin", c + 1);
        if (city < 0)
            return -1;
        want_admin(g, city, cpath, uname);
        int kfirst = counties * c / o->cities, klast = counties * (c + 1) / o->cities;
        for (int k = kfirst; k < klast; k++) {
            snprintf(name, sizeof(name), "第%d市第%d县教育局", c + 1, k - kfirst + 1);
            snprintf(code, sizeof(code), "99%02d%02d", c + 1, k - kfirst + 1);
            int64_t county = add_org(g, city, cpath, 2, "county", name, code, NULL, kpath,
                                     sizeof(kpath));
            snprintf(uname, sizeof(uname), "k%03d_admin", k + 1);
            if (county < 0)
                return -1;
            want_admin(g, county, kpath, uname);
            for (int t = 0; t < towns_per; t++, town_no++) {
                snprintf(name, sizeof(name), "第%d县第%d镇中心学校", k + 1, t + 1);
                snprintf(code, sizeof(code), "99%02d%02d%03d", c + 1, k - kfirst + 1, t + 1);
                int64_t town = add_org(g, county, kpath, 3, "township", name, code, NULL, tpath,
                                       sizeof(tpath));
                if (town < 0)
                    return -1;
                int64_t sfirst = g->nschools * town_no / total_towns;
                int64_t slast = g->nschools * (town_no + 1) / total_towns;
                for (int64_t sn = sfirst; sn < slast; sn++, school_no++) {
                    int kind = (int)(sn % (int64_t)XA_ARRAY_LEN(school_types));
                    snprintf(name, sizeof(name), "第%d县第%d镇第%lld%s", k + 1, t + 1,
                             (long long)(sn - sfirst + 1), school_suffix[kind]);
                    snprintf(code, sizeof(code), "3%09lld", (long long)sn + 1);
                    int64_t school = add_org(g, town, tpath, 4, "school", name, code,
                                             school_types[kind], spath, sizeof(spath));
                    if (school < 0)
                        return -1;
                    g->school_id[sn] = school;
                    snprintf(g->school_path[sn], sizeof(g->school_path[sn]), "%s", spath);
                }
            }
        }
    }
    return school_no == g->nschools ? 0 : -1;
}

/* Accounts, once every org row is in: region admins, then two per school. */
static int gen_users(struct gen *g)
{
    for (size_t i = 0; i < g->nadmins; i++)
        if (add_user(g, g->admins[i].username, "教育局安全管理员", g->admins[i].org,
                     g->admins[i].path, "bureau_admin") < 0)
            return -1;
    char uname[64];
    for (int64_t sn = 0; sn < g->nschools; sn++) {
        snprintf(uname, sizeof(uname), "s%06lld_principal", (long long)sn + 1);
        if (add_user(g, uname, "校长", g->school_id[sn], g->school_path[sn], "principal") < 0)
            return -1;
        snprintf(uname, sizeof(uname), "s%06lld_safety", (long long)sn + 1);
        g->school_officer[sn] = add_user(g, uname, "安全干部", g->school_id[sn],
                                         g->school_path[sn], "safety_officer");
        if (g->school_officer[sn] < 0)
            return -1;
    }
    return 0;
}

struct point_kind {
    const char *name, *category, *level;
    int rank;
};
static const struct point_kind point_kinds[] = {
    {"教学楼楼梯间", "stampede", "high", 3},   {"食堂后厨燃气间", "fire", "major", 4},
    {"学生宿舍", "fire", "high", 3},           {"配电房", "electrical", "general", 2},
    {"校门口", "security", "general", 2},      {"校车停靠点", "traffic", "high", 3},
    {"校园周边池塘", "drowning", "major", 4},  {"实验室危化品柜", "lab", "high", 3},
    {"操场体育器材", "sports", "low", 1},      {"围墙及挡土墙", "disaster", "general", 2},
    {"食堂储藏间", "food", "general", 2},      {"图书馆", "fire", "low", 1},
};

static const char *const hazard_titles[][3] = {
    {"fire", "灭火器压力不足", "消防通道堆放杂物"},
    {"food", "食堂留样记录不全", "冷藏柜温度超标"},
    {"traffic", "校车安全带损坏", "校门口缺少减速带"},
    {"drowning", "池塘警示牌缺失", "护栏松动"},
    {"bullying", "宿舍夜间巡查记录缺失", "心理辅导室未开放"},
    {"lab", "危化品台账不清", "通风橱故障"},
    {"building", "教学楼外墙瓷砖脱落", "栏杆高度不足"},
    {"electrical", "配电箱未上锁", "私拉乱接电线"},
    {"security", "门卫未登记外来人员", "监控摄像头损坏"},
    {"disaster", "挡土墙出现裂缝", "排水沟堵塞"},
    {"stampede", "楼梯间照明损坏", "疏散指示标志不亮"},
    {"sports", "篮球架底座锈蚀", "跑道破损"},
};

static int gen_points(struct gen *g)
{
    struct bulk *b = bulk_open(g->s, "risk_points",
                               "id, org_id, org_path, name, location, category, patrol_frequency, "
                               "level, level_rank, pos_x, pos_y, qr_token, created_at, updated_at",
                               14);
    if (!b)
        return -1;
    int64_t id = 1;
    for (int64_t sn = 0; sn < g->nschools; sn++) {
        for (int k = 0; k < g->o->points_per_school; k++, id++) {
            const struct point_kind *pk = &point_kinds[k % (int)XA_ARRAY_LEN(point_kinds)];
            char token[40];
            snprintf(token, sizeof(token), "%016llx%08llx", (unsigned long long)rnd(g),
                     (unsigned long long)id);
            struct db_val v[] = {DB_INT(id),
                                 DB_INT(g->school_id[sn]),
                                 DB_TEXT(g->school_path[sn]),
                                 DB_TEXT(pk->name),
                                 DB_TEXT(pk->name),
                                 DB_TEXT(pk->category),
                                 DB_TEXT(k % 3 ? "weekly" : "daily"),
                                 DB_TEXT(pk->level),
                                 DB_INT(pk->rank),
                                 DB_DOUBLE((double)rnd_below(g, 1000) / 1000.0),
                                 DB_DOUBLE((double)rnd_below(g, 1000) / 1000.0),
                                 DB_TEXT(token),
                                 DB_INT(g->now - 730 * DAY_MS),
                                 DB_INT(g->now - 730 * DAY_MS)};
            if (bulk_row(b, v) || tick(g)) {
                bulk_close(b);
                return -1;
            }
        }
    }
    return bulk_close(b);
}

static int gen_patrols(struct gen *g)
{
    struct bulk *b = bulk_open(g->s, "patrol_records",
                               "id, org_id, org_path, risk_point_id, patroller_id, scanned, "
                               "scanned_at, checked_at, result, failed_count, created_at",
                               11);
    if (!b)
        return -1;
    int pps = g->o->points_per_school;
    for (int64_t i = 1; i <= g->o->patrols; i++) {
        int64_t sn = rnd_below(g, g->nschools);
        int64_t point = sn * pps + rnd_below(g, pps) + 1;
        int64_t at = g->now - rnd_below(g, 730 * DAY_MS);
        bool fail = rnd_below(g, 100) < 3;
        struct db_val v[] = {DB_INT(i),
                             DB_INT(g->school_id[sn]),
                             DB_TEXT(g->school_path[sn]),
                             DB_INT(point),
                             DB_INT(g->school_officer[sn]),
                             DB_INT(1),
                             DB_INT(at),
                             DB_INT(at),
                             DB_TEXT(fail ? "fail" : "pass"),
                             DB_INT(fail ? 1 : 0),
                             DB_INT(at)};
        if (bulk_row(b, v) || tick(g)) {
            bulk_close(b);
            return -1;
        }
    }
    return bulk_close(b);
}

static int gen_hazards(struct gen *g, double *rate)
{
    int64_t t0 = xa_now_ms();
    struct bulk_indexes ix;
    if (store_bulk_indexes_drop(g->s, "hazards", &ix))
        return -1;
    struct bulk *b = bulk_open(
        g->s, "hazards",
        "id, org_id, org_path, title, category, grade, source, location, risk_point_id, state, "
        "reporter_id, found_at, rectifier_id, deadline, plan_approved, supervised, overdue, "
        "rebounds, closed_at, forwarded_at, department, created_at, updated_at, "
        "escalation_level, escalated_org_id, escalated_at, overdue_at, rechecked_at, "
        "recheck_due",
        29);
    if (!b)
        return -1;
    static const char *const sources[] = {"patrol", "patrol", "patrol", "self_check",
                                          "inspection", "covert", "whistle", "department"};
    static const char *const open_states[] = {"reported", "assigned", "rectifying", "submitted"};
    int pps = g->o->points_per_school;
    for (int64_t i = 1; i <= g->o->hazards; i++) {
        int64_t sn = rnd_below(g, g->nschools);
        int64_t age = rnd_below(g, 730 * DAY_MS);
        int64_t found = g->now - age;
        const char *const *tt = hazard_titles[rnd_below(g, (int64_t)XA_ARRAY_LEN(hazard_titles))];
        bool major = rnd_below(g, 1000) < 15;
        int64_t deadline = found + (major ? 30 : 7) * DAY_MS;
        int64_t roll = rnd_below(g, 1000);
        const char *state;
        if (age > 60 * DAY_MS)
            state = roll < 955 ? "closed" : roll < 975 ? "forwarded" : roll < 990 ? "verified"
                                                                     : open_states[roll % 4];
        else if (age > 14 * DAY_MS)
            state = roll < 700 ? "closed" : roll < 720 ? "forwarded" : roll < 760 ? "verified"
                                                                     : open_states[roll % 4];
        else
            state = roll < 150 ? "closed" : roll < 170 ? "verified" : open_states[roll % 4];
        bool closed = strcmp(state, "closed") == 0, fwd = strcmp(state, "forwarded") == 0;
        bool open = !closed && !fwd && strcmp(state, "verified") != 0;
        bool assigned = strcmp(state, "reported") != 0 && !fwd;
        int64_t closed_at = closed ? found + DAY_MS + rnd_below(g, 20 * DAY_MS) : 0;
        if (closed_at > g->now)
            closed_at = g->now;
        int64_t point = rnd_below(g, 2) ? sn * pps + rnd_below(g, pps) + 1 : 0;
        /* what the overdue sweep and the re-check schedule would have done by now
         * (store/hazard.c: one escalation level per 7 overdue days, up to the
         * province; re-check due 30 days after closing), so a server started
         * on this data has no backlog of sweeps to run */
        bool overdue = open && deadline < g->now;
        int level = 0;
        int64_t esc_org = 0, esc_at = 0;
        if (overdue) {
            int64_t anc[8];
            int na = orgtree_path_ids(g->school_path[sn], anc, 8);
            level = (int)(1 + (g->now - deadline) / (7 * DAY_MS));
            if (level > na - 1)
                level = na - 1;
            if (level > 4)
                level = 4;
            esc_org = level > 0 ? anc[na - 1 - level] : 0;
            esc_at = deadline + (int64_t)(level - 1) * 7 * DAY_MS;
        }
        bool recheck_due = closed && closed_at <= g->now - 30 * DAY_MS &&
                           closed_at > g->now - 45 * DAY_MS;
        int64_t rechecked = closed && closed_at <= g->now - 45 * DAY_MS ? closed_at + 30 * DAY_MS
                                                                        : 0;
        struct db_val v[] = {DB_INT(i),
                             DB_INT(g->school_id[sn]),
                             DB_TEXT(g->school_path[sn]),
                             DB_TEXT(tt[1 + rnd_below(g, 2)]),
                             DB_TEXT(tt[0]),
                             DB_TEXT(major ? "major" : "general"),
                             DB_TEXT(sources[rnd_below(g, (int64_t)XA_ARRAY_LEN(sources))]),
                             DB_TEXT(""),
                             DB_ID(point),
                             DB_TEXT(state),
                             DB_INT(g->school_officer[sn]),
                             DB_INT(found),
                             DB_ID(assigned ? g->school_officer[sn] : 0),
                             DB_INT(deadline),
                             DB_INT(major && assigned),
                             DB_INT(major && rnd_below(g, 10) < 3),
                             DB_INT(overdue),
                             DB_INT(closed && rnd_below(g, 100) < 2),
                             DB_ID(closed_at),
                             DB_ID(fwd ? found + DAY_MS : 0),
                             DB_TEXT(fwd ? "县交通运输局" : NULL),
                             DB_INT(found),
                             DB_INT(closed_at ? closed_at : found),
                             DB_INT(level),
                             DB_ID(esc_org),
                             DB_ID(esc_at),
                             DB_ID(overdue ? deadline : 0),
                             DB_ID(rechecked),
                             DB_INT(recheck_due)};
        if (bulk_row(b, v) || tick(g)) {
            bulk_close(b);
            store_bulk_indexes_restore(g->s, &ix);
            return -1;
        }
    }
    int rc = bulk_close(b);
    if (rc == 0)
        rc = store_bulk_indexes_restore(g->s, &ix);
    /* the rate counts the whole load, index building included */
    int64_t ms = xa_now_ms() - t0;
    *rate = ms > 0 ? (double)g->o->hazards * 1000.0 / (double)ms : 0;
    return rc;
}

int demo_province_run(struct store *s, const struct province_opts *o, FILE *out)
{
    int64_t n = 0;
    if (store_org_count(s, &n) < 0)
        return err("demo: %s", store_errmsg(s));
    if (n > 0)
        return err("demo: the database already holds data; use a new --db file");
    char hash[256];
    if (api_hash_password(DEMO_PASSWORD, hash, sizeof(hash)))
        return err("demo: cannot hash the password");
    struct gen g = {.s = s, .o = o, .out = out, .rng = 0x9e3779b97f4a7c15ULL,
                    .now = xa_now_ms(), .next_org = 1, .next_user = 1, .next_role = 1,
                    .nschools = o->schools, .hash = hash};
    g.school_id = calloc((size_t)g.nschools, sizeof(*g.school_id));
    g.school_officer = calloc((size_t)g.nschools, sizeof(*g.school_officer));
    g.school_path = calloc((size_t)g.nschools, sizeof(*g.school_path));
    if (!g.school_id || !g.school_officer || !g.school_path)
        abort();
    int64_t t0 = xa_now_ms();
    double hz_rate = 0;
    int rc = -1;
    if (store_bulk_tune(s) || store_begin(s))
        goto done;
    g.orgs = bulk_open(s, "orgs",
                       "id, parent_id, kind, name, code, school_type, students, classes, staff, "
                       "address, path, depth, created_at, updated_at",
                       14);
    g.users = bulk_open(s, "users",
                        "id, username, pass_hash, name, phone, org_id, org_path, active, "
                        "created_at, updated_at",
                        10);
    g.roles = bulk_open(s, "user_roles", "id, user_id, role, org_id, org_path", 5);
    /* users reference orgs: the org rows go first */
    if (!g.orgs || !g.users || !g.roles || gen_tree(&g) || bulk_flush(g.orgs) || gen_users(&g))
        goto fail;
    {
        /* roles reference users: users first */
        int r1 = bulk_close(g.orgs), r2 = bulk_close(g.users), r3 = bulk_close(g.roles);
        g.orgs = g.users = g.roles = NULL;
        if (r1 || r2 || r3)
            goto fail;
    }
    fprintf(out, "orgs and users: %lld schools, %lld users (%.1f s)\n", (long long)g.nschools,
            (long long)(g.next_user - 1), (double)(xa_now_ms() - t0) / 1000.0);
    if (gen_points(&g) || gen_patrols(&g))
        goto fail;
    fprintf(out, "risk points: %lld, patrol records: %lld (%.1f s)\n",
            (long long)g.nschools * o->points_per_school, (long long)o->patrols,
            (double)(xa_now_ms() - t0) / 1000.0);
    if (gen_hazards(&g, &hz_rate))
        goto fail;
    fprintf(out, "hazards: %lld at %.0f rows/s (%.1f s)\n", (long long)o->hazards, hz_rate,
            (double)(xa_now_ms() - t0) / 1000.0);
    if (store_commit(s))
        goto fail;
    if (store_bulk_fix_ids(s, "orgs") || store_bulk_fix_ids(s, "users") ||
        store_bulk_fix_ids(s, "user_roles") || store_bulk_fix_ids(s, "risk_points") ||
        store_bulk_fix_ids(s, "hazards") || store_bulk_fix_ids(s, "patrol_records"))
        goto fail_out;
    int64_t t1 = xa_now_ms();
    if (store_hazard_stats_rebuild(s))
        goto fail_out;
    fprintf(out, "statistics rebuilt (%.1f s)\n", (double)(xa_now_ms() - t1) / 1000.0);
    if (store_bulk_analyze(s))
        goto fail_out;
    fprintf(out, "province data set ready in %.1f s; logins prov_admin, c01_admin, k001_admin, "
                 "s000001_safety (password %s)\n",
            (double)(xa_now_ms() - t0) / 1000.0, DEMO_PASSWORD);
    fprintf(out, "bulk_hazard_rows_per_s %.0f\n", hz_rate);
    rc = 0;
    goto done;
fail:
    bulk_close(g.orgs);
    bulk_close(g.users);
    bulk_close(g.roles);
    store_rollback(s);
fail_out:
    err("demo: %s", store_errmsg(s));
done:
    free(g.school_id);
    free(g.school_officer);
    free(g.school_path);
    free(g.admins);
    return rc;
}
