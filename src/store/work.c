/*
 * work.c - a person's to-do list and inbox (see store_work.h).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_report.h"
#include "store/store_work.h"
#include "store/hazard_sql.h"
#include "store/store_int.h"

#define CAP " LIMIT 100) x" /* WORK_COUNT_CAP */
#define ITEMS 5

/* ---- weeks ---- */

static int64_t day_start(int64_t day)
{
    return day * XA_DAY_MS - XA_TZ_OFFSET_MS;
}

void work_week_of(int64_t t, char *label, size_t n, int64_t *monday_ms)
{
    int64_t d = (t + XA_TZ_OFFSET_MS) / XA_DAY_MS;
    if (t + XA_TZ_OFFSET_MS < 0)
        d--;
    int64_t mon = d - (((d + 3) % 7 + 7) % 7);
    int y;
    unsigned m, dd;
    xa_civil_from_days(mon + 3, &y, &m, &dd); /* the Thursday names the year */
    int64_t jan4 = xa_days_from_civil(y, 1, 4);
    int64_t mon1 = jan4 - (((jan4 + 3) % 7 + 7) % 7);
    if (label)
        snprintf(label, n, "%04d-W%02d", y, (int)((mon - mon1) / 7 + 1));
    if (monday_ms)
        *monday_ms = day_start(mon);
}

int64_t store_work_weekly_deadline(struct store *s, const char *path, int64_t monday_ms)
{
    int64_t dmin = store_report_deadline_min(s, path);
    if (dmin < 0)
        return -1;
    return monday_ms + 7 * XA_DAY_MS + dmin * 60000;
}

/* "2026-W48" -> "2026年第48周" */
static void week_zh(const char *label, char *out, size_t n)
{
    int y = 0, w = 0;
    if (sscanf(label, "%4d-W%2d", &y, &w) == 2)
        snprintf(out, n, "%d年第%d周", y, w);
    else
        snprintf(out, n, "%s", label);
}

/* ---- building the list ---- */

struct todo {
    struct store *s;
    json_t *kinds;
    int64_t total;
    int64_t user_id, now;
};

/* Adds a kind with count (capped) and items (stolen; may be NULL). Kinds
 * with nothing waiting are left out. A kind seen before (several roles) is
 * merged: counts add, items append up to ITEMS. */
static void kind_add(struct todo *t, const char *kind, const char *title, const char *link,
                     int64_t count, json_t *items)
{
    if (count <= 0) {
        json_decref(items);
        return;
    }
    if (!items)
        items = json_array();
    size_t i;
    json_t *k;
    json_array_foreach(t->kinds, i, k) {
        if (strcmp(json_string_value(json_object_get(k, "kind")), kind) != 0)
            continue;
        int64_t c = json_integer_value(json_object_get(k, "count")) + count;
        json_object_set_new(k, "count", json_integer(c));
        json_t *its = json_object_get(k, "items");
        size_t j;
        json_t *it;
        json_array_foreach(items, j, it) if (json_array_size(its) < ITEMS)
            json_array_append(its, it);
        json_decref(items);
        t->total += count;
        return;
    }
    json_array_append_new(t->kinds,
                          json_pack("{s:s, s:s, s:I, s:b, s:s, s:o}", "kind", kind, "title",
                                    title, "count", (json_int_t)count, "more",
                                    count >= WORK_COUNT_CAP, "link", link, "items", items));
    t->total += count;
}

/* Runs a count query; -1 on error. */
#define COUNT(t, out, sql, ...) (INT1((t)->s, out, sql, __VA_ARGS__) < 0 ? -1 : 0)

/* The subtree range of path. */
struct range {
    char lo[96], hi[96];
};
static void range_of(const char *path, struct range *r)
{
    path_range(path, r->lo, r->hi, sizeof(r->lo));
}

/* ---- kinds of everyone ---- */

static int mine(struct todo *t)
{
    struct store *s = t->s;
    int64_t n = 0;
    /* 待整改: hazards assigned to me */
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM hazards WHERE rectifier_id = ? AND state IN "
              HZ_IN_HAND " AND deleted_at IS NULL" CAP,
              DB_INT(t->user_id)))
        return -1;
    json_t *items =
        n ? ARR(s,
                "SELECT h.title, o.name AS sub, '/hazards/' || h.id AS link, h.deadline AS "
                "\"due_at@\", h.overdue AS \"late?\" FROM hazards h JOIN orgs o ON o.id = h.org_id "
                "WHERE h.rectifier_id = ? AND h.state IN " HZ_IN_HAND " AND "
                "h.deleted_at IS NULL ORDER BY h.deadline, h.id LIMIT 5",
                DB_INT(t->user_id))
          : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "rectify", "待整改", "/hazards", n, items);

    /* 责任书待签 */
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM resp_letters WHERE user_id = ? AND status = "
              "'pending' AND deleted_at IS NULL" CAP,
              DB_INT(t->user_id)))
        return -1;
    items = n ? ARR(s,
                    "SELECT l.title, o.name AS sub, '/resp/letters' AS link, l.issued_at AS "
                    "\"at@\" FROM resp_letters l JOIN orgs o ON o.id = l.issuer_org_id WHERE "
                    "l.user_id = ? AND l.status = 'pending' AND l.deleted_at IS NULL ORDER BY "
                    "l.id LIMIT 5",
                    DB_INT(t->user_id))
              : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "sign_letter", "责任书待签", "/resp/letters", n, items);
    return 0;
}

/* ---- 今日巡查 ---- */

/* [lo, hi) of the period of a plan frequency holding now. */
static void period_of(const char *freq, int64_t now, int64_t *lo, int64_t *hi)
{
    int64_t z = (now + XA_TZ_OFFSET_MS) / XA_DAY_MS;
    if (!strcmp(freq, "weekly")) {
        int64_t wd = ((z + 3) % 7 + 7) % 7;
        *lo = day_start(z - wd);
        *hi = day_start(z - wd + 7);
    } else if (!strcmp(freq, "monthly")) {
        int y;
        unsigned m, d;
        xa_civil_from_days(z, &y, &m, &d);
        *lo = day_start(xa_days_from_civil(y, m, 1));
        *hi = day_start(m == 12 ? xa_days_from_civil(y + 1, 1, 1)
                                : xa_days_from_civil(y, m + 1, 1));
    } else {
        *lo = day_start(z);
        *hi = day_start(z + 1);
    }
}

/* Adds the plans (array of {id, name, frequency, org_name}) with points not
 * yet patrolled in their period. */
static int patrol_plans(struct todo *t, json_t *plans)
{
    size_t i;
    json_t *p;
    int64_t total = 0;
    json_t *items = json_array();
    json_array_foreach(plans, i, p) {
        int64_t id = json_integer_value(json_object_get(p, "id")), lo, hi;
        const char *freq = json_string_value(json_object_get(p, "frequency"));
        period_of(freq ? freq : "daily", t->now, &lo, &hi);
        json_t *pts = ARR(t->s,
                          "SELECT rp.id, rp.name, rp.location FROM patrol_plan_points pp JOIN "
                          "risk_points rp ON rp.id = pp.risk_point_id AND rp.deleted_at IS NULL "
                          "WHERE pp.plan_id = ? AND NOT EXISTS (SELECT 1 FROM patrol_records r "
                          "WHERE r.risk_point_id = rp.id AND r.checked_at >= ? AND r.checked_at "
                          "< ?) ORDER BY rp.id LIMIT 50",
                          DB_INT(id), DB_INT(lo), DB_INT(hi));
        if (!pts) {
            json_decref(items);
            return -1;
        }
        size_t left = json_array_size(pts);
        if (!left) {
            json_decref(pts);
            continue;
        }
        total += (int64_t)left;
        char sub[160];
        snprintf(sub, sizeof(sub), "%s · 还有 %zu 个点位未巡查",
                 json_string_value(json_object_get(p, "org_name")), left);
        json_t *it = json_pack("{s:O, s:s, s:s, s:O, s:I, s:s, s:o}", "title",
                               json_object_get(p, "name"), "sub", sub, "link", "/patrols",
                               "frequency", json_object_get(p, "frequency"), "plan_id",
                               (json_int_t)id, "due_at", "", "points", pts);
        char due[40];
        xa_time_format(hi - 1, due, sizeof(due));
        json_object_set_new(it, "due_at", json_string(due));
        json_array_append_new(items, it);
    }
    kind_add(t, "patrol_today", "今日巡查", "/patrols", total, items);
    return 0;
}

/* ---- a school's managers (principal, safety officer) ---- */

static int school_hazards(struct todo *t, const char *path, const char *state, const char *kind,
                          const char *title)
{
    int64_t n = 0;
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM hazards WHERE org_path = ? AND state = ? AND "
              "deleted_at IS NULL" CAP,
              DB_TEXT(path), DB_TEXT(state)))
        return -1;
    json_t *items = n ? ARR(t->s,
                            "SELECT h.title, h.location AS sub, '/hazards/' || h.id AS link, "
                            "h.deadline AS \"due_at@\", h.overdue AS \"late?\" FROM hazards h WHERE "
                            "h.org_path = ? AND h.state = ? AND h.deleted_at IS NULL ORDER BY "
                            "h.id DESC LIMIT 5",
                            DB_TEXT(path), DB_TEXT(state))
                      : NULL;
    if (n && !items)
        return -1;
    char link[64];
    snprintf(link, sizeof(link), "/hazards?status=%s", state);
    kind_add(t, kind, title, link, n, items);
    return 0;
}

static int school_weekly(struct todo *t, int64_t org_id, const char *path)
{
    char lab[2][16];
    int64_t mon[2];
    work_week_of(t->now - 7 * XA_DAY_MS, lab[0], sizeof(lab[0]), &mon[0]);
    work_week_of(t->now, lab[1], sizeof(lab[1]), &mon[1]);
    json_t *due = json_array(), *late = json_array();
    for (int k = 0; k < 2; k++) {
        int64_t n = 0;
        if (INT1(t->s, &n,
                 "SELECT COUNT(*) FROM report_submissions WHERE kind = 'weekly' AND period = ? "
                 "AND org_id = ?",
                 DB_TEXT(lab[k]), DB_INT(org_id)) < 0)
            goto fail;
        if (n)
            continue;
        int64_t dl = store_work_weekly_deadline(t->s, path, mon[k]);
        if (dl < 0)
            goto fail;
        char wz[48], title[64], at[40];
        week_zh(lab[k], wz, sizeof(wz));
        snprintf(title, sizeof(title), "%s周报", wz);
        xa_time_format(dl, at, sizeof(at));
        bool is_late = t->now > dl;
        json_array_append_new(is_late ? late : due,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "title", title, "sub",
                                        is_late ? "已过截止时间，请尽快补报" : "请按时报送",
                                        "link", "/reports/weekly", "week", lab[k], "due_at",
                                        at, "late", is_late));
    }
    kind_add(t, "weekly_late", "周报已逾期", "/reports/weekly", (int64_t)json_array_size(late),
             late);
    kind_add(t, "weekly_due", "周报待报", "/reports/weekly", (int64_t)json_array_size(due), due);
    return 0;
fail:
    json_decref(due);
    json_decref(late);
    return -1;
}

static int school_simple(struct todo *t, const char *kind, const char *title, const char *link,
                         const char *count_sql, const char *items_sql, const char *path)
{
    int64_t n = 0;
    if (sx_int(t->s, &n, count_sql, 1, PARAMS(DB_TEXT(path))) < 0)
        return -1;
    json_t *items = n ? sx_array(t->s, items_sql, 1, PARAMS(DB_TEXT(path))) : NULL;
    if (n && !items)
        return -1;
    kind_add(t, kind, title, link, n, items);
    return 0;
}

static int school_manager(struct todo *t, int64_t org_id, const char *path)
{
    if (school_hazards(t, path, "reported", "assign", "待交办") ||
        school_hazards(t, path, "submitted", "verify", "待验收"))
        return -1;
    if (school_simple(t, "recheck", "待复查", "/hazards?recheck_due=1",
                      "SELECT COUNT(*) FROM (SELECT 1 FROM hazards WHERE org_path = ? AND "
                      "recheck_due = 1 AND deleted_at IS NULL" CAP,
                      "SELECT h.title, h.location AS sub, '/hazards/' || h.id AS link, "
                      "h.closed_at AS \"at@\" FROM hazards h WHERE h.org_path = ? AND h.recheck_due = "
                      "1 AND h.deleted_at IS NULL ORDER BY h.id LIMIT 5",
                      path))
        return -1;
    if (school_weekly(t, org_id, path))
        return -1;
    if (school_simple(t, "campaign_submit", "专项任务待报送", "/campaign-tasks",
                      "SELECT COUNT(*) FROM (SELECT 1 FROM campaign_assignments ca JOIN "
                      "campaigns c ON c.id = ca.campaign_id AND c.state = 'published' WHERE "
                      "ca.org_path = ? AND ca.state IN ('pending','returned')" CAP,
                      "SELECT t.title, c.title AS sub, '/campaign-tasks' AS link, ca.due_date, "
                      "CASE WHEN ca.state = 'returned' THEN 1 ELSE 0 END AS \"returned?\" FROM "
                      "campaign_assignments ca JOIN campaigns c ON c.id = ca.campaign_id AND "
                      "c.state = 'published' JOIN campaign_tasks t ON t.id = ca.task_id WHERE "
                      "ca.org_path = ? AND ca.state IN ('pending','returned') ORDER BY "
                      "ca.due_date, ca.id LIMIT 5",
                      path))
        return -1;
    if (school_simple(t, "duty_publish", "值班表待发布", "/duty",
                      "SELECT COUNT(*) FROM (SELECT 1 FROM duty_rosters WHERE org_path = ? AND "
                      "state = 'draft' AND deleted_at IS NULL" CAP,
                      "SELECT title, start_date, '/duty' AS link FROM duty_rosters "
                      "WHERE org_path = ? AND state = 'draft' AND deleted_at IS NULL ORDER BY "
                      "start_date LIMIT 5",
                      path))
        return -1;
    if (school_simple(t, "incident_written", "事故续报", "/incidents",
                      "SELECT COUNT(*) FROM (SELECT 1 FROM incidents WHERE org_path = ? AND "
                      "state = 'quick' AND deleted_at IS NULL" CAP,
                      "SELECT title, '请提交书面报告' AS sub, '/incidents' AS link, "
                      "written_due_at AS \"due_at@\" FROM incidents WHERE org_path = ? AND state = "
                      "'quick' AND deleted_at IS NULL ORDER BY written_due_at LIMIT 5",
                      path))
        return -1;
    json_t *plans = ARR(t->s,
                        "SELECT pl.id, pl.name, pl.frequency, o.name AS org_name FROM "
                        "patrol_plans pl JOIN orgs o ON o.id = pl.org_id WHERE pl.org_path = ? "
                        "AND pl.deleted_at IS NULL ORDER BY pl.id LIMIT 20",
                        DB_TEXT(path));
    if (!plans)
        return -1;
    int rc = patrol_plans(t, plans);
    json_decref(plans);
    return rc;
}

/* ---- reminders received (催办 / 催报) still unanswered ---- */

static int reminders(struct todo *t, int64_t org_id, bool manager)
{
    json_t *rows = ARR(
        t->s,
        "SELECT r.kind, r.period, r.note, r.at, r.entity_id, r.target_key, fo.name AS from_name, "
        "h.title AS htitle, h.rectifier_id, tk.title AS ttitle FROM reminders r "
        "JOIN orgs fo ON fo.id = r.from_org_id "
        "LEFT JOIN hazards h ON r.kind = 'hazard' AND h.id = r.entity_id "
        "LEFT JOIN campaign_tasks tk ON r.kind = 'campaign' AND tk.id = r.entity_id "
        "WHERE r.org_id = ? AND r.at > ? AND ("
        "(r.kind = 'hazard' AND h.state IN " HZ_OPEN ") OR "
        "(r.kind = 'weekly' AND NOT EXISTS (SELECT 1 FROM report_submissions rs WHERE rs.kind = "
        "'weekly' AND rs.period = r.period AND rs.org_id = r.org_id)) OR "
        "(r.kind = 'campaign' AND EXISTS (SELECT 1 FROM campaign_assignments ca WHERE "
        "ca.task_id = r.entity_id AND ca.org_id = r.org_id AND ca.state IN "
        "('pending','returned')))) ORDER BY r.at DESC LIMIT 50",
        DB_INT(org_id), DB_INT(t->now - 7 * XA_DAY_MS));
    if (!rows)
        return -1;
    json_t *items = json_array();
    json_t *seen = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *kind = json_string_value(json_object_get(r, "kind"));
        const char *key = json_string_value(json_object_get(r, "target_key"));
        if (json_object_get(seen, key))
            continue;
        bool hz = !strcmp(kind, "hazard");
        if (hz && !manager &&
            json_integer_value(json_object_get(r, "rectifier_id")) != t->user_id)
            continue;
        json_object_set_new(seen, key, json_true());
        char title[300], link[64];
        if (hz) {
            snprintf(title, sizeof(title), "催办：%s",
                     json_string_value(json_object_get(r, "htitle")));
            snprintf(link, sizeof(link), "/hazards/%lld",
                     (long long)json_integer_value(json_object_get(r, "entity_id")));
        } else if (!strcmp(kind, "weekly")) {
            char wz[40];
            week_zh(json_string_value(json_object_get(r, "period")), wz, sizeof(wz));
            snprintf(title, sizeof(title), "催报：%s周报", wz);
            snprintf(link, sizeof(link), "/reports/weekly");
        } else {
            snprintf(title, sizeof(title), "催报：%s",
                     json_string_value(json_object_get(r, "ttitle")));
            snprintf(link, sizeof(link), "/campaign-tasks");
        }
        const char *note = json_string_value(json_object_get(r, "note"));
        char sub[600];
        snprintf(sub, sizeof(sub), "%s%s%s", json_string_value(json_object_get(r, "from_name")),
                 note && *note ? "：" : "", note ? note : "");
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:O}", "title", title, "sub",
                                               sub, "link", link, "at", json_object_get(r, "at")));
    }
    json_decref(seen);
    json_decref(rows);
    kind_add(t, "reminded", "催办催报", "/messages", (int64_t)json_array_size(items), items);
    return 0;
}

/* ---- a bureau (admin at a region) ---- */

static int region_admin(struct todo *t, int64_t org_id, const char *path, const char *kind)
{
    struct range r;
    range_of(path, &r);
    struct store *s = t->s;
    int64_t n = 0;
    /* 待督办销号: supervised hazards waiting on the bureau to strike off (read
     * by state first: work_hazards_supervised_state, migration 0021) */
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM hazards WHERE supervised = 1 AND deleted_at IS "
              "NULL AND org_path >= ? AND org_path < ? AND state IN " HZ_AWAITING_CLOSE CAP,
              DB_TEXT(r.lo), DB_TEXT(r.hi)))
        return -1;
    json_t *items =
        n ? ARR(s,
                "SELECT h.title, o.name AS sub, '/hazards/' || h.id AS link FROM hazards h JOIN "
                "orgs o ON o.id = h.org_id WHERE h.supervised = 1 AND h.deleted_at IS NULL AND "
                "h.org_path >= ? AND h.org_path < ? AND h.state IN " HZ_AWAITING_CLOSE
                " ORDER BY h.org_path, h.state, h.id LIMIT 5",
                DB_TEXT(r.lo), DB_TEXT(r.hi))
          : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "supervise_close", "待督办销号", "/supervision", n, items);

    /* 升级督办: open hazards escalated to this bureau */
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM hazards WHERE escalated_org_id = ? AND state "
              "IN " HZ_OPEN " AND deleted_at IS NULL" CAP,
              DB_INT(org_id)))
        return -1;
    items = n ? ARR(s,
                    "SELECT h.title, o.name AS sub, '/hazards/' || h.id AS link, h.deadline AS "
                    "\"due_at@\", h.overdue AS \"late?\" FROM hazards h JOIN orgs o ON o.id = "
                    "h.org_id WHERE h.escalated_org_id = ? AND h.state IN " HZ_OPEN
                    " AND h.deleted_at IS NULL ORDER BY h.deadline, h.id LIMIT 5",
                    DB_INT(org_id))
              : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "escalated", "逾期升级待督办", "/supervision", n, items);

    /* 周报已逾期: schools that missed last week's report; the county chases
     * them (a city or the province reads it in the weekly report) */
    bool chases = !strcmp(kind, "county") || !strcmp(kind, "township");
    char lab[16];
    int64_t mon;
    work_week_of(t->now - 7 * XA_DAY_MS, lab, sizeof(lab), &mon);
    int64_t dl = store_work_weekly_deadline(s, path, mon);
    if (dl < 0)
        return -1;
    if (chases && t->now > dl) {
        int64_t schools = 0, sub = 0;
        if (INT1(s, &schools,
                 "SELECT COUNT(*) FROM orgs WHERE kind = 'school' AND deleted_at IS NULL AND "
                 "path >= ? AND path < ?",
                 DB_TEXT(r.lo), DB_TEXT(r.hi)) < 0 ||
            INT1(s, &sub,
                 "SELECT COUNT(*) FROM report_submissions WHERE kind = 'weekly' AND period = ? "
                 "AND org_path >= ? AND org_path < ?",
                 DB_TEXT(lab), DB_TEXT(r.lo), DB_TEXT(r.hi)) < 0)
            return -1;
        n = schools - sub;
        items = n > 0 ? ARR(s,
                            "SELECT o.name AS title, '未报送周报' AS sub, '/reports/weekly' AS "
                            "link FROM orgs o WHERE o.kind = 'school' AND o.deleted_at IS NULL "
                            "AND o.path >= ? AND o.path < ? AND NOT EXISTS (SELECT 1 FROM "
                            "report_submissions rs WHERE rs.kind = 'weekly' AND rs.period = ? "
                            "AND rs.org_id = o.id) ORDER BY o.path LIMIT 5",
                            DB_TEXT(r.lo), DB_TEXT(r.hi), DB_TEXT(lab))
                      : NULL;
        if (n > 0 && !items)
            return -1;
        char wz[48], title[80];
        week_zh(lab, wz, sizeof(wz));
        snprintf(title, sizeof(title), "%s周报逾期未报", wz);
        kind_add(t, "weekly_missing", title, "/reports/weekly", n, items);
    }

    /* 专项任务待审核: submissions to the campaigns this bureau issued */
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM campaign_assignments ca JOIN campaigns c ON "
              "c.id = ca.campaign_id WHERE ca.state = 'submitted' AND ca.org_path >= ? AND "
              "ca.org_path < ? AND c.org_id = ?" CAP,
              DB_TEXT(r.lo), DB_TEXT(r.hi), DB_INT(org_id)))
        return -1;
    items = n ? ARR(s,
                    "SELECT tk.title, o.name AS sub, '/campaigns/' || c.id AS link, "
                    "ca.submitted_at AS \"at@\" FROM campaign_assignments ca JOIN campaigns c ON "
                    "c.id = ca.campaign_id JOIN campaign_tasks tk ON tk.id = ca.task_id JOIN "
                    "orgs o ON o.id = ca.org_id WHERE ca.state = 'submitted' AND ca.org_path >= "
                    "? AND ca.org_path < ? AND c.org_id = ? ORDER BY ca.org_path, ca.id LIMIT 5",
                    DB_TEXT(r.lo), DB_TEXT(r.hi), DB_INT(org_id))
              : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "campaign_review", "专项任务待审核", "/campaigns", n, items);

    /* 举报待受理 */
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM tipoffs WHERE status = 'received' AND "
              "deleted_at IS NULL AND org_path >= ? AND org_path < ?" CAP,
              DB_TEXT(r.lo), DB_TEXT(r.hi)))
        return -1;
    items = n ? ARR(s,
                    "SELECT c.name_zh || '类举报' AS title, o.name AS sub, '/tipoffs' AS link, "
                    "tp.created_at AS \"at@\" FROM tipoffs tp JOIN orgs o ON o.id = tp.org_id JOIN "
                    "categories c ON c.code = tp.category WHERE tp.status = 'received' AND "
                    "tp.deleted_at IS NULL AND tp.org_path >= ? AND tp.org_path < ? ORDER BY "
                    "tp.org_path, tp.id LIMIT 5",
                    DB_TEXT(r.lo), DB_TEXT(r.hi))
              : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "tipoff_accept", "举报待受理", "/tipoffs", n, items);
    return 0;
}

/* 待复查 (回头看) of a region: inspectors and bureau admins. */
static int region_recheck(struct todo *t, const char *path)
{
    struct range r;
    range_of(path, &r);
    int64_t n = 0;
    if (COUNT(t, &n,
              "SELECT COUNT(*) FROM (SELECT 1 FROM hazards WHERE recheck_due = 1 AND deleted_at "
              "IS NULL AND org_path >= ? AND org_path < ?" CAP,
              DB_TEXT(r.lo), DB_TEXT(r.hi)))
        return -1;
    json_t *items = n ? ARR(t->s,
                            "SELECT h.title, o.name AS sub, '/hazards/' || h.id AS link FROM "
                            "hazards h JOIN orgs o ON o.id = h.org_id WHERE h.recheck_due = 1 "
                            "AND h.deleted_at IS NULL AND h.org_path >= ? AND h.org_path < ? "
                            "ORDER BY h.org_path, h.id LIMIT 5",
                            DB_TEXT(r.lo), DB_TEXT(r.hi))
                      : NULL;
    if (n && !items)
        return -1;
    kind_add(t, "recheck", "待复查", "/hazards?recheck_due=1", n, items);
    return 0;
}

static bool seen_path(const char (*paths)[96], int n, const char *p)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(paths[i], p))
            return true;
    return false;
}

json_t *store_work_todo(struct store *s, int64_t user_id, const struct work_role *roles,
                        int nroles, int64_t now)
{
    struct todo t = {.s = s, .kinds = json_array(), .user_id = user_id, .now = now};
    char done[16][96];
    int ndone = 0;
    if (mine(&t))
        goto fail;
    bool staff_plans = false;
    for (int i = 0; i < nroles && i < 16; i++) {
        const struct work_role *w = &roles[i];
        bool school = !strcmp(w->kind, "school");
        bool mgr = !strcmp(w->role, "principal") || !strcmp(w->role, "safety_officer");
        char key[96];
        snprintf(key, sizeof(key), "%c%s", mgr ? 'm' : !strcmp(w->role, "bureau_admin") ? 'b'
                                           : !strcmp(w->role, "inspector")   ? 'i'
                                                                             : 's',
                 w->path);
        if (seen_path(done, ndone, key))
            continue;
        snprintf(done[ndone++], sizeof(done[0]), "%s", key);
        if (school && mgr) {
            if (school_manager(&t, w->org_id, w->path) || reminders(&t, w->org_id, true))
                goto fail;
        } else if (school) {
            staff_plans = true;
            if (reminders(&t, w->org_id, false))
                goto fail;
        } else if (!strcmp(w->role, "bureau_admin")) {
            if (region_admin(&t, w->org_id, w->path, w->kind) || region_recheck(&t, w->path))
                goto fail;
        } else if (!strcmp(w->role, "inspector")) {
            if (region_recheck(&t, w->path))
                goto fail;
        }
    }
    if (staff_plans) {
        /* a teacher's own patrol plans (a manager sees the school's) */
        json_t *plans = ARR(s,
                            "SELECT pl.id, pl.name, pl.frequency, o.name AS org_name FROM "
                            "patrol_plan_assignees a JOIN patrol_plans pl ON pl.id = a.plan_id "
                            "AND pl.deleted_at IS NULL JOIN orgs o ON o.id = pl.org_id WHERE "
                            "a.user_id = ? ORDER BY pl.id LIMIT 20",
                            DB_INT(user_id));
        if (!plans)
            goto fail;
        bool has = false;
        size_t i;
        json_t *k;
        json_array_foreach(t.kinds, i, k) has |=
            !strcmp(json_string_value(json_object_get(k, "kind")), "patrol_today");
        int rc = has ? 0 : patrol_plans(&t, plans);
        json_decref(plans);
        if (rc)
            goto fail;
    }
    return json_pack("{s:I, s:o}", "total", (json_int_t)t.total, "kinds", t.kinds);
fail:
    json_decref(t.kinds);
    return NULL;
}

/* ---- inbox ---- */

json_t *store_work_inbox(struct store *s, int64_t user_id, bool unread_only,
                         const struct page *pg)
{
    int64_t total = 0, unread = 0;
    if (INT1(s, &total,
             unread_only ? "SELECT COUNT(*) FROM messages WHERE user_id = ? AND read_at IS NULL"
                         : "SELECT COUNT(*) FROM messages WHERE user_id = ?",
             DB_INT(user_id)) < 0 ||
        store_work_unread(s, user_id, &unread))
        return NULL;
    json_t *items = ARR(s,
                        unread_only
                            ? "SELECT id, kind, title, body, link, created_at AS \"created_at@\", "
                              "read_at AS \"read_at@\", "
                              "CASE WHEN read_at IS NULL THEN 0 ELSE 1 END AS \"read?\" FROM "
                              "messages WHERE user_id = ? AND read_at IS NULL ORDER BY id DESC "
                              "LIMIT ? OFFSET ?"
                            : "SELECT id, kind, title, body, link, created_at AS \"created_at@\", "
                              "read_at AS \"read_at@\", "
                              "CASE WHEN read_at IS NULL THEN 0 ELSE 1 END AS \"read?\" FROM "
                              "messages WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                        DB_INT(user_id), DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
    if (!items)
        return NULL;
    json_t *o = store_page_json(items, total, pg);
    json_object_set_new(o, "unread", json_integer(unread));
    return o;
}

int store_work_unread(struct store *s, int64_t user_id, int64_t *n)
{
    return INT1(s, n, "SELECT COUNT(*) FROM messages WHERE user_id = ? AND read_at IS NULL",
                DB_INT(user_id)) < 0
               ? -1
               : 0;
}

int store_work_mark_read(struct change *c, int64_t id)
{
    int64_t n = 0;
    if (INT1(c->s, &n, "SELECT COUNT(*) FROM messages WHERE id = ? AND user_id = ?", DB_INT(id),
             DB_INT(c->user_id)) < 0)
        return -1;
    if (!n)
        return change_fail(c, XE_MESSAGE_NOT_FOUND, "id");
    return EXEC(c->s,
                "UPDATE messages SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
                DB_INT(c->at), DB_INT(id), DB_INT(c->user_id)) < 0
               ? -1
               : 0;
}

int64_t store_work_mark_all_read(struct change *c)
{
    return EXEC(c->s, "UPDATE messages SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                DB_INT(c->at), DB_INT(c->user_id));
}
