/*
 * hazard_notice.c - the rectification notice (隐患整改通知书) of a hazard,
 * as JSON (GET /hazards/{id}/notice) and as PDF (notice.pdf), built from one
 * function so both say the same words.
 *
 * A notice exists once a bureau issued it: automatically when a major
 * hazard is listed for 督办 (by the supervising bureau), or by a bureau's
 * "notice" action. Its 文号, issuing bureau and date were fixed then
 * (hazards.notice_*), so every reprint is identical. The wording follows
 * the hazard: listed for 督办 or not; found by the bureau (inspection,
 * covert), a tip-off, another department, or the school's own patrol.
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "api/api_report.h"
#include "api/api_doc.h"
#include "core/timeutil.h"
#include "export/export.h"
#include "store/store_hazard.h"

static const char *jstr_(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* "2026-12-03T..." -> "2026年12月3日" into zh and "2026-12-03" into ymd
 * (both "" when empty); each holds 40 bytes. */
static void day_of(const char *iso, char *zh, char *ymd)
{
    int64_t ms;
    zh[0] = ymd[0] = '\0';
    if (!iso || !*iso || xa_time_parse(iso, &ms))
        return;
    int y;
    unsigned m, d;
    xa_civil_from_days((ms + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
    snprintf(zh, 40, "%d年%u月%u日", y, m, d);
    snprintf(ymd, 40, "%04d-%02u-%02u", y, m, d);
}

static const char *found_how(const char *source)
{
    if (!strcmp(source, "inspection"))
        return "　　我局在督查检查中发现你校存在下列安全隐患。";
    if (!strcmp(source, "covert"))
        return "　　我局在暗查暗访中发现你校存在下列安全隐患。";
    if (!strcmp(source, "whistle"))
        return "　　经群众举报，我局核实你校存在下列安全隐患。";
    if (!strcmp(source, "department"))
        return "　　经有关部门反映，你校存在下列安全隐患。";
    if (!strcmp(source, "patrol"))
        return "　　你校在日常巡查中排查发现并报告了下列安全隐患。";
    return "　　你校在安全隐患自查中排查发现并报告了下列安全隐患。";
}

#define GENERAL_REQ                                                                                \
    "立即采取有效措施消除隐患；暂时无法消除的，落实防范措施，设置警示标志，确保师生安全。"

/* The notice of hazard id, or NULL after an error response on r (404 for
 * none issued yet). */
static json_t *notice_build(struct req *r, int64_t id)
{
    json_t *h = store_hazard_get(r->store, id, NULL, NULL, 0);
    if (!h) {
        http_store_error(r);
        return NULL;
    }
    if (!*jstr_(h, "notice_no")) {
        json_decref(h);
        http_error(r, 404, "no_notice", "notice",
                   "该隐患尚未下发整改通知书（重大隐患挂牌督办时自动下发，一般隐患由教育局下发）");
        return NULL;
    }
    /* as issued: listed or not, the deadline it stated, the 督办 terms */
    bool listed = json_is_true(json_object_get(h, "notice_listed"));
    /* dates: YYYY-MM-DD in the JSON, the printed words in "words" */
    char issued[40], found[40], deadline[40], sup[40];
    char issued_d[40], found_d[40], deadline_d[40], sup_d[40];
    day_of(jstr_(h, "notice_at"), issued, issued_d);
    day_of(jstr_(h, "found_at"), found, found_d);
    day_of(listed ? jstr_(h, "supervise_deadline_at") : "", sup, sup_d);
    day_of(jstr_(h, "notice_deadline_at"), deadline, deadline_d);
    const char *grade_zh = listed ? "重大隐患" : "一般隐患";
    char intro[1024], closing[1024];
    snprintf(intro, sizeof(intro), "%s%s", found_how(jstr_(h, "source")),
             listed ? "该隐患属重大事故隐患，根据学校安全隐患排查治理有关规定，我局决定对其实行"
                      "挂牌督办。"
                    : "根据学校安全隐患排查治理有关规定，现责令你校按下列要求限期整改。");
    if (listed)
        snprintf(closing, sizeof(closing),
                 "　　请你校接到本通知后，立即落实整改责任人、整改措施、整改资金、整改时限和"
                 "应急预案（五落实），整改期间落实防范措施，于%s前完成整改，经学校验收合格后报"
                 "我局确认销号。督办期间未经我局确认，不得擅自销号。",
                 *deadline ? deadline : "督办期限");
    else
        snprintf(closing, sizeof(closing),
                 "　　请你校接到本通知后立即整改，%s%s完成整改，并将整改情况书面报告我局。逾期未"
                 "完成整改的，将予以通报。",
                 *deadline ? "于" : "", *deadline ? deadline : "在规定时限内");
    const char *req = listed && *jstr_(h, "supervise_req") ? jstr_(h, "supervise_req") : GENERAL_REQ;
    json_t *n = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, "
        "s:s, s:[s, s], s:{s:s, s:s, s:s, s:s}}",
        "number", jstr_(h, "notice_no"), "issuer", jstr_(h, "notice_org_name"), "issued_date",
        issued_d, "school_name", jstr_(h, "school_name"), "title", jstr_(h, "title"), "location",
        jstr_(h, "location"), "category_name", jstr_(h, "category_name"), "grade",
        listed ? "major" : "general", "grade_name", grade_zh, "found_date", found_d, "found_by",
        jstr_(h, "reporter_name"), "description", jstr_(h, "description"), "listed", listed,
        "supervise_deadline", sup_d, "requirement", req, "safeguards", "",
        "deadline", deadline_d, "source", jstr_(h, "source"), "paragraphs", intro, closing,
        "words", "issued_date", issued, "found_date", found, "supervise_deadline", sup,
        "deadline", deadline);
    json_decref(h);
    if (!n)
        http_error(r, 500, "internal", NULL, "无法生成整改通知书");
    return n;
}

int api_hazard_notice(struct req *r)
{
    json_t *n = notice_build(r, r->id);
    return n ? http_json(r, 200, n) : 0;
}

int api_hazard_notice_pdf(struct req *r)
{
    json_t *n = notice_build(r, r->id);
    if (!n)
        return 0;
    json_t *p = json_object_get(n, "paragraphs"), *w = json_object_get(n, "words");
    struct xd_notice x = {
        .number = jstr_(n, "number"),
        .school = jstr_(n, "school_name"),
        .title = jstr_(n, "title"),
        .location = jstr_(n, "location"),
        .category = jstr_(n, "category_name"),
        .grade = jstr_(n, "grade_name"),
        .found_at = jstr_(w, "found_date"),
        .found_by = jstr_(n, "found_by"),
        .description = jstr_(n, "description"),
        .requirements = jstr_(n, "requirement"),
        .measures = jstr_(n, "safeguards"),
        .deadline = jstr_(w, "deadline"),
        .bureau = jstr_(n, "issuer"),
        .issue_date = jstr_(w, "issued_date"),
        .intro = json_string_value(json_array_get(p, 0)),
        .closing = json_string_value(json_array_get(p, 1)),
        .listed = json_is_true(json_object_get(n, "listed")),
        .supervise_deadline = jstr_(w, "supervise_deadline"),
    };
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_notice(&x, &sb);
    /* the file name is copied into the arena before n goes */
    const char *name = api_doc_name(r, x.school, "整改通知书", "pdf");
    json_decref(n);
    if (rc < 0) {
        strbuf_release(&sb);
        return http_error(r, 500, "internal", NULL, "通知书生成失败");
    }
    api_send_file(r, &sb, "application/pdf", true, name,
                  arena_printf(r->arena, "notice-%lld.pdf", (long long)r->id));
    strbuf_release(&sb);
    return 0;
}
