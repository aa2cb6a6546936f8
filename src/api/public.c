/*
 * public.c - the public county page, whistle-blowing (举报) with tracking
 * codes, and the bureau's screening, replies and rewards.
 *
 * Screening: a tip-off arrives as 'received'; the bureau accepts it (it then
 * becomes a hazard of the school through the hazard store: source "whistle",
 * reporter the system marker, so it enters the closed loop) or rejects it
 * with a public reason. The tracking page follows the hazard's state.
 *
 * Abuse: per client IP, 5 tip-offs, 15 photo uploads and 30 tracking
 * lookups per hour (429 with Retry-After, counters in login_failures as the
 * login throttle does); bodies are small and texts bounded; codes are 12
 * characters of Crockford base32 from randombytes (60 bits); the UI renders
 * text only.
 */
#include "core/compat.h"
#include "api/api_public.h"
#include "api/api_risk.h"
#include "core/timeutil.h"
#include "store/store_hazard.h"
#include "store/store_public.h"
#include <sodium.h>

#define HOUR_MS (3600LL * 1000)
#define TIPOFFS_PER_HOUR 5
#define PHOTOS_PER_HOUR 15
#define LOOKUPS_PER_HOUR 30
#define TIPOFF_MAX_PHOTOS 3
#define UPLOAD_MAX_AGE_MS (24 * HOUR_MS)
#define CODE_LEN 12

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void random_code(char *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = b32[randombytes_uniform(32)];
    out[n] = '\0';
}

/* Upper-cases and drops '-' and spaces; 0 when the result is a well-formed
 * code. */
static int normalise_code(const char *in, char *out, size_t len)
{
    size_t k = 0;
    for (const char *p = in; p && *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (!strchr(b32, c) || c == '\0' || k + 1 >= len)
            return -1;
        out[k++] = c;
    }
    out[k] = '\0';
    return k == CODE_LEN ? 0 : -1;
}

/* Budgets per client address and hour: checked and counted in one statement
 * (store_rate_take), inside the write's change c where there is one (else
 * NULL), so concurrent requests cannot overspend them and a refused or
 * failed write gives its use back with the rollback. 1 (answer set, c
 * ended) when over. */
static int rate_take(struct req *r, struct change *c, const char *kind, int limit)
{
    char key[96];
    snprintf(key, sizeof(key), "%s:%s", kind, r->client_ip ? r->client_ip : "");
    int64_t since = 0;
    int64_t n = store_rate_take(r->store, key, r->now, HOUR_MS, &since);
    if (n < 0)
        return (c ? api_fail(r, c) : http_store_error(r)), 1;
    if (n <= limit)
        return 0;
    char secs[32], msg[96];
    int64_t left = since + HOUR_MS - r->now;
    snprintf(secs, sizeof(secs), "%lld", (long long)(left > 0 ? left / 1000 + 1 : 1));
    snprintf(msg, sizeof(msg), "操作过于频繁，请 %s 秒后再试", secs);
    http_add_header(r, "Retry-After", secs);
    if (c)
        api_refuse(r, c, 429, "rate_limited", NULL, msg);
    else
        http_error(r, 429, "rate_limited", NULL, "%s", msg);
    return 1;
}

/* The same budget read without spending it (a cheap refusal up front). */
static int over_limit(struct req *r, const char *kind, int limit)
{
    char key[96];
    snprintf(key, sizeof(key), "%s:%s", kind, r->client_ip ? r->client_ip : "");
    int64_t since = 0;
    int64_t n = store_rate_count(r->store, key, r->now, HOUR_MS, &since);
    if (n < 0)
        return http_store_error(r), 1;
    if (n < limit)
        return 0;
    char secs[32];
    int64_t left = since + HOUR_MS - r->now;
    snprintf(secs, sizeof(secs), "%lld", (long long)(left > 0 ? left / 1000 + 1 : 1));
    http_add_header(r, "Retry-After", secs);
    http_error(r, 429, "rate_limited", NULL, "操作过于频繁，请 %s 秒后再试", secs);
    return 1;
}

static const char *hazard_words(const char *state)
{
    static const char *const map[][2] = {
        {"reported", "已上报，待交办"},   {"assigned", "已交办学校"},
        {"rectifying", "整改中"},         {"submitted", "整改完成，待验收"},
        {"verified", "已验收，待销号"},   {"closed", "已整改销号"},
        {"forwarded", "已移交相关部门"},
    };
    for (size_t i = 0; state && i < XA_ARRAY_LEN(map); i++)
        if (strcmp(map[i][0], state) == 0)
            return map[i][1];
    return "处理中";
}

/* Sets status_text on a tip-off object (public and bureau views). */
static void tipoff_words(json_t *o)
{
    const char *st = json_string_value(json_object_get(o, "status"));
    const char *w = "已收到，待受理";
    char buf[96];
    if (st && strcmp(st, "rejected") == 0)
        w = "不予受理";
    else if (st && strcmp(st, "accepted") == 0) {
        snprintf(buf, sizeof(buf), "已受理：%s",
                 hazard_words(json_string_value(json_object_get(o, "hazard_state"))));
        w = buf;
    }
    json_object_set_new(o, "status_text", json_string(w));
}

/* ---------------------------------------------------------------- public */

int api_public_county(struct req *r)
{
    const char *code = r->seg[0];
    size_t n = code ? strlen(code) : 0;
    bool ok = n == 6;
    for (size_t i = 0; ok && i < n; i++)
        ok = code[i] >= '0' && code[i] <= '9';
    if (!ok)
        return http_error(r, 404, "not_found", "code", "没有这个县（区）的公开页面");
    json_t *county = store_public_county(r->store, code);
    if (!county)
        return store_errclass(r->store) == DB_OK
                   ? http_error(r, 404, "not_found", "code", "没有这个县（区）的公开页面")
                   : http_store_error(r);
    char path[96];
    snprintf(path, sizeof(path), "%s", json_string_value(json_object_get(county, "path")));
    json_object_del(county, "path");
    json_t *schools = store_public_schools(r->store, path);
    json_t *hazards = store_public_hazards(r->store, path);
    json_t *cats = store_public_categories(r->store);
    if (!schools || !hazards || !cats) {
        json_decref(county);
        json_decref(schools);
        json_decref(hazards);
        json_decref(cats);
        return http_store_error(r);
    }
    int64_t open = 0, closed = 0;
    size_t i;
    json_t *h;
    json_array_foreach(hazards, i, h) {
        const char *st = json_string_value(json_object_get(h, "state"));
        json_object_set_new(h, "status_text", json_string(hazard_words(st)));
        if (st && (strcmp(st, "closed") == 0 || strcmp(st, "verified") == 0))
            closed++;
        else if (st && strcmp(st, "forwarded") != 0)
            open++;
    }
    json_t *res = json_pack("{s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I}}", "county", county, "schools",
                            schools, "hazards", hazards, "categories", cats, "summary", "open",
                            (json_int_t)open, "closed", (json_int_t)closed, "total",
                            (json_int_t)json_array_size(hazards));
    http_add_header(r, "Cache-Control", "no-store");
    return http_json(r, 200, res);
}

/* The school of a public request: 0 and path set, else -1 after a 422. */
static int public_school(struct req *r, int64_t id, const char *field, char *path, size_t plen)
{
    char kind[16] = "";
    int rc = id > 0 ? store_org_locate(r->store, id, path, plen, kind, sizeof(kind)) : 0;
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc == 0 || strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", field, "请选择一所学校"), -1;
    return 0;
}

int api_public_photo_preflight(struct req *r)
{
    over_limit(r, "pho", PHOTOS_PER_HOUR);
    return 0;
}

int api_public_tipoff_preflight(struct req *r)
{
    over_limit(r, "tip", TIPOFFS_PER_HOUR);
    return 0;
}

int api_public_photo(struct req *r)
{
    if (over_limit(r, "pho", PHOTOS_PER_HOUR))
        return 0;
    int64_t school_id = 0;
    if (http_query_id(r, "school_id", &school_id))
        return 0;
    char path[96];
    if (public_school(r, school_id, "school_id", path, sizeof(path)))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (rate_take(r, &c, "pho", PHOTOS_PER_HOUR))
        return 0;
    int64_t id = 0, elsewhere = 0;
    bool reused = false;
    if (api_photo_store(r, school_id, path, &id, &reused, &elsewhere)) {
        store_change_abort(&c); /* api_photo_store answered */
        return 0;
    }
    char token[25];
    random_code(token, 24);
    if (store_public_upload_put(&c, token, id, school_id, path, !reused))
        return api_fail(r, &c);
    return api_commit(r, &c, 201, json_pack("{s:s}", "token", token));
}

const struct vfield tipoff_spec[] = {
    {"county", V_STR, true, 6, 6, NULL},
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"category", V_STR, true, 1, 32, NULL},
    {"description", V_STR, true, 5, 2000, NULL},
    {"location", V_STR, false, 0, 200, NULL},
    {"contact", V_STR, false, 0, 100, NULL},
    {"photos", V_ARR, false, 0, TIPOFF_MAX_PHOTOS, NULL},
};

int api_public_tipoff(struct req *r)
{
    if (over_limit(r, "tip", TIPOFFS_PER_HOUR))
        return 0;
    if (!r->json)
        return http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
    if (VALIDATE(r, r->json, tipoff_spec))
        return 0;
    json_t *photos = json_object_get(r->json, "photos");
    if (json_array_size(photos) > TIPOFF_MAX_PHOTOS)
        return http_error(r, 422, "too_many", "photos", "最多上传 %d 张照片", TIPOFF_MAX_PHOTOS);
    json_t *county = store_public_county(r->store, api_str(r->json, "county"));
    if (!county)
        return store_errclass(r->store) == DB_OK
                   ? http_error(r, 422, "invalid", "county", "没有这个县（区）")
                   : http_store_error(r);
    int64_t county_id = json_integer_value(json_object_get(county, "id"));
    char cpath[96], path[96];
    snprintf(cpath, sizeof(cpath), "%s", json_string_value(json_object_get(county, "path")));
    json_decref(county);
    int64_t school_id = api_int(r->json, "school_id");
    if (public_school(r, school_id, "school_id", path, sizeof(path)))
        return 0;
    if (strncmp(path, cpath, strlen(cpath)) != 0)
        return http_error(r, 422, "invalid", "school_id", "该学校不在本县（区）");
    const char *cat = api_str(r->json, "category");
    json_t *cats = store_public_categories(r->store);
    if (!cats)
        return http_store_error(r);
    bool known = false;
    size_t i;
    json_t *ct;
    json_array_foreach(cats, i, ct) if (strcmp(json_string_value(json_object_get(ct, "code")), cat) == 0)
        known = true;
    json_decref(cats);
    if (!known)
        return http_error(r, 422, "invalid", "category", "未知的隐患类别");
    const char *desc = api_str(r->json, "description");
    bool blank = true;
    for (const char *p = desc; *p && blank; p++)
        blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
    if (blank)
        return http_error(r, 422, "required", "description", "请描述发现的问题");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (rate_take(r, &c, "tip", TIPOFFS_PER_HOUR))
        return 0;
    json_t *ids = json_array();
    json_t *t;
    json_array_foreach(photos, i, t) {
        int64_t pid = 0;
        int rc = json_is_string(t) ? store_public_upload_take(r->store, json_string_value(t),
                                                              school_id, r->now,
                                                              UPLOAD_MAX_AGE_MS, &pid)
                                   : 0;
        if (rc != 1) {
            json_decref(ids);
            if (rc < 0)
                return api_fail(r, &c);
            return api_refuse(r, &c, 422, "invalid", "photos", "照片无效或已过期，请重新上传");
        }
        json_array_append_new(ids, json_integer(pid));
    }
    char *ids_txt = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    char code[CODE_LEN + 1], iph[65];
    random_code(code, CODE_LEN);
    unsigned char h[crypto_hash_sha256_BYTES];
    char salted[128];
    snprintf(salted, sizeof(salted), "xiaoan-tipoff:%s", r->client_ip ? r->client_ip : "");
    crypto_hash_sha256(h, (const unsigned char *)salted, strlen(salted));
    sodium_bin2hex(iph, sizeof(iph), h, 16);
    struct tipoff_in in = {
        .code = code,
        .county_id = county_id,
        .school_id = school_id,
        .school_path = path,
        .category = cat,
        .description = desc,
        .location = api_str(r->json, "location"),
        .contact = api_str(r->json, "contact"),
        .photo_ids_json = ids_txt,
        .ip_hash = iph,
    };
    int64_t id = store_tipoff_create(&c, &in);
    free(ids_txt);
    if (id < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201,
                      json_pack("{s:s, s:s, s:s}", "code", code, "status", "received",
                                "status_text", "已收到，待受理"));
}

int api_public_track(struct req *r)
{
    if (rate_take(r, NULL, "trk", LOOKUPS_PER_HOUR))
        return 0;
    char code[32];
    if (normalise_code(r->seg[0], code, sizeof(code)))
        return http_error(r, 404, "not_found", "code", "查询码不存在");
    json_t *o = store_tipoff_track(r->store, code);
    if (!o)
        return store_errclass(r->store) == DB_OK
                   ? http_error(r, 404, "not_found", "code", "查询码不存在")
                   : http_store_error(r);
    tipoff_words(o);
    http_add_header(r, "Cache-Control", "no-store");
    return http_json(r, 200, o);
}

/* ---------------------------------------------------------------- bureau */

int api_tipoff_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_tipoff_locate(s, id, path, len);
}

/* The whistle-blower's contact and tracking code are for the screening
 * bureau only (holders of tipoff.manage there), never for the school the
 * tip-off is about (the audit log redacts them the same way). */
static void redact(struct req *r, json_t *o)
{
    const char *path = json_string_value(json_object_get(o, "org_path"));
    if (!path || !req_can(r, PERM_TIPOFF_MANAGE, path)) {
        json_object_del(o, "contact");
        json_object_del(o, "code");
    }
    json_object_del(o, "org_path");
}

static json_t *tipoff_load(struct req *r)
{
    json_t *o = store_tipoff_get(r->store, r->id);
    if (o) {
        tipoff_words(o);
        redact(r, o);
    }
    return o;
}

int api_tipoff_get(struct req *r)
{
    json_t *o = tipoff_load(r);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

/* store's tipoff_view: the tip-off as this request's user reads it. */
static void tipoff_shape(void *ctx, json_t *o)
{
    tipoff_words(o);
    redact(ctx, o);
}

static const char *const grades[] = {"general", "major", NULL};
const struct vfield tipoff_accept_spec[] = {
    {"grade", V_STR, true, 0, 0, grades},
    {"title", V_STR, false, 1, 100, NULL},
    {"reply", V_STR, false, 1, 500, NULL},
};

int api_tipoff_accept(struct req *r)
{
    if (VALIDATE(r, r->json, tipoff_accept_spec))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    /* the facts of its hazard */
    json_t *t = store_tipoff_get(c.s, r->id);
    if (!t)
        return store_errclass(c.s) == DB_OK
                   ? api_refuse(r, &c, 404, "not_found", "id", "对象不存在")
                   : api_fail(r, &c);
    if (strcmp(json_string_value(json_object_get(t, "status")), "received") != 0) {
        json_decref(t);
        return api_refuse(r, &c, 409, "conflict", "status", "该举报已处理过");
    }
    char title[400];
    const char *ti = api_str(r->json, "title");
    if (ti)
        snprintf(title, sizeof(title), "%s", ti);
    else
        snprintf(title, sizeof(title), "群众举报：%s",
                 json_string_value(json_object_get(t, "category_name")));
    json_t *pids = json_object_get(t, "photo_ids");
    int64_t ids[TIPOFF_MAX_PHOTOS];
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(pids, i, v) if (n < TIPOFF_MAX_PHOTOS) ids[n++] = json_integer_value(v);
    struct hazard_create hc = {
        .school_id = json_integer_value(json_object_get(t, "org_id")),
        .title = title,
        .description = json_string_value(json_object_get(t, "description")),
        .category = json_string_value(json_object_get(t, "category")),
        .grade = api_str(r->json, "grade"),
        .source = "whistle",
        .location = json_string_value(json_object_get(t, "location")),
        .photo_ids = ids,
        .nphotos = n,
    };
    /* the reporter is the anonymous public, not a user */
    hc.as_name = "群众举报";
    int64_t hid = store_hazard_create(&c, &hc);
    json_decref(t);
    if (hid < 0)
        return api_fail(r, &c);
    struct tipoff_decision d = {.status = "accepted", .reason = "", .hazard_id = hid,
                                .reply = api_str(r->json, "reply")};
    struct tipoff_view tv = {tipoff_shape, r};
    json_t *after = NULL;
    if (store_tipoff_decide(&c, r->id, &d, &tv, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

const struct vfield reject_spec[] = {
    {"reason", V_STR, true, 2, 500, NULL},
};

int api_tipoff_reject(struct req *r)
{
    if (VALIDATE(r, r->json, reject_spec))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    struct tipoff_decision d = {.status = "rejected", .reason = api_str(r->json, "reason")};
    struct tipoff_view tv = {tipoff_shape, r};
    json_t *after = NULL;
    if (store_tipoff_decide(&c, r->id, &d, &tv, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

const struct vfield reply_spec[] = {
    {"body", V_STR, true, 1, 500, NULL},
};

int api_tipoff_reply(struct req *r)
{
    if (VALIDATE(r, r->json, reply_spec))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    struct tipoff_view tv = {tipoff_shape, r};
    json_t *after = NULL;
    if (store_tipoff_reply(&c, r->id, api_str(r->json, "body"), &tv, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

const struct vfield reward_spec[] = {
    {"amount", V_NUM, true, 0, 1000000, NULL},
    {"date", V_STR, true, 10, 10, NULL},
    {"note", V_STR, false, 0, 200, NULL},
};

int api_tipoff_reward(struct req *r)
{
    if (VALIDATE(r, r->json, reward_spec))
        return 0;
    int64_t ms;
    const char *date = api_str(r->json, "date");
    if (xa_time_parse(date, &ms))
        return http_error(r, 422, "invalid", "date", "日期格式应为 YYYY-MM-DD");
    double amount = json_number_value(json_object_get(r->json, "amount"));
    if (amount <= 0)
        return http_error(r, 422, "invalid", "amount", "奖励金额必须大于 0");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    struct tipoff_view tv = {tipoff_shape, r};
    json_t *after = NULL;
    if (store_tipoff_reward(&c, r->id, amount, date, api_str(r->json, "note"), &tv, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_tipoff_list(struct req *r)
{
    static const char *const sts[] = {"received", "accepted", "rejected", NULL};
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *st = http_query(r, "status");
    if (st && *st) {
        bool ok = false;
        for (int i = 0; sts[i]; i++)
            ok = ok || strcmp(sts[i], st) == 0;
        if (!ok)
            return http_error(r, 400, "invalid", "status", "状态应为 received、accepted 或 rejected");
    }
    json_t *res = store_tipoff_list(r->store, &r->scope, st, &pg);
    if (!res)
        return http_store_error(r);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(res, "items"), i, o) {
        tipoff_words(o);
        redact(r, o);
    }
    return http_json(r, 200, res);
}
