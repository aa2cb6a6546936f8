/*
 * print.c - print views of single objects as PDF (api_doc.h):
 *   /hazards/{id}/receipt.pdf      整改回执暨销号单, with before/after photos
 *   /duty-rosters/{id}/print.pdf   值班表
 *   /resp-letters/{id}/print.pdf   安全责任书 and its signature record
 *   /assessments/{year}/print.pdf  考核结果 of ?org=
 *
 * Scope is the dispatcher's (the object's org, or ?org=). The roster,
 * letter and assessment are rendered from the very JSON their GET route
 * answers (the handler runs first), so the print and the screen agree.
 */
#include "core/compat.h"
#include "api/api_doc.h"
#include "api/api_assess.h"
#include "api/api_programme.h"
#include "api/api_resp.h"
#include "core/timeutil.h"
#include "domain/words.h"
#include "export/export.h"
#include "store/store_doc.h"
#include "store/store_risk.h"

static const char *js(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* "2026年12月3日" of an ISO date or time ("" if none). */
static const char *zh_day(struct req *r, const char *iso)
{
    int y;
    unsigned m, d;
    if (!iso || sscanf(iso, "%4d-%2u-%2u", &y, &m, &d) != 3)
        return "";
    return arena_printf(r->arena, "%d年%u月%u日", y, m, d);
}

static const char *today_zh(struct req *r)
{
    char iso[40];
    xa_time_format(r->now, iso, sizeof(iso));
    return zh_day(r, iso);
}

static const char *short_time(struct req *r, const char *iso)
{
    if (!iso || strlen(iso) < 16)
        return "";
    return arena_printf(r->arena, "%.10s %.5s", iso, iso + 11);
}

/* Runs a JSON handler and takes its answer; NULL when it answered other
 * than 200 (the answer stays as the response). */
static json_t *run_json(struct req *r, int (*handler)(struct req *))
{
    handler(r);
    if (r->status != 200)
        return NULL;
    json_t *o = json_loadb(r->out.buf, r->out.len, 0, NULL);
    if (!o)
        http_error(r, 500, "internal", NULL, "打印内容生成失败");
    return o;
}

static int send_pdf_doc(struct req *r, struct strbuf *sb, int rc, const char *name,
                        const char *ascii)
{
    if (rc < 0) {
        strbuf_release(sb);
        return http_error(r, 500, "internal", NULL, "打印文件生成失败");
    }
    api_send_file(r, sb, "application/pdf", true, name, ascii);
    strbuf_release(sb);
    return 0;
}

static const char *user_name(struct req *r, int64_t id)
{
    json_t *u = id ? store_user_get(r->store, id) : NULL;
    const char *n = u ? js(u, "name") : "";
    const char *out = arena_strdup(r->arena, n);
    json_decref(u);
    return out;
}

/* ---------------------------------------------------------------- receipt */

int api_hazard_receipt_pdf(struct req *r)
{
    json_t *h = store_doc_hazard(r->store, r->id);
    if (!h)
        return store_errclass(r->store) != DB_OK
                   ? http_store_error(r)
                   : http_error(r, 404, "not_found", "id", "隐患不存在");
    struct xd_form f = {0};
    bool closed = !strcmp(js(h, "state"), "closed");
    f.title = closed ? "隐患整改回执暨销号单" : "隐患整改回执单";
    f.subline = arena_printf(r->arena, "编号：%lld　　打印日期：%s",
                             (long long)json_integer_value(json_object_get(h, "id")), today_zh(r));
    json_t *funds = json_object_get(h, "five_funds");
    char money[48] = "";
    if (json_is_number(funds)) {
        struct xd_cell c = {.kind = XD_NUM, .num = json_number_value(funds), .decimals = 2,
                            .money = true};
        snprintf(money, sizeof(money), "%s 元", xd_cell_str(&c, money, sizeof(money)));
    }
    const char *rows[][2] = {
        {"学校", js(h, "school")},
        {"隐患名称", js(h, "title")},
        {"类别·等级", arena_printf(r->arena, "%s　%s", js(h, "category_name"),
                                   !strcmp(js(h, "grade"), "major") ? "重大隐患" : "一般隐患")},
        {"位置", js(h, "location")},
        {"隐患描述", js(h, "description")},
        {"来源·发现", arena_printf(r->arena, "%s　%s　%s", words_hazard_source(js(h, "source")),
                                   js(h, "reporter"), short_time(r, js(h, "found_at")))},
        {"整改责任人", *js(h, "five_responsible") ? js(h, "five_responsible") : js(h, "rectifier")},
        {"整改措施", js(h, "five_measures")},
        {"整改资金", money},
        {"整改期限", short_time(r, *js(h, "five_deadline_at") ? js(h, "five_deadline_at")
                                                             : js(h, "deadline_at"))},
        {"挂牌督办", json_is_true(json_object_get(h, "supervised"))
                         ? arena_printf(r->arena, "是（%s %.10s）", js(h, "supervised_by"),
                                        js(h, "supervised_at"))
                         : "否"},
        {"整改完成时间", short_time(r, js(h, "completed_at"))},
        {"验收人·时间", arena_printf(r->arena, "%s　%s", js(h, "verifier"),
                                     short_time(r, js(h, "verified_at")))},
        {"销号时间", short_time(r, js(h, "closed_at"))},
        {"是否曾逾期", json_is_true(json_object_get(h, "ever_overdue")) ? "是" : "否"},
        {"当前状态", words_hazard_state(js(h, "state"))},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(rows) && f.nrows < XD_FORM_ROWS; i++) {
        f.rows[f.nrows][0] = rows[i][0];
        f.rows[f.nrows][1] = rows[i][1];
        f.nrows++;
    }
    /* the handling in words */
    struct strbuf hist = STRBUF_INIT;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(h, "history"), i, e)
    {
        const char *why = *js(e, "reason") ? js(e, "reason") : js(e, "note");
        strbuf_addf(&hist, "%s%s　%s%s%s%s%s", hist.len ? "\n" : "", short_time(r, js(e, "at")),
                    words_hazard_action(js(e, "action")), *js(e, "actor") ? "（" : "",
                    js(e, "actor"), *js(e, "actor") ? "）" : "", *why ? "：" : "");
        strbuf_adds(&hist, why);
    }
    f.body_title = "处理过程";
    f.body = arena_strdup(r->arena, hist.buf);
    strbuf_release(&hist);
    /* photos: before (隐患照片) and after (整改后照片) */
    f.ngroups = 2;
    f.groups[0].caption = "整改前照片";
    f.groups[1].caption = "整改后照片";
    struct strbuf bufs[2 * XD_FORM_PHOTOS];
    int nb = 0;
    json_t *ph;
    json_array_foreach(json_object_get(h, "photos"), i, ph)
    {
        int g = !strcmp(js(ph, "kind"), "after") ? 1 : 0;
        if (f.groups[g].n >= XD_FORM_PHOTOS || nb >= 2 * XD_FORM_PHOTOS)
            continue;
        strbuf_init(&bufs[nb], 0);
        char mime[64] = "";
        if (store_photo_read(r->store, json_integer_value(json_object_get(ph, "id")), mime,
                             sizeof(mime), &bufs[nb]) != 1) {
            strbuf_release(&bufs[nb]);
            continue;
        }
        struct xd_photo *p = &f.groups[g].photos[f.groups[g].n++];
        p->data = (const unsigned char *)bufs[nb].buf;
        p->len = bufs[nb].len;
        p->mime = arena_strdup(r->arena, mime);
        nb++;
    }
    f.sign[f.nsign++] = "整改责任人（签字）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿＿＿";
    f.sign[f.nsign++] = arena_printf(r->arena, "验收人（签字）：%s＿＿＿＿＿＿　　日期：%s",
                                     js(h, "verifier"), zh_day(r, js(h, "verified_at")));
    f.sign[f.nsign++] = "学校负责人（签字）：＿＿＿＿＿＿＿＿";
    f.issuer = arena_strdup(r->arena, js(h, "school"));
    f.issue_date = closed ? zh_day(r, js(h, "closed_at")) : today_zh(r);
    const char *school = arena_strdup(r->arena, js(h, "school"));
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_form(&f, &sb);
    for (int k = 0; k < nb; k++)
        strbuf_release(&bufs[k]);
    json_decref(h);
    return send_pdf_doc(r, &sb, rc,
                        api_doc_name(r, school, closed ? "隐患整改回执暨销号单" : "隐患整改回执单", "pdf"),
                        arena_printf(r->arena, "hazard-receipt-%lld.pdf", (long long)r->id));
}

/* ---------------------------------------------------------------- duty roster */

int api_duty_roster_pdf(struct req *r)
{
    json_t *o = run_json(r, api_roster_get);
    if (!o)
        return 0;
    const char *school = arena_strdup(r->arena, js(o, "org_name"));
    struct xd_doc *d = xd_create(arena_printf(r->arena, "%s值班表", school));
    xd_subtitle(d, "%s　%s", js(o, "title"),
                !strcmp(js(o, "state"), "draft") ? "（草稿，未报送）"
                                                 : arena_printf(r->arena, "报送时间：%s",
                                                                short_time(r, js(o, "published_at"))));
    struct xd_table *t = xd_table(d, "值班安排");
    xd_col(t, "日期", 12, false);
    xd_col(t, "星期", 6, false);
    xd_col(t, "带班领导", 12, false);
    xd_col(t, "值班人员", 30, false);
    xd_col(t, "24小时值班", 9, false);
    xd_col(t, "值班电话", 16, false);
    static const char *const wd[] = {"星期四", "星期五", "星期六", "星期日",
                                     "星期一", "星期二", "星期三"};
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(o, "slots"), i, s)
    {
        xd_row(t);
        xd_text(t, js(s, "date"));
        int y;
        unsigned m, dd;
        if (sscanf(js(s, "date"), "%4d-%2u-%2u", &y, &m, &dd) == 3) {
            int64_t days = xa_days_from_civil(y, m, dd);
            xd_text(t, wd[((days % 7) + 7) % 7]);
        } else {
            xd_skip(t);
        }
        xd_text(t, js(s, "leader_name"));
        struct strbuf st = STRBUF_INIT;
        size_t k;
        json_t *id;
        json_array_foreach(json_object_get(s, "staff_ids"), k, id)
        {
            const char *n = user_name(r, json_integer_value(id));
            if (*n)
                strbuf_addf(&st, "%s%s", st.len ? "、" : "", n);
        }
        xd_text(t, st.buf);
        strbuf_release(&st);
        xd_text(t, json_is_true(json_object_get(s, "is_24h")) ? "是" : "否");
        xd_text(t, js(s, "phone"));
    }
    xd_note(d, "值班要求：值班人员按时到岗，保持通讯畅通；遇突发事件立即处置并按规定报告。");
    xd_signoff(d, school, today_zh(r),
               arena_printf(r->arena, "制表人：%s　　审核人：＿＿＿＿＿＿", api_user_name(r)));
    int64_t id = json_integer_value(json_object_get(o, "id"));
    json_decref(o);
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_pdf(d, &sb);
    xd_destroy(d);
    return send_pdf_doc(r, &sb, rc, api_doc_name(r, school, "值班表", "pdf"),
                        arena_printf(r->arena, "duty-roster-%lld.pdf", (long long)id));
}

/* ---------------------------------------------------------------- letter */

int api_resp_letter_pdf(struct req *r)
{
    json_t *o = run_json(r, api_letter_get);
    if (!o)
        return 0;
    struct xd_form f = {0};
    f.title = arena_strdup(r->arena, js(o, "title"));
    f.subline = arena_printf(r->arena, "编号：ZRS-%lld-%lld", (long long)json_integer_value(json_object_get(o, "year")),
                             (long long)json_integer_value(json_object_get(o, "id")));
    const char *status = js(o, "status");
    const char *st = !strcmp(status, "signed") ? "已签订" : !strcmp(status, "withdrawn") ? "已撤回"
                                                                                         : "待签订";
    const char *rows[][2] = {
        {"甲方（发出单位）", js(o, "issuer_name")},
        {"乙方（责任人）", arena_printf(r->arena, "%s（%s）", js(o, "user_name"), js(o, "org_name"))},
        {"责任清单", js(o, "list_name")},
        {"年度", arena_printf(r->arena, "%lld年", (long long)json_integer_value(json_object_get(o, "year")))},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(rows); i++) {
        f.rows[f.nrows][0] = rows[i][0];
        f.rows[f.nrows][1] = arena_strdup(r->arena, rows[i][1]);
        f.nrows++;
    }
    f.body_title = "责任内容";
    f.body = arena_strdup(r->arena, js(o, "content"));
    /* the signature record */
    f.sign[f.nsign++] = arena_printf(r->arena, "签订记录：%s发出（%s），%s", short_time(r, js(o, "issued_at")),
                                     user_name(r, json_integer_value(json_object_get(o, "issued_by"))), st);
    if (!strcmp(status, "signed"))
        f.sign[f.nsign++] = arena_printf(r->arena, "乙方签署：%s 于 %s 在系统中确认签署%s%s",
                                         js(o, "user_name"), short_time(r, js(o, "signed_at")),
                                         *js(o, "sign_note") ? "，备注：" : "", js(o, "sign_note"));
    f.sign[f.nsign++] = arena_printf(r->arena, "乙方（签字）：%s＿＿＿＿＿＿　　日期：%s",
                                     !strcmp(status, "signed") ? js(o, "user_name") : "",
                                     zh_day(r, js(o, "signed_at")));
    f.issuer = arena_strdup(r->arena, js(o, "issuer_name"));
    f.issue_date = zh_day(r, js(o, "issued_at"));
    int64_t id = json_integer_value(json_object_get(o, "id"));
    const char *who = arena_printf(r->arena, "%s_%s", js(o, "org_name"), js(o, "user_name"));
    json_decref(o);
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_form(&f, &sb);
    return send_pdf_doc(r, &sb, rc, api_doc_name(r, who, "安全责任书", "pdf"),
                        arena_printf(r->arena, "resp-letter-%lld.pdf", (long long)id));
}

/* ---------------------------------------------------------------- assessment */

static const char *result_zh(const char *r)
{
    static const char *const m[][2] = {{"excellent", "优秀"}, {"good", "良好"}, {"pass", "合格"},
                                       {"fail", "不合格"},    {"veto", "一票否决"}};
    for (size_t i = 0; i < XA_ARRAY_LEN(m); i++)
        if (r && !strcmp(r, m[i][0]))
            return m[i][1];
    return r ? r : "";
}

int api_assessment_pdf(struct req *r)
{
    json_t *o = run_json(r, api_assess_result);
    if (!o)
        return 0;
    json_t *run = json_object_get(o, "run");
    json_t *org = r->org_id ? store_org_get(r->store, r->org_id) : NULL;
    const char *unit = arena_strdup(r->arena, org ? js(org, "name") : js(run, "org_name"));
    json_decref(org);
    int64_t year = json_integer_value(json_object_get(o, "year"));
    struct xd_doc *d = xd_create(arena_printf(r->arena, "%s%lld年度学校安全工作考核结果", unit,
                                              (long long)year));
    const char *state = js(run, "state");
    xd_subtitle(d, "考核方案：%s　数据截至：%s　%s", js(run, "org_name"),
                zh_day(r, js(run, "data_at")),
                !strcmp(state, "final") ? arena_printf(r->arena, "定稿：%s", zh_day(r, js(run, "finalized_at")))
                                        : "（未定稿，结果可能变动）");
    xd_landscape(d, true);
    struct xd_table *t = xd_table(d, "考核结果");
    xd_col(t, "名次", 5, true);
    xd_col(t, "学校", 22, false);
    xd_col(t, "乡镇", 12, false);
    json_t *scheme = json_object_get(run, "scheme");
    size_t i, k;
    json_t *it, *s;
    int nitems = 0;
    json_array_foreach(scheme, i, it)
    {
        if (nitems >= XD_MAX_COLS - 6)
            break;
        xd_col(t, js(it, "name"), 9, true);
        nitems++;
    }
    xd_col(t, "加减分", 7, true);
    xd_col(t, "总分", 7, true);
    xd_col(t, "等次", 8, false);
    json_array_foreach(json_object_get(o, "schools"), i, s)
    {
        xd_row(t);
        xd_int(t, json_integer_value(json_object_get(s, "rank")));
        xd_text(t, js(s, "name"));
        xd_text(t, js(s, "parent_name"));
        json_t *detail = json_object_get(s, "detail");
        int n = 0;
        json_array_foreach(scheme, k, it)
        {
            if (n++ >= nitems)
                break;
            json_t *found = NULL, *x;
            size_t j;
            json_array_foreach(json_object_get(detail, "items"), j, x)
            if (!strcmp(js(x, "code"), js(it, "code")))
                found = x;
            if (found)
                xd_num(t, json_number_value(json_object_get(found, "points")), 1);
            else
                xd_skip(t);
        }
        xd_num(t, json_number_value(json_object_get(detail, "adjust")), 1);
        xd_num(t, json_number_value(json_object_get(s, "score")), 1);
        xd_text(t, result_zh(js(s, "result")));
    }
    xd_note(d, "等次：90 分及以上为优秀，75 分及以上为良好，60 分及以上为合格，其余为不合格；"
               "有一票否决事项的为一票否决。各项得分按考核方案权重计算。");
    xd_signoff(d, unit, today_zh(r),
               arena_printf(r->arena, "填报人：%s　　审核人：＿＿＿＿＿＿", api_user_name(r)));
    json_decref(o);
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_pdf(d, &sb);
    xd_destroy(d);
    return send_pdf_doc(r, &sb, rc,
                        api_doc_name(r, unit, arena_printf(r->arena, "%lld年度考核结果", (long long)year), "pdf"),
                        arena_printf(r->arena, "assessment-%lld.pdf", (long long)year));
}
