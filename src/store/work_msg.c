/*
 * work_msg.c - the messages events write, reminders (催办 / 催报) and the
 * time-based message sweep (see store_work.h).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_msg.h"
#include "store/store_work.h"
#include "store/hazard_sql.h"
#include "store/store_int.h"


static const char *const MANAGERS[] = {"principal", "safety_officer", NULL};
static const char *const BUREAU[] = {"bureau_admin", NULL};

/* "2026-12-04T18:00:00+08:00" -> "2026年12月4日 18:00" */
static void zh_time(int64_t ms, char *out, size_t n)
{
    char iso[40];
    xa_time_format(ms, iso, sizeof(iso));
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    if (sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) == 5)
        snprintf(out, n, "%d年%d月%d日 %02d:%02d", y, mo, d, h, mi);
    else
        snprintf(out, n, "%s", iso);
}

/* ---- hazards ---- */

enum {
    TO_RECTIFIER = 1, /* the assigned rectifier (or, with none, the managers) */
    TO_MANAGERS = 2,  /* the school's principal and safety officer */
    TO_REPORTER = 4,  /* who reported it */
    TO_ESCALATED = 8, /* the bureau admins of the org it was escalated to */
    IF_OPEN = 16,     /* only when the hazard is open after the event */
    TIMED = 32,       /* once per deadline (the key holds the deadline) */
    IF_NEWS = 64,     /* not when the rectifier was given this deadline
                         already inside the last 24 h (a short assignment) */
    WITH_BUREAU = 128, /* names the supervising bureau (督办单位) */
};

/* Who hears of which hazard event. A new action of the lifecycle that
 * someone should hear of is one more line here. */
static const struct hazard_msg {
    const char *action, *kind;
    unsigned to;
    const char *title; /* %s: the hazard's title */
    const char *note_label;
} hazard_msgs[] = {
    {"report", "hazard_reported", TO_MANAGERS, "新隐患待交办：%s", "描述："},
    {"assign", "hazard_assigned", TO_RECTIFIER, "隐患交办给您整改：%s", "说明："},
    {"submit", "hazard_submitted", TO_MANAGERS, "隐患整改待验收：%s", "整改说明："},
    {"reject", "hazard_rejected", TO_RECTIFIER, "整改验收未通过，已退回：%s", "退回原因："},
    {"reopen", "hazard_reopened", TO_RECTIFIER | TO_MANAGERS, "隐患反弹，需重新整改：%s",
     "原因："},
    {"recheck", "hazard_rebound", TO_RECTIFIER | TO_MANAGERS | IF_OPEN,
     "回头看发现反弹，需重新整改：%s", "原因："},
    {"close", "hazard_closed", TO_RECTIFIER | TO_REPORTER, "隐患已销号：%s", "销号说明："},
    {"supervise", "hazard_supervised", TO_MANAGERS | TO_RECTIFIER | WITH_BUREAU,
     "隐患被挂牌督办：%s", "说明："},
    {"escalate", "hazard_escalated", TO_ESCALATED, "逾期隐患升级督办：%s", NULL},
    {"overdue", "hazard_overdue", TO_RECTIFIER | TO_MANAGERS | TIMED, "隐患整改已逾期：%s",
     NULL},
    {"due24h", "hazard_due", TO_RECTIFIER | TIMED | IF_NEWS, "隐患整改期限不足24小时：%s", NULL},
    {"remind", "hazard_reminded", TO_RECTIFIER, "催办：%s", "催办说明："},
    {"urge", "hazard_reminded", TO_RECTIFIER | TO_MANAGERS, "督办单位催办：%s", "催办要求："},
};

int store_work_hazard_msg(struct store *s, int64_t hazard_id, const char *action,
                          int64_t actor_id, const char *note, int64_t now)
{
    const struct hazard_msg *m = NULL;
    for (size_t i = 0; i < XA_ARRAY_LEN(hazard_msgs); i++)
        if (!strcmp(hazard_msgs[i].action, action))
            m = &hazard_msgs[i];
    if (!m)
        return 0;
    json_t *h = OBJ1(s,
                     "SELECT h.title, h.org_id, h.org_path, h.state, h.rectifier_id, "
                     "h.reporter_id, h.deadline AS dl, h.escalated_org_id, o.name AS school, "
                     "so.name AS bureau FROM hazards h JOIN orgs o ON o.id = h.org_id "
                     "LEFT JOIN orgs so ON so.id = h.supervise_org_id WHERE h.id = ?",
                     DB_INT(hazard_id));
    if (!h)
        return store_errclass(s) == DB_OK ? 0 : -1;
#define HS(k) json_string_value(json_object_get(h, k))
#define HI(k) json_integer_value(json_object_get(h, k))
    const char *state = HS("state");
    enum hazard_state hs;
    bool open = hazard_state_parse(state, &hs) == 0 && hazard_state_is_open(hs);
    int rc = 0;
    if ((m->to & IF_OPEN) && !open)
        goto done;
    char title[400], body[1200], dl[48] = "", link[48], ev[96], dedupe[96];
    snprintf(title, sizeof(title), m->title, HS("title"));
    if (HI("dl"))
        zh_time(HI("dl"), dl, sizeof(dl));
    char actor[128] = "";
    if (actor_id > 0 && TEXT1(s, actor, sizeof(actor), "SELECT name FROM users WHERE id = ?",
                              DB_INT(actor_id)) < 0) {
        rc = -1;
        goto done;
    }
    const char *bureau = (m->to & WITH_BUREAU) && HS("bureau") ? HS("bureau") : "";
    snprintf(body, sizeof(body), "%s%s%s%s%s%s%s%s%s%s", HS("school"), *bureau ? "，督办单位 " : "",
             bureau, *dl ? "，整改期限 " : "", dl, *actor ? "，经办人 " : "", actor,
             note && *note && m->note_label ? "。" : "",
             note && *note && m->note_label ? m->note_label : "",
             note && *note && m->note_label ? note : "");
    snprintf(link, sizeof(link), "/hazards/%lld", (long long)hazard_id);
    if (m->to & TIMED)
        snprintf(ev, sizeof(ev), "hazard:%lld:%s:%lld", (long long)hazard_id, action,
                 (long long)HI("dl"));
    else
        snprintf(ev, sizeof(ev), "hazard:%lld:%s:%lld", (long long)hazard_id, action,
                 (long long)now);
    snprintf(dedupe, sizeof(dedupe), "%s", ev);
    struct msg_in in = {.org_id = HI("org_id"),
                        .org_path = HS("org_path"),
                        .kind = m->kind,
                        .title = title,
                        .body = body,
                        .link = link,
                        .entity = "hazard",
                        .entity_id = hazard_id,
                        .event_key = ev,
                        .dedupe_key = dedupe,
                        .at = now};
    int64_t rect = HI("rectifier_id");
    bool managers = (m->to & TO_MANAGERS) || ((m->to & TO_RECTIFIER) && !rect);
    if ((m->to & IF_NEWS) && rect) {
        int64_t told = 0;
        if (INT1(s, &told,
                 "SELECT COUNT(*) FROM messages WHERE user_id = ? AND entity = 'hazard' AND "
                 "entity_id = ? AND kind IN ('hazard_assigned','hazard_reopened',"
                 "'hazard_rebound') AND created_at >= ?",
                 DB_INT(rect), DB_INT(hazard_id), DB_INT(HI("dl") - 24 * 3600 * 1000LL)) < 0)
            goto fail;
        if (told)
            goto done;
    }
    if ((m->to & TO_RECTIFIER) && rect && rect != actor_id) {
        in.user_id = rect;
        if (store_msg_add(s, &in) < 0)
            goto fail;
    }
    if ((m->to & TO_REPORTER) && HI("reporter_id") && HI("reporter_id") != actor_id) {
        in.user_id = HI("reporter_id");
        if (store_msg_add(s, &in) < 0)
            goto fail;
    }
    if (managers && store_msg_to_roles(s, HI("org_id"), MANAGERS, actor_id, &in) < 0)
        goto fail;
    if ((m->to & TO_ESCALATED) && HI("escalated_org_id") &&
        store_msg_to_roles(s, HI("escalated_org_id"), BUREAU, actor_id, &in) < 0)
        goto fail;
    goto done;
fail:
    rc = -1;
done:
    json_decref(h);
    return rc;
#undef HS
#undef HI
}

/* ---- campaigns, letters, tip-offs, incidents ---- */

int store_work_campaign_published(struct store *s, int64_t campaign_id, int64_t now)
{
    json_t *c = OBJ1(s,
                     "SELECT c.title, c.kind, c.end_date, o.name AS org_name FROM "
                     "campaigns c JOIN orgs o ON o.id = c.org_id WHERE c.id = ?",
                     DB_INT(campaign_id));
    if (!c)
        return store_errclass(s) == DB_OK ? 0 : -1;
    json_t *schools = ARR(s,
                          "SELECT org_id, org_path, COUNT(*) AS n FROM campaign_assignments "
                          "WHERE campaign_id = ? GROUP BY org_id, org_path ORDER BY org_path",
                          DB_INT(campaign_id));
    if (!schools) {
        json_decref(c);
        return -1;
    }
    const char *what =
        !strcmp(json_string_value(json_object_get(c, "kind")), "special_period") ? "特殊时期工作方案"
                                                                                 : "专项行动";
    char title[400], ev[64], link[32] = "/campaign-tasks";
    snprintf(title, sizeof(title), "%s已发布：%s", what,
             json_string_value(json_object_get(c, "title")));
    snprintf(ev, sizeof(ev), "campaign:%lld:publish", (long long)campaign_id);
    int rc = 0;
    size_t i;
    json_t *sc;
    json_array_foreach(schools, i, sc) {
        char body[600];
        snprintf(body, sizeof(body), "%s发布，本校有 %lld 项任务待报送，截止 %s。",
                 json_string_value(json_object_get(c, "org_name")),
                 (long long)json_integer_value(json_object_get(sc, "n")),
                 json_string_value(json_object_get(c, "end_date")));
        struct msg_in in = {.org_id = json_integer_value(json_object_get(sc, "org_id")),
                            .org_path = json_string_value(json_object_get(sc, "org_path")),
                            .kind = "campaign_published",
                            .title = title,
                            .body = body,
                            .link = link,
                            .entity = "campaign",
                            .entity_id = campaign_id,
                            .event_key = ev,
                            .dedupe_key = ev,
                            .at = now};
        if (store_msg_to_roles(s, in.org_id, MANAGERS, 0, &in) < 0) {
            rc = -1;
            break;
        }
    }
    json_decref(schools);
    json_decref(c);
    return rc;
}

int store_work_campaign_returned(struct store *s, int64_t assignment_id, const char *reason,
                                 int64_t now)
{
    json_t *a = OBJ1(s,
                     "SELECT ca.org_id, ca.org_path, ca.campaign_id, tk.title AS task, c.title AS "
                     "campaign FROM campaign_assignments ca JOIN campaign_tasks tk ON tk.id = "
                     "ca.task_id JOIN campaigns c ON c.id = ca.campaign_id WHERE ca.id = ?",
                     DB_INT(assignment_id));
    if (!a)
        return store_errclass(s) == DB_OK ? 0 : -1;
    char title[400], body[1200], ev[64];
    snprintf(title, sizeof(title), "专项任务被退回：%s",
             json_string_value(json_object_get(a, "task")));
    snprintf(body, sizeof(body), "%s。退回原因：%s",
             json_string_value(json_object_get(a, "campaign")), reason ? reason : "");
    snprintf(ev, sizeof(ev), "campaign_assignment:%lld:return:%lld", (long long)assignment_id,
             (long long)now);
    struct msg_in in = {.org_id = json_integer_value(json_object_get(a, "org_id")),
                        .org_path = json_string_value(json_object_get(a, "org_path")),
                        .kind = "campaign_returned",
                        .title = title,
                        .body = body,
                        .link = "/campaign-tasks",
                        .entity = "campaign_assignment",
                        .entity_id = assignment_id,
                        .event_key = ev,
                        .dedupe_key = ev,
                        .at = now};
    int rc = store_msg_to_roles(s, in.org_id, MANAGERS, 0, &in) < 0 ? -1 : 0;
    json_decref(a);
    return rc;
}

int store_work_letter_issued(struct store *s, int64_t letter_id, int64_t now)
{
    json_t *l = OBJ1(s,
                     "SELECT l.user_id, l.org_id, l.org_path, l.title, o.name AS issuer FROM "
                     "resp_letters l JOIN orgs o ON o.id = l.issuer_org_id WHERE l.id = ?",
                     DB_INT(letter_id));
    if (!l)
        return store_errclass(s) == DB_OK ? 0 : -1;
    char title[400], body[300], ev[64];
    snprintf(title, sizeof(title), "请签署安全责任书：%s",
             json_string_value(json_object_get(l, "title")));
    snprintf(body, sizeof(body), "%s发出，请阅读后签署。",
             json_string_value(json_object_get(l, "issuer")));
    snprintf(ev, sizeof(ev), "resp_letter:%lld:issue", (long long)letter_id);
    struct msg_in in = {.user_id = json_integer_value(json_object_get(l, "user_id")),
                        .org_id = json_integer_value(json_object_get(l, "org_id")),
                        .org_path = json_string_value(json_object_get(l, "org_path")),
                        .kind = "letter_to_sign",
                        .title = title,
                        .body = body,
                        .link = "/resp/letters",
                        .entity = "resp_letter",
                        .entity_id = letter_id,
                        .event_key = ev,
                        .dedupe_key = ev,
                        .at = now};
    int rc = store_msg_add(s, &in) < 0 ? -1 : 0;
    json_decref(l);
    return rc;
}

int store_work_tipoff_received(struct store *s, int64_t tipoff_id, int64_t now)
{
    /* what the bureau reads: the school and the category only, never the
     * tipster's contact, address or words */
    json_t *t = OBJ1(s,
                     "SELECT tp.county_id, tp.org_id, tp.org_path, o.name AS school, c.name_zh AS "
                     "category FROM tipoffs tp JOIN orgs o ON o.id = tp.org_id LEFT JOIN "
                     "categories c ON c.code = tp.category WHERE tp.id = ?",
                     DB_INT(tipoff_id));
    if (!t)
        return store_errclass(s) == DB_OK ? 0 : -1;
    char title[400], body[300], ev[64];
    const char *cat = json_string_value(json_object_get(t, "category"));
    snprintf(title, sizeof(title), "收到新的举报：%s",
             json_string_value(json_object_get(t, "school")));
    snprintf(body, sizeof(body), "举报类别：%s。请及时受理。", cat ? cat : "其他");
    snprintf(ev, sizeof(ev), "tipoff:%lld:received", (long long)tipoff_id);
    struct msg_in in = {.org_id = json_integer_value(json_object_get(t, "org_id")),
                        .org_path = json_string_value(json_object_get(t, "org_path")),
                        .kind = "tipoff_received",
                        .title = title,
                        .body = body,
                        .link = "/tipoffs",
                        .entity = "tipoff",
                        .entity_id = tipoff_id,
                        .event_key = ev,
                        .dedupe_key = ev,
                        .at = now};
    int rc = store_msg_to_roles(s, json_integer_value(json_object_get(t, "county_id")), BUREAU, 0,
                                &in) < 0
                 ? -1
                 : 0;
    json_decref(t);
    return rc;
}

int store_work_incident_reported(struct store *s, int64_t incident_id, int64_t now)
{
    json_t *x = OBJ1(s,
                     "SELECT i.org_id, i.org_path, i.title, i.grade, i.deaths, i.injuries, "
                     "i.reported_by, o.name AS school FROM incidents i JOIN orgs o ON o.id = "
                     "i.org_id WHERE i.id = ?",
                     DB_INT(incident_id));
    if (!x)
        return store_errclass(s) == DB_OK ? 0 : -1;
    static const char *const grades[][2] = {{"general", "一般"},
                                            {"larger", "较大"},
                                            {"major", "重大"},
                                            {"especially_major", "特别重大"}};
    const char *g = json_string_value(json_object_get(x, "grade")), *gz = "";
    for (size_t i = 0; i < XA_ARRAY_LEN(grades); i++)
        if (!strcmp(grades[i][0], g))
            gz = grades[i][1];
    char title[400], body[300], ev[64];
    snprintf(title, sizeof(title), "事故快报：%s %s",
             json_string_value(json_object_get(x, "school")),
             json_string_value(json_object_get(x, "title")));
    snprintf(body, sizeof(body), "%s事故，死亡 %lld 人，受伤 %lld 人。请关注书面报告。", gz,
             (long long)json_integer_value(json_object_get(x, "deaths")),
             (long long)json_integer_value(json_object_get(x, "injuries")));
    snprintf(ev, sizeof(ev), "incident:%lld:reported", (long long)incident_id);
    const char *path = json_string_value(json_object_get(x, "org_path"));
    struct msg_in in = {.org_id = json_integer_value(json_object_get(x, "org_id")),
                        .org_path = path,
                        .kind = "incident_reported",
                        .title = title,
                        .body = body,
                        .link = "/incidents",
                        .entity = "incident",
                        .entity_id = incident_id,
                        .event_key = ev,
                        .dedupe_key = ev,
                        .at = now};
    /* every region above the school: "/1/4/9/" -> 1, 4 */
    int rc = 0;
    const char *p = path;
    while (*p == '/' && p[1]) {
        char *end;
        long long id = strtoll(p + 1, &end, 10);
        if (*end != '/' || !end[1])
            break; /* the last id is the school itself */
        if (store_msg_to_roles(s, id, BUREAU, 0, &in) < 0) {
            rc = -1;
            break;
        }
        p = end;
    }
    json_decref(x);
    return rc;
}

/* ---- reminders ---- */

/* The newest reminder of key, 0 if none; -1 error. */
/* A reminder as written: the caller's (struct work_remind) with who and
 * when from the change. */
struct rin {
    int64_t from_org_id;
    const char *from_path;
    int64_t user_id;
    const char *note;
    int64_t now;
};

static struct rin rin_of(const struct change *c, const struct work_remind *in)
{
    return (struct rin){.from_org_id = in->from_org_id, .from_path = in->from_path,
                        .user_id = c->user_id, .note = in->note, .now = c->at};
}

/* The audit row of a reminder to schools: {reminded, skipped, note}. */
static int remind_audit(struct change *c, const char *entity, int64_t id, int64_t org_id,
                        const char *path, int sent, int skipped, const char *note)
{
    json_t *a = json_pack("{s:i, s:i, s:s}", "reminded", sent, "skipped", skipped, "note",
                          note ? note : "");
    int rc = change_audit(c, "remind", entity, id, org_id, path, NULL, a, note);
    json_decref(a);
    return rc;
}

static int64_t last_reminded(struct store *s, const char *key)
{
    int64_t at = 0;
    if (INT1(s, &at, "SELECT COALESCE(MAX(at), 0) FROM reminders WHERE target_key = ?",
             DB_TEXT(key)) < 0)
        return -1;
    return at;
}

static int add_reminder(struct store *s, const char *batch, const char *kind, const char *key,
                        int64_t org_id, const char *org_path, const char *entity,
                        int64_t entity_id, const char *period, const struct rin *in)
{
    return EXEC(s,
                "INSERT INTO reminders (batch, kind, target_key, org_id, org_path, entity, "
                "entity_id, period, note, from_org_id, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?)",
                DB_TEXT(batch), DB_TEXT(kind), DB_TEXT(key), DB_INT(org_id), DB_TEXT(org_path),
                DB_TEXT(entity), DB_ID(entity_id), DB_TEXT(period ? period : ""),
                DB_TEXT(in->note ? in->note : ""), DB_INT(in->from_org_id), DB_ID(in->user_id),
                DB_INT(in->now)) < 0
               ? -1
               : 0;
}

int store_work_remind_hazard(struct change *c, int64_t hazard_id, const struct work_remind *win,
                             int64_t *next_at)
{
    struct store *s = c->s;
    struct rin rin = rin_of(c, win), *in = &rin;
    if (change_lock(c, "hazard", hazard_id))
        return -1;
    json_t *h = OBJ1(s, "SELECT org_id, org_path, state FROM hazards WHERE id = ?",
                     DB_INT(hazard_id));
    if (!h)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_REMIND_NOT_OPEN, "state") : -1;
    const char *state = json_string_value(json_object_get(h, "state"));
    int64_t org_id = json_integer_value(json_object_get(h, "org_id"));
    char path[96], key[48], batch[64], actor[128] = "";
    snprintf(path, sizeof(path), "%s", json_string_value(json_object_get(h, "org_path")));
    enum hazard_state hs;
    bool open = hazard_state_parse(state, &hs) == 0 && hazard_state_is_open(hs);
    char st[24];
    snprintf(st, sizeof(st), "%s", state);
    json_decref(h);
    if (!open)
        return change_fail(c, XE_REMIND_NOT_OPEN, "state");
    snprintf(key, sizeof(key), "hazard:%lld", (long long)hazard_id);
    int64_t last = last_reminded(s, key);
    if (last < 0)
        return -1;
    if (last && in->now - last < WORK_REMIND_EVERY_MS) {
        *next_at = last + WORK_REMIND_EVERY_MS;
        return 1;
    }
    snprintf(batch, sizeof(batch), "hazard:%lld:%lld", (long long)hazard_id, (long long)in->now);
    if (in->user_id && TEXT1(s, actor, sizeof(actor), "SELECT name FROM users WHERE id = ?",
                             DB_INT(in->user_id)) < 0)
        return -1;
    if (add_reminder(s, batch, "hazard", key, org_id, path, "hazard", hazard_id, NULL, in) ||
        EXEC(s,
             "INSERT INTO hazard_events (hazard_id, org_path, action, from_state, to_state, "
             "actor_id, actor_name, note, reason, department, at) VALUES (?, ?, 'remind', ?, ?, "
             "?, ?, ?, '', '', ?)",
             DB_INT(hazard_id), DB_TEXT(path), DB_TEXT(st), DB_TEXT(st), DB_ID(in->user_id),
             DB_TEXT(actor), DB_TEXT(in->note ? in->note : ""), DB_INT(in->now)) < 0 ||
        EXEC(s, "UPDATE hazards SET version = version + 1 WHERE id = ?", DB_INT(hazard_id)) < 0)
        return -1;
    if (store_work_hazard_msg(s, hazard_id, "remind", in->user_id, in->note, in->now))
        return -1;
    json_t *a = json_pack("{s:s}", "note", in->note ? in->note : "");
    int rc = change_audit(c, "remind", "hazard", hazard_id, 0, path, NULL, a, in->note);
    json_decref(a);
    return rc ? -1 : 0;
}

/* Reminds each school of rows ({org_id, org_path, name}) unless reminded
 * of key_fmt within the hour; the message says title/body. */
static int remind_schools(struct store *s, json_t *rows, const char *kind, const char *key_pfx,
                          const char *entity, int64_t entity_id, const char *period,
                          const char *title, const char *body, const char *link,
                          const struct rin *in, int *sent, int *skipped, int64_t *next_at)
{
    char batch[96], from[160] = "";
    snprintf(batch, sizeof(batch), "%s:%lld:%lld", key_pfx, (long long)in->from_org_id,
             (long long)in->now);
    if (TEXT1(s, from, sizeof(from), "SELECT name FROM orgs WHERE id = ?",
              DB_INT(in->from_org_id)) < 0)
        return -1;
    char fullbody[1400];
    snprintf(fullbody, sizeof(fullbody), "%s%s%s%s", from, body,
             in->note && *in->note ? "。催报说明：" : "", in->note ? in->note : "");
    *sent = *skipped = 0;
    *next_at = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        int64_t org = json_integer_value(json_object_get(r, "org_id"));
        const char *path = json_string_value(json_object_get(r, "org_path"));
        char key[96];
        snprintf(key, sizeof(key), "%s:%lld", key_pfx, (long long)org);
        int64_t last = last_reminded(s, key);
        if (last < 0)
            return -1;
        if (last && in->now - last < WORK_REMIND_EVERY_MS) {
            (*skipped)++;
            if (!*next_at || last + WORK_REMIND_EVERY_MS < *next_at)
                *next_at = last + WORK_REMIND_EVERY_MS;
            continue;
        }
        if (add_reminder(s, batch, kind, key, org, path, entity, entity_id, period, in))
            return -1;
        struct msg_in m = {.org_id = org,
                           .org_path = path,
                           .kind = "reminder",
                           .title = title,
                           .body = fullbody,
                           .link = link,
                           .entity = entity,
                           .entity_id = entity_id,
                           .event_key = batch,
                           .dedupe_key = NULL,
                           .at = in->now};
        if (store_msg_to_roles(s, org, MANAGERS, in->user_id, &m) < 0)
            return -1;
        (*sent)++;
    }
    return 0;
}

int store_work_remind_weekly(struct change *c, int64_t region_id, const char *region_path,
                             const char *period, const struct work_remind *win, int *sent,
                             int *skipped, int64_t *next_at)
{
    struct store *s = c->s;
    struct rin rin = rin_of(c, win), *in = &rin;
    char lo[96], hi[96];
    path_range(region_path, lo, hi, sizeof(lo));
    json_t *rows = ARR(s,
                       "SELECT o.id AS org_id, o.path AS org_path FROM orgs o WHERE o.kind = "
                       "'school' AND o.deleted_at IS NULL AND o.path >= ? AND o.path < ? AND NOT "
                       "EXISTS (SELECT 1 FROM report_submissions rs WHERE rs.kind = 'weekly' AND "
                       "rs.period = ? AND rs.org_id = o.id) ORDER BY o.path",
                       DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(period));
    if (!rows)
        return -1;
    int y = 0, w = 0;
    sscanf(period, "%4d-W%2d", &y, &w);
    char title[96], key[48];
    snprintf(title, sizeof(title), "催报：%d年第%d周周报尚未报送", y, w);
    snprintf(key, sizeof(key), "weekly:%s", period);
    int rc = remind_schools(s, rows, "weekly", key, "weekly_report", 0, period, title,
                            "催报本校周报，请尽快报送", "/reports/weekly", in, sent, skipped,
                            next_at);
    json_decref(rows);
    if (!rc && *sent)
        rc = remind_audit(c, "weekly_report", region_id, region_id, region_path, *sent,
                          *skipped, in->note);
    return rc;
}

static int remind_task(struct store *s, int64_t task_id, const char *region_path,
                       const struct rin *in, int *sent, int *skipped, int64_t *next_at)
{
    char lo[96], hi[96], tt[300] = "";
    path_range(region_path, lo, hi, sizeof(lo));
    if (TEXT1(s, tt, sizeof(tt), "SELECT title FROM campaign_tasks WHERE id = ?",
              DB_INT(task_id)) < 0)
        return -1;
    json_t *rows = ARR(s,
                       "SELECT org_id, org_path FROM campaign_assignments WHERE task_id = ? AND "
                       "state IN ('pending','returned') AND org_path >= ? AND org_path < ? "
                       "ORDER BY org_path",
                       DB_INT(task_id), DB_TEXT(lo), DB_TEXT(hi));
    if (!rows)
        return -1;
    char title[400], key[48];
    snprintf(title, sizeof(title), "催报：%s", tt);
    snprintf(key, sizeof(key), "campaign_task:%lld", (long long)task_id);
    int rc = remind_schools(s, rows, "campaign", key, "campaign_task", task_id, NULL, title,
                            "催报本校专项任务，请尽快报送", "/campaign-tasks", in, sent, skipped,
                            next_at);
    json_decref(rows);
    return rc;
}

int store_work_remind_campaign(struct change *c, int64_t campaign_id, int64_t only_task,
                               int64_t org_id, const char *region_path,
                               const struct work_remind *win, int *sent, int *skipped,
                               int64_t *next_at)
{
    struct rin rin = rin_of(c, win);
    json_t *tasks = store_work_campaign_tasks(c->s, campaign_id);
    if (!tasks)
        return -1;
    *sent = *skipped = 0;
    *next_at = 0;
    int rc = 0;
    size_t i;
    json_t *t;
    json_array_foreach(tasks, i, t) {
        int64_t tid = json_integer_value(json_object_get(t, "id"));
        if (only_task && tid != only_task)
            continue;
        int s1 = 0, k1 = 0;
        int64_t n1 = 0;
        if ((rc = remind_task(c->s, tid, region_path, &rin, &s1, &k1, &n1)))
            break;
        *sent += s1;
        *skipped += k1;
        if (n1 && (!*next_at || n1 < *next_at))
            *next_at = n1;
    }
    json_decref(tasks);
    if (!rc && *sent)
        rc = remind_audit(c, "campaign", campaign_id, org_id, region_path, *sent, *skipped,
                          rin.note);
    return rc;
}

json_t *store_work_campaign_tasks(struct store *s, int64_t campaign_id)
{
    return ARR(s,
               "SELECT t.id FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id AND "
               "c.state = 'published' WHERE t.campaign_id = ? AND t.deleted_at IS NULL ORDER BY "
               "t.seq, t.id",
               DB_INT(campaign_id));
}

json_t *store_work_reminders(struct store *s, const char *path, int limit)
{
    char lo[96], hi[96];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT r.id, r.kind, r.period, r.note, r.at AS \"at@\", o.name AS org_name, fo.name AS "
               "from_name, u.name AS by_name FROM reminders r JOIN orgs o ON o.id = r.org_id "
               "JOIN orgs fo ON fo.id = r.from_org_id LEFT JOIN users u ON u.id = r.by_user "
               "WHERE r.org_path >= ? AND r.org_path < ? ORDER BY r.id DESC LIMIT ?",
               DB_TEXT(lo), DB_TEXT(hi), DB_INT(limit));
}

/* ---- the sweep ---- */

static int mark_get(struct store *s, const char *key, int64_t *v)
{
    return INT1(s, v, "SELECT value FROM work_marks WHERE key = ?", DB_TEXT(key));
}

static int mark_set(struct store *s, const char *key, int64_t v)
{
    return EXEC(s,
                "INSERT INTO work_marks (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                "SET value = excluded.value",
                DB_TEXT(key), DB_INT(v)) < 0
               ? -1
               : 0;
}

/* ---- the sweep: a plan read without a change, then system changes
 * (push_jobs-style, begun by work_sweep_run in api/work.c) ---- */

json_t *store_work_sweep_plan(struct store *s, int64_t now)
{
    /* the hazards whose deadline entered the next 24 h since the last run
     * (deadline beyond the mark) and those changed since it (a new
     * assignment with a short deadline); the dedupe key (hazard, deadline)
     * makes a repeat harmless */
    int64_t upto = 0, last = 0;
    if (mark_get(s, "hazard_due_upto", &upto) < 0 || mark_get(s, "hazard_due_run", &last) < 0)
        return NULL;
    if (upto > now + XA_DAY_MS || last > now) /* the clock went back (tests): start afresh */
        upto = last = 0;
    json_t *ids = ARR(s,
                      "SELECT id FROM hazards WHERE state IN " HZ_IN_HAND " AND "
                      "deleted_at IS NULL AND deadline > ? AND deadline <= ? AND (deadline > ? "
                      "OR updated_at >= ?) ORDER BY deadline, updated_at, id LIMIT 20000",
                      DB_INT(now), DB_INT(now + XA_DAY_MS), DB_INT(upto), DB_INT(last));
    if (!ids)
        return NULL;
    /* weekly reports due within 24 h or late: each county once per week */
    json_t *counties = ARR(s,
                           "SELECT id, path FROM orgs WHERE kind = 'county' AND deleted_at IS "
                           "NULL AND id > ? ORDER BY id",
                           DB_INT(0));
    json_t *weekly = json_array();
    int rc = counties ? 0 : -1;
    for (int back = 1; back >= 0 && rc == 0; back--) {
        char lab[16];
        int64_t mon;
        work_week_of(now - back * 7 * XA_DAY_MS, lab, sizeof(lab), &mon);
        size_t i;
        json_t *c;
        json_array_foreach(counties, i, c) {
            const char *path = json_string_value(json_object_get(c, "path"));
            int64_t cid = json_integer_value(json_object_get(c, "id"));
            int64_t dl = store_work_weekly_deadline(s, path, mon);
            if (dl < 0) {
                rc = -1;
                break;
            }
            bool late = now > dl && now < dl + 7 * XA_DAY_MS;
            bool due = now <= dl && now > dl - XA_DAY_MS;
            if (!late && !due)
                continue;
            char key[96];
            snprintf(key, sizeof(key), "weekly_%s:%s:%lld", late ? "late" : "due", lab,
                     (long long)cid);
            int64_t v = 0;
            int m = mark_get(s, key, &v);
            if (m < 0) {
                rc = -1;
                break;
            }
            if (m == 0)
                json_array_append_new(weekly, json_pack("{s:s, s:s, s:s, s:b, s:I}", "key", key,
                                                        "path", path, "week", lab, "late", late,
                                                        "deadline", (json_int_t)dl));
        }
    }
    json_decref(counties);
    if (rc) {
        json_decref(ids);
        json_decref(weekly);
        return NULL;
    }
    return json_pack("{s:o, s:o}", "hazards", ids, "weekly", weekly);
}

int store_work_sweep_hazards(struct change *c, json_t *ids, size_t from, size_t n, bool last)
{
    size_t all = json_array_size(ids);
    for (size_t j = from; j < all && j < from + n; j++)
        if (store_work_hazard_msg(c->s,
                                  json_integer_value(json_object_get(json_array_get(ids, j), "id")),
                                  "due24h", 0, NULL, c->at) < 0)
            return -1;
    if (last && (mark_set(c->s, "hazard_due_upto", c->at + XA_DAY_MS) ||
                 mark_set(c->s, "hazard_due_run", c->at)))
        return -1;
    return 0;
}

int store_work_sweep_weekly(struct change *c, json_t *job)
{
    struct store *s = c->s;
    int64_t now = c->at;
    const char *key = json_string_value(json_object_get(job, "key"));
    const char *path = json_string_value(json_object_get(job, "path"));
    const char *lab = json_string_value(json_object_get(job, "week"));
    bool late = json_is_true(json_object_get(job, "late"));
    int64_t dl = json_integer_value(json_object_get(job, "deadline"));
    int64_t v = 0;
    int m = mark_get(s, key, &v); /* again, in the change: another sweep may have run */
    if (m != 0)
        return m < 0 ? -1 : 0;
    char lo[96], hi[96];
    path_range(path, lo, hi, sizeof(lo));
    json_t *rows = ARR(s,
                       "SELECT o.id AS org_id, o.path AS org_path FROM orgs o WHERE "
                       "o.kind = 'school' AND o.deleted_at IS NULL AND o.path >= ? AND "
                       "o.path < ? AND NOT EXISTS (SELECT 1 FROM report_submissions rs "
                       "WHERE rs.kind = 'weekly' AND rs.period = ? AND rs.org_id = o.id) "
                       "ORDER BY o.path",
                       DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lab));
    if (!rows)
        return -1;
    char title[128], body[200], ev[96], wz[40], at[48];
    int y = 0, w = 0;
    sscanf(lab, "%4d-W%2d", &y, &w);
    snprintf(wz, sizeof(wz), "%d年第%d周", y, w);
    zh_time(dl, at, sizeof(at));
    snprintf(title, sizeof(title), late ? "%s周报已逾期未报送" : "%s周报即将截止", wz);
    snprintf(body, sizeof(body),
             late ? "截止时间 %s 已过，请尽快补报。" : "请在 %s 前报送本校周报。", at);
    int rc = 0;
    size_t j;
    json_t *r;
    json_array_foreach(rows, j, r) {
        int64_t org = json_integer_value(json_object_get(r, "org_id"));
        char dd[96];
        snprintf(ev, sizeof(ev), "weekly:%s:%lld:%s", lab, (long long)org, late ? "late" : "due");
        snprintf(dd, sizeof(dd), "%s", ev);
        struct msg_in in = {.org_id = org,
                            .org_path = json_string_value(json_object_get(r, "org_path")),
                            .kind = late ? "weekly_late" : "weekly_due",
                            .title = title,
                            .body = body,
                            .link = "/reports/weekly",
                            .entity = "weekly_report",
                            .event_key = ev,
                            .dedupe_key = dd,
                            .at = now};
        if (store_msg_to_roles(s, org, MANAGERS, 0, &in) < 0) {
            rc = -1;
            break;
        }
    }
    json_decref(rows);
    return rc || mark_set(s, key, now) ? -1 : 0;
}
