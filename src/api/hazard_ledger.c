/*
 * hazard_ledger.c - GET /hazards/export: the hazard ledger (隐患排查治理台账)
 * of a region as JSON, .xlsx or PDF, and GET /risk-points/labels.pdf: the QR
 * labels of a school's risk points with their 风险告知卡 (api_doc.h).
 *
 * The ledger holds what the three-year plan asks of one: where each hazard
 * came from (自查, 检查, 暗查暗访, 举报), who found it when, its 五落实,
 * 督办, when the work was done, who verified it, when it was closed, whether
 * it was ever overdue, and the whole handling in words with people's names;
 * rows by school, then by the time found. A second sheet lists the region's
 * yellow cards and interviews (问责处理). The list screen's filters apply.
 */
#include "core/compat.h"
#include "api/api_doc.h"
#include "api/api_risk.h"
#include "core/timeutil.h"
#include "domain/hazard.h"
#include "domain/words.h"
#include "export/export.h"
#include "store/store_doc.h"

#define LEDGER_MAX 20000
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const char *js(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static bool jb(json_t *o, const char *k)
{
    return json_is_true(json_object_get(o, k));
}

/* "2026年12月3日" of an instant. */
static const char *zh_date(struct req *r, int64_t ms)
{
    int y;
    unsigned m, d;
    xa_civil_from_days((ms + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
    return arena_printf(r->arena, "%d年%u月%u日", y, m, d);
}

/* "2026-11-23 14:05" of an ISO time ("" for ""). */
static const char *short_time(struct req *r, const char *iso)
{
    if (!iso || strlen(iso) < 16)
        return "";
    return arena_printf(r->arena, "%.10s %.5s", iso, iso + 11);
}

/* One event of the history in words: "2026-11-23 14:05 交办整改（王伟）：
 * 整改责任人 李四，期限 2026-11-30；说明". Condensed: "11-23 交办整改 王伟". */
static void event_words(struct strbuf *sb, json_t *e, bool condensed)
{
    const char *at = js(e, "at"), *actor = js(e, "actor");
    const char *action = words_hazard_action(js(e, "action"));
    if (condensed) {
        strbuf_addf(sb, "%s%.5s %s%s%s", sb->len ? "；" : "", strlen(at) >= 10 ? at + 5 : at,
                    action, *actor ? " " : "", actor);
        return;
    }
    strbuf_addf(sb, "%s%.10s %.5s %s", sb->len ? "\n" : "", at, strlen(at) >= 16 ? at + 11 : "",
                action);
    if (*actor)
        strbuf_addf(sb, "（%s）", actor);
    int parts = 0;
    if (*js(e, "rectifier"))
        strbuf_addf(sb, "%s整改责任人 %s", parts++ ? "，" : "：", js(e, "rectifier"));
    if (*js(e, "deadline"))
        strbuf_addf(sb, "%s期限 %.10s", parts++ ? "，" : "：", js(e, "deadline"));
    if (*js(e, "department"))
        strbuf_addf(sb, "%s移交 %s", parts++ ? "，" : "：", js(e, "department"));
    const char *why = *js(e, "reason") ? js(e, "reason") : js(e, "note");
    if (*why)
        strbuf_addf(sb, "%s%s", parts++ ? "；" : "：", why);
}

static const char *history_words(struct req *r, json_t *h, bool condensed)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(h, "history"), i, e) event_words(&sb, e, condensed);
    const char *s = arena_strdup(r->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

/* By school name, then time found, then id. */
static int by_school_date(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c = strcmp(js(x, "school"), js(y, "school"));
    if (!c)
        c = strcmp(js(x, "found_at"), js(y, "found_at"));
    if (!c) {
        json_int_t i = json_integer_value(json_object_get(x, "id")),
                   j = json_integer_value(json_object_get(y, "id"));
        c = i < j ? -1 : i > j;
    }
    return c;
}

static json_t *sorted(json_t *rows)
{
    size_t n = json_array_size(rows);
    json_t **v = malloc((n ? n : 1) * sizeof(*v));
    if (!v)
        abort();
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(rows, i));
    qsort(v, n, sizeof(*v), by_school_date);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, v[i]);
    free(v);
    json_decref(rows);
    return out;
}

/* "0"/"1"/"true"/"false" into *out (-1 when absent); -1 after a 400. */
static int flag(struct req *r, const char *name, int *out)
{
    const char *v = http_query(r, name);
    *out = -1;
    if (!v || !*v)
        return 0;
    if (!strcmp(v, "1") || !strcmp(v, "true"))
        *out = 1;
    else if (!strcmp(v, "0") || !strcmp(v, "false"))
        *out = 0;
    else
        return http_error(r, 400, "invalid", name, "参数 %s 应为 0 或 1", name), -1;
    return 0;
}

/* The hazard list's filters from the query; their words into words. -1
 * after answering 400. */
static int read_filter(struct req *r, struct hazard_filter *f, struct strbuf *words)
{
    memset(f, 0, sizeof(*f));
    f->state = http_query(r, "status");
    if (!f->state || !*f->state)
        f->state = http_query(r, "state");
    f->grade = http_query(r, "grade");
    f->category = http_query(r, "category");
    f->q = http_query(r, "q");
    enum hazard_state st;
    enum hazard_grade gr;
    if (f->state && *f->state && hazard_state_parse(f->state, &st))
        return http_error(r, 400, "invalid", "status", "未知的隐患状态 %.40s", f->state), -1;
    if (f->grade && *f->grade && hazard_grade_parse(f->grade, &gr))
        return http_error(r, 400, "invalid", "grade", "隐患等级应为 general 或 major"), -1;
    if (f->category && strlen(f->category) > 32)
        return http_error(r, 400, "invalid", "category", "类别代码过长"), -1;
    if (f->q && strlen(f->q) > 100)
        return http_error(r, 400, "invalid", "q", "搜索词过长"), -1;
    if (flag(r, "overdue", &f->overdue) || flag(r, "supervised", &f->supervised))
        return -1;
    f->recheck_due = -1;
    if (f->state && *f->state)
        strbuf_addf(words, "　状态：%s", words_hazard_state(f->state));
    if (f->grade && *f->grade)
        strbuf_addf(words, "　等级：%s", !strcmp(f->grade, "major") ? "重大隐患" : "一般隐患");
    if (f->category && *f->category)
        strbuf_addf(words, "　类别：%s", f->category);
    if (f->q && *f->q)
        strbuf_addf(words, "　关键词：%s", f->q);
    if (f->overdue >= 0)
        strbuf_addf(words, "　%s", f->overdue ? "仅超期" : "未超期");
    if (f->supervised >= 0)
        strbuf_addf(words, "　%s", f->supervised ? "仅挂牌督办" : "未挂牌督办");
    return 0;
}

/* The org of a document: ?org= (checked by the dispatcher) or the user's
 * only subtree. Its JSON, or NULL after answering. */
static json_t *doc_org(struct req *r)
{
    int64_t id = r->org_id;
    if (!id && r->scope.n == 1) {
        const char *p = r->scope.path[0];
        const char *e = p + strlen(p);
        if (e > p && e[-1] == '/')
            e--;
        const char *b = e;
        while (b > p && b[-1] != '/')
            b--;
        id = strtoll(b, NULL, 10);
    }
    if (!id)
        return http_error(r, 422, "required", "org", "请指定组织机构 org"), NULL;
    json_t *o = store_org_get(r->store, id);
    if (!o) {
        if (store_errclass(r->store) != DB_OK)
            http_store_error(r);
        else
            http_error(r, 404, "not_found", "org", "组织机构不存在");
    }
    return o;
}

static void ledger_xlsx_table(struct req *r, struct xd_doc *d, json_t *rows)
{
    struct xd_table *x = xd_table(d, "隐患台账");
    static const struct {
        const char *title;
        double w;
        bool num;
    } cols[] = {
        {"编号", 6, true},         {"学校", 16, false},       {"隐患名称", 20, false},
        {"类别", 10, false},       {"等级", 9, false},        {"位置", 12, false},
        {"来源", 9, false},        {"发现人", 8, false},      {"发现时间", 16, false},
        {"整改责任人", 9, false},  {"整改措施", 22, false},   {"整改资金（元）", 11, true},
        {"整改期限", 16, false},   {"整改预案", 16, false},   {"挂牌督办", 16, false},
        {"状态", 8, false},        {"整改完成时间", 16, false}, {"验收人", 8, false},
        {"销号时间", 16, false},   {"曾逾期", 7, false},      {"反弹次数", 6, true},
        {"处理过程", 42, false},
    };
    for (size_t c = 0; c < XA_ARRAY_LEN(cols); c++)
        xd_col(x, cols[c].title, cols[c].w, cols[c].num);
    size_t i;
    json_t *h;
    json_array_foreach(rows, i, h)
    {
        xd_row(x);
        xd_int(x, json_integer_value(json_object_get(h, "id")));
        xd_text(x, js(h, "school"));
        xd_text(x, js(h, "title"));
        xd_text(x, js(h, "category_name"));
        xd_text(x, !strcmp(js(h, "grade"), "major") ? "重大隐患" : "一般隐患");
        xd_text(x, js(h, "location"));
        xd_text(x, words_hazard_source(js(h, "source")));
        xd_text(x, js(h, "reporter"));
        xd_date_iso(x, js(h, "found_at"), true);
        xd_text(x, *js(h, "five_responsible") ? js(h, "five_responsible") : js(h, "rectifier"));
        xd_text(x, js(h, "five_measures"));
        json_t *funds = json_object_get(h, "five_funds");
        if (json_is_number(funds))
            xd_money(x, json_number_value(funds));
        else
            xd_skip(x);
        xd_date_iso(x, *js(h, "five_deadline_at") ? js(h, "five_deadline_at") : js(h, "deadline_at"),
                    true);
        xd_text(x, js(h, "five_plan"));
        if (jb(h, "supervised"))
            xd_textf(x, "是（%s%s%.10s）", js(h, "supervised_by"), *js(h, "supervised_by") ? "，" : "",
                     js(h, "supervised_at"));
        else
            xd_text(x, "否");
        xd_text(x, words_hazard_state(js(h, "state")));
        xd_date_iso(x, js(h, "completed_at"), true);
        xd_text(x, js(h, "verifier"));
        xd_date_iso(x, js(h, "closed_at"), true);
        xd_text(x, jb(h, "ever_overdue") ? "是" : "否");
        xd_int(x, json_integer_value(json_object_get(h, "rebounds")));
        xd_text(x, history_words(r, h, false));
    }
}

/* The PDF: fewer, combined columns and the history condensed, so rows pack. */
static void ledger_pdf_table(struct req *r, struct xd_doc *d, json_t *rows)
{
    struct xd_table *x = xd_table(d, "隐患台账");
    xd_col(x, "编号", 4, true);
    xd_col(x, "学校", 9, false);
    xd_col(x, "隐患（类别·位置）", 16, false);
    xd_col(x, "等级", 4.5, false);
    xd_col(x, "来源·发现", 10, false);
    xd_col(x, "五落实（责任人·措施·资金·期限·预案）", 22, false);
    xd_col(x, "督办", 4, false);
    xd_col(x, "状态", 5, false);
    xd_col(x, "完成·验收·销号", 12, false);
    xd_col(x, "曾逾期", 4, false);
    xd_col(x, "处理过程", 26, false);
    size_t i;
    json_t *h;
    json_array_foreach(rows, i, h)
    {
        xd_row(x);
        xd_int(x, json_integer_value(json_object_get(h, "id")));
        xd_text(x, js(h, "school"));
        xd_textf(x, "%s（%s%s%s）", js(h, "title"), js(h, "category_name"),
                 *js(h, "location") ? "·" : "", js(h, "location"));
        xd_text(x, !strcmp(js(h, "grade"), "major") ? "重大" : "一般");
        xd_textf(x, "%s·%s %s", words_hazard_source(js(h, "source")), js(h, "reporter"),
                 short_time(r, js(h, "found_at")));
        struct strbuf f = STRBUF_INIT;
        const char *who = *js(h, "five_responsible") ? js(h, "five_responsible") : js(h, "rectifier");
        if (*who)
            strbuf_addf(&f, "%s", who);
        if (*js(h, "five_measures"))
            strbuf_addf(&f, "%s%s", f.len ? "；" : "", js(h, "five_measures"));
        json_t *funds = json_object_get(h, "five_funds");
        if (json_is_number(funds)) {
            char m[48];
            struct xd_cell c = {.kind = XD_NUM, .num = json_number_value(funds), .decimals = 2,
                                .money = true};
            strbuf_addf(&f, "%s%s元", f.len ? "；" : "", xd_cell_str(&c, m, sizeof(m)));
        }
        const char *dl = *js(h, "five_deadline_at") ? js(h, "five_deadline_at") : js(h, "deadline_at");
        if (*dl)
            strbuf_addf(&f, "%s期限 %.10s", f.len ? "；" : "", dl);
        if (*js(h, "five_plan"))
            strbuf_addf(&f, "；预案：%s", js(h, "five_plan"));
        xd_text(x, f.buf);
        strbuf_release(&f);
        xd_text(x, jb(h, "supervised") ? "是" : "否");
        xd_text(x, words_hazard_state(js(h, "state")));
        xd_textf(x, "%s%s%s%s%s%s", *js(h, "completed_at") ? "完成 " : "",
                 short_time(r, js(h, "completed_at")),
                 *js(h, "verifier") ? (*js(h, "completed_at") ? "\n验收 " : "验收 ") : "",
                 js(h, "verifier"), *js(h, "closed_at") ? "\n销号 " : "",
                 short_time(r, js(h, "closed_at")));
        xd_text(x, jb(h, "ever_overdue") ? "是" : "否");
        xd_text(x, history_words(r, h, true));
    }
}

static void penalty_table(struct xd_doc *d, json_t *pen)
{
    struct xd_table *t = xd_table(d, "问责处理");
    xd_col(t, "日期", 11, false);
    xd_col(t, "学校", 18, false);
    xd_col(t, "方式", 9, false);
    xd_col(t, "事由", 36, false);
    xd_col(t, "作出单位", 16, false);
    xd_col(t, "结果", 16, false);
    size_t i;
    json_t *p;
    json_array_foreach(pen, i, p)
    {
        xd_row(t);
        xd_text(t, js(p, "day"));
        xd_text(t, js(p, "school"));
        xd_text(t, js(p, "kind"));
        xd_text(t, js(p, "reason"));
        xd_text(t, js(p, "by_org"));
        xd_text(t, js(p, "result"));
    }
    if (!json_array_size(pen)) {
        xd_row(t);
        xd_text(t, "—");
        xd_text(t, "本辖区无黄牌警告、约谈记录");
    }
}

int api_ledger_export(struct req *r)
{
    const char *fs = http_query(r, "format");
    int fmt = 1; /* 0 json, 1 xlsx, 2 pdf */
    if (fs && *fs) {
        if (!strcmp(fs, "json"))
            fmt = 0;
        else if (!strcmp(fs, "pdf"))
            fmt = 2;
        else if (strcmp(fs, "xlsx") != 0)
            return http_error(r, 400, "invalid", "format", "format 只能是 json、xlsx 或 pdf");
    }
    struct hazard_filter f;
    struct strbuf fw = STRBUF_INIT;
    if (read_filter(r, &f, &fw)) {
        strbuf_release(&fw);
        return 0;
    }
    json_t *org = doc_org(r);
    if (!org) {
        strbuf_release(&fw);
        return 0;
    }
    const char *path = arena_strdup(r->arena, js(org, "path"));
    const char *oname = arena_strdup(r->arena, js(org, "name"));
    int64_t id = json_integer_value(json_object_get(org, "id"));
    json_decref(org);
    int64_t total = 0;
    json_t *rows = store_doc_ledger(r->store, path, &f, LEDGER_MAX, &total);
    json_t *pen = rows ? store_doc_penalties(r->store, path) : NULL;
    if (!rows || !pen) {
        strbuf_release(&fw);
        json_decref(rows);
        return http_store_error(r);
    }
    rows = sorted(rows);
    if (fmt == 0) {
        size_t i;
        json_t *h;
        json_array_foreach(rows, i, h)
        {
            json_object_set_new(h, "source_name", json_string(words_hazard_source(js(h, "source"))));
            json_object_set_new(h, "state_name", json_string(words_hazard_state(js(h, "state"))));
            json_object_set_new(h, "history_text", json_string(history_words(r, h, false)));
        }
        strbuf_release(&fw);
        return http_json(r, 200,
                         json_pack("{s:I, s:s, s:I, s:o, s:o}", "org_id", (json_int_t)id,
                                   "org_name", oname, "total", (json_int_t)total, "items", rows,
                                   "penalties", pen));
    }
    struct xd_doc *d = xd_create(arena_printf(r->arena, "%s隐患排查治理台账", oname));
    char iso[40];
    xa_time_format(r->now, iso, sizeof(iso));
    xd_subtitle(d, "导出时间：%s　共%lld条%s%s", short_time(r, iso), (long long)total,
                fw.len ? "　筛选条件：" : "", fw.buf);
    strbuf_release(&fw);
    xd_landscape(d, true);
    if (fmt == 1)
        ledger_xlsx_table(r, d, rows);
    else {
        xd_pdf_font(d, 7);
        ledger_pdf_table(r, d, rows);
    }
    penalty_table(d, pen);
    if (total > LEDGER_MAX)
        xd_note(d, "注：仅导出最新的 %d 条，共 %lld 条；请按下级单位分别导出。", LEDGER_MAX,
                (long long)total);
    xd_note(d, "说明：来源分日常巡查、自查、督查检查、暗查暗访、群众举报、部门移交；“曾逾期”指"
               "整改超过期限（含超期后完成或销号的）；五落实为整改责任、措施、资金、时限和预案。");
    xd_signoff(d, oname, zh_date(r, r->now),
               arena_printf(r->arena, "填报人：%s　　审核人：＿＿＿＿＿＿", api_user_name(r)));
    json_decref(rows);
    json_decref(pen);
    struct strbuf sb = STRBUF_INIT;
    int rc = fmt == 1 ? xd_render_xlsx(d, &sb) : xd_render_pdf(d, &sb);
    xd_destroy(d);
    if (rc < 0) {
        strbuf_release(&sb);
        return http_error(r, 500, "internal", NULL, "导出文件生成失败");
    }
    const char *ext = fmt == 1 ? "xlsx" : "pdf";
    int rc2 = api_send_file(r, &sb, fmt == 1 ? XLSX_TYPE : "application/pdf", false,
                            api_doc_name(r, oname, "隐患台账", ext),
                            arena_printf(r->arena, "hazard-ledger-%lld.%s", (long long)id, ext));
    strbuf_release(&sb);
    return rc2;
}

/* ---------------------------------------------------------------- QR labels */

/* The control measures object {engineering, management, training, ppe,
 * emergency} in words. */
static const char *measure_words(struct req *r, json_t *cm)
{
    static const char *const keys[][2] = {{"engineering", "工程技术"}, {"management", "管理"},
                                          {"training", "培训教育"},   {"ppe", "个体防护"},
                                          {"emergency", "应急处置"}};
    struct strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < XA_ARRAY_LEN(keys); k++) {
        const char *v = json_string_value(json_object_get(cm, keys[k][0]));
        if (v && *v)
            strbuf_addf(&sb, "%s%s：%s", sb.len ? "；" : "", keys[k][1], v);
    }
    const char *s = arena_strdup(r->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

int api_labels_pdf(struct req *r)
{
    json_t *org = doc_org(r);
    if (!org)
        return 0;
    if (strcmp(js(org, "kind"), "school") != 0) {
        json_decref(org);
        return http_error(r, 422, "invalid", "org", "请选择一所学校");
    }
    int64_t id = json_integer_value(json_object_get(org, "id"));
    const char *oname = arena_strdup(r->arena, js(org, "name"));
    json_decref(org);
    json_t *pts = store_doc_label_points(r->store, id);
    if (!pts)
        return http_store_error(r);
    size_t n = json_array_size(pts), i;
    struct xd_label *l = arena_alloc(r->arena, (n ? n : 1) * sizeof(*l));
    json_t *p;
    static const char *const lv[][3] = {{"major", "red", "红色·重大"},
                                        {"high", "orange", "橙色·较大"},
                                        {"general", "yellow", "黄色·一般"},
                                        {"low", "blue", "蓝色·低"}};
    json_array_foreach(pts, i, p)
    {
        const char *level = js(p, "level"), *colour = "none", *zh = "未评价";
        for (size_t k = 0; k < XA_ARRAY_LEN(lv); k++)
            if (!strcmp(level, lv[k][0])) {
                colour = lv[k][1];
                zh = lv[k][2];
            }
        const char *risks = js(p, "hazard_factors"), *acc = js(p, "possible_accidents");
        l[i] = (struct xd_label){
            .qr = api_risk_qr_url(r, js(p, "qr_token")),
            .name = arena_strdup(r->arena, js(p, "name")),
            .level = colour,
            .level_zh = zh,
            .school = oname,
            .code = arena_printf(r->arena, "编号 RP-%06lld %s%s%s",
                                 (long long)json_integer_value(json_object_get(p, "id")),
                                 js(p, "category_name"), *js(p, "location") ? "·" : "",
                                 js(p, "location")),
            .risks = arena_printf(r->arena, "%s%s%s", risks,
                                  *risks && *acc ? "；可能导致" : *acc ? "可能导致" : "", acc),
            .measures = measure_words(r, json_object_get(p, "control_measures")),
            .responsible = arena_strdup(r->arena, js(p, "responsible")),
            .phone = arena_printf(r->arena, "%s%s火警119 急救120 报警110", js(p, "phone"),
                                  *js(p, "phone") ? "；" : ""),
        };
    }
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_labels(arena_printf(r->arena, "%s 风险点二维码及风险告知卡", oname), l, n,
                              &sb);
    json_decref(pts);
    if (rc < 0) {
        strbuf_release(&sb);
        return http_error(r, 500, "internal", NULL, "二维码标签生成失败");
    }
    rc = api_send_file(r, &sb, "application/pdf", true, api_doc_name(r, oname, "风险点二维码", "pdf"),
                       arena_printf(r->arena, "risk-labels-%lld.pdf", (long long)id));
    strbuf_release(&sb);
    return rc;
}
