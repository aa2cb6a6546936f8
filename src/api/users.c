/*
 * users.c - /api/v1/users: accounts and their role bindings.
 *
 * A user belongs to one org; each role is bound to that org or a node below
 * it. Whoever creates or changes a user must hold user.write over every node
 * a role is bound to, so nobody can hand out more than they hold.
 */
#include "core/compat.h"
#include "api/api.h"
#include "domain/password.h"
#include "domain/perm.h"
#include "domain/push.h"

int api_user_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_user_locate(s, id, path, len);
}

static const char *const role_names[] = {"bureau_admin", "inspector", "principal",
                                         "safety_officer", "staff", "auditor", NULL};

static const struct vfield role_spec[] = {
    {"role", V_STR, true, 0, 0, role_names},
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
};

static bool username_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return false;
    return true;
}

/* Validates the roles array against the user's org path; fills out. */
static int read_roles(struct req *r, json_t *arr, const char *user_path, struct role_in *out,
                      size_t *n)
{
    size_t i;
    json_t *ro;
    *n = 0;
    json_array_foreach(arr, i, ro)
    {
        if (http_validate(r, ro, role_spec, XA_ARRAY_LEN(role_spec)))
            return -1;
        char path[96], kind[16];
        int64_t oid = api_int(ro, "org_id");
        int rc = store_org_locate(r->store, oid, path, sizeof(path), kind, sizeof(kind));
        if (rc < 0)
            return http_store_error(r), -1;
        if (rc == 0 || !req_sees(r, path))
            return http_error(r, 404, "not_found", "roles", "角色所在机构不存在"), -1;
        if (!req_can(r, PERM_USER_WRITE, path))
            return http_error(r, 403, "forbidden", "roles", "无权在该机构分配角色"), -1;
        if (strncmp(path, user_path, strlen(user_path)) != 0)
            return http_error(r, 422, "invalid", "roles", "角色只能绑定在用户所属机构或其下级"),
                   -1;
        const char *role = api_str(ro, "role");
        if (!perm_role_fits_kind(role, kind))
            return http_error(r, 422, "invalid", "roles", "%s 角色不能绑定在%s类型的机构上",
                              perm_role(role)->zh, kind),
                   -1;
        out[*n].role = role;
        out[*n].org_id = oid;
        out[*n].org_path = arena_strdup(r->arena, path);
        (*n)++;
    }
    return 0;
}

const struct vfield user_create_spec[] = {
    {"username", V_STR, true, 3, 32, NULL},
    {"password", V_STR, true, 8, 128, NULL},
    {"name", V_STR, true, 1, 32, NULL},
    {"phone", V_STR, false, 0, 20, NULL},
    {"email", V_STR, false, 0, 254, NULL},
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"roles", V_ARR, true, 1, 4, NULL},
};

int api_user_create(struct req *r)
{
    if (VALIDATE(r, r->json, user_create_spec))
        return 0;
    struct user_in in = {0};
    in.username = api_str(r->json, "username");
    if (!username_ok(in.username))
        return http_error(r, 422, "invalid", "username",
                          "用户名为 3 到 32 位字母、数字或 _ . -");
    in.name = api_str(r->json, "name");
    in.phone = api_str(r->json, "phone");
    in.email = api_str(r->json, "email");
    if (in.email && *in.email && !push_email_ok(in.email))
        return http_error(r, 422, "invalid", "email", "邮箱地址格式不正确");
    in.org_id = r->org_id;
    in.org_path = r->org_path;
    struct role_in roles[4];
    if (read_roles(r, json_object_get(r->json, "roles"), r->org_path, roles, &in.nroles))
        return 0;
    in.roles = roles;
    const char *why = password_problem(api_str(r->json, "password"), in.username);
    if (why)
        return http_error(r, 422, "weak_password", "password", "%s", why);
    /* the administrator knows this password: the user replaces it first */
    in.must_change = true;
    char hash[256];
    if (api_hash_password(api_str(r->json, "password"), hash, sizeof(hash)))
        return http_error(r, 500, "internal", NULL, "密码处理失败");
    in.pass_hash = hash;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_user_create(&c, &in, &after) < 0)
        return api_fail_unique(r, &c, "username", "用户名已存在");
    return api_commit(r, &c, 201, after);
}

const struct vfield user_update_spec[] = {
    {"name", V_STR, false, 1, 32, NULL},
    {"phone", V_STR, false, 0, 20, NULL},
    {"email", V_STR, false, 0, 254, NULL},
    {"password", V_STR, false, 8, 128, NULL},
    {"active", V_BOOL, false, 0, 0, NULL},
    {"roles", V_ARR, false, 1, 4, NULL},
};

int api_user_update(struct req *r)
{
    if (VALIDATE(r, r->json, user_update_spec))
        return 0;
    struct user_in in = {0};
    in.has_name = json_object_get(r->json, "name") != NULL;
    in.name = api_str(r->json, "name");
    in.has_phone = json_is_string(json_object_get(r->json, "phone"));
    in.phone = api_str(r->json, "phone");
    in.has_email = json_is_string(json_object_get(r->json, "email"));
    in.email = api_str(r->json, "email");
    if (in.email && *in.email && !push_email_ok(in.email))
        return http_error(r, 422, "invalid", "email", "邮箱地址格式不正确");
    json_t *active = json_object_get(r->json, "active");
    in.has_active = active != NULL;
    in.active = json_is_true(active);
    if (in.has_active && !in.active && r->id == r->user->id)
        return http_error(r, 422, "invalid", "active", "不能停用自己的账号");
    struct role_in roles[4];
    json_t *jroles = json_object_get(r->json, "roles");
    if (jroles) {
        if (read_roles(r, jroles, r->obj_path, roles, &in.nroles))
            return 0;
        in.has_roles = true;
        in.roles = roles;
    }
    char hash[256];
    const char *pw = api_str(r->json, "password");
    if (pw) {
        json_t *cur = store_user_get(r->store, r->id);
        if (!cur)
            return http_store_error(r);
        const char *why = password_problem(pw, api_str(cur, "username"));
        json_decref(cur);
        if (why)
            return http_error(r, 422, "weak_password", "password", "%s", why);
        /* a reset by someone else must be replaced at the next login */
        in.must_change = r->id != r->user->id;
        if (api_hash_password(pw, hash, sizeof(hash)))
            return http_error(r, 500, "internal", NULL, "密码处理失败");
        in.has_pass = true;
        in.pass_hash = hash;
    }
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_user_update(&c, r->id, &in, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_user_get(struct req *r)
{
    json_t *u = store_user_get(r->store, r->id);
    return u ? http_json(r, 200, u) : http_store_error(r);
}

int api_user_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    json_t *res = store_user_list(r->store, &r->scope, r->org_id ? r->org_path : NULL,
                                  http_query(r, "q"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}
