/*
 * account.c - accountability records (问责 / 责任追究): a bureau records who
 * (a person of a unit, or the unit itself) below it was held accountable,
 * for what (reason; a linked incident, hazard or inspection), with which
 * measure (约谈, 通报, 诫勉, 处分, 责令停办 / 停业整顿) and decision (number,
 * date). Records sit at the unit concerned: the bureaus above it and the
 * unit's own leaders (inspect.read) see them, teachers do not. They count in
 * the yearly assessment (domain/assess.h, indicator "accountability").
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "api/api_assess.h"
#include "domain/assess.h"
#include "domain/perm.h"
#include "domain/programme.h"
#include "store/store_assess.h"
#include "store/store_hazard.h"
#include "store/store_msg.h"
#include "store/store_programme.h"

int api_account_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_account_locate(s, id, path, len);
}

static const char *const targets[] = {"person", "unit", NULL};

const struct vfield account_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"target", V_STR, true, 0, 0, targets},
    {"person", V_STR, false, 0, 40, NULL},
    {"person_title", V_STR, false, 0, 40, NULL},
    {"reason", V_STR, true, 1, 1000, NULL},
    {"measure", V_STR, true, 0, 0, assess_measures},
    {"decision_no", V_STR, false, 0, 60, NULL},
    {"date", V_STR, true, 10, 10, NULL},
    {"incident_id", V_INT, false, 1, INT64_MAX, NULL},
    {"hazard_id", V_INT, false, 1, INT64_MAX, NULL},
    {"inspection_id", V_INT, false, 1, INT64_MAX, NULL},
};

static bool blank(const char *s)
{
    return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* A linked object (located by fn) must sit inside the subtree `under`. */
static int check_link(struct req *r, const char *field, const char *under,
                      int (*fn)(struct store *, int64_t, char *, size_t), const char *what)
{
    int64_t id = api_int(r->json, field);
    if (!id)
        return 0;
    char p[96];
    int rc = fn(r->store, id, p, sizeof(p));
    if (rc < 0)
        return http_store_error(r), -1;
    if (rc == 0 || strncmp(p, under, strlen(under)) != 0)
        return http_error(r, 422, "invalid", field, "%s不存在或不属于所选单位", what), -1;
    return 0;
}

int api_account_create(struct req *r)
{
    if (VALIDATE(r, r->json, account_spec))
        return 0;
    char path[96], kind[16];
    if (store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    /* the deciding bureau: the user's nearest inspect.write role strictly above */
    int64_t by = 0;
    const char *by_path = NULL;
    size_t best = 0;
    for (int i = 0; i < r->user->nroles; i++) {
        const struct role_binding *b = &r->user->roles[i];
        size_t bl = strlen(b->path);
        if (perm_role_has(b->role, PERM_INSPECT_WRITE) && strcmp(b->path, path) != 0 &&
            strncmp(path, b->path, bl) == 0 && bl > best) {
            best = bl;
            by = b->org_id;
            by_path = b->path;
        }
    }
    if (!by)
        return http_error(r, 422, "invalid", "org_id", "不能对本单位问责，应由上级教育局决定");
    const char *target = api_str(r->json, "target"), *person = api_str(r->json, "person");
    if (strcmp(target, "person") == 0 && blank(person))
        return http_error(r, 422, "invalid", "person", "请填写被问责人的姓名");
    if (blank(api_str(r->json, "reason")))
        return http_error(r, 422, "invalid", "reason", "请写明问责事由");
    int64_t day;
    const char *date = api_str(r->json, "date");
    if (prog_date_parse(date, &day))
        return http_error(r, 422, "invalid", "date", "决定日期格式应为 YYYY-MM-DD");
    if (day > prog_day_of(r->now))
        return http_error(r, 422, "invalid", "date", "决定日期不能晚于今天");
    if (check_link(r, "incident_id", path, store_incident_locate, "关联事件") ||
        check_link(r, "hazard_id", path, store_hazard_locate, "关联隐患") ||
        check_link(r, "inspection_id", by_path, store_insp_locate, "关联督查"))
        return 0;
    int y;
    unsigned mo, dd;
    xa_civil_from_days(day, &y, &mo, &dd);
    int fin = store_assess_final(r->store, path, y);
    if (fin < 0)
        return http_store_error(r);
    if (fin > 0)
        return http_error(r, 409, "finalized", "date", "%d 年度考核结果已定稿，不能再记入该年度的问责", y);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    /* no number given: the bureau's next 文号 */
    char no[80];
    const char *decision_no = api_str(r->json, "decision_no");
    if (blank(decision_no)) {
        if (store_docno_next(r->store, by, y, no, sizeof(no), NULL))
            return api_fail(r, &c);
        decision_no = no;
    }
    int m = assess_measure_index(api_str(r->json, "measure"));
    struct account_in in = {
        .by_org_id = by,
        .by_org_path = by_path,
        .org_id = r->org_id,
        .org_path = path,
        .target = target,
        .person = strcmp(target, "person") == 0 ? person : "",
        .person_title = strcmp(target, "person") == 0 ? api_str(r->json, "person_title") : "",
        .reason = api_str(r->json, "reason"),
        .measure = api_str(r->json, "measure"),
        .decision_no = decision_no,
        .date = date,
        .incident_id = api_int(r->json, "incident_id"),
        .hazard_id = api_int(r->json, "hazard_id"),
        .inspection_id = api_int(r->json, "inspection_id"),
        .note = assess_measure_names[m],
    };
    json_t *after = NULL;
    int64_t id = store_account_create(&c, &in, &after);
    if (id < 0)
        return api_fail(r, &c);
    /* tell the unit's leaders (never teachers at large) */
    static const char *const leaders[] = {"principal", "bureau_admin", NULL};
    char title[200], body[1200];
    bool is_person = strcmp(target, "person") == 0;
    snprintf(title, sizeof(title), "问责决定：%s%s%s（%s）",
             json_string_value(json_object_get(after, "org_name")), is_person ? " " : "",
             is_person ? person : "", assess_measure_names[m]);
    snprintf(body, sizeof(body), "%s %s：%s", json_string_value(json_object_get(after, "by_org_name")),
             decision_no, in.reason);
    struct msg_in msg = {.org_id = r->org_id, .org_path = path, .kind = "accountability",
                         .title = title, .body = body, .link = "/accountability",
                         .entity = "accountability", .entity_id = id, .at = r->now};
    if (store_msg_to_roles(r->store, r->org_id, leaders, r->user->id, &msg) < 0) {
        json_decref(after);
        return api_fail(r, &c);
    }
    return api_commit(r, &c, 201, after);
}

int api_account_get(struct req *r)
{
    json_t *o = store_account_get(r->store, r->id);
    return o ? http_json(r, 200, o) : http_store_error(r);
}

int api_account_list(struct req *r)
{
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    const char *m = http_query(r, "measure");
    if (m && *m && assess_measure_index(m) < 0)
        return http_error(r, 400, "invalid", "measure",
                          "measure 应为 interview、notice、admonish、sanction 或 suspend");
    int year = 0;
    const char *yq = http_query(r, "year");
    if (yq && *yq) {
        char *end;
        long v = strtol(yq, &end, 10);
        if (*end || v < 2000 || v > 2100)
            return http_error(r, 400, "invalid", "year", "年份应为 2000 到 2100 之间的整数");
        year = (int)v;
    }
    json_t *res = store_account_list(r->store, &r->scope, m, year, &pg);
    return res ? http_json(r, 200, res) : http_store_error(r);
}
