/*
 * education.c - safety education (安全教育): lessons per class, class-hour
 * compliance per class / school / region, and the calendar of themed days,
 * seasonal topics and holidays.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "api/api_programme.h"
#include "domain/programme.h"
#include "store/store_programme.h"
#include "store/store_risk.h"

int api_lesson_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_lesson_locate(s, id, path, len);
}

const struct vfield lesson_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"class_name", V_STR, true, 1, 32, NULL},
    {"topic", V_STR, true, 1, 100, NULL},
    {"category", V_NULLSTR, false, 0, 0, NULL},
    {"hours", V_NUM, true, 0, 8, NULL},
    {"date", V_STR, true, 10, 10, NULL},
    {"teacher", V_STR, false, 0, 32, NULL},
};

/* A category, when given, must name an active one. */
static int check_category(struct req *r, const char *cat)
{
    if (!cat)
        return 0;
    int rc = store_category_exists(r->store, cat);
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc == 0)
        return http_error(r, 422, "invalid", "category", "未知的类别 %s", cat), -1;
    return 0;
}

int api_lesson_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *sem = http_query(r, "semester");
    int64_t a, b;
    if (sem && *sem && prog_semester_range(sem, &a, &b))
        return http_error(r, 400, "invalid", "semester", "学期应为 YYYY-1（春季）或 YYYY-2（秋季）");
    json_t *res = store_lesson_list(r->store, &r->scope, sem, http_query(r, "class_name"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_lesson_create(struct req *r)
{
    if (VALIDATE(r, r->json, lesson_spec) || api_prog_school(r, "school_id", "安全教育课"))
        return 0;
    double hours = json_number_value(json_object_get(r->json, "hours"));
    if (hours < 0.5 || (double)(int64_t)(hours * 2) != hours * 2)
        return http_error(r, 422, "range", "hours", "课时应为 0.5 到 8 之间、以 0.5 为单位的数");
    int64_t day;
    const char *date = api_str(r->json, "date");
    if (api_prog_date(r, date, "date", &day, NULL))
        return 0;
    if (day > prog_day_of(r->now))
        return http_error(r, 422, "invalid", "date", "上课日期不能晚于今天");
    const char *cat = api_str(r->json, "category");
    if (check_category(r, cat))
        return 0;
    char sem[16];
    prog_semester_of(day, sem, sizeof(sem));
    struct lesson_in in = {
        .org_id = r->org_id,
        .org_path = r->org_path,
        .class_name = api_str(r->json, "class_name"),
        .topic = api_str(r->json, "topic"),
        .category = cat,
        .date = date,
        .semester = sem,
        .teacher = api_str(r->json, "teacher"),
        .hours = hours,
    };
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_lesson_create(&c, &in, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_lesson_delete(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_lesson_delete(&c, r->id))
        return api_fail(r, &c);
    return api_commit(r, &c, 200,
                      json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}

int api_edu_compliance(struct req *r)
{
    const char *sem = http_query(r, "semester");
    char cur[16];
    if (!sem || !*sem) {
        prog_semester_of(prog_day_of(r->now), cur, sizeof(cur));
        sem = cur;
    }
    int64_t first, last;
    if (prog_semester_range(sem, &first, &last))
        return http_error(r, 400, "invalid", "semester", "学期应为 YYYY-1（春季）或 YYYY-2（秋季）");
    json_t *schools = store_prog_schools(r->store, &r->scope);
    json_t *hours = schools ? store_lesson_hours(r->store, &r->scope, sem) : NULL;
    if (!hours) {
        json_decref(schools);
        return http_store_error(r);
    }
    /* per school: recorded classes, compliant classes, hours */
    json_t *acc = json_object(), *classes = json_array();
    size_t i;
    json_t *h, *sch;
    json_array_foreach(hours, i, h)
    {
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)api_int(h, "org_id"));
        json_t *a = json_object_get(acc, key);
        if (!a) {
            a = json_pack("{s:I, s:I, s:f}", "recorded", (json_int_t)0, "compliant",
                          (json_int_t)0, "hours", 0.0);
            json_object_set_new(acc, key, a);
        }
        double hv = json_number_value(json_object_get(h, "hours"));
        bool ok = prog_class_compliant(hv);
        json_object_set_new(a, "recorded", json_integer(api_int(a, "recorded") + 1));
        json_object_set_new(a, "compliant", json_integer(api_int(a, "compliant") + ok));
        json_object_set_new(a, "hours",
                            json_real(json_number_value(json_object_get(a, "hours")) + hv));
        json_t *c = json_pack("{s:O, s:O, s:f, s:O, s:b, s:f}", "org_id",
                              json_object_get(h, "org_id"), "class_name",
                              json_object_get(h, "class_name"), "hours", hv, "lessons",
                              json_object_get(h, "lessons"), "compliant", ok, "missing_hours",
                              ok ? 0.0 : PROG_MIN_HOURS - hv);
        json_array_append_new(classes, c);
    }
    int64_t n_ok = 0, cls_total = 0, cls_rec = 0, cls_ok = 0;
    double hours_total = 0;
    json_t *out_schools = json_array();
    json_array_foreach(schools, i, sch)
    {
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)api_int(sch, "id"));
        json_t *a = json_object_get(acc, key);
        int64_t declared = api_int(sch, "classes");
        int64_t rec = a ? api_int(a, "recorded") : 0, ok = a ? api_int(a, "compliant") : 0;
        double hv = a ? json_number_value(json_object_get(a, "hours")) : 0;
        int64_t need = declared > rec ? declared : rec;
        bool compliant = need > 0 && ok >= need;
        n_ok += compliant;
        cls_total += need;
        cls_rec += rec;
        cls_ok += ok;
        hours_total += hv;
        json_array_append_new(
            out_schools,
            json_pack("{s:O, s:O, s:O, s:O, s:I, s:I, s:I, s:I, s:f, s:b}", "org_id",
                      json_object_get(sch, "id"), "name", json_object_get(sch, "name"), "path",
                      json_object_get(sch, "path"), "school_type",
                      json_object_get(sch, "school_type"), "classes", (json_int_t)declared,
                      "classes_recorded", (json_int_t)rec, "classes_compliant", (json_int_t)ok,
                      "classes_missing", (json_int_t)(need - rec), "hours", hv, "compliant",
                      compliant));
    }
    json_t *res = json_pack(
        "{s:s, s:f, s:{s:I, s:I, s:I, s:I, s:I, s:f, s:f}}", "semester", sem, "min_hours",
        PROG_MIN_HOURS, "summary", "schools", (json_int_t)json_array_size(schools),
        "schools_compliant", (json_int_t)n_ok, "classes", (json_int_t)cls_total,
        "classes_recorded", (json_int_t)cls_rec, "classes_compliant", (json_int_t)cls_ok,
        "hours", hours_total, "class_rate", cls_total ? (double)cls_ok / (double)cls_total : 0.0);
    char d0[16], d1[16];
    prog_date_format(first, d0, sizeof(d0));
    prog_date_format(last, d1, sizeof(d1));
    json_object_set_new(res, "from", json_string(d0));
    json_object_set_new(res, "to", json_string(d1));
    json_t *regions = api_prog_regions(r, out_schools, "compliant");
    if (regions)
        json_object_set_new(res, "regions", regions);
    json_object_set_new(res, "schools", out_schools);
    if (json_array_size(schools) == 1)
        json_object_set(res, "classes", classes);
    json_decref(classes);
    json_decref(acc);
    json_decref(hours);
    json_decref(schools);
    return http_json(r, 200, res);
}

/* ---- calendar ---- */

const struct vfield cal_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"kind", V_STR, true, 0, 0, prog_calendar_kinds},
    {"title", V_STR, true, 1, 64, NULL},
    {"category", V_NULLSTR, false, 0, 0, NULL},
    {"start_date", V_STR, true, 10, 10, NULL},
    {"end_date", V_STR, true, 10, 10, NULL},
    {"description", V_STR, false, 0, 2000, NULL},
};

int api_cal_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    int64_t d;
    const char *from = http_query(r, "from"), *to = http_query(r, "to"),
               *kind = http_query(r, "kind");
    if (api_prog_date(r, from, "from", &d, NULL) || api_prog_date(r, to, "to", &d, NULL))
        return 0;
    json_t *res = store_cal_list(r->store, &r->scope, from, to, kind, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_cal_create(struct req *r)
{
    if (VALIDATE(r, r->json, cal_spec))
        return 0;
    int64_t a, b;
    const char *start = api_str(r->json, "start_date"), *end = api_str(r->json, "end_date");
    if (api_prog_date(r, start, "start_date", &a, NULL) ||
        api_prog_date(r, end, "end_date", &b, NULL))
        return 0;
    if (b < a)
        return http_error(r, 422, "invalid", "end_date", "结束日期不能早于开始日期");
    if (b - a > 92)
        return http_error(r, 422, "range", "end_date", "一个日历条目最长 93 天");
    /* a national themed day falls on its date by rule (安全教育日: the last
     * Monday of March, ...) */
    int y;
    unsigned mo, dd;
    xa_civil_from_days(a, &y, &mo, &dd);
    struct prog_national_day nd[PROG_NATIONAL_DAYS];
    prog_national_days(y, nd);
    for (int i = 0; i < PROG_NATIONAL_DAYS; i++)
        if (strcmp(api_str(r->json, "title"), nd[i].title) == 0 &&
            (nd[i].first != a || nd[i].last != b)) {
            char f[16], l[16];
            prog_date_format(nd[i].first, f, sizeof(f));
            prog_date_format(nd[i].last, l, sizeof(l));
            if (nd[i].first == nd[i].last)
                return http_error(r, 422, "invalid", "start_date", "%d 年的%s是 %s", y,
                                  nd[i].title, f);
            return http_error(r, 422, "invalid", "start_date", "%d 年的%s是 %s 至 %s", y,
                              nd[i].title, f, l);
        }
    const char *cat = api_str(r->json, "category");
    if (check_category(r, cat))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_cal_create(&c, r->org_id, r->org_path, api_str(r->json, "kind"),
                         api_str(r->json, "title"), cat, start, end,
                         api_str(r->json, "description"), &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

/* The national themed days of ?year= (default this year), by rule. */
int api_cal_national(struct req *r)
{
    int y;
    unsigned mo, dd;
    xa_civil_from_days(prog_day_of(r->now), &y, &mo, &dd);
    const char *yq = http_query(r, "year");
    if (yq && *yq) {
        char *end;
        long v = strtol(yq, &end, 10);
        if (*end || v < 2000 || v > 2100)
            return http_error(r, 400, "invalid", "year", "年份应为 2000 到 2100 之间的整数");
        y = (int)v;
    }
    struct prog_national_day nd[PROG_NATIONAL_DAYS];
    prog_national_days(y, nd);
    json_t *items = json_array();
    for (int i = 0; i < PROG_NATIONAL_DAYS; i++) {
        char f[16], l[16];
        prog_date_format(nd[i].first, f, sizeof(f));
        prog_date_format(nd[i].last, l, sizeof(l));
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", nd[i].kind,
                                               "title", nd[i].title, "category", nd[i].category,
                                               "start_date", f, "end_date", l));
    }
    return http_json(r, 200, json_pack("{s:i, s:o}", "year", y, "items", items));
}
