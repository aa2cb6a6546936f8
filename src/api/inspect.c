/*
 * inspect.c - supervision (督查督办): inspections by a bureau's inspection
 * group, regular or covert (暗查暗访), with findings per school that can
 * enter the hazard closed loop; interviews (约谈); yellow-card warnings
 * (黄牌警告); criticism / commendation notices (通报批评 / 通报表扬).
 *
 * Covert findings: an unpublished covert inspection is visible only to
 * users who may read inspections at the inspecting bureau (or above); to
 * everyone else list and detail answer as if it did not exist. Its
 * findings marked create_hazard become hazards when it is published (a
 * hazard is visible to the school at once, so making it earlier would give
 * the inspection away).
 */
#include "core/compat.h"
#include "api/api_assess.h"
#include "api/api_programme.h"
#include "domain/hazard.h"
#include "domain/perm.h"
#include "domain/programme.h"
#include "store/store_assess.h"
#include "store/store_hazard.h"
#include "store/store_risk.h"

static const char *const insp_kinds[] = {"regular", "covert", NULL};
static const char *const insp_states[] = {"draft", "published", NULL};
static const char *const finding_grades[] = {"general", "major", NULL};
static const char *const notice_kinds[] = {"criticism", "commendation", NULL};
static const char *const ycard_states[] = {"active", "lifted", NULL};

/* The subtrees where the user may read inspections (for covert visibility:
 * not narrowed by ?org=). */
static void viewer_scope(const struct req *r, struct scope *v)
{
    memset(v, 0, sizeof(*v));
    for (int i = 0; i < r->user->nroles; i++)
        if (perm_role_has(r->user->roles[i].role, PERM_INSPECT_READ))
            scope_add(v, r->user->roles[i].path);
}

/* The deepest org of the user's roles holding perm over path (the acting
 * bureau); 0 if none. */
static int64_t acting_org(const struct req *r, enum perm perm, const char *path)
{
    int64_t best = 0;
    size_t bl = 0;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        size_t l = strlen(b->path);
        if (strncmp(path, b->path, l) == 0 && perm_role_has(b->role, perm) && l >= bl) {
            best = b->org_id;
            bl = l;
        }
    }
    return best;
}

static bool one_of(const char *v, const char *const *list)
{
    for (; v && *list; list++)
        if (strcmp(v, *list) == 0)
            return true;
    return false;
}

static int query_oneof(struct req *r, const char *name, const char *const *list, const char **out)
{
    *out = http_query(r, name);
    if (*out && **out && !one_of(*out, list))
        return http_error(r, 400, "invalid", name, "%s 取值无效", name), -1;
    return 0;
}

/* Locates a school named by id: its path, under `under`; else 422 on field. */
static int school_under(struct req *r, int64_t id, const char *under, const char *field,
                        char *path)
{
    char kind[16];
    int rc = store_org_locate(r->store, id, path, 96, kind, sizeof(kind));
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc == 0 || strcmp(kind, "school") != 0 || strncmp(path, under, strlen(under)) != 0)
        return http_error(r, 422, "invalid", field, "学校不存在或不在本单位辖区内"), -1;
    return 0;
}

/* The body's org_id must be a bureau, not a school (else 422 with
 * school_msg): its path into bpath, the body's date into *day.
 * 0, or -1 when the request is answered. */
static int bureau_and_date(struct req *r, const char *school_msg, char *bpath, size_t len,
                           int64_t *day)
{
    char kind[16];
    if (store_org_locate(r->store, r->org_id, bpath, len, kind, sizeof(kind)) != 1)
        return http_store_error(r), -1;
    if (strcmp(kind, "school") == 0)
        return http_error(r, 422, "invalid", "org_id", "%s", school_msg), -1;
    if (api_prog_date(r, api_str(r->json, "date"), "date", day, NULL))
        return -1;
    return 0;
}

/* Answers a GET of one object: o, or 404 when there is none. */
static int answer_one(struct req *r, json_t *o)
{
    if (!o)
        return store_errclass(r->store) == DB_OK
                   ? http_error(r, 404, "not_found", "id", "对象不存在")
                   : http_store_error(r);
    return http_json(r, 200, o);
}

/* ---- inspections ---- */

int api_insp_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_insp_locate(s, id, path, len);
}

const struct vfield insp_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"title", V_STR, true, 1, 100, NULL},
    {"kind", V_STR, true, 0, 0, insp_kinds},
    {"date", V_STR, true, 10, 10, NULL},
    {"group", V_ARR, true, 1, 20, NULL},
    {"school_ids", V_ARR, true, 1, 200, NULL},
    {"summary", V_STR, false, 0, 4000, NULL},
};

int api_insp_list(struct req *r)
{
    struct page pg;
    const char *kind, *state;
    if (http_page(r, &pg) || query_oneof(r, "kind", insp_kinds, &kind) ||
        query_oneof(r, "state", insp_states, &state))
        return 0;
    struct scope v;
    viewer_scope(r, &v);
    json_t *res = store_insp_list(r->store, &r->scope, &v, kind, state, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_insp_create(struct req *r)
{
    if (VALIDATE(r, r->json, insp_spec))
        return 0;
    char bpath[96];
    int64_t day;
    if (bureau_and_date(r, "督查须由教育局（区域）组织", bpath, sizeof(bpath), &day))
        return 0;
    json_t *group = json_object_get(r->json, "group");
    size_t i;
    json_t *g;
    json_array_foreach(group, i, g)
    {
        const char *name = json_string_value(g);
        if (!name || !*name || strlen(name) > 64) {
            char field[48];
            snprintf(field, sizeof(field), "group[%zu]", i);
            return http_error(r, 422, "invalid", field, "督查组成员姓名不能为空且不超过 64 字节");
        }
    }
    struct insp_in in = {0};
    int64_t *ids;
    if (api_prog_ids(r, json_object_get(r->json, "school_ids"), "school_ids", &ids, &in.nschools))
        return 0;
    in.school_paths = arena_alloc(r->arena, sizeof(*in.school_paths) * in.nschools);
    for (i = 0; i < in.nschools; i++) {
        char field[48];
        snprintf(field, sizeof(field), "school_ids[%zu]", i);
        if (school_under(r, ids[i], bpath, field, in.school_paths[i]))
            return 0;
    }
    in.school_ids = ids;
    in.org_id = r->org_id;
    in.org_path = bpath;
    in.title = api_str(r->json, "title");
    in.kind = api_str(r->json, "kind");
    in.date = api_str(r->json, "date");
    in.summary = api_str(r->json, "summary");
    in.group = group;
    struct scope v;
    viewer_scope(r, &v);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_insp_create(&c, &in, &v, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

static int parse_seg_id(struct req *r, int64_t *id)
{
    const char *p = r->seg[0];
    int64_t v = 0;
    if (!p || !*p || strlen(p) > 18)
        goto bad;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            goto bad;
        v = v * 10 + (*p - '0');
    }
    if (v < 1)
        goto bad;
    *id = v;
    return 0;
bad:
    return http_error(r, 400, "invalid", "id", "id 必须是正整数"), -1;
}

int api_insp_get(struct req *r)
{
    int64_t id;
    if (parse_seg_id(r, &id))
        return 0;
    return answer_one(r, store_insp_get(r->store, id, &r->scope));
}

const struct vfield finding_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"content", V_STR, true, 1, 2000, NULL},
    {"category", V_STR, true, 1, 32, NULL},
    {"grade", V_STR, false, 0, 0, finding_grades},
    {"photo_ids", V_ARR, false, 0, 9, NULL},
    {"create_hazard", V_BOOL, false, 0, 0, NULL},
};

/* What making a finding's hazard needs: the request and its change. */
struct hz_ctx {
    struct req *r;
    struct change *c;
    bool covert;
};

/* Makes the hazard of a finding (source inspection / covert) in the change:
 * its id, or -1 (refused: the change's err names why; else a store
 * failure). */
static int64_t finding_hazard(struct hz_ctx *x, int64_t school_id, const char *content,
                              const char *category, const char *grade, json_t *photos)
{
    struct req *r = x->r;
    char title[100];
    size_t n = strlen(content);
    if (n > 90) {
        n = 90;
        while (n > 0 && ((unsigned char)content[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(title, sizeof(title), "%.*s", (int)n, content);
    size_t np = json_array_size(photos);
    int64_t *pids = arena_alloc(r->arena, sizeof(int64_t) * (np ? np : 1));
    for (size_t i = 0; i < np; i++)
        pids[i] = json_integer_value(json_array_get(photos, i));
    struct hazard_create hc = {
        .school_id = school_id,
        .title = title,
        .description = content,
        .category = category,
        .grade = grade,
        .source = x->covert ? "covert" : "inspection",
        .location = "",
        .photo_ids = pids,
        .nphotos = np,
    };
    return store_hazard_create(x->c, &hc);
}

/* store_insp_publish's make_hazard: the hazard of a pending finding. */
static int64_t pending_hazard(void *ctx, json_t *f)
{
    return finding_hazard(ctx, api_int(f, "org_id"), api_str(f, "content"), api_str(f, "category"),
                          api_str(f, "grade"), json_object_get(f, "photo_ids"));
}

/* Answers a change that failed: the hazard store's typed refusal or a
 * store failure. */
static int hz_fail(struct hz_ctx *x)
{
    return api_fail(x->r, x->c);
}

int api_finding_create(struct req *r)
{
    if (VALIDATE(r, r->json, finding_spec))
        return 0;
    int64_t school_id = api_int(r->json, "school_id");
    int rc = store_insp_has_target(r->store, r->id, school_id);
    if (rc < 0)
        return http_store_error(r);
    if (rc == 0)
        return http_error(r, 422, "invalid", "school_id", "该学校不在本次督查对象之内");
    const char *category = api_str(r->json, "category");
    rc = store_category_exists(r->store, category);
    if (rc < 0)
        return http_store_error(r);
    if (rc == 0)
        return http_error(r, 422, "invalid", "category", "未知的隐患类别 %s", category);
    json_t *photos = json_object_get(r->json, "photo_ids");
    int64_t *pids;
    size_t np = 0;
    if (photos && api_prog_ids(r, photos, "photo_ids", &pids, &np))
        return 0;
    for (size_t i = 0; i < np; i++) {
        rc = store_photo_in_org(r->store, pids[i], school_id);
        if (rc < 0)
            return http_store_error(r);
        if (rc == 0) {
            char field[48];
            snprintf(field, sizeof(field), "photo_ids[%zu]", i);
            return http_error(r, 422, "invalid", field, "照片不存在或不属于该学校");
        }
    }
    struct scope v;
    viewer_scope(r, &v);
    json_t *insp = store_insp_get(r->store, r->id, &v);
    if (!insp)
        return http_store_error(r);
    bool covert = strcmp(api_str(insp, "kind"), "covert") == 0;
    bool published = strcmp(api_str(insp, "state"), "published") == 0;
    json_decref(insp);
    char spath[96], skind[16];
    if (store_org_locate(r->store, school_id, spath, sizeof(spath), skind, sizeof(skind)) != 1)
        return http_store_error(r);
    bool want_hazard = json_is_true(json_object_get(r->json, "create_hazard"));
    const char *grade = api_str(r->json, "grade");
    struct finding_in in = {
        .inspection_id = r->id,
        .org_id = school_id,
        .org_path = spath,
        .content = api_str(r->json, "content"),
        .category = category,
        .grade = grade ? grade : "general",
        .photo_ids = photos,
        .hazard_pending = want_hazard && covert && !published,
    };
    struct change c;
    if (api_begin(r, &c))
        return 0;
    struct hz_ctx x = {.r = r, .c = &c, .covert = covert};
    json_t *after = NULL;
    if (want_hazard && !in.hazard_pending &&
        (in.hazard_id = finding_hazard(&x, school_id, in.content, category, in.grade, photos)) < 0)
        return hz_fail(&x);
    if (store_finding_create(&c, &in, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_insp_publish(struct req *r)
{
    struct scope v;
    viewer_scope(r, &v);
    char kind[16] = "";
    json_t *insp = store_insp_get(r->store, r->id, &v);
    if (!insp)
        return answer_one(r, NULL);
    snprintf(kind, sizeof(kind), "%s", api_str(insp, "kind") ? api_str(insp, "kind") : "");
    json_decref(insp);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    struct hz_ctx x = {.r = r, .c = &c, .covert = strcmp(kind, "covert") == 0};
    json_t *after = NULL;
    if (store_insp_publish(&c, r->id, &v, pending_hazard, &x, &after))
        return hz_fail(&x);
    return api_commit(r, &c, 200, after);
}

int api_finding_list(struct req *r)
{
    struct page pg;
    int64_t insp;
    if (http_page(r, &pg) || http_query_id(r, "inspection_id", &insp))
        return 0;
    struct scope v;
    viewer_scope(r, &v);
    json_t *res = store_finding_list(r->store, &r->scope, &v, insp, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

/* ---- interviews ---- */

int api_interview_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_interview_locate(s, id, path, len);
}

const struct vfield interview_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"interviewee", V_STR, true, 1, 64, NULL},
    {"interviewee_title", V_STR, false, 0, 64, NULL},
    {"date", V_STR, true, 10, 10, NULL},
    {"reason", V_STR, true, 1, 2000, NULL},
    {"record", V_STR, false, 0, 8000, NULL},
    {"follow_up", V_STR, false, 0, 4000, NULL},
};
const struct vfield interview_update_spec[] = {
    {"record", V_STR, false, 0, 8000, NULL},
    {"follow_up", V_STR, false, 0, 4000, NULL},
    {"follow_up_done", V_BOOL, false, 0, 0, NULL},
};

/* The school of an SC_BODY school_id route must be a school. */
static int body_school(struct req *r)
{
    return api_prog_school(r, "school_id", "约谈、黄牌警告的对象");
}

int api_interview_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    json_t *res = store_interview_list(r->store, &r->scope, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_interview_create(struct req *r)
{
    if (VALIDATE(r, r->json, interview_spec) || body_school(r))
        return 0;
    int64_t day;
    if (api_prog_date(r, api_str(r->json, "date"), "date", &day, NULL))
        return 0;
    struct interview_in in = {
        .by_org_id = acting_org(r, PERM_INSPECT_WRITE, r->org_path),
        .org_id = r->org_id,
        .org_path = r->org_path,
        .interviewee = api_str(r->json, "interviewee"),
        .interviewee_title = api_str(r->json, "interviewee_title"),
        .date = api_str(r->json, "date"),
        .reason = api_str(r->json, "reason"),
        .record = api_str(r->json, "record"),
        .follow_up = api_str(r->json, "follow_up"),
    };
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_interview_create(&c, &in, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_interview_get(struct req *r)
{
    json_t *o = store_interview_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_interview_update(struct req *r)
{
    if (VALIDATE(r, r->json, interview_update_spec))
        return 0;
    json_t *done = json_object_get(r->json, "follow_up_done");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_interview_update(&c, r->id, api_str(r->json, "record"),
                               api_str(r->json, "follow_up"), done ? json_is_true(done) : -1,
                               &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ---- yellow cards ---- */

int api_ycard_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_ycard_locate(s, id, path, len);
}

const struct vfield ycard_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"reason", V_STR, true, 1, 2000, NULL},
    {"date", V_STR, true, 10, 10, NULL},
};
const struct vfield lift_spec[] = {
    {"date", V_STR, true, 10, 10, NULL},
    {"reason", V_STR, false, 0, 2000, NULL},
};

int api_ycard_list(struct req *r)
{
    struct page pg;
    const char *state;
    if (http_page(r, &pg) || query_oneof(r, "state", ycard_states, &state))
        return 0;
    json_t *res = store_ycard_list(r->store, &r->scope, state, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_ycard_create(struct req *r)
{
    if (VALIDATE(r, r->json, ycard_spec) || body_school(r))
        return 0;
    int64_t day;
    if (api_prog_date(r, api_str(r->json, "date"), "date", &day, NULL))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_ycard_create(&c, acting_org(r, PERM_INSPECT_WRITE, r->org_path), r->org_id,
                           r->org_path, api_str(r->json, "reason"), api_str(r->json, "date"),
                           &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_ycard_lift(struct req *r)
{
    if (VALIDATE(r, r->json, lift_spec))
        return 0;
    int64_t day;
    const char *date = api_str(r->json, "date");
    if (api_prog_date(r, date, "date", &day, NULL))
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_ycard_lift(&c, r->id, date, api_str(r->json, "reason"), &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

/* ---- criticism / commendation notices ---- */

const struct vfield notice_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"kind", V_STR, true, 0, 0, notice_kinds},
    {"title", V_STR, true, 1, 100, NULL},
    {"content", V_STR, false, 0, 8000, NULL},
    {"date", V_STR, true, 10, 10, NULL},
    {"entries", V_ARR, true, 1, 200, NULL},
};
static const struct vfield entry_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"person", V_STR, false, 0, 64, NULL},
    {"reason", V_STR, false, 0, 1000, NULL},
};

int api_snotice_list(struct req *r)
{
    struct page pg;
    const char *kind;
    if (http_page(r, &pg) || query_oneof(r, "kind", notice_kinds, &kind))
        return 0;
    json_t *res = store_snotice_list(r->store, &r->scope, kind, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

int api_snotice_create(struct req *r)
{
    if (VALIDATE(r, r->json, notice_spec))
        return 0;
    char bpath[96];
    int64_t day;
    if (bureau_and_date(r, "通报须由教育局（区域）发布", bpath, sizeof(bpath), &day))
        return 0;
    json_t *arr = json_object_get(r->json, "entries");
    size_t n = json_array_size(arr), i;
    struct notice_entry_in *e = arena_alloc(r->arena, sizeof(*e) * n);
    char(*paths)[96] = arena_alloc(r->arena, 96 * n);
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        char field[48];
        snprintf(field, sizeof(field), "entries[%zu]", i);
        if (!json_is_object(x))
            return http_error(r, 400, "wrong_type", field, "%s 应为对象", field);
        if (http_validate(r, x, entry_spec, XA_ARRAY_LEN(entry_spec)))
            return 0;
        char okind[16];
        int rc = store_org_locate(r->store, api_int(x, "org_id"), paths[i], 96, okind,
                                  sizeof(okind));
        if (rc < 0)
            return http_store_error(r);
        if (rc == 0 || strncmp(paths[i], bpath, strlen(bpath)) != 0 ||
            strcmp(paths[i], bpath) == 0) {
            snprintf(field, sizeof(field), "entries[%zu].org_id", i);
            return http_error(r, 422, "invalid", field, "被通报单位不存在或不在本单位辖区内");
        }
        e[i] = (struct notice_entry_in){api_int(x, "org_id"), paths[i], api_str(x, "person"),
                                        api_str(x, "reason")};
    }
    struct snotice_in in = {.org_id = r->org_id,
                            .org_path = bpath,
                            .kind = api_str(r->json, "kind"),
                            .title = api_str(r->json, "title"),
                            .content = api_str(r->json, "content"),
                            .date = api_str(r->json, "date"),
                            .entries = e,
                            .n = n};
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_snotice_create(&c, &in, &r->scope, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_snotice_get(struct req *r)
{
    int64_t id;
    if (parse_seg_id(r, &id))
        return 0;
    return answer_one(r, store_snotice_get(r->store, id, &r->scope));
}
