/*
 * bulletins.c - /api/v1/bulletins: a bureau's monthly bulletin (月通报) as
 * a document it issues (api_report.h).
 *
 * A bulletin starts as a draft of a complete month: its figures are the
 * monthly report of the bureau computed now, its 主送, title, paragraphs
 * and 落款 are the bureau's to edit. Issuing (发布) takes the next number of
 * the bureau's yearly sequence (store_docno_next) and stores the whole
 * document as issued in the same transaction; from then on every reprint
 * (JSON byte for byte, .xlsx, PDF) is built from that stored document and
 * edits answer 409.
 */
#include "core/compat.h"
#include "api/api_report.h"
#include "core/timeutil.h"
#include "domain/perm.h"
#include "export/export.h"
#include "store/store_msg.h"
#include "store/store_report.h"

static const char *jstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

int api_bulletin_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_bulletin_locate(s, id, path, len);
}

/* A bulletin is the bureau's own document: drafted, edited and issued by
 * someone holding report.issue at that bureau itself (a bureau above reads
 * it but does not issue in its name). 0, or -1 after a 403. */
#define NOT_OWN_BUREAU "通报只能由本级教育局起草和发布"

/* The user issues bulletins at org_id itself. */
static bool issues_at(const struct req *r, int64_t org_id)
{
    for (int i = 0; i < r->user->nroles; i++)
        if (r->user->roles[i].org_id == org_id &&
            perm_role_has(r->user->roles[i].role, PERM_REPORT_ISSUE))
            return true;
    return false;
}

/* issues_at, or -1 after a 403. */
static int own_bureau(struct req *r, int64_t org_id)
{
    if (issues_at(r, org_id))
        return 0;
    http_error(r, 403, "forbidden", "org_id", NOT_OWN_BUREAU);
    return -1;
}

static int parse_month(const char *s, int *y, int *m)
{
    int n = 0;
    if (!s || strlen(s) != 7 || sscanf(s, "%4d-%2d%n", y, m, &n) != 2 || n != 7 || *y < 2000 ||
        *y > 2100 || *m < 1 || *m > 12)
        return -1;
    return 0;
}

/* The first instant after month y-m (Asia/Shanghai). */
static int64_t month_end(int y, int m)
{
    int64_t d = m == 12 ? xa_days_from_civil(y + 1, 1, 1) : xa_days_from_civil(y, (unsigned)m + 1, 1);
    return d * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

static const char *rate_or_dash(json_t *o, const char *k, char *buf, size_t n)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_number(v))
        return "—";
    snprintf(buf, n, "%.1f%%", json_number_value(v));
    return buf;
}

/* Names of a list ("甲校、乙校等 3 个单位"), at most 8 named. */
static void names_of(json_t *list, struct strbuf *sb)
{
    size_t i, n = json_array_size(list);
    json_t *u;
    json_array_foreach(list, i, u)
    {
        if (i == 8)
            break;
        strbuf_addf(sb, "%s%s", i ? "、" : "", jstr(u, "name"));
    }
    strbuf_addf(sb, "%s %zu 个单位", n > 8 ? "等" : "", n);
}

/* The default narrative of a bulletin from its monthly report. */
static json_t *default_paragraphs(json_t *rep)
{
    json_t *t = json_object_get(rep, "totals"), *out = json_array();
    bool schools = !strcmp(jstr(rep, "ranks"), "schools");
    struct strbuf sb = STRBUF_INIT;
    char r1[16];
    strbuf_addf(&sb, "为压实学校安全隐患排查治理责任，现将%s%s安全隐患排查治理情况通报如下。",
                jstr(rep, "month_title"), schools ? "各学校" : "各地");
    json_array_append_new(out, json_string(sb.buf));
    strbuf_reset(&sb);
    strbuf_addf(&sb,
                "一、总体情况。本月共开展巡查 %lld 次，发现隐患 %lld 项，其中重大隐患 %lld 项；"
                "已整改 %lld 项，整改率 %s；当前逾期未整改 %lld 项，待交办超时 %lld 项，"
                "已移交有关部门跟踪 %lld 项。周报应报 %lld 份，按时报送 %lld 份，迟报 %lld 份，"
                "漏报 %lld 份。",
                (long long)jint(t, "patrols_done"), (long long)jint(t, "found"),
                (long long)jint(t, "found_major"), (long long)jint(t, "closed_of_found"),
                rate_or_dash(t, "rectify_rate", r1, sizeof(r1)), (long long)jint(t, "overdue"),
                (long long)jint(t, "assign_overdue"), (long long)jint(t, "forwarded"),
                (long long)jint(t, "reports_due"), (long long)jint(t, "reports_on_time"),
                (long long)jint(t, "reports_late"), (long long)jint(t, "reports_missing"));
    json_array_append_new(out, json_string(sb.buf));
    strbuf_reset(&sb);
    json_t *c = json_object_get(rep, "commendations"), *k = json_object_get(rep, "criticisms");
    strbuf_adds(&sb, "二、表扬与批评。");
    if (json_array_size(c)) {
        names_of(c, &sb);
        strbuf_adds(&sb, "巡查到位、隐患整改及时、周报按时报送，予以通报表扬。");
    } else {
        strbuf_adds(&sb, "本月无达到表扬条件的单位。");
    }
    if (json_array_size(k)) {
        names_of(k, &sb);
        strbuf_adds(&sb, "存在隐患逾期未改、漏报周报或未开展巡查等问题，予以通报批评（事由见附表）。");
    } else {
        strbuf_adds(&sb, "本月无被通报批评的单位。");
    }
    json_array_append_new(out, json_string(sb.buf));
    json_array_append_new(
        out, json_string("三、工作要求。各单位要对照排名和逾期隐患清单，逐项落实整改责任、措施、"
                         "资金、时限和预案，逾期隐患自本通报印发之日起 7 日内整改到位并报送整改"
                         "情况；未开展巡查、漏报周报的单位要查明原因，立即纠正。"));
    strbuf_release(&sb);
    return out;
}

static bool paragraphs_valid(struct req *r, json_t *p)
{
    if (!p)
        return true;
    if (!json_is_array(p) || json_array_size(p) > 20) {
        http_error(r, 422, "invalid", "paragraphs", "通报正文应为至多 20 段文字");
        return false;
    }
    size_t i;
    json_t *x;
    json_array_foreach(p, i, x)
    {
        if (!json_is_string(x)) {
            http_error(r, 400, "invalid", "paragraphs", "通报正文第 %zu 段应为文字", i + 1);
            return false;
        }
        if (json_string_length(x) > 3000) {
            http_error(r, 422, "too_long", "paragraphs", "通报正文第 %zu 段过长（至多 1000 字）",
                       i + 1);
            return false;
        }
    }
    return true;
}

/* The bulletin's document JSON: its formal fields and the monthly report
 * (live for a draft). NULL after answering an error. */
static json_t *doc_json(struct store *s, int64_t now, json_t *b)
{
    json_t *org = store_org_get(s, jint(b, "org_id"));
    if (!org)
        return NULL;
    int y = 0, m = 0;
    parse_month(jstr(b, "period"), &y, &m);
    json_t *rep = api_report_monthly_build(s, now, jint(b, "org_id"), org, y, m);
    json_decref(org);
    if (!rep)
        return NULL;
    json_t *paras = json_object_get(b, "paragraphs");
    paras = json_is_array(paras) ? json_incref(paras) : json_array();
    return json_pack("{s:s, s:I, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:O, s:s, s:o, s:s, s:O, "
                     "s:O, s:s, s:o}",
                     "kind", "bulletin", "id", (json_int_t)jint(b, "id"), "state",
                     jstr(b, "state"), "org", "id", (json_int_t)jint(b, "org_id"), "name",
                     jstr(b, "org_name"), "kind", jstr(b, "org_kind"), "month",
                     jstr(b, "period"), "title", jstr(b, "title"), "doc_no",
                     json_object_get(b, "doc_no") ? json_object_get(b, "doc_no") : json_null(),
                     "recipients", jstr(b, "recipients"), "paragraphs", paras, "signer",
                     jstr(b, "signer"),
                     "issued_at",
                     json_object_get(b, "issued_at") ? json_object_get(b, "issued_at")
                                                      : json_null(),
                     "issue_date", json_null(), "issuer_name", jstr(b, "issuer_name"), "report",
                     rep);
}

static json_t *bulletin_doc_json(struct req *r, json_t *b)
{
    json_t *d = doc_json(r->store, r->now, b);
    if (!d)
        http_store_error(r);
    return d;
}

/* The default title, 主送 and text of a bureau's bulletin: into title,
 * *recipients (static text) and *paras (new reference). */
static void draft_defaults(json_t *org, json_t *rep, char *title, size_t tlen,
                           const char **recipients, json_t **paras)
{
    const char *kind = jstr(org, "kind");
    snprintf(title, tlen, "%s关于%s学校安全隐患排查治理情况的通报", jstr(org, "name"),
             jstr(rep, "month_title"));
    *recipients = !strcmp(kind, "county") ? "各中小学校、幼儿园"
                  : !strcmp(kind, "city") ? "各县（市、区）教育局"
                                          : "各市（州）教育局";
    *paras = default_paragraphs(rep);
}

/* Issues draft id in change c: the next number of the bureau's sequence
 * (in the same change, so a rollback leaves no gap), the document as of
 * c's instant stored with it (store_bulletin_issue audits). 0, or -1 (c's
 * error: XE_BULLETIN_TAKEN when it is not a draft any more). */
static int issue_in_change(struct change *c, int64_t id, const char *uname, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    char docno[160];
    size_t dlen = sizeof(docno);
    json_t *b = store_bulletin_get(s, id);
    if (!b)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, "id") : -1;
    if (strcmp(jstr(b, "state"), "draft") != 0) {
        json_decref(b);
        return change_fail(c, XE_BULLETIN_TAKEN, "state");
    }
    int iy;
    unsigned im, idd;
    xa_civil_from_days((now + XA_TZ_OFFSET_MS) / XA_DAY_MS, &iy, &im, &idd);
    int64_t seq = 0;
    if (store_docno_next(s, jint(b, "org_id"), iy, docno, dlen, &seq) < 0) {
        json_decref(b);
        return -1;
    }
    char at[40], day[16];
    xa_time_format(now, at, sizeof(at));
    snprintf(day, sizeof(day), "%.10s", at); /* the calendar day, YYYY-MM-DD */
    json_object_set_new(b, "state", json_string("issued"));
    json_object_set_new(b, "doc_no", json_string(docno));
    json_object_set_new(b, "issued_at", json_string(at));
    json_object_set_new(b, "issuer_name", json_string(uname ? uname : ""));
    json_t *doc = doc_json(s, now, b);
    json_decref(b);
    if (!doc)
        return -1;
    json_object_set_new(doc, "issue_date", json_string(day));
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!text)
        abort();
    struct bulletin_issue_in in = {docno, iy, seq, text, uname};
    int n = store_bulletin_issue(c, id, &in, after);
    free(text);
    return n;
}

int64_t api_bulletin_issue_now(struct change *c, int64_t org_id, const char *period,
                               const char *issuer_name)
{
    struct store *s = c->s;
    int64_t now = c->at;
    int y, m;
    if (parse_month(period, &y, &m))
        return -1;
    json_t *org = store_org_get(s, org_id);
    if (!org)
        return -1;
    json_t *rep = api_report_monthly_build(s, now, org_id, org, y, m);
    if (!rep) {
        json_decref(org);
        return -1;
    }
    char title[256];
    const char *recip;
    json_t *paras;
    draft_defaults(org, rep, title, sizeof(title), &recip, &paras);
    json_decref(rep);
    char *ptext = json_dumps(paras, JSON_COMPACT);
    json_decref(paras);
    struct bulletin_in in = {
        .org_id = org_id, .path = jstr(org, "path"), .period = period, .title = title,
        .recipients = recip, .paragraphs = ptext, .signer = jstr(org, "name"),
    };
    int64_t id = store_bulletin_create(c, &in, NULL);
    free(ptext);
    json_decref(org);
    if (id < 0 || issue_in_change(c, id, issuer_name, NULL))
        return -1;
    return id;
}

int api_bulletin_list(struct req *r)
{
    int64_t id = r->org_id;
    if (!id)
        return http_error(r, 422, "required", "org", "请指定组织机构 org");
    const char *ms = http_query(r, "month");
    int y, m;
    if (ms && *ms && parse_month(ms, &y, &m))
        return http_error(r, 400, "invalid", "month", "month 格式应为 2026-11");
    json_t *l = store_bulletin_list(r->store, id, ms ? ms : "");
    if (!l)
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:o}", "items", l));
}

const struct vfield bulletin_create_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"month", V_STR, true, 7, 7, NULL},
    {"title", V_STR, false, 1, 100, NULL},
    {"recipients", V_STR, false, 0, 200, NULL},
    {"paragraphs", V_ARR, false, 0, 0, NULL},
    {"signer", V_STR, false, 1, 64, NULL},
};

int api_bulletin_create(struct req *r)
{
    if (VALIDATE(r, r->json, bulletin_create_spec))
        return 0;
    int y, m;
    const char *month = api_str(r->json, "month");
    if (parse_month(month, &y, &m))
        return http_error(r, 422, "invalid", "month", "month 格式应为 2026-11");
    json_t *paras = json_object_get(r->json, "paragraphs");
    if (!paragraphs_valid(r, paras))
        return 0;
    json_t *org = store_org_get(r->store, r->org_id);
    if (!org)
        return http_store_error(r);
    const char *kind = jstr(org, "kind");
    if (!strcmp(kind, "school") || !strcmp(kind, "township")) {
        json_decref(org);
        return http_error(r, 422, "invalid", "org_id", "通报由教育局发布，学校不能发布通报");
    }
    if (own_bureau(r, r->org_id)) {
        json_decref(org);
        return 0;
    }
    json_t *rep = api_report_monthly_build(r->store, r->now, r->org_id, org, y, m);
    if (!rep) {
        json_decref(org);
        return http_store_error(r);
    }
    char title[256];
    const char *drecip;
    json_t *dp;
    draft_defaults(org, rep, title, sizeof(title), &drecip, &dp);
    json_decref(rep);
    if (paras) {
        json_decref(dp);
        dp = json_incref(paras);
    }
    char *ptext = json_dumps(dp, JSON_COMPACT);
    json_decref(dp);
    const char *recip = api_str(r->json, "recipients");
    struct bulletin_in in = {
        .org_id = r->org_id,
        .path = r->org_path,
        .period = month,
        .title = api_str(r->json, "title") ? api_str(r->json, "title") : title,
        .recipients = recip ? recip : drecip,
        .paragraphs = ptext,
        .signer = api_str(r->json, "signer") ? api_str(r->json, "signer") : jstr(org, "name"),
    };
    struct change c;
    if (api_begin(r, &c)) {
        free(ptext);
        json_decref(org);
        return 0;
    }
    json_t *after = NULL;
    int64_t id = store_bulletin_create(&c, &in, &after);
    free(ptext);
    json_decref(org);
    if (id < 0)
        return api_fail_unique(r, &c, "month", "该月的通报已存在，请在原稿上修改");
    return api_commit(r, &c, 201, after);
}

int api_bulletin_get(struct req *r)
{
    int fmt;
    if (api_report_format(r, &fmt))
        return 0;
    json_t *b = store_bulletin_get(r->store, r->id);
    if (!b)
        return store_errclass(r->store) != DB_OK
                   ? http_store_error(r)
                   : http_error(r, 404, "not_found", "id", "通报不存在");
    json_t *doc = NULL;
    if (!strcmp(jstr(b, "state"), "issued")) {
        json_decref(b);
        char *text = NULL;
        if (store_bulletin_content(r->store, r->id, &text) != 1 || !text) {
            free(text);
            return http_store_error(r);
        }
        if (fmt == 0) { /* as issued, byte for byte */
            r->status = 200;
            r->content_type = "application/json; charset=utf-8";
            strbuf_reset(&r->out);
            strbuf_adds(&r->out, text);
            free(text);
            return 0;
        }
        doc = json_loads(text, 0, NULL);
        free(text);
        if (!doc)
            return http_error(r, 500, "internal", NULL, "已发布通报的内容无法读取");
    } else {
        doc = bulletin_doc_json(r, b);
        json_decref(b);
        if (!doc)
            return 0;
        if (fmt == 0)
            return http_json(r, 200, doc);
    }
    struct xd_doc *d = api_report_monthly_doc(r, json_object_get(doc, "report"), doc);
    char base[64];
    snprintf(base, sizeof(base), "bulletin-%s-%lld", jstr(doc, "month"), (long long)r->id);
    json_decref(doc);
    return api_report_send_doc(r, d, fmt, base);
}

const struct vfield bulletin_update_spec[] = {
    {"title", V_STR, false, 1, 100, NULL},
    {"recipients", V_STR, false, 0, 200, NULL},
    {"paragraphs", V_ARR, false, 0, 0, NULL},
    {"signer", V_STR, false, 1, 64, NULL},
};

int api_bulletin_update(struct req *r)
{
    if (VALIDATE(r, r->json, bulletin_update_spec))
        return 0;
    json_t *paras = json_object_get(r->json, "paragraphs");
    if (!paragraphs_valid(r, paras))
        return 0;
    /* the bureau of a bulletin never changes: checked before the change */
    json_t *b = store_bulletin_get(r->store, r->id);
    if (!b)
        return store_errclass(r->store) != DB_OK
                   ? http_store_error(r)
                   : http_error(r, 404, "not_found", "id", "通报不存在");
    int mine = own_bureau(r, jint(b, "org_id"));
    json_decref(b);
    if (mine)
        return 0;
    char *ptext = paras ? json_dumps(paras, JSON_COMPACT) : NULL;
    struct bulletin_in in = {
        .title = api_str(r->json, "title"),
        .recipients = api_str(r->json, "recipients"),
        .paragraphs = ptext,
        .signer = api_str(r->json, "signer"),
    };
    struct change c;
    if (api_begin(r, &c)) {
        free(ptext);
        return 0;
    }
    json_t *after = NULL;
    int n = store_bulletin_update(&c, r->id, &in, &after);
    free(ptext);
    if (n)
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_bulletin_issue(struct req *r)
{
    if (json_object_size(r->json) > 0) {
        const char *k = json_object_iter_key(json_object_iter(r->json));
        return http_error(r, 400, "unknown", k, "不认识的字段 %s", k);
    }
    json_t *user = store_user_get(r->store, r->user->id);
    char uname[128];
    snprintf(uname, sizeof(uname), "%s", user ? jstr(user, "name") : "");
    json_decref(user);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *b = store_bulletin_get(r->store, r->id);
    if (!b)
        return store_errclass(r->store) != DB_OK
                   ? api_fail(r, &c)
                   : api_refuse(r, &c, 404, "not_found", "id", "通报不存在");
    if (!issues_at(r, jint(b, "org_id"))) {
        json_decref(b);
        return api_refuse(r, &c, 403, "forbidden", "org_id", NOT_OWN_BUREAU);
    }
    if (strcmp(jstr(b, "state"), "draft") != 0) {
        char msg[200];
        snprintf(msg, sizeof(msg), "通报已发布，文号 %s", jstr(b, "doc_no"));
        json_decref(b);
        return api_refuse(r, &c, 409, "conflict", "state", msg);
    }
    int y = 0, m = 0;
    parse_month(jstr(b, "period"), &y, &m);
    json_decref(b);
    if (month_end(y, m) > r->now)
        return api_refuse(r, &c, 422, "invalid", "month",
                          "该月尚未结束（统计中），月末后才能发布通报");
    /* the number: next of the bureau's sequence of the issue year */
    json_t *after = NULL;
    if (issue_in_change(&c, r->id, uname, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}
