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

/* Audit rows about a letter, and the newest. */
static int64_t letter_rows(struct store *s, int64_t id, json_t **newest)
{
    struct scope all = {0};
    scope_add(&all, "/");
    struct page pg = {1, 5};
    json_t *l = store_audit_list(s, &all, "resp_letter", id, 0, &pg);
    int64_t n = l ? json_integer_value(json_object_get(l, "total")) : -1;
    if (newest)
        *newest = json_incref(json_array_get(json_object_get(l, "items"), 0));
    json_decref(l);
    return n;
}

/* Signing in a change: refused for anyone but the addressee, with neither
 * the signature nor an audit row left; then signed by the addressee with
 * exactly one audit row, pending before and signed after. */
static void letter_sign_audit(struct store *s, int64_t letter, int64_t addressee, int64_t other,
                              int64_t now)
{
    int64_t rows = letter_rows(s, letter, NULL);
    struct change c;
    T_EQ_INT(store_change_begin(&c, s, other, "other", now + 1000), 0);
    T_EQ_INT(store_letter_sign(&c, letter, "代签", NULL), -1);
    T_EQ_INT(c.err.code, XE_LETTER_NOT_ADDRESSEE);
    store_change_abort(&c);
    json_t *l = store_letter_get(s, letter);
    T_EQ_STR(json_string_value(json_object_get(l, "status")), "pending");
    json_decref(l);
    T_EQ_INT(letter_rows(s, letter, NULL), rows);
    T_EQ_INT(store_change_begin(&c, s, addressee, "t1", now + 1000), 0);
    json_t *after = NULL;
    T_EQ_INT(store_letter_sign(&c, letter, "已阅", &after), 0);
    T_EQ_STR(json_string_value(json_object_get(after, "status")), "signed");
    json_decref(after);
    T_EQ_INT(store_change_commit(&c), 0);
    json_t *row = NULL;
    T_EQ_INT(letter_rows(s, letter, &row), rows + 1);
    T_EQ_STR(json_string_value(json_object_get(row, "action")), "sign");
    T_EQ_STR(json_string_value(json_object_get(json_object_get(row, "before"), "status")),
             "pending");
    T_EQ_STR(json_string_value(json_object_get(json_object_get(row, "after"), "status")),
             "signed");
    const char *at = json_string_value(json_object_get(json_object_get(row, "after"), "signed_at"));
    T_CHECK(at && strlen(at) == 25 && strcmp(at + 19, "+08:00") == 0);
    json_decref(row);
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
    int64_t tpl = t_end(store_rtpl_create(t_begin_as(s, admin, now), county, cpath, "post",
                                          "class_teacher", "班主任", "", items, 2, NULL));
    int64_t far = t_end(store_rtpl_create(t_begin_as(s, admin, now), other, opath, "post",
                                          "driver", "驾驶员", "", items, 1, NULL));
    T_CHECK(tpl > 0 && far > 0);
    int64_t l = t_end(store_rlist_create(t_begin_as(s, admin, now), school, spath, tpl, NULL,
                                         NULL, NULL, NULL, 0, NULL, 0, NULL));
    T_CHECK(l > 0);
    json_t *lj = store_rlist_get(s, l);
    T_EQ_STR(json_string_value(json_object_get(lj, "target")), "class_teacher");
    T_EQ_STR(json_string_value(json_object_get(lj, "name")), "班主任");
    T_EQ_INT(json_array_size(json_object_get(lj, "items")), 2);
    json_decref(lj);
    /* not from a template set elsewhere; one live list per post */
    T_EQ_INT(t_end(store_rlist_create(t_begin_as(s, admin, now), school, spath, far, NULL, NULL,
                                      NULL, NULL, 0, NULL, 0, NULL)),
             -1);
    T_EQ_INT(t_last_err(), XE_RESP_TEMPLATE_NOT_FOUND);
    T_EQ_INT(t_end(store_rlist_create(t_begin_as(s, admin, now), school, spath, tpl, NULL, NULL,
                                      NULL, NULL, 0, NULL, 0, NULL)),
             -1);
    T_EQ_INT(t_last_err(), XE_NONE);
    T_EQ_INT(store_errclass(s), DB_ERR_UNIQUE);
    /* editing the list leaves the template alone */
    const char *mine[] = {"晨检", "放学清点", "家访"};
    int64_t holders[] = {t1, t2};
    T_EQ_INT(t_end(store_rlist_update(t_begin_as(s, admin, now), l, NULL, true, mine, 3, true,
                                      holders, 2, false, NULL)),
             0);
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
    int64_t a = t_end(store_letter_create(t_begin_as(s, admin, now), &in, NULL));
    T_CHECK(a > 0);
    T_EQ_INT(t_end(store_letter_create(t_begin_as(s, admin, now), &in, NULL)), -1);
    T_EQ_INT(store_errclass(s), DB_ERR_UNIQUE);
    int64_t found = 0;
    T_EQ_INT(store_letter_find(s, t1, 2031, &found), 1);
    T_EQ_INT(found, a);
    in.user_id = t2;
    int64_t b = t_end(store_letter_create(t_begin_as(s, admin, now), &in, NULL));
    T_CHECK(b > 0);
    letter_sign_audit(s, a, t1, admin, now);
    T_EQ_INT(t_end(store_letter_sign(t_begin_as(s, t1, now + 2000), a, "", NULL)), -1);
    T_EQ_INT(t_last_err(), XE_LETTER_SIGNED);
    T_EQ_INT(t_end(store_letter_withdraw(t_begin_as(s, admin, now), a)), -1);
    T_EQ_INT(t_last_err(), XE_LETTER_SIGNED_KEPT);
    struct scope sc = {0};
    scope_add(&sc, cpath);
    json_t *p = store_letter_progress(s, &sc, 2031, 0);
    T_EQ_INT(json_integer_value(json_object_get(p, "total")), 2);
    T_EQ_INT(json_integer_value(json_object_get(p, "signed")), 1);
    T_EQ_INT(json_integer_value(json_object_get(p, "pending")), 1);
    T_EQ_INT(json_array_size(json_object_get(p, "unsigned")), 1);
    T_EQ_INT(json_integer_value(json_object_get(json_array_get(json_object_get(p, "unsigned"), 0), "user_id")), t2);
    json_decref(p);
    T_EQ_INT(t_end(store_letter_withdraw(t_begin_as(s, admin, now), b)), 0);
    T_EQ_INT(store_letter_find(s, t2, 2031, &found), 0);
    /* a withdrawn letter may be issued again */
    T_CHECK(t_end(store_letter_create(t_begin_as(s, admin, now), &in, NULL)) > 0);

    /* zones: a point in one zone only; the highest level shows */
    char tok[40];
    snprintf(tok, sizeof(tok), "rtok%lld", (long long)uniq());
    struct rp_in rin = {.name = "锅炉房", .category = "fire", .patrol_frequency = "daily"};
    int64_t rp = t_end(store_rp_create(t_begin(s, now), school, spath, &rin, tok, NULL, NULL));
    T_CHECK(rp > 0);
    struct zone_in z = {.name = "后勤区", .responsible_user_id = t1};
    int64_t z1 = t_end(store_zone_create(t_begin_as(s, admin, now), school, spath, &z, &rp, 1,
                                         NULL));
    z.name = "教学区";
    int64_t z2 = t_end(store_zone_create(t_begin_as(s, admin, now), school, spath, &z, NULL, 0,
                                         NULL));
    T_CHECK(z1 > 0 && z2 > 0);
    int64_t owner = 0;
    T_EQ_INT(store_zone_of_point(s, rp, z2, &owner), 1);
    T_EQ_INT(owner, z1);
    T_EQ_INT(store_zone_of_point(s, rp, z1, &owner), 0);
    struct zone_in keep = {0};
    T_EQ_INT(t_end(store_zone_update(t_begin_as(s, admin, now), z2, &keep, true, &rp, 1, NULL)),
             -1);
    T_EQ_INT(t_last_err(), XE_ZONE_POINT_TAKEN);
    json_t *zj = store_zone_get(s, z1);
    T_EQ_INT(json_integer_value(json_object_get(zj, "point_count")), 1);
    T_EQ_STR(json_string_value(json_object_get(zj, "max_level")), "none");
    json_decref(zj);
    /* deleting a zone frees its points */
    T_EQ_INT(t_end(store_zone_delete(t_begin_as(s, admin, now), z1)), 0);
    T_EQ_INT(t_end(store_zone_update(t_begin_as(s, admin, now), z2, &keep, true, &rp, 1, NULL)),
             0);
    json_t *free_pts = store_zone_free_points(s, school);
    T_EQ_INT(json_array_size(free_pts), 0);
    json_decref(free_pts);
}

void t_main(void)
{
    t_each_backend("resp", run);
}
