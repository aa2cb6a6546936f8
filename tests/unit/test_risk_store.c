/*
 * test_risk_store.c - the risk register's store: the re-grading loop
 * (store_risk_point_raise), assessments with history, threshold versions,
 * missed-patrol periods and photo content addressing.
 *
 * SQLite always runs on a temporary file; PostgreSQL runs too when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_risk.h"
#include "t.h"
#include <unistd.h>

static int64_t uniq_code(void)
{
    static int64_t n;
    if (!n) n = (xa_now_ms() % 1000000) * 1000 + (getpid() % 1000);
    return ++n;
}

static int64_t mk_org(struct store *s, int64_t parent, const char *kind)
{
    char code[16];
    bool school = strcmp(kind, "school") == 0;
    snprintf(code, sizeof(code), school ? "7%09lld" : "%06lld",
             (long long)(uniq_code() % (school ? 1000000000LL : 1000000LL)));
    struct org_in in = {.parent_id = parent,
                        .kind = kind,
                        .name = "测试",
                        .code = code,
                        .school_type = school ? "primary" : NULL};
    return t_org_create(s, &in, xa_now_ms());
}

static const char *level_of(struct store *s, int64_t id, char *buf, size_t len)
{
    json_t *p = store_rp_get(s, id);
    snprintf(buf, len, "%s", p ? json_string_value(json_object_get(p, "level")) : "?");
    json_decref(p);
    return buf;
}

/* Audit rows about entity (id 0: any), and the newest of them. */
static int64_t audit_rows(struct store *s, const char *entity, int64_t id, json_t **newest)
{
    struct scope all = {0};
    scope_add(&all, "/");
    struct page pg = {1, 5};
    json_t *l = store_audit_list(s, &all, entity, id, 0, &pg);
    int64_t n = l ? json_integer_value(json_object_get(l, "total")) : -1;
    if (newest)
        *newest = json_incref(json_array_get(json_object_get(l, "items"), 0));
    json_decref(l);
    return n;
}

/* The change: a refused write leaves neither its rows nor an audit row,
 * also after an earlier write of the same change succeeded; a committed
 * one leaves exactly one row with the before and after images. */
static void change_writes(struct store *s, int64_t point, int64_t now)
{
    struct change c;
    int64_t cats = audit_rows(s, "category", 0, NULL);
    T_CHECK(cats >= 0);
    T_EQ_INT(store_change_begin(&c, s, 0, "tester", now), 0);
    T_EQ_INT(store_category_create(&c, "fire", "火灾", NULL, 1, "/", NULL), -1);
    T_EQ_INT(c.err.code, XE_CATEGORY_EXISTS);
    T_EQ_STR(c.err.field, "code");
    store_change_abort(&c);
    char code[32];
    snprintf(code, sizeof(code), "tc%lld", (long long)(uniq_code() % 100000000));
    T_EQ_INT(store_change_begin(&c, s, 0, "tester", now), 0);
    T_EQ_INT(store_category_create(&c, code, "测试分类", NULL, 5, "/", NULL), 0);
    T_EQ_INT(store_category_update(&c, "other", NULL, NULL, false, 0, true, "/", NULL), -1);
    T_EQ_INT(c.err.code, XE_CATEGORY_KEPT);
    store_change_abort(&c);
    T_EQ_INT(store_category_state(s, code), 0);
    T_EQ_INT(audit_rows(s, "category", 0, NULL), cats);

    /* an update refused (the point is gone) in the middle of a change */
    int64_t rows = audit_rows(s, "risk_point", point, NULL);
    T_EQ_INT(store_change_begin(&c, s, 0, "tester", now), 0);
    struct rp_in up = {.has_name = true, .name = "新池塘"};
    T_EQ_INT(store_rp_update(&c, point, &up, NULL, NULL), 0);
    T_EQ_INT(store_rp_update(&c, 999999999, &up, NULL, NULL), -1);
    T_EQ_INT(c.err.code, XE_NOT_FOUND);
    store_change_abort(&c);
    json_t *p = store_rp_get(s, point);
    T_EQ_STR(json_string_value(json_object_get(p, "name")), "池塘");
    json_decref(p);
    T_EQ_INT(audit_rows(s, "risk_point", point, NULL), rows);

    /* committed: one row, before and after as the point was and is */
    T_EQ_INT(store_change_begin(&c, s, 0, "tester", now), 0);
    json_t *after = NULL;
    T_EQ_INT(store_rp_update(&c, point, &up, NULL, &after), 0);
    T_EQ_STR(json_string_value(json_object_get(after, "name")), "新池塘");
    json_decref(after);
    T_EQ_INT(store_change_commit(&c), 0);
    json_t *row = NULL;
    T_EQ_INT(audit_rows(s, "risk_point", point, &row), rows + 1);
    T_EQ_STR(json_string_value(json_object_get(row, "action")), "update");
    T_EQ_STR(json_string_value(json_object_get(json_object_get(row, "before"), "name")), "池塘");
    T_EQ_STR(json_string_value(json_object_get(json_object_get(row, "after"), "name")), "新池塘");
    /* instants are ISO 8601 in the images too */
    const char *ca = json_string_value(json_object_get(json_object_get(row, "after"), "created_at"));
    T_CHECK(ca && strlen(ca) == 25 && strcmp(ca + 19, "+08:00") == 0);
    json_decref(row);
    /* put back for the checks after */
    up.name = "池塘";
    T_EQ_INT(t_end(store_rp_update(t_begin(s, now), point, &up, NULL, NULL)), 0);
}

static void run(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    int64_t now = xa_now_ms();
    int64_t county = mk_org(s, 0, "province");
    int64_t school = mk_org(s, county, "school");
    T_CHECK(county > 0 && school > 0);
    char path[96];
    T_EQ_INT(store_org_locate(s, school, path, sizeof(path), NULL, 0), 1);

    /* categories are seeded from category.c */
    T_EQ_INT(store_category_exists(s, "fire"), 1);
    T_EQ_INT(store_category_exists(s, "psychological"), 1);
    T_EQ_INT(store_category_exists(s, "nope"), 0);

    /* thresholds: version 1 is SPEC §3 */
    struct grading_thresholds t;
    T_EQ_INT(store_grading_get(s, 1, &t), 1);
    T_CHECK(t.lec_major == 320 && t.lec_high == 160 && t.lec_general == 70);
    T_CHECK(t.ls_red == 20 && t.ls_orange == 15 && t.ls_yellow == 9);

    char tok[40];
    snprintf(tok, sizeof(tok), "tok%lld", (long long)uniq_code());
    struct rp_in in = {.name = "池塘", .category = "drowning", .patrol_frequency = "daily"};
    int64_t p = t_end(store_rp_create(t_begin(s, now - 10 * XA_DAY_MS), school, path, &in, tok, NULL, NULL));
    T_CHECK(p > 0);
    change_writes(s, p, now);
    char lv[16];
    T_EQ_STR(level_of(s, p, lv, sizeof(lv)), "none");

    /* a general hazard leaves the grade alone; unknown points are 0 */
    T_EQ_INT(store_risk_point_raise(s, p, "general", now), 0);
    T_EQ_INT(store_risk_point_raise(s, 999999999, "major", now), 0);
    T_EQ_STR(level_of(s, p, lv, sizeof(lv)), "none");

    /* assessed low, then a major hazard raises it to high, in the history */
    struct rp_assessment a = {.method = "LS",
                              .l = 2,
                              .s_val = 2,
                              .has_l = true,
                              .has_s = true,
                              .score = 4,
                              .level = RISK_LOW,
                              .thresholds_version = 1};
    T_CHECK(t_end(store_rp_assess(t_begin(s, now), p, &a, NULL, NULL, NULL)) > 0);
    T_EQ_STR(level_of(s, p, lv, sizeof(lv)), "low");
    T_EQ_INT(store_risk_point_raise(s, p, "major", now), 1);
    T_EQ_STR(level_of(s, p, lv, sizeof(lv)), "high");
    json_t *h = store_rp_assessments(s, p);
    T_EQ_INT(json_array_size(h), 2);
    T_EQ_STR(json_string_value(json_object_get(json_array_get(h, 0), "method")), "hazard");
    T_EQ_STR(json_string_value(json_object_get(json_array_get(h, 0), "level")), "high");
    json_decref(h);
    /* already high: no second raise */
    T_EQ_INT(store_risk_point_raise(s, p, "major", now), 0);
    /* a major point is never lowered by a hazard */
    a.level = RISK_MAJOR;
    T_CHECK(t_end(store_rp_assess(t_begin(s, now), p, &a, NULL, NULL, NULL)) > 0);
    T_EQ_INT(store_risk_point_raise(s, p, "major", now), 0);
    T_EQ_STR(level_of(s, p, lv, sizeof(lv)), "major");
    h = store_rp_assessments(s, p);
    T_EQ_INT(json_array_size(h), 3);
    json_decref(h);

    /* missed patrols: daily point without a record today is missed */
    struct scope sc = {0};
    scope_add(&sc, path);
    struct page pg = {1, 50};
    json_t *m = store_patrol_missed(s, &sc, now, &pg);
    T_CHECK(m != NULL);
    T_EQ_INT(json_integer_value(json_object_get(m, "total")), 1);
    json_decref(m);
    struct patrol_in pi = {
        .org_id = school, .org_path = path, .risk_point_id = p, .result = "pass"};
    struct change pc;
    T_CHECK(store_change_begin(&pc, s, 0, "", now) == 0);
    T_CHECK(store_patrol_create(&pc, &pi) > 0);
    T_CHECK(store_change_commit(&pc) == 0);
    m = store_patrol_missed(s, &sc, now, &pg);
    T_EQ_INT(json_integer_value(json_object_get(m, "total")), 0);
    json_decref(m);
    /* ... but yesterday it was missed */
    m = store_patrol_missed(s, &sc, now - XA_DAY_MS, &pg);
    T_EQ_INT(json_integer_value(json_object_get(m, "total")), 1);
    json_decref(m);
    /* a monthly point patrolled today is not missed on any day this month */
    struct rp_in in2 = {.name = "配电房", .category = "electrical", .patrol_frequency = "monthly"};
    snprintf(tok, sizeof(tok), "tok%lld", (long long)uniq_code());
    int64_t p2 = t_end(store_rp_create(t_begin(s, now - 90 * XA_DAY_MS), school, path, &in2, tok, NULL, NULL));
    pi.risk_point_id = p2;
    T_CHECK(store_change_begin(&pc, s, 0, "", now) == 0);
    T_CHECK(store_patrol_create(&pc, &pi) > 0);
    T_CHECK(store_change_commit(&pc) == 0);
    m = store_patrol_missed(s, &sc, now - XA_DAY_MS, &pg);
    int y;
    unsigned mo, d;
    xa_civil_from_days((now + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &mo, &d);
    /* yesterday: the daily point is missed; the monthly one only if
     * yesterday fell in the previous month */
    T_EQ_INT(json_integer_value(json_object_get(m, "total")), d == 1 ? 2 : 1);
    json_decref(m);
    /* a point created after the period is not due in it */
    m = store_patrol_missed(s, &sc, now - 200 * XA_DAY_MS, &pg);
    T_EQ_INT(json_integer_value(json_object_get(m, "total")), 0);
    json_decref(m);

    /* photos: same bytes in the same school are one row */
    bool reused = true;
    int64_t elsewhere = -1;
    char sha[65];
    snprintf(sha, sizeof(sha), "%064lld", (long long)uniq_code());
    int64_t ph = store_photo_put(s, school, path, sha, "image/png", "\x89PNG\r\n\x1a\nab", 10, 0,
                                 now, &reused, &elsewhere);
    T_CHECK(ph > 0);
    T_CHECK(!reused);
    T_EQ_INT(elsewhere, 0);
    int64_t ph2 = store_photo_put(s, school, path, sha, "image/png", "\x89PNG\r\n\x1a\nab", 10, 0,
                                  now, &reused, &elsewhere);
    T_EQ_INT(ph2, ph);
    T_CHECK(reused);
    struct strbuf sb = STRBUF_INIT;
    char mime[32];
    T_EQ_INT(store_photo_read(s, ph, mime, sizeof(mime), &sb), 1);
    T_EQ_INT(sb.len, 10);
    T_CHECK(memcmp(sb.buf, "\x89PNG\r\n\x1a\nab", 10) == 0);
    T_EQ_STR(mime, "image/png");
    strbuf_release(&sb);
    int64_t other = mk_org(s, county, "school");
    char opath[96];
    store_org_locate(s, other, opath, sizeof(opath), NULL, 0);
    int64_t ph3 = store_photo_put(s, other, opath, sha, "image/png", "\x89PNG\r\n\x1a\nab", 10, 0,
                                  now, &reused, &elsewhere);
    T_CHECK(ph3 > 0 && ph3 != ph);
    T_CHECK(!reused);
    T_EQ_INT(elsewhere, 1);
}

void t_main(void)
{
    t_each_backend("risk", run);
}
