/*
 * ledgers.c - /api/v1/ledgers/{buses,drivers,visitors,petitions}: the school
 * ledgers (校车 / 驾驶员 / 门卫登记 / 信访积案). One set of generic handlers
 * driven by a table of kinds; the per-kind rules are in check_*.
 *
 * Rows belong to a school (org_id on create); lists filter by the caller's
 * scope (and ?org_id=), so a bureau sees its schools' ledgers. Dates are
 * 'YYYY-MM-DD'; visit times are ISO 8601 instants. Gate visitors' id
 * numbers are kept masked except the last 4 characters.
 */
#include "core/compat.h"
#include "api/api_public.h"
#include "api/api_doc.h"
#include "core/timeutil.h"
#include "export/export.h"
#include "store/store_public.h"

static const char *const licence_classes[] = {"A1", "A2", "A3", "B1", "B2", "C1", NULL};
static const char *const pet_status[] = {"open", "resolved", NULL};

#define ORG {"org_id", V_INT, true, 1, INT64_MAX, NULL}
#define NOTE(req) {"note", V_STR, false, 0, 500, NULL}

/* Each kind's fields, R telling whether the fields a new row needs are
 * required: true in the create spec (after ORG), false in the update spec. */
// clang-format off
#define BUS_FIELDS(R)                                                                              \
    {"plate", V_STR, R, 2, 16, NULL},                                                              \
    {"seats", V_INT, R, 1, 100, NULL},                                                             \
    {"inspection_expiry", V_STR, R, 10, 10, NULL},                                                 \
    {"insurance_expiry", V_STR, R, 10, 10, NULL}
#define DRIVER_FIELDS(R)                                                                           \
    {"name", V_STR, R, 1, 32, NULL},                                                               \
    {"phone", V_STR, false, 0, 20, NULL},                                                          \
    {"licence_class", V_STR, R, 0, 0, licence_classes},                                            \
    {"licence_expiry", V_STR, R, 10, 10, NULL},                                                    \
    {"bus_id", V_INT, false, 0, INT64_MAX, NULL}
#define VISIT_FIELDS(R)                                                                            \
    {"name", V_STR, R, 1, 32, NULL},                                                               \
    {"id_number", V_STR, false, 0, 18, NULL},                                                      \
    {"phone", V_STR, false, 0, 20, NULL},                                                          \
    {"reason", V_STR, R, 1, 200, NULL},                                                            \
    {"host", V_STR, false, 0, 32, NULL},                                                           \
    {"plate", V_STR, false, 0, 16, NULL},                                                          \
    {"goods_in", V_STR, false, 0, 200, NULL},                                                      \
    {"goods_out", V_STR, false, 0, 200, NULL},                                                     \
    {"in_at", V_STR, false, 10, 40, NULL},                                                         \
    {"out_at", V_NULLSTR, false, 10, 40, NULL}
#define PETITION_FIELDS(R)                                                                         \
    {"petitioner", V_STR, R, 1, 64, NULL},                                                         \
    {"subject", V_STR, R, 1, 500, NULL},                                                           \
    {"received_on", V_STR, R, 10, 10, NULL},                                                       \
    {"leader_id", V_INT, R, 1, INT64_MAX, NULL},                                                   \
    {"due_on", V_STR, R, 10, 10, NULL},                                                            \
    {"status", V_STR, false, 0, 0, pet_status},                                                    \
    {"result", V_STR, false, 0, 1000, NULL},                                                       \
    {"resolved_on", V_NULLSTR, false, 10, 10, NULL}
// clang-format on
const struct vfield bus_create[] = {ORG, BUS_FIELDS(true), NOTE(0)};
const struct vfield bus_update[] = {BUS_FIELDS(false), NOTE(0)};
const struct vfield driver_create[] = {ORG, DRIVER_FIELDS(true), NOTE(0)};
const struct vfield driver_update[] = {DRIVER_FIELDS(false), NOTE(0)};
const struct vfield visit_create[] = {ORG, VISIT_FIELDS(true), NOTE(0)};
const struct vfield visit_update[] = {VISIT_FIELDS(false), NOTE(0)};
const struct vfield petition_create[] = {ORG, PETITION_FIELDS(true), NOTE(0)};
const struct vfield petition_update[] = {PETITION_FIELDS(false), NOTE(0)};

struct kind_def {
    enum ledger_kind k;
    const struct vfield *create;
    size_t ncreate;
    const struct vfield *update;
    size_t nupdate;
};
#define KD(kind, c, u)                                                                             \
    {                                                                                              \
        kind, c, XA_ARRAY_LEN(c), u, XA_ARRAY_LEN(u)                                               \
    }
static const struct kind_def kinds[LEDGER_KIND_COUNT] = {
    KD(LEDGER_BUS, bus_create, bus_update),
    KD(LEDGER_DRIVER, driver_create, driver_update),
    KD(LEDGER_VISIT, visit_create, visit_update),
    KD(LEDGER_PETITION, petition_create, petition_update),
};

static void today_of(int64_t now, char *out, size_t len)
{
    char iso[40];
    xa_time_format(now, iso, sizeof(iso));
    snprintf(out, len, "%.10s", iso);
}

/* A 'YYYY-MM-DD' calendar date. */
static bool is_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int64_t ms;
    int y = atoi(s);
    unsigned m = (unsigned)atoi(s + 5), d = (unsigned)atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31 || xa_time_parse(s, &ms))
        return false;
    int yy;
    unsigned mm, dd;
    xa_civil_from_days(xa_days_from_civil(y, m, d), &yy, &mm, &dd);
    return yy == y && mm == m && dd == d;
}

static int bad_date(struct req *r, const char *field)
{
    return http_error(r, 422, "invalid", field, "日期格式应为 YYYY-MM-DD"), -1;
}

/* The value of key in obj, else in before. */
static const char *val(json_t *obj, json_t *before, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v && before)
        v = json_object_get(before, key);
    return json_string_value(v);
}

/*
 * Per-kind rules on the merged record (obj over before). May rewrite obj
 * (instants to ms, the id number masked). 0, or -1 after an error answer.
 */
static int check(struct req *r, enum ledger_kind k, json_t *obj, json_t *before,
                 const char *school_path)
{
    static const char *const dates[] = {"inspection_expiry", "insurance_expiry", "licence_expiry",
                                        "received_on", "due_on"};
    for (size_t i = 0; i < XA_ARRAY_LEN(dates); i++) {
        json_t *v = json_object_get(obj, dates[i]);
        if (v && !is_date(json_string_value(v)))
            return bad_date(r, dates[i]);
    }
    if (k == LEDGER_DRIVER) {
        int64_t bus = api_int(obj, "bus_id");
        if (bus) {
            char bp[96];
            int rc = store_ledger_locate(r->store, LEDGER_BUS, bus, bp, sizeof(bp));
            if (rc < 0)
                return http_store_error(r), -1;
            if (rc == 0 || strcmp(bp, school_path) != 0)
                return http_error(r, 422, "invalid", "bus_id", "校车不存在或不属于该学校"), -1;
        }
    } else if (k == LEDGER_VISIT) {
        const char *ids = api_str(obj, "id_number");
        if (ids) {
            size_t n = strlen(ids);
            char masked[32];
            size_t i = 0;
            for (; i + 4 < n && i < sizeof(masked) - 5; i++)
                masked[i] = '*';
            snprintf(masked + i, sizeof(masked) - i, "%s", n > 4 ? ids + n - 4 : ids);
            json_object_set_new(obj, "id_masked", json_string(masked));
            json_object_del(obj, "id_number");
        }
        static const char *const times[] = {"in_at", "out_at"};
        for (int i = 0; i < 2; i++) {
            json_t *v = json_object_get(obj, times[i]);
            int64_t ms;
            if (!v || json_is_null(v))
                continue;
            if (xa_time_parse(json_string_value(v), &ms))
                return http_error(r, 422, "invalid", times[i],
                                  "时间格式应为 YYYY-MM-DDTHH:MM"),
                       -1;
            json_object_set_new(obj, times[i], json_integer(ms));
        }
        if (!before && !json_object_get(obj, "in_at"))
            json_object_set_new(obj, "in_at", json_integer(r->now));
        /* out_at not before in_at (before holds ISO strings: compare as ms) */
        int64_t in_ms = 0, out_ms = 0;
        json_t *vi = json_object_get(obj, "in_at"), *vo = json_object_get(obj, "out_at");
        if (vi)
            in_ms = json_integer_value(vi);
        else if (before && val(NULL, before, "in_at"))
            xa_time_parse(val(NULL, before, "in_at"), &in_ms);
        if (vo && json_is_integer(vo))
            out_ms = json_integer_value(vo);
        else if (!vo && before && val(NULL, before, "out_at"))
            xa_time_parse(val(NULL, before, "out_at"), &out_ms);
        if (out_ms && out_ms < in_ms)
            return http_error(r, 422, "invalid", vo ? "out_at" : "in_at", "离校时间不能早于入校时间"),
                   -1;
    } else if (k == LEDGER_PETITION) {
        const char *rv = val(obj, before, "received_on"), *dl = val(obj, before, "due_on");
        if (rv && dl && strcmp(dl, rv) < 0)
            return http_error(r, 422, "invalid", "due_on", "办结期限不能早于受理日期"), -1;
        json_t *ro = json_object_get(obj, "resolved_on");
        if (ro && !json_is_null(ro) && !is_date(json_string_value(ro)))
            return bad_date(r, "resolved_on");
        const char *st = val(obj, before, "status");
        const char *res = val(obj, before, "result");
        if (st && strcmp(st, "resolved") == 0) {
            if (!res || !*res)
                return http_error(r, 422, "required", "result", "办结时必须填写处理结果"), -1;
            if (!val(obj, before, "resolved_on")) {
                char today[16];
                today_of(r->now, today, sizeof(today));
                json_object_set_new(obj, "resolved_on", json_string(today));
            }
        } else if (json_object_get(obj, "status")) {
            json_object_set_new(obj, "resolved_on", json_null());
        }
        int64_t leader = api_int(obj, "leader_id");
        if (leader) {
            char up[96];
            int rc = store_user_locate(r->store, leader, up, sizeof(up));
            if (rc < 0)
                return http_store_error(r), -1;
            /* the leader works at the school or at a bureau above it */
            if (rc == 0 || strncmp(school_path, up, strlen(up)) != 0)
                return http_error(r, 422, "invalid", "leader_id",
                                  "责任领导必须是本校或上级单位的用户"),
                       -1;
        }
    }
    return 0;
}

/* ---- .xlsx export (?format=xlsx on a list: every row of the filter) ---- */

struct xcol {
    const char *title, *key;
    double width;
    char type; /* 's' text, 'i' integer, 't' instant (ISO -> minutes), 'f' flags */
};
static const struct xcol bus_x[] = {
    {"学校", "school_name", 24, 's'}, {"车牌号", "plate", 12, 's'}, {"核载人数", "seats", 9, 'i'},
    {"年检有效期至", "inspection_expiry", 13, 's'}, {"保险有效期至", "insurance_expiry", 13, 's'},
    {"驾驶员", "drivers", 8, 'i'}, {"状态", NULL, 12, 'f'}, {"备注", "note", 24, 's'},
};
static const struct xcol driver_x[] = {
    {"学校", "school_name", 24, 's'}, {"姓名", "name", 10, 's'}, {"电话", "phone", 14, 's'},
    {"准驾车型", "licence_class", 9, 's'}, {"驾驶证有效期至", "licence_expiry", 14, 's'},
    {"所驾校车", "bus_plate", 12, 's'}, {"状态", NULL, 12, 'f'},
};
static const struct xcol visit_x[] = {
    {"学校", "school_name", 24, 's'}, {"来访人", "name", 10, 's'},
    {"身份证号", "id_masked", 20, 's'}, {"事由", "reason", 16, 's'}, {"被访人", "host", 12, 's'},
    {"车牌", "plate", 11, 's'}, {"带入物品", "goods_in", 16, 's'},
    {"带出物品", "goods_out", 16, 's'}, {"入校时间", "in_at", 17, 't'},
    {"离校时间", "out_at", 17, 't'},
};
static const struct xcol petition_x[] = {
    {"学校", "school_name", 24, 's'}, {"信访人", "petitioner", 12, 's'},
    {"信访事项", "subject", 30, 's'}, {"受理日期", "received_on", 11, 's'},
    {"责任领导", "leader_name", 10, 's'}, {"办结期限", "due_on", 11, 's'},
    {"状态", NULL, 10, 'f'}, {"处理结果", "result", 30, 's'}, {"办结日期", "resolved_on", 11, 's'},
};
static const struct {
    const char *title;
    const struct xcol *cols;
    size_t n;
} xdefs[LEDGER_KIND_COUNT] = {
    {"校车台账", bus_x, XA_ARRAY_LEN(bus_x)},
    {"校车驾驶员台账", driver_x, XA_ARRAY_LEN(driver_x)},
    {"门卫登记台账", visit_x, XA_ARRAY_LEN(visit_x)},
    {"信访积案台账", petition_x, XA_ARRAY_LEN(petition_x)},
};

static const char *flag_words(enum ledger_kind k, json_t *o)
{
#define B(key) json_is_true(json_object_get(o, key))
    switch (k) {
    case LEDGER_BUS:
        return B("inspection_expired") || B("insurance_expired") ? "已过期"
               : B("alert")                                      ? "30天内到期"
                                                                 : "正常";
    case LEDGER_DRIVER:
        return B("licence_expired") ? "已过期" : B("licence_expiring") ? "30天内到期" : "正常";
    case LEDGER_PETITION:
        return B("overdue") ? "超期未办结"
               : strcmp(json_string_value(json_object_get(o, "status")), "resolved") == 0
                   ? "已办结"
                   : "办理中";
    default:
        return "";
    }
#undef B
}

static int lg_export(struct req *r, enum ledger_kind k, const struct ledger_filter *f,
                     const char *today)
{
    struct page all = {1, 20000};
    json_t *res = store_ledger_list(r->store, k, &r->scope, f, today, &all);
    if (!res)
        return http_store_error(r);
    struct xd_doc *d = xd_create(xdefs[k].title);
    xd_subtitle(d, "导出日期 %s，共 %lld 条", today,
                (long long)json_integer_value(json_object_get(res, "total")));
    xd_landscape(d, true);
    struct xd_table *t = xd_table(d, xdefs[k].title);
    for (size_t c = 0; c < xdefs[k].n; c++)
        xd_col(t, xdefs[k].cols[c].title, xdefs[k].cols[c].width, xdefs[k].cols[c].type == 'i');
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(res, "items"), i, o) {
        xd_row(t);
        for (size_t c = 0; c < xdefs[k].n; c++) {
            const struct xcol *x = &xdefs[k].cols[c];
            json_t *v = x->key ? json_object_get(o, x->key) : NULL;
            if (x->type == 'f')
                xd_text(t, flag_words(k, o));
            else if (x->type == 'i')
                xd_int(t, json_integer_value(v));
            else if (x->type == 't')
                xd_date_iso(t, json_string_value(v), true);
            else
                xd_text(t, json_is_string(v) ? json_string_value(v) : "");
        }
    }
    json_decref(res);
    struct strbuf sb = STRBUF_INIT;
    int rc = xd_render_xlsx(d, &sb);
    xd_destroy(d);
    if (rc < 0) {
        strbuf_release(&sb);
        return http_error(r, 500, "internal", NULL, "导出文件生成失败");
    }
    api_send_file(r, &sb, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  false, api_doc_name(r, NULL, xdefs[k].title, "xlsx"),
                  arena_printf(r->arena, "ledger-%s-%s.xlsx", ledger_kind_name(k), today));
    strbuf_release(&sb);
    return 0;
}

static int lg_list(struct req *r, enum ledger_kind k)
{
    struct page pg;
    struct ledger_filter f = {0};
    if (http_page(r, &pg) || http_query_id(r, "bus_id", &f.bus_id))
        return 0;
    f.q = http_query(r, "q");
    f.status = http_query(r, "status");
    if (f.status && *f.status && strcmp(f.status, "open") && strcmp(f.status, "resolved"))
        return http_error(r, 400, "invalid", "status", "状态应为 open 或 resolved");
    const char *a = http_query(r, "alert"), *in = http_query(r, "inside");
    const char *ov = http_query(r, "overdue");
    f.alert = (a && strcmp(a, "1") == 0) || (ov && strcmp(ov, "1") == 0);
    f.inside = in && strcmp(in, "1") == 0;
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    if (from && *from && (!is_date(from) || xa_time_parse(from, &f.from)))
        return http_error(r, 400, "invalid", "from", "日期格式应为 YYYY-MM-DD");
    if (to && *to) {
        if (!is_date(to) || xa_time_parse(to, &f.to))
            return http_error(r, 400, "invalid", "to", "日期格式应为 YYYY-MM-DD");
        f.to += XA_DAY_MS; /* inclusive */
    }
    char today[16];
    today_of(r->now, today, sizeof(today));
    const char *fmt = http_query(r, "format");
    if (fmt && *fmt && strcmp(fmt, "json") != 0) {
        if (strcmp(fmt, "xlsx") != 0)
            return http_error(r, 400, "invalid", "format", "format 只能是 json 或 xlsx");
        return lg_export(r, k, &f, today);
    }
    json_t *res = store_ledger_list(r->store, k, &r->scope, &f, today, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

static int lg_create(struct req *r, enum ledger_kind k)
{
    const struct kind_def *d = &kinds[k];
    if (http_validate(r, r->json, d->create, d->ncreate))
        return 0;
    char kind[16];
    if (store_org_locate(r->store, r->org_id, r->org_path, sizeof(r->org_path), kind,
                         sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", "org_id", "台账必须登记在学校下");
    json_t *obj = json_deep_copy(r->json);
    if (check(r, k, obj, NULL, r->org_path)) {
        json_decref(obj);
        return 0;
    }
    struct change c;
    if (api_begin(r, &c)) {
        json_decref(obj);
        return 0;
    }
    json_t *after = NULL;
    int64_t id = store_ledger_create(&c, k, r->org_id, r->org_path, obj, &after);
    json_decref(obj);
    if (id < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

static int lg_get(struct req *r, enum ledger_kind k)
{
    char today[16];
    today_of(r->now, today, sizeof(today));
    json_t *o = store_ledger_get(r->store, k, r->id, today);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

static int lg_update(struct req *r, enum ledger_kind k)
{
    const struct kind_def *d = &kinds[k];
    if (!r->json)
        return http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
    if (http_validate(r, r->json, d->update, d->nupdate))
        return 0;
    char today[16];
    today_of(r->now, today, sizeof(today));
    /* the checks read the row as it is; the change reads it again, locked */
    json_t *before = store_ledger_get(r->store, k, r->id, today);
    if (!before)
        return http_store_error(r);
    json_t *obj = json_deep_copy(r->json);
    int bad = check(r, k, obj, before, r->obj_path);
    json_decref(before);
    if (bad) {
        json_decref(obj);
        return 0;
    }
    struct change c;
    if (api_begin(r, &c)) {
        json_decref(obj);
        return 0;
    }
    json_t *after = NULL;
    int rc = store_ledger_update(&c, k, r->id, obj, &after);
    json_decref(obj);
    if (rc)
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

static int lg_delete(struct req *r, enum ledger_kind k)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_ledger_delete(&c, k, r->id))
        return api_fail(r, &c);
    return api_commit(r, &c, 200,
                      json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}

#define XA_LEDGER_DEF(name, K)                                                                     \
    int api_##name##_list(struct req *r) { return lg_list(r, K); }                                 \
    int api_##name##_create(struct req *r) { return lg_create(r, K); }                             \
    int api_##name##_get(struct req *r) { return lg_get(r, K); }                                   \
    int api_##name##_update(struct req *r) { return lg_update(r, K); }                             \
    int api_##name##_delete(struct req *r) { return lg_delete(r, K); }                             \
    int api_##name##_locate(struct store *s, int64_t id, char *path, size_t len)                   \
    {                                                                                              \
        return store_ledger_locate(s, K, id, path, len);                                           \
    }
XA_LEDGER_DEF(bus, LEDGER_BUS)
XA_LEDGER_DEF(driver, LEDGER_DRIVER)
XA_LEDGER_DEF(visit, LEDGER_VISIT)
XA_LEDGER_DEF(petition, LEDGER_PETITION)
