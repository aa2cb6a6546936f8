/*
 * hazards.c - the hazard closed loop over HTTP (SPEC §4) and the subtree
 * statistics.
 *
 * No lifecycle rule lives here: a handler parses JSON, builds the actor from
 * the request user's roles that cover the hazard's school, and calls the
 * store (store_hazard.h), which runs the domain state machine and writes the
 * outcome, history, statistics and audit in the request's change
 * (api_begin / api_commit; the answer is read inside it, before the commit).
 */
#include "core/compat.h"
#include "core/config.h"
#include <pthread.h>
#include "api/api_dp.h"
#include "core/timeutil.h"
#include "domain/hazard.h"
#include "domain/orgtree.h"
#include "domain/perm.h"
#include "store/store_hazard.h"
#include "store/store_work.h"
#include "api/api_work.h"

#define MAX_PHOTOS 20

static bool path_under(const char *path, const char *root)
{
    return strncmp(path, root, strlen(root)) == 0;
}

void api_hazard_actor(const struct req *r, const char *school_path, struct hazard_actor *a)
{
    memset(a, 0, sizeof(*a));
    if (!r->user)
        return;
    a->user_id = r->user->id;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        if (!path_under(school_path, b->path))
            continue;
        a->roles |= hazard_role_bit(b->role);
        if (strcmp(b->role, "bureau_admin") == 0) {
            int lvl = orgtree_level(b->org_kind);
            if (lvl >= HAZARD_ORG_PROVINCE && lvl <= HAZARD_ORG_TOWNSHIP &&
                (a->admin_level == 0 || lvl < a->admin_level))
                a->admin_level = lvl;
        }
    }
}

int api_hazard_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_hazard_locate(s, id, path, len);
}

/* Reads an optional array of positive ids; -1 after a 400/422. */
static int read_ids(struct req *r, json_t *arr, const char *field, int64_t *ids, size_t *n)
{
    *n = 0;
    if (!arr)
        return 0;
    if (json_array_size(arr) > MAX_PHOTOS)
        return http_error(r, 422, "length", field, "最多 %d 张照片", MAX_PHOTOS), -1;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return http_error(r, 400, "wrong_type", field, "字段 %s 应为照片 id 数组", field), -1;
        ids[(*n)++] = json_integer_value(v);
    }
    return 0;
}

/* ---- open ---- */

int64_t api_hazard_open(struct change *ch, const struct hazard_new *in)
{
    struct hazard_create c = {
        .school_id = in->school_id,
        .title = in->title,
        .description = in->description,
        .category = in->category,
        .grade = in->grade,
        .source = in->source,
        .location = in->location,
        .risk_point_id = in->risk_point_id,
        .patrol_record_id = in->patrol_record_id,
        .photo_ids = in->photo_ids,
        .nphotos = in->nphotos,
    };
    return store_hazard_create(ch, &c);
}

static const char *const grade_names[] = {"general", "major", NULL};
static const char *const source_names[] = {"patrol",     "self_check", "inspection", "covert",
                                           "whistle",    "department", "other",      NULL};

const struct vfield hazard_create_spec[] = {
    {"school_id", V_INT, true, 1, INT64_MAX, NULL},
    {"title", V_STR, true, 1, 100, NULL},
    {"description", V_STR, false, 0, 2000, NULL},
    {"category", V_STR, true, 1, 32, NULL},
    {"grade", V_STR, true, 0, 0, grade_names},
    {"source", V_STR, false, 0, 0, source_names},
    {"location", V_STR, false, 0, 200, NULL},
    {"off_campus", V_BOOL, false, 0, 0, NULL},
    {"risk_point_id", V_INT, false, 1, INT64_MAX, NULL},
    {"patrol_record_id", V_INT, false, 1, INT64_MAX, NULL},
    {"photo_ids", V_ARR, false, 0, 0, NULL},
    {"on_the_spot", V_BOOL, false, 0, 0, NULL},
    {"after_photo_ids", V_ARR, false, 0, 0, NULL},
    {"fix_note", V_STR, false, 0, 2000, NULL},
};

/* The full hazard for this user: row and the actions they may take. */
static json_t *hazard_view(struct req *r, int64_t id)
{
    struct hazard_facts f;
    char path[96];
    json_t *o = store_hazard_get(r->store, id, &f, path, sizeof(path));
    if (!o)
        return NULL;
    json_t *acts = json_array();
    struct hazard_actor a;
    api_hazard_actor(r, path, &a);
    unsigned mask = hazard_allowed_actions(&f, &a, r->now);
    for (int i = 0; i < HAZARD_ACTION_COUNT; i++)
        if (mask & HAZARD_ACTION_BIT(i))
            json_array_append_new(acts, json_string(hazard_action_name((enum hazard_action)i)));
    json_object_set_new(o, "allowed_actions", acts);
    return o;
}

/* api_hazard_notice: hazard_notice.c */

int api_hazard_create(struct req *r)
{
    if (VALIDATE(r, r->json, hazard_create_spec))
        return 0;
    int64_t photos[MAX_PHOTOS], after[MAX_PHOTOS];
    size_t nphotos, nafter;
    if (read_ids(r, json_object_get(r->json, "photo_ids"), "photo_ids", photos, &nphotos) ||
        read_ids(r, json_object_get(r->json, "after_photo_ids"), "after_photo_ids", after,
                 &nafter))
        return 0;
    struct hazard_create c = {
        .on_the_spot = json_is_true(json_object_get(r->json, "on_the_spot")),
        .after_photo_ids = after,
        .nafter = nafter,
        .fix_note = api_str(r->json, "fix_note"),
        .school_id = r->org_id,
        .title = api_str(r->json, "title"),
        .description = api_str(r->json, "description"),
        .category = api_str(r->json, "category"),
        .grade = api_str(r->json, "grade"),
        .source = api_str(r->json, "source") ? api_str(r->json, "source") : "self_check",
        .location = api_str(r->json, "location"),
        .off_campus = json_is_true(json_object_get(r->json, "off_campus")),
        .risk_point_id = api_int(r->json, "risk_point_id"),
        .patrol_record_id = api_int(r->json, "patrol_record_id"),
        .photo_ids = photos,
        .nphotos = nphotos,
    };
    struct change ch;
    if (api_begin(r, &ch))
        return 0;
    int64_t id = store_hazard_create(&ch, &c);
    if (id < 0)
        return api_fail(r, &ch);
    /* the answer is read in the change, before its commit */
    return api_commit(r, &ch, 201, hazard_view(r, id));
}

/* ---- read ---- */

/* "0"/"1" query flag into *out (-1 when absent); -1 after a 400. */
static int query_flag(struct req *r, const char *name, int *out)
{
    const char *v = http_query(r, name);
    *out = -1;
    if (!v || !*v)
        return 0;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        *out = 0;
    else
        return http_error(r, 400, "invalid", name, "参数 %s 应为 0 或 1", name), -1;
    return 0;
}

int api_hazard_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    struct hazard_filter f = {0};
    f.state = http_query(r, "status");
    if (!f.state || !*f.state)
        f.state = http_query(r, "state");
    f.grade = http_query(r, "grade");
    f.category = http_query(r, "category");
    f.q = http_query(r, "q");
    enum hazard_state st;
    enum hazard_grade gr;
    if (f.state && *f.state && hazard_state_parse(f.state, &st))
        return http_error(r, 400, "invalid", "status", "未知的隐患状态 %.40s", f.state);
    if (f.grade && *f.grade && hazard_grade_parse(f.grade, &gr))
        return http_error(r, 400, "invalid", "grade", "隐患等级应为 general 或 major");
    if (f.category && strlen(f.category) > 32)
        return http_error(r, 400, "invalid", "category", "类别代码过长");
    if (f.q && strlen(f.q) > 100)
        return http_error(r, 400, "invalid", "q", "搜索词过长");
    int esc, due;
    if (query_flag(r, "overdue", &f.overdue) || query_flag(r, "supervised", &f.supervised) ||
        query_flag(r, "escalated", &esc) || query_flag(r, "recheck_due", &due))
        return 0;
    if (esc == 1) {
        if (r->org_id)
            f.escalated_to = r->org_id; /* the "escalated to this node" list */
        else
            f.escalated = true;
    }
    f.recheck_due = due;
    int unclosed, mine;
    if (query_flag(r, "unclosed", &unclosed) || query_flag(r, "mine", &mine))
        return 0;
    f.unclosed = unclosed == 1;
    f.mine_id = mine == 1 && r->user ? r->user->id : 0;
    static const char *const dates[] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const char *v = http_query(r, dates[i]);
        int64_t ms = 0;
        if (!v || !*v)
            continue;
        if (strlen(v) > 40 || xa_time_parse(v, &ms))
            return http_error(r, 400, "invalid", dates[i], "日期格式应为 2026-12-01");
        if (i == 1 && strlen(v) == 10)
            ms += XA_DAY_MS; /* "to" a date: through its end */
        if (i == 0)
            f.from_ms = ms;
        else
            f.to_ms = ms;
    }
    const char *sort = http_query(r, "sort");
    if (sort && *sort && strcmp(sort, "urgency") != 0 && strcmp(sort, "new") != 0)
        return http_error(r, 400, "invalid", "sort", "排序方式应为 urgency（按紧急程度）或 new（最新）");
    f.urgent = sort && strcmp(sort, "urgency") == 0;
    json_t *res = store_hazard_list(r->store, &r->scope, &f, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}

/* Rendered hazard documents (without allowed_actions), shared by the
 * threads and keyed by id. An entry serves a GET only while the row's
 * version is the one it was rendered from, so a change is visible at once;
 * the joined names (school, people, category) are re-read after
 * DOC_CACHE_MS. */
#define DOC_CACHE 512
#define DOC_CACHE_MS 5000
static struct {
    pthread_mutex_t lock;
    struct doc_ent {
        int64_t id, version, at;
        struct hazard_facts f;
        char path[96];
        char *doc; /* the JSON object without its closing brace */
        size_t len;
    } e[DOC_CACHE];
} docs = {.lock = PTHREAD_MUTEX_INITIALIZER};

void api_hazard_docs_drop(void)
{
    pthread_mutex_lock(&docs.lock);
    for (size_t i = 0; i < DOC_CACHE; i++) {
        free(docs.e[i].doc);
        docs.e[i].doc = NULL;
    }
    pthread_mutex_unlock(&docs.lock);
}

/* Appends the cached document of (id, version) to out; false on a miss. */
static bool doc_cached(int64_t id, int64_t version, int64_t now, struct strbuf *out,
                       struct hazard_facts *f, char *path, size_t plen)
{
    bool hit = false;
    pthread_mutex_lock(&docs.lock);
    struct doc_ent *d = &docs.e[(uint64_t)id % DOC_CACHE];
    if (d->doc && d->id == id && d->version == version && now - d->at < DOC_CACHE_MS) {
        strbuf_add(out, d->doc, d->len);
        *f = d->f;
        snprintf(path, plen, "%s", d->path);
        hit = true;
    }
    pthread_mutex_unlock(&docs.lock);
    return hit;
}

static void doc_keep(int64_t id, int64_t version, int64_t now, const char *doc, size_t len,
                     const struct hazard_facts *f, const char *path)
{
    char *copy = malloc(len);
    if (!copy)
        return;
    memcpy(copy, doc, len);
    pthread_mutex_lock(&docs.lock);
    struct doc_ent *d = &docs.e[(uint64_t)id % DOC_CACHE];
    free(d->doc);
    d->id = id;
    d->version = version;
    d->at = now;
    d->f = *f;
    snprintf(d->path, sizeof(d->path), "%s", path);
    d->doc = copy;
    d->len = len;
    pthread_mutex_unlock(&docs.lock);
}

int api_hazard_get(struct req *r)
{
    int64_t version = 0;
    int rc = store_hazard_version(r->store, r->id, &version);
    if (rc <= 0)
        return http_store_error(r);
    struct hazard_facts f;
    char path[96];
    strbuf_reset(&r->out);
    if (!doc_cached(r->id, version, r->now, &r->out, &f, path, sizeof(path))) {
        json_t *o = store_hazard_get(r->store, r->id, &f, path, sizeof(path));
        if (!o)
            return http_store_error(r);
        int64_t v = json_integer_value(json_object_get(o, "version"));
        char *txt = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (!txt)
            abort();
        size_t len = strlen(txt) - 1; /* without the closing brace */
        doc_keep(r->id, v, r->now, txt, len, &f, path);
        strbuf_add(&r->out, txt, len);
        free(txt);
    }
    /* the part that depends on who asks */
    struct hazard_actor a;
    api_hazard_actor(r, path, &a);
    unsigned mask = hazard_allowed_actions(&f, &a, r->now);
    strbuf_adds(&r->out, ",\"allowed_actions\":[");
    bool first = true;
    for (int i = 0; i < HAZARD_ACTION_COUNT; i++)
        if (mask & HAZARD_ACTION_BIT(i)) {
            strbuf_addf(&r->out, "%s\"%s\"", first ? "" : ",",
                        hazard_action_name((enum hazard_action)i));
            first = false;
        }
    strbuf_adds(&r->out, "]}");
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
    return 0;
}

/* ---- actions ---- */

static const char *const action_names[] = {
    "assign",       "start",   "submit", "verify",   "reject",   "close", "reopen", "supervise",
    "approve_plan", "forward", "recheck", "escalate", "urge",  "notice", "regrade", "conclude",
    NULL,
};

const struct vfield action_spec[] = {
    {"action", V_STR, true, 0, 0, action_names},
    {"rectifier_id", V_INT, false, 1, INT64_MAX, NULL},
    {"deadline", V_STR, false, 1, 40, NULL},
    {"note", V_STR, false, 0, 2000, NULL},
    {"reason", V_STR, false, 0, 2000, NULL},
    {"department", V_STR, false, 0, 200, NULL},
    {"photo_ids", V_ARR, false, 0, 0, NULL},
    {"pass", V_BOOL, false, 0, 0, NULL},
    {"contact", V_STR, false, 0, 200, NULL},
    {"follow_up", V_STR, false, 1, 40, NULL},
    {"grade", V_STR, false, 0, 0, grade_names},
};

int api_hazard_action(struct req *r)
{
    if (VALIDATE(r, r->json, action_spec))
        return 0;
    struct hazard_input in = {.now_ms = r->now};
    hazard_action_parse(api_str(r->json, "action"), &in.action);
    in.rectifier_id = api_int(r->json, "rectifier_id");
    const char *dl = api_str(r->json, "deadline");
    if (dl && xa_time_parse(dl, &in.deadline_ms))
        return http_error(r, 422, "invalid", "deadline",
                          "整改时限格式应为 ISO 8601，例如 2026-12-01T18:00:00+08:00");
    in.note = api_str(r->json, "note");
    in.reason = api_str(r->json, "reason");
    in.department = api_str(r->json, "department");
    in.contact = api_str(r->json, "contact");
    const char *fu = api_str(r->json, "follow_up");
    if (fu && xa_time_parse(fu, &in.follow_up_ms))
        return http_error(r, 422, "invalid", "follow_up", "跟踪回访日期格式应为 2026-12-01");
    enum hazard_grade ng;
    in.grade = hazard_grade_parse(api_str(r->json, "grade"), &ng) ? -1 : (int)ng;
    json_t *pass = json_object_get(r->json, "pass");
    if (in.action == HAZARD_ACT_RECHECK && !pass)
        return http_error(r, 422, "required", "pass", "请填写复查结论 pass（true/false）");
    in.recheck_pass = json_is_true(pass);
    int64_t photos[MAX_PHOTOS];
    size_t nphotos;
    if (read_ids(r, json_object_get(r->json, "photo_ids"), "photo_ids", photos, &nphotos))
        return 0;
    in.photo_count = (int)nphotos;

    struct hazard_actor a;
    api_hazard_actor(r, r->obj_path, &a);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_hazard_act(&c, r->id, &a, &in, photos, nphotos))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, hazard_view(r, r->id));
}

/* ---- five implementations ---- */

const struct vfield five_spec[] = {
    {"responsible", V_STR, false, 0, 100, NULL},
    {"measures", V_STR, false, 0, 4000, NULL},
    {"funds", V_NUM, false, 0, 1000000000, NULL},
    {"deadline", V_STR, false, 1, 40, NULL},
    {"plan", V_STR, false, 0, 4000, NULL},
    {"safeguards", V_STR, false, 0, 4000, NULL},
    {"responsible_id", V_INT, false, 0, INT64_MAX, NULL},
    {"responsible_phone", V_STR, false, 0, 40, NULL},
};

int api_hazard_five(struct req *r)
{
    if (!r->json)
        return http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
    if (VALIDATE(r, r->json, five_spec))
        return 0;
    if (json_object_size(r->json) == 0)
        return http_error(r, 422, "required", NULL, "请至少填写一项五落实内容");
    struct hazard_five f = {0};
    json_t *j = r->json;
    f.has_responsible = json_object_get(j, "responsible") != NULL;
    f.responsible = api_str(j, "responsible");
    f.has_measures = json_object_get(j, "measures") != NULL;
    f.measures = api_str(j, "measures");
    f.has_plan = json_object_get(j, "plan") != NULL;
    f.plan = api_str(j, "plan");
    f.has_safeguards = json_object_get(j, "safeguards") != NULL;
    f.safeguards = api_str(j, "safeguards");
    f.has_funds = json_object_get(j, "funds") != NULL;
    f.funds_unset = json_is_null(json_object_get(j, "funds")); /* 未落实 */
    f.funds = json_number_value(json_object_get(j, "funds"));
    f.has_responsible_id = json_object_get(j, "responsible_id") != NULL &&
                           !json_is_null(json_object_get(j, "responsible_id"));
    f.responsible_id = api_int(j, "responsible_id");
    f.has_phone = json_object_get(j, "responsible_phone") != NULL;
    f.responsible_phone = api_str(j, "responsible_phone");
    const char *dl = api_str(j, "deadline");
    if (dl) {
        if (xa_time_parse(dl, &f.deadline_ms))
            return http_error(r, 422, "invalid", "deadline",
                              "整改时限格式应为 ISO 8601，例如 2026-12-01T18:00:00+08:00");
        f.has_deadline = true;
    }
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_hazard_set_five(&c, r->id, &f))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, hazard_view(r, r->id));
}

/* ---- statistics ---- */

int api_hazard_stats(struct req *r)
{
    int64_t org = r->org_id;
    if (!org) {
        if (r->scope.n != 1)
            return http_error(r, 422, "required", "org", "请指定要统计的组织机构 org");
        org = orgtree_path_last_id(r->scope.path[0]);
    }
    json_t *o = store_hazard_stats(r->store, org);
    if (!o)
        return http_store_error(r);
    json_object_set_new(o, "overdue_basis", json_string("sweep"));
    return http_json(r, 200, o);
}

/* ---- jobs ---- */

/* The caller's role of org.write at a root org (settings and jobs are
 * global), or NULL. */
static const struct role_binding *root_admin(const struct req *r)
{
    for (int i = 0; r->user && i < r->user->nroles; i++) {
        const char *p = r->user->roles[i].path;
        int slashes = 0;
        for (; *p; p++)
            slashes += *p == '/';
        if (slashes == 2 && perm_role_has(r->user->roles[i].role, PERM_ORG_WRITE))
            return &r->user->roles[i];
    }
    return NULL;
}

int api_hazard_settings_get(struct req *r)
{
    json_t *o = store_hazard_settings(r->store);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_hazard_settings_put(struct req *r)
{
    static const struct vfield spec[] = {
        {"escalation_days", V_INT, false, 1, 90, NULL},
        {"recheck_days", V_INT, false, 1, 365, NULL},
        {"assign_hours", V_INT, false, 1, 720, NULL},
        {"assign_hours_major", V_INT, false, 1, 720, NULL},
    };
    const struct role_binding *root = root_admin(r);
    if (!root)
        return http_error(r, 403, "forbidden", NULL, "只有最上级管理员可以修改隐患治理参数");
    if (VALIDATE(r, r->json, spec))
        return 0;
    if (json_object_size(r->json) == 0)
        return http_error(r, 422, "required", "escalation_days", "请至少修改一项参数");
    json_int_t gh = json_object_get(r->json, "assign_hours")
                        ? api_int(r->json, "assign_hours")
                        : store_hazard_setting_days(r->store, "hazard.assign_hours",
                                                    HAZARD_ASSIGN_HOURS),
               mh = json_object_get(r->json, "assign_hours_major")
                        ? api_int(r->json, "assign_hours_major")
                        : store_hazard_setting_days(r->store, "hazard.assign_hours_major",
                                                    HAZARD_ASSIGN_HOURS_MAJOR);
    if (mh > gh)
        return http_error(r, 422, "invalid", "assign_hours_major",
                          "重大隐患的交办时限不能长于一般隐患（%lld 小时）", (long long)gh);
    struct hazard_settings_in in = {
        .escalation_days = api_int(r->json, "escalation_days"),
        .recheck_days = api_int(r->json, "recheck_days"),
        .assign_hours = api_int(r->json, "assign_hours"),
        .assign_hours_major = api_int(r->json, "assign_hours_major"),
    };
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_hazard_settings_set(&c, &in, root->org_id, root->path, &after))
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_hazard_run_jobs(struct req *r)
{
    /* the whole tree only: a bureau admin of a root org */
    if (!root_admin(r))
        return http_error(r, 403, "forbidden", NULL, "只有最上级管理员可以手动运行定时任务");
    static const struct vfield spec[] = {{"now", V_STR, false, 1, 40, NULL}};
    int64_t now = r->now;
    if (r->json) {
        if (VALIDATE(r, r->json, spec))
            return 0;
        const char *t = api_str(r->json, "now");
        if (t && xa_time_parse(t, &now))
            return http_error(r, 422, "invalid", "now", "时间格式应为 ISO 8601");
        if (now < r->now)
            return http_error(r, 422, "invalid", "now", "不能把时间往回拨");
        /* running the jobs "as of" a future time writes permanent overdue
         * and escalation records: a test hook, refused in production */
        if (t && !xa_cfg.test_clock)
            return http_error(r, 403, "forbidden", "now",
                              "只有以 --test-clock 启动的测试服务器才能指定 now");
    }
    int64_t days = store_hazard_setting_days(r->store, "hazard.escalation_days",
                                             ESCALATION_DAYS_DEFAULT);
    int64_t rdays =
        store_hazard_setting_days(r->store, "hazard.recheck_days", RECHECK_DAYS_DEFAULT);
    int flagged = 0, escalated = 0, due = 0;
    if (store_hazard_sweep(r->store, now, days * XA_DAY_MS, rdays * XA_DAY_MS, &flagged,
                           &escalated, &due) ||
        work_sweep_run(r->store, now))
        return http_store_error(r);
    char at[40];
    xa_time_format(now, at, sizeof(at));
    return http_json(r, 200, json_pack("{s:s, s:i, s:i, s:i}", "now", at, "flagged_overdue",
                                       flagged, "escalated", escalated, "recheck_due", due));
}
