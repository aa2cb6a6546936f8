/*
 * duty.c - duty rosters (值班表): a leader on duty (领导带班) every day, and
 * 24-hour duty for holidays and special periods; published to the bureau
 * before the period starts; gaps flagged.
 */
#include "core/compat.h"
#include "api/api_programme.h"
#include "domain/programme.h"
#include "store/store_programme.h"
#include "store/store_risk.h"

int api_roster_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_roster_locate(s, id, path, len);
}

const struct vfield roster_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"title", V_STR, true, 1, 64, NULL},
    {"kind", V_STR, true, 0, 0, prog_roster_kinds},
    {"start_date", V_STR, true, 10, 10, NULL},
    {"end_date", V_STR, true, 10, 10, NULL},
    {"slots", V_ARR, false, 0, PROG_ROSTER_MAX_DAYS, NULL},
};

const struct vfield roster_update_spec[] = {
    {"slots", V_ARR, true, 1, PROG_ROSTER_MAX_DAYS, NULL},
};

static int slot_err(struct req *r, int status, const char *code, size_t i, const char *name,
                    const char *msg)
{
    char field[48];
    snprintf(field, sizeof(field), "slots[%zu].%s", i, name);
    return http_error(r, status, code, field, "%s", msg), -1;
}

static int user_here(struct req *r, int64_t uid, size_t i, const char *name)
{
    int rc = store_user_in_path(r->store, uid, r->org_path);
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc == 0)
        return slot_err(r, 422, "invalid", i, name, "值班人员必须是本校在职人员");
    return 0;
}

/* The leader on duty (带班领导) is a school leader: its principal or
 * safety officer. */
static int leader_here(struct req *r, int64_t uid, size_t i)
{
    json_t *roles = store_user_roles(r->store, uid);
    if (!roles)
        return http_store_error(r), -1;
    bool ok = false;
    size_t k;
    json_t *ro;
    json_array_foreach(roles, k, ro)
    {
        const char *role = api_str(ro, "role"), *path = api_str(ro, "org_path");
        if (role && path && strcmp(path, r->org_path) == 0 &&
            (strcmp(role, "principal") == 0 || strcmp(role, "safety_officer") == 0))
            ok = true;
    }
    json_decref(roles);
    if (!ok)
        return slot_err(r, 422, "invalid", i, "leader_id", "带班领导应为本校校长或分管安全负责人");
    return 0;
}

/* Checks the slots against the period [a, b] and the school (r->org_path);
 * fills out[] (arena). 0 or -1 after an error response. */
static int read_slots(struct req *r, json_t *arr, int64_t a, int64_t b, struct duty_slot_in **out,
                      size_t *n)
{
    *n = json_array_size(arr);
    *out = arena_alloc(r->arena, sizeof(**out) * (*n ? *n : 1));
    int64_t *days = arena_alloc(r->arena, sizeof(int64_t) * (*n ? *n : 1));
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_object(v)) {
            char field[32];
            snprintf(field, sizeof(field), "slots[%zu]", i);
            return http_error(r, 400, "wrong_type", field, "%s 应为对象", field), -1;
        }
        const char *key;
        json_t *fv;
        json_object_foreach(v, key, fv)
        {
            if (strcmp(key, "date") && strcmp(key, "leader_id") && strcmp(key, "staff_ids") &&
                strcmp(key, "is_24h") && strcmp(key, "phone"))
                return slot_err(r, 400, "unknown_field", i, key, "未知字段");
        }
        struct duty_slot_in *s = &(*out)[i];
        memset(s, 0, sizeof(*s));
        json_t *d = json_object_get(v, "date");
        if (!d)
            return slot_err(r, 422, "required", i, "date", "缺少值班日期");
        if (!json_is_string(d) || prog_date_parse(json_string_value(d), &days[i]))
            return slot_err(r, 422, "invalid", i, "date", "值班日期应为 YYYY-MM-DD");
        if (days[i] < a || days[i] > b)
            return slot_err(r, 422, "invalid", i, "date", "值班日期不在值班期内");
        for (size_t k = 0; k < i; k++)
            if (days[k] == days[i])
                return slot_err(r, 422, "duplicate", i, "date", "同一天只能有一条排班");
        s->date = json_string_value(d);
        json_t *l = json_object_get(v, "leader_id");
        if (l && !json_is_null(l)) {
            if (!json_is_integer(l) || json_integer_value(l) < 1)
                return slot_err(r, 400, "wrong_type", i, "leader_id", "带班领导应为用户 id");
            s->leader_id = json_integer_value(l);
            if (user_here(r, s->leader_id, i, "leader_id") || leader_here(r, s->leader_id, i))
                return -1;
        }
        json_t *h = json_object_get(v, "is_24h");
        if (h && !json_is_boolean(h))
            return slot_err(r, 400, "wrong_type", i, "is_24h", "is_24h 应为布尔值");
        s->is_24h = json_is_true(h);
        json_t *p = json_object_get(v, "phone");
        if (p && (!json_is_string(p) || json_string_length(p) > 20))
            return slot_err(r, 422, "invalid", i, "phone", "值班电话应为不超过 20 个字符的字符串");
        s->phone = p ? json_string_value(p) : "";
        json_t *st = json_object_get(v, "staff_ids");
        if (st && (!json_is_array(st) || json_array_size(st) > 20))
            return slot_err(r, 400, "wrong_type", i, "staff_ids", "staff_ids 应为最多 20 个用户 id");
        size_t k;
        json_t *u;
        json_array_foreach(st, k, u)
        {
            if (!json_is_integer(u) || json_integer_value(u) < 1)
                return slot_err(r, 400, "wrong_type", i, "staff_ids", "staff_ids 应为用户 id");
            if (user_here(r, json_integer_value(u), i, "staff_ids"))
                return -1;
        }
        s->staff_ids = st;
    }
    return 0;
}

/* Adds gaps [{date, reason}], late (a draft whose period has begun, or a
 * roster filed after its start: 补报) and publishable to a roster object;
 * returns the number of gaps. */
static size_t roster_decorate(json_t *ro, int64_t now)
{
    int64_t a = 0, b = -1;
    prog_date_parse(json_string_value(json_object_get(ro, "start_date")), &a);
    prog_date_parse(json_string_value(json_object_get(ro, "end_date")), &b);
    const char *kind = json_string_value(json_object_get(ro, "kind"));
    json_t *slots = json_object_get(ro, "slots");
    json_t *gaps = json_array();
    for (int64_t d = a; d <= b; d++) {
        char ds[16];
        prog_date_format(d, ds, sizeof(ds));
        struct prog_slot ps = {0};
        size_t i;
        json_t *sl;
        json_array_foreach(slots, i, sl)
        {
            if (strcmp(json_string_value(json_object_get(sl, "date")), ds) == 0) {
                ps.present = true;
                ps.leader = json_is_integer(json_object_get(sl, "leader_id"));
                ps.is_24h = json_is_true(json_object_get(sl, "is_24h"));
                break;
            }
        }
        enum prog_gap g = prog_duty_gap(kind, &ps);
        if (g != PROG_GAP_NONE)
            json_array_append_new(gaps, json_pack("{s:s, s:s}", "date", ds, "reason",
                                                  prog_gap_name(g)));
    }
    bool draft = strcmp(json_string_value(json_object_get(ro, "state")), "draft") == 0;
    /* late: a draft whose period has begun (to be filed late), or one filed
     * after its start (补报); a late filing is accepted, flagged */
    bool late = draft ? prog_roster_late(now, a)
                      : json_is_true(json_object_get(ro, "published_late"));
    size_t n = json_array_size(gaps);
    json_object_set_new(ro, "gaps", gaps);
    json_object_set_new(ro, "late", json_boolean(late));
    json_object_set_new(ro, "publishable", json_boolean(draft && n == 0));
    return n;
}

int api_roster_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    int64_t d;
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    if (api_prog_date(r, from, "from", &d, NULL) || api_prog_date(r, to, "to", &d, NULL))
        return 0;
    json_t *res =
        store_roster_list(r->store, &r->scope, from, to, http_query(r, "state"), true, &pg);
    if (!res)
        return http_store_error(r);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(res, "items"), i, it) roster_decorate(it, r->now);
    return http_json(r, 200, res);
}

int api_roster_create(struct req *r)
{
    if (VALIDATE(r, r->json, roster_spec) || api_prog_school(r, "school_id", "值班表"))
        return 0;
    int64_t a, b;
    const char *start = api_str(r->json, "start_date"), *end = api_str(r->json, "end_date");
    if (api_prog_date(r, start, "start_date", &a, NULL) ||
        api_prog_date(r, end, "end_date", &b, NULL))
        return 0;
    if (b < a)
        return http_error(r, 422, "invalid", "end_date", "结束日期不能早于开始日期");
    if (b - a + 1 > PROG_ROSTER_MAX_DAYS)
        return http_error(r, 422, "range", "end_date", "一张值班表最长 %d 天",
                          PROG_ROSTER_MAX_DAYS);
    struct duty_slot_in *slots;
    size_t n;
    if (read_slots(r, json_object_get(r->json, "slots"), a, b, &slots, &n))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_roster_create(&c, r->org_id, r->org_path, api_str(r->json, "title"),
                            api_str(r->json, "kind"), start, end, slots, n, &after) < 0)
        return api_fail(r, &c);
    roster_decorate(after, r->now);
    return api_commit(r, &c, 201, after);
}

int api_roster_get(struct req *r)
{
    json_t *o = store_roster_get(r->store, r->id);
    if (!o)
        return http_store_error(r);
    roster_decorate(o, r->now);
    return http_json(r, 200, o);
}

int api_roster_update(struct req *r)
{
    if (VALIDATE(r, r->json, roster_update_spec))
        return 0;
    /* the period (fixed at creation) bounds the slots; the state is
     * checked again in the change */
    json_t *before = store_roster_get(r->store, r->id);
    if (!before)
        return http_store_error(r);
    if (strcmp(api_str(before, "state"), "draft") != 0) {
        json_decref(before);
        return http_error(r, 409, "published", "slots", "值班表已报送，不能再修改");
    }
    int64_t a = 0, b = 0;
    prog_date_parse(api_str(before, "start_date"), &a);
    prog_date_parse(api_str(before, "end_date"), &b);
    json_decref(before);
    /* read_slots locates users in the school of the roster */
    snprintf(r->org_path, sizeof(r->org_path), "%s", r->obj_path);
    struct duty_slot_in *slots;
    size_t n;
    if (read_slots(r, json_object_get(r->json, "slots"), a, b, &slots, &n))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_roster_update(&c, r->id, slots, n, &after))
        return api_fail(r, &c);
    roster_decorate(after, r->now);
    return api_commit(r, &c, 200, after);
}

int api_roster_publish(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *before = store_roster_get(r->store, r->id);
    if (!before)
        return api_fail(r, &c);
    size_t gaps = roster_decorate(before, r->now);
    bool draft = strcmp(api_str(before, "state"), "draft") == 0,
         late = json_is_true(json_object_get(before, "late"));
    json_decref(before);
    if (!draft)
        return api_refuse(r, &c, 409, "published", NULL, "值班表已报送");
    if (gaps) {
        char msg[200];
        snprintf(msg, sizeof(msg),
                 "值班表有 %zu 处缺口（未排班、缺带班领导或未安排 24 小时值班），不能报送", gaps);
        return api_refuse(r, &c, 422, "gaps", "slots", msg);
    }
    json_t *after = NULL;
    if (store_roster_publish(&c, r->id, late, &after))
        return api_fail(r, &c);
    roster_decorate(after, r->now);
    return api_commit(r, &c, 200, after);
}

/* Rosters of the scope with gaps or unpublished after their start, and
 * holidays (calendar kind "holiday" here or above) a school has no roster
 * for. ?from= (default 31 days ago) &to= (default from + 92 days). */
int api_roster_gaps(struct req *r)
{
    int64_t from = prog_day_of(r->now) - 31, to;
    bool has_to;
    const char *fq = http_query(r, "from"), *tq = http_query(r, "to");
    if (api_prog_date(r, fq, "from", &from, NULL) || api_prog_date(r, tq, "to", &to, &has_to))
        return 0;
    if (!has_to)
        to = from + 92;
    if (to < from)
        return http_error(r, 400, "invalid", "to", "结束日期不能早于开始日期");
    char f[16], t[16];
    prog_date_format(from, f, sizeof(f));
    prog_date_format(to, t, sizeof(t));
    struct page pg = {1, 1000};
    json_t *rs = store_roster_list(r->store, &r->scope, f, t, NULL, true, &pg);
    json_t *cal = rs ? store_cal_list(r->store, &r->scope, f, t, "holiday", &pg) : NULL;
    json_t *schools = cal ? store_prog_schools(r->store, &r->scope) : NULL;
    if (!schools) {
        json_decref(rs);
        json_decref(cal);
        return http_store_error(r);
    }
    json_t *rosters = json_array(), *uncovered = json_array();
    int64_t late = 0, with_gaps = 0;
    size_t i, j, k;
    json_t *ro, *hol, *sch;
    json_array_foreach(json_object_get(rs, "items"), i, ro)
    {
        size_t g = roster_decorate(ro, r->now);
        bool l = json_is_true(json_object_get(ro, "late"));
        late += l;
        with_gaps += g > 0;
        if (g || l) {
            json_object_del(ro, "slots");
            json_array_append(rosters, ro);
        }
    }
    json_array_foreach(json_object_get(cal, "items"), i, hol)
    {
        const char *hp = api_str(hol, "org_path"), *hs = api_str(hol, "start_date"),
                   *he = api_str(hol, "end_date");
        json_array_foreach(schools, j, sch)
        {
            const char *sp = api_str(sch, "path");
            if (strncmp(sp, hp, strlen(hp)) != 0)
                continue; /* the holiday is not set for this school */
            bool covered = false;
            json_array_foreach(json_object_get(rs, "items"), k, ro)
            {
                if (api_int(ro, "org_id") == api_int(sch, "id") &&
                    strcmp(api_str(ro, "start_date"), hs) <= 0 &&
                    strcmp(api_str(ro, "end_date"), he) >= 0 &&
                    strcmp(api_str(ro, "kind"), "routine") != 0) {
                    covered = true;
                    break;
                }
            }
            if (!covered)
                json_array_append_new(
                    uncovered, json_pack("{s:O, s:O, s:O, s:O, s:O, s:s}", "org_id",
                                         json_object_get(sch, "id"), "org_name",
                                         json_object_get(sch, "name"), "holiday",
                                         json_object_get(hol, "title"), "start_date",
                                         json_object_get(hol, "start_date"), "end_date",
                                         json_object_get(hol, "end_date"), "reason",
                                         "no_roster"));
        }
    }
    json_t *res = json_pack("{s:s, s:s, s:{s:I, s:I, s:I, s:I}}", "from", f, "to", t, "summary",
                            "rosters", (json_int_t)json_array_size(json_object_get(rs, "items")),
                            "with_gaps", (json_int_t)with_gaps, "late", (json_int_t)late,
                            "holidays_uncovered", (json_int_t)json_array_size(uncovered));
    json_object_set_new(res, "rosters", rosters);
    json_object_set_new(res, "holidays_uncovered", uncovered);
    json_decref(rs);
    json_decref(cal);
    json_decref(schools);
    return http_json(r, 200, res);
}
