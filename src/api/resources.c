/*
 * resources.c - emergency resources (应急保障) of schools and bureaus:
 * emergency teams (队伍: members with role and phone) and supplies (物资:
 * item, quantity, place, keeper, expiry; expired and expiring ones flagged).
 * Written by those who keep the unit's plans (plan.write), read with drills.
 */
#include "core/compat.h"
#include "api/api_programme.h"
#include "domain/programme.h"
#include "store/store_programme.h"

int api_team_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_team_locate(s, id, path, len);
}

int api_supply_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_supply_locate(s, id, path, len);
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static bool blank(const char *s)
{
    return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* A phone: 5-20 of digits, '-', '+', ' '. */
static bool phone_ok(const char *p)
{
    size_t n = p ? strlen(p) : 0;
    if (n < 5 || n > 20)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '+' || p[i] == ' '))
            return false;
    return true;
}

/* members: 1..50 of {name (1-40), role (0-40), phone}; into *txt (malloc'd
 * compact JSON of exactly those keys). 0, or -1 after a 4xx naming
 * members[i].field. */
static int read_members(struct req *r, json_t *arr, char **txt)
{
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > 50)
        return http_error(r, 422, "invalid", "members", "队伍成员应为 1 到 50 人"), -1;
    json_t *out = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(arr, i, m)
    {
        char f[96];
        const char *name = json_string_value(json_object_get(m, "name"));
        const char *role = json_string_value(json_object_get(m, "role"));
        const char *phone = json_string_value(json_object_get(m, "phone"));
        const char *bad = NULL, *msg = NULL, *key;
        json_t *kv;
        char unknown[48] = "";
        if (json_is_object(m))
            json_object_foreach(m, key, kv)
            {
                if (strcmp(key, "name") && strcmp(key, "role") && strcmp(key, "phone") &&
                    !*unknown)
                    snprintf(unknown, sizeof(unknown), ".%.40s", key);
            }
        if (!json_is_object(m))
            bad = "", msg = "成员应为对象 {name, role, phone}";
        else if (*unknown)
            bad = unknown, msg = "成员只有姓名、职责分工和电话";
        else if (blank(name) || utf8_len(name) > 40)
            bad = ".name", msg = "请填写成员姓名（不超过 40 字）";
        else if (json_object_get(m, "role") && (!role || utf8_len(role) > 40))
            bad = ".role", msg = "职责分工不超过 40 字";
        else if (!phone_ok(phone))
            bad = ".phone", msg = "请填写成员的联系电话（5 到 20 位数字）";
        if (bad) {
            json_decref(out);
            snprintf(f, sizeof(f), "members[%zu]%s", i, bad);
            return http_error(r, 422, "invalid", f, "%s", msg), -1;
        }
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "name", name, "role",
                                             role ? role : "", "phone", phone));
    }
    *txt = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    return *txt ? 0 : (http_store_error(r), -1);
}

/* ---- teams ---- */

const struct vfield team_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"name", V_STR, true, 1, 60, NULL},
    {"duties", V_STR, false, 0, 1000, NULL},
    {"members", V_ARR, true, 1, 50, NULL},
};
const struct vfield team_patch_spec[] = {
    {"name", V_STR, false, 1, 60, NULL},
    {"duties", V_STR, false, 0, 1000, NULL},
    {"members", V_ARR, false, 1, 50, NULL},
};

int api_team_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    json_t *res = store_team_list(r->store, &r->scope, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_team_create(struct req *r)
{
    if (VALIDATE(r, r->json, team_spec))
        return 0;
    if (blank(api_str(r->json, "name")))
        return http_error(r, 422, "invalid", "name", "请填写队伍名称");
    char *members;
    if (read_members(r, json_object_get(r->json, "members"), &members))
        return 0;
    struct change c;
    if (api_begin(r, &c)) {
        free(members);
        return 0;
    }
    json_t *after = NULL;
    int64_t id = store_team_create(&c, r->org_id, r->org_path, api_str(r->json, "name"),
                                   api_str(r->json, "duties"), members, &after);
    free(members);
    if (id < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_team_update(struct req *r)
{
    if (VALIDATE(r, r->json, team_patch_spec))
        return 0;
    if (json_object_get(r->json, "name") && blank(api_str(r->json, "name")))
        return http_error(r, 422, "invalid", "name", "请填写队伍名称");
    char *members = NULL;
    if (json_object_get(r->json, "members") &&
        read_members(r, json_object_get(r->json, "members"), &members))
        return 0;
    struct change c;
    if (api_begin(r, &c)) {
        free(members);
        return 0;
    }
    json_t *after = NULL;
    int rc = store_team_update(&c, r->id, api_str(r->json, "name"), api_str(r->json, "duties"),
                               members, &after);
    free(members);
    if (rc)
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_team_delete(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_team_delete(&c, r->id, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ---- supplies ---- */

const struct vfield supply_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"item", V_STR, true, 1, 60, NULL},
    {"quantity", V_INT, true, 0, 1000000, NULL},
    {"unit", V_STR, false, 0, 10, NULL},
    {"place", V_STR, true, 1, 100, NULL},
    {"keeper", V_STR, false, 0, 40, NULL},
    {"expiry_date", V_NULLSTR, false, 0, 0, NULL},
};
const struct vfield supply_patch_spec[] = {
    {"quantity", V_INT, false, 0, 1000000, NULL},
    {"place", V_STR, false, 1, 100, NULL},
    {"keeper", V_STR, false, 0, 40, NULL},
    {"expiry_date", V_NULLSTR, false, 0, 0, NULL},
};

/* Adds status (none / ok / expiring / expired) to a supply. */
static void supply_decorate(json_t *o, int64_t today)
{
    int64_t d = 0;
    const char *e = json_string_value(json_object_get(o, "expires_on"));
    bool has = e && prog_date_parse(e, &d) == 0;
    json_object_set_new(o, "status",
                        json_string(prog_supply_status_name(prog_supply_status(has, d, today))));
}

/* expiry_date: absent (keep), null (none) or a date. 0 or -1 after a 422. */
static int read_expiry(struct req *r, bool *set, const char **expiry)
{
    json_t *v = json_object_get(r->json, "expiry_date");
    *set = v != NULL;
    *expiry = json_string_value(v);
    if (*expiry && !**expiry)
        *expiry = NULL;
    int64_t d;
    if (*expiry && prog_date_parse(*expiry, &d))
        return http_error(r, 422, "invalid", "expiry_date", "有效期应为有效日期（YYYY-MM-DD）"),
               -1;
    return 0;
}

int api_supply_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *st = http_query(r, "status");
    int64_t today = prog_day_of(r->now);
    char before[16] = "";
    if (st && *st) {
        if (strcmp(st, "expiring") == 0)
            prog_date_format(today + PROG_SUPPLY_WARN_DAYS, before, sizeof(before));
        else if (strcmp(st, "expired") == 0)
            prog_date_format(today - 1, before, sizeof(before));
        else
            return http_error(r, 400, "invalid", "status", "status 应为 expiring 或 expired");
    }
    json_t *res = store_supply_list(r->store, &r->scope, before, &pg);
    if (!res)
        return http_store_error(r);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(res, "items"), i, it) supply_decorate(it, today);
    /* the flags of the whole scope, for the cards */
    char d0[16], d1[16];
    prog_date_format(today - 1, d0, sizeof(d0));
    prog_date_format(today + PROG_SUPPLY_WARN_DAYS, d1, sizeof(d1));
    struct page one = {1, 1};
    json_t *ex = store_supply_list(r->store, &r->scope, d0, &one);
    json_t *soon = ex ? store_supply_list(r->store, &r->scope, d1, &one) : NULL;
    if (!soon) {
        json_decref(ex);
        json_decref(res);
        return http_store_error(r);
    }
    json_int_t nex = json_integer_value(json_object_get(ex, "total"));
    json_object_set_new(res, "summary",
                        json_pack("{s:I, s:I}", "expired", nex, "expiring",
                                  json_integer_value(json_object_get(soon, "total")) - nex));
    json_decref(ex);
    json_decref(soon);
    return http_json(r, 200, res);
}

int api_supply_create(struct req *r)
{
    if (VALIDATE(r, r->json, supply_spec))
        return 0;
    if (blank(api_str(r->json, "item")))
        return http_error(r, 422, "invalid", "item", "请填写物资名称");
    if (blank(api_str(r->json, "place")))
        return http_error(r, 422, "invalid", "place", "请填写存放位置");
    bool set;
    const char *expiry;
    if (read_expiry(r, &set, &expiry))
        return 0;
    struct supply_in in = {
        .org_id = r->org_id,
        .quantity = api_int(r->json, "quantity"),
        .org_path = r->org_path,
        .item = api_str(r->json, "item"),
        .unit = api_str(r->json, "unit"),
        .place = api_str(r->json, "place"),
        .keeper = api_str(r->json, "keeper"),
        .expiry = expiry,
    };
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_supply_create(&c, &in, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_supply_update(struct req *r)
{
    if (VALIDATE(r, r->json, supply_patch_spec))
        return 0;
    if (json_object_get(r->json, "place") && blank(api_str(r->json, "place")))
        return http_error(r, 422, "invalid", "place", "请填写存放位置");
    bool set;
    const char *expiry;
    if (read_expiry(r, &set, &expiry))
        return 0;
    json_t *q = json_object_get(r->json, "quantity");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_supply_update(&c, r->id, q ? json_integer_value(q) : -1, api_str(r->json, "place"),
                            api_str(r->json, "keeper"), set, expiry, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_supply_delete(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_supply_delete(&c, r->id, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_team_get(struct req *r)
{
    json_t *o = store_team_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_supply_get(struct req *r)
{
    json_t *o = store_supply_get(r->store, r->id);
    if (!o)
        return http_store_error(r);
    supply_decorate(o, prog_day_of(r->now));
    return http_json(r, 200, o);
}
