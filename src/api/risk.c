/*
 * risk.c - /api/v1 categories, grading thresholds, checklist templates,
 * school checklists, risk points with assessments and QR codes, the
 * four-colour risk map and campus plans (SPEC §3, §4, §9).
 */
#include "core/compat.h"
#include "domain/orgtree.h"
#include "api/api_risk.h"
#include "api/api_doc.h"
#include "core/timeutil.h"
#include "domain/category.h"
#include "domain/grading.h"
#include "store/store_risk.h"
#include <cairo.h>
#include <math.h>
#include <qrencode.h>
#include <sodium.h>

/* ---- small helpers ---- */

/* Kind of an org by id: 1 found, 0 not, -1 error. */
static int org_kind(struct req *r, int64_t id, char *path, size_t plen, char *kind, size_t klen)
{
    return store_org_locate(r->store, id, path, plen, kind, klen);
}

/* Audit path for changes of global data (categories, thresholds): the
 * first subtree where the user holds the route's permission. */
static const char *global_audit_path(struct req *r)
{
    return r->scope.n ? r->scope.path[0] : "/";
}

/* ---- categories ---- */

int api_category_list(struct req *r)
{
    const char *all = http_query(r, "include_deleted");
    json_t *items = store_category_list(r->store, all && strcmp(all, "1") == 0);
    return items ? http_json(r, 200, json_pack("{s:o}", "items", items)) : http_store_error(r);
}

const struct vfield category_create_spec[] = {
    {"code", V_STR, true, 1, CATEGORY_CODE_MAX, NULL},
    {"name_zh", V_STR, true, 1, 32, NULL},
    {"name_en", V_STR, false, 0, 64, NULL},
    {"sort", V_INT, false, 0, 100000, NULL},
};

int api_category_create(struct req *r)
{
    if (VALIDATE(r, r->json, category_create_spec)) return 0;
    const char *code = api_str(r->json, "code");
    if (!category_code_valid(code))
        return http_error(r, 422, "invalid", "code", "分类代码只能由小写字母、数字和下划线组成");
    json_t *sortv = json_object_get(r->json, "sort");
    int64_t sort = sortv ? json_integer_value(sortv) : 1000;
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_category_create(&c, code, api_str(r->json, "name_zh"), api_str(r->json, "name_en"),
                              sort, global_audit_path(r), &after))
        return api_fail_unique(r, &c, "code", "分类代码已存在");
    return api_commit(r, &c, 201, after);
}

const struct vfield category_update_spec[] = {
    {"name_zh", V_STR, false, 1, 32, NULL},
    {"name_en", V_STR, false, 0, 64, NULL},
    {"sort", V_INT, false, 0, 100000, NULL},
    {"deleted", V_BOOL, false, 0, 0, NULL},
};

int api_category_update(struct req *r)
{
    const char *code = r->seg[0];
    if (!category_code_valid(code)) return http_error(r, 404, "not_found", "code", "分类不存在");
    if (VALIDATE(r, r->json, category_update_spec)) return 0;
    json_t *del = json_object_get(r->json, "deleted");
    if (del && !json_is_true(del))
        return http_error(r, 422, "invalid", "deleted", "已停用的分类不能通过此接口恢复");
    json_t *sortv = json_object_get(r->json, "sort");
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_category_update(&c, code, api_str(r->json, "name_zh"), api_str(r->json, "name_en"),
                              sortv != NULL, json_integer_value(sortv), del != NULL,
                              global_audit_path(r), &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ---- grading thresholds ---- */

int api_grading_get(struct req *r)
{
    struct grading_thresholds t;
    if (store_grading_current(r->store, &t) < 0) return http_store_error(r);
    json_t *hist = store_grading_list(r->store);
    if (!hist) return http_store_error(r);
    json_t *o = store_grading_json(&t);
    json_object_set_new(o, "history", hist);
    json_object_set_new(o, "lec_scales",
                        json_pack("{s:[f,f,f,f,f,f,f], s:[f,f,f,f,f,f], s:[f,f,f,f,f,f]}", "l", 0.1,
                                  0.2, 0.5, 1.0, 3.0, 6.0, 10.0, "e", 0.5, 1.0, 2.0, 3.0, 6.0, 10.0,
                                  "c", 1.0, 3.0, 7.0, 15.0, 40.0, 100.0));
    return http_json(r, 200, o);
}

const struct vfield grading_spec[] = {
    {"lec_major", V_NUM, true, 0, 0, NULL},   {"lec_high", V_NUM, true, 0, 0, NULL},
    {"lec_general", V_NUM, true, 0, 0, NULL}, {"ls_red", V_INT, true, 0, 0, NULL},
    {"ls_orange", V_INT, true, 0, 0, NULL},   {"ls_yellow", V_INT, true, 0, 0, NULL},
    {"note", V_STR, false, 0, 200, NULL},     {"version", V_INT, false, 0, 0, NULL},
};

int api_grading_put(struct req *r)
{
    /* thresholds are national/provincial data: only the top of the tree */
    if (!req_can(r, PERM_CATEGORY_WRITE, "/1/"))
        return http_error(r, 403, "forbidden", NULL, "只有省级（根节点）教育局可以修改分级标准");
    if (VALIDATE(r, r->json, grading_spec)) return 0;
    struct grading_thresholds t = {
        .version = 1,
        .lec_major = json_number_value(json_object_get(r->json, "lec_major")),
        .lec_high = json_number_value(json_object_get(r->json, "lec_high")),
        .lec_general = json_number_value(json_object_get(r->json, "lec_general")),
        .ls_red = (int)api_int(r->json, "ls_red"),
        .ls_orange = (int)api_int(r->json, "ls_orange"),
        .ls_yellow = (int)api_int(r->json, "ls_yellow"),
    };
    if (api_int(r->json, "ls_red") > 1000 || api_int(r->json, "ls_orange") > 1000 ||
        api_int(r->json, "ls_yellow") > 1000)
        return http_error(r, 422, "range", "ls_red", "LS 阈值应在 1 到 25 之间");
    const char *bad = NULL;
    if (grading_thresholds_validate(&t, &bad))
        return http_error(
            r, 422, "invalid", bad,
            "分级阈值无效：须为正数，重大 > 较大 > 一般，LEC 不超过 10000，LS 不超过 25");
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_grading_add(&c, &t, api_str(r->json, "note"), global_audit_path(r), &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ---- checklist items ---- */

#define MAX_ITEMS 200

/* Reads items[] of a template or checklist; -1 after an error response. */
static int read_items(struct req *r, json_t *arr, struct checklist_item_in **out, size_t *n,
                      bool required)
{
    *n = 0;
    *out = NULL;
    if (!arr) {
        if (required) return http_error(r, 422, "required", "items", "至少需要一个检查项"), -1;
        return 0;
    }
    if (!json_is_array(arr))
        return http_error(r, 400, "wrong_type", "items", "字段 items 应为数组"), -1;
    size_t cnt = json_array_size(arr);
    if ((required && cnt == 0) || cnt > MAX_ITEMS)
        return http_error(r, 422, "length", "items", "检查项应有 1 到 %d 项", MAX_ITEMS), -1;
    struct checklist_item_in *items = arena_alloc(r->arena, sizeof(*items) * (cnt ? cnt : 1));
    size_t i;
    json_t *it;
    char field[48];
    json_array_foreach(arr, i, it)
    {
        if (!json_is_object(it)) {
            snprintf(field, sizeof(field), "items[%zu]", i);
            return http_error(r, 400, "wrong_type", arena_strdup(r->arena, field),
                              "检查项应为对象"),
                   -1;
        }
        const char *key;
        json_t *v;
        json_object_foreach(it, key, v)
        {
            bool text =
                !strcmp(key, "content") || !strcmp(key, "standard") || !strcmp(key, "method");
            snprintf(field, sizeof(field), "items[%zu].%.16s", i, key);
            if (!text && strcmp(key, "weight") != 0)
                return http_error(r, 400, "unknown_field", arena_strdup(r->arena, field),
                                  "未知字段 %s", field),
                       -1;
            if (text && !json_is_string(v))
                return http_error(r, 400, "wrong_type", arena_strdup(r->arena, field),
                                  "字段 %s 应为字符串", field),
                       -1;
            if (!text && !json_is_number(v))
                return http_error(r, 400, "wrong_type", arena_strdup(r->arena, field),
                                  "字段 %s 应为数字", field),
                       -1;
            if (text && (json_string_length(v) > 600 ||
                         strlen(json_string_value(v)) != json_string_length(v)))
                return http_error(r, 422, "length", arena_strdup(r->arena, field),
                                  "字段 %s 过长或含非法字符", field),
                       -1;
        }
        const char *content = api_str(it, "content");
        if (!content || !*content) {
            snprintf(field, sizeof(field), "items[%zu].content", i);
            return http_error(r, 422, "required", arena_strdup(r->arena, field),
                              "检查项内容不能为空"),
                   -1;
        }
        json_t *w = json_object_get(it, "weight");
        double weight = w ? json_number_value(w) : 1.0;
        if (!(weight >= 0 && weight <= 100)) {
            snprintf(field, sizeof(field), "items[%zu].weight", i);
            return http_error(r, 422, "range", arena_strdup(r->arena, field),
                              "权重应在 0 到 100 之间"),
                   -1;
        }
        items[i] = (struct checklist_item_in){content, api_str(it, "standard"),
                                              api_str(it, "method"), weight};
    }
    *out = items;
    *n = cnt;
    return 0;
}

/* 0 when code names an active category; else -1 after a 422. */
static int check_category(struct req *r, const char *code, const char *field)
{
    int rc = store_category_exists(r->store, code);
    if (rc < 0) return http_store_error(r), -1;
    if (rc == 0) return http_error(r, 422, "invalid", field, "分类 %.40s 不存在或已停用", code), -1;
    return 0;
}

/* ---- checklist templates ---- */

int api_ctpl_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_ctpl_locate(s, id, path, len);
}

int api_ctpl_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    json_t *res = store_ctpl_list(r->store, &r->scope, http_query(r, "category"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

const struct vfield ctpl_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL}, {"category", V_STR, true, 1, 32, NULL},
    {"name", V_STR, true, 1, 100, NULL},         {"description", V_STR, false, 0, 1000, NULL},
    {"items", V_ARR, true, 1, MAX_ITEMS, NULL},
};

int api_ctpl_create(struct req *r)
{
    if (VALIDATE(r, r->json, ctpl_spec)) return 0;
    char path[96], kind[16];
    if (org_kind(r, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") == 0)
        return http_error(r, 422, "invalid", "org_id", "清单模板由教育局制定；学校请使用排查清单");
    struct checklist_item_in *items;
    size_t n;
    if (read_items(r, json_object_get(r->json, "items"), &items, &n, true)) return 0;
    const char *cat = api_str(r->json, "category");
    if (check_category(r, cat, "category")) return 0;
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_ctpl_create(&c, r->org_id, r->org_path, cat, api_str(r->json, "name"),
                          api_str(r->json, "description"), items, n, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

const struct vfield ctpl_update_spec[] = {
    {"name", V_STR, false, 1, 100, NULL},
    {"description", V_STR, false, 0, 1000, NULL},
    {"items", V_ARR, false, 1, MAX_ITEMS, NULL},
    {"deleted", V_BOOL, false, 0, 0, NULL},
};

/* PATCH of a template (tpl) or a school checklist: rename, replace the
 * items (old ones are kept, soft-deleted), soft-delete. */
static int list_update(struct req *r, bool tpl)
{
    if (VALIDATE(r, r->json, ctpl_update_spec)) return 0;
    if (!tpl && json_object_get(r->json, "description"))
        return http_error(r, 400, "unknown_field", "description", "未知字段 description");
    json_t *del = json_object_get(r->json, "deleted");
    if (del && !json_is_true(del))
        return http_error(r, 422, "invalid", "deleted", "已删除的清单不能通过此接口恢复");
    json_t *arr = json_object_get(r->json, "items");
    struct checklist_item_in *items = NULL;
    size_t n = 0;
    if (arr && read_items(r, arr, &items, &n, true)) return 0;
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    int rc = tpl ? store_ctpl_update(&c, r->id, api_str(r->json, "name"),
                                     api_str(r->json, "description"), items, n, arr != NULL,
                                     del != NULL, &after)
                 : store_checklist_update(&c, r->id, api_str(r->json, "name"), items, n,
                                          arr != NULL, del != NULL, &after);
    if (rc) return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_ctpl_update(struct req *r)
{
    return list_update(r, true);
}

int api_checklist_update(struct req *r)
{
    return list_update(r, false);
}

int api_ctpl_get(struct req *r)
{
    json_t *o = store_ctpl_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

/* ---- school checklists ---- */

int api_checklist_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_checklist_locate(s, id, path, len);
}

int api_checklist_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    json_t *res = store_checklist_list(r->store, &r->scope, http_query(r, "category"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

const struct vfield checklist_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"template_id", V_INT, false, 1, INT64_MAX, NULL},
    {"category", V_STR, false, 1, 32, NULL},
    {"name", V_STR, false, 1, 100, NULL},
    {"items", V_ARR, false, 0, MAX_ITEMS, NULL},
};

int api_checklist_create(struct req *r)
{
    if (VALIDATE(r, r->json, checklist_spec)) return 0;
    char path[96], kind[16];
    if (org_kind(r, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", "school_id", "排查清单属于学校，请选择一所学校");
    int64_t tpl = api_int(r->json, "template_id");
    const char *cat = api_str(r->json, "category"), *name = api_str(r->json, "name");
    struct checklist_item_in *items = NULL;
    size_t n = 0;
    if (tpl) {
        if (json_object_get(r->json, "items"))
            return http_error(r, 422, "invalid", "items", "从模板复制时不能同时提供检查项");
    } else {
        if (!cat) return http_error(r, 422, "required", "category", "缺少必填字段 category");
        if (!name) return http_error(r, 422, "required", "name", "缺少必填字段 name");
        if (read_items(r, json_object_get(r->json, "items"), &items, &n, true)) return 0;
        if (check_category(r, cat, "category")) return 0;
    }
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_checklist_create(&c, r->org_id, r->org_path, tpl, cat, name, items, n, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_checklist_get(struct req *r)
{
    json_t *o = store_checklist_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

/* ---- risk points ---- */

int api_rp_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_rp_locate(s, id, path, len);
}

static const char *const control_levels[] = {"school", "department", "team", "post", NULL};
static const char *const frequencies[] = {"daily", "weekly", "monthly", NULL};
static const char *const measure_keys[] = {"engineering", "management", "training",
                                           "ppe",         "emergency",  NULL};

#define RP_FIELDS                                                                                  \
    {"name", V_STR, false, 1, 100, NULL}, {"location", V_STR, false, 0, 200, NULL},                \
        {"category", V_STR, false, 1, 32, NULL}, {"hazard_factors", V_STR, false, 0, 2000, NULL},  \
        {"possible_accidents", V_STR, false, 0, 1000, NULL},                                       \
        {"control_measures", V_OBJ, false, 0, 0, NULL},                                            \
        {"control_level", V_STR, false, 0, 0, control_levels},                                     \
        {"responsible_user_id", V_INT, false, 1, INT64_MAX, NULL},                                 \
        {"responsible_name", V_STR, false, 0, 50, NULL},                                           \
        {"patrol_frequency", V_STR, false, 0, 0, frequencies},                                     \
        {"checklist_id", V_INT, false, 1, INT64_MAX, NULL},                                        \
    {                                                                                              \
        "position", V_OBJ, false, 0, 0, NULL, true /* null: off the plan */                        \
    }

const struct vfield rp_create_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    RP_FIELDS,
};
const struct vfield rp_update_spec[] = {RP_FIELDS};

/* Reads and checks the point fields of r->json into in; school is the
 * point's school (id and path). -1 after an error response. */
static int read_rp(struct req *r, struct rp_in *in, int64_t school_id, const char *school_path)
{
    json_t *j = r->json;
#define STRF(f)                                                                                    \
    in->has_##f = json_object_get(j, #f) != NULL;                                                  \
    in->f = api_str(j, #f)
    STRF(name);
    STRF(location);
    STRF(category);
    STRF(hazard_factors);
    STRF(possible_accidents);
    STRF(control_level);
    STRF(responsible_name);
    STRF(patrol_frequency);
#undef STRF
    if (in->has_category && check_category(r, in->category, "category")) return -1;
    json_t *cm = json_object_get(j, "control_measures");
    if (cm) {
        const char *key;
        json_t *v;
        json_object_foreach(cm, key, v)
        {
            const char *const *k;
            for (k = measure_keys; *k; k++)
                if (!strcmp(*k, key)) break;
            if (!*k)
                return http_error(r, 400, "unknown_field", "control_measures",
                                  "管控措施只能包含 engineering/management/training/ppe/emergency"),
                       -1;
            if (!json_is_string(v) || json_string_length(v) > 3000 ||
                strlen(json_string_value(v)) != json_string_length(v))
                return http_error(r, 422, "invalid", "control_measures",
                                  "管控措施 %s 应为不超过 1000 字的文本", key),
                       -1;
        }
        char *s = json_dumps(cm, JSON_COMPACT | JSON_SORT_KEYS);
        in->control_measures_json = arena_strdup(r->arena, s ? s : "{}");
        free(s);
        in->has_control_measures = true;
    }
    json_t *ru = json_object_get(j, "responsible_user_id");
    if (ru) {
        in->has_responsible_user_id = true;
        in->responsible_user_id = json_integer_value(ru);
        int rc = store_user_in_path(r->store, in->responsible_user_id, school_path);
        if (rc < 0) return http_store_error(r), -1;
        if (rc == 0)
            return http_error(r, 422, "invalid", "responsible_user_id", "责任人必须是本校在职人员"),
                   -1;
    }
    json_t *cl = json_object_get(j, "checklist_id");
    if (cl) {
        in->has_checklist_id = true;
        in->checklist_id = json_integer_value(cl);
        char cpath[96];
        int rc = store_checklist_locate(r->store, in->checklist_id, cpath, sizeof(cpath));
        if (rc < 0) return http_store_error(r), -1;
        if (rc == 0 || strcmp(cpath, school_path) != 0)
            return http_error(r, 422, "invalid", "checklist_id", "排查清单不存在或不属于本校"), -1;
    }
    json_t *pos = json_object_get(j, "position");
    if (json_is_null(pos)) {
        in->clear_pos = true; /* null removes the point from the plan */
    } else if (pos) {
        json_t *x = json_object_get(pos, "x"), *y = json_object_get(pos, "y");
        if (json_object_size(pos) != 2 || !json_is_number(x) || !json_is_number(y))
            return http_error(r, 400, "wrong_type", "position", "位置应为 {x, y}"), -1;
        in->pos_x = json_number_value(x);
        in->pos_y = json_number_value(y);
        if (!(in->pos_x >= 0 && in->pos_x <= 1 && in->pos_y >= 0 && in->pos_y <= 1))
            return http_error(r, 422, "range", "position",
                              "位置坐标应在 0 到 1 之间（平面图比例）"),
                   -1;
        in->has_pos = true;
    }
    (void)school_id;
    return 0;
}

const char *api_risk_qr_url(struct req *r, const char *token)
{
    return arena_printf(r->arena, "%s/#/patrol/scan/%s", api_public_url(r), token);
}

static json_t *rp_view(struct req *r, int64_t id)
{
    json_t *p = store_rp_get(r->store, id);
    if (p) {
        const char *tok = api_str(p, "qr_token");
        json_object_set_new(p, "qr_url", json_string(api_risk_qr_url(r, tok ? tok : "")));
    }
    return p;
}

/* What the store puts before a token to make a point's scan address. */
static const char *qr_prefix(struct req *r)
{
    return api_risk_qr_url(r, "");
}

int api_rp_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg)) return 0;
    const char *level = http_query(r, "level");
    enum risk_level lv;
    if (level && *level) {
        if (grading_level_parse(level, &lv))
            return http_error(r, 400, "invalid", "level", "未知的风险等级 %.20s", level);
        level = grading_level_name(lv); /* a colour names its level */
    }
    const char *q = http_query(r, "q");
    if (q && strlen(q) > 100) return http_error(r, 400, "invalid", "q", "搜索词过长");
    const char *cat = http_query(r, "category");
    if (cat && strlen(cat) > CATEGORY_CODE_MAX)
        return http_error(r, 400, "invalid", "category", "分类代码过长");
    const char *due = http_query(r, "due");
    if (due && *due && strcmp(due, "1") && strcmp(due, "0"))
        return http_error(r, 400, "invalid", "due", "due 只能是 0 或 1");
    json_t *res = store_rp_list(r->store, &r->scope, level, cat, q, due && !strcmp(due, "1"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_rp_create(struct req *r)
{
    if (VALIDATE(r, r->json, rp_create_spec)) return 0;
    if (!json_object_get(r->json, "name"))
        return http_error(r, 422, "required", "name", "缺少必填字段 name");
    if (!json_object_get(r->json, "category"))
        return http_error(r, 422, "required", "category", "缺少必填字段 category");
    char path[96], kind[16];
    if (org_kind(r, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", "school_id", "风险点属于学校，请选择一所学校");
    struct rp_in in = {0};
    if (read_rp(r, &in, r->org_id, r->org_path)) return 0;
    unsigned char raw[18];
    randombytes_buf(raw, sizeof(raw));
    char token[40];
    sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_rp_create(&c, r->org_id, r->org_path, &in, token, qr_prefix(r), &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_rp_get(struct req *r)
{
    json_t *p = rp_view(r, r->id);
    return p ? http_json(r, 200, p) : http_store_error(r);
}

int api_rp_update(struct req *r)
{
    if (VALIDATE(r, r->json, rp_update_spec)) return 0;
    /* a point never changes school: its fields are checked before the change */
    struct rp_in in = {0};
    if (read_rp(r, &in, orgtree_path_last_id(r->obj_path), r->obj_path)) return 0;
    struct change c;
    if (api_begin(r, &c)) return 0;
    json_t *after = NULL;
    if (store_rp_update(&c, r->id, &in, qr_prefix(r), &after)) return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_rp_delete(struct req *r)
{
    struct change c;
    if (api_begin(r, &c)) return 0;
    if (store_rp_delete(&c, r->id, qr_prefix(r))) return api_fail(r, &c);
    return api_commit(r, &c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}

/* ---- assessments ---- */

static const char *const methods[] = {"LEC", "LS", NULL};
const struct vfield assess_spec[] = {
    {"method", V_STR, true, 0, 0, methods}, {"l", V_NUM, true, 0, 0, NULL},
    {"e", V_NUM, false, 0, 0, NULL},        {"c", V_NUM, false, 0, 0, NULL},
    {"s", V_NUM, false, 0, 0, NULL},        {"note", V_STR, false, 0, 500, NULL},
    {"reason", V_STR, false, 0, 500, NULL},
};

int api_rp_assess(struct req *r)
{
    if (VALIDATE(r, r->json, assess_spec)) return 0;
    const char *method = api_str(r->json, "method");
    bool lec = strcmp(method, "LEC") == 0;
    json_t *l = json_object_get(r->json, "l"), *e = json_object_get(r->json, "e"),
           *c = json_object_get(r->json, "c"), *s = json_object_get(r->json, "s");
    if (lec && !e) return http_error(r, 422, "required", "e", "LEC 法需要 l、e、c 三个值");
    if (lec && !c) return http_error(r, 422, "required", "c", "LEC 法需要 l、e、c 三个值");
    if (lec && s) return http_error(r, 422, "invalid", "s", "LEC 法没有 s 值");
    if (!lec && !s) return http_error(r, 422, "required", "s", "LS 法需要 l、s 两个值");
    if (!lec && (e || c))
        return http_error(r, 422, "invalid", e ? "e" : "c", "LS 法只有 l、s 两个值");
    struct change ch;
    if (api_begin(r, &ch)) return 0;
    struct grading_thresholds t;
    if (store_grading_current(r->store, &t) < 0) return api_fail(r, &ch);
    struct rp_assessment a = {
        .method = method, .note = api_str(r->json, "note"), .thresholds_version = t.version};
    const char *bad = NULL;
    char msg[200];
    if (lec) {
        a.l = json_number_value(l);
        a.e = json_number_value(e);
        a.c = json_number_value(c);
        a.has_l = a.has_e = a.has_c = true;
        if (grading_lec(&t, a.l, a.e, a.c, &a.score, &a.level, &bad)) {
            snprintf(msg, sizeof(msg), "%s 不在 LEC 标准分值上（L: 0.1–10，E: 0.5–10，C: 1–100）",
                     bad);
            return api_refuse(r, &ch, 422, "invalid", bad, msg);
        }
    } else {
        double lv = json_number_value(l), sv = json_number_value(s);
        if (lv != floor(lv) || sv != floor(sv) || lv < 1 || lv > 5 || sv < 1 || sv > 5) {
            bool lbad = lv != floor(lv) || lv < 1 || lv > 5;
            return api_refuse(r, &ch, 422, "range", lbad ? "l" : "s",
                              "LS 法的 L、S 均为 1 到 5 的整数");
        }
        int rr = 0;
        if (grading_ls(&t, (int)lv, (int)sv, &rr, &a.level, &bad))
            return api_refuse(r, &ch, 422, "invalid", bad, "LS 取值无效");
        a.l = lv;
        a.s_val = sv;
        a.score = rr;
        a.has_l = a.has_s = true;
    }
    /* a change of level needs a reason (no silent downgrade) */
    json_t *cur = store_rp_get(r->store, r->id);
    if (!cur) return api_fail(r, &ch);
    enum risk_level old = RISK_NONE;
    if (grading_level_parse(api_str(cur, "level"), &old)) old = RISK_NONE;
    json_decref(cur);
    const char *reason = api_str(r->json, "reason");
    if (grading_change_reason_ok(old, a.level, reason)) {
        snprintf(msg, sizeof(msg), "风险等级由“%s”变为“%s”，请填写变更理由",
                 grading_level_name_zh(old), grading_level_name_zh(a.level));
        return api_refuse(r, &ch, 422, "required", "reason", msg);
    }
    char note[1100];
    if (reason && *reason) {
        const char *n0 = a.note ? a.note : "";
        snprintf(note, sizeof(note), "%s%s变更理由：%s", n0, *n0 ? "；" : "", reason);
        a.note = note;
    }
    bool school_control = false;
    json_t *after = NULL;
    int64_t aid = store_rp_assess(&ch, r->id, &a, qr_prefix(r), &school_control, &after);
    if (aid < 0) return api_fail(r, &ch);
    json_t *warnings = json_array();
    if (school_control)
        json_array_append_new(warnings,
                              json_string("重大风险须由学校层级管控，管控层级已改为“学校”"));
    if (a.level == RISK_MAJOR)
        json_array_append_new(warnings, json_string("重大风险须由校长（第一责任人）负责"));
    json_t *res =
        json_pack("{s:I, s:s, s:f, s:s, s:s, s:s, s:i, s:o, s:o}", "id", (json_int_t)aid, "method",
                  method, "score", a.score, "level", grading_level_name(a.level), "colour",
                  grading_level_colour(a.level), "level_zh", grading_level_name_zh(a.level),
                  "thresholds_version", t.version, "risk_point", after, "warnings",
                  warnings);
    return api_commit(r, &ch, 201, res);
}

int api_rp_assessments(struct req *r)
{
    json_t *items = store_rp_assessments(r->store, r->id);
    return items ? http_json(r, 200, json_pack("{s:o}", "items", items)) : http_store_error(r);
}

/* ---- QR code ---- */

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
    strbuf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int api_rp_qr(struct req *r)
{
    json_t *p = store_rp_get(r->store, r->id);
    if (!p) return http_store_error(r);
    const char *url = api_risk_qr_url(r, api_str(p, "qr_token"));
    json_decref(p);
    QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) return http_error(r, 500, "internal", NULL, "二维码生成失败");
    const int scale = 8, margin = 4;
    int size = (qr->width + 2 * margin) * scale;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                cairo_rectangle(cr, (x + margin) * scale, (y + margin) * scale, scale, scale);
    cairo_fill(cr);
    cairo_destroy(cr);
    QRcode_free(qr);
    strbuf_reset(&r->out);
    cairo_status_t st = cairo_surface_write_to_png_stream(surf, png_write, &r->out);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS) return http_error(r, 500, "internal", NULL, "二维码生成失败");
    r->status = 200;
    r->content_type = "image/png";
    http_add_header(r, "Cache-Control", "private, max-age=300");
    return 0;
}

/* GET /patrol-form/{token}: the point a scanned QR names, with its items. */
int api_patrol_form(struct req *r)
{
    const char *tok = r->seg[0];
    if (!tok || strlen(tok) > 64) return http_error(r, 404, "not_found", "token", "二维码无效");
    int64_t pid = 0;
    int rc = store_rp_token_locate(r->store, tok, &pid);
    if (rc < 0) return http_store_error(r);
    if (rc == 0) return http_error(r, 404, "not_found", "token", "二维码无效或风险点已删除");
    json_t *p = store_rp_by_token(r->store, tok);
    if (!p) return http_store_error(r);
    /* the token is an object of the point's school: outside the caller's
     * patrol.write subtrees it does not exist */
    if (!scope_contains(&r->scope, api_str(p, "org_path"))) {
        json_decref(p);
        return http_error(r, 404, "not_found", "token", "二维码无效或风险点已删除");
    }
    char now[40];
    xa_time_format(r->now, now, sizeof(now));
    json_object_set_new(p, "server_time", json_string(now));
    /* without a checklist, the point's control measures are its check
     * items (SPEC §4); they are answered by content (item_id null) */
    json_t *items = json_object_get(p, "items");
    json_t *cm = json_object_get(p, "control_measures");
    if (json_array_size(items) == 0 && json_is_object(cm)) {
        static const char *const labels[][2] = {{"engineering", "工程技术措施"},
                                                {"management", "管理措施"},
                                                {"training", "培训教育措施"},
                                                {"ppe", "个体防护措施"},
                                                {"emergency", "应急处置措施"}};
        int seq = 0;
        for (size_t i = 0; i < XA_ARRAY_LEN(labels); i++) {
            const char *v = api_str(cm, labels[i][0]);
            if (!v || !*v) continue;
            char content[200];
            snprintf(content, sizeof(content), "%s落实：%.150s", labels[i][1], v);
            json_array_append_new(items, json_pack("{s:n, s:i, s:s, s:s, s:s, s:f}", "id", "seq",
                                                   ++seq, "content", content, "standard", v,
                                                   "method", "现场检查", "weight", 1.0));
        }
    }
    return http_json(r, 200, p);
}

/* ---- the four-colour map ---- */

int api_risk_map(struct req *r)
{
    int64_t org = r->org_id;
    char path[96];
    if (!org) {
        if (r->scope.n != 1) return http_error(r, 422, "required", "org", "请指定机构（org）");
        snprintf(path, sizeof(path), "%s", r->scope.path[0]);
        org = orgtree_path_last_id(path);
    } else {
        snprintf(path, sizeof(path), "%s", r->org_path);
    }
    char kind[16], p2[96];
    int rc = org_kind(r, org, p2, sizeof(p2), kind, sizeof(kind));
    if (rc < 0) return http_store_error(r);
    if (rc == 0) return http_error(r, 404, "not_found", "org", "组织机构不存在");
    json_t *m = strcmp(kind, "school") == 0 ? store_risk_map_school(r->store, org)
                                            : store_risk_map_region(r->store, org, p2);
    return m ? http_json(r, 200, m) : http_store_error(r);
}

/* ---- campus plans ---- */

int api_campus_plan_put(struct req *r)
{
    char path[96], kind[16];
    if (org_kind(r, r->id, path, sizeof(path), kind, sizeof(kind)) != 1) return http_store_error(r);
    if (strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", "id", "校园平面图只能上传到学校");
    struct change c;
    if (api_begin(r, &c)) return 0;
    int64_t photo = 0, elsewhere = 0;
    bool reused = false;
    if (api_photo_store(r, r->id, r->obj_path, &photo, &reused, &elsewhere)) {
        store_change_abort(&c); /* answered */
        return 0;
    }
    json_t *after = NULL;
    if (store_campus_plan_set(&c, r->id, r->obj_path, photo, &after) < 0) return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_campus_plan_get(struct req *r)
{
    int64_t photo = 0;
    int rc = store_campus_plan_photo(r->store, r->id, &photo);
    if (rc < 0) return http_store_error(r);
    if (rc == 0) return http_error(r, 404, "not_found", "campus_plan", "尚未上传校园平面图");
    json_t *p = store_campus_plan_get(r->store, r->id);
    if (!p) return http_store_error(r);
    return http_json(r, 200, p);
}
