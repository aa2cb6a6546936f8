/*
 * reports.c - /api/v1/reports/..., /hazards/{id}/notice.pdf (api_report.h);
 * the ledger export and QR labels are in hazard_ledger.c.
 *
 * Each report is built once as JSON from the store's counts; the .xlsx and
 * PDF forms are rendered from that JSON, so the three always agree.
 */
#include "core/compat.h"
#include "api/api_report.h"
#include "api/api_risk.h"
#include "api/api_doc.h"
#include "core/timeutil.h"
#include "export/export.h"
#include "store/store_report.h"

#define SCHOOL_DAYS_NOTE "计划巡查次数 = 各巡查计划的风险点数 × 每周次数（每日巡查按 5 个教学日计，每周 1 次，每月 1 次计入含该月 1 日的那一周）"

/* The ranking formula of the monthly bulletin, shown in its JSON and files. */
#define MONTHLY_FORMULA                                                                            \
    "得分 = 60 × 整改率 + 40 × 周报按时报送率 − 2 × 当前逾期隐患数 − 5 × 本月反弹次数，结果限定在 "  \
    "0～100 分，保留 1 位小数；整改率 = 本月发现的隐患中已验收或已销号的数量 ÷ 本月发现隐患数（本月"  \
    "无隐患记 100%）；周报按时报送率 = 按时报送的周报数 ÷（学校数 × 本月已到截止时间的周数）（无应报"  \
    "记 100%）。排名按得分从高到低，同分时逾期少者在前。得分 ≥ 90 且无逾期、无反弹的单位予以通报表扬；" \
    "得分 < 60、逾期隐患 ≥ 3 项或存在漏报周报的单位予以通报批评。"

static const char *grade_zh(const char *g)
{
    return g && !strcmp(g, "major") ? "重大隐患" : "一般隐患";
}

static const char *state_zh(const char *s)
{
    static const char *const m[][2] = {
        {"reported", "已上报"}, {"assigned", "已交办"}, {"rectifying", "整改中"},
        {"submitted", "待验收"}, {"verified", "已验收"}, {"closed", "已销号"},
        {"forwarded", "已移交"},
    };
    for (size_t i = 0; s && i < XA_ARRAY_LEN(m); i++)
        if (!strcmp(m[i][0], s))
            return m[i][1];
    return s ? s : "";
}

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* "2026-11-23" of an instant (Asia/Shanghai). */
static void day_str(int64_t ms, char *buf, size_t len)
{
    char iso[40];
    xa_time_format(ms, iso, sizeof(iso));
    snprintf(buf, len, "%.10s", iso);
}

static void minute_str(int64_t ms, char *buf, size_t len)
{
    char iso[40];
    xa_time_format(ms, iso, sizeof(iso));
    snprintf(buf, len, "%.10s %.5s", iso, iso + 11);
}

/* Midnight (Asia/Shanghai) starting day number d (days since 1970-01-01). */
static int64_t day_ms(int64_t d)
{
    return d * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

/* The Monday (day number) of ISO week w of year y; -1 if w is out of range. */
static int64_t iso_week_monday(int y, int w)
{
    int64_t jan4 = xa_days_from_civil(y, 1, 4);
    int64_t wd = ((jan4 + 3) % 7 + 7) % 7; /* 0 = Monday */
    int64_t mon1 = jan4 - wd;
    /* years with 53 weeks: the Thursday of week 53 is still in y */
    int64_t mon = mon1 + (int64_t)(w - 1) * 7;
    int yy;
    unsigned m, d;
    xa_civil_from_days(mon + 3, &yy, &m, &d);
    if (w < 1 || w > 53 || yy != y)
        return -1;
    return mon;
}

/* "2026-W47" -> [from, to) and the Monday's day number. */
static int parse_week(const char *s, int64_t *from, int64_t *to, int64_t *monday)
{
    int y = 0, w = 0, n = 0;
    if (!s || strlen(s) != 8 || sscanf(s, "%4d-W%2d%n", &y, &w, &n) != 2 || n != 8 || y < 2000 ||
        y > 2100)
        return -1;
    int64_t mon = iso_week_monday(y, w);
    if (mon < 0)
        return -1;
    *monday = mon;
    *from = day_ms(mon);
    *to = day_ms(mon + 7);
    return 0;
}

static void week_label(int64_t monday, char *buf, size_t len)
{
    int y;
    unsigned m, d;
    xa_civil_from_days(monday + 3, &y, &m, &d); /* the Thursday names the year */
    int64_t mon1 = iso_week_monday(y, 1);
    snprintf(buf, len, "%04d-W%02d", y, (int)((monday - mon1) / 7 + 1));
}

/* The week containing now. */
static int64_t current_monday(int64_t now)
{
    int64_t d = (now + XA_TZ_OFFSET_MS) / XA_DAY_MS;
    return d - (((d + 3) % 7 + 7) % 7);
}

/* Report format: json (default), xlsx or pdf; -1 after a 400. */
static int parse_format(struct req *r, int *fmt)
{
    const char *f = http_query(r, "format");
    if (!f || !*f || !strcmp(f, "json"))
        *fmt = 0;
    else if (!strcmp(f, "xlsx"))
        *fmt = 1;
    else if (!strcmp(f, "pdf"))
        *fmt = 2;
    else
        return http_error(r, 400, "invalid", "format", "format 只能是 json、xlsx 或 pdf"), -1;
    return 0;
}

/* The org a report is about: ?org= (checked by the dispatcher), or the only
 * subtree the user sees. Fills id, path; returns the org object or NULL
 * after answering. */
static json_t *report_org(struct req *r, int64_t *id, char *path, size_t plen)
{
    *id = r->org_id;
    if (!*id) {
        if (r->scope.n == 1 && strcmp(r->scope.path[0], "/") != 0) {
            const char *p = r->scope.path[0];
            size_t n = strlen(p);
            const char *e = p + n - 1, *b = e;
            while (b > p && b[-1] != '/')
                b--;
            *id = strtoll(b, NULL, 10);
        }
        if (!*id) {
            http_error(r, 422, "required", "org", "请指定组织机构 org");
            return NULL;
        }
    }
    json_t *o = store_org_get(r->store, *id);
    if (!o) {
        if (store_errclass(r->store) != DB_OK)
            http_store_error(r);
        else
            http_error(r, 404, "not_found", "org", "组织机构不存在");
        return NULL;
    }
    snprintf(path, plen, "%s", jstr(o, "path"));
    return o;
}

/* Sends a rendered document, named after its title ("华容县教育局_…_2026-12-03.xlsx"),
 * with base as the ASCII fallback name. */
static int send_doc(struct req *r, struct xd_doc *d, int fmt, const char *base)
{
    /* a report not signed off by its builder closes with its issuing unit
     * (the title's first word, "华容县教育局 …"), the date and a seal line */
    const char *sp = strchr(d->title, ' ');
    if (!d->issuer && sp && sp > d->title && sp - d->title < 90) {
        char unit[96], date[40], iso[40];
        snprintf(unit, sizeof(unit), "%.*s", (int)(sp - d->title), d->title);
        xa_time_format(r->now, iso, sizeof(iso));
        snprintf(date, sizeof(date), "%.4s年%d月%d日", iso, atoi(iso + 5), atoi(iso + 8));
        xd_signoff(d, unit, date,
                   arena_printf(r->arena, "填报人：%s　　审核人：＿＿＿＿＿＿", api_user_name(r)));
    }
    struct strbuf sb = STRBUF_INIT;
    int rc = fmt == 1 ? xd_render_xlsx(d, &sb) : xd_render_pdf(d, &sb);
    const char *ext = fmt == 1 ? "xlsx" : "pdf";
    const char *name = api_doc_name(r, NULL, d->title, ext);
    xd_destroy(d);
    if (rc < 0) {
        strbuf_release(&sb);
        return http_error(r, 500, "internal", NULL, "导出文件生成失败");
    }
    api_send_file(r, &sb,
                  fmt == 1 ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                           : "application/pdf",
                  false, name, arena_printf(r->arena, "%s.%s", base, ext));
    strbuf_release(&sb);
    return 0;
}

/* Sends a PDF shown in the browser, named name (ascii the fallback). */
static int send_pdf(struct req *r, struct strbuf *sb, const char *name, const char *ascii)
{
    api_send_file(r, sb, "application/pdf", true, name, ascii);
    strbuf_release(sb);
    return 0;
}

/* ---------------------------------------------------------------- weekly */

/* Adds missing / pending from schools, submitted and the deadline. */
static void submission_counts(json_t *u, bool past_deadline)
{
    int64_t schools = jint(u, "schools"), sub = jint(u, "submitted");
    int64_t rest = schools - sub;
    json_object_set_new(u, "missing", json_integer(past_deadline ? rest : 0));
    json_object_set_new(u, "pending", json_integer(past_deadline ? 0 : rest));
}

/* Sums the found / rectified / open / overdue of breakdown rows by key. */
static json_t *group_breakdown(json_t *rows, const char *key, const char *name_key)
{
    json_t *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        const char *k = jstr(row, key);
        json_t *g = NULL, *x;
        size_t j;
        json_array_foreach(out, j, x) if (!strcmp(jstr(x, key), k)) g = x;
        if (!g) {
            g = json_pack("{s:s, s:I, s:I, s:I, s:I}", key, k, "found", (json_int_t)0, "rectified",
                          (json_int_t)0, "open", (json_int_t)0, "overdue", (json_int_t)0);
            if (name_key)
                json_object_set_new(g, name_key, json_string(jstr(row, name_key)));
            else
                json_object_set_new(g, "grade_name", json_string(grade_zh(k)));
            json_array_append_new(out, g);
        }
        static const char *const f[] = {"found", "rectified", "open", "overdue"};
        for (int t = 0; t < 4; t++)
            json_object_set_new(g, f[t], json_integer(jint(g, f[t]) + jint(row, f[t])));
    }
    return out;
}

/* Builds the weekly report JSON; NULL after answering an error. */
static json_t *weekly_json(struct req *r, int64_t org_id, json_t *org, const char *path,
                           int64_t monday)
{
    struct store *s = r->store;
    int64_t from = day_ms(monday), to = day_ms(monday + 7);
    char week[16], d0[16], d1[16];
    week_label(monday, week, sizeof(week));
    day_str(from, d0, sizeof(d0));
    day_str(to - 1, d1, sizeof(d1));
    bool school = !strcmp(jstr(org, "kind"), "school");
    int64_t dmin = store_report_deadline_min(s, path);
    if (dmin < 0)
        return http_store_error(r), NULL;
    int64_t deadline = to + dmin * 60000;
    bool past = r->now > deadline;
    /* a monthly plan is due in the week that holds the 1st of a month */
    int monthly = 0;
    for (int64_t d = monday; d < monday + 7; d++) {
        int y;
        unsigned m, dd;
        xa_civil_from_days(d, &y, &m, &dd);
        monthly |= dd == 1;
    }
    unsigned want = RPU_HAZARDS | RPU_PATROLS | RPU_SUBMIT;
    /* the units, the totals and the breakdown from one pass over each range */
    json_t *totobj = NULL, *bd = NULL;
    json_t *units = store_report_units_ex(s, org_id, school, from, to, week, monthly, want,
                                          &totobj, &bd);
    json_t *tot = totobj ? json_pack("[o]", totobj) : units ? json_array() : NULL;
    if (school && units) {
        json_decref(units);
        units = json_array();
    }
    json_t *majors = store_report_major_open(s, path, 500);
    json_t *late = school ? json_array() : store_report_unsubmitted(s, path, week, 500);
    json_t *sub = school ? store_report_submission(s, org_id, week) : NULL;
    int64_t rpass = 0, rfail = 0;
    int rrc = store_report_rechecks(s, path, from, to, &rpass, &rfail);
    if (!tot || !units || !bd || !majors || !late || rrc < 0 ||
        (school && !sub && store_errclass(s) != DB_OK)) {
        json_decref(tot);
        json_decref(units);
        json_decref(bd);
        json_decref(majors);
        json_decref(late);
        return http_store_error(r), NULL;
    }
    json_t *totals = json_deep_copy(json_array_get(tot, 0));
    json_decref(tot);
    if (!totals)
        totals = json_object();
    json_object_del(totals, "org_id");
    json_object_del(totals, "name");
    json_object_del(totals, "kind");
    json_object_del(totals, "code");
    json_object_del(totals, "path");
    submission_counts(totals, past);
    json_object_set_new(totals, "recheck_pass", json_integer(rpass));
    json_object_set_new(totals, "recheck_fail", json_integer(rfail));
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u) submission_counts(u, past);
    json_array_foreach(late, i, u)
    {
        bool submitted = json_is_true(json_object_get(u, "submitted"));
        json_object_set_new(u, "status",
                            json_string(submitted ? "late" : past ? "missing" : "pending"));
    }
    json_t *subj = json_null();
    if (school) {
        const char *st = sub ? (json_is_true(json_object_get(sub, "late")) ? "late" : "submitted")
                             : past ? "missing"
                                    : "pending";
        subj = json_pack("{s:s, s:o}", "status", st, "record", sub ? sub : json_null());
    }
    char dl[40];
    xa_time_format(deadline, dl, sizeof(dl));
    json_t *o = json_pack("{s:s, s:{s:I, s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:o, s:o, s:o, "
                          "s:o, s:o, s:o, s:o, s:o, s:s}",
                          "kind", "weekly", "org", "id", (json_int_t)org_id, "name",
                          jstr(org, "name"), "kind", jstr(org, "kind"), "path", path, "week", week,
                          "from", d0, "to", d1, "deadline_at", dl, "totals", totals, "units",
                          units, "by_category", group_breakdown(bd, "category", "category_name"),
                          "by_grade", group_breakdown(bd, "grade", NULL), "breakdown", bd,
                          "major_hazards", majors, "late_or_missing", late, "submission", subj,
                          "patrols_planned_rule", SCHOOL_DAYS_NOTE);
    return o;
}

static void totals_table(struct xd_doc *d, json_t *t, bool region)
{
    struct xd_table *x = xd_table(d, "汇总");
    xd_col(x, "指标", 30, false);
    xd_col(x, "数值", 14, true);
    static const char *const k[][2] = {
        {"patrols_done", "完成巡查次数"}, {"patrols_planned", "计划巡查次数"},
        {"found", "本周发现隐患"},        {"found_major", "其中重大隐患"},
        {"rectified", "本周整改销号"},    {"open", "当前未整改"},
        {"overdue", "当前逾期"},          {"major_open", "未整改重大隐患"},
        {"recheck_pass", "回头看通过"},   {"recheck_fail", "回头看反弹"},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(k); i++) {
        xd_row(x);
        xd_text(x, k[i][1]);
        xd_int(x, jint(t, k[i][0]));
    }
    if (region) {
        static const char *const k2[][2] = {
            {"schools", "学校数"}, {"submitted", "已报送"}, {"late", "其中迟报"},
            {"missing", "漏报"},   {"pending", "未到截止时间未报"},
        };
        for (size_t i = 0; i < XA_ARRAY_LEN(k2); i++) {
            xd_row(x);
            xd_text(x, k2[i][1]);
            xd_int(x, jint(t, k2[i][0]));
        }
    }
}

static void breakdown_table(struct xd_doc *d, const char *title, json_t *rows, const char *name,
                            const char *name_title, json_t *totals_src)
{
    struct xd_table *x = xd_table(d, title);
    xd_col(x, name_title, 22, false);
    xd_col(x, "发现", 10, true);
    xd_col(x, "已整改", 10, true);
    xd_col(x, "未整改", 10, true);
    xd_col(x, "逾期", 10, true);
    static const char *const f[] = {"found", "rectified", "open", "overdue"};
    int64_t sum[4] = {0};
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        xd_row(x);
        xd_text(x, jstr(row, name));
        for (int k = 0; k < 4; k++) {
            xd_int(x, jint(row, f[k]));
            sum[k] += jint(row, f[k]);
        }
    }
    XA_UNUSED(totals_src);
    xd_totals(x);
    xd_text(x, "合计");
    for (int k = 0; k < 4; k++)
        xd_int(x, sum[k]);
}

static void majors_table(struct xd_doc *d, json_t *majors)
{
    struct xd_table *x = xd_table(d, "重大隐患五落实");
    xd_col(x, "学校", 16, false);
    xd_col(x, "隐患", 22, false);
    xd_col(x, "状态", 8, false);
    xd_col(x, "责任人", 8, false);
    xd_col(x, "整改措施", 18, false);
    xd_col(x, "资金(元)", 10, true);
    xd_col(x, "整改期限", 11, false);
    xd_col(x, "应急预案", 14, false);
    xd_col(x, "挂牌督办", 8, false);
    size_t i;
    json_t *m;
    json_array_foreach(majors, i, m)
    {
        xd_row(x);
        xd_text(x, jstr(m, "school"));
        xd_text(x, jstr(m, "title"));
        xd_text(x, state_zh(jstr(m, "state")));
        xd_text(x, jstr(m, "five_responsible"));
        xd_text(x, jstr(m, "five_measures"));
        json_t *f = json_object_get(m, "five_funds");
        if (json_is_number(f))
            xd_num(x, json_number_value(f), 2);
        else
            xd_skip(x);
        xd_textf(x, "%.10s", jstr(m, "five_deadline_at"));
        xd_text(x, jstr(m, "five_plan"));
        xd_text(x, json_is_true(json_object_get(m, "supervised")) ? "是" : "否");
    }
}

int api_report_weekly(struct req *r)
{
    int fmt;
    if (parse_format(r, &fmt))
        return 0;
    int64_t from, to, monday;
    const char *w = http_query(r, "week");
    if (!w || !*w) {
        monday = current_monday(r->now) - 7; /* default: last week */
    } else if (parse_week(w, &from, &to, &monday)) {
        return http_error(r, 400, "invalid", "week", "week 格式应为 2026-W47（ISO 周）");
    }
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    json_t *rep = weekly_json(r, id, org, path, monday);
    json_decref(org);
    if (!rep)
        return 0;
    if (fmt == 0)
        return http_json(r, 200, rep);
    bool region = json_array_size(json_object_get(rep, "units")) > 0 ||
                  strcmp(jstr(json_object_get(rep, "org"), "kind"), "school") != 0;
    struct xd_doc *d = xd_create(
        arena_printf(r->arena, "%s 安全隐患排查治理周报", jstr(json_object_get(rep, "org"), "name")));
    xd_subtitle(d, "%s（%s 至 %s） 报送截止：%.10s %.5s", jstr(rep, "week"), jstr(rep, "from"),
                jstr(rep, "to"), jstr(rep, "deadline_at"), jstr(rep, "deadline_at") + 11);
    xd_landscape(d, region);
    json_t *totals = json_object_get(rep, "totals");
    totals_table(d, totals, region);
    if (region) {
        struct xd_table *x = xd_table(d, "下级单位");
        xd_col(x, "单位", 20, false);
        static const char *const k[][2] = {
            {"patrols_done", "完成巡查"}, {"patrols_planned", "计划巡查"}, {"found", "发现"},
            {"found_major", "重大"},      {"rectified", "整改销号"},     {"open", "未整改"},
            {"overdue", "逾期"},          {"schools", "学校数"},         {"submitted", "已报"},
            {"late", "迟报"},             {"missing", "漏报"},
        };
        for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
            xd_col(x, k[c][1], 8, true);
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(rep, "units"), i, u)
        {
            xd_row(x);
            xd_text(x, jstr(u, "name"));
            for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
                xd_int(x, jint(u, k[c][0]));
        }
        xd_totals(x);
        xd_text(x, "合计");
        for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
            xd_int(x, jint(totals, k[c][0]));
    }
    breakdown_table(d, "按类别", json_object_get(rep, "by_category"), "category_name", "隐患类别",
                    totals);
    breakdown_table(d, "按等级", json_object_get(rep, "by_grade"), "grade_name", "隐患等级", totals);
    majors_table(d, json_object_get(rep, "major_hazards"));
    if (region) {
        struct xd_table *x = xd_table(d, "迟报漏报");
        xd_col(x, "学校", 24, false);
        xd_col(x, "学校标识码", 14, false);
        xd_col(x, "情况", 10, false);
        xd_col(x, "报送时间", 18, false);
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(rep, "late_or_missing"), i, u)
        {
            xd_row(x);
            xd_text(x, jstr(u, "name"));
            xd_text(x, jstr(u, "code"));
            const char *st = jstr(u, "status");
            xd_text(x, !strcmp(st, "late") ? "迟报" : !strcmp(st, "missing") ? "漏报" : "未报");
            char m[32] = "";
            if (json_is_string(json_object_get(u, "submitted_at")))
                snprintf(m, sizeof(m), "%.10s %.5s", jstr(u, "submitted_at"),
                         jstr(u, "submitted_at") + 11);
            xd_text(x, m);
        }
    } else {
        json_t *sub = json_object_get(rep, "submission");
        const char *st = jstr(sub, "status");
        xd_note(d, "报送状态：%s",
                !strcmp(st, "submitted") ? "已报送"
                : !strcmp(st, "late")    ? "迟报"
                : !strcmp(st, "missing") ? "漏报"
                                         : "未报送（未到截止时间）");
    }
    xd_note(d, "注：发现、整改销号为本周数据；未整改、逾期为生成报表时的当前数。%s。", SCHOOL_DAYS_NOTE);
    char base[64];
    snprintf(base, sizeof(base), "weekly-%s-%lld", jstr(rep, "week"), (long long)id);
    json_decref(rep);
    return send_doc(r, d, fmt, base);
}

static const struct vfield submit_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"week", V_STR, true, 8, 8, NULL},
    {"note", V_STR, false, 0, 2000, NULL},
};

int api_report_weekly_submit(struct req *r)
{
    if (VALIDATE(r, r->json, submit_spec))
        return 0;
    int64_t from, to, monday;
    if (parse_week(api_str(r->json, "week"), &from, &to, &monday))
        return http_error(r, 422, "invalid", "week", "week 格式应为 2026-W47（ISO 周）");
    if (from > r->now)
        return http_error(r, 422, "invalid", "week", "该周尚未开始，不能报送");
    int64_t id = r->org_id;
    json_t *org = store_org_get(r->store, id);
    if (!org)
        return http_store_error(r);
    if (strcmp(jstr(org, "kind"), "school") != 0) {
        json_decref(org);
        return http_error(r, 422, "invalid", "org_id", "只有学校需要报送周报");
    }
    char week[16];
    week_label(monday, week, sizeof(week));
    if (store_begin(r->store) < 0) {
        json_decref(org);
        return http_store_error(r);
    }
    json_t *prev = store_report_submission(r->store, id, week);
    if (prev || store_errclass(r->store) != DB_OK) {
        json_decref(org);
        store_rollback(r->store);
        if (!prev)
            return http_store_error(r);
        json_decref(prev);
        return http_error(r, 409, "conflict", "week", "本周周报已报送，不能重复报送");
    }
    json_t *rep = weekly_json(r, id, org, r->org_path, monday);
    json_decref(org);
    if (!rep) {
        store_rollback(r->store);
        return 0;
    }
    int64_t deadline = 0;
    xa_time_parse(jstr(rep, "deadline_at"), &deadline);
    bool late = r->now > deadline;
    json_t *summary = json_deep_copy(json_object_get(rep, "totals"));
    json_decref(rep);
    const char *note = api_str(r->json, "note");
    int64_t sid = store_report_submit(r->store, id, r->org_path, week, note, summary,
                                      r->user->id, r->now, deadline, late);
    if (sid < 0) {
        json_decref(summary);
        return api_store_fail(r, "week", "本周周报已报送，不能重复报送");
    }
    json_t *after = json_pack("{s:s, s:b, s:O}", "week", week, "late", late, "summary", summary);
    json_decref(summary);
    if (api_audit(r, "submit", "weekly_report", sid, id, r->org_path, NULL, after, note) < 0) {
        json_decref(after);
        store_rollback(r->store);
        return http_store_error(r);
    }
    json_decref(after);
    if (store_commit(r->store) < 0)
        return http_store_error(r);
    json_t *rec = store_report_submission(r->store, id, week);
    if (!rec)
        return http_store_error(r);
    json_object_set_new(rec, "status", json_string(late ? "late" : "submitted"));
    return http_json(r, 201, rec);
}

/* ---------------------------------------------------------------- monthly */

static int parse_month(const char *s, int *y, int *m)
{
    int n = 0;
    if (!s || strlen(s) != 7 || sscanf(s, "%4d-%2d%n", y, m, &n) != 2 || n != 7 || *y < 2000 ||
        *y > 2100 || *m < 1 || *m > 12)
        return -1;
    return 0;
}

int api_report_monthly(struct req *r)
{
    int fmt;
    if (parse_format(r, &fmt))
        return 0;
    int y, m;
    const char *ms = http_query(r, "month");
    if (!ms || !*ms) {
        int64_t d = (r->now + XA_TZ_OFFSET_MS) / XA_DAY_MS;
        unsigned mm, dd;
        xa_civil_from_days(d, &y, &mm, &dd);
        m = (int)mm - 1; /* default: last month */
        if (m == 0) {
            m = 12;
            y--;
        }
    } else if (parse_month(ms, &y, &m)) {
        return http_error(r, 400, "invalid", "month", "month 格式应为 2026-11");
    }
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    struct store *s = r->store;
    int64_t d0 = xa_days_from_civil(y, (unsigned)m, 1);
    int64_t d1 = m == 12 ? xa_days_from_civil(y + 1, 1, 1) : xa_days_from_civil(y, (unsigned)m + 1, 1);
    int64_t from = day_ms(d0), to = day_ms(d1);
    bool school = !strcmp(jstr(org, "kind"), "school");
    json_t *units = store_report_units(s, id, school, from, to, "", 0, RPU_HAZARDS | RPU_MONTH);
    int64_t dmin = store_report_deadline_min(s, path);
    if (!units || dmin < 0) {
        json_decref(org);
        json_decref(units);
        return http_store_error(r);
    }
    /* weekly reports of the weeks whose Monday lies in the month */
    int weeks_due = 0;
    int64_t first_mon = d0 + (7 - (((d0 + 3) % 7 + 7) % 7)) % 7;
    for (int64_t mon = first_mon; mon < d1; mon += 7) {
        char wk[16];
        week_label(mon, wk, sizeof(wk));
        if (day_ms(mon + 7) + dmin * 60000 >= r->now)
            continue; /* not due yet */
        weeks_due++;
        json_t *wu = store_report_units(s, id, school, 0, 0, wk, 0, RPU_SUBMIT);
        if (!wu) {
            json_decref(org);
            json_decref(units);
            return http_store_error(r);
        }
        size_t i;
        json_t *u;
        json_array_foreach(units, i, u)
        {
            json_t *x = json_array_get(wu, i);
            json_object_set_new(u, "schools", json_integer(jint(x, "schools")));
            json_object_set_new(u, "reports_on_time",
                                json_integer(jint(u, "reports_on_time") + jint(x, "submitted") -
                                             jint(x, "late")));
            json_object_set_new(u, "reports_late",
                                json_integer(jint(u, "reports_late") + jint(x, "late")));
            json_object_set_new(u, "reports_missing",
                                json_integer(jint(u, "reports_missing") + jint(x, "schools") -
                                             jint(x, "submitted")));
        }
        json_decref(wu);
    }
    /* the score (see MONTHLY_FORMULA) */
    size_t n = json_array_size(units), i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        int64_t found = jint(u, "found"), cf = jint(u, "closed_of_found");
        double rate = found ? (double)cf / (double)found : 1.0;
        int64_t due = jint(u, "schools") * weeks_due;
        double ontime = due ? (double)jint(u, "reports_on_time") / (double)due : 1.0;
        double score = 60 * rate + 40 * ontime - 2.0 * (double)jint(u, "overdue") -
                       5.0 * (double)jint(u, "rebounds");
        score = score < 0 ? 0 : score > 100 ? 100 : score;
        score = (double)(int64_t)(score * 10 + 0.5) / 10;
        json_object_set_new(u, "rectify_rate", json_real((double)(int64_t)(rate * 1000 + 0.5) / 10));
        json_object_set_new(u, "on_time_rate",
                            json_real((double)(int64_t)(ontime * 1000 + 0.5) / 10));
        json_object_set_new(u, "reports_due", json_integer(due));
        if (!json_object_get(u, "reports_on_time")) {
            json_object_set_new(u, "reports_on_time", json_integer(0));
            json_object_set_new(u, "reports_late", json_integer(0));
            json_object_set_new(u, "reports_missing", json_integer(0));
        }
        json_object_set_new(u, "score", json_real(score));
    }
    /* rank: score desc, overdue asc, path asc (insertion sort, few units) */
    json_t *ranked = json_array();
    json_array_foreach(units, i, u)
    {
        size_t k = 0;
        for (; k < json_array_size(ranked); k++) {
            json_t *v = json_array_get(ranked, k);
            double a = json_real_value(json_object_get(u, "score")),
                   b = json_real_value(json_object_get(v, "score"));
            if (a > b || (a == b && jint(u, "overdue") < jint(v, "overdue")))
                break;
        }
        json_array_insert(ranked, k, u);
    }
    json_t *commend = json_array(), *criticize = json_array();
    json_array_foreach(ranked, i, u)
    {
        json_object_set_new(u, "rank", json_integer((json_int_t)i + 1));
        double sc = json_real_value(json_object_get(u, "score"));
        if (sc >= 90 && jint(u, "overdue") == 0 && jint(u, "rebounds") == 0)
            json_array_append_new(commend, json_pack("{s:I, s:s, s:f, s:s}", "org_id",
                                                     (json_int_t)jint(u, "org_id"), "name",
                                                     jstr(u, "name"), "score", sc, "reason",
                                                     "得分 ≥ 90，无逾期、无反弹"));
        struct strbuf why = STRBUF_INIT;
        if (sc < 60)
            strbuf_addf(&why, "得分 %.1f 低于 60", sc);
        if (jint(u, "overdue") >= 3)
            strbuf_addf(&why, "%s逾期隐患 %lld 项", why.len ? "；" : "",
                        (long long)jint(u, "overdue"));
        if (jint(u, "reports_missing") > 0)
            strbuf_addf(&why, "%s漏报周报 %lld 份", why.len ? "；" : "",
                        (long long)jint(u, "reports_missing"));
        if (why.len)
            json_array_append_new(criticize, json_pack("{s:I, s:s, s:f, s:s}", "org_id",
                                                       (json_int_t)jint(u, "org_id"), "name",
                                                       jstr(u, "name"), "score", sc, "reason",
                                                       why.buf));
        strbuf_release(&why);
    }
    XA_UNUSED(n);
    json_t *overdue = store_report_overdue_list(s, path, 500);
    json_t *rebound = store_report_rebound_list(s, path, from, to, 500);
    if (!overdue || !rebound) {
        json_decref(org);
        json_decref(units);
        json_decref(ranked);
        json_decref(commend);
        json_decref(criticize);
        json_decref(overdue);
        json_decref(rebound);
        return http_store_error(r);
    }
    char month[16], f0[16], f1[16];
    snprintf(month, sizeof(month), "%04d-%02d", y, m);
    day_str(from, f0, sizeof(f0));
    day_str(to - 1, f1, sizeof(f1));
    json_t *rep = json_pack("{s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:o, "
                            "s:o, s:o}",
                            "kind", "monthly", "org", "id", (json_int_t)id, "name",
                            jstr(org, "name"), "kind", jstr(org, "kind"), "month", month, "from",
                            f0, "to", f1, "weeks_due", weeks_due, "formula", MONTHLY_FORMULA,
                            "ranking", ranked, "overdue", overdue, "rebounds", rebound,
                            "commendations", commend, "criticisms", criticize);
    json_decref(units);
    json_decref(org);
    if (fmt == 0)
        return http_json(r, 200, rep);
    struct xd_doc *d = xd_create(arena_printf(r->arena, "%s %s 安全隐患排查治理月通报",
                                              jstr(json_object_get(rep, "org"), "name"), month));
    xd_subtitle(d, "统计周期：%s 至 %s", f0, f1);
    xd_landscape(d, true);
    struct xd_table *x = xd_table(d, "排名");
    xd_col(x, "名次", 6, true);
    xd_col(x, "单位", 20, false);
    xd_col(x, "得分", 8, true);
    xd_col(x, "发现", 7, true);
    xd_col(x, "已验收销号", 9, true);
    xd_col(x, "整改率(%)", 9, true);
    xd_col(x, "逾期", 7, true);
    xd_col(x, "反弹", 7, true);
    xd_col(x, "周报应报", 8, true);
    xd_col(x, "按时", 7, true);
    xd_col(x, "迟报", 7, true);
    xd_col(x, "漏报", 7, true);
    json_array_foreach(json_object_get(rep, "ranking"), i, u)
    {
        xd_row(x);
        xd_int(x, jint(u, "rank"));
        xd_text(x, jstr(u, "name"));
        xd_num(x, json_real_value(json_object_get(u, "score")), 1);
        xd_int(x, jint(u, "found"));
        xd_int(x, jint(u, "closed_of_found"));
        xd_num(x, json_real_value(json_object_get(u, "rectify_rate")), 1);
        xd_int(x, jint(u, "overdue"));
        xd_int(x, jint(u, "rebounds"));
        xd_int(x, jint(u, "reports_due"));
        xd_int(x, jint(u, "reports_on_time"));
        xd_int(x, jint(u, "reports_late"));
        xd_int(x, jint(u, "reports_missing"));
    }
    static const char *const lists[][2] = {{"commendations", "通报表扬"},
                                           {"criticisms", "通报批评"}};
    for (int li = 0; li < 2; li++) {
        x = xd_table(d, lists[li][1]);
        xd_col(x, "单位", 24, false);
        xd_col(x, "得分", 8, true);
        xd_col(x, "事由", 40, false);
        json_array_foreach(json_object_get(rep, lists[li][0]), i, u)
        {
            xd_row(x);
            xd_text(x, jstr(u, "name"));
            xd_num(x, json_real_value(json_object_get(u, "score")), 1);
            xd_text(x, jstr(u, "reason"));
        }
    }
    static const char *const hl[][2] = {{"overdue", "逾期隐患"}, {"rebounds", "反弹隐患"}};
    for (int li = 0; li < 2; li++) {
        x = xd_table(d, hl[li][1]);
        xd_col(x, "编号", 7, true);
        xd_col(x, "学校", 18, false);
        xd_col(x, "隐患", 26, false);
        xd_col(x, "等级", 9, false);
        xd_col(x, "状态", 8, false);
        xd_col(x, "整改期限", 16, false);
        xd_col(x, "反弹次数", 8, true);
        json_array_foreach(json_object_get(rep, hl[li][0]), i, u)
        {
            xd_row(x);
            xd_int(x, jint(u, "id"));
            xd_text(x, jstr(u, "school"));
            xd_text(x, jstr(u, "title"));
            xd_text(x, grade_zh(jstr(u, "grade")));
            xd_text(x, state_zh(jstr(u, "state")));
            xd_textf(x, "%.10s", jstr(u, "deadline_at"));
            xd_int(x, jint(u, "rebounds"));
        }
    }
    xd_note(d, "排名公式：%s", MONTHLY_FORMULA);
    char base[64];
    snprintf(base, sizeof(base), "monthly-%s-%lld", month, (long long)id);
    json_decref(rep);
    return send_doc(r, d, fmt, base);
}

/* ---------------------------------------------------------------- statistics */

int api_report_statistics(struct req *r)
{
    int fmt;
    if (parse_format(r, &fmt))
        return 0;
    const char *fs = http_query(r, "from"), *ts = http_query(r, "to");
    int64_t from, to;
    if (!fs || !*fs)
        return http_error(r, 422, "required", "from", "请指定开始日期 from");
    if (!ts || !*ts)
        return http_error(r, 422, "required", "to", "请指定结束日期 to");
    if (strlen(fs) != 10 || xa_time_parse(fs, &from))
        return http_error(r, 400, "invalid", "from", "from 格式应为 YYYY-MM-DD");
    if (strlen(ts) != 10 || xa_time_parse(ts, &to))
        return http_error(r, 400, "invalid", "to", "to 格式应为 YYYY-MM-DD");
    to += XA_DAY_MS; /* inclusive */
    if (to <= from)
        return http_error(r, 422, "invalid", "to", "结束日期不能早于开始日期");
    if (to - from > 3700 * XA_DAY_MS)
        return http_error(r, 422, "invalid", "from", "统计区间不能超过 10 年");
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    bool school = !strcmp(jstr(org, "kind"), "school");
    json_t *totobj = NULL, *bd = NULL;
    json_t *units = store_report_units_ex(r->store, id, school, from, to, "", 0, RPU_HAZARDS,
                                          &totobj, &bd);
    json_t *tot = totobj ? json_pack("[o]", totobj) : units ? json_array() : NULL;
    if (!units || !tot || !bd) {
        json_decref(org);
        json_decref(units);
        json_decref(tot);
        json_decref(bd);
        return http_store_error(r);
    }
    size_t i;
    json_t *u;
    json_t *totals = json_deep_copy(json_array_get(tot, 0));
    json_decref(tot);
    json_array_append(units, totals); /* rates for the units and the totals alike */
    json_array_foreach(units, i, u)
    {
        int64_t f = jint(u, "found");
        json_object_set_new(u, "rectify_rate",
                            json_real(f ? (double)(int64_t)(jint(u, "rectified") * 1000.0 / f + 0.5) /
                                              10
                                        : 0.0));
    }
    json_array_remove(units, json_array_size(units) - 1);
    static const char *const drop[] = {"org_id", "name", "kind", "code", "path"};
    for (size_t k = 0; k < XA_ARRAY_LEN(drop); k++)
        json_object_del(totals, drop[k]);
    /* category x grade matrix */
    json_t *cats = json_array(), *row;
    json_array_foreach(bd, i, row)
    {
        json_t *c = NULL, *x;
        size_t j;
        json_array_foreach(cats, j, x) if (!strcmp(jstr(x, "category"), jstr(row, "category"))) c = x;
        if (!c) {
            c = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "category", jstr(row, "category"),
                          "category_name", jstr(row, "category_name"), "found_general",
                          (json_int_t)0, "found_major", (json_int_t)0, "rectified", (json_int_t)0,
                          "open", (json_int_t)0, "overdue", (json_int_t)0);
            json_array_append_new(cats, c);
        }
        const char *gk = strcmp(jstr(row, "grade"), "major") ? "found_general" : "found_major";
        json_object_set_new(c, gk, json_integer(jint(c, gk) + jint(row, "found")));
        static const char *const f[] = {"rectified", "open", "overdue"};
        for (int k = 0; k < 3; k++)
            json_object_set_new(c, f[k], json_integer(jint(c, f[k]) + jint(row, f[k])));
    }
    json_decref(bd);
    char f0[16], f1[16];
    day_str(from, f0, sizeof(f0));
    day_str(to - 1, f1, sizeof(f1));
    json_t *rep = json_pack("{s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:o, s:o, s:o, s:s}", "kind",
                            "statistics", "org", "id", (json_int_t)id, "name", jstr(org, "name"),
                            "kind", jstr(org, "kind"), "from", f0, "to", f1, "totals", totals,
                            "units", units, "by_category", cats, "note",
                            "发现数、整改销号数为统计区间内数据；未整改、逾期为当前数；整改率 = "
                            "整改销号数 ÷ 发现数 × 100%");
    json_decref(org);
    if (fmt == 0)
        return http_json(r, 200, rep);
    struct xd_doc *d =
        xd_create(arena_printf(r->arena, "%s 隐患排查治理统计分析表",
                               jstr(json_object_get(rep, "org"), "name")));
    xd_subtitle(d, "统计区间：%s 至 %s", f0, f1);
    xd_landscape(d, true);
    struct xd_table *x = xd_table(d, "按单位");
    xd_col(x, "单位", 22, false);
    static const char *const k[][2] = {
        {"found", "发现隐患"}, {"found_major", "其中重大"}, {"rectified", "整改销号"},
        {"open", "未整改"},    {"overdue", "逾期"},         {"major_open", "未整改重大"},
    };
    for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
        xd_col(x, k[c][1], 9, true);
    xd_col(x, "整改率(%)", 9, true);
    json_array_foreach(json_object_get(rep, "units"), i, u)
    {
        xd_row(x);
        xd_text(x, jstr(u, "name"));
        for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
            xd_int(x, jint(u, k[c][0]));
        xd_num(x, json_real_value(json_object_get(u, "rectify_rate")), 1);
    }
    xd_totals(x);
    xd_text(x, "合计");
    for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
        xd_int(x, jint(totals, k[c][0]));
    xd_num(x, json_real_value(json_object_get(totals, "rectify_rate")), 1);
    x = xd_table(d, "按类别");
    xd_col(x, "隐患类别", 22, false);
    static const char *const kc[][2] = {
        {"found_general", "一般隐患"}, {"found_major", "重大隐患"}, {"rectified", "整改销号"},
        {"open", "未整改"},            {"overdue", "逾期"},
    };
    for (size_t c = 0; c < XA_ARRAY_LEN(kc); c++)
        xd_col(x, kc[c][1], 10, true);
    int64_t sum[XA_ARRAY_LEN(kc)] = {0};
    json_array_foreach(json_object_get(rep, "by_category"), i, u)
    {
        xd_row(x);
        xd_text(x, jstr(u, "category_name"));
        for (size_t c = 0; c < XA_ARRAY_LEN(kc); c++) {
            xd_int(x, jint(u, kc[c][0]));
            sum[c] += jint(u, kc[c][0]);
        }
    }
    xd_totals(x);
    xd_text(x, "合计");
    for (size_t c = 0; c < XA_ARRAY_LEN(kc); c++)
        xd_int(x, sum[c]);
    xd_note(d, "注：%s。", jstr(rep, "note"));
    char base[80];
    snprintf(base, sizeof(base), "statistics-%s-%s-%lld", f0, f1, (long long)id);
    json_decref(rep);
    return send_doc(r, d, fmt, base);
}

/* ---------------------------------------------------------------- settings */

int api_report_settings_get(struct req *r)
{
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    json_decref(org);
    int64_t m = store_report_deadline_min(r->store, path);
    if (m < 0)
        return http_store_error(r);
    return http_json(r, 200,
                     json_pack("{s:I, s:I, s:s}", "org_id", (json_int_t)id,
                               "weekly_deadline_minutes", (json_int_t)m, "rule",
                               "周报截止时间 = 该 ISO 周结束（下周一 00:00）后的分钟数"));
}

static const struct vfield settings_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"weekly_deadline_minutes", V_INT, true, 0, 10080, NULL},
};

int api_report_settings_put(struct req *r)
{
    if (VALIDATE(r, r->json, settings_spec))
        return 0;
    int64_t id = r->org_id, m = api_int(r->json, "weekly_deadline_minutes");
    if (store_begin(r->store) < 0)
        return http_store_error(r);
    int64_t before = store_report_deadline_min(r->store, r->org_path);
    if (before < 0 ||
        store_report_set_deadline(r->store, id, r->org_path, m, r->user->id, r->now) < 0)
        return api_store_fail(r, NULL, NULL);
    json_t *b = json_pack("{s:I}", "weekly_deadline_minutes", (json_int_t)before);
    json_t *a = json_pack("{s:I}", "weekly_deadline_minutes", (json_int_t)m);
    int rc = api_audit(r, "update", "report_settings", id, id, r->org_path, b, a, NULL);
    json_decref(b);
    json_decref(a);
    if (rc < 0 || store_commit(r->store) < 0) {
        store_rollback(r->store);
        return http_store_error(r);
    }
    return http_json(r, 200,
                     json_pack("{s:I, s:I}", "org_id", (json_int_t)id, "weekly_deadline_minutes",
                               (json_int_t)m));
}

/* ---------------------------------------------------------------- notice */

int api_report_hazard_locate(struct store *s, int64_t id, char *path, size_t len)
{
    json_t *o = store_report_notice(s, id);
    if (!o)
        return store_errclass(s) == DB_OK ? 0 : -1;
    snprintf(path, len, "%s", jstr(o, "org_path"));
    json_decref(o);
    return 1;
}

int api_hazard_notice_pdf(struct req *r)
{
    json_t *h = store_report_notice(r->store, r->id);
    if (!h) {
        if (store_errclass(r->store) != DB_OK)
            return http_store_error(r);
        return http_error(r, 404, "not_found", "id", "对象不存在");
    }
    char number[48], found[32] = "", deadline[16] = "", issued[48];
    int64_t fa = 0;
    xa_time_parse(jstr(h, "found_at"), &fa);
    snprintf(number, sizeof(number), "XA-%.4s-%06lld", jstr(h, "found_at"), (long long)r->id);
    if (*jstr(h, "found_at"))
        minute_str(fa, found, sizeof(found));
    const char *dl = *jstr(h, "deadline_at") ? jstr(h, "deadline_at") : jstr(h, "five_deadline_at");
    snprintf(deadline, sizeof(deadline), "%.10s", dl);
    int y;
    unsigned m, d;
    xa_civil_from_days((r->now + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
    snprintf(issued, sizeof(issued), "%d年%u月%u日", y, m, d);
    const char *req = *jstr(h, "five_measures")
                          ? jstr(h, "five_measures")
                          : "立即采取有效措施消除隐患；暂时无法消除的，落实防范措施，设置警示标志，"
                            "确保师生安全。";
    struct xd_notice n = {
        .number = number,
        .school = jstr(h, "school"),
        .title = jstr(h, "title"),
        .location = jstr(h, "location"),
        .category = jstr(h, "category_name"),
        .grade = grade_zh(jstr(h, "grade")),
        .found_at = found,
        .found_by = jstr(h, "reporter"),
        .description = jstr(h, "description"),
        .requirements = req,
        .measures = jstr(h, "safeguards"),
        .deadline = deadline,
        .bureau = *jstr(h, "bureau") ? jstr(h, "bureau") : NULL,
        .issue_date = issued,
    };
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_notice(&n, &sb);
    const char *fname = api_doc_name(r, n.school, "整改通知书", "pdf");
    json_decref(h);
    if (rc < 0) {
        strbuf_release(&sb);
        return http_error(r, 500, "internal", NULL, "通知书生成失败");
    }
    return send_pdf(r, &sb, fname,
                    arena_printf(r->arena, "notice-%lld.pdf", (long long)r->id));
}
