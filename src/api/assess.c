/*
 * assess.c - the yearly assessment (考核): schemes of weighted indicators
 * per bureau and year, manual deductions / bonuses, compute runs that write
 * every school's and county's score with per-indicator detail and rank in
 * one transaction, finalising, and reading results (cheap: score rows).
 * Scoring rules: domain/assess.h.
 */
#include "core/compat.h"
#include "api/api_assess.h"
#include "domain/assess.h"
#include "domain/perm.h"
#include "store/store_assess.h"

static int parse_year(struct req *r, int *year)
{
    const char *p = r->seg[0];
    int v = 0;
    if (!p || strlen(p) != 4)
        goto bad;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            goto bad;
        v = v * 10 + (*p - '0');
    }
    if (v < 2000 || v > 2100)
        goto bad;
    *year = v;
    return 0;
bad:
    return http_error(r, 400, "invalid", "year", "年度应为 2000 到 2100 之间的四位数字"), -1;
}

/* The org a GET is about: ?org= or the user's first subtree. */
static const char *query_path(struct req *r)
{
    return r->org_id ? r->org_path : r->scope.path[0];
}

/* Body org of a region (not a school); 0 or -1 after a 422. */
static int region_org(struct req *r, char *kind, size_t klen)
{
    char path[96];
    if (store_org_locate(r->store, r->org_id, path, sizeof(path), kind, klen) != 1)
        return http_store_error(r), -1;
    if (strcmp(kind, "school") == 0)
        return http_error(r, 422, "invalid", "org_id", "考核方案与考核计算须由教育局（区域）设置"),
               -1;
    return 0;
}

static int finalised(struct req *r, const char *path, int year)
{
    int rc = store_assess_final(r->store, path, year);
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc > 0)
        return http_error(r, 409, "finalized", "year", "%d 年度考核结果已定稿，不能再修改", year), -1;
    return 0;
}

int api_assess_scheme_get(struct req *r)
{
    int year;
    if (parse_year(r, &year))
        return 0;
    json_t *o = store_assess_scheme_view(r->store, query_path(r), year);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

const struct vfield scheme_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"indicators", V_ARR, true, 1, ASSESS_MAX_IND, NULL},
};

int api_assess_scheme_put(struct req *r)
{
    int year;
    char kind[16];
    if (parse_year(r, &year) || VALIDATE(r, r->json, scheme_spec) ||
        region_org(r, kind, sizeof(kind)))
        return 0;
    struct assess_scheme sc;
    struct xa_error e = {0};
    if (assess_scheme_parse(json_object_get(r->json, "indicators"), &sc, &e))
        return http_fail(r, &e);
    if (finalised(r, r->org_path, year))
        return 0;
    json_t *norm = assess_scheme_json(&sc);
    char *txt = json_dumps(norm, JSON_COMPACT);
    json_decref(norm);
    if (!txt)
        return http_store_error(r);
    struct change c;
    if (api_begin(r, &c)) {
        free(txt);
        return 0;
    }
    json_t *after = NULL;
    int rc = store_assess_scheme_put(&c, r->org_id, r->org_path, year, txt, &after);
    free(txt);
    return rc ? api_fail(r, &c) : api_commit(r, &c, 200, after);
}

int api_assess_adjust_list(struct req *r)
{
    int year;
    if (parse_year(r, &year))
        return 0;
    json_t *a = store_assess_adjust_list(r->store, &r->scope, year);
    return a ? http_json(r, 200, json_pack("{s:o}", "items", a)) : http_store_error(r);
}

const struct vfield adjust_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"points", V_NUM, true, -100, 100, NULL},
    {"reason", V_STR, true, 1, 500, NULL},
};

/* The body's org_id is a school or county strictly below a bureau where the
 * user may score (a bureau scores those below it, never itself); its path
 * into path (96 bytes). 0, or -1 after a 422. what names the act. */
static int unit_below(struct req *r, char *path, const char *what)
{
    char kind[16];
    if (store_org_locate(r->store, r->org_id, path, 96, kind, sizeof(kind)) != 1)
        return http_store_error(r), -1;
    if (strcmp(kind, "school") != 0 && strcmp(kind, "county") != 0)
        return http_error(r, 422, "invalid", "org_id", "只能对学校或县（区）%s", what), -1;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        if (perm_role_has(b->role, PERM_ASSESS_WRITE) && strcmp(b->path, path) != 0 &&
            strncmp(path, b->path, strlen(b->path)) == 0)
            return 0;
    }
    return http_error(r, 422, "invalid", "org_id", "不能对本单位%s，应由上级教育局操作", what), -1;
}

int api_assess_adjust_create(struct req *r)
{
    int year;
    if (parse_year(r, &year) || VALIDATE(r, r->json, adjust_spec))
        return 0;
    char path[96];
    if (unit_below(r, path, "加减分"))
        return 0;
    double points = json_number_value(json_object_get(r->json, "points"));
    if (points == 0)
        return http_error(r, 422, "invalid", "points", "加减分值不能为 0");
    if (finalised(r, path, year))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_assess_adjust_create(&c, r->org_id, path, year, points, api_str(r->json, "reason"),
                                   &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

const struct vfield run_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
};

int api_assess_compute(struct req *r)
{
    int year;
    char kind[16];
    if (parse_year(r, &year) || VALIDATE(r, r->json, run_spec) ||
        region_org(r, kind, sizeof(kind)) || finalised(r, r->org_path, year))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *res = NULL;
    if (store_assess_compute(&c, r->org_id, r->org_path, year, r->now, &r->scope, &res) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 200, res);
}

int api_assess_finalize(struct req *r)
{
    int year;
    char kind[16];
    if (parse_year(r, &year) || VALIDATE(r, r->json, run_spec) ||
        region_org(r, kind, sizeof(kind)))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *res = NULL;
    if (store_assess_finalize(&c, r->org_id, r->org_path, year, &r->scope, &res)) {
        if (c.err.code != XE_ASSESS_NO_RUN)
            return api_fail(r, &c);
        char msg[128]; /* the year in the words */
        snprintf(msg, sizeof(msg), "本单位 %d 年度没有待定稿的考核结果（未计算或已定稿）", year);
        return api_refuse(r, &c, 409, "conflict", "year", msg);
    }
    return api_commit(r, &c, 200, res);
}

int api_assess_result(struct req *r)
{
    int year;
    if (parse_year(r, &year))
        return 0;
    json_t *res = store_assess_result(r->store, query_path(r), year, &r->scope);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

/* ---- a bureau's reasoned veto (一票否决) ---- */

int api_assess_veto_list(struct req *r)
{
    int year;
    if (parse_year(r, &year))
        return 0;
    json_t *a = store_assess_veto_list(r->store, &r->scope, year);
    return a ? http_json(r, 200, json_pack("{s:o}", "items", a)) : http_store_error(r);
}

static const char *const veto_kinds[] = {"ineffective", "negative_impact", NULL};
const struct vfield veto_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"kind", V_STR, true, 0, 0, veto_kinds},
    {"reason", V_STR, true, 1, 1000, NULL},
};

int api_assess_veto_create(struct req *r)
{
    int year;
    if (parse_year(r, &year) || VALIDATE(r, r->json, veto_spec))
        return 0;
    char path[96];
    if (unit_below(r, path, "一票否决"))
        return 0;
    const char *reason = api_str(r->json, "reason");
    size_t chars = 0;
    for (const char *c = reason + strspn(reason, " \t\r\n"); *c; c++)
        chars += ((unsigned char)*c & 0xc0) != 0x80;
    if (chars < 4)
        return http_error(r, 422, "invalid", "reason", "请写明否决的事实和依据（至少 4 个字）");
    if (finalised(r, path, year))
        return 0;
    /* the deciding bureau: the user's nearest assess.write role above */
    int64_t by = 0;
    size_t best = 0;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        size_t bl = strlen(b->path);
        if (perm_role_has(b->role, PERM_ASSESS_WRITE) && strcmp(b->path, path) != 0 &&
            strncmp(path, b->path, bl) == 0 && bl > best) {
            best = bl;
            by = b->org_id;
        }
    }
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_assess_veto_create(&c, by, r->org_id, path, year, api_str(r->json, "kind"), reason,
                                 &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}
