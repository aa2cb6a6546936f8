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
#include "domain/rates.h"
#include "export/export.h"
#include "store/store_report.h"

#define SCHOOL_DAYS_NOTE "计划巡查次数 = 各巡查计划的风险点数 × 每周次数（每日巡查按 5 个教学日计，每周 1 次，每月 1 次计入含该月 1 日的那一周）"

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

/* "2026年第48周（11月23日—11月29日）" of the week starting monday. */
static void week_title(int64_t monday, char *buf, size_t len)
{
    int y, y1, y2;
    unsigned m1, d1, m2, d2, mm, dd;
    xa_civil_from_days(monday + 3, &y, &mm, &dd);
    xa_civil_from_days(monday, &y1, &m1, &d1);
    xa_civil_from_days(monday + 6, &y2, &m2, &d2);
    int64_t mon1 = iso_week_monday(y, 1);
    snprintf(buf, len, "%d年第%d周（%u月%u日—%u月%u日）", y, (int)((monday - mon1) / 7 + 1), m1,
             d1, m2, d2);
}

/* "2026年12月3日" of an instant (Asia/Shanghai). */
static void date_zh(int64_t ms, char *buf, size_t len)
{
    int y;
    unsigned m, d;
    xa_civil_from_days((ms + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
    snprintf(buf, len, "%d年%u月%u日", y, m, d);
}

/* Sets key to the rate as a percentage, or null when nothing was due. */
static void put_rate(json_t *o, const char *key, int rate)
{
    json_object_set_new(o, key, rate < 0 ? json_null() : json_real(rate_pct(rate)));
}

/* The rates of a unit of the weekly report or the statistics table, from
 * its counters (rates.h); past: the weekly report's deadline has passed. */
static void unit_rates(json_t *u, bool past)
{
    struct rate_facts f = {
        .rectified = jint(u, "closed_of_found"),
        .overdue_open = jint(u, "overdue_of_found"),
        .on_time = jint(u, "on_time_of_found"),
        .schools = jint(u, "schools"),
        .submitted = jint(u, "submitted"),
        .reports_due = past ? jint(u, "schools") : 0,
        .reports_on_time = jint(u, "submitted") - jint(u, "late"),
        .patrols_done = jint(u, "patrols_done"),
        .patrols_planned = jint(u, "patrols_planned"),
    };
    put_rate(u, "rectify_rate", rate_of(RATE_RECTIFY, &f));
    put_rate(u, "rectify_on_time_rate", rate_of(RATE_RECTIFY_ON_TIME, &f));
    if (json_object_get(u, "patrols_planned"))
        put_rate(u, "patrol_rate", rate_of(RATE_PATROL, &f));
    if (json_object_get(u, "schools")) {
        put_rate(u, "submit_rate", rate_of(RATE_SUBMIT, &f));
        put_rate(u, "submit_on_time_rate", rate_of(RATE_SUBMIT_ON_TIME, &f));
    }
}

/* A rate of a JSON object as "85.7%" / "—". */
static const char *rate_text(struct req *r, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        return "—";
    return arena_printf(r->arena, "%.1f%%", json_number_value(v));
}

/* The definitions of the rates a document prints, as one footnote each. */
static void rate_notes(struct xd_doc *d, const enum rate_kind *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xd_note(d, "%s。", rate_definition(k[i]));
}

/* The week containing now. */
static int64_t current_monday(int64_t now)
{
    int64_t d = (now + XA_TZ_OFFSET_MS) / XA_DAY_MS;
    return d - (((d + 3) % 7 + 7) % 7);
}

/* Report format: json (default), xlsx or pdf; -1 after a 400. */
int api_report_format(struct req *r, int *fmt)
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
int api_report_send_doc(struct req *r, struct xd_doc *d, int fmt, const char *base)
{
    /* a report not signed off by its builder closes with its issuing unit
     * (the title's first word, "华容县教育局 …"), the date and a seal line */
    const char *sp = strchr(d->title, ' ');
    if (!d->issuer && !d->nsign && sp && sp > d->title && sp - d->title < 90) {
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

/* A region's weekly report of a past week with more schools than this
 * sums their frozen figures but lists the hazards of the data now. */
#define FROZEN_LISTS_MAX 300

/* The figures a region's weekly report of a past week sums from its
 * schools' frozen submissions. */
static const char *const frozen_keys[] = {
    "found",           "found_major",      "rectified",        "open",
    "overdue",         "major_open",       "patrols_done",     "patrols_planned",
    "recheck_pass",    "recheck_fail",     "closed_of_found",  "overdue_of_found",
    "on_time_of_found", "forwarded_of_found", "assign_overdue", "forwarded",
};

/* Rebuilds the figures of a region's weekly report from the frozen
 * submissions of its schools (frozen: store_report_frozen rows): units and
 * totals get the sums over the schools under them; breakdown, majors and
 * hazards (replaced) the union of the schools' lists. Schools that did not
 * submit count nothing (they are listed as missing). */
static void weekly_from_frozen(json_t *frozen, bool lists, json_t *units, json_t *totals,
                               json_t **bd, json_t **majors, json_t **hazards)
{
    json_t *nbd = json_array(), *nmaj = json_array(), *nhz = json_array();
    size_t i, j, k;
    json_t *u, *f;
    for (k = 0; k < XA_ARRAY_LEN(frozen_keys); k++) {
        json_object_set_new(totals, frozen_keys[k], json_integer(0));
        json_array_foreach(units, i, u) json_object_set_new(u, frozen_keys[k], json_integer(0));
    }
    json_array_foreach(frozen, i, f)
    {
        /* the totals and breakdown from the small summary; the lists from
         * the content when it was read (parsed by the store) */
        json_t *c = json_object_get(f, "content");
        json_t *t = json_object_get(f, "summary");
        if (!json_is_object(t) || !json_object_get(t, "breakdown"))
            t = json_object_get(c, "totals"); /* frozen before summaries held it */
        if (!json_is_object(t))
            continue; /* a submission from before content was frozen */
        const char *fp = jstr(f, "org_path");
        json_t *unit = NULL;
        json_array_foreach(units, j, u)
        {
            const char *up = jstr(u, "path");
            if (*up && !strncmp(fp, up, strlen(up)))
                unit = u;
        }
        for (k = 0; k < XA_ARRAY_LEN(frozen_keys); k++) {
            int64_t v = jint(t, frozen_keys[k]);
            json_object_set_new(totals, frozen_keys[k],
                                json_integer(jint(totals, frozen_keys[k]) + v));
            if (unit)
                json_object_set_new(unit, frozen_keys[k],
                                    json_integer(jint(unit, frozen_keys[k]) + v));
        }
        json_t *row, *x;
        json_t *brk = json_object_get(t, "breakdown");
        if (!brk)
            brk = json_object_get(c, "breakdown");
        json_array_foreach(brk, j, row)
        {
            json_t *g = NULL;
            size_t m;
            json_array_foreach(nbd, m, x) if (!strcmp(jstr(x, "category"), jstr(row, "category")) &&
                                              !strcmp(jstr(x, "grade"), jstr(row, "grade"))) g = x;
            if (!g) {
                json_array_append(nbd, row);
                continue;
            }
            static const char *const fk[] = {"found", "rectified", "open", "overdue"};
            for (int q = 0; q < 4; q++)
                json_object_set_new(g, fk[q], json_integer(jint(g, fk[q]) + jint(row, fk[q])));
        }
        if (lists) {
            json_array_extend(nmaj, json_object_get(c, "major_hazards"));
            if (json_array_size(nhz) < 2000)
                json_array_extend(nhz, json_object_get(c, "hazards"));
        }
    }
    /* the breakdown rows summed into are the first school's own objects:
     * copy the result so the report does not share them */
    json_t *cbd = json_deep_copy(nbd);
    json_decref(nbd);
    json_decref(*bd);
    *bd = cbd;
    if (lists) {
        json_decref(*majors);
        json_decref(*hazards);
        *majors = nmaj;
        *hazards = nhz;
    } else {
        json_decref(nmaj);
        json_decref(nhz);
    }
}

/* Builds the weekly report JSON; NULL after answering an error. A region's
 * report of a week that has ended is built from its schools' frozen
 * submissions ("source": "submissions"); otherwise from the data now. */
static json_t *weekly_build(struct store *s, int64_t now, int64_t org_id, json_t *org,
                            const char *path, int64_t monday)
{
    int64_t from = day_ms(monday), to = day_ms(monday + 7);
    char week[16], d0[16], d1[16], wtitle[80];
    week_label(monday, week, sizeof(week));
    week_title(monday, wtitle, sizeof(wtitle));
    day_str(from, d0, sizeof(d0));
    day_str(to - 1, d1, sizeof(d1));
    bool school = !strcmp(jstr(org, "kind"), "school");
    int64_t dmin = store_report_deadline_min(s, path);
    if (dmin < 0)
        return NULL;
    int64_t deadline = to + dmin * 60000;
    bool past = now > deadline;
    bool from_subs = !school && to <= now;
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
    json_t *hazards = store_report_week_hazards(s, path, from, to, 500);
    json_t *late = school ? json_array() : store_report_unsubmitted(s, path, week, 500);
    json_t *sub = school ? store_report_submission(s, org_id, week) : NULL;
    /* a region of many schools sums the small summaries; its lists stay
     * those of the data now (FROZEN_LISTS_MAX) */
    bool lists = !totobj || jint(totobj, "schools") <= FROZEN_LISTS_MAX;
    json_t *frozen = from_subs ? store_report_frozen(s, path, week, lists) : json_array();
    int64_t rpass = 0, rfail = 0;
    int rrc = store_report_rechecks(s, path, from, to, &rpass, &rfail);
    if (!tot || !units || !bd || !majors || !hazards || !late || !frozen || rrc < 0 ||
        (school && !sub && store_errclass(s) != DB_OK)) {
        json_decref(tot);
        json_decref(units);
        json_decref(bd);
        json_decref(majors);
        json_decref(hazards);
        json_decref(late);
        json_decref(frozen);
        json_decref(sub);
        return NULL;
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
    json_object_set_new(totals, "recheck_pass", json_integer(rpass));
    json_object_set_new(totals, "recheck_fail", json_integer(rfail));
    if (from_subs)
        weekly_from_frozen(frozen, lists, units, totals, &bd, &majors, &hazards);
    json_decref(frozen);
    submission_counts(totals, past);
    unit_rates(totals, past);
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        submission_counts(u, past);
        unit_rates(u, past);
    }
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
        if (sub)
            json_object_del(sub, "summary");
        subj = json_pack("{s:s, s:o}", "status", st, "record", sub ? sub : json_null());
    }
    char dl[40];
    xa_time_format(deadline, dl, sizeof(dl));
    json_t *notes = json_array();
    static const enum rate_kind rk[] = {RATE_PATROL, RATE_RECTIFY, RATE_RECTIFY_ON_TIME,
                                        RATE_SUBMIT, RATE_SUBMIT_ON_TIME};
    for (size_t k = 0; k < XA_ARRAY_LEN(rk); k++)
        if (!school || (rk[k] != RATE_SUBMIT && rk[k] != RATE_SUBMIT_ON_TIME))
            json_array_append_new(notes, json_string(rate_definition(rk[k])));
    json_t *o = json_pack("{s:s, s:{s:I, s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, "
                          "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o}",
                          "kind", "weekly", "org", "id", (json_int_t)org_id, "name",
                          jstr(org, "name"), "kind", jstr(org, "kind"), "path", path, "week", week,
                          "week_title", wtitle, "from", d0, "to", d1, "deadline_at", dl,
                          "source", from_subs ? (lists ? "submissions" : "submissions_totals") : "live", "totals", totals,
                          "units", units, "by_category",
                          group_breakdown(bd, "category", "category_name"), "by_grade",
                          group_breakdown(bd, "grade", NULL), "breakdown", bd, "major_hazards",
                          majors, "hazards", hazards, "late_or_missing", late, "submission", subj,
                          "patrols_planned_rule", SCHOOL_DAYS_NOTE, "rate_definitions", notes);
    return o;
}

static json_t *weekly_json(struct req *r, int64_t org_id, json_t *org, const char *path,
                           int64_t monday)
{
    json_t *o = weekly_build(r->store, r->now, org_id, org, path, monday);
    if (!o)
        http_store_error(r);
    return o;
}

char *api_report_weekly_freeze(struct store *s, int64_t now, int64_t org_id, json_t *org,
                               const char *path, int64_t monday, const struct weekly_freeze *f,
                               json_t **summary, int64_t *deadline)
{
    json_t *rep = weekly_build(s, now, org_id, org, path, monday);
    if (!rep)
        return NULL;
    xa_time_parse(jstr(rep, "deadline_at"), deadline);
    char at[40];
    xa_time_format(now, at, sizeof(at));
    json_object_set_new(rep, "frozen", json_true());
    json_object_set_new(
        rep, "submission",
        json_pack("{s:s, s:{s:I, s:s, s:s, s:b, s:s, s:s, s:s}}", "status",
                  f->late ? "late" : "submitted", "record", "version", (json_int_t)f->version,
                  "submitted_at", at, "submitter_name", f->submitter ? f->submitter : "", "late",
                  f->late, "note", f->note ? f->note : "", "reason", f->reason ? f->reason : "",
                  "deadline_at", jstr(rep, "deadline_at")));
    char *content = json_dumps(rep, JSON_COMPACT);
    /* the summary: the totals and the category x grade rows, what a region
     * sums (small, unlike the content) */
    *summary = json_deep_copy(json_object_get(rep, "totals"));
    if (*summary)
        json_object_set(*summary, "breakdown", json_object_get(rep, "breakdown"));
    json_decref(rep);
    if (!content || !*summary)
        abort();
    return content;
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

/* The week's 排查整治清单: each hazard found and its status. */
static void hazards_table(struct xd_doc *d, json_t *hazards, bool with_school)
{
    struct xd_table *x = xd_table(d, "排查整治清单");
    if (with_school)
        xd_col(x, "学校", 16, false);
    xd_col(x, "隐患", 24, false);
    xd_col(x, "类别", 9, false);
    xd_col(x, "等级", 9, false);
    xd_col(x, "发现时间", 12, false);
    xd_col(x, "整改期限", 11, false);
    xd_col(x, "状态", 14, false);
    size_t i;
    json_t *h;
    json_array_foreach(hazards, i, h)
    {
        xd_row(x);
        if (with_school)
            xd_text(x, jstr(h, "school"));
        xd_text(x, jstr(h, "title"));
        xd_text(x, jstr(h, "category_name"));
        xd_text(x, grade_zh(jstr(h, "grade")));
        xd_textf(x, "%.5s %.5s", jstr(h, "found_at") + 5, jstr(h, "found_at") + 11);
        xd_textf(x, "%.10s", jstr(h, "deadline_at"));
        const char *st = jstr(h, "state");
        if (!strcmp(st, "forwarded"))
            xd_textf(x, "已移交%s（跟踪中）", jstr(h, "department"));
        else if (json_is_true(json_object_get(h, "overdue")))
            xd_textf(x, "%s（逾期）", state_zh(st));
        else
            xd_text(x, state_zh(st));
    }
}

/* The weekly report as a document (from its JSON, live or frozen). */
static struct xd_doc *weekly_doc(struct req *r, json_t *rep)
{
    json_t *org = json_object_get(rep, "org");
    bool region = strcmp(jstr(org, "kind"), "school") != 0;
    struct xd_doc *d = xd_create(arena_printf(r->arena, "%s 安全隐患排查治理周报", jstr(org, "name")));
    const char *wt = *jstr(rep, "week_title") ? jstr(rep, "week_title") : jstr(rep, "week");
    xd_subtitle(d, "%s　报送截止：%.10s %.5s%s", wt, jstr(rep, "deadline_at"),
                jstr(rep, "deadline_at") + 11,
                !strncmp(jstr(rep, "source"), "submissions", 11) ? "　（据各校报送的周报汇总）" : "");
    xd_landscape(d, region);
    json_t *totals = json_object_get(rep, "totals");
    totals_table(d, totals, region);
    struct xd_table *x = d->tables[0];
    xd_row(x);
    xd_text(x, "巡查完成率");
    xd_text(x, rate_text(r, totals, "patrol_rate"));
    xd_row(x);
    xd_text(x, "整改率");
    xd_text(x, rate_text(r, totals, "rectify_rate"));
    if (region) {
        xd_row(x);
        xd_text(x, "报送率");
        xd_text(x, rate_text(r, totals, "submit_rate"));
        x = xd_table(d, "下级单位");
        xd_col(x, "单位", 20, false);
        static const char *const k[][2] = {
            {"patrols_done", "完成巡查"}, {"patrols_planned", "计划巡查"}, {"found", "发现"},
            {"found_major", "重大"},      {"rectified", "整改销号"},     {"open", "未整改"},
            {"overdue", "逾期"},          {"assign_overdue", "待交办超时"}, {"forwarded", "已移交"},
            {"schools", "学校数"},        {"submitted", "已报"},         {"late", "迟报"},
            {"missing", "漏报"},
        };
        for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
            xd_col(x, k[c][1], 7, true);
        xd_col(x, "报送率", 8, true);
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(rep, "units"), i, u)
        {
            xd_row(x);
            xd_text(x, jstr(u, "name"));
            for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
                xd_int(x, jint(u, k[c][0]));
            xd_text(x, rate_text(r, u, "submit_rate"));
        }
        xd_totals(x);
        xd_text(x, "合计");
        for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
            xd_int(x, jint(totals, k[c][0]));
        xd_text(x, rate_text(r, totals, "submit_rate"));
    }
    breakdown_table(d, "按类别", json_object_get(rep, "by_category"), "category_name", "隐患类别",
                    totals);
    breakdown_table(d, "按等级", json_object_get(rep, "by_grade"), "grade_name", "隐患等级", totals);
    hazards_table(d, json_object_get(rep, "hazards"), region);
    majors_table(d, json_object_get(rep, "major_hazards"));
    char today[32];
    date_zh(r->now, today, sizeof(today));
    if (region) {
        x = xd_table(d, "迟报漏报");
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
        xd_sign(d, "填报人：____________　　审核人：____________");
        xd_sign(d, "%s（盖章）", jstr(org, "name"));
        xd_sign(d, "%s", today);
    } else {
        json_t *sub = json_object_get(rep, "submission");
        const char *st = jstr(sub, "status");
        json_t *rec = json_object_get(sub, "record");
        if (json_is_object(rec) && json_is_true(json_object_get(rep, "frozen"))) {
            int64_t at = 0;
            xa_time_parse(jstr(rec, "submitted_at"), &at);
            char when[32], day[32];
            minute_str(at, when, sizeof(when));
            date_zh(at, day, sizeof(day));
            xd_created(d, at);
            xd_note(d, "报送状态：%s；报送时间：%s；第 %lld 版%s%s", !strcmp(st, "late") ? "迟报" : "已报送",
                    when, (long long)jint(rec, "version"), *jstr(rec, "reason") ? "，更正原因：" : "",
                    jstr(rec, "reason"));
            xd_sign(d, "填报人：%s　　审核人：____________", jstr(rec, "submitter_name"));
            xd_sign(d, "%s（盖章）", jstr(org, "name"));
            xd_sign(d, "%s", day);
        } else {
            xd_note(d, "报送状态：%s",
                    !strcmp(st, "submitted") ? "已报送"
                    : !strcmp(st, "late")    ? "迟报"
                    : !strcmp(st, "missing") ? "漏报"
                                             : "未报送（未到截止时间）");
            xd_sign(d, "填报人：____________　　审核人：____________");
            xd_sign(d, "%s（盖章）", jstr(org, "name"));
            xd_sign(d, "%s", today);
        }
    }
    xd_note(d, "注：发现、整改销号为本周数据；未整改、逾期为%s时的数。%s。",
            json_is_true(json_object_get(rep, "frozen")) ? "报送" : "生成报表", SCHOOL_DAYS_NOTE);
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(rep, "rate_definitions"), i, n)
        xd_note(d, "%s。", json_string_value(n));
    return d;
}

/* Answers a stored JSON document as it was stored (byte for byte). */
static int send_raw_json(struct req *r, const char *text)
{
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
    strbuf_reset(&r->out);
    strbuf_adds(&r->out, text);
    return 0;
}

int api_report_weekly(struct req *r)
{
    int fmt;
    if (api_report_format(r, &fmt))
        return 0;
    int64_t from, to, monday;
    const char *w = http_query(r, "week");
    if (!w || !*w) {
        monday = current_monday(r->now) - 7; /* default: last week */
    } else if (parse_week(w, &from, &to, &monday)) {
        return http_error(r, 400, "invalid", "week", "week 格式应为 2026-W47（ISO 周）");
    }
    const char *vs = http_query(r, "version");
    int64_t version = 0;
    if (vs && *vs) {
        char *end = NULL;
        version = strtoll(vs, &end, 10);
        if (!end || *end || version < 1 || version > 1000)
            return http_error(r, 400, "invalid", "version", "version 应为版本号（1、2……）");
    }
    const char *live = http_query(r, "live");
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    /* a school's submitted week: the frozen report, whatever changed since */
    char *frozen = NULL;
    if (!strcmp(jstr(org, "kind"), "school") && !(live && !strcmp(live, "1"))) {
        char week[16];
        week_label(monday, week, sizeof(week));
        int rc = store_report_submission_content(r->store, id, week, version, &frozen);
        if (rc < 0) {
            json_decref(org);
            return http_store_error(r);
        }
        if (rc == 0 && version) {
            json_decref(org);
            return http_error(r, 404, "not_found", "version", "该周周报没有第 %lld 版",
                              (long long)version);
        }
        if (frozen && !*frozen) { /* submitted before contents were frozen */
            free(frozen);
            frozen = NULL;
        }
    }
    json_t *rep = NULL;
    if (frozen) {
        json_decref(org);
        if (fmt == 0) {
            send_raw_json(r, frozen);
            free(frozen);
            return 0;
        }
        rep = json_loads(frozen, 0, NULL);
        free(frozen);
        if (!rep)
            return http_error(r, 500, "internal", NULL, "已报送周报的内容无法读取");
    } else {
        rep = weekly_json(r, id, org, path, monday);
        json_decref(org);
        if (!rep)
            return 0;
        if (fmt == 0)
            return http_json(r, 200, rep);
    }
    struct xd_doc *d = weekly_doc(r, rep);
    char base[64];
    snprintf(base, sizeof(base), "weekly-%s-%lld", jstr(rep, "week"), (long long)id);
    json_decref(rep);
    return api_report_send_doc(r, d, fmt, base);
}

int api_report_weekly_versions(struct req *r)
{
    int64_t from, to, monday;
    const char *w = http_query(r, "week");
    if (!w || !*w)
        return http_error(r, 422, "required", "week", "请指定周 week");
    if (parse_week(w, &from, &to, &monday))
        return http_error(r, 400, "invalid", "week", "week 格式应为 2026-W47（ISO 周）");
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    json_decref(org);
    char week[16];
    week_label(monday, week, sizeof(week));
    json_t *v = store_report_submission_versions(r->store, id, week);
    if (!v)
        return http_store_error(r);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) json_object_del(x, "summary");
    return http_json(r, 200, json_pack("{s:I, s:s, s:o}", "org_id", (json_int_t)id, "week", week,
                                       "items", v));
}

const struct vfield weekly_submit_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"week", V_STR, true, 8, 8, NULL},
    {"note", V_STR, false, 0, 2000, NULL},
    {"reason", V_STR, false, 0, 500, NULL},
};

int api_report_weekly_submit(struct req *r)
{
    if (VALIDATE(r, r->json, weekly_submit_spec))
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
    const char *reason = api_str(r->json, "reason");
    while (reason && (*reason == ' ' || *reason == '\t' || *reason == '\n'))
        reason++;
    char week[16];
    week_label(monday, week, sizeof(week));
    json_t *user = store_user_get(r->store, r->user->id);
    char uname[128];
    snprintf(uname, sizeof(uname), "%s", user && *jstr(user, "name") ? jstr(user, "name") : "");
    json_decref(user);
    struct change c;
    if (api_begin(r, &c)) {
        json_decref(org);
        return 0;
    }
    json_t *prev = store_report_submission(r->store, id, week);
    if (!prev && store_errclass(r->store) != DB_OK) {
        json_decref(org);
        return api_fail(r, &c);
    }
    if (prev && (!reason || !*reason)) {
        json_decref(org);
        json_decref(prev);
        return api_refuse(r, &c, 422, "required", "reason",
                          "本周周报已报送；重新报送须填写更正原因，将作为第 2 版保存");
    }
    int64_t version = prev ? jint(prev, "version") + 1 : 1;
    /* the deadline first: a correction keeps the timeliness of the first
     * submission */
    int64_t dmin = store_report_deadline_min(r->store, r->org_path);
    if (dmin < 0) {
        json_decref(org);
        json_decref(prev);
        return api_fail(r, &c);
    }
    bool late = prev ? json_is_true(json_object_get(prev, "late"))
                     : r->now > day_ms(monday + 7) + dmin * 60000;
    json_decref(prev);
    const char *note = api_str(r->json, "note");
    /* freeze: the report as submitted, with who submitted it and when */
    struct weekly_freeze wf = {
        .version = version, .submitter = uname, .late = late, .note = note,
        .reason = version > 1 ? reason : "",
    };
    json_t *summary = NULL;
    int64_t deadline = 0;
    char *content = api_report_weekly_freeze(r->store, r->now, id, org, r->org_path, monday, &wf,
                                             &summary, &deadline);
    json_decref(org);
    if (!content)
        return api_fail(r, &c);
    struct report_sub_in in = {
        .org_id = id, .path = r->org_path, .period = week, .note = note,
        .reason = version > 1 ? reason : "", .summary = summary, .content = content,
        .submitter_name = uname, .deadline_at = deadline, .late = late, .version = version,
    };
    json_t *rec = NULL;
    int64_t sid = store_report_submit(&c, &in, &rec);
    free(content);
    json_decref(summary);
    if (sid < 0)
        return api_fail_unique(r, &c, "week", "本周周报正在被他人报送，请刷新后重试");
    json_object_set_new(rec, "status", json_string(late ? "late" : "submitted"));
    return api_commit(r, &c, 201, rec);
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

/* The month of ?month= (default: the last complete month); -1 after a 400. */
static int query_month(struct req *r, int *y, int *m)
{
    const char *ms = http_query(r, "month");
    if (!ms || !*ms) {
        int64_t d = (r->now + XA_TZ_OFFSET_MS) / XA_DAY_MS;
        unsigned mm, dd;
        xa_civil_from_days(d, y, &mm, &dd);
        *m = (int)mm - 1;
        if (*m == 0) {
            *m = 12;
            (*y)--;
        }
        return 0;
    }
    if (parse_month(ms, y, m))
        return http_error(r, 400, "invalid", "month", "month 格式应为 2026-11"), -1;
    return 0;
}

json_t *api_report_monthly_build(struct store *s, int64_t now, int64_t id, json_t *org, int y,
                                 int m)
{
    const char *path = jstr(org, "path");
    int64_t d0 = xa_days_from_civil(y, (unsigned)m, 1);
    int64_t d1 = m == 12 ? xa_days_from_civil(y + 1, 1, 1) : xa_days_from_civil(y, (unsigned)m + 1, 1);
    int64_t from = day_ms(d0), to = day_ms(d1);
    const char *kind = jstr(org, "kind");
    bool school = !strcmp(kind, "school");
    /* a county ranks its schools (also those under townships); a city or
     * province its direct subdivisions */
    bool by_school = !strcmp(kind, "county") || !strcmp(kind, "township");
    unsigned want = RPU_HAZARDS | RPU_MONTH | RPU_PATROLS;
    json_t *units = by_school ? store_report_school_units(s, id, from, to, "", want, NULL)
                              : store_report_units(s, id, school, from, to, "", 0, want);
    int64_t dmin = store_report_deadline_min(s, path);
    if (!units || dmin < 0) {
        json_decref(units);
        return NULL;
    }
    /* weekly reports of the weeks whose Monday lies in the month */
    int weeks_due = 0;
    int64_t first_mon = d0 + (7 - (((d0 + 3) % 7 + 7) % 7)) % 7;
    for (int64_t mon = first_mon; mon < d1; mon += 7) {
        char wk[16];
        week_label(mon, wk, sizeof(wk));
        if (day_ms(mon + 7) + dmin * 60000 >= now)
            continue; /* not due yet */
        weeks_due++;
        json_t *wu = by_school ? store_report_school_units(s, id, 0, 0, wk, RPU_SUBMIT, NULL)
                               : store_report_units(s, id, school, 0, 0, wk, 0, RPU_SUBMIT);
        if (!wu) {
            json_decref(units);
            return NULL;
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
    /* rates and score: one definition (domain/rates.h) */
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        json_object_del(u, "patrols_planned"); /* a weekly figure */
        if (!json_object_get(u, "reports_on_time")) {
            json_object_set_new(u, "reports_on_time", json_integer(0));
            json_object_set_new(u, "reports_late", json_integer(0));
            json_object_set_new(u, "reports_missing", json_integer(0));
        }
        if (!json_object_get(u, "schools"))
            json_object_set_new(u, "schools", json_integer(by_school || school ? 1 : 0));
        int64_t due = jint(u, "schools") * weeks_due;
        struct rate_facts rf = {
            .rectified = jint(u, "closed_of_found"),
            .overdue_open = jint(u, "overdue_of_found"),
            .on_time = jint(u, "on_time_of_found"),
            .reports_due = due,
            .reports_on_time = jint(u, "reports_on_time"),
        };
        struct bulletin_facts bf = {
            .rectify_rate = rate_of(RATE_RECTIFY, &rf),
            .on_time_rate = rate_of(RATE_SUBMIT_ON_TIME, &rf),
            .overdue = jint(u, "overdue"),
            .rebounds = jint(u, "rebounds"),
            .reports_missing = jint(u, "reports_missing"),
            .patrols_done = jint(u, "patrols_done"),
            .found = jint(u, "found"),
        };
        int score = bulletin_score(&bf);
        put_rate(u, "rectify_rate", bf.rectify_rate);
        put_rate(u, "rectify_on_time_rate", rate_of(RATE_RECTIFY_ON_TIME, &rf));
        put_rate(u, "on_time_rate", bf.on_time_rate);
        json_object_set_new(u, "reports_due", json_integer(due));
        json_object_set_new(u, "score", json_real(score / 10.0));
        json_object_set_new(u, "score10", json_integer(score));
    }
    /* rank: score desc, overdue asc, path asc (insertion sort, few units) */
    json_t *ranked = json_array();
    json_array_foreach(units, i, u)
    {
        size_t k = 0;
        for (; k < json_array_size(ranked); k++) {
            json_t *v = json_array_get(ranked, k);
            int64_t a = jint(u, "score10"), b = jint(v, "score10");
            if (a > b || (a == b && jint(u, "overdue") < jint(v, "overdue")))
                break;
        }
        json_array_insert(ranked, k, u);
    }
    json_decref(units);
    json_t *commend = json_array(), *criticize = json_array();
    json_array_foreach(ranked, i, u)
    {
        json_object_set_new(u, "rank", json_integer((json_int_t)i + 1));
        int score = (int)jint(u, "score10");
        json_object_del(u, "score10");
        struct bulletin_facts bf = {
            .overdue = jint(u, "overdue"),
            .rebounds = jint(u, "rebounds"),
            .reports_missing = jint(u, "reports_missing"),
            .patrols_done = jint(u, "patrols_done"),
        };
        double sc = score / 10.0;
        if (bulletin_commended(&bf, score))
            json_array_append_new(commend, json_pack("{s:I, s:s, s:f, s:s}", "org_id",
                                                     (json_int_t)jint(u, "org_id"), "name",
                                                     jstr(u, "name"), "score", sc, "reason",
                                                     "得分 ≥ 90，无逾期、无反弹，按要求开展巡查"));
        char why[512];
        if (bulletin_criticised(&bf, score, why, sizeof(why)))
            json_array_append_new(criticize, json_pack("{s:I, s:s, s:f, s:s}", "org_id",
                                                       (json_int_t)jint(u, "org_id"), "name",
                                                       jstr(u, "name"), "score", sc, "reason",
                                                       why));
    }
    json_t *overdue = store_report_overdue_list(s, path, 500);
    json_t *rebound = store_report_rebound_list(s, path, from, to, 500);
    if (!overdue || !rebound) {
        json_decref(ranked);
        json_decref(commend);
        json_decref(criticize);
        json_decref(overdue);
        json_decref(rebound);
        return NULL;
    }
    /* the whole's figures: sums of the units */
    static const char *const sk[] = {"found",          "found_major",    "closed_of_found",
                                     "overdue_of_found", "forwarded_of_found", "overdue",
                                     "assign_overdue", "forwarded",      "rebounds",
                                     "patrols_done",   "reports_due",    "reports_on_time",
                                     "reports_late",   "reports_missing", "schools"};
    json_t *tot = json_object();
    for (size_t k = 0; k < XA_ARRAY_LEN(sk); k++) {
        int64_t v = 0;
        json_array_foreach(ranked, i, u) v += jint(u, sk[k]);
        json_object_set_new(tot, sk[k], json_integer(v));
    }
    struct rate_facts tf = {
        .rectified = jint(tot, "closed_of_found"),
        .overdue_open = jint(tot, "overdue_of_found"),
        .reports_due = jint(tot, "reports_due"),
        .reports_on_time = jint(tot, "reports_on_time"),
    };
    put_rate(tot, "rectify_rate", rate_of(RATE_RECTIFY, &tf));
    put_rate(tot, "on_time_rate", rate_of(RATE_SUBMIT_ON_TIME, &tf));
    char month[16], f0[16], f1[16], mtitle[32];
    snprintf(month, sizeof(month), "%04d-%02d", y, m);
    snprintf(mtitle, sizeof(mtitle), "%d年%d月", y, m);
    day_str(from, f0, sizeof(f0));
    day_str(to - 1, f1, sizeof(f1));
    json_t *defs = json_array();
    static const enum rate_kind rk[] = {RATE_RECTIFY, RATE_RECTIFY_ON_TIME, RATE_SUBMIT_ON_TIME};
    for (size_t k = 0; k < XA_ARRAY_LEN(rk); k++)
        json_array_append_new(defs, json_string(rate_definition(rk[k])));
    char asof[40];
    xa_time_format(now, asof, sizeof(asof));
    return json_pack("{s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:i, s:s, "
                     "s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "kind", "monthly", "org", "id", (json_int_t)id, "name", jstr(org, "name"),
                     "kind", kind, "month", month, "month_title", mtitle, "from", f0, "to", f1,
                     "partial", to > now, "as_of", asof, "ranks",
                     by_school ? "schools" : "regions", "weeks_due", weeks_due, "formula",
                     bulletin_formula, "totals", tot, "ranking", ranked, "overdue", overdue,
                     "rebounds", rebound, "commendations", commend, "criticisms", criticize,
                     "rate_definitions", defs);
}

struct xd_doc *api_report_monthly_doc(struct req *r, json_t *rep, json_t *bulletin)
{
    json_t *org = json_object_get(rep, "org");
    bool partial = json_is_true(json_object_get(rep, "partial"));
    struct xd_doc *d;
    if (bulletin) {
        d = xd_create(jstr(bulletin, "title"));
        xd_docno(d, *jstr(bulletin, "doc_no") ? jstr(bulletin, "doc_no") : "（草稿，未编号）");
        xd_subtitle(d, "统计周期：%s 至 %s", jstr(rep, "from"), jstr(rep, "to"));
        if (*jstr(bulletin, "recipients"))
            xd_para(d, "%s：", jstr(bulletin, "recipients"));
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(bulletin, "paragraphs"), i, p)
            xd_para(d, "　　%s", json_string_value(p) ? json_string_value(p) : "");
    } else {
        d = xd_create(arena_printf(r->arena, "%s %s安全隐患排查治理月通报", jstr(org, "name"),
                                   jstr(rep, "month_title")));
        xd_subtitle(d, "统计周期：%s 至 %s%s", jstr(rep, "from"), jstr(rep, "to"),
                    partial ? "（本月统计中，数据截至生成时）" : "");
    }
    xd_landscape(d, true);
    bool schools = !strcmp(jstr(rep, "ranks"), "schools");
    struct xd_table *x = xd_table(d, "排名");
    xd_col(x, "名次", 5, true);
    xd_col(x, schools ? "学校" : "单位", 20, false);
    xd_col(x, "得分", 7, true);
    xd_col(x, "巡查", 6, true);
    xd_col(x, "发现", 6, true);
    xd_col(x, "已整改", 7, true);
    xd_col(x, "整改率", 8, true);
    xd_col(x, "逾期", 6, true);
    xd_col(x, "待交办超时", 8, true);
    xd_col(x, "已移交", 7, true);
    xd_col(x, "反弹", 6, true);
    xd_col(x, "周报应报", 7, true);
    xd_col(x, "按时", 6, true);
    xd_col(x, "迟报", 6, true);
    xd_col(x, "漏报", 6, true);
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(rep, "ranking"), i, u)
    {
        xd_row(x);
        xd_int(x, jint(u, "rank"));
        xd_text(x, jstr(u, "name"));
        xd_num(x, json_number_value(json_object_get(u, "score")), 1);
        xd_int(x, jint(u, "patrols_done"));
        xd_int(x, jint(u, "found"));
        xd_int(x, jint(u, "closed_of_found"));
        xd_text(x, rate_text(r, u, "rectify_rate"));
        xd_int(x, jint(u, "overdue"));
        xd_int(x, jint(u, "assign_overdue"));
        xd_int(x, jint(u, "forwarded"));
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
        xd_col(x, schools ? "学校" : "单位", 24, false);
        xd_col(x, "得分", 8, true);
        xd_col(x, "事由", 48, false);
        json_array_foreach(json_object_get(rep, lists[li][0]), i, u)
        {
            xd_row(x);
            xd_text(x, jstr(u, "name"));
            xd_num(x, json_number_value(json_object_get(u, "score")), 1);
            xd_text(x, jstr(u, "reason"));
        }
    }
    static const char *const hl[][2] = {{"overdue", "逾期隐患"}, {"rebounds", "反弹隐患"}};
    for (int li = 0; li < 2; li++) {
        x = xd_table(d, hl[li][1]);
        xd_col(x, "学校", 18, false);
        xd_col(x, "隐患", 26, false);
        xd_col(x, "等级", 9, false);
        xd_col(x, "状态", 8, false);
        xd_col(x, "整改期限", 12, false);
        xd_col(x, "反弹次数", 8, true);
        json_array_foreach(json_object_get(rep, hl[li][0]), i, u)
        {
            xd_row(x);
            xd_text(x, jstr(u, "school"));
            xd_text(x, jstr(u, "title"));
            xd_text(x, grade_zh(jstr(u, "grade")));
            xd_text(x, state_zh(jstr(u, "state")));
            xd_textf(x, "%.10s", jstr(u, "deadline_at"));
            xd_int(x, jint(u, "rebounds"));
        }
    }
    xd_note(d, "排名公式：%s", jstr(rep, "formula"));
    json_array_foreach(json_object_get(rep, "rate_definitions"), i, u)
        xd_note(d, "%s。", json_string_value(u));
    xd_note(d, "逾期、待交办超时、已移交为%s时的数。", bulletin ? "发布" : "生成");
    if (bulletin) {
        int64_t at = 0;
        char day[32];
        if (*jstr(bulletin, "issued_at")) {
            xa_time_parse(jstr(bulletin, "issued_at"), &at);
            xd_created(d, at);
        } else {
            at = r->now;
        }
        date_zh(at, day, sizeof(day));
        xd_sign(d, "%s", *jstr(bulletin, "signer") ? jstr(bulletin, "signer") : jstr(org, "name"));
        xd_sign(d, "（盖章）");
        xd_sign(d, "%s", day);
    } else {
        char day[32];
        date_zh(r->now, day, sizeof(day));
        xd_sign(d, "%s（盖章）", jstr(org, "name"));
        xd_sign(d, "%s", day);
    }
    return d;
}

int api_report_monthly(struct req *r)
{
    int fmt;
    if (api_report_format(r, &fmt))
        return 0;
    int y, m;
    if (query_month(r, &y, &m))
        return 0;
    int64_t id;
    char path[96];
    json_t *org = report_org(r, &id, path, sizeof(path));
    if (!org)
        return 0;
    json_t *rep = api_report_monthly_build(r->store, r->now, id, org, y, m);
    json_decref(org);
    if (!rep)
        return http_store_error(r);
    if (fmt == 0)
        return http_json(r, 200, rep);
    struct xd_doc *d = api_report_monthly_doc(r, rep, NULL);
    char base[64];
    snprintf(base, sizeof(base), "monthly-%s-%lld", jstr(rep, "month"), (long long)id);
    json_decref(rep);
    return api_report_send_doc(r, d, fmt, base);
}

/* ---------------------------------------------------------------- statistics */

int api_report_statistics(struct req *r)
{
    int fmt;
    if (api_report_format(r, &fmt))
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
    json_array_foreach(units, i, u) unit_rates(u, false);
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
                            "发现数、整改销号数为统计区间内数据；未整改、逾期、待交办超时、已移交为"
                            "当前数");
    json_t *defs = json_array();
    json_array_append_new(defs, json_string(rate_definition(RATE_RECTIFY)));
    json_array_append_new(defs, json_string(rate_definition(RATE_RECTIFY_ON_TIME)));
    json_object_set_new(rep, "rate_definitions", defs);
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
        {"found", "发现隐患"},      {"found_major", "其中重大"}, {"rectified", "整改销号"},
        {"open", "未整改"},         {"overdue", "逾期"},         {"major_open", "未整改重大"},
        {"assign_overdue", "待交办超时"}, {"forwarded", "已移交"},
    };
    for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
        xd_col(x, k[c][1], 8, true);
    xd_col(x, "整改率", 8, true);
    xd_col(x, "按期整改率", 9, true);
    json_array_foreach(json_object_get(rep, "units"), i, u)
    {
        xd_row(x);
        xd_text(x, jstr(u, "name"));
        for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
            xd_int(x, jint(u, k[c][0]));
        xd_text(x, rate_text(r, u, "rectify_rate"));
        xd_text(x, rate_text(r, u, "rectify_on_time_rate"));
    }
    xd_totals(x);
    xd_text(x, "合计");
    for (size_t c = 0; c < XA_ARRAY_LEN(k); c++)
        xd_int(x, jint(totals, k[c][0]));
    xd_text(x, rate_text(r, totals, "rectify_rate"));
    xd_text(x, rate_text(r, totals, "rectify_on_time_rate"));
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
    rate_notes(d, (const enum rate_kind[]){RATE_RECTIFY, RATE_RECTIFY_ON_TIME}, 2);
    char day[32];
    date_zh(r->now, day, sizeof(day));
    xd_sign(d, "填报人：____________　　审核人：____________");
    xd_sign(d, "%s（盖章）", jstr(json_object_get(rep, "org"), "name"));
    xd_sign(d, "%s", day);
    char base[80];
    snprintf(base, sizeof(base), "statistics-%s-%s-%lld", f0, f1, (long long)id);
    json_decref(rep);
    return api_report_send_doc(r, d, fmt, base);
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

const struct vfield report_settings_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"weekly_deadline_minutes", V_INT, true, 0, 10080, NULL},
};

int api_report_settings_put(struct req *r)
{
    if (VALIDATE(r, r->json, report_settings_spec))
        return 0;
    int64_t id = r->org_id, m = api_int(r->json, "weekly_deadline_minutes");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_report_set_deadline(&c, id, r->org_path, m) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 200,
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

/* api_hazard_notice_pdf: hazard_notice.c (the same words as the JSON notice) */
