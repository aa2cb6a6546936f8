/*
 * patrol.c - /api/v1 patrol plans, patrol records (QR check-in with server
 * time, pass / fail / n.a. per item, photos) and missed patrols. A failed
 * item opens a hazard (api_hazard_open) in the same change.
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "api/api_risk.h"
#include "core/timeutil.h"
#include "domain/hazard.h"
#include "store/store_risk.h"

#define MAX_RESULTS 200
#define MAX_ITEM_PHOTOS 9
#define FAST_ROUND_MS (30 * 1000LL)        /* two points in 30 s: impossibly fast */
#define LATE_UPLOAD_MS (2 * 3600 * 1000LL) /* offline draft submitted > 2 h later */

static const char *const frequencies[] = {"daily", "weekly", "monthly", NULL};

/* ---- patrol plans ---- */

int api_pplan_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_pplan_locate(s, id, path, len);
}

int api_patrol_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_patrol_locate(s, id, path, len);
}

int api_pplan_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    json_t *res = store_pplan_list(r->store, &r->scope, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

const struct vfield pplan_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL}, {"name", V_STR, true, 1, 100, NULL},
    {"frequency", V_STR, true, 0, 0, frequencies},  {"points", V_ARR, true, 1, 500, NULL},
    {"assignees", V_ARR, false, 0, 100, NULL},
};

/* Reads an array of positive ids into the arena; -1 after an error. */
static int read_ids(struct req *r, json_t *arr, const char *name, int64_t **out, size_t *n)
{
    *n = json_array_size(arr);
    *out = arena_alloc(r->arena, sizeof(int64_t) * (*n ? *n : 1));
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            char field[48];
            snprintf(field, sizeof(field), "%s[%zu]", name, i);
            return http_error(r, 400, "wrong_type", field, "%s 应为正整数 id", field), -1;
        }
        (*out)[i] = json_integer_value(v);
    }
    return 0;
}

int api_pplan_create(struct req *r)
{
    if (VALIDATE(r, r->json, pplan_spec)) return 0;
    char path[96], kind[16];
    if (store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", "school_id", "巡查计划属于学校，请选择一所学校");
    int64_t *pts, *users;
    size_t np, nu;
    json_t *ua = json_object_get(r->json, "assignees");
    if (read_ids(r, json_object_get(r->json, "points"), "points", &pts, &np) ||
        read_ids(r, ua ? ua : json_array(), "assignees", &users, &nu))
        return 0;
    char field[48];
    for (size_t i = 0; i < np; i++) {
        char pp[96];
        int rc = store_rp_locate(r->store, pts[i], pp, sizeof(pp));
        if (rc < 0) return http_store_error(r);
        if (rc == 0 || strcmp(pp, r->org_path) != 0) {
            snprintf(field, sizeof(field), "points[%zu]", i);
            return http_error(r, 422, "invalid", field, "风险点不存在或不属于本校");
        }
    }
    for (size_t i = 0; i < nu; i++) {
        int rc = store_user_in_path(r->store, users[i], r->org_path);
        if (rc < 0) return http_store_error(r);
        if (rc == 0) {
            snprintf(field, sizeof(field), "assignees[%zu]", i);
            return http_error(r, 422, "invalid", field, "巡查人员必须是本校在职人员");
        }
    }
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_pplan_create(&c, r->org_id, r->org_path, api_str(r->json, "name"),
                           api_str(r->json, "frequency"), pts, np, users, nu, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_pplan_get(struct req *r)
{
    json_t *o = store_pplan_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

/* ---- patrol records ---- */

/* Copies at most max characters of UTF-8 s into buf. */
static void utf8_prefix(char *buf, size_t len, const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    while (s[i]) {
        size_t n = 1;
        while ((s[i + n] & 0xC0) == 0x80)
            n++;
        if (chars == max || i + n >= len) break;
        i += n;
        chars++;
    }
    memcpy(buf, s, i);
    buf[i] = '\0';
}

static const char *const results[] = {"pass", "fail", "na", NULL};

const struct vfield patrol_spec[] = {
    {"risk_point_id", V_INT, true, 1, INT64_MAX, NULL}, {"qr_token", V_STR, false, 1, 64, NULL},
    {"plan_id", V_INT, false, 1, INT64_MAX, NULL},      {"scanned_at", V_STR, false, 1, 40, NULL},
    {"results", V_ARR, true, 1, MAX_RESULTS, NULL},     {"note", V_STR, false, 0, 1000, NULL},
};

static const struct vfield result_spec[] = {
    {"item_id", V_INT, false, 1, INT64_MAX, NULL},
    {"content", V_STR, false, 1, 200, NULL},
    {"result", V_STR, true, 0, 0, results},
    {"note", V_STR, false, 0, 500, NULL},
    {"photo_ids", V_ARR, false, 0, MAX_ITEM_PHOTOS, NULL},
    {"hazard_title", V_STR, false, 1, 100, NULL},
};

struct result_row {
    int64_t item_id;
    char content[256];
    const char *result, *note, *photos_json, *hazard_title;
    int64_t *photos;
    size_t nphotos;
};

/* Checks results[i] against the point's checklist and school; -1 after an
 * error response. The error's field names the entry: results[2].item_id. */
static int read_result(struct req *r, json_t *o, size_t i, int64_t checklist, int64_t school,
                       struct result_row *row)
{
    char field[64];
    if (!json_is_object(o)) {
        snprintf(field, sizeof(field), "results[%zu]", i);
        return http_error(r, 400, "wrong_type", field, "巡查结果应为对象"), -1;
    }
    /* validate the entry, then prefix the field of any error */
    if (http_validate(r, o, result_spec, XA_ARRAY_LEN(result_spec))) {
        json_error_t e;
        json_t *err = json_loadb(r->out.buf, r->out.len, 0, &e);
        json_t *eo = json_object_get(err, "error");
        const char *f = api_str(eo, "field");
        if (f) {
            snprintf(field, sizeof(field), "results[%zu].%s", i, f);
            json_object_set_new(eo, "field", json_string(field));
            http_json(r, r->status, json_incref(err));
        }
        json_decref(err);
        return -1;
    }
    row->item_id = api_int(o, "item_id");
    row->result = api_str(o, "result");
    row->note = api_str(o, "note");
    row->hazard_title = api_str(o, "hazard_title");
    const char *content = api_str(o, "content");
    if (row->item_id) {
        int rc = checklist ? store_checklist_item(r->store, checklist, row->item_id, row->content,
                                                  sizeof(row->content))
                           : 0;
        if (rc < 0) return http_store_error(r), -1;
        if (rc == 0) {
            snprintf(field, sizeof(field), "results[%zu].item_id", i);
            return http_error(r, 422, "invalid", field, "检查项不属于该风险点的排查清单"), -1;
        }
    } else if (content) {
        snprintf(row->content, sizeof(row->content), "%s", content);
    } else {
        snprintf(field, sizeof(field), "results[%zu].item_id", i);
        return http_error(r, 422, "required", field, "请指明检查项（item_id 或 content）"), -1;
    }
    json_t *ph = json_object_get(o, "photo_ids");
    row->nphotos = 0;
    row->photos = arena_alloc(r->arena, sizeof(int64_t) * MAX_ITEM_PHOTOS);
    size_t k;
    json_t *v;
    json_array_foreach(ph, k, v)
    {
        snprintf(field, sizeof(field), "results[%zu].photo_ids", i);
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return http_error(r, 400, "wrong_type", field, "照片 id 应为正整数"), -1;
        int rc = store_photo_in_org(r->store, json_integer_value(v), school);
        if (rc < 0) return http_store_error(r), -1;
        if (rc == 0) return http_error(r, 422, "invalid", field, "照片不存在或不属于本校"), -1;
        row->photos[row->nphotos++] = json_integer_value(v);
    }
    char *pj = ph ? json_dumps(ph, JSON_COMPACT) : NULL;
    row->photos_json = arena_strdup(r->arena, pj ? pj : "[]");
    free(pj);
    return 0;
}

int api_patrol_create(struct req *r)
{
    if (VALIDATE(r, r->json, patrol_spec)) return 0;
    /* the dispatcher located the point (SC_BODY with a locator): r->obj_path */
    int64_t pid = api_int(r->json, "risk_point_id");
    json_t *pt = store_rp_get(r->store, pid);
    if (!pt)
        return http_store_error(r);
    char ppath[96];
    snprintf(ppath, sizeof(ppath), "%s", r->obj_path);
    int64_t school = api_int(pt, "org_id"), checklist = api_int(pt, "checklist_id");
    const char *token = api_str(r->json, "qr_token");
    if (token && strcmp(token, api_str(pt, "qr_token")) != 0) {
        json_decref(pt);
        return http_error(r, 422, "invalid", "qr_token", "二维码与风险点不符");
    }
    char category[64], pname[256], ploc[256];
    snprintf(category, sizeof(category), "%s", api_str(pt, "category"));
    snprintf(pname, sizeof(pname), "%s", api_str(pt, "name"));
    snprintf(ploc, sizeof(ploc), "%s", api_str(pt, "location"));
    json_decref(pt);
    int64_t plan = api_int(r->json, "plan_id");
    if (plan) {
        char lp[96];
        int rc = store_pplan_locate(r->store, plan, lp, sizeof(lp));
        if (rc < 0) return http_store_error(r);
        if (rc == 0 || strcmp(lp, ppath) != 0)
            return http_error(r, 422, "invalid", "plan_id", "巡查计划不存在或不属于本校");
    }
    int64_t scanned_at = 0;
    const char *sa = api_str(r->json, "scanned_at");
    if (sa && xa_time_parse(sa, &scanned_at))
        return http_error(r, 422, "invalid", "scanned_at", "扫码时间格式应为 ISO 8601");
    if (sa && scanned_at > r->now + 5 * 60 * 1000LL)
        return http_error(r, 422, "invalid", "scanned_at", "扫码时间不能晚于服务器时间");
    json_t *arr = json_object_get(r->json, "results");
    size_t n = json_array_size(arr);
    struct result_row *rows = arena_alloc(r->arena, sizeof(*rows) * n);
    memset(rows, 0, sizeof(*rows) * n);
    int64_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (read_result(r, json_array_get(arr, i), i, checklist, school, &rows[i])) return 0;
        if (!strcmp(rows[i].result, "fail")) failed++;
    }
    /* no item left unanswered: every item of the point's checklist has a
     * result (no default answer; "全部合格" is the patroller's choice) */
    if (checklist) {
        json_t *cl = store_checklist_get(r->store, checklist);
        if (!cl) return http_store_error(r);
        json_t *items = json_object_get(cl, "items");
        size_t ni = json_array_size(items);
        int64_t *ids = arena_alloc(r->arena, sizeof(int64_t) * (ni + 1));
        int64_t *ans = arena_alloc(r->arena, sizeof(int64_t) * (n + 1));
        for (size_t k = 0; k < ni; k++)
            ids[k] = api_int(json_array_get(items, k), "id");
        for (size_t i = 0; i < n; i++)
            ans[i] = rows[i].item_id;
        int miss = hazard_patrol_unanswered(ids, ni, ans, n);
        if (miss >= 0) {
            char content[256];
            utf8_prefix(content, sizeof(content), api_str(json_array_get(items, (size_t)miss), "content"), 60);
            json_decref(cl);
            return http_error(r, 422, "unanswered", "results",
                              "检查项“%s”未作答：请逐项选择合格、不合格或不适用", content);
        }
        json_decref(cl);
    }
    /* truthful records (SPEC §11): flags the bureau can see */
    json_t *flags = json_array();
    if (!token) json_array_append_new(flags, json_string("no_scan"));
    int64_t last_at = 0, last_point = 0;
    if (store_patrol_last_by(r->store, r->user->id, &last_at, &last_point) < 0) {
        json_decref(flags);
        return http_store_error(r);
    }
    if (last_at && last_point != pid && r->now - last_at < FAST_ROUND_MS)
        json_array_append_new(flags, json_string("too_fast"));
    /* a round at night is outside any patrol window (06:00-22:00 local) */
    int64_t local_ms = ((sa ? scanned_at : r->now) + XA_TZ_OFFSET_MS) % XA_DAY_MS;
    if (local_ms < 6 * 3600 * 1000LL || local_ms >= 22 * 3600 * 1000LL)
        json_array_append_new(flags, json_string("off_hours"));
    if (sa && r->now - scanned_at > LATE_UPLOAD_MS)
        json_array_append_new(flags, json_string("late_upload"));
    bool photo_reused = false;
    for (size_t i = 0; i < n && !photo_reused; i++)
        for (size_t k = 0; k < rows[i].nphotos; k++) {
            int64_t uses = 0;
            if (store_photo_use_count(r->store, rows[i].photos[k], &uses)) {
                json_decref(flags);
                return http_store_error(r);
            }
            if (uses > 0) photo_reused = true;
        }
    if (photo_reused) json_array_append_new(flags, json_string("photo_reused"));
    char *fj = json_dumps(flags, JSON_COMPACT);
    json_decref(flags);
    struct patrol_in in = {
        .org_id = school,
        .org_path = ppath,
        .risk_point_id = pid,
        .plan_id = plan,
        .patroller_id = r->user->id,
        .scanned = token != NULL,
        .scanned_at = scanned_at,
        .result = failed ? "fail" : "pass",
        .failed_count = failed,
        .note = api_str(r->json, "note"),
        .flags_json = fj,
    };
    struct change c;
    if (api_begin(r, &c)) {
        free(fj);
        return 0;
    }
    int64_t rec = store_patrol_create(&c, &in);
    free(fj);
    if (rec < 0) return api_fail(r, &c);
    json_t *hazards = json_array();
    for (size_t i = 0; i < n; i++) {
        struct result_row *row = &rows[i];
        int64_t item = store_patrol_add_item(&c, rec, row->item_id, row->content, row->result,
                                             row->note, row->photos_json);
        if (item < 0) {
            json_decref(hazards);
            return api_fail(r, &c);
        }
        for (size_t k = 0; k < row->nphotos; k++)
            if (store_patrol_add_photo(&c, rec, row->photos[k])) {
                json_decref(hazards);
                return api_fail(r, &c);
            }
        if (strcmp(row->result, "fail") != 0) continue;
        /* titled from the finding: "不合格：<item>：<note>", unless the
         * patroller edited it before submitting */
        char title[304], full[1024];
        snprintf(full, sizeof(full), "不合格：%s%s%s", row->content,
                 row->note && *row->note ? "：" : "", row->note ? row->note : "");
        utf8_prefix(title, sizeof(title),
                    row->hazard_title && *row->hazard_title ? row->hazard_title : full, 100);
        char desc[900];
        snprintf(desc, sizeof(desc), "巡查发现：%s（风险点：%s）%s%s", row->content, pname,
                 row->note && *row->note ? "。说明：" : "", row->note ? row->note : "");
        struct hazard_new h = {
            .school_id = school,
            .title = title,
            .description = desc,
            .category = category,
            .grade = "general",
            .source = "patrol",
            .location = *ploc ? ploc : pname,
            .risk_point_id = pid,
            .patrol_record_id = rec,
            .photo_ids = row->photos,
            .nphotos = row->nphotos,
        };
        int64_t hid = api_hazard_open(&c, &h);
        if (hid < 0 || store_patrol_item_hazard(&c, item, hid)) {
            json_decref(hazards);
            return api_fail(r, &c);
        }
        json_array_append_new(hazards, json_integer(hid));
    }
    json_t *after = NULL;
    if (store_patrol_done(&c, rec, &after)) {
        json_decref(hazards);
        return api_fail(r, &c);
    }
    json_object_set_new(after, "hazard_ids", hazards);
    return api_commit(r, &c, 201, after);
}

int api_patrol_get(struct req *r)
{
    json_t *o = store_patrol_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

static int query_time(struct req *r, const char *name, int64_t *out)
{
    *out = 0;
    const char *v = http_query(r, name);
    if (!v || !*v) return 0;
    if (strlen(v) > 40 || xa_time_parse(v, out))
        return http_error(r, 400, "invalid", name, "%s 应为日期（YYYY-MM-DD）或 ISO 8601 时间",
                          name),
               -1;
    return 0;
}

int api_patrol_list(struct req *r)
{
    struct page pg;
    int64_t point, from, to;
    if (http_page(r, &pg) || http_query_id(r, "risk_point_id", &point) ||
        query_time(r, "from", &from) || query_time(r, "to", &to))
        return 0;
    const char *flag = http_query(r, "flag");
    if (flag && *flag) {
        static const char *const flags[] = {"no_scan", "too_fast", "late_upload", "off_hours",
                                            "photo_reused"};
        size_t i;
        for (i = 0; i < XA_ARRAY_LEN(flags); i++)
            if (!strcmp(flags[i], flag)) break;
        if (i == XA_ARRAY_LEN(flags))
            return http_error(r, 400, "invalid", "flag", "未知的巡查标记 %.20s", flag);
    }
    json_t *res = store_patrol_list(r->store, &r->scope, point, from, to, flag, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_patrol_missed(struct req *r)
{
    struct page pg;
    int64_t day;
    if (http_page(r, &pg) || query_time(r, "date", &day)) return 0;
    if (!day) day = r->now;
    json_t *res = store_patrol_missed(r->store, &r->scope, day, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}
