/*
 * test_push_store.c - the push outbox in the store (src/store/push.c) on
 * both backends: fan-out by the recipient's org, channel kind and kind
 * list (one row per event for a group channel, one per person with an
 * address for SMS/email); a second pass and a rewound cursor add nothing;
 * a channel takes only what is written after it; claims lease rows (not
 * claimable again until the lease runs out, tries counted; one handed back
 * untried does not count); a failure past
 * max_tries is dead, retried only when dead; a disabled channel's rows wait.
 *
 * SQLite always runs on a temporary file; PostgreSQL runs too when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_msg.h"
#include "store/store_push.h"
#include "store/store_int.h"
#include "t.h"
#include <unistd.h>

/* The worker's and the handlers' changes: cb begins one at, ce ends it
 * (commit when rc >= 0, abort otherwise) and returns rc. */
static struct change C;
static struct change *cb(struct store *s, int64_t at)
{
    T_EQ_INT(store_change_begin(&C, s, 0, "", at), 0);
    return &C;
}
static int64_t ce(int64_t rc)
{
    if (rc < 0)
        store_change_abort(&C);
    else
        T_EQ_INT(store_change_commit(&C), 0);
    return rc;
}

/* One fan-out round as push_jobs.c runs it. */
static int fan(struct store *s, int64_t now, int *made)
{
    *made = 0;
    int due = store_push_fanout_due(s, now);
    if (due <= 0)
        return due;
    return (int)ce(store_push_fanout(cb(s, now), 500, made));
}

/* One claim as push_jobs.c makes it. */
static json_t *claim(struct store *s, int64_t at, int64_t lease, int limit)
{
    json_t *due = store_push_due(s, at, limit);
    if (!due || json_array_size(due) == 0)
        return due;
    json_t *got = store_push_claim(cb(s, at), due, lease);
    json_decref(due);
    ce(got ? 0 : -1);
    return got;
}

static int64_t uniq(void)
{
    static int64_t n;
    if (!n) n = (xa_now_ms() % 1000000) * 1000 + (getpid() % 1000);
    return ++n;
}

static int64_t mk_org(struct store *s, int64_t parent, const char *kind, char *path)
{
    char code[16], name[32];
    bool school = strcmp(kind, "school") == 0;
    snprintf(code, sizeof(code), school ? "7%09lld" : "%06lld",
             (long long)(uniq() % (school ? 1000000000LL : 1000000LL)));
    snprintf(name, sizeof(name), "org%s", code);
    struct org_in in = {.parent_id = parent, .kind = kind, .name = name, .code = code,
                        .school_type = school ? "primary" : NULL};
    int64_t id = t_org_create(s, &in, xa_now_ms());
    store_org_locate(s, id, path, 96, NULL, 0);
    return id;
}

static int64_t mk_user(struct store *s, int64_t org, const char *path, const char *email,
                       const char *phone)
{
    char name[32];
    snprintf(name, sizeof(name), "pu%lld", (long long)uniq());
    struct role_in r = {.role = "bureau_admin", .org_id = org, .org_path = path};
    struct user_in in = {.username = name, .pass_hash = "x", .name = name, .org_id = org,
                         .org_path = path, .email = email, .phone = phone, .nroles = 1,
                         .roles = &r};
    return t_user_create(s, &in, xa_now_ms());
}

static int64_t mk_channel(struct store *s, int64_t org, const char *path, const char *kind,
                          const char *kinds, int64_t max_tries)
{
    struct push_channel_in in = {.org_id = org, .org_path = path, .kind = kind, .name = kind,
                                 .enabled = true, .max_tries = max_tries,
                                 .msg_kinds_json = kinds, .config_json = "{}",
                                 .secret_json = "{\"url\":\"https://x.cn/k\"}"};
    return ce(store_push_channel_create(cb(s, xa_now_ms()), &in, NULL));
}

static int64_t rows(struct store *s, int64_t ch)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM push_outbox WHERE channel_id = ?", DB_INT(ch));
    return n;
}

static int64_t counted(struct store *s, int64_t ch, const char *what)
{
    json_t *c = store_push_channel_get(s, ch);
    int64_t n = json_integer_value(json_object_get(c, what));
    json_decref(c);
    return n;
}

static void run(struct store *s)
{
    T_CHECK(store_migrate(s) >= 0);
    /* start after whatever the database holds */
    int made = 0;
    while (fan(s, xa_now_ms(), &made) == 0 && made > 0)
        ;
    EXEC(s, "UPDATE push_cursor SET last_message_id = (SELECT COALESCE(MAX(id), 0) FROM messages)");
    char cp[96], cp2[96], sp[96];
    int64_t county = mk_org(s, 0, "county", cp);
    int64_t county2 = mk_org(s, 0, "county", cp2);
    int64_t school = mk_org(s, county, "school", sp);
    int64_t a1 = mk_user(s, county, cp, "a1@x.cn", "13800000001");
    int64_t a2 = mk_user(s, county, cp, NULL, NULL);
    int64_t p = mk_user(s, school, sp, "p@x.cn", "13800000003");
    int64_t b = mk_user(s, county2, cp2, "b@x.cn", "13800000004");
    int64_t wx = mk_channel(s, county, cp, "wecom", "[]", 3);
    int64_t sms = mk_channel(s, county, cp, "sms", "[\"hazard_assigned\"]", 3);
    int64_t mail = mk_channel(s, county, cp, "email", "[]", 3);
    int64_t wx2 = mk_channel(s, county2, cp2, "wecom", "[]", 3);
    int64_t now = xa_now_ms() + 5;
    T_CHECK(a1 > 0 && a2 > 0 && p > 0 && b > 0 && wx > 0 && sms > 0 && mail > 0 && wx2 > 0);

    /* one event to three people (one at the school), one message to a1 alone */
    T_CHECK(store_begin(s) == 0);
    struct msg_in m = {.org_id = school, .org_path = sp, .kind = "hazard_assigned",
                       .title = "隐患交办", .link = "/hazards/1", .event_key = "hz:1:assign",
                       .at = now};
    int64_t users[] = {a1, a2, p};
    for (int i = 0; i < 3; i++) {
        m.user_id = users[i];
        T_CHECK(store_msg_add(s, &m) > 0);
    }
    struct msg_in w = {.user_id = a1, .org_id = county, .org_path = cp,
                       .kind = "weekly_late", .title = "周报逾期", .at = now};
    T_CHECK(store_msg_add(s, &w) > 0);
    T_CHECK(store_commit(s) == 0);

    T_CHECK(fan(s, now, &made) == 0);
    T_EQ_INT(made, 5);
    T_EQ_INT(rows(s, wx), 2);   /* the event once, the weekly message */
    T_EQ_INT(rows(s, sms), 1);  /* a1's phone, hazard_assigned only */
    T_EQ_INT(rows(s, mail), 2); /* a1 twice; a2 has no address; p is the school's */
    T_EQ_INT(rows(s, wx2), 0);
    int64_t n = 0;
    INT1(s, &n, "SELECT COUNT(*) FROM push_outbox WHERE channel_id = ? AND recipient = ?",
         DB_INT(mail), DB_TEXT("a1@x.cn"));
    T_EQ_INT(n, 2);

    /* a disabled account gets no email (the group push still goes) */
    T_CHECK(EXEC(s, "UPDATE users SET active = 0 WHERE id = ?", DB_INT(a1)) == 1);
    T_CHECK(store_begin(s) == 0);
    w.title = "停用账号的消息";
    w.event_key = "inactive:1";
    T_CHECK(store_msg_add(s, &w) > 0);
    T_CHECK(store_commit(s) == 0);
    T_CHECK(fan(s, now, &made) == 0);
    T_EQ_INT(made, 1);
    T_EQ_INT(rows(s, wx), 3);
    T_EQ_INT(rows(s, mail), 2);

    /* nothing twice: a second pass, then a rewound cursor */
    T_CHECK(fan(s, now, &made) == 0);
    T_EQ_INT(made, 0);
    EXEC(s, "UPDATE push_cursor SET last_message_id = 0");
    while (fan(s, now, &made) == 0 && made > 0)
        ;
    T_EQ_INT(rows(s, wx) + rows(s, sms) + rows(s, mail), 6);

    /* a channel added later does not take earlier messages */
    usleep(5000);
    int64_t late = mk_channel(s, county, cp, "webhook", "[]", 3);
    EXEC(s, "UPDATE push_cursor SET last_message_id = 0");
    while (fan(s, now, &made) == 0 && made > 0)
        ;
    T_EQ_INT(rows(s, late), 0);
    T_CHECK(EXEC(s, "UPDATE users SET active = 1 WHERE id = ?", DB_INT(a1)) == 1);

    /* claims lease rows (rows an earlier run left in a reused database are
     * set aside: the claim takes every channel's due rows) */
    T_CHECK(EXEC(s, "UPDATE push_outbox SET state = 'sent' WHERE state = 'pending' AND "
                 "channel_id NOT IN (?, ?, ?, ?, ?)", DB_INT(wx), DB_INT(sms), DB_INT(mail),
                 DB_INT(wx2), DB_INT(late)) >= 0);
    int64_t t = now + 1000;
    json_t *got = claim(s, t, 1000, 50);
    T_CHECK(got != NULL);
    T_EQ_INT(json_array_size(got), 6);
    json_t *r0 = json_array_get(got, 0);
    T_EQ_INT(json_integer_value(json_object_get(r0, "tries")), 1);
    T_EQ_STR(json_string_value(json_object_get(json_object_get(r0, "secret"), "url")),
             "https://x.cn/k");
    json_t *again = claim(s, t + 999, 1000, 50);
    T_EQ_INT(json_array_size(again), 0);
    json_decref(again);
    again = claim(s, t + 1000, 1000, 50); /* the lease ran out: a crash */
    T_EQ_INT(json_array_size(again), 6);
    T_EQ_INT(json_integer_value(json_object_get(json_array_get(again, 0), "tries")), 2);
    json_decref(again);

    /* outcomes: sent, retried later, dead; retry only a dead row */
    int64_t id0 = json_integer_value(json_object_get(r0, "id"));
    int64_t ch0 = json_integer_value(json_object_get(r0, "channel_id"));
    int64_t id1 = json_integer_value(json_object_get(json_array_get(got, 1), "id"));
    int64_t ch1 = json_integer_value(json_object_get(json_array_get(got, 1), "channel_id"));
    json_decref(got);
    T_CHECK(ce(store_push_sent(cb(s, t + 1100), id0, ch0)) == 0);
    T_CHECK(ce(store_push_failed(cb(s, t + 1100), id0, ch0, "late", 0)) == 0); /* no effect on sent */
    T_EQ_INT(ce(store_push_outbox_retry(cb(s, t), id0, NULL)), -1);
    T_EQ_INT(C.err.code, XE_PUSH_NOT_DEAD);
    T_CHECK(ce(store_push_failed(cb(s, t + 1100), id1, ch1, "接收方返回 HTTP 500", 0)) == 0);
    T_EQ_INT(counted(s, ch1, "dead"), 1);
    json_t *ch = store_push_channel_get(s, ch1);
    T_EQ_STR(json_string_value(json_object_get(ch, "last_error")), "接收方返回 HTTP 500");
    json_decref(ch);
    T_EQ_INT(ce(store_push_outbox_retry(cb(s, t + 1200), id1, NULL)), 0);
    T_EQ_INT(ce(store_push_outbox_retry(cb(s, t + 1200), id1, NULL)), -1);
    T_EQ_INT(counted(s, ch1, "dead"), 0);
    json_t *ob = store_push_outbox_get(s, id1);
    T_EQ_STR(json_string_value(json_object_get(ob, "state")), "pending");
    T_EQ_INT(json_integer_value(json_object_get(ob, "tries")), 0);
    json_decref(ob);

    /* a leased row handed back untried: its try is not counted */
    got = claim(s, t + 5000, 1000, 1);
    T_EQ_INT(json_array_size(got), 1);
    int64_t id2 = json_integer_value(json_object_get(json_array_get(got, 0), "id"));
    int64_t tr2 = json_integer_value(json_object_get(json_array_get(got, 0), "tries"));
    json_decref(got);
    T_CHECK(ce(store_push_release(cb(s, t + 5000), id2, t + 7000)) == 0);
    ob = store_push_outbox_get(s, id2);
    T_EQ_INT(json_integer_value(json_object_get(ob, "tries")), tr2 - 1);
    json_decref(ob);
    int64_t due = 0;
    INT1(s, &due, "SELECT next_at FROM push_outbox WHERE id = ?", DB_INT(id2));
    T_EQ_INT(due, t + 7000);

    /* a disabled channel's rows wait */
    struct push_channel_in off = {.name = "wecom", .enabled = false, .max_tries = 3,
                                  .msg_kinds_json = "[]", .config_json = "{}",
                                  .secret_json = "{}"};
    T_CHECK(ce(store_push_channel_update(cb(s, t), wx, &off, NULL)) == 0);
    got = claim(s, t + 100000, 1000, 50);
    size_t i;
    json_t *g;
    json_array_foreach(got, i, g) T_CHECK(json_integer_value(json_object_get(g, "channel_id")) != wx);
    T_CHECK(json_array_size(got) > 0);
    json_decref(got);
}

void t_main(void)
{
    t_each_backend("push", run);
}
