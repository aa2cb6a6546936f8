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
    struct change c;
    if (api_begin(r, &c))
        return 0;
    /* another user's message is as unknown as a missing one */
    int64_t n = 0;
    if (store_work_mark_read(&c, r->id) || store_work_unread(r->store, r->user->id, &n))
        return api_fail(r, &c);
    return api_commit(r, &c, 200,
                      json_pack("{s:I, s:b, s:I}", "id", (json_int_t)r->id, "read", 1, "unread",
                                (json_int_t)n));
}

int api_work_read_all(struct req *r)
{
    if (r->json && json_object_size(r->json))
        return http_error(r, 400, "unknown_field", json_object_iter_key(json_object_iter(r->json)),
                          "全部已读不需要请求体字段");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    int64_t n = store_work_mark_all_read(&c);
    if (n < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 200,
                      json_pack("{s:I, s:I}", "marked", (json_int_t)n, "unread", (json_int_t)0));
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

/* Refuses c: reminded within the hour (429 with Retry-After). */
static int too_soon(struct req *r, struct change *c, int64_t next_at, const char *what)
{
    char at[40], msg[160];
    xa_time_format(next_at, at, sizeof(at));
    snprintf(msg, sizeof(msg), "一小时内已%s过，请在 %.5s 之后再%s", what, at + 11, what);
    http_add_header(r, "Retry-After", "3600");
    return api_refuse(r, c, 429, "rate_limited", NULL, msg);
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
                             .note = r->json ? api_str(r->json, "note") : NULL};
    struct change c;
    if (api_begin(r, &c))
        return 0;
    int64_t next = 0;
    int rc = store_work_remind_hazard(&c, r->id, &in, &next);
    if (rc < 0)
        return api_fail(r, &c);
    if (rc == 1)
        return too_soon(r, &c, next, "催办");
    return api_commit(r, &c, 200, json_pack("{s:s}", "note", in.note ? in.note : ""));
}

const struct vfield weekly_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"week", V_STR, false, 8, 8, NULL},
    {"note", V_STR, false, 0, 500, NULL},
};

static int remind_answer(struct req *r, struct change *c, int sent, int skipped, int64_t next,
                         const char *note, const char *what)
{
    if (sent == 0 && skipped == 0) {
        char msg[80];
        snprintf(msg, sizeof(msg), "没有需要%s的学校", what);
        return api_refuse(r, c, 409, "nothing_to_remind", NULL, msg);
    }
    if (sent == 0)
        return too_soon(r, c, next, what);
    return api_commit(r, c, 200,
                      json_pack("{s:i, s:i, s:s}", "reminded", sent, "skipped", skipped, "note",
                                note ? note : ""));
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
                             .note = api_str(r->json, "note")};
    struct change c;
    if (api_begin(r, &c))
        return 0;
    int sent = 0, skipped = 0;
    int64_t next = 0;
    if (store_work_remind_weekly(&c, r->org_id, r->org_path, week, &in, &sent, &skipped, &next))
        return api_fail(r, &c);
    return remind_answer(r, &c, sent, skipped, next, in.note, "催报");
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
    json_decref(tasks);
    struct work_remind in = {.from_org_id = b->org_id,
                             .from_path = b->path,
                             .note = r->json ? api_str(r->json, "note") : NULL};
    struct change c;
    if (api_begin(r, &c))
        return 0;
    int sent = 0, skipped = 0;
    int64_t next = 0;
    if (store_work_remind_campaign(&c, r->id, only, r->org_id, r->obj_path, &in, &sent, &skipped,
                                   &next))
        return api_fail(r, &c);
    return remind_answer(r, &c, sent, skipped, next, in.note, "催报");
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

/* ---- the minute sweep (a job: system changes, user 0) ---- */

/* Runs step in a system change at now; 0 or -1. */
static int sweep_step(struct store *s, int64_t now, int (*step)(struct change *, json_t *, size_t, bool),
                      json_t *arg, size_t i, bool last)
{
    struct change c;
    if (store_change_begin(&c, s, 0, "", now))
        return -1;
    if (step(&c, arg, i, last)) {
        store_change_abort(&c);
        return -1;
    }
    return store_change_commit(&c);
}

static int hazards_step(struct change *c, json_t *ids, size_t i, bool last)
{
    return store_work_sweep_hazards(c, ids, i, 200, last);
}

static int weekly_step(struct change *c, json_t *job, size_t i, bool last)
{
    (void)i;
    (void)last;
    return store_work_sweep_weekly(c, job);
}

int work_sweep_run(struct store *s, int64_t now)
{
    json_t *plan = store_work_sweep_plan(s, now);
    if (!plan)
        return -1;
    json_t *ids = json_object_get(plan, "hazards"), *weekly = json_object_get(plan, "weekly");
    size_t n = json_array_size(ids);
    int rc = 0;
    /* in batches of 200, so the writer is not held; the last moves the marks */
    for (size_t i = 0; i <= n && !rc; i += 200)
        rc = sweep_step(s, now, hazards_step, ids, i, i + 200 > n);
    size_t k;
    json_t *job;
    json_array_foreach(weekly, k, job) {
        if (rc)
            break;
        rc = sweep_step(s, now, weekly_step, job, 0, true);
    }
    json_decref(plan);
    return rc;
}
