/*
 * test_resp.c - the responsibility system's store: a list copied from a
 * template set above the org (and refused from elsewhere), one live list
 * per org and post, letters unique per person and year, signing once,
 * withdrawing only unsigned letters, progress counts, and a risk point in
 * at most one grid zone with the zone's highest level.
 *
 * SQLite always runs on a temporary file; PostgreSQL runs too when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_resp.h"
#include "store/store_risk.h"
#include "t.h"
#include <unistd.h>

static int64_t uniq(void)
{
    static int64_t n;
    if (!n) n = (xa_now_ms() % 1000000) * 1000 + (getpid() % 1000);
    return ++n;
}

static int64_t mk_org(struct store *s, int64_t parent, const char *kind, char *path)
{
    char code[16];
    bool school = strcmp(kind, "school") == 0;
    snprintf(code, sizeof(code), school ? "6%09lld" : "%06lld",
             (long long)(uniq() % (school ? 1000000000LL : 1000000LL)));
    struct org_in in = {.parent_id = parent, .kind = kind, .name = "测试", .code = code,
                        .school_type = school ? "primary" : NULL};
    int64_t id = t_org_create(s, &in, xa_now_ms());
    store_org_locate(s, id, path, 96, NULL, 0);
    return id;
}

static int64_t mk_user(struct store *s, int64_t org, const char *path)
{
    char name[32];
    snprintf(name, sizeof(name), "ru%lld", (long long)uniq());
    struct user_in in = {.username = name, .pass_hash = "x", .name = name, .org_id = org,
                         .org_path = path};
    return t_user_create(s, &in, xa_now_ms());
}

static void run(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    int64_t now = xa_now_ms();
    char cpath[96], spath[96], opath[96];
    int64_t county = mk_org(s, 0, "province", cpath);
    int64_t school = mk_org(s, county, "school", spath);
    int64_t other = mk_org(s, 0, "province", opath);
    int64_t admin = mk_user(s, county, cpath), t1 = mk_user(s, school, spath),
            t2 = mk_user(s, school, spath);
    T_CHECK(county > 0 && school > 0 && other > 0 && admin > 0 && t1 > 0 && t2 > 0);

    /* a template with ordered items; a list copies them */
    const char *items[] = {"晨检", "放学清点"};
    int64_t tpl = store_rtpl_create(s, county, cpath, "post", "class_teacher", "班主任", "", items,
                                    2, admin, now);
    int64_t far = store_rtpl_create(s, other, opath, "post", "driver", "驾驶员", "", items, 1,
                                    admin, now);
    T_CHECK(tpl > 0 && far > 0);
    int64_t l = store_rlist_create(s, school, spath, tpl, NULL, NULL, NULL, NULL, 0, admin, now);
    T_CHECK(l > 0);
    json_t *lj = store_rlist_get(s, l);
    T_EQ_STR(json_string_value(json_object_get(lj, "target")), "class_teacher");
    T_EQ_STR(json_string_value(json_object_get(lj, "name")), "班主任");
    T_EQ_INT(json_array_size(json_object_get(lj, "items")), 2);
    json_decref(lj);
    /* not from a template set elsewhere; one live list per post */
    T_EQ_INT(store_rlist_create(s, school, spath, far, NULL, NULL, NULL, NULL, 0, admin, now), -2);
    T_EQ_INT(store_rlist_create(s, school, spath, tpl, NULL, NULL, NULL, NULL, 0, admin, now), -1);
    T_EQ_INT(store_errclass(s), DB_ERR_UNIQUE);
    /* editing the list leaves the template alone */
    const char *mine[] = {"晨检", "放学清点", "家访"};
    T_EQ_INT(store_rlist_update(s, l, NULL, true, mine, 3, false, admin, now), 0);
    int64_t holders[] = {t1, t2};
    T_EQ_INT(store_rlist_set_holders(s, l, holders, 2), 0);
    lj = store_rlist_get(s, l);
    T_EQ_INT(json_array_size(json_object_get(lj, "items")), 3);
    T_EQ_INT(json_array_size(json_object_get(lj, "holders")), 2);
    json_decref(lj);
    json_t *tj = store_rtpl_get(s, tpl);
    T_EQ_INT(json_array_size(json_object_get(tj, "items")), 2);
    json_decref(tj);

    /* letters: unique per person and year; sign once; withdraw unsigned only */
    struct letter_in in = {.year = 2031, .issuer_org_id = county, .issuer_path = cpath,
                           .user_id = t1, .org_id = school, .org_path = spath, .list_id = l,
                           .title = "责任书", .content = "1. 晨检"};
    int64_t a = store_letter_create(s, &in, admin, now);
    T_CHECK(a > 0);
    T_EQ_INT(store_letter_create(s, &in, admin, now), -1);
    T_EQ_INT(store_errclass(s), DB_ERR_UNIQUE);
    int64_t found = 0;
    T_EQ_INT(store_letter_find(s, t1, 2031, &found), 1);
    T_EQ_INT(found, a);
    in.user_id = t2;
    int64_t b = store_letter_create(s, &in, admin, now);
    T_CHECK(b > 0);
    T_EQ_INT(store_letter_sign(s, a, "已阅", now + 1000), 1);
    T_EQ_INT(store_letter_sign(s, a, "", now + 2000), 0);
    T_EQ_INT(store_letter_withdraw(s, a, admin, now), 0);
    struct scope sc = {0};
    scope_add(&sc, cpath);
    json_t *p = store_letter_progress(s, &sc, 2031, 0);
    T_EQ_INT(json_integer_value(json_object_get(p, "total")), 2);
    T_EQ_INT(json_integer_value(json_object_get(p, "signed")), 1);
    T_EQ_INT(json_integer_value(json_object_get(p, "pending")), 1);
    T_EQ_INT(json_array_size(json_object_get(p, "unsigned")), 1);
    T_EQ_INT(json_integer_value(json_object_get(json_array_get(json_object_get(p, "unsigned"), 0), "user_id")), t2);
    json_decref(p);
    T_EQ_INT(store_letter_withdraw(s, b, admin, now), 1);
    T_EQ_INT(store_letter_find(s, t2, 2031, &found), 0);
    /* a withdrawn letter may be issued again */
    T_CHECK(store_letter_create(s, &in, admin, now) > 0);

    /* zones: a point in one zone only; the highest level shows */
    char tok[40];
    snprintf(tok, sizeof(tok), "rtok%lld", (long long)uniq());
    struct rp_in rin = {.name = "锅炉房", .category = "fire", .patrol_frequency = "daily"};
    int64_t rp = t_end(store_rp_create(t_begin(s, now), school, spath, &rin, tok, NULL));
    T_CHECK(rp > 0);
    struct zone_in z = {.name = "后勤区", .responsible_user_id = t1};
    int64_t z1 = store_zone_create(s, school, spath, &z, admin, now);
    z.name = "教学区";
    int64_t z2 = store_zone_create(s, school, spath, &z, admin, now);
    T_CHECK(z1 > 0 && z2 > 0);
    T_EQ_INT(store_zone_set_points(s, z1, &rp, 1), 0);
    int64_t owner = 0;
    T_EQ_INT(store_zone_of_point(s, rp, z2, &owner), 1);
    T_EQ_INT(owner, z1);
    T_EQ_INT(store_zone_of_point(s, rp, z1, &owner), 0);
    T_EQ_INT(store_zone_set_points(s, z2, &rp, 1), -1);
    T_EQ_INT(store_errclass(s), DB_ERR_UNIQUE);
    json_t *zj = store_zone_get(s, z1);
    T_EQ_INT(json_integer_value(json_object_get(zj, "point_count")), 1);
    T_EQ_STR(json_string_value(json_object_get(zj, "max_level")), "none");
    json_decref(zj);
    /* deleting a zone frees its points */
    T_EQ_INT(store_zone_delete(s, z1, admin, now), 0);
    T_EQ_INT(store_zone_set_points(s, z2, &rp, 1), 0);
    json_t *free_pts = store_zone_free_points(s, school);
    T_EQ_INT(json_array_size(free_pts), 0);
    json_decref(free_pts);
}

void t_main(void)
{
    t_each_backend("resp", run);
}
