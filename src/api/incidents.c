/*
 * incidents.c - incident reports (突发事件信息报送): a quick report first
 * (先口头: time of occurrence, time of report), then a written report within
 * the deadline (后书面); late (迟报), missing (漏报) and concealed (瞒报: found
 * by the bureau rather than reported by the school) flags; links to hazards.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "api/api_programme.h"
#include "domain/programme.h"
#include "store/store_hazard.h"
#include "store/store_programme.h"
#include "store/store_risk.h"

int api_incident_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_incident_locate(s, id, path, len);
}

const struct vfield incident_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"title", V_STR, true, 1, 100, NULL},
    {"category", V_STR, true, 1, 32, NULL},
    {"grade", V_STR, false, 0, 0, prog_incident_grades},
    {"summary", V_STR, true, 1, 2000, NULL},
    {"occurred_at", V_STR, true, 1, 40, NULL},
    {"deaths", V_INT, false, 0, 10000, NULL},
    {"injuries", V_INT, false, 0, 10000, NULL},
    {"serious_injuries", V_INT, false, 0, 10000, NULL},
    {"hazard_ids", V_ARR, false, 0, 50, NULL},
};

const struct vfield written_spec[] = {
    {"cause", V_STR, true, 1, 4000, NULL},
    {"handling", V_STR, true, 1, 4000, NULL},
    {"measures", V_STR, false, 0, 4000, NULL},
    {"deaths", V_INT, false, 0, 10000, NULL},
    {"injuries", V_INT, false, 0, 10000, NULL},
    {"serious_injuries", V_INT, false, 0, 10000, NULL},
};

const struct vfield link_spec[] = {
    {"hazard_ids", V_ARR, true, 1, 50, NULL},
};

/* Every hazard must belong to the incident's school (path). */
static int read_hazards(struct req *r, json_t *arr, const char *path, int64_t **ids, size_t *n)
{
    if (api_prog_ids(r, arr, "hazard_ids", ids, n))
        return -1;
    for (size_t i = 0; i < *n; i++) {
        char hp[96];
        int rc = store_hazard_locate(r->store, (*ids)[i], hp, sizeof(hp));
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 0 || strcmp(hp, path) != 0) {
            char field[48];
            snprintf(field, sizeof(field), "hazard_ids[%zu]", i);
            return http_error(r, 422, "invalid", field, "隐患不存在或不属于本校"), -1;
        }
    }
    return 0;
}

static const char *grade_cn(const char *g)
{
    static const char *const cn[] = {"一般", "较大", "重大", "特别重大"};
    for (int i = 0; prog_incident_grades[i]; i++)
        if (strcmp(g, prog_incident_grades[i]) == 0)
            return cn[i];
    return g;
}

/* The grade the counts give (national accident grades); a grade sent by the
 * client must agree with it. Serious injuries never exceed the injured. 0,
 * or -1 after a 422. */
static int check_grade(struct req *r, json_t *body, int64_t deaths, int64_t injuries,
                       int64_t serious, const char **grade)
{
    if (serious > injuries)
        return http_error(r, 422, "invalid", "serious_injuries", "重伤人数不能多于受伤人数"), -1;
    *grade = prog_incident_grade(deaths, serious);
    const char *sent = api_str(body, "grade");
    if (sent && *sent && strcmp(sent, *grade) != 0)
        return http_error(r, 422, "invalid", "grade",
                          "按死亡 %lld 人、重伤 %lld 人，事故等级应为%s事故（国家生产安全事故"
                          "等级标准），不能定为%s",
                          (long long)deaths, (long long)serious, grade_cn(*grade),
                          grade_cn(sent)),
               -1;
    return 0;
}

/* True when the user holds a role bound to the school itself. */
static bool user_at(const struct req *r, const char *path)
{
    for (int i = 0; i < r->user->nroles; i++)
        if (strcmp(r->user->roles[i].path, path) == 0)
            return true;
    return false;
}

int api_incident_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *lq = http_query(r, "late");
    int late = -1;
    if (lq && *lq) {
        if (strcmp(lq, "1") == 0 || strcmp(lq, "true") == 0)
            late = 1;
        else if (strcmp(lq, "0") == 0 || strcmp(lq, "false") == 0)
            late = 0;
        else
            return http_error(r, 400, "invalid", "late", "late 应为 1 或 0");
    }
    const char *state = http_query(r, "state"), *grade = http_query(r, "grade");
    if (state && *state && strcmp(state, "quick") && strcmp(state, "written"))
        return http_error(r, 400, "invalid", "state", "state 应为 quick 或 written");
    int64_t from = 0, to = 0;
    const char *fq = http_query(r, "from"), *tq = http_query(r, "to");
    if ((fq && *fq && xa_time_parse(fq, &from)) || (fq && *fq && from == 0))
        return http_error(r, 400, "invalid", "from", "from 应为日期或时间");
    if ((tq && *tq && xa_time_parse(tq, &to)) || (tq && *tq && to == 0))
        return http_error(r, 400, "invalid", "to", "to 应为日期或时间");
    json_t *res = store_incident_list(r->store, &r->scope, late, state, grade, from, to, r->now,
                                      &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_incident_create(struct req *r)
{
    if (VALIDATE(r, r->json, incident_spec) || api_prog_school(r, "school_id", "安全事件"))
        return 0;
    int64_t occurred;
    if (xa_time_parse(api_str(r->json, "occurred_at"), &occurred))
        return http_error(r, 422, "invalid", "occurred_at",
                          "发生时间格式应为 YYYY-MM-DDTHH:MM（北京时间）");
    if (occurred > r->now + 5 * 60 * 1000)
        return http_error(r, 422, "invalid", "occurred_at", "发生时间不能晚于报告时间");
    if (occurred < r->now - 366 * XA_DAY_MS)
        return http_error(r, 422, "invalid", "occurred_at", "发生时间不能早于一年前");
    const char *cat = api_str(r->json, "category");
    int rc = store_category_exists(r->store, cat);
    if (rc < 0)
        return http_store_error(r);
    if (rc == 0)
        return http_error(r, 422, "invalid", "category", "未知的类别 %s", cat);
    int64_t *hz;
    size_t nh;
    if (read_hazards(r, json_object_get(r->json, "hazard_ids"), r->org_path, &hz, &nh))
        return 0;
    const char *grade;
    int64_t deaths = api_int(r->json, "deaths"), injuries = api_int(r->json, "injuries"),
            serious = api_int(r->json, "serious_injuries");
    if (check_grade(r, r->json, deaths, injuries, serious, &grade))
        return 0;
    struct incident_in in = {
        .org_id = r->org_id,
        .deaths = deaths,
        .injuries = injuries,
        .serious_injuries = serious,
        .occurred_at = occurred,
        .quick_due_at = prog_quick_due(grade, occurred),
        .written_due_at = prog_written_due(grade, occurred),
        .org_path = r->org_path,
        .title = api_str(r->json, "title"),
        .category = cat,
        .grade = grade,
        .summary = api_str(r->json, "summary"),
        .source = user_at(r, r->org_path) ? "school" : "discovered",
    };
    in.quick_late = r->now > in.quick_due_at;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_incident_create(&c, &in, hz, nh, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_incident_get(struct req *r)
{
    json_t *o = store_incident_get(r->store, r->id, r->now);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_incident_written(struct req *r)
{
    if (VALIDATE(r, r->json, written_spec))
        return 0;
    /* the deadline and the counts the grade is checked with; the state is
     * checked again in the change */
    json_t *before = store_incident_get(r->store, r->id, r->now);
    if (!before)
        return http_store_error(r);
    json_t *due = json_object_get(before, "written_due_at");
    int64_t due_ms = 0;
    xa_time_parse(json_string_value(due), &due_ms);
    bool late = r->now > due_ms;
    json_t *d = json_object_get(r->json, "deaths"), *inj = json_object_get(r->json, "injuries"),
           *ser = json_object_get(r->json, "serious_injuries");
    struct incident_counts n = {
        .deaths = d ? json_integer_value(d) : api_int(before, "deaths"),
        .injuries = inj ? json_integer_value(inj) : api_int(before, "injuries"),
        .serious_injuries = ser ? json_integer_value(ser) : api_int(before, "serious_injuries"),
    };
    json_decref(before);
    if ((d || inj || ser) &&
        check_grade(r, r->json, n.deaths, n.injuries, n.serious_injuries, &n.grade))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_incident_written(&c, r->id, api_str(r->json, "cause"), api_str(r->json, "handling"),
                               api_str(r->json, "measures"), d || inj || ser ? &n : NULL, late,
                               &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_incident_link(struct req *r)
{
    if (VALIDATE(r, r->json, link_spec))
        return 0;
    int64_t *hz;
    size_t nh;
    if (read_hazards(r, json_object_get(r->json, "hazard_ids"), r->obj_path, &hz, &nh))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_incident_link(&c, r->id, hz, nh, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}
