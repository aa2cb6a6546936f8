/*
 * campaign.c - campaigns (专项行动) and special-period plans: stages,
 * tasks, per-school assignments made on publish, submissions and reviews,
 * progress figures. See store_campaign.h.
 */
#include "core/compat.h"
#include "store/store_campaign.h"
#include "store/store_int.h"
#include "store/store_work.h"


static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The figures of a set of assignments "a"; two placeholders (today). */
#define SUMIF(cond) "CAST(COALESCE(SUM(CASE WHEN " cond " THEN 1 ELSE 0 END), 0) AS BIGINT)"
/* clang-format off */
#define FIG_COLS                                                                                   \
    "COUNT(DISTINCT a.org_id) AS schools, COUNT(a.id) AS total, "                                 \
    SUMIF("a.due_date < ?") " AS due, "                                                           \
    SUMIF("a.state IN ('submitted','accepted')") " AS done, "                                     \
    SUMIF("a.state = 'accepted'") " AS accepted, "                                                \
    SUMIF("a.state = 'returned'") " AS returned, "                                                \
    SUMIF("a.state = 'pending'") " AS pending, "                                                  \
    SUMIF("a.late = 1") " AS late, "                                                              \
    SUMIF("a.due_date < ? AND a.state IN ('pending','returned')") " AS overdue"
/* clang-format on */
#define FIG_PARAMS(today) DB_TEXT(today), DB_TEXT(today)

/* Adds pct (done / total) and accepted_pct, whole percents. */
static void add_pct(json_t *o)
{
    int64_t total = json_integer_value(json_object_get(o, "total"));
    int64_t done = json_integer_value(json_object_get(o, "done"));
    int64_t acc = json_integer_value(json_object_get(o, "accepted"));
    json_object_set_new(o, "pct", json_integer(total ? (done * 100 + total / 2) / total : 0));
    json_object_set_new(o, "accepted_pct",
                        json_integer(total ? (acc * 100 + total / 2) / total : 0));
}

/* Moves the figure columns of row into a "figures" object. */
static void nest_figures(json_t *row)
{
    static const char *const keys[] = {"schools",  "total",   "due",  "done",    "accepted",
                                       "returned", "pending", "late", "overdue", NULL};
    json_t *f = json_object();
    for (const char *const *k = keys; *k; k++) {
        json_t *v = json_object_get(row, *k);
        json_object_set_new(f, *k, json_integer(json_integer_value(v)));
        json_object_del(row, *k);
    }
    add_pct(f);
    json_object_set_new(row, "figures", f);
}

/* ---- campaigns ---- */

static int insert_children(struct store *s, int64_t id, const struct camp_in *in)
{
    for (size_t i = 0; i < in->nstages; i++) {
        const struct camp_stage_in *st = &in->stages[i];
        int64_t sid = 0;
        if (INT1(s, &sid,
                 "INSERT INTO campaign_stages (campaign_id, seq, name, start_date, end_date) "
                 "VALUES (?, ?, ?, ?, ?) RETURNING id",
                 DB_INT(id), DB_INT((int64_t)i + 1), DB_TEXT(st->name), DB_TEXT(st->start_date),
                 DB_TEXT(st->end_date)) != 1)
            return -1;
        for (size_t k = 0; k < st->ntasks; k++) {
            const struct camp_task_in *t = &st->tasks[k];
            if (EXEC(s,
                     "INSERT INTO campaign_tasks (campaign_id, stage_id, seq, title, requirement, "
                     "due_date, need_text, need_photo, need_roster, counts_json) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     DB_INT(id), DB_INT(sid), DB_INT((int64_t)k + 1), DB_TEXT(t->title),
                     DB_TEXT(nz(t->requirement)), DB_TEXT(t->due_date), DB_INT(t->need_text),
                     DB_INT(t->need_photo), DB_INT(t->need_roster),
                     DB_TEXT(t->count_fields ? t->count_fields : "[]")) < 0)
                return -1;
        }
    }
    return 0;
}

int64_t store_camp_create(struct change *c, const struct camp_in *in, const char *today,
                          json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, id = 0;
    if (INT1(s, &id,
             "INSERT INTO campaigns (org_id, org_path, kind, title, description, categories_json, "
             "start_date, end_date, created_at, created_by, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->kind), DB_TEXT(in->title),
             DB_TEXT(nz(in->description)), DB_TEXT(in->categories ? in->categories : "[]"),
             DB_TEXT(in->start_date), DB_TEXT(in->end_date), DB_INT(now), DB_ID(user_id),
             DB_INT(now)) != 1)
        return -1;
    if (insert_children(s, id, in)) return -1;
    json_t *a = store_camp_get(s, id, today);
    if (!a || change_audit(c, "create", "campaign", id, in->org_id, in->org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    if (after)
        *after = a;
    else
        json_decref(a);
    return id;
}

/* The campaign's image and org path for an audit row; -1 on failure. */
static int camp_image(struct change *c, int64_t id, const char *today, json_t **img, char *path,
                      size_t len)
{
    *img = store_camp_get(c->s, id, today);
    if (!*img) {
        if (store_errclass(c->s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    if (store_camp_locate(c->s, id, path, len) != 1) {
        json_decref(*img);
        *img = NULL;
        return -1;
    }
    return 0;
}

int store_camp_replace(struct change *c, int64_t id, const struct camp_in *in, const char *today,
                       json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    char path[96];
    json_t *before = NULL, *a = NULL;
    if (camp_image(c, id, today, &before, path, sizeof(path))) return -1;
    if (EXEC(s,
             "UPDATE campaigns SET kind = ?, title = ?, description = ?, categories_json = ?, "
             "start_date = ?, end_date = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
             DB_TEXT(in->kind), DB_TEXT(in->title), DB_TEXT(nz(in->description)),
             DB_TEXT(in->categories ? in->categories : "[]"), DB_TEXT(in->start_date),
             DB_TEXT(in->end_date), DB_INT(now), DB_INT(id)) < 0 ||
        EXEC(s,
             "UPDATE campaign_tasks SET deleted_at = ? WHERE campaign_id = ? AND deleted_at IS "
             "NULL",
             DB_INT(now), DB_INT(id)) < 0 ||
        EXEC(s,
             "UPDATE campaign_stages SET deleted_at = ? WHERE campaign_id = ? AND deleted_at IS "
             "NULL",
             DB_INT(now), DB_INT(id)) < 0 ||
        insert_children(s, id, in) || !(a = store_camp_get(s, id, today)) ||
        change_audit(c, "update", "campaign", id, json_integer_value(json_object_get(before, "org_id")),
                     path, before, a, NULL)) {
        json_decref(before);
        json_decref(a);
        return -1;
    }
    json_decref(before);
    return sx_give(a, after);
}

#define CAMP_COLS                                                                                  \
    "c.id, c.org_id, o.name AS org_name, o.kind AS org_kind, c.kind, c.title, c.description, "     \
    "c.categories_json, c.start_date, c.end_date, c.state, c.summary, "                            \
    "c.published_at AS \"published_at@\", c.closed_at AS \"closed_at@\", "                          \
    "c.created_at AS \"created_at@\", c.updated_at AS \"updated_at@\""

json_t *store_camp_get(struct store *s, int64_t id, const char *today)
{
    json_t *c = OBJ1(s,
                     "SELECT " CAMP_COLS " FROM campaigns c JOIN orgs o ON o.id = c.org_id "
                     "WHERE c.id = ? AND c.deleted_at IS NULL",
                     DB_INT(id));
    if (!c) return NULL;
    json_t *stages = ARR(s,
                         "SELECT id, seq, name, start_date, end_date "
                         "FROM campaign_stages WHERE campaign_id = ? AND deleted_at IS NULL "
                         "ORDER BY seq",
                         DB_INT(id));
    json_t *tasks = ARR(s,
                        "SELECT id, stage_id, seq, title, requirement, due_date, "
                        "need_text AS \"need_text?\", need_photo AS \"need_photo?\", "
                        "need_roster AS \"need_roster?\", "
                        "counts_json AS count_fields_json FROM campaign_tasks "
                        "WHERE campaign_id = ? AND deleted_at IS NULL ORDER BY stage_id, seq",
                        DB_INT(id));
    json_t *figs = ARR(s,
                       "SELECT a.task_id, " FIG_COLS " FROM campaign_assignments a "
                       "WHERE a.campaign_id = ? GROUP BY a.task_id",
                       FIG_PARAMS(today), DB_INT(id));
    json_t *all = store_camp_figures(s, id, "/", today);
    if (!stages || !tasks || !figs || !all) {
        json_decref(c);
        json_decref(stages);
        json_decref(tasks);
        json_decref(figs);
        json_decref(all);
        return NULL;
    }
    size_t i, k;
    json_t *st, *t, *f;
    json_array_foreach(stages, i, st) json_object_set_new(st, "tasks", json_array());
    json_array_foreach(tasks, k, t)
    {
        int64_t tid = json_integer_value(json_object_get(t, "id"));
        json_t *mine = NULL;
        json_array_foreach(figs, i, f)
        {
            if (json_integer_value(json_object_get(f, "task_id")) == tid) {
                mine = f;
                break;
            }
        }
        if (mine) {
            json_object_del(mine, "task_id");
            nest_figures(mine);
            json_object_set(t, "figures", json_object_get(mine, "figures"));
        } else {
            json_t *z = json_pack("{s:i, s:i}", "schools", 0, "total", 0);
            nest_figures(z);
            json_object_set(t, "figures", json_object_get(z, "figures"));
            json_decref(z);
        }
        int64_t sid = json_integer_value(json_object_get(t, "stage_id"));
        json_array_foreach(stages, i, st)
        {
            if (json_integer_value(json_object_get(st, "id")) == sid) {
                json_array_append(json_object_get(st, "tasks"), t);
                break;
            }
        }
    }
    json_decref(tasks);
    json_decref(figs);
    json_object_set_new(c, "stages", stages);
    json_object_set_new(c, "figures", all);
    return c;
}

int store_camp_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len, "SELECT org_path FROM campaigns WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

int store_camp_state(struct store *s, int64_t id, char *state, size_t len)
{
    return TEXT1(s, state, len, "SELECT state FROM campaigns WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_camp_list(struct store *s, const struct scope *sc, const char *kind,
                        const char *state, const char *q, const char *today, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char like[200];
    sx_like(nz(q), like, sizeof(like));
#define C_WHERE                                                                                    \
    " FROM campaigns c JOIN orgs o ON o.id = c.org_id WHERE c.deleted_at IS NULL AND " SCOPE_SQL(  \
        "c.org_path") " AND (? = '' OR c.kind = ?) AND (? = '' OR c.state = ?) "                   \
                      "AND (? = '' OR c.title LIKE ? ESCAPE '\\')"
#define C_PARAMS                                                                                   \
    SCOPE_PARAMS(b), DB_TEXT(nz(kind)), DB_TEXT(nz(kind)), DB_TEXT(nz(state)), DB_TEXT(nz(state)), \
        DB_TEXT(nz(q)), DB_TEXT(like)
#define SUB(cond)                                                                                  \
    "(SELECT COUNT(*) FROM campaign_assignments a WHERE a.campaign_id = c.id AND " cond ")"
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" C_WHERE, C_PARAMS) < 0) return NULL;
    /* clang-format off */
    json_t *items = ARR(s,
        "SELECT " CAMP_COLS ", "
        "(SELECT COUNT(DISTINCT a.org_id) FROM campaign_assignments a "
        "WHERE a.campaign_id = c.id) AS schools, "
        SUB("1 = 1") " AS total, "
        SUB("a.due_date < ?") " AS due, "
        SUB("a.state IN ('submitted','accepted')") " AS done, "
        SUB("a.state = 'accepted'") " AS accepted, "
        SUB("a.state = 'returned'") " AS returned, "
        SUB("a.state = 'pending'") " AS pending, "
        SUB("a.late = 1") " AS late, "
        SUB("a.due_date < ? AND a.state IN ('pending','returned')") " AS overdue"
        C_WHERE " ORDER BY c.start_date DESC, c.id DESC LIMIT ? OFFSET ?",
        DB_TEXT(today), DB_TEXT(today), C_PARAMS, DB_INT(pg->per_page),
        DB_INT((pg->page - 1) * pg->per_page));
    /* clang-format on */
#undef C_WHERE
#undef C_PARAMS
#undef SUB
    if (!items) return NULL;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) nest_figures(it);
    return store_page_json(items, total, pg);
}

int store_camp_school_count(struct store *s, const char *path, int64_t *n)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return INT1(s, n,
                "SELECT COUNT(*) FROM orgs WHERE kind = 'school' AND deleted_at IS NULL AND "
                "path >= ? AND path < ?",
                DB_TEXT(lo), DB_TEXT(hi));
}

int store_camp_task_count(struct store *s, int64_t id, int64_t *n)
{
    return INT1(s, n,
                "SELECT COUNT(*) FROM campaign_tasks WHERE campaign_id = ? AND deleted_at IS NULL",
                DB_INT(id));
}

int64_t store_camp_publish(struct change *c, int64_t id, const char *today, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    char path[96], lo[128], hi[128];
    if (store_camp_locate(s, id, path, sizeof(path)) != 1) return -1;
    path_range(path, lo, hi, sizeof(lo));
    /* the state moves first, so a second publish racing this one waits on
     * the row and then finds it published */
    int64_t ch = EXEC(s,
                      "UPDATE campaigns SET state = 'published', published_at = ?, "
                      "published_by = ?, updated_at = ? WHERE id = ? AND state = 'draft' AND "
                      "deleted_at IS NULL",
                      DB_INT(now), DB_ID(user_id), DB_INT(now), DB_INT(id));
    if (ch <= 0) return ch < 0 ? -1 : change_fail(c, XE_CAMP_PUBLISHED, "state");
    int64_t n = EXEC(s,
                     "INSERT INTO campaign_assignments (campaign_id, task_id, org_id, org_path, "
                     "due_date, updated_at) "
                     "SELECT t.campaign_id, t.id, o.id, o.path, t.due_date, ? "
                     "FROM campaign_tasks t JOIN orgs o ON o.kind = 'school' AND "
                     "o.deleted_at IS NULL AND o.path >= ? AND o.path < ? "
                     "WHERE t.campaign_id = ? AND t.deleted_at IS NULL",
                     DB_INT(now), DB_TEXT(lo), DB_TEXT(hi), DB_INT(id));
    if (n < 0 || store_work_campaign_published(s, id, now) < 0) return -1;
    json_t *a = store_camp_get(s, id, today);
    char note[64];
    snprintf(note, sizeof(note), "下发任务 %lld 条", (long long)n);
    if (!a || change_audit(c, "publish", "campaign", id,
                           json_integer_value(json_object_get(a, "org_id")), path, NULL, NULL, note)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return n;
}

/* The audit row of a campaign write without images, and the after-image. */
static int camp_done(struct change *c, int64_t id, const char *action, const char *today,
                     json_t **after)
{
    char path[96];
    json_t *a = NULL;
    if (camp_image(c, id, today, &a, path, sizeof(path)) ||
        change_audit(c, action, "campaign", id, json_integer_value(json_object_get(a, "org_id")),
                     path, NULL, NULL, NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_give(a, after);
}

int store_camp_close(struct change *c, int64_t id, const char *summary, const char *today,
                     json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    int64_t n = EXEC(s,
                     "UPDATE campaigns SET state = 'closed', closed_at = ?, closed_by = ?, "
                     "summary = CASE WHEN ? = 1 THEN ? ELSE summary END, updated_at = ? "
                     "WHERE id = ? AND state = 'published'",
                     DB_INT(now), DB_ID(user_id), DB_INT(summary != NULL), DB_TEXT(nz(summary)),
                     DB_INT(now), DB_INT(id));
    if (n < 0) return -1;
    if (n == 0) return change_fail(c, XE_CAMP_NOT_OPEN, "state");
    return camp_done(c, id, "close", today, after);
}

int store_camp_set_summary(struct change *c, int64_t id, const char *summary, const char *today,
                           json_t **after)
{
    if (EXEC(c->s, "UPDATE campaigns SET summary = ?, updated_at = ? WHERE id = ?",
             DB_TEXT(nz(summary)), DB_INT(c->at), DB_INT(id)) < 0)
        return -1;
    return camp_done(c, id, "summary", today, after);
}

int store_camp_delete(struct change *c, int64_t id, const char *today)
{
    char path[96];
    json_t *before = NULL;
    if (camp_image(c, id, today, &before, path, sizeof(path))) return -1;
    int rc = EXEC(c->s,
                  "UPDATE campaigns SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                  "deleted_at IS NULL",
                  DB_INT(c->at), DB_ID(c->user_id), DB_INT(id)) < 0 ||
                     change_audit(c, "delete", "campaign", id,
                                  json_integer_value(json_object_get(before, "org_id")), path,
                                  before, NULL, NULL)
                 ? -1
                 : 0;
    json_decref(before);
    return rc;
}

json_t *store_camp_figures(struct store *s, int64_t id, const char *path, const char *today)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    json_t *o = OBJ1(s,
                     "SELECT " FIG_COLS " FROM campaign_assignments a WHERE a.campaign_id = ? "
                     "AND a.org_path >= ? AND a.org_path < ?",
                     FIG_PARAMS(today), DB_INT(id), DB_TEXT(lo), DB_TEXT(hi));
    if (!o) return NULL;
    json_t *row = json_object();
    json_object_update(row, o);
    json_decref(o);
    nest_figures(row);
    json_t *f = json_incref(json_object_get(row, "figures"));
    json_decref(row);
    return f;
}

json_t *store_camp_progress(struct store *s, int64_t id, int64_t node_id, const char *today)
{
    json_t *rows = ARR(s,
                       "SELECT c.id AS org_id, c.name, c.kind, c.path, c.school_type, " FIG_COLS
                       " FROM orgs c LEFT JOIN campaign_assignments a ON a.campaign_id = ? AND "
                       "a.org_path >= c.path AND "
                       "a.org_path < (substr(c.path, 1, length(c.path) - 1) || '0') "
                       "WHERE c.parent_id = ? AND c.deleted_at IS NULL "
                       "GROUP BY c.id, c.name, c.kind, c.path, c.school_type, c.code "
                       "ORDER BY c.kind, c.code",
                       FIG_PARAMS(today), DB_INT(id), DB_INT(node_id));
    if (!rows) return NULL;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) nest_figures(r);
    return rows;
}

json_t *store_camp_counts(struct store *s, int64_t id)
{
    return ARR(s,
               "SELECT task_id, counts_json FROM campaign_assignments WHERE campaign_id = ? "
               "AND state IN ('submitted','accepted')",
               DB_INT(id));
}

/* ---- assignments ---- */

#define ASSIGN_COLS                                                                                \
    "a.id, a.campaign_id, c.title AS campaign_title, c.kind AS campaign_kind, "                    \
    "c.state AS campaign_state, a.task_id, t.title AS task_title, t.requirement, "                 \
    "st.name AS stage_name, st.seq AS stage_seq, a.due_date, "                                     \
    "t.need_text AS \"need_text?\", t.need_photo AS \"need_photo?\", "                             \
    "t.need_roster AS \"need_roster?\", a.roster_id, dr.title AS roster_title, "                   \
    "t.counts_json AS count_fields_json, a.org_id, o.name AS org_name, a.state, "                  \
    "a.late AS \"late?\", CASE WHEN a.due_date < ? AND a.state IN ('pending','returned') "         \
    "THEN 1 ELSE 0 END AS \"overdue?\", a.submissions, "                                           \
    "a.first_submitted_at AS \"first_submitted_at@\", a.submitted_at AS \"submitted_at@\", "       \
    "a.text, a.counts_json, a.photos_json AS photo_ids_json, a.return_reason, a.review_note, "     \
    "a.reviewed_at AS \"reviewed_at@\", a.updated_at AS \"updated_at@\""
#define ASSIGN_FROM                                                                                \
    " FROM campaign_assignments a JOIN campaigns c ON c.id = a.campaign_id "                       \
    "JOIN campaign_tasks t ON t.id = a.task_id JOIN campaign_stages st ON st.id = t.stage_id "     \
    "JOIN orgs o ON o.id = a.org_id LEFT JOIN duty_rosters dr ON dr.id = a.roster_id"

json_t *store_camp_assign_list(struct store *s, const struct scope *sc, int64_t campaign_id,
                               int64_t task_id, const char *state, const char *today,
                               const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define A_WHERE                                                                                    \
    ASSIGN_FROM " WHERE c.deleted_at IS NULL AND " SCOPE_SQL(                                      \
        "a.org_path") " AND (? = 0 OR a.campaign_id = ?) AND (? = 0 OR a.task_id = ?) "            \
                      "AND (? = '' OR a.state = ? OR (? = 'overdue' AND a.due_date < ? AND "       \
                      "a.state IN ('pending','returned')))"
#define A_PARAMS                                                                                   \
    SCOPE_PARAMS(b), DB_INT(campaign_id), DB_INT(campaign_id), DB_INT(task_id), DB_INT(task_id),   \
        DB_TEXT(nz(state)), DB_TEXT(nz(state)), DB_TEXT(nz(state)), DB_TEXT(today)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" A_WHERE, A_PARAMS) < 0) return NULL;
    json_t *items = ARR(
        s,
        "SELECT " ASSIGN_COLS A_WHERE " ORDER BY CASE WHEN c.state = 'closed' THEN 1 ELSE 0 END, "
        "CASE a.state WHEN 'returned' THEN 0 WHEN 'pending' THEN 1 "
        "WHEN 'submitted' THEN 2 ELSE 3 END, a.due_date, o.path, st.seq, t.seq, a.id "
        "LIMIT ? OFFSET ?",
        DB_TEXT(today), A_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef A_WHERE
#undef A_PARAMS
    if (!items) return NULL;
    return store_page_json(items, total, pg);
}

json_t *store_camp_assign_get(struct store *s, int64_t id, const char *today)
{
    json_t *a =
        OBJ1(s, "SELECT " ASSIGN_COLS ASSIGN_FROM " WHERE a.id = ?", DB_TEXT(today), DB_INT(id));
    if (!a) return NULL;
    json_t *subs = ARR(s,
                       "SELECT m.id, m.text, m.counts_json, m.photos_json AS photo_ids_json, "
                       "m.roster_id, m.late AS \"late?\", m.submitted_at AS \"submitted_at@\", "
                       "m.submitted_by, u.name AS submitted_by_name, m.outcome, m.reason, "
                       "m.reviewed_at AS \"reviewed_at@\", "
                       "m.reviewed_by, v.name AS reviewed_by_name FROM campaign_submissions m "
                       "LEFT JOIN users u ON u.id = m.submitted_by "
                       "LEFT JOIN users v ON v.id = m.reviewed_by "
                       "WHERE m.assignment_id = ? ORDER BY m.id",
                       DB_INT(id));
    if (!subs) {
        json_decref(a);
        return NULL;
    }
    json_object_set_new(a, "submissions_list", subs);
    return a;
}

int store_camp_assign_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT a.org_path FROM campaign_assignments a JOIN campaigns c ON "
                 "c.id = a.campaign_id WHERE a.id = ? AND c.deleted_at IS NULL",
                 DB_INT(id));
}

int store_camp_assign_find(struct store *s, int64_t task_id, int64_t org_id, int64_t *id,
                           char *state, size_t slen)
{
    struct db_stmt *st = Q(s,
                           "SELECT id, state FROM campaign_assignments WHERE task_id = ? AND "
                           "org_id = ?",
                           DB_INT(task_id), DB_INT(org_id));
    if (!st) return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *id = s->drv->col_int(st, 0);
        snprintf(state, slen, "%s", s->drv->col_text(st, 1));
    }
    s->drv->finish(st);
    return rc;
}

int store_camp_task_info(struct store *s, int64_t task_id, struct camp_task_info *out)
{
    memset(out, 0, sizeof(*out));
    struct db_stmt *st =
        Q(s,
          "SELECT c.id, c.state, c.org_path, t.due_date, t.need_text, t.need_photo, t.counts_json, "
          "t.need_roster "
          "FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id "
          "WHERE t.id = ? AND t.deleted_at IS NULL AND c.deleted_at IS NULL",
          DB_INT(task_id));
    if (!st) return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        out->campaign_id = s->drv->col_int(st, 0);
        snprintf(out->campaign_state, sizeof(out->campaign_state), "%s", s->drv->col_text(st, 1));
        snprintf(out->campaign_path, sizeof(out->campaign_path), "%s", s->drv->col_text(st, 2));
        snprintf(out->due_date, sizeof(out->due_date), "%s", s->drv->col_text(st, 3));
        out->need_text = s->drv->col_int(st, 4) != 0;
        out->need_photo = s->drv->col_int(st, 5) != 0;
        out->need_roster = s->drv->col_int(st, 7) != 0;
        out->count_fields = json_loads(s->drv->col_text(st, 6), 0, NULL);
        if (!json_is_array(out->count_fields)) {
            json_decref(out->count_fields);
            out->count_fields = json_array();
        }
    }
    s->drv->finish(st);
    return rc;
}

int store_camp_assign_states(struct store *s, int64_t id, char *campaign_state, size_t clen,
                             char *state, size_t slen)
{
    struct db_stmt *st = Q(s,
                           "SELECT c.state, a.state FROM campaign_assignments a JOIN campaigns c "
                           "ON c.id = a.campaign_id WHERE a.id = ?",
                           DB_INT(id));
    if (!st) return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        snprintf(campaign_state, clen, "%s", s->drv->col_text(st, 0));
        snprintf(state, slen, "%s", s->drv->col_text(st, 1));
    }
    s->drv->finish(st);
    return rc;
}

int store_camp_submit(struct change *c, int64_t id, const struct camp_submit_in *in,
                      const char *today, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id, roster_id = in->roster_id;
    const char *text = in->text, *counts = in->counts, *photo_ids = in->photo_ids;
    bool late = in->late;
    int64_t ch =
        EXEC(s,
             "UPDATE campaign_assignments SET state = 'submitted', "
             "late = CASE WHEN submissions = 0 THEN ? ELSE late END, "
             "submissions = submissions + 1, first_submitted_at = COALESCE(first_submitted_at, ?), "
             "submitted_at = ?, submitted_by = ?, text = ?, counts_json = ?, photos_json = ?, "
             "roster_id = ?, updated_at = ? WHERE id = ? AND state <> 'accepted' AND EXISTS "
             "(SELECT 1 FROM "
             "campaigns c WHERE c.id = campaign_assignments.campaign_id AND "
             "c.state = 'published')",
             DB_INT(late), DB_INT(now), DB_INT(now), DB_ID(user_id), DB_TEXT(nz(text)),
             DB_TEXT(counts), DB_TEXT(photo_ids), DB_ID(roster_id), DB_INT(now), DB_INT(id));
    if (ch <= 0) return ch < 0 ? -1 : change_fail(c, XE_CAMP_SUBMIT_SHUT, "task_id");
    if (EXEC(s,
             "INSERT INTO campaign_submissions (assignment_id, text, counts_json, photos_json, "
             "roster_id, late, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             DB_INT(id), DB_TEXT(nz(text)), DB_TEXT(counts), DB_TEXT(photo_ids), DB_ID(roster_id),
             DB_INT(late), DB_INT(now), DB_ID(user_id)) < 0)
        return -1;
    char path[96];
    json_t *a = NULL;
    if (store_camp_assign_locate(s, id, path, sizeof(path)) != 1 ||
        !(a = store_camp_assign_get(s, id, today)) ||
        change_audit(c, "submit", "campaign_task", id,
                           json_integer_value(json_object_get(a, "org_id")), path, NULL,
                           json_object_get(a, "counts"), late ? "迟报" : NULL)) {
        json_decref(a);
        return -1;
    }
    return sx_give(a, after);
}

int store_camp_review(struct change *c, int64_t id, const char *outcome, const char *reason,
                      const char *today, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    bool ret = strcmp(outcome, "returned") == 0;
    int64_t ch = EXEC(s,
                      "UPDATE campaign_assignments SET state = ?, "
                      "return_reason = CASE WHEN ? = 1 THEN ? ELSE return_reason END, "
                      "review_note = CASE WHEN ? = 1 THEN review_note ELSE ? END, "
                      "reviewed_at = ?, reviewed_by = ?, updated_at = ? WHERE id = ? AND "
                      "state = 'submitted'",
                      DB_TEXT(outcome), DB_INT(ret), DB_TEXT(nz(reason)), DB_INT(ret),
                      DB_TEXT(nz(reason)), DB_INT(now), DB_ID(user_id), DB_INT(now), DB_INT(id));
    if (ch <= 0) return ch < 0 ? -1 : change_fail(c, XE_CAMP_REVIEWED, "state");
    if (ret && store_work_campaign_returned(s, id, reason, now) < 0) return -1;
    if (EXEC(s,
             "UPDATE campaign_submissions SET outcome = ?, reason = ?, reviewed_at = ?, "
             "reviewed_by = ? WHERE id = (SELECT MAX(id) FROM campaign_submissions "
             "WHERE assignment_id = ?)",
             DB_TEXT(outcome), DB_TEXT(nz(reason)), DB_INT(now), DB_ID(user_id), DB_INT(id)) < 0)
        return -1;
    char path[96];
    json_t *a = NULL;
    if (store_camp_assign_locate(s, id, path, sizeof(path)) != 1 ||
        !(a = store_camp_assign_get(s, id, today)) ||
        change_audit(c, ret ? "return" : "accept", "campaign_task", id,
                     json_integer_value(json_object_get(a, "org_id")), path, NULL, NULL, reason)) {
        json_decref(a);
        return -1;
    }
    return sx_give(a, after);
}
