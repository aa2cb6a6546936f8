/*
 * doc.c - the reads of the printed documents (store_doc.h).
 */
#include "core/compat.h"
#include "core/strbuf.h"
#include "core/timeutil.h"
#include "store/store_doc.h"
#include "store/store_hazard.h"
#include "store/store_int.h"

/* The columns of a ledger row, over hazards h, its school o, categories c
 * and the users ru (reporter), rf (rectifier), su (supervised by). */
#define DOC_COLS                                                                                   \
    "SELECT h.id, o.name AS school, h.org_id AS school_id, h.title, "                             \
    "COALESCE(c.name_zh, h.category) AS category_name, h.grade, h.source, h.location, h.state, "  \
    "h.found_at AS \"found_at@\", COALESCE(ru.name, '') AS reporter, COALESCE(rf.name, '') AS rectifier, "         \
    "h.deadline AS \"deadline_at@\", h.closed_at AS \"closed_at@\", h.overdue AS \"overdue?\", "                          \
    "h.overdue_at AS \"was_overdue?\", h.rebounds, "                            \
    "COALESCE(fu.name, h.five_responsible) AS five_responsible, h.five_measures, "         \
    "h.five_funds, h.five_deadline AS \"five_deadline_at@\", h.five_plan, h.safeguards, "              \
    "h.supervised AS \"supervised?\", h.supervised_at AS \"supervised_at@\", COALESCE(su.name, '') AS supervised_by, "  \
    "h.department, h.forwarded_at AS \"forwarded_at@\" "
#define DOC_JOINS                                                                                  \
    " JOIN orgs o ON o.id = h.org_id LEFT JOIN categories c ON c.code = h.category "              \
    "LEFT JOIN users ru ON ru.id = h.reporter_id LEFT JOIN users rf ON rf.id = h.rectifier_id "   \
    "LEFT JOIN users su ON su.id = h.supervised_by "                                               \
    "LEFT JOIN users fu ON fu.username = h.five_responsible AND h.five_responsible <> '' "
/* The matching hazards (parameters DOC_FPARAMS after the range). */
#define DOC_WHERE                                                                                  \
    " hz.deleted_at IS NULL AND (? = '' OR hz.state = ?) AND (? = '' OR hz.grade = ?) "            \
    "AND (? = '' OR hz.category = ?) AND (? = '' OR hz.title LIKE ? ESCAPE '\\') "                \
    "AND (? < 0 OR hz.overdue = ?) AND (? < 0 OR hz.supervised = ?)"
#define DOC_FPARAMS                                                                                \
    DB_TEXT(state), DB_TEXT(state), DB_TEXT(grade), DB_TEXT(grade), DB_TEXT(cat), DB_TEXT(cat),   \
        DB_TEXT(q), DB_TEXT(like), DB_INT(f->overdue), DB_INT(f->overdue), DB_INT(f->supervised), \
        DB_INT(f->supervised)

static bool is_sqlite(struct store *s)
{
    return !strcmp(store_backend(s), "sqlite");
}

/* The org id at the end of a path "/1/4/9/" (0 for "/"). */
static int64_t last_id(const char *path)
{
    const char *e = path + strlen(path);
    if (e > path && e[-1] == '/')
        e--;
    const char *b = e;
    while (b > path && b[-1] != '/')
        b--;
    return b < e ? strtoll(b, NULL, 10) : 0;
}

/* Folds one history event into its ledger row. */
static void add_event(json_t *row, json_t *ev)
{
    json_t *hist = json_object_get(row, "history");
    const char *action = json_string_value(json_object_get(ev, "action"));
    json_t *at = json_object_get(ev, "at");
    if (action && !strcmp(action, "submit"))
        json_object_set(row, "completed_at", at);
    if (action && !strcmp(action, "verify")) {
        json_object_set(row, "verified_at", at);
        json_object_set(row, "verifier", json_object_get(ev, "actor"));
    }
    if (action && !strcmp(action, "overdue"))
        json_object_set_new(row, "ever_overdue", json_true());
    json_array_append(hist, ev);
}

json_t *store_doc_ledger(struct store *s, const char *path, const struct hazard_filter *f,
                         int limit, int64_t *total)
{
    char lo[128], hi[128], like[300];
    path_range(path, lo, hi, sizeof(lo));
    sx_like(f->q ? f->q : "", like, sizeof(like));
    const char *state = f->state ? f->state : "", *grade = f->grade ? f->grade : "",
               *cat = f->category ? f->category : "", *q = f->q ? f->q : "";
    /* the total: from the counters when nothing is filtered */
    int64_t org = last_id(path);
    bool plain = !*state && !*grade && !*cat && !*q && f->overdue < 0 && f->supervised < 0;
    *total = 0;
    if (plain && org) {
        if ((*total = store_hazard_counter(s, org, "total")) < 0)
            return NULL;
    } else if (INT1(s, total,
                    "SELECT COUNT(*) FROM hazards hz WHERE hz.org_path >= ? AND hz.org_path < ? "
                    "AND" DOC_WHERE,
                    DB_TEXT(lo), DB_TEXT(hi), DOC_FPARAMS) < 0) {
        return NULL;
    }
    /* the newest `limit` of them: on SQLite by the primary key when the
     * subtree is big ("|| ''" keeps the planner off the org_path index) */
    bool walk = is_sqlite(s) && *total > 200000;
#define DOC_IDS(range)                                                                             \
    "SELECT hz.id FROM hazards hz WHERE " range " AND" DOC_WHERE " ORDER BY hz.id DESC LIMIT ?"
#define RANGE_IDX "hz.org_path >= ? AND hz.org_path < ?"
#define RANGE_WALK "hz.org_path || '' >= ? AND hz.org_path || '' < ?"
    json_t *rows = ARR(s,
                       walk ? DOC_COLS "FROM (" DOC_IDS(RANGE_WALK) ") t JOIN hazards h ON h.id = t.id" DOC_JOINS
                            : DOC_COLS "FROM (" DOC_IDS(RANGE_IDX) ") t JOIN hazards h ON h.id = t.id" DOC_JOINS,
                       DB_TEXT(lo), DB_TEXT(hi), DOC_FPARAMS, DB_INT(limit));
    if (!rows || !json_array_size(rows))
        return rows;
    json_t *by_id = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_object_set_new(row, "history", json_array());
        json_object_set_new(row, "ever_overdue",
                            json_boolean(json_is_true(json_object_get(row, "overdue")) ||
                                         json_is_true(json_object_get(row, "was_overdue"))));
        json_object_del(row, "was_overdue");
        json_object_set_new(row, "completed_at", json_null());
        json_object_set_new(row, "verified_at", json_null());
        json_object_set_new(row, "verifier", json_string(""));
        char k[24];
        snprintf(k, sizeof(k), "%lld", (long long)json_integer_value(json_object_get(row, "id")));
        json_object_set(by_id, k, row);
    }
    json_t *ev = ARR(s,
                     walk ? "SELECT e.hazard_id, e.at AS \"at@\", e.action, e.to_state, "
                            "COALESCE(u.name, CASE WHEN e.actor_name IN ('', 'system') THEN '系统' ELSE e.actor_name END) AS actor, e.note, e.reason, "
                            "e.department, COALESCE(ru.name, '') AS rectifier, e.deadline AS \"deadline@\" "
                            "FROM hazard_events e LEFT JOIN users u ON u.id = e.actor_id "
                            "LEFT JOIN users ru ON ru.id = e.rectifier_id "
                            "WHERE e.hazard_id IN (" DOC_IDS(RANGE_WALK) ") ORDER BY e.hazard_id, e.id"
                          : "SELECT e.hazard_id, e.at AS \"at@\", e.action, e.to_state, "
                            "COALESCE(u.name, CASE WHEN e.actor_name IN ('', 'system') THEN '系统' ELSE e.actor_name END) AS actor, e.note, e.reason, "
                            "e.department, COALESCE(ru.name, '') AS rectifier, e.deadline AS \"deadline@\" "
                            "FROM hazard_events e LEFT JOIN users u ON u.id = e.actor_id "
                            "LEFT JOIN users ru ON ru.id = e.rectifier_id "
                            "WHERE e.hazard_id IN (" DOC_IDS(RANGE_IDX) ") ORDER BY e.hazard_id, e.id",
                     DB_TEXT(lo), DB_TEXT(hi), DOC_FPARAMS, DB_INT(limit));
#undef DOC_IDS
#undef RANGE_IDX
#undef RANGE_WALK
    if (!ev) {
        json_decref(by_id);
        json_decref(rows);
        return NULL;
    }
    json_t *e;
    json_array_foreach(ev, i, e)
    {
        char k[24];
        snprintf(k, sizeof(k), "%lld",
                 (long long)json_integer_value(json_object_get(e, "hazard_id")));
        json_t *r = json_object_get(by_id, k);
        json_object_del(e, "hazard_id");
        if (r)
            add_event(r, e);
    }
    json_decref(ev);
    json_decref(by_id);
    /* a hazard finished after its deadline was overdue, flagged or not */
    json_array_foreach(rows, i, row)
    {
        int64_t dl = 0, done = 0;
        const char *d = json_string_value(json_object_get(row, "deadline_at"));
        const char *c = json_string_value(json_object_get(row, "completed_at"));
        if (!c)
            c = json_string_value(json_object_get(row, "closed_at"));
        if (d && c && !xa_time_parse(d, &dl) && !xa_time_parse(c, &done) && done > dl)
            json_object_set_new(row, "ever_overdue", json_true());
    }
    return rows;
}

json_t *store_doc_penalties(struct store *s, const char *path)
{
    char lo[128], hi[128];
    path_range(path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT '黄牌警告' AS kind, o.name AS school, y.issued_date AS day, y.reason, "
               "b.name AS by_org, CASE WHEN y.state = 'lifted' THEN '已撤销（' || "
               "COALESCE(y.lifted_date, '') || '）' ELSE '有效' END AS result "
               "FROM yellow_cards y JOIN orgs o ON o.id = y.org_id JOIN orgs b ON b.id = y.by_org_id "
               "WHERE y.org_path >= ? AND y.org_path < ? AND y.deleted_at IS NULL "
               "UNION ALL "
               "SELECT '约谈', o.name, i.interview_date, i.reason, b.name, "
               "i.interviewee || CASE WHEN i.follow_up_done = 1 THEN '（整改已落实）' ELSE '' END "
               "FROM interviews i JOIN orgs o ON o.id = i.org_id JOIN orgs b ON b.id = i.by_org_id "
               "WHERE i.org_path >= ? AND i.org_path < ? AND i.deleted_at IS NULL "
               "ORDER BY 3, 2",
               DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(lo), DB_TEXT(hi));
}

json_t *store_doc_hazard(struct store *s, int64_t id)
{
    json_t *o = OBJ1(s,
                     DOC_COLS ", h.description, h.org_path AS school_path, "
                              "COALESCE(b.name, '') AS bureau "
                              "FROM hazards h" DOC_JOINS "LEFT JOIN orgs b ON b.id = o.parent_id "
                              "WHERE h.id = ? AND h.deleted_at IS NULL",
                     DB_INT(id));
    if (!o)
        return NULL;
    /* the history and the derived columns as in the ledger */
    json_object_set_new(o, "history", json_array());
    json_object_set_new(o, "ever_overdue",
                        json_boolean(json_is_true(json_object_get(o, "overdue")) ||
                                     json_is_true(json_object_get(o, "was_overdue"))));
    json_object_del(o, "was_overdue");
    json_object_set_new(o, "completed_at", json_null());
    json_object_set_new(o, "verified_at", json_null());
    json_object_set_new(o, "verifier", json_string(""));
    json_t *ev = ARR(s,
                     "SELECT e.at AS \"at@\", e.action, e.to_state, COALESCE(u.name, CASE WHEN e.actor_name IN ('', 'system') THEN '系统' ELSE e.actor_name END) AS actor, "
                     "e.note, e.reason, e.department, COALESCE(ru.name, '') AS rectifier, "
                     "e.deadline AS \"deadline@\" FROM hazard_events e LEFT JOIN users u ON u.id = e.actor_id "
                     "LEFT JOIN users ru ON ru.id = e.rectifier_id WHERE e.hazard_id = ? "
                     "ORDER BY e.id",
                     DB_INT(id));
    json_t *ph = ARR(s,
                     "SELECT p.photo_id AS id, p.kind, COALESCE(ph.mime, '') AS mime "
                     "FROM hazard_photos p LEFT JOIN photos ph ON ph.id = p.photo_id "
                     "WHERE p.hazard_id = ? ORDER BY p.created_at, p.photo_id",
                     DB_INT(id));
    if (!ev || !ph) {
        json_decref(o);
        json_decref(ev);
        json_decref(ph);
        return NULL;
    }
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e) add_event(o, e);
    json_decref(ev);
    json_object_set_new(o, "photos", ph);
    return o;
}

json_t *store_doc_label_points(struct store *s, int64_t school_id)
{
    return ARR(s,
               "SELECT p.id, p.name, p.location, p.level, p.qr_token, "
               "COALESCE(c.name_zh, p.category) AS category_name, o.name AS school, "
               "p.hazard_factors, p.possible_accidents, "
               "p.control_measures_json AS control_measures_json, "
               "COALESCE(NULLIF(u.name, ''), p.responsible_name) AS responsible, "
               "COALESCE(u.phone, '') AS phone "
               "FROM risk_points p JOIN orgs o ON o.id = p.org_id "
               "LEFT JOIN categories c ON c.code = p.category "
               "LEFT JOIN users u ON u.id = p.responsible_user_id "
               "WHERE p.org_id = ? AND p.deleted_at IS NULL ORDER BY p.level_rank DESC, p.id",
               DB_INT(school_id));
}

/* The name of id in table ("users" / "orgs") through the cache object. */
static const char *cached_name(struct store *s, json_t *cache, const char *kind, int64_t id)
{
    char k[40];
    snprintf(k, sizeof(k), "%s%lld", kind, (long long)id);
    json_t *v = json_object_get(cache, k);
    if (v)
        return json_string_value(v);
    char name[256] = "";
    int rc = kind[0] == 'u' ? TEXT1(s, name, sizeof(name), "SELECT name FROM users WHERE id = ?",
                                    DB_INT(id))
                            : TEXT1(s, name, sizeof(name), "SELECT name FROM orgs WHERE id = ?",
                                    DB_INT(id));
    if (rc < 0)
        return NULL;
    json_object_set_new(cache, k, json_string(name));
    return json_string_value(json_object_get(cache, k));
}

int store_doc_audit_names(struct store *s, json_t *items)
{
    json_t *cache = json_object();
    size_t i;
    json_t *a;
    int rc = 0;
    json_array_foreach(items, i, a)
    {
        int64_t uid = json_integer_value(json_object_get(a, "user_id"));
        int64_t oid = json_integer_value(json_object_get(a, "org_id"));
        const char *un = uid ? cached_name(s, cache, "u", uid) : "";
        const char *on = oid ? cached_name(s, cache, "o", oid) : "";
        if (!un || !on) {
            rc = -1;
            break;
        }
        const char *login = json_string_value(json_object_get(a, "username"));
        /* a row without a user is the system's (the sweeps, the jobs) */
        json_object_set_new(a, "user_name",
                            json_string(!uid ? "系统" : *un ? un : login ? login : ""));
        json_object_set_new(a, "org_name", json_string(on));
    }
    json_decref(cache);
    return rc;
}

json_t *store_doc_find_users(struct store *s, const char *text)
{
    return ARR(s,
               "SELECT id, name, username FROM users WHERE name = ? OR username = ? "
               "ORDER BY id LIMIT 20",
               DB_TEXT(text), DB_TEXT(text));
}

int store_doc_public_url_set(struct change *c, const char *url, int64_t org_id,
                             const char *org_path, json_t *(*view)(void *ctx), void *ctx,
                             json_t **after)
{
    json_t *before = view(ctx), *a = NULL;
    int rc = !before || store_setting_set(c->s, "public_url", url) < 0 || !(a = view(ctx)) ||
                     change_audit(c, "update", "public_url", org_id, org_id, org_path, before, a,
                                  NULL)
                 ? -1
                 : 0;
    json_decref(before);
    if (rc == 0 && after)
        *after = a;
    else
        json_decref(a);
    return rc;
}
