/*
 * resp.c - /api/v1 resp-templates, resp-lists, resp-letters, grid-zones:
 * the responsibility system (SPEC §6). Access is the route table's; the
 * handlers check the fields and the relations between the objects named
 * (a list's template is set at the org or above, a letter's addressee is a
 * user of the issuing org's subtree, a zone's person and points belong to
 * its school).
 */
#include "core/compat.h"
#include "domain/orgtree.h"
#include "api/api_resp.h"
#include "core/timeutil.h"
#include "store/store_resp.h"

#define MAX_ITEMS 200
#define MAX_PEOPLE 500

static const char *const resp_kinds[] = {"level", "post", NULL};
static const char *const resp_levels[] = {"county", "township", "school", NULL};
/* posts of a school (岗位) */
static const char *const resp_posts[] = {
    "principal", "party_secretary", "vice_principal", "safety_officer", "dean", "class_teacher",
    "teacher",   "pe_teacher",      "lab_teacher",    "doorkeeper",     "security", "canteen",
    "driver",    "dorm_keeper",     "school_doctor",  "logistics",      "other", NULL,
};

static bool in_list(const char *const *l, const char *v)
{
    for (; v && *l; l++)
        if (strcmp(*l, v) == 0)
            return true;
    return false;
}

static bool path_under(const char *path, const char *root)
{
    return strncmp(path, root, strlen(root)) == 0;
}

/* Reads items: a non-empty array of duty texts; -1 after an error answer. */
static int read_texts(struct req *r, json_t *arr, const char *name, const char ***out, size_t *n)
{
    *n = json_array_size(arr);
    if (*n == 0)
        return http_error(r, 422, "required", name, "至少需要一条责任条目"), -1;
    *out = arena_alloc(r->arena, sizeof(char *) * *n);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char field[48];
        snprintf(field, sizeof(field), "%s[%zu]", name, i);
        const char *t = json_string_value(v);
        if (!json_is_string(v))
            return http_error(r, 400, "wrong_type", field, "%s 应为文字", field), -1;
        size_t len = strlen(t);
        while (len && (t[len - 1] == ' ' || t[len - 1] == '\n'))
            len--;
        if (len == 0 || len > 2000 || strlen(t) != json_string_length(v))
            return http_error(r, 422, "length", field, "责任条目不能为空且不超过 2000 字节"), -1;
        (*out)[i] = t;
    }
    return 0;
}

/* Reads an array of positive ids without repeats; -1 after an error answer. */
static int read_ids(struct req *r, json_t *arr, const char *name, int64_t **out, size_t *n)
{
    *n = json_array_size(arr);
    *out = arena_alloc(r->arena, sizeof(int64_t) * (*n ? *n : 1));
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char field[48];
        snprintf(field, sizeof(field), "%s[%zu]", name, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return http_error(r, 400, "wrong_type", field, "%s 应为正整数 id", field), -1;
        (*out)[i] = json_integer_value(v);
        for (size_t j = 0; j < i; j++)
            if ((*out)[j] == (*out)[i])
                return http_error(r, 422, "duplicate", field, "%s 重复", field), -1;
    }
    return 0;
}

/* The kind of org org_id: 1 ok, else -1 after an answer. */
static int org_kind_of(struct req *r, int64_t org_id, char *kind, size_t klen)
{
    char path[96];
    int rc = store_org_locate(r->store, org_id, path, sizeof(path), kind, klen);
    if (rc != 1)
        return http_store_error(r), -1;
    return 1;
}

/* Checks users named in field[] are live users of exactly org_id
 * (same_org) or of its subtree; -1 after an answer (404 outside). */
static int check_people(struct req *r, const int64_t *ids, size_t n, const char *name,
                        int64_t org_id, const char *org_path, bool same_org)
{
    for (size_t i = 0; i < n; i++) {
        char field[48], path[96];
        int64_t uorg = 0;
        snprintf(field, sizeof(field), "%s[%zu]", name, i);
        int rc = store_resp_user(r->store, ids[i], &uorg, path, sizeof(path), NULL, 0);
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 0 || !req_sees(r, path) || !path_under(path, org_path))
            return http_error(r, 404, "not_found", field, "用户不存在或不属于该单位"), -1;
        if (same_org && uorg != org_id)
            return http_error(r, 422, "invalid", field, "只能指定本单位的人员"), -1;
    }
    return 0;
}

/* ================= templates ================= */

int api_rtpl_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_rtpl_locate(s, id, path, len);
}

static int check_target(struct req *r, const char *kind, const char *target)
{
    if (strcmp(kind, "level") == 0 ? !in_list(resp_levels, target) : !in_list(resp_posts, target))
        return http_error(r, 422, "invalid", "target",
                          strcmp(kind, "level") == 0 ? "层级应为 county、township 或 school"
                                                     : "未知的岗位 %s",
                          target),
               -1;
    return 0;
}

int api_rtpl_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *kind = http_query(r, "kind");
    if (kind && *kind && !in_list(resp_kinds, kind))
        return http_error(r, 400, "invalid", "kind", "kind 应为 level 或 post");
    json_t *res = store_rtpl_list(r->store, &r->scope, kind, http_query(r, "target"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

const struct vfield rtpl_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"kind", V_STR, true, 0, 0, resp_kinds},
    {"target", V_STR, true, 1, 32, NULL},
    {"name", V_STR, true, 1, 100, NULL},
    {"description", V_STR, false, 0, 1000, NULL},
    {"items", V_ARR, true, 1, MAX_ITEMS, NULL},
};

int api_rtpl_create(struct req *r)
{
    if (VALIDATE(r, r->json, rtpl_spec))
        return 0;
    const char *kind = api_str(r->json, "kind"), *target = api_str(r->json, "target");
    if (check_target(r, kind, target))
        return 0;
    char okind[16];
    if (org_kind_of(r, r->org_id, okind, sizeof(okind)) < 0)
        return 0;
    if (strcmp(okind, "school") == 0)
        return http_error(r, 422, "invalid", "org_id", "责任清单模板由教育局制定，学校请直接建立本校清单");
    const char **items;
    size_t n;
    if (read_texts(r, json_object_get(r->json, "items"), "items", &items, &n))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_rtpl_create(&c, r->org_id, r->org_path, kind, target, api_str(r->json, "name"),
                          api_str(r->json, "description"), items, n, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_rtpl_get(struct req *r)
{
    json_t *o = store_rtpl_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

const struct vfield rtpl_update_spec[] = {
    {"name", V_STR, false, 1, 100, NULL},
    {"description", V_STR, false, 0, 1000, NULL},
    {"items", V_ARR, false, 1, MAX_ITEMS, NULL},
    {"deleted", V_BOOL, false, 0, 0, NULL},
};

int api_rtpl_update(struct req *r)
{
    if (VALIDATE(r, r->json, rtpl_update_spec))
        return 0;
    const char **items = NULL;
    size_t n = 0;
    json_t *ji = json_object_get(r->json, "items");
    if (ji && read_texts(r, ji, "items", &items, &n))
        return 0;
    bool del = json_is_true(json_object_get(r->json, "deleted"));
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_rtpl_update(&c, r->id, api_str(r->json, "name"), api_str(r->json, "description"),
                          ji != NULL, items, n, del, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ================= org lists ================= */

int api_rlist_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_rlist_locate(s, id, path, len);
}

int api_rlist_list(struct req *r)
{
    struct page pg;
    int64_t holder;
    if (http_page(r, &pg) || http_query_id(r, "holder_id", &holder))
        return 0;
    const char *kind = http_query(r, "kind");
    if (kind && *kind && !in_list(resp_kinds, kind))
        return http_error(r, 400, "invalid", "kind", "kind 应为 level 或 post");
    json_t *res = store_rlist_list(r->store, &r->scope, kind, http_query(r, "target"), holder, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

const struct vfield rlist_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"template_id", V_INT, false, 1, INT64_MAX, NULL},
    {"kind", V_STR, false, 0, 0, resp_kinds},
    {"target", V_STR, false, 1, 32, NULL},
    {"name", V_STR, false, 1, 100, NULL},
    {"items", V_ARR, false, 1, MAX_ITEMS, NULL},
    {"holder_ids", V_ARR, false, 0, 100, NULL},
};

/* A list for kind/target fits an org of okind: a level list names the
 * org's own level, a post list belongs to a school. */
static int check_fit(struct req *r, const char *kind, const char *target, const char *okind,
                     const char *field)
{
    if (strcmp(kind, "level") == 0 && strcmp(target, okind) != 0)
        return http_error(r, 422, "invalid", field, "%s 级责任清单不能用于 %s 类型的单位", target,
                          okind),
               -1;
    if (strcmp(kind, "post") == 0 && strcmp(okind, "school") != 0)
        return http_error(r, 422, "invalid", field, "岗位责任清单属于学校，请选择一所学校"), -1;
    return 0;
}

int api_rlist_create(struct req *r)
{
    if (VALIDATE(r, r->json, rlist_spec))
        return 0;
    char okind[16];
    if (org_kind_of(r, r->org_id, okind, sizeof(okind)) < 0)
        return 0;
    int64_t tpl = api_int(r->json, "template_id");
    const char *kind = api_str(r->json, "kind"), *target = api_str(r->json, "target");
    const char *name = api_str(r->json, "name");
    const char **items = NULL;
    size_t n = 0;
    json_t *tj = NULL;
    if (tpl) {
        if (json_object_get(r->json, "items"))
            return http_error(r, 422, "invalid", "items", "从模板生成时条目来自模板，生成后再修改");
        char tpath[96];
        int rc = store_rtpl_locate(r->store, tpl, tpath, sizeof(tpath));
        if (rc < 0)
            return http_store_error(r);
        /* the template must be set at the org or above it */
        if (rc == 0 || !path_under(r->org_path, tpath))
            return http_error(r, 404, "not_found", "template_id", "责任清单模板不存在");
        tj = store_rtpl_get(r->store, tpl);
        if (!tj)
            return http_store_error(r);
        kind = api_str(tj, "kind");
        target = api_str(tj, "target");
        if (check_fit(r, kind, target, okind, "template_id")) {
            json_decref(tj);
            return 0;
        }
    } else {
        if (!kind)
            return http_error(r, 422, "required", "kind", "缺少必填字段 kind（或选择模板 template_id）");
        if (!target)
            return http_error(r, 422, "required", "target", "缺少必填字段 target");
        if (!name)
            return http_error(r, 422, "required", "name", "缺少必填字段 name");
        if (!json_object_get(r->json, "items"))
            return http_error(r, 422, "required", "items", "缺少必填字段 items");
        if (check_target(r, kind, target) || check_fit(r, kind, target, okind, "target") ||
            read_texts(r, json_object_get(r->json, "items"), "items", &items, &n))
            return 0;
    }
    int64_t *holders = NULL;
    size_t nh = 0;
    if (read_ids(r, json_object_get(r->json, "holder_ids"), "holder_ids", &holders, &nh) ||
        check_people(r, holders, nh, "holder_ids", r->org_id, r->org_path, true)) {
        json_decref(tj);
        return 0;
    }
    char kbuf[16], tbuf[64];
    snprintf(kbuf, sizeof(kbuf), "%s", kind);
    snprintf(tbuf, sizeof(tbuf), "%s", target);
    json_decref(tj);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_rlist_create(&c, r->org_id, r->org_path, tpl, kbuf, tbuf, name, items, n, holders,
                           nh, &after) < 0)
        return api_fail_unique(r, &c, tpl ? "template_id" : "target",
                               "该单位已有这一层级/岗位的责任清单");
    return api_commit(r, &c, 201, after);
}

int api_rlist_get(struct req *r)
{
    json_t *o = store_rlist_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

const struct vfield rlist_update_spec[] = {
    {"name", V_STR, false, 1, 100, NULL},
    {"items", V_ARR, false, 1, MAX_ITEMS, NULL},
    {"holder_ids", V_ARR, false, 0, 100, NULL},
    {"deleted", V_BOOL, false, 0, 0, NULL},
};

int api_rlist_update(struct req *r)
{
    if (VALIDATE(r, r->json, rlist_update_spec))
        return 0;
    const char **items = NULL;
    size_t n = 0, nh = 0;
    int64_t *holders = NULL;
    json_t *ji = json_object_get(r->json, "items"), *jh = json_object_get(r->json, "holder_ids");
    if (ji && read_texts(r, ji, "items", &items, &n))
        return 0;
    if (jh && read_ids(r, jh, "holder_ids", &holders, &nh))
        return 0;
    bool del = json_is_true(json_object_get(r->json, "deleted"));
    /* a list never moves: its holders are checked against its org first */
    if (jh && check_people(r, holders, nh, "holder_ids", orgtree_path_last_id(r->obj_path), r->obj_path,
                           true))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_rlist_update(&c, r->id, api_str(r->json, "name"), ji != NULL, items, n, jh != NULL,
                           holders, nh, del, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ================= letters ================= */

int api_letter_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_letter_locate(s, id, path, len);
}

int api_letter_issuer_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_letter_issuer_locate(s, id, path, len);
}

static int this_year(int64_t now)
{
    int y;
    unsigned m, d;
    xa_civil_from_days((now + XA_TZ_OFFSET_MS) / XA_DAY_MS, &y, &m, &d);
    return y;
}

/* ?year= (0 when absent); -1 after an answer. */
static int query_year(struct req *r, int *year)
{
    const char *v = http_query(r, "year");
    *year = 0;
    if (!v || !*v)
        return 0;
    char *end;
    long y = strtol(v, &end, 10);
    if (*end || y < 2000 || y > 2100)
        return http_error(r, 400, "invalid", "year", "year 应为 2000 到 2100 之间的年份"), -1;
    *year = (int)y;
    return 0;
}

static const char *const letter_states[] = {"pending", "signed", NULL};

int api_letter_list(struct req *r)
{
    struct page pg;
    int64_t issuer, user;
    int year;
    if (http_page(r, &pg) || http_query_id(r, "issuer", &issuer) ||
        http_query_id(r, "user_id", &user) || query_year(r, &year))
        return 0;
    const char *st = http_query(r, "status");
    if (st && *st && !in_list(letter_states, st))
        return http_error(r, 400, "invalid", "status", "status 应为 pending 或 signed");
    json_t *res = store_letter_list(r->store, &r->scope, year, st, issuer, user, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_letter_mine(struct req *r)
{
    struct page pg;
    int year;
    if (http_page(r, &pg) || query_year(r, &year))
        return 0;
    struct scope all = {0};
    scope_add(&all, "/");
    json_t *res = store_letter_list(r->store, &all, year, NULL, 0, r->user->id, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_letter_progress(struct req *r)
{
    int64_t issuer;
    int year;
    if (http_query_id(r, "issuer", &issuer) || query_year(r, &year))
        return 0;
    if (!year)
        year = this_year(r->now);
    json_t *o = store_letter_progress(r->store, &r->scope, year, issuer);
    if (!o)
        return http_store_error(r);
    int64_t total = api_int(o, "total"), sig = api_int(o, "signed");
    json_object_set_new(o, "year", json_integer(year));
    json_object_set_new(o, "rate", json_real(total ? (double)sig / (double)total : 0.0));
    return http_json(r, 200, o);
}

const struct vfield letter_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"year", V_INT, true, 2000, 2100, NULL},
    {"title", V_STR, false, 1, 100, NULL},
    {"content", V_STR, false, 0, 20000, NULL},
    {"list_id", V_INT, false, 1, INT64_MAX, NULL},
    {"user_ids", V_ARR, true, 1, MAX_PEOPLE, NULL},
};

/* The text of a list: its items numbered one per line (arena). */
static const char *list_text(struct req *r, json_t *list)
{
    struct strbuf sb;
    strbuf_init(&sb, 256);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(list, "items"), i, it)
        strbuf_addf(&sb, "%zu. %s\n", i + 1, json_string_value(json_object_get(it, "content")));
    const char *out = arena_strndup(r->arena, sb.buf, sb.len);
    strbuf_release(&sb);
    return out;
}

int api_letter_create(struct req *r)
{
    if (VALIDATE(r, r->json, letter_spec))
        return 0;
    int year = (int)api_int(r->json, "year");
    int64_t list_id = api_int(r->json, "list_id");
    const char *content = api_str(r->json, "content");
    char title[160];
    if (api_str(r->json, "title"))
        snprintf(title, sizeof(title), "%s", api_str(r->json, "title"));
    else
        snprintf(title, sizeof(title), "%d 年度安全工作目标责任书", year);
    int64_t *users;
    size_t n;
    if (read_ids(r, json_object_get(r->json, "user_ids"), "user_ids", &users, &n))
        return 0;
    if (list_id) {
        char lpath[96];
        int rc = store_rlist_locate(r->store, list_id, lpath, sizeof(lpath));
        if (rc < 0)
            return http_store_error(r);
        if (rc == 0 || !path_under(lpath, r->org_path))
            return http_error(r, 404, "not_found", "list_id", "责任清单不存在");
        if (!content || !*content) {
            json_t *l = store_rlist_get(r->store, list_id);
            if (!l)
                return http_store_error(r);
            content = list_text(r, l);
            json_decref(l);
        }
    } else if (!content || !*content) {
        return http_error(r, 422, "required", "content", "请填写责任书内容或选择责任清单");
    }
    if (check_people(r, users, n, "user_ids", r->org_id, r->org_path, false))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (users[i] == r->user->id) {
            char field[48];
            snprintf(field, sizeof(field), "user_ids[%zu]", i);
            return http_error(r, 422, "invalid", field, "不能向自己发放责任书");
        }
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        char field[48], upath[96], msg[120];
        snprintf(field, sizeof(field), "user_ids[%zu]", i);
        int64_t uorg = 0, dup = 0;
        int rc = store_letter_find(r->store, users[i], year, &dup);
        if (rc == 1) {
            json_decref(out);
            snprintf(msg, sizeof(msg), "该人员 %d 年度的责任书已经发放过", year);
            return api_refuse(r, &c, 409, "conflict", arena_strdup(r->arena, field), msg);
        }
        if (rc < 0 || store_resp_user(r->store, users[i], &uorg, upath, sizeof(upath), NULL, 0) != 1) {
            json_decref(out);
            return api_fail(r, &c);
        }
        struct letter_in in = {
            .year = year,
            .issuer_org_id = r->org_id,
            .issuer_path = r->org_path,
            .user_id = users[i],
            .org_id = uorg,
            .org_path = upath,
            .list_id = list_id,
            .title = title,
            .content = content,
        };
        json_t *after = NULL;
        if (store_letter_create(&c, &in, &after) < 0) {
            json_decref(out);
            return api_fail_unique(r, &c, arena_strdup(r->arena, field),
                                   "该人员本年度的责任书已经发放过");
        }
        json_array_append_new(out, after);
    }
    return api_commit(r, &c, 201, json_pack("{s:o, s:I}", "items", out, "count", (json_int_t)n));
}

int api_letter_get(struct req *r)
{
    json_t *o = store_letter_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

const struct vfield sign_spec[] = {
    {"note", V_STR, false, 0, 200, NULL},
};

int api_letter_sign(struct req *r)
{
    if (r->json && VALIDATE(r, r->json, sign_spec))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_letter_sign(&c, r->id, r->json ? api_str(r->json, "note") : NULL, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_letter_withdraw(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_letter_withdraw(&c, r->id))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}

/* ================= grid zones ================= */

int api_zone_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_zone_locate(s, id, path, len);
}

int api_zone_list(struct req *r)
{
    struct page pg;
    int64_t resp;
    if (http_page(r, &pg) || http_query_id(r, "responsible_user_id", &resp))
        return 0;
    json_t *res = store_zone_list(r->store, &r->scope, resp, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

const struct vfield zone_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"name", V_STR, true, 1, 64, NULL},
    {"description", V_STR, false, 0, 1000, NULL},
    {"responsible_user_id", V_INT, true, 1, INT64_MAX, NULL},
    {"patrol_frequency", V_STR, false, 0, 64, NULL},
    {"patrol_plan_id", V_INT, false, 1, INT64_MAX, NULL},
    {"risk_point_ids", V_ARR, false, 0, 500, NULL},
};

const struct vfield zone_update_spec[] = {
    {"name", V_STR, false, 1, 64, NULL},
    {"description", V_STR, false, 0, 1000, NULL},
    {"responsible_user_id", V_INT, false, 1, INT64_MAX, NULL},
    {"patrol_frequency", V_STR, false, 0, 64, NULL},
    {"patrol_plan_id", V_INT, false, 1, INT64_MAX, NULL},
    {"risk_point_ids", V_ARR, false, 0, 500, NULL},
};

/* Reads and checks a zone body against its school (org_id, path) and the
 * zone itself (0 on create); -1 after an answer. */
static int read_zone(struct req *r, int64_t org_id, const char *path, int64_t zone_id,
                     struct zone_in *in, int64_t **pts, size_t *np, bool *has_pts)
{
    json_t *j = r->json;
    in->name = api_str(j, "name");
    in->has_name = in->name != NULL;
    in->description = api_str(j, "description");
    in->has_description = in->description != NULL;
    in->patrol_frequency = api_str(j, "patrol_frequency");
    in->has_patrol_frequency = in->patrol_frequency != NULL;
    in->responsible_user_id = api_int(j, "responsible_user_id");
    in->has_responsible = in->responsible_user_id != 0;
    in->has_patrol_plan = json_object_get(j, "patrol_plan_id") != NULL;
    in->patrol_plan_id = api_int(j, "patrol_plan_id");
    if (in->has_responsible) {
        int64_t one = in->responsible_user_id;
        int64_t uorg = 0;
        char upath[96];
        int rc = store_resp_user(r->store, one, &uorg, upath, sizeof(upath), NULL, 0);
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 0 || uorg != org_id)
            return http_error(r, 422, "invalid", "responsible_user_id",
                              "网格负责人必须是本校的在职人员（实名）"),
                   -1;
    }
    if (in->patrol_plan_id) {
        int64_t porg = 0;
        int rc = store_zone_plan_org(r->store, in->patrol_plan_id, &porg);
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 0 || porg != org_id)
            return http_error(r, 422, "invalid", "patrol_plan_id", "巡查计划不属于该学校"), -1;
    }
    json_t *jp = json_object_get(j, "risk_point_ids");
    *has_pts = jp != NULL;
    *np = 0;
    if (jp && read_ids(r, jp, "risk_point_ids", pts, np))
        return -1;
    for (size_t i = 0; i < *np; i++) {
        char field[48];
        snprintf(field, sizeof(field), "risk_point_ids[%zu]", i);
        int64_t rorg = 0, other = 0;
        int rc = store_zone_rp_org(r->store, (*pts)[i], &rorg);
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 0 || rorg != org_id)
            return http_error(r, 422, "invalid", field, "风险点不存在或不属于该学校"), -1;
        rc = store_zone_of_point(r->store, (*pts)[i], zone_id, &other);
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 1)
            return http_error(r, 409, "conflict", field, "该风险点已划入其他网格（一个风险点只能属于一个网格）"),
                   -1;
    }
    (void)path;
    return 0;
}

int api_zone_create(struct req *r)
{
    if (VALIDATE(r, r->json, zone_spec))
        return 0;
    char okind[16];
    if (org_kind_of(r, r->org_id, okind, sizeof(okind)) < 0)
        return 0;
    if (strcmp(okind, "school") != 0)
        return http_error(r, 422, "invalid", "school_id", "网格属于学校，请选择一所学校");
    struct zone_in in = {0};
    int64_t *pts = NULL;
    size_t np = 0;
    bool has_pts;
    if (read_zone(r, r->org_id, r->org_path, 0, &in, &pts, &np, &has_pts))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_zone_create(&c, r->org_id, r->org_path, &in, pts, np, &after) < 0)
        return api_fail_unique(r, &c, "name", "本校已有同名网格");
    return api_commit(r, &c, 201, after);
}

int api_zone_get(struct req *r)
{
    json_t *o = store_zone_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_zone_update(struct req *r)
{
    if (VALIDATE(r, r->json, zone_update_spec))
        return 0;
    /* a zone never changes school: the body is checked against it first */
    struct zone_in in = {0};
    int64_t *pts = NULL;
    size_t np = 0;
    bool has_pts;
    if (read_zone(r, orgtree_path_last_id(r->obj_path), r->obj_path, r->id, &in, &pts, &np, &has_pts))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_zone_update(&c, r->id, &in, has_pts, pts, np, &after))
        return api_fail_unique(r, &c, "name", "本校已有同名网格");
    return api_commit(r, &c, 200, after);
}

int api_zone_delete(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_zone_delete(&c, r->id))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}
