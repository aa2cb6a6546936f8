/*
 * campaign.c - campaigns (专项行动) and special-period plans (特殊时期工作方案):
 * a bureau drafts a campaign with ordered stages (动员部署 / 排查整治 /
 * 总结评估 or its own) and tasks; publishing pushes every task to every
 * school of its subtree; schools submit (text, counts, photos), the bureau
 * returns (退回) or accepts; progress per school and region; a summary at
 * the end; a closed campaign takes no more submissions.
 */
#include "core/compat.h"
#include "api/api_campaign.h"
#include "domain/programme.h"
#include "store/store_campaign.h"
#include "store/store_programme.h"
#include "store/store_risk.h"

#define CAMP_MAX_STAGES 10
#define CAMP_MAX_TASKS 30 /* per stage */
#define CAMP_MAX_COUNTS 8 /* count fields per task */
#define CAMP_MAX_COUNT 1000000000

static const char *const camp_kinds[] = {"campaign", "special_period", NULL};
static const char *const assign_states[] = {"pending",  "submitted", "returned",
                                            "accepted", "overdue",   NULL};

int api_camp_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_camp_locate(s, id, path, len);
}

int api_camp_assign_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_camp_assign_locate(s, id, path, len);
}

static void camp_today(const struct req *r, char *buf, size_t len)
{
    prog_date_format(prog_day_of(r->now), buf, len);
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* ---- validation of nested objects (stages, tasks, count fields) ---- */

struct nspec {
    const char *name;
    enum vtype type;
    bool required;
    int64_t min, max;
};

/* Like http_validate for an element of an array, naming fields as
 * "<prefix>.<name>". 0 valid, -1 after an error response. */
static int nvalidate(struct req *r, json_t *obj, const char *prefix, const struct nspec *spec,
                     size_t n)
{
    char field[256];
    if (!json_is_object(obj))
        return http_error(r, 400, "wrong_type", prefix, "%s 应为对象", prefix), -1;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i;
        for (i = 0; i < n && strcmp(spec[i].name, key); i++)
            ;
        if (i == n) {
            snprintf(field, sizeof(field), "%s.%s", prefix, key);
            return http_error(r, 400, "unknown_field", field, "未知字段 %s", field), -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct nspec *f = &spec[i];
        snprintf(field, sizeof(field), "%s.%s", prefix, f->name);
        v = json_object_get(obj, f->name);
        if (!v || json_is_null(v)) {
            if (f->required)
                return http_error(r, 422, "required", field, "缺少必填字段 %s", field), -1;
            continue;
        }
        bool ok = f->type == V_STR    ? json_is_string(v)
                  : f->type == V_BOOL ? json_is_boolean(v)
                  : f->type == V_INT  ? json_is_integer(v)
                  : f->type == V_ARR  ? json_is_array(v)
                                      : json_is_object(v);
        if (!ok) return http_error(r, 400, "wrong_type", field, "字段 %s 类型错误", field), -1;
        if (json_is_string(v)) {
            if (strlen(json_string_value(v)) != json_string_length(v))
                return http_error(r, 422, "invalid", field, "字段 %s 含有非法字符", field), -1;
            int64_t len = (int64_t)utf8_len(json_string_value(v));
            if ((f->min || f->max) && (len < f->min || len > f->max))
                return http_error(r, 422, "length", field,
                                  "字段 %s 长度应在 %lld 到 %lld 个字符之间", field,
                                  (long long)f->min, (long long)f->max),
                       -1;
        } else if (json_is_array(v) && (f->min || f->max)) {
            int64_t len = (int64_t)json_array_size(v);
            if (len < f->min || len > f->max)
                return http_error(r, 422, "range", field, "%s 应有 %lld 到 %lld 项", field,
                                  (long long)f->min, (long long)f->max),
                       -1;
        }
    }
    return 0;
}

static int date_field(struct req *r, json_t *obj, const char *key, const char *field, int64_t *day)
{
    const char *v = api_str(obj, key);
    if (!v || prog_date_parse(v, day))
        return http_error(r, 422, "invalid", field, "%s 应为有效日期（YYYY-MM-DD）", field), -1;
    return 0;
}

static bool count_key_valid(const char *k)
{
    size_t n = strlen(k);
    if (n < 1 || n > 32 || !(k[0] >= 'a' && k[0] <= 'z')) return false;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    return true;
}

static const struct nspec stage_spec[] = {
    {"name", V_STR, true, 1, 32},
    {"start_date", V_STR, true, 10, 10},
    {"end_date", V_STR, true, 10, 10},
    {"tasks", V_ARR, false, 0, CAMP_MAX_TASKS},
};
static const struct nspec task_spec[] = {
    {"title", V_STR, true, 1, 100},
    {"requirement", V_STR, false, 0, 2000},
    {"due_date", V_STR, true, 10, 10},
    {"need_text", V_BOOL, false, 0, 0},
    {"need_photo", V_BOOL, false, 0, 0},
    {"need_roster", V_BOOL, false, 0, 0},
    {"count_fields", V_ARR, false, 0, CAMP_MAX_COUNTS},
};
static const struct nspec count_spec[] = {
    {"key", V_STR, true, 1, 32},
    {"label", V_STR, true, 1, 32},
};

const struct vfield camp_create_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL}, {"kind", V_STR, true, 0, 0, camp_kinds},
    {"title", V_STR, true, 1, 100, NULL},        {"description", V_STR, false, 0, 4000, NULL},
    {"categories", V_ARR, false, 0, 20, NULL},   {"start_date", V_STR, true, 10, 10, NULL},
    {"end_date", V_STR, true, 10, 10, NULL},     {"stages", V_ARR, true, 1, CAMP_MAX_STAGES, NULL},
};
/* PATCH replaces the whole draft: the same fields but org_id. */
const struct vfield camp_update_spec[] = {
    {"kind", V_STR, true, 0, 0, camp_kinds},           {"title", V_STR, true, 1, 100, NULL},
    {"description", V_STR, false, 0, 4000, NULL},      {"categories", V_ARR, false, 0, 20, NULL},
    {"start_date", V_STR, true, 10, 10, NULL},         {"end_date", V_STR, true, 10, 10, NULL},
    {"stages", V_ARR, true, 1, CAMP_MAX_STAGES, NULL},
};

/* Reads and checks the campaign fields of r->json (already validated
 * against the top-level spec) into in (arena). 0 or -1 after an error. */
static int read_campaign(struct req *r, struct camp_in *in)
{
    json_t *j = r->json;
    int64_t a, b;
    if (date_field(r, j, "start_date", "start_date", &a) ||
        date_field(r, j, "end_date", "end_date", &b))
        return -1;
    if (b < a) return http_error(r, 422, "invalid", "end_date", "结束日期不能早于开始日期"), -1;
    in->kind = api_str(j, "kind");
    in->title = api_str(j, "title");
    in->description = api_str(j, "description");
    in->start_date = api_str(j, "start_date");
    in->end_date = api_str(j, "end_date");
    json_t *cats = json_object_get(j, "categories");
    size_t i;
    json_t *v;
    json_array_foreach(cats, i, v)
    {
        char field[48];
        snprintf(field, sizeof(field), "categories[%zu]", i);
        if (!json_is_string(v))
            return http_error(r, 400, "wrong_type", field, "%s 应为类别代码", field), -1;
        int rc = store_category_exists(r->store, json_string_value(v));
        if (rc < 0) return http_store_error(r), -1;
        if (rc == 0)
            return http_error(r, 422, "invalid", field, "类别 \"%.32s\" 不存在",
                              json_string_value(v)),
                   -1;
        for (size_t k = 0; k < i; k++)
            if (strcmp(json_string_value(json_array_get(cats, k)), json_string_value(v)) == 0)
                return http_error(r, 422, "duplicate", field, "类别重复"), -1;
    }
    char *ctext = cats ? json_dumps(cats, JSON_COMPACT) : strdup("[]");
    if (!ctext) return http_error(r, 500, "internal", NULL, "服务器内部错误"), -1;
    in->categories = arena_strdup(r->arena, ctext);
    free(ctext);

    json_t *stages = json_object_get(j, "stages");
    in->nstages = json_array_size(stages);
    struct camp_stage_in *st = arena_alloc(r->arena, sizeof(*st) * in->nstages);
    in->stages = st;
    json_t *sv;
    json_array_foreach(stages, i, sv)
    {
        char p[48], field[256];
        snprintf(p, sizeof(p), "stages[%zu]", i);
        if (nvalidate(r, sv, p, stage_spec, XA_ARRAY_LEN(stage_spec))) return -1;
        int64_t sa, sb;
        snprintf(field, sizeof(field), "%s.start_date", p);
        if (date_field(r, sv, "start_date", field, &sa)) return -1;
        snprintf(field, sizeof(field), "%s.end_date", p);
        if (date_field(r, sv, "end_date", field, &sb)) return -1;
        if (sb < sa)
            return http_error(r, 422, "invalid", field, "阶段结束日期不能早于开始日期"), -1;
        if (sa < a || sb > b) {
            snprintf(field, sizeof(field), "%s.%s", p, sa < a ? "start_date" : "end_date");
            return http_error(r, 422, "invalid", field, "阶段日期应在行动期限内"), -1;
        }
        st[i].name = api_str(sv, "name");
        st[i].start_date = api_str(sv, "start_date");
        st[i].end_date = api_str(sv, "end_date");
        json_t *tasks = json_object_get(sv, "tasks");
        st[i].ntasks = json_array_size(tasks);
        struct camp_task_in *ts = arena_alloc(r->arena, sizeof(*ts) * (st[i].ntasks + 1));
        st[i].tasks = ts;
        size_t k;
        json_t *tv;
        json_array_foreach(tasks, k, tv)
        {
            char tp[112];
            snprintf(tp, sizeof(tp), "%s.tasks[%zu]", p, k);
            if (nvalidate(r, tv, tp, task_spec, XA_ARRAY_LEN(task_spec))) return -1;
            int64_t due;
            snprintf(field, sizeof(field), "%s.due_date", tp);
            if (date_field(r, tv, "due_date", field, &due)) return -1;
            if (due < a || due > b)
                return http_error(r, 422, "invalid", field, "任务截止日期应在行动期限内"), -1;
            ts[k].title = api_str(tv, "title");
            ts[k].requirement = api_str(tv, "requirement");
            ts[k].due_date = api_str(tv, "due_date");
            ts[k].need_text = json_is_true(json_object_get(tv, "need_text"));
            ts[k].need_photo = json_is_true(json_object_get(tv, "need_photo"));
            ts[k].need_roster = json_is_true(json_object_get(tv, "need_roster"));
            json_t *cf = json_object_get(tv, "count_fields");
            size_t m;
            json_t *cv;
            json_array_foreach(cf, m, cv)
            {
                char cp[176];
                snprintf(cp, sizeof(cp), "%s.count_fields[%zu]", tp, m);
                if (nvalidate(r, cv, cp, count_spec, XA_ARRAY_LEN(count_spec))) return -1;
                const char *key = api_str(cv, "key");
                snprintf(field, sizeof(field), "%s.key", cp);
                if (!count_key_valid(key))
                    return http_error(r, 422, "invalid", field,
                                      "统计项代码应为小写字母开头的字母、数字或下划线"),
                           -1;
                for (size_t q = 0; q < m; q++)
                    if (strcmp(api_str(json_array_get(cf, q), "key"), key) == 0)
                        return http_error(r, 422, "duplicate", field, "统计项代码重复"), -1;
            }
            char *cft = cf ? json_dumps(cf, JSON_COMPACT) : strdup("[]");
            if (!cft) return http_error(r, 500, "internal", NULL, "服务器内部错误"), -1;
            ts[k].count_fields = arena_strdup(r->arena, cft);
            free(cft);
        }
    }
    return 0;
}

/* Answers 409 unless the campaign is in state want; -1 then. */
static int need_state(struct req *r, int64_t id, const char *want, const char *msg)
{
    char st[16];
    int rc = store_camp_state(r->store, id, st, sizeof(st));
    if (rc < 0) return http_store_error(r), -1;
    if (rc == 0) return http_error(r, 404, "not_found", "id", "专项行动不存在"), -1;
    if (strcmp(st, want) != 0) return http_error(r, 409, "state", "state", "%s", msg), -1;
    return 0;
}

int api_camp_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    const char *kind = http_query(r, "kind"), *state = http_query(r, "state");
    const char *q = http_query(r, "q");
    if (kind && *kind && strcmp(kind, "campaign") && strcmp(kind, "special_period"))
        return http_error(r, 400, "invalid", "kind", "kind 应为 campaign 或 special_period");
    if (state && *state && strcmp(state, "draft") && strcmp(state, "published") &&
        strcmp(state, "closed"))
        return http_error(r, 400, "invalid", "state", "state 应为 draft、published 或 closed");
    if (q && strlen(q) > 100) return http_error(r, 400, "invalid", "q", "搜索词过长");
    char today[16];
    camp_today(r, today, sizeof(today));
    json_t *res = store_camp_list(r->store, &r->scope, kind, state, q, today, &pg);
    if (!res) return http_store_error(r);
    return http_json(r, 200, res);
}

int api_camp_create(struct req *r)
{
    if (VALIDATE(r, r->json, camp_create_spec)) return 0;
    char path[96], kind[16];
    int rc = store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind));
    if (rc < 0) return http_store_error(r);
    if (rc == 0 || strcmp(kind, "school") == 0 || strcmp(kind, "township") == 0)
        return http_error(r, 422, "invalid", "org_id", "专项行动由省、市、县教育局发起");
    struct camp_in in = {.org_id = r->org_id, .org_path = r->org_path};
    if (read_campaign(r, &in)) return 0;
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_camp_create(&c, &in, today, &after) < 0) return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_camp_get(struct req *r)
{
    char today[16];
    camp_today(r, today, sizeof(today));
    json_t *c = store_camp_get(r->store, r->id, today);
    if (!c) return http_store_error(r);
    /* the summary's computed figures: sums of the counts schools reported */
    json_t *rows = store_camp_counts(r->store, r->id);
    if (!rows) {
        json_decref(c);
        return http_store_error(r);
    }
    json_t *totals = json_array();
    size_t i, k, m, n;
    json_t *st, *t, *cf, *row;
    json_array_foreach(json_object_get(c, "stages"), i, st)
    {
        json_array_foreach(json_object_get(st, "tasks"), k, t)
        {
            int64_t tid = json_integer_value(json_object_get(t, "id"));
            json_array_foreach(json_object_get(t, "count_fields"), m, cf)
            {
                const char *key = api_str(cf, "key"), *label = api_str(cf, "label");
                if (!key) continue;
                json_t *slot = NULL, *x;
                json_array_foreach(totals, n, x)
                {
                    if (strcmp(api_str(x, "key"), key) == 0) {
                        slot = x;
                        break;
                    }
                }
                if (!slot) {
                    slot =
                        json_pack("{s:s, s:s, s:I, s:I}", "key", key, "label", label ? label : key,
                                  "total", (json_int_t)0, "reports", (json_int_t)0);
                    json_array_append_new(totals, slot);
                }
                json_array_foreach(rows, n, row)
                {
                    if (json_integer_value(json_object_get(row, "task_id")) != tid) continue;
                    json_t *val = json_object_get(json_object_get(row, "counts"), key);
                    if (!json_is_integer(val)) continue;
                    json_object_set_new(
                        slot, "total",
                        json_integer(json_integer_value(json_object_get(slot, "total")) +
                                     json_integer_value(val)));
                    json_object_set_new(
                        slot, "reports",
                        json_integer(json_integer_value(json_object_get(slot, "reports")) + 1));
                }
            }
        }
    }
    json_decref(rows);
    json_object_set_new(c, "count_totals", totals);
    return http_json(r, 200, c);
}

int api_camp_update(struct req *r)
{
    if (VALIDATE(r, r->json, camp_update_spec)) return 0;
    if (need_state(r, r->id, "draft", "专项行动已发布，不能再修改阶段和任务")) return 0;
    struct camp_in in = {0};
    if (read_campaign(r, &in)) return 0;
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_camp_replace(&c, r->id, &in, today, &after)) return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_camp_delete(struct req *r)
{
    if (need_state(r, r->id, "draft", "只能删除草稿状态的专项行动")) return 0;
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    if (store_camp_delete(&c, r->id, today)) return api_fail(r, &c);
    return api_commit(r, &c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}

int api_camp_publish(struct req *r)
{
    if (r->json && json_object_size(r->json))
        return http_error(r, 400, "unknown_field", json_object_iter_key(json_object_iter(r->json)),
                          "发布不需要请求体字段");
    if (need_state(r, r->id, "draft", "专项行动已发布")) return 0;
    int64_t ntasks = 0, nschools = 0;
    if (store_camp_task_count(r->store, r->id, &ntasks) < 0 ||
        store_camp_school_count(r->store, r->obj_path, &nschools) < 0)
        return http_store_error(r);
    if (ntasks == 0) return http_error(r, 422, "required", "stages", "至少需要一项任务才能发布");
    if (nschools == 0)
        return http_error(r, 422, "invalid", "org_id", "辖区内没有学校，无法下发任务");
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    int64_t n = store_camp_publish(&c, r->id, today, &after);
    if (n < 0) return api_fail(r, &c);
    json_object_set_new(after, "assignments_made", json_integer(n));
    return api_commit(r, &c, 200, after);
}

const struct vfield summary_spec[] = {
    {"summary", V_STR, false, 0, 10000, NULL},
};
const struct vfield summary_put_spec[] = {
    {"summary", V_STR, true, 1, 10000, NULL},
};

int api_camp_close(struct req *r)
{
    if (r->json && VALIDATE(r, r->json, summary_spec)) return 0;
    if (need_state(r, r->id, "published", "只有进行中的专项行动可以结束")) return 0;
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_camp_close(&c, r->id, r->json ? api_str(r->json, "summary") : NULL, today, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_camp_summary(struct req *r)
{
    if (!r->json) return http_error(r, 422, "required", "summary", "请填写总结");
    if (VALIDATE(r, r->json, summary_put_spec)) return 0;
    char st[16];
    int rc = store_camp_state(r->store, r->id, st, sizeof(st));
    if (rc < 0) return http_store_error(r);
    if (rc == 0) return http_error(r, 404, "not_found", "id", "专项行动不存在");
    if (strcmp(st, "draft") == 0)
        return http_error(r, 409, "state", "state", "草稿状态的专项行动还不能写总结");
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_camp_set_summary(&c, r->id, api_str(r->json, "summary"), today, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* GET /campaigns/{id}/progress?org= : figures of the campaign's region (or
 * of org, a node inside it) and of each of its direct children. */
int api_camp_progress(struct req *r)
{
    int64_t node = 0;
    if (http_query_id(r, "org", &node)) return 0;
    char today[16];
    camp_today(r, today, sizeof(today));
    json_t *c = store_camp_get(r->store, r->id, today);
    if (!c) return http_store_error(r);
    if (!node) node = api_int(c, "org_id");
    char path[96], kind[16];
    int rc = store_org_locate(r->store, node, path, sizeof(path), kind, sizeof(kind));
    if (rc < 0) {
        json_decref(c);
        return http_store_error(r);
    }
    /* the node must lie in the campaign's region (which the user sees) */
    if (rc == 0 || strncmp(path, r->obj_path, strlen(r->obj_path)) != 0) {
        json_decref(c);
        return http_error(r, 404, "not_found", "org", "该组织机构不在本次行动范围内");
    }
    json_t *org = store_org_get(r->store, node);
    json_t *fig = store_camp_figures(r->store, r->id, path, today);
    json_t *rows = store_camp_progress(r->store, r->id, node, today);
    if (!org || !fig || !rows) {
        json_decref(c);
        json_decref(org);
        json_decref(fig);
        json_decref(rows);
        return http_store_error(r);
    }
    json_t *out =
        json_pack("{s:I, s:O, s:O, s:O, s:{s:I, s:O, s:O, s:O, s:O}, s:o, s:o}", "campaign_id",
                  (json_int_t)r->id, "title", json_object_get(c, "title"), "kind",
                  json_object_get(c, "kind"), "state", json_object_get(c, "state"), "org", "id",
                  (json_int_t)node, "name", json_object_get(org, "name"), "kind",
                  json_object_get(org, "kind"), "parent_id", json_object_get(org, "parent_id"),
                  "path", json_object_get(org, "path"), "figures", fig, "rows", rows);
    json_object_set_new(out, "root_org_id", json_integer(api_int(c, "org_id")));
    json_decref(c);
    json_decref(org);
    return http_json(r, 200, out);
}

/* ---- assignments: a school's tasks ---- */

int api_camp_assign_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    int64_t cid = 0, tid = 0;
    if (http_query_id(r, "campaign_id", &cid) || http_query_id(r, "task_id", &tid)) return 0;
    const char *state = http_query(r, "state");
    if (state && *state) {
        const char *const *o;
        for (o = assign_states; *o && strcmp(*o, state); o++)
            ;
        if (!*o)
            return http_error(r, 400, "invalid", "state",
                              "state 应为 pending、submitted、returned、accepted 或 overdue");
    }
    char today[16];
    camp_today(r, today, sizeof(today));
    json_t *res = store_camp_assign_list(r->store, &r->scope, cid, tid, state, today, &pg);
    if (!res) return http_store_error(r);
    return http_json(r, 200, res);
}

int api_camp_assign_get(struct req *r)
{
    char today[16];
    camp_today(r, today, sizeof(today));
    json_t *a = store_camp_assign_get(r->store, r->id, today);
    if (!a) return http_store_error(r);
    return http_json(r, 200, a);
}

const struct vfield camp_submit_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL}, {"task_id", V_INT, true, 1, INT64_MAX, NULL},
    {"text", V_STR, false, 0, 4000, NULL},          {"counts", V_OBJ, false, 0, 0, NULL},
    {"photo_ids", V_ARR, false, 0, 20, NULL},       {"roster_id", V_INT, false, 1, INT64_MAX, NULL},
};

/* POST /campaign-submissions: a school reports on one task. */
int api_camp_submit(struct req *r)
{
    if (VALIDATE(r, r->json, camp_submit_spec)) return 0;
    int64_t task_id = api_int(r->json, "task_id");
    struct camp_task_info ti;
    int rc = store_camp_task_info(r->store, task_id, &ti);
    if (rc < 0) return http_store_error(r);
    /* a task of a campaign whose region does not hold the school: 404 */
    if (rc == 0 || strncmp(r->org_path, ti.campaign_path, strlen(ti.campaign_path)) != 0) {
        json_decref(ti.count_fields);
        return http_error(r, 404, "not_found", "task_id", "任务不存在");
    }
    json_t *cfields = ti.count_fields;
    int res = 0;
#define FAIL(...)                                                                                  \
    do {                                                                                           \
        res = http_error(r, __VA_ARGS__);                                                          \
        goto out;                                                                                  \
    } while (0)
    if (strcmp(ti.campaign_state, "draft") == 0)
        FAIL(409, "state", "task_id", "专项行动尚未发布，不能提交");
    if (strcmp(ti.campaign_state, "closed") == 0)
        FAIL(409, "state", "task_id", "专项行动已结束，不能再提交");
    int64_t aid = 0;
    char astate[16];
    rc = store_camp_assign_find(r->store, task_id, r->org_id, &aid, astate, sizeof(astate));
    if (rc < 0) {
        res = http_store_error(r);
        goto out;
    }
    if (rc == 0) FAIL(404, "not_found", "task_id", "该任务未下发到本校");
    if (strcmp(astate, "accepted") == 0)
        FAIL(409, "state", "task_id", "该任务已通过审核，无需再次提交");
    const char *text = api_str(r->json, "text");
    if (ti.need_text && (!text || !*text)) FAIL(422, "required", "text", "该任务需要填写文字说明");
    /* counts: exactly the task's count fields, non-negative integers */
    json_t *counts = json_object_get(r->json, "counts");
    const char *key;
    json_t *v;
    char field[64];
    json_object_foreach(counts, key, v)
    {
        size_t i;
        json_t *cf;
        bool known = false;
        json_array_foreach(cfields, i, cf) known = known || strcmp(api_str(cf, "key"), key) == 0;
        snprintf(field, sizeof(field), "counts.%.40s", key);
        if (!known) FAIL(400, "unknown_field", field, "该任务没有统计项 %s", field);
        if (!json_is_integer(v)) FAIL(400, "wrong_type", field, "%s 应为整数", field);
        if (json_integer_value(v) < 0 || json_integer_value(v) > CAMP_MAX_COUNT)
            FAIL(422, "range", field, "%s 应在 0 到 %d 之间", field, CAMP_MAX_COUNT);
    }
    size_t i;
    json_t *cf;
    json_array_foreach(cfields, i, cf)
    {
        const char *k = api_str(cf, "key");
        if (k && !json_object_get(counts, k)) {
            snprintf(field, sizeof(field), "counts.%.40s", k);
            FAIL(422, "required", field, "请填写“%s”",
                 api_str(cf, "label") ? api_str(cf, "label") : k);
        }
    }
    json_t *photos = json_object_get(r->json, "photo_ids");
    if (ti.need_photo && json_array_size(photos) == 0)
        FAIL(422, "required", "photo_ids", "该任务需要上传照片");
    json_array_foreach(photos, i, v)
    {
        snprintf(field, sizeof(field), "photo_ids[%zu]", i);
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            FAIL(400, "wrong_type", field, "%s 应为正整数 id", field);
        rc = store_photo_in_org(r->store, json_integer_value(v), r->org_id);
        if (rc < 0) {
            res = http_store_error(r);
            goto out;
        }
        if (rc == 0) FAIL(422, "invalid", field, "照片不存在或不属于本校");
    }
    /* a duty roster (值班表) of this school, published to the bureau */
    int64_t roster_id = api_int(r->json, "roster_id");
    if (ti.need_roster && !roster_id)
        FAIL(422, "required", "roster_id", "该任务需要关联本校已报送的值班表");
    if (roster_id) {
        json_t *ro = store_roster_get(r->store, roster_id);
        if (!ro && store_errclass(r->store) != DB_OK) {
            res = http_store_error(r);
            goto out;
        }
        bool fits = ro && api_int(ro, "org_id") == r->org_id && api_str(ro, "state") &&
                    strcmp(api_str(ro, "state"), "published") == 0;
        json_decref(ro);
        if (!fits) FAIL(422, "invalid", "roster_id", "值班表不存在、不属于本校或尚未报送");
    }
#undef FAIL
    char today[16];
    camp_today(r, today, sizeof(today));
    bool late = strcmp(today, ti.due_date) > 0;
    char *ctext = counts ? json_dumps(counts, JSON_COMPACT) : strdup("{}");
    char *ptext = photos ? json_dumps(photos, JSON_COMPACT) : strdup("[]");
    json_t *after = NULL;
    struct change c;
    if (!ctext || !ptext) {
        res = http_store_error(r);
    } else if (api_begin(r, &c) == 0) {
        struct camp_submit_in in = {.text = text, .counts = ctext, .photo_ids = ptext,
                                    .roster_id = roster_id, .late = late};
        res = store_camp_submit(&c, aid, &in, today, &after) ? api_fail(r, &c)
                                                              : api_commit(r, &c, 201, after);
    }
    free(ctext);
    free(ptext);
out:
    json_decref(cfields);
    return res;
}

const struct vfield return_spec[] = {
    {"reason", V_STR, true, 1, 500, NULL},
};
const struct vfield camp_accept_spec[] = {
    {"note", V_STR, false, 0, 500, NULL},
};

static int review(struct req *r, const char *outcome, const char *reason)
{
    char cst[16], ast[16];
    int rc = store_camp_assign_states(r->store, r->id, cst, sizeof(cst), ast, sizeof(ast));
    if (rc < 0) return http_store_error(r);
    if (rc == 0) return http_error(r, 404, "not_found", "id", "任务不存在");
    if (strcmp(cst, "published") != 0)
        return http_error(r, 409, "state", "state", "专项行动已结束，不能再审核");
    if (strcmp(ast, "submitted") != 0)
        return http_error(r, 409, "state", "state", "只有已提交待审核的任务可以%s",
                          strcmp(outcome, "returned") == 0 ? "退回" : "通过");
    char today[16];
    camp_today(r, today, sizeof(today));
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_camp_review(&c, r->id, outcome, reason, today, &after)) return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_camp_return(struct req *r)
{
    if (!r->json) return http_error(r, 422, "required", "reason", "请填写退回原因");
    if (VALIDATE(r, r->json, return_spec)) return 0;
    return review(r, "returned", api_str(r->json, "reason"));
}

int api_camp_accept(struct req *r)
{
    if (r->json && VALIDATE(r, r->json, camp_accept_spec)) return 0;
    return review(r, "accepted", r->json ? api_str(r->json, "note") : NULL);
}
