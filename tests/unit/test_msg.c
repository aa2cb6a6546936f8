/*
 * test_msg.c - messages and document numbers in the store: a message per
 * recipient, a repeated dedupe key skipped, messages to the holders of a
 * role at one org (not below it, not the actor), and a bureau's yearly
 * document sequence: consecutive, per year, rolled back with its
 * transaction (no gap), with the bureau's prefix or one from its name.
 *
 * SQLite always runs on a temporary file; PostgreSQL runs too when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_msg.h"
#include "store/store_int.h"
#include "t.h"
#include <unistd.h>

static int64_t uniq(void)
{
    static int64_t n;
    if (!n) n = (xa_now_ms() % 1000000) * 1000 + (getpid() % 1000);
    return ++n;
}

static int64_t mk_org(struct store *s, int64_t parent, const char *kind, const char *name,
                      char *path)
{
    char code[16];
    bool school = strcmp(kind, "school") == 0;
    snprintf(code, sizeof(code), school ? "6%09lld" : "%06lld",
             (long long)(uniq() % (school ? 1000000000LL : 1000000LL)));
    struct org_in in = {.parent_id = parent, .kind = kind, .name = name, .code = code,
                        .school_type = school ? "primary" : NULL};
    int64_t id = t_org_create(s, &in, xa_now_ms());
    store_org_locate(s, id, path, 96, NULL, 0);
    return id;
}

static int64_t mk_user(struct store *s, int64_t org, const char *path, const char *role)
{
    char name[32];
    snprintf(name, sizeof(name), "mu%lld", (long long)uniq());
    struct role_in r = {.role = role, .org_id = org, .org_path = path};
    struct user_in in = {.username = name, .pass_hash = "x", .name = name, .org_id = org,
                         .org_path = path, .nroles = 1, .roles = &r};
    return t_user_create(s, &in, xa_now_ms());
}

static int64_t count(struct store *s, int64_t user)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM messages WHERE user_id = ?", DB_INT(user));
    return n;
}

static void run(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    int64_t now = xa_now_ms();
    char cpath[96], spath[96];
    int64_t county = mk_org(s, 0, "county", "华容县教育局", cpath);
    int64_t school = mk_org(s, county, "school", "章华镇中心小学", spath);
    int64_t a1 = mk_user(s, county, cpath, "county_admin");
    int64_t a2 = mk_user(s, county, cpath, "county_admin");
    int64_t p = mk_user(s, school, spath, "principal");
    T_CHECK(county > 0 && school > 0 && a1 > 0 && a2 > 0 && p > 0);

    /* one message, then a repeat of its dedupe key is skipped */
    T_CHECK(store_begin(s) == 0);
    struct msg_in m = {.user_id = p, .org_id = school, .org_path = spath, .kind = "hazard_due",
                       .title = "隐患整改期限将至", .link = "/hazards/1", .entity = "hazard",
                       .entity_id = 1, .dedupe_key = "hazard:1:due24h", .at = now};
    T_CHECK(store_msg_add(s, &m) > 0);
    T_EQ_INT(store_msg_add(s, &m), 0);
    m.dedupe_key = NULL;
    T_CHECK(store_msg_add(s, &m) > 0);
    T_CHECK(store_commit(s) == 0);
    T_EQ_INT(count(s, p), 2);

    /* a message rolled back with its event */
    T_CHECK(store_begin(s) == 0);
    T_CHECK(store_msg_add(s, &m) > 0);
    T_CHECK(store_rollback(s) == 0);
    T_EQ_INT(count(s, p), 2);

    /* to the holders of a role at the county, not the actor, not the school */
    static const char *const roles[] = {"county_admin", "principal", NULL};
    T_CHECK(store_begin(s) == 0);
    struct msg_in b = {.org_id = school, .org_path = spath, .kind = "incident_reported",
                       .title = "章华镇中心小学报告了一起事故", .event_key = "incident:1", .at = now};
    T_EQ_INT(store_msg_to_roles(s, county, roles, a1, &b), 1);
    T_CHECK(store_commit(s) == 0);
    T_EQ_INT(count(s, a1), 0);
    T_EQ_INT(count(s, a2), 1);
    T_EQ_INT(count(s, p), 2);

    /* document numbers: derived prefix, consecutive, no gap after a rollback */
    char no[128];
    int64_t seq = 0;
    T_CHECK(store_begin(s) == 0);
    T_CHECK(store_docno_next(s, county, 2026, no, sizeof(no), &seq) == 0);
    T_CHECK(store_commit(s) == 0);
    T_EQ_INT(seq, 1);
    T_EQ_STR(no, "华教安〔2026〕1号");
    T_CHECK(store_begin(s) == 0);
    T_CHECK(store_docno_next(s, county, 2026, no, sizeof(no), &seq) == 0);
    T_CHECK(store_rollback(s) == 0);
    T_CHECK(store_begin(s) == 0);
    T_CHECK(store_docno_next(s, county, 2026, no, sizeof(no), &seq) == 0);
    T_CHECK(store_commit(s) == 0);
    T_EQ_STR(no, "华教安〔2026〕2号");
    T_CHECK(store_begin(s) == 0);
    T_CHECK(store_docno_next(s, county, 2027, no, sizeof(no), &seq) == 0);
    T_CHECK(store_commit(s) == 0);
    T_EQ_STR(no, "华教安〔2027〕1号");
    T_CHECK(EXEC(s, "UPDATE orgs SET doc_prefix = ? WHERE id = ?", DB_TEXT("华县教"),
                 DB_INT(county)) == 1);
    T_CHECK(store_begin(s) == 0);
    T_CHECK(store_docno_next(s, county, 2026, no, sizeof(no), &seq) == 0);
    T_CHECK(store_commit(s) == 0);
    T_EQ_STR(no, "华县教〔2026〕3号");
    T_CHECK(store_docno_next(s, 999999999, 2026, no, sizeof(no), &seq) < 0);
}

void t_main(void)
{
    t_each_backend("msg", run);
}
