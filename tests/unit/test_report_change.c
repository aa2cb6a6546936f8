/*
 * test_report_change.c - the writes of reports and campaigns through the
 * store's change: a bulletin drafted, numbered (文号) and issued in one
 * change that is aborted leaves no bulletin, no number used and no audit
 * row; committed, it has exactly its audit rows; a second issue, an edit of
 * an issued bulletin and a second publish of a campaign are typed refusals
 * that write nothing.
 *
 * SQLite always runs on a temporary file; PostgreSQL runs too when
 * XA_TEST_PG_URI names a scratch database.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_campaign.h"
#include "store/store_int.h"
#include "store/store_msg.h"
#include "store/store_report.h"
#include "t.h"
#include <unistd.h>

static int64_t mk_org(struct store *s, int64_t parent, const char *kind, const char *name,
                      char *path)
{
    static int n;
    char code[32];
    snprintf(code, sizeof(code), "T%d%d", (int)getpid() % 100000, ++n);
    struct org_in in = {.parent_id = parent, .kind = kind, .name = name, .code = code,
                        .school_type = strcmp(kind, "school") == 0 ? "primary" : NULL};
    int64_t id = t_org_create(s, &in, xa_now_ms());
    T_CHECK(id > 0);
    store_org_locate(s, id, path, 96, NULL, 0);
    return id;
}

static int64_t audits(struct store *s, const char *entity, int64_t id)
{
    int64_t n = -1;
    INT1(s, &n, "SELECT COUNT(*) FROM audit WHERE entity = ? AND entity_id = ?", DB_TEXT(entity),
         DB_INT(id));
    return n;
}

static int64_t rows(struct store *s, const char *sql, int64_t id)
{
    int64_t n = -1;
    INT1(s, &n, sql, DB_INT(id));
    return n;
}

static int64_t last_seq(struct store *s, int64_t org)
{
    int64_t n = 0;
    INT1(s, &n, "SELECT COALESCE(MAX(last), 0) FROM doc_sequences WHERE org_id = ?", DB_INT(org));
    return n;
}

/* Drafts and issues a bulletin of org for period in c; its id or -1. */
static int64_t draft_and_issue(struct change *c, int64_t org, const char *path,
                               const char *period)
{
    struct bulletin_in in = {.org_id = org, .path = path, .period = period, .title = "通报",
                             .recipients = "各学校", .paragraphs = "[\"现将情况通报如下。\"]",
                             .signer = "县教育局"};
    int64_t id = store_bulletin_create(c, &in, NULL);
    if (id < 0)
        return -1;
    char no[128];
    int64_t seq = 0;
    if (store_docno_next(c->s, org, 2026, no, sizeof(no), &seq))
        return -1;
    struct bulletin_issue_in is = {no, 2026, seq, "{\"issue_date\":\"2026-12-03\"}", "张三"};
    json_t *after = NULL;
    if (store_bulletin_issue(c, id, &is, &after))
        return -1;
    T_EQ_STR(json_string_value(json_object_get(after, "state")), "issued");
    T_EQ_STR(json_string_value(json_object_get(after, "doc_no")), no);
    /* the instant is declared: ISO 8601 in Asia/Shanghai */
    const char *at = json_string_value(json_object_get(after, "issued_at"));
    T_CHECK(at && strlen(at) == 25 && strcmp(at + 19, "+08:00") == 0);
    json_decref(after);
    return id;
}

static void bulletins(struct store *s, int64_t county, const char *cpath)
{
    int64_t now = xa_now_ms(), seq0 = last_seq(s, county), b0 = -1;
    INT1(s, &b0, "SELECT COUNT(*) FROM bulletins WHERE org_id = ?", DB_INT(county));
    int64_t a0 = -1;
    INT1(s, &a0, "SELECT COUNT(*) FROM audit WHERE entity = 'bulletin'");

    /* aborted: no bulletin, no number used, no audit row */
    struct change c;
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    T_CHECK(draft_and_issue(&c, county, cpath, "2026-10") > 0);
    store_change_abort(&c);
    T_EQ_INT(rows(s, "SELECT COUNT(*) FROM bulletins WHERE org_id = ?", county), b0);
    T_EQ_INT(last_seq(s, county), seq0);
    int64_t a1 = -1;
    INT1(s, &a1, "SELECT COUNT(*) FROM audit WHERE entity = 'bulletin'");
    T_EQ_INT(a1, a0);

    /* committed: the next number, exactly its two audit rows */
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    int64_t id = draft_and_issue(&c, county, cpath, "2026-10");
    T_CHECK(id > 0);
    T_EQ_INT(store_change_commit(&c), 0);
    T_EQ_INT(last_seq(s, county), seq0 + 1);
    T_EQ_INT(audits(s, "bulletin", id), 2);

    /* issued twice, edited after issue: typed refusals, nothing written */
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    struct bulletin_issue_in is = {"X〔2026〕99号", 2026, 99, "{}", "李四"};
    T_EQ_INT(store_bulletin_issue(&c, id, &is, NULL), -1);
    T_EQ_INT(c.err.code, XE_BULLETIN_TAKEN);
    store_change_abort(&c);
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    struct bulletin_in up = {.title = "改过的标题"};
    T_EQ_INT(store_bulletin_update(&c, id, &up, NULL), -1);
    T_EQ_INT(c.err.code, XE_BULLETIN_ISSUED);
    T_EQ_STR(c.err.field, "state");
    store_change_abort(&c);
    T_EQ_INT(audits(s, "bulletin", id), 2);
    char title[64] = "";
    TEXT1(s, title, sizeof(title), "SELECT title FROM bulletins WHERE id = ?", DB_INT(id));
    T_EQ_STR(title, "通报");
}

static void campaigns(struct store *s, int64_t county, const char *cpath)
{
    int64_t now = xa_now_ms();
    struct camp_task_in task = {.title = "排查消防通道", .due_date = "2026-12-20",
                                .count_fields = "[]"};
    struct camp_stage_in stage = {.name = "排查整治", .start_date = "2026-12-01",
                                  .end_date = "2026-12-31", .ntasks = 1, .tasks = &task};
    struct camp_in in = {.org_id = county, .org_path = cpath, .kind = "campaign",
                         .title = "冬季消防安全专项行动", .start_date = "2026-12-01",
                         .end_date = "2026-12-31", .categories = "[]", .nstages = 1,
                         .stages = &stage};
    struct change c;
    json_t *after = NULL;

    /* aborted create: nothing */
    int64_t n0 = -1;
    INT1(s, &n0, "SELECT COUNT(*) FROM campaigns WHERE org_id = ?", DB_INT(county));
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    T_CHECK(store_camp_create(&c, &in, "2026-12-03", NULL) > 0);
    store_change_abort(&c);
    T_EQ_INT(rows(s, "SELECT COUNT(*) FROM campaigns WHERE org_id = ?", county), n0);

    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    int64_t id = store_camp_create(&c, &in, "2026-12-03", &after);
    T_CHECK(id > 0);
    /* calendar dates stay text, instants are declared */
    T_EQ_STR(json_string_value(json_object_get(after, "start_date")), "2026-12-01");
    json_t *st0 = json_array_get(json_object_get(after, "stages"), 0);
    T_EQ_STR(json_string_value(json_object_get(st0, "end_date")), "2026-12-31");
    T_EQ_STR(json_string_value(
                 json_object_get(json_array_get(json_object_get(st0, "tasks"), 0), "due_date")),
             "2026-12-20");
    T_CHECK(json_is_string(json_object_get(after, "created_at")));
    json_decref(after);
    after = NULL;
    T_EQ_INT(store_change_commit(&c), 0);
    T_EQ_INT(audits(s, "campaign", id), 1);

    /* published: one task per school, exactly one more audit row */
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    T_EQ_INT(store_camp_publish(&c, id, "2026-12-03", &after), 2);
    T_EQ_STR(json_string_value(json_object_get(after, "state")), "published");
    json_decref(after);
    T_EQ_INT(store_change_commit(&c), 0);
    T_EQ_INT(audits(s, "campaign", id), 2);
    T_EQ_INT(rows(s, "SELECT COUNT(*) FROM campaign_assignments WHERE campaign_id = ?", id), 2);

    /* a second publish: a typed refusal, no rows, no audit row */
    T_EQ_INT(store_change_begin(&c, s, 0, "测试", now), 0);
    T_EQ_INT(store_camp_publish(&c, id, "2026-12-03", NULL), -1);
    T_EQ_INT(c.err.code, XE_CAMP_PUBLISHED);
    store_change_abort(&c);
    T_EQ_INT(audits(s, "campaign", id), 2);
    T_EQ_INT(rows(s, "SELECT COUNT(*) FROM campaign_assignments WHERE campaign_id = ?", id), 2);
}

static void run(struct store *s)
{
    T_EQ_INT(store_migrate(s) >= 0, 1);
    char cpath[96], spath[96];
    int64_t county = mk_org(s, 0, "county", "华容县教育局", cpath);
    mk_org(s, county, "school", "章华镇中心小学", spath);
    mk_org(s, county, "school", "治河渡镇中学", spath);
    bulletins(s, county, cpath);
    campaigns(s, county, cpath);
}

void t_main(void)
{
    t_each_backend("report_change", run);
}
