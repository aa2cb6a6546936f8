/*
 * work.c - the work engine's endpoints: my to-do list, my messages, and a
 * bureau's reminders (催办 a hazard, 催报 a weekly report or campaign task).
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_work.h"
#include "core/timeutil.h"
#include "domain/perm.h"
#include "store/store_work.h"

int api_work_todo(struct req *r)
{
    struct work_role roles[HTTP_MAX_ROLES];
    int n = 0;
    for (int i = 0; i < r->user->nroles && n < HTTP_MAX_ROLES; i++) {
        const struct role_binding *b = &r->user->roles[i];
        roles[n++] = (struct work_role){b->role, b->org_id, b->path, b->org_kind};
    }
    json_t *t = store_work_todo(r->store, r->user->id, roles, n, r->now);
    if (!t)
        return http_store_error(r);
    return http_json(r, 200, t);
}

/* ---- messages ---- */

int api_work_messages(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *u = http_query(r, "unread");
    if (u && strcmp(u, "0") && strcmp(u, "1") && strcmp(u, "true") && strcmp(u, "false"))
        return http_error(r, 400, "invalid", "unread", "unread 只能是 1 或 0");
    bool unread = u && (!strcmp(u, "1") || !strcmp(u, "true"));
    json_t *o = store_work_inbox(r->store, r->user->id, unread, &pg);
    if (!o)
        return http_store_error(r);
    return http_json(r, 200, o);
}

int api_work_unread(struct req *r)
{
    int64_t n = 0;
    if (store_work_unread(r->store, r->user->id, &n))
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:I}", "unread", (json_int_t)n));
}

int api_work_read(struct req *r)
{
    if (r->json && json_object_size(r->json))
        return http_error(r, 400, "unknown_field", json_object_iter_key(json_object_iter(r->json)),
                          "标记已读不需要请求体字段");
    /* a message has no org: the route is SC_NONE and the id is the
     * recipient's to check, here */
    const char *seg = r->seg[0];
    int64_t id = 0;
    for (const char *c = seg; c && *c && id >= 0; c++)
        id = (*c >= '0' && *c <= '9' && id < INT64_MAX / 10 - 10) ? id * 10 + (*c - '0') : -1;
    if (!seg || !*seg || id < 1)
        return http_error(r, 400, "invalid", "id", "id 必须是正整数");
    r->id = id;
    int rc = store_work_mark_read(r->store, r->user->id, r->id, r->now);
    if (rc < 0)
        return http_store_error(r);
    /* another user's message is as unknown as a missing one */
    if (rc == 0)
        return http_error(r, 404, "not_found", "id", "消息不存在");
    int64_t n = 0;
    if (store_work_unread(r->store, r->user->id, &n))
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:I, s:b, s:I}", "id", (json_int_t)r->id, "read", 1,
                                       "unread", (json_int_t)n));
}

int api_work_read_all(struct req *r)
{
    if (r->json && json_object_size(r->json))
        return http_error(r, 400, "unknown_field", json_object_iter_key(json_object_iter(r->json)),
                          "全部已读不需要请求体字段");
    int64_t n = store_work_mark_all_read(r->store, r->user->id, r->now);
    if (n < 0)
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:I, s:I}", "marked", (json_int_t)n, "unread",
                                       (json_int_t)0));
}

/* ---- reminders ---- */

/* The caller's deepest binding holding perm over path: the bureau that
 * reminds. NULL when none (the dispatcher has checked one exists). */
static const struct role_binding *reminder_of(const struct req *r, enum perm perm,
                                              const char *path)
{
    const struct role_binding *best = NULL;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        if (strcmp(b->org_kind, "school") == 0 || !perm_role_has(b->role, perm))
            continue;
        if (strncmp(path, b->path, strlen(b->path)) != 0)
            continue;
        if (!best || strlen(b->path) > strlen(best->path))
            best = b;
    }
    return best;
}

const struct vfield note_spec[] = {
    {"note", V_STR, false, 0, 500, NULL},
};

static int too_soon(struct req *r, int64_t next_at, const char *what)
{
    char at[40];
    xa_time_format(next_at, at, sizeof(at));
    http_add_header(r, "Retry-After", "3600");
    return http_error(r, 429, "rate_limited", NULL, "一小时内已%s过，请在 %.5s 之后再%s", what,
                      at + 11, what);
}

int api_work_remind_hazard(struct req *r)
{
    if (r->json && VALIDATE(r, r->json, note_spec))
        return 0;
    const struct role_binding *b = reminder_of(r, PERM_HAZARD_SUPERVISE, r->obj_path);
    if (!b)
        return http_error(r, 403, "forbidden", NULL, "只有上级教育局可以催办");
    struct work_remind in = {.from_org_id = b->org_id,
                             .from_path = b->path,
                             .user_id = r->user->id,
                             .note = r->json ? api_str(r->json, "note") : NULL,
                             .now = r->now};
    if (store_begin(r->store))
        return http_store_error(r);
    int64_t next = 0;
    int rc = store_work_remind_hazard(r->store, r->id, &in, &next);
    if (rc < 0)
        return api_store_fail(r, NULL, NULL);
    if (rc == 0) {
        store_rollback(r->store);
        return http_error(r, 409, "state", "state", "该隐患已不在整改流程中，无需催办");
    }
    if (rc == 2) {
        store_rollback(r->store);
        return too_soon(r, next, "催办");
    }
    json_t *after = json_pack("{s:s}", "note", in.note ? in.note : "");
    return api_audit_commit(r, 200, "remind", "hazard", r->id, 0, r->obj_path, NULL, after,
                            in.note);
}

const struct vfield weekly_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"week", V_STR, false, 8, 8, NULL},
    {"note", V_STR, false, 0, 500, NULL},
};

static int remind_answer(struct req *r, const char *entity, int64_t id, const char *path,
                         int sent, int skipped, int64_t next, const char *note, const char *what)
{
    if (sent == 0 && skipped == 0) {
        store_rollback(r->store);
        return http_error(r, 409, "nothing_to_remind", NULL, "没有需要%s的学校", what);
    }
    if (sent == 0) {
        store_rollback(r->store);
        return too_soon(r, next, what);
    }
    json_t *after = json_pack("{s:i, s:i, s:s}", "reminded", sent, "skipped", skipped, "note",
                              note ? note : "");
    return api_audit_commit(r, 200, "remind", entity, id, r->org_id, path, NULL, after, note);
}

int api_work_remind_weekly(struct req *r)
{
    if (VALIDATE(r, r->json, weekly_spec))
        return 0;
    const char *week = api_str(r->json, "week");
    char cur[16];
    if (!week) {
        work_week_of(r->now, cur, sizeof(cur), NULL);
        week = cur;
    } else {
        int y = 0, w = 0, k = 0;
        if (sscanf(week, "%4d-W%2d%n", &y, &w, &k) != 2 || k != 8 || w < 1 || w > 53)
            return http_error(r, 422, "invalid", "week", "周次格式应为 2026-W48");
    }
    char opath[96], kind[16];
    int lrc = store_org_locate(r->store, r->org_id, opath, sizeof(opath), kind, sizeof(kind));
    if (lrc < 0)
        return http_store_error(r);
    if (lrc == 0 || !strcmp(kind, "school"))
        return http_error(r, 422, "invalid", "org_id", "请选择教育局（区域），而不是学校");
    const struct role_binding *b = reminder_of(r, PERM_HAZARD_SUPERVISE, r->org_path);
    if (!b)
        return http_error(r, 403, "forbidden", NULL, "只有教育局可以催报");
    struct work_remind in = {.from_org_id = b->org_id,
                             .from_path = b->path,
                             .user_id = r->user->id,
                             .note = api_str(r->json, "note"),
                             .now = r->now};
    if (store_begin(r->store))
        return http_store_error(r);
    int sent = 0, skipped = 0;
    int64_t next = 0;
    if (store_work_remind_weekly(r->store, r->org_path, week, &in, &sent, &skipped, &next))
        return api_store_fail(r, NULL, NULL);
    return remind_answer(r, "weekly_report", r->org_id, r->org_path, sent, skipped, next, in.note,
                         "催报");
}

const struct vfield campaign_spec[] = {
    {"task_id", V_INT, false, 1, INT64_MAX, NULL},
    {"note", V_STR, false, 0, 500, NULL},
};

int api_work_remind_campaign(struct req *r)
{
    if (r->json && VALIDATE(r, r->json, campaign_spec))
        return 0;
    const struct role_binding *b = reminder_of(r, PERM_CAMPAIGN_WRITE, r->obj_path);
    if (!b)
        return http_error(r, 403, "forbidden", NULL, "只有教育局可以催报");
    json_t *tasks = store_work_campaign_tasks(r->store, r->id);
    if (!tasks)
        return http_store_error(r);
    if (!json_array_size(tasks)) {
        json_decref(tasks);
        return http_error(r, 409, "state", "state", "专项行动未发布或没有任务，无需催报");
    }
    int64_t only = r->json ? api_int(r->json, "task_id") : 0;
    if (only) {
        bool found = false;
        size_t i;
        json_t *t;
        json_array_foreach(tasks, i, t) found |=
            json_integer_value(json_object_get(t, "id")) == only;
        if (!found) {
            json_decref(tasks);
            return http_error(r, 422, "invalid", "task_id", "该任务不属于这项专项行动");
        }
    }
    struct work_remind in = {.from_org_id = b->org_id,
                             .from_path = b->path,
                             .user_id = r->user->id,
                             .note = r->json ? api_str(r->json, "note") : NULL,
                             .now = r->now};
    if (store_begin(r->store)) {
        json_decref(tasks);
        return http_store_error(r);
    }
    int sent = 0, skipped = 0;
    int64_t next = 0;
    size_t i;
    json_t *t;
    json_array_foreach(tasks, i, t) {
        int64_t tid = json_integer_value(json_object_get(t, "id"));
        if (only && tid != only)
            continue;
        int s1 = 0, k1 = 0;
        int64_t n1 = 0;
        if (store_work_remind_campaign(r->store, tid, r->obj_path, &in, &s1, &k1, &n1)) {
            json_decref(tasks);
            return api_store_fail(r, NULL, NULL);
        }
        sent += s1;
        skipped += k1;
        if (n1 && (!next || n1 < next))
            next = n1;
    }
    json_decref(tasks);
    return remind_answer(r, "campaign", r->id, r->obj_path, sent, skipped, next, in.note, "催报");
}

int api_work_reminders(struct req *r)
{
    const char *path = r->org_id ? r->org_path : NULL;
    if (!path) {
        if (r->scope.n != 1)
            return http_error(r, 422, "required", "org", "请指定单位");
        path = r->scope.path[0];
    }
    json_t *a = store_work_reminders(r->store, path, 200);
    if (!a)
        return http_store_error(r);
    return http_json(r, 200, json_pack("{s:o}", "items", a));
}
