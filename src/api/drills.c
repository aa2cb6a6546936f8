/*
 * drills.c - emergency plans (应急预案, versioned) and drills (应急演练):
 * records with photos, and frequency compliance per school and region
 * (primary and secondary monthly, kindergartens quarterly).
 */
#include "core/compat.h"
#include "api/api_programme.h"
#include "core/timeutil.h"
#include "domain/programme.h"
#include "store/store_programme.h"
#include "store/store_risk.h"

int api_eplan_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_eplan_locate(s, id, path, len);
}

int api_drill_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_drill_locate(s, id, path, len);
}

/* ---- emergency plans ---- */

const struct vfield eplan_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"title", V_STR, true, 1, 100, NULL},
    {"kind", V_STR, true, 0, 0, prog_plan_kinds},
    {"theme", V_STR, true, 0, 0, prog_plan_themes},
    {"content", V_STR, true, 1, 100000, NULL},
    {"note", V_STR, false, 0, 500, NULL},
    {"effective_date", V_STR, false, 10, 10, NULL},
};

const struct vfield eversion_spec[] = {
    {"content", V_STR, true, 1, 100000, NULL},
    {"note", V_STR, true, 1, 500, NULL},
    {"effective_date", V_STR, false, 10, 10, NULL},
};

/* effective_date defaults to today. */
static int effective_date(struct req *r, char *buf, size_t len)
{
    const char *v = api_str(r->json, "effective_date");
    int64_t d;
    bool given;
    if (api_prog_date(r, v, "effective_date", &d, &given))
        return -1;
    prog_date_format(given ? d : prog_day_of(r->now), buf, len);
    return 0;
}

int api_eplan_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    json_t *res = store_eplan_list(r->store, &r->scope, http_query(r, "theme"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

static int eplan_create(struct req *r);

int api_eplan_create(struct req *r)
{
    if (VALIDATE(r, r->json, eplan_spec) || api_prog_school(r, "school_id", "应急预案"))
        return 0;
    return eplan_create(r);
}

/* A bureau's own plans: its 总体应急预案 and special plans (not on-site
 * plans, which belong to a place). */
const struct vfield bplan_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"title", V_STR, true, 1, 100, NULL},
    {"kind", V_STR, true, 0, 0, prog_plan_kinds},
    {"theme", V_STR, true, 0, 0, prog_plan_themes},
    {"content", V_STR, true, 1, 100000, NULL},
    {"note", V_STR, false, 0, 500, NULL},
    {"effective_date", V_STR, false, 10, 10, NULL},
};

int api_bplan_create(struct req *r)
{
    if (VALIDATE(r, r->json, bplan_spec))
        return 0;
    char path[96], kind[16];
    if (store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") == 0)
        return http_error(r, 422, "invalid", "org_id", "学校的预案请在学校名下登记，这里登记教育局的预案");
    if (strcmp(api_str(r->json, "kind"), "onsite") == 0)
        return http_error(r, 422, "invalid", "kind", "教育局登记总体应急预案或专项预案");
    return eplan_create(r);
}

static int eplan_create(struct req *r)
{
    char eff[16];
    if (effective_date(r, eff, sizeof(eff)))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_eplan_create(&c, r->org_id, r->org_path, api_str(r->json, "title"),
                           api_str(r->json, "kind"), api_str(r->json, "theme"),
                           api_str(r->json, "content"), api_str(r->json, "note"), eff,
                           &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_eplan_get(struct req *r)
{
    json_t *o = store_eplan_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_eplan_version(struct req *r)
{
    if (VALIDATE(r, r->json, eversion_spec))
        return 0;
    char eff[16];
    if (effective_date(r, eff, sizeof(eff)))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_eplan_add_version(&c, r->id, api_str(r->json, "content"), api_str(r->json, "note"),
                                eff, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

/* ---- drills ---- */

const struct vfield drill_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"plan_id", V_INT, false, 1, INT64_MAX, NULL},
    {"theme", V_STR, true, 0, 0, prog_drill_themes},
    {"date", V_STR, true, 10, 10, NULL},
    {"participants", V_INT, true, 1, 100000, NULL},
    {"duration_min", V_INT, true, 1, 600, NULL},
    {"evacuation_seconds", V_INT, false, 1, 7200, NULL},
    {"evaluation", V_STR, false, 0, 2000, NULL},
    {"rating", V_STR, true, 0, 0, prog_drill_ratings},
    {"photo_ids", V_ARR, false, 0, 20, NULL},
};

int api_drill_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    int64_t d;
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    if (api_prog_date(r, from, "from", &d, NULL) || api_prog_date(r, to, "to", &d, NULL))
        return 0;
    json_t *res = store_drill_list(r->store, &r->scope, from, to, http_query(r, "theme"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_drill_create(struct req *r)
{
    if (VALIDATE(r, r->json, drill_spec) || api_prog_school(r, "school_id", "应急演练"))
        return 0;
    int64_t day;
    const char *date = api_str(r->json, "date");
    if (api_prog_date(r, date, "date", &day, NULL))
        return 0;
    if (day > prog_day_of(r->now))
        return http_error(r, 422, "invalid", "date", "演练日期不能晚于今天");
    int64_t plan_id = api_int(r->json, "plan_id");
    if (plan_id) {
        char pp[96];
        int rc = store_eplan_locate(r->store, plan_id, pp, sizeof(pp));
        if (rc < 0)
            return http_store_error(r);
        if (rc == 0 || strcmp(pp, r->org_path) != 0)
            return http_error(r, 422, "invalid", "plan_id", "应急预案不存在或不属于本校");
    }
    int64_t *photos;
    size_t np;
    if (api_prog_ids(r, json_object_get(r->json, "photo_ids"), "photo_ids", &photos, &np))
        return 0;
    for (size_t i = 0; i < np; i++) {
        int rc = store_photo_in_org(r->store, photos[i], r->org_id);
        if (rc < 0)
            return http_store_error(r);
        if (rc == 0) {
            char field[48];
            snprintf(field, sizeof(field), "photo_ids[%zu]", i);
            return http_error(r, 422, "invalid", field, "照片不存在或不属于本校");
        }
    }
    json_t *ev = json_object_get(r->json, "evacuation_seconds");
    struct drill_in in = {
        .org_id = r->org_id,
        .plan_id = plan_id,
        .participants = api_int(r->json, "participants"),
        .duration_min = api_int(r->json, "duration_min"),
        .evacuation_seconds = ev ? json_integer_value(ev) : -1,
        .org_path = r->org_path,
        .theme = api_str(r->json, "theme"),
        .date = date,
        .evaluation = api_str(r->json, "evaluation"),
        .rating = api_str(r->json, "rating"),
        .photo_ids = photos,
        .nphotos = np,
    };
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_drill_create(&c, &in, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_drill_get(struct req *r)
{
    json_t *o = store_drill_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_drill_compliance(struct req *r)
{
    int64_t today = prog_day_of(r->now);
    int ty;
    unsigned tm, td;
    xa_civil_from_days(today, &ty, &tm, &td);
    int year = ty;
    const char *yq = http_query(r, "year");
    if (yq && *yq) {
        char *end;
        long v = strtol(yq, &end, 10);
        if (*end || v < 2000 || v > 2100)
            return http_error(r, 400, "invalid", "year", "年份应为 2000 到 2100 之间的整数");
        year = (int)v;
    }
    json_t *schools = store_prog_schools(r->store, &r->scope);
    json_t *counts =
        schools ? store_drill_counts(r->store, &r->scope, year, PROG_EVACUATION_TARGET_S) : NULL;
    json_t *settings = counts ? store_drill_settings_all(r->store) : NULL;
    if (!settings) {
        json_decref(schools);
        json_decref(counts);
        return http_store_error(r);
    }
    /* drills[id][month] */
    json_t *by = json_object();
    size_t i;
    json_t *c, *sch;
    json_array_foreach(counts, i, c)
    {
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)api_int(c, "org_id"));
        json_t *row = json_object_get(by, key);
        if (!row) {
            row = json_pack("{s:[iiiiiiiiiiii], s:I}", "m", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            "slow", (json_int_t)0);
            json_object_set_new(by, key, row);
        }
        int64_t m = api_int(c, "month");
        if (m >= 1 && m <= 12)
            json_array_set_new(json_object_get(row, "m"), (size_t)(m - 1),
                               json_integer(api_int(c, "drills")));
        json_object_set_new(row, "slow", json_integer(api_int(row, "slow") + api_int(c, "slow")));
    }
    int64_t n_ok = 0, missed_total = 0, drills_total = 0;
    json_t *out = json_array();
    json_array_foreach(schools, i, sch)
    {
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)api_int(sch, "id"));
        json_t *row = json_object_get(by, key);
        json_t *m = row ? json_object_get(row, "m") : NULL;
        enum prog_cadence cad = prog_drill_cadence(api_str(sch, "school_type"));
        unsigned months = prog_months_for(settings, api_str(sch, "path"), NULL);
        int np = prog_period_count(cad);
        int64_t per[12] = {0}, total = 0;
        for (int mo = 1; mo <= 12; mo++) {
            int64_t n = m ? json_integer_value(json_array_get(m, (size_t)(mo - 1))) : 0;
            per[prog_period_of_month(cad, mo)] += n;
            total += n;
        }
        json_t *periods = json_array();
        int64_t missed = 0, required = 0, done = 0;
        for (int p = 0; p < np; p++) {
            enum prog_period_status st = prog_period_status(cad, year, p, today, months, per[p]);
            char label[32];
            if (cad == PROG_QUARTERLY)
                snprintf(label, sizeof(label), "%04d-Q%d", year, p + 1);
            else
                snprintf(label, sizeof(label), "%04d-%02d", year, p + 1);
            bool req = prog_period_required(cad, p, months);
            if (req && st != PROG_P_FUTURE && st != PROG_P_PENDING)
                required++;
            if (req && st == PROG_P_OK)
                done++;
            if (st == PROG_P_MISSED)
                missed++;
            json_array_append_new(periods, json_pack("{s:s, s:I, s:s, s:b}", "period", label,
                                                     "drills", (json_int_t)per[p], "status",
                                                     prog_period_status_name(st), "required",
                                                     req));
        }
        bool ok = missed == 0;
        n_ok += ok;
        missed_total += missed;
        drills_total += total;
        json_array_append_new(
            out, json_pack("{s:O, s:O, s:O, s:O, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:o}",
                           "org_id", json_object_get(sch, "id"), "name",
                           json_object_get(sch, "name"), "path", json_object_get(sch, "path"),
                           "school_type", json_object_get(sch, "school_type"), "cadence",
                           prog_cadence_name(cad), "drills", (json_int_t)total,
                           "periods_due", (json_int_t)required, "periods_done",
                           (json_int_t)done, "missed", (json_int_t)missed,
                           "slow_evacuations", (json_int_t)(row ? api_int(row, "slow") : 0),
                           "compliant", ok, "periods", periods));
        json_object_set_new(json_array_get(out, json_array_size(out) - 1), "counted_months",
                            prog_months_json(months));
    }
    json_t *res = json_pack("{s:i, s:I, s:{s:I, s:I, s:I, s:I}}", "year", year,
                            "evacuation_target_seconds", (json_int_t)PROG_EVACUATION_TARGET_S,
                            "summary", "schools", (json_int_t)json_array_size(schools),
                            "schools_compliant", (json_int_t)n_ok, "missed_periods",
                            (json_int_t)missed_total, "drills", (json_int_t)drills_total);
    json_t *regions = api_prog_regions(r, out, "compliant");
    if (regions)
        json_object_set_new(res, "regions", regions);
    json_object_set_new(res, "schools", out);
    json_decref(by);
    json_decref(counts);
    json_decref(settings);
    json_decref(schools);
    return http_json(r, 200, res);
}

/* ---- counted months (a bureau setting) ---- */

int api_drill_settings_get(struct req *r)
{
    const char *path = r->org_id ? r->org_path : r->scope.path[0];
    json_t *o = store_drill_settings_at(r->store, path, r->org_id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

const struct vfield drill_settings_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"months", V_ARR, true, 1, 12, NULL},
};

int api_drill_settings_put(struct req *r)
{
    if (VALIDATE(r, r->json, drill_settings_spec))
        return 0;
    char path[96], kind[16];
    if (store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") == 0)
        return http_error(r, 422, "invalid", "org_id", "演练计入月份由教育局设置，学校不能设置");
    unsigned mask;
    int bad;
    if (prog_months_parse(json_object_get(r->json, "months"), &mask, &bad)) {
        char field[24];
        if (bad >= 0)
            snprintf(field, sizeof(field), "months[%d]", bad);
        return http_error(r, 422, "invalid", bad >= 0 ? field : "months",
                          "计入月份应为 1 到 12 月中不重复的月份，至少一个");
    }
    json_t *mj = prog_months_json(mask);
    char *txt = json_dumps(mj, JSON_COMPACT);
    json_decref(mj);
    if (!txt)
        return http_store_error(r);
    struct change c;
    if (api_begin(r, &c)) {
        free(txt);
        return 0;
    }
    json_t *after = NULL;
    int rc = store_drill_settings_put(&c, r->org_id, path, txt, &after);
    free(txt);
    if (rc)
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}
