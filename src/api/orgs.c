/*
 * orgs.c - /api/v1/orgs: the org tree.
 */
#include "core/compat.h"
#include "api/api.h"
#include "domain/orgtree.h"

int api_org_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_org_locate(s, id, path, len, NULL, 0);
}

const struct vfield org_create_spec[] = {
    {"parent_id", V_INT, true, 1, INT64_MAX, NULL},
    {"kind", V_STR, true, 0, 0, orgtree_kinds},
    {"name", V_STR, true, 1, 64, NULL},
    {"code", V_STR, true, 1, 16, NULL},
    {"school_type", V_NULLSTR, false, 0, 0, orgtree_school_types},
    {"students", V_INT, false, 0, 1000000, NULL},
    {"classes", V_INT, false, 0, 100000, NULL},
    {"staff", V_INT, false, 0, 100000, NULL},
    {"address", V_STR, false, 0, 200, NULL},
};

const struct vfield org_update_spec[] = {
    {"name", V_STR, false, 1, 64, NULL},
    {"code", V_STR, false, 1, 16, NULL},
    {"school_type", V_NULLSTR, false, 0, 0, orgtree_school_types},
    {"students", V_INT, false, 0, 1000000, NULL},
    {"classes", V_INT, false, 0, 100000, NULL},
    {"staff", V_INT, false, 0, 100000, NULL},
    {"address", V_STR, false, 0, 200, NULL},
    {"doc_prefix", V_STR, false, 0, 16, NULL},
};

static void read_counts(json_t *j, struct org_in *in)
{
    in->has_name = json_object_get(j, "name") != NULL;
    in->name = api_str(j, "name");
    in->has_code = json_object_get(j, "code") != NULL;
    in->code = api_str(j, "code");
    in->has_school_type = json_object_get(j, "school_type") != NULL;
    in->school_type = api_str(j, "school_type");
    in->has_address = json_object_get(j, "address") != NULL;
    in->address = api_str(j, "address");
    in->has_students = json_object_get(j, "students") != NULL;
    in->students = api_int(j, "students");
    in->has_classes = json_object_get(j, "classes") != NULL;
    in->classes = api_int(j, "classes");
    in->has_staff = json_object_get(j, "staff") != NULL;
    in->staff = api_int(j, "staff");
    in->has_doc_prefix = json_object_get(j, "doc_prefix") != NULL;
    in->doc_prefix = api_str(j, "doc_prefix");
}

/* Kind-dependent rules shared by create and update. */
static int check_org_fields(struct req *r, const char *kind, const struct org_in *in)
{
    if (in->has_code && !orgtree_code_valid(kind, in->code))
        return http_error(r, 422, "invalid", "code",
                          strcmp(kind, "school") == 0     ? "学校标识码应为 10 位数字"
                          : strcmp(kind, "township") == 0 ? "乡镇代码应为 9 位数字"
                                                          : "行政区划代码应为 6 位数字（GB/T 2260）"),
               -1;
    bool school = strcmp(kind, "school") == 0;
    if (school && in->has_school_type && !in->school_type)
        return http_error(r, 422, "required", "school_type", "学校必须填写办学类型"), -1;
    if (!school && in->has_school_type && in->school_type)
        return http_error(r, 422, "invalid", "school_type", "只有学校才有办学类型"), -1;
    if (in->has_doc_prefix && (school || strcmp(kind, "township") == 0))
        return http_error(r, 422, "invalid", "doc_prefix", "只有教育局（县、市、省）才有发文字号"),
               -1;
    if (in->has_doc_prefix && in->doc_prefix &&
        (strchr(in->doc_prefix, ' ') || strstr(in->doc_prefix, "〔") || strchr(in->doc_prefix, '[')))
        return http_error(r, 422, "invalid", "doc_prefix",
                          "发文字号前缀只写机关代字，如“华教安”，不含年份和括号"),
               -1;
    if (!school && (in->students || in->classes || in->staff))
        return http_error(r, 422, "invalid", in->students ? "students" : in->classes ? "classes" : "staff",
                          "学生、班级、教职工人数只能填写在学校上"),
               -1;
    return 0;
}

int api_org_list(struct req *r)
{
    struct page pg;
    int64_t parent_id;
    if (http_page(r, &pg) || http_query_id(r, "parent_id", &parent_id))
        return 0;
    const char *kind = http_query(r, "kind");
    if (kind && *kind && !orgtree_level(kind))
        return http_error(r, 400, "invalid", "kind", "未知的机构类型 %s", kind);
    json_t *res = store_org_list(r->store, &r->scope, parent_id, kind, http_query(r, "q"), &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_org_create(struct req *r)
{
    if (VALIDATE(r, r->json, org_create_spec))
        return 0;
    struct org_in in = {0};
    read_counts(r->json, &in);
    in.parent_id = api_int(r->json, "parent_id");
    in.kind = api_str(r->json, "kind");
    char pkind[16];
    char ppath[96];
    if (store_org_locate(r->store, in.parent_id, ppath, sizeof(ppath), pkind, sizeof(pkind)) != 1)
        return http_store_error(r);
    if (!orgtree_child_allowed(pkind, in.kind))
        return http_error(r, 422, "invalid", "kind", "%s 下不能建立 %s 类型的机构", pkind, in.kind);
    if (strcmp(in.kind, "school") == 0 && !in.school_type)
        return http_error(r, 422, "required", "school_type", "学校必须填写办学类型");
    if (check_org_fields(r, in.kind, &in))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_org_create(&c, &in, &after) < 0)
        return api_fail_unique(r, &c, "code", "该代码已被其他机构使用");
    return api_commit(r, &c, 201, after);
}

int api_org_get(struct req *r)
{
    json_t *o = store_org_get(r->store, r->id);
    if (!o)
        return http_store_error(r);
    json_t *sum = store_org_summary(r->store, r->obj_path);
    if (sum)
        json_object_set_new(o, "summary", sum);
    return http_json(r, 200, o);
}

int api_org_update(struct req *r)
{
    if (VALIDATE(r, r->json, org_update_spec))
        return 0;
    struct org_in in = {0};
    read_counts(r->json, &in);
    /* an org's kind never changes: the rules are checked before the change */
    char path[96], kind[16];
    if (store_org_locate(r->store, r->id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (check_org_fields(r, kind, &in))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_org_update(&c, r->id, &in, &after))
        return api_fail_unique(r, &c, "code", "该代码已被其他机构使用");
    return api_commit(r, &c, 200, after);
}

int api_org_children(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    json_t *res = store_org_children(r->store, r->id, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}
