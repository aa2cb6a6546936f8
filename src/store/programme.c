/*
 * programme.c - storage of the safety programme: lessons, the education
 * calendar, emergency plans and drills, duty rosters, incidents.
 */
#include "core/compat.h"
#include "store/store_int.h"
#include "store/store_work.h"
#include "store/store_programme.h"
#include "domain/programme.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Hands the after-image to the caller (after may be NULL: dropped). */
json_t *store_prog_schools(struct store *s, const struct scope *sc)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    return ARR(s,
               "SELECT id, name, path, school_type, classes FROM orgs WHERE kind = 'school' AND "
               "deleted_at IS NULL AND " SCOPE_SQL("path") " ORDER BY path",
               SCOPE_PARAMS(b));
}

/* ---- lessons ---- */

int64_t store_lesson_create(struct change *c, const struct lesson_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO edu_lessons (org_id, org_path, class_name, topic, category, hours, "
             "lesson_date, semester, teacher, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->class_name),
             DB_TEXT(in->topic), DB_TEXT(in->category), DB_DOUBLE(in->hours), DB_TEXT(in->date),
             DB_TEXT(in->semester), DB_TEXT(nz(in->teacher)), DB_INT(now),
             DB_ID(user_id)) != 1)
        return -1;
    if (EXEC(s,
             "INSERT INTO edu_class_hours (org_id, org_path, semester, class_name, hours, lessons) "
             "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (org_id, semester, class_name) DO UPDATE SET "
             "hours = edu_class_hours.hours + excluded.hours, lessons = edu_class_hours.lessons + 1",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->semester),
             DB_TEXT(in->class_name), DB_DOUBLE(in->hours)) < 0)
        return -1;
    json_t *a = store_lesson_get(s, id);
    if (!a || change_audit(c, "create", "lesson", id, in->org_id, in->org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

#define LESSON_COLS                                                                                \
    "l.id, l.org_id, l.org_path, o.name AS org_name, l.class_name, l.topic, l.category, "         \
    "l.hours, l.lesson_date AS date, l.semester, l.teacher, l.created_at AS \"created_at@\", " \
    "l.created_by"

json_t *store_lesson_get(struct store *s, int64_t id)
{
    return OBJ1(s,
                "SELECT " LESSON_COLS " FROM edu_lessons l JOIN orgs o ON o.id = l.org_id WHERE "
                "l.id = ? AND l.deleted_at IS NULL",
                DB_INT(id));
}

int store_lesson_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM edu_lessons WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

int store_lesson_delete(struct change *c, int64_t id)
{
    struct store *s = c->s;
    json_t *before = store_lesson_get(s, id);
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    int rc = change_audit(c, "delete", "lesson", id, json_integer_value(json_object_get(before, "org_id")),
                          json_string_value(json_object_get(before, "org_path")), before, NULL, NULL);
    json_decref(before);
    if (rc)
        return -1;
    /* the class total first, while the lesson still counts */
    if (EXEC(s,
             "UPDATE edu_class_hours SET hours = hours - (SELECT l.hours FROM edu_lessons l WHERE "
             "l.id = ?), lessons = lessons - 1 WHERE EXISTS (SELECT 1 FROM edu_lessons l WHERE "
             "l.id = ? AND l.deleted_at IS NULL AND l.org_id = edu_class_hours.org_id AND "
             "l.semester = edu_class_hours.semester AND l.class_name = "
             "edu_class_hours.class_name)",
             DB_INT(id), DB_INT(id)) < 0)
        return -1;
    return EXEC(s,
                "UPDATE edu_lessons SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                "deleted_at IS NULL",
                DB_INT(c->at), DB_ID(c->user_id), DB_INT(id)) < 0
               ? -1
               : 0;
}

json_t *store_lesson_list(struct store *s, const struct scope *sc, const char *semester,
                          const char *class_name, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *sem = nz(semester), *cls = nz(class_name);
#define L_WHERE                                                                                    \
    " FROM edu_lessons l JOIN orgs o ON o.id = l.org_id WHERE l.deleted_at IS NULL AND "          \
    SCOPE_SQL("l.org_path") " AND (? = '' OR l.semester = ?) AND (? = '' OR l.class_name = ?)"
#define L_PARAMS SCOPE_PARAMS(b), DB_TEXT(sem), DB_TEXT(sem), DB_TEXT(cls), DB_TEXT(cls)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" L_WHERE, L_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " LESSON_COLS L_WHERE
                        " ORDER BY l.lesson_date DESC, l.id DESC LIMIT ? OFFSET ?",
                        L_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef L_WHERE
#undef L_PARAMS
    return items ? store_page_json(items, total, pg) : NULL;
}

json_t *store_lesson_hours(struct store *s, const struct scope *sc, const char *semester)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    return ARR(s,
               "SELECT org_id, class_name, hours, lessons FROM edu_class_hours WHERE semester = ? "
               "AND lessons > 0 AND " SCOPE_SQL("org_path") " ORDER BY org_id, class_name",
               DB_TEXT(semester), SCOPE_PARAMS(b));
}

/* ---- calendar ---- */

int64_t store_cal_create(struct change *c, int64_t org_id, const char *org_path, const char *kind,
                         const char *title, const char *category, const char *start,
                         const char *end, const char *description, json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO edu_calendar (org_id, org_path, kind, title, category, start_date, "
             "end_date, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(kind), DB_TEXT(title),
             DB_TEXT(category), DB_TEXT(start), DB_TEXT(end), DB_TEXT(nz(description)),
             DB_INT(now), DB_ID(user_id)) != 1)
        return -1;
    json_t *a = store_cal_get(s, id);
    if (!a || change_audit(c, "create", "edu_calendar", id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

#define CAL_COLS                                                                                   \
    "c.id, c.org_id, c.org_path, o.name AS org_name, o.kind AS org_kind, c.kind, c.title, "       \
    "c.category, c.start_date, c.end_date, c.description, c.created_at AS \"created_at@\""

json_t *store_cal_get(struct store *s, int64_t id)
{
    return OBJ1(s,
                "SELECT " CAL_COLS " FROM edu_calendar c JOIN orgs o ON o.id = c.org_id WHERE "
                "c.id = ? AND c.deleted_at IS NULL",
                DB_INT(id));
}

json_t *store_cal_list(struct store *s, const struct scope *sc, const char *from, const char *to,
                       const char *kind, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *f = nz(from), *t = nz(to), *k = nz(kind);
#define C_WHERE                                                                                    \
    " FROM edu_calendar c JOIN orgs o ON o.id = c.org_id WHERE c.deleted_at IS NULL AND "         \
    "(" SCOPE_SQL("c.org_path") " OR substr(?, 1, length(c.org_path)) = "           \
    "c.org_path OR substr(?, 1, length(c.org_path)) = c.org_path OR "               \
    "substr(?, 1, length(c.org_path)) = c.org_path OR substr(?, 1, "  \
    "length(c.org_path)) = c.org_path) AND (? = '' OR c.end_date >= ?) AND (? = '' OR "           \
    "c.start_date <= ?) AND (? = '' OR c.kind = ?)"
#define C_PARAMS                                                                                   \
    SCOPE_PARAMS(b), DB_TEXT(b.lo[0]), DB_TEXT(b.lo[1]), DB_TEXT(b.lo[2]), DB_TEXT(b.lo[3]),      \
        DB_TEXT(f), DB_TEXT(f), DB_TEXT(t), DB_TEXT(t), DB_TEXT(k), DB_TEXT(k)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" C_WHERE, C_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " CAL_COLS C_WHERE
                        " ORDER BY c.start_date, c.id LIMIT ? OFFSET ?",
                        C_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef C_WHERE
#undef C_PARAMS
    return items ? store_page_json(items, total, pg) : NULL;
}

/* ---- emergency plans ---- */

static int eplan_version_insert(struct store *s, int64_t plan_id, int64_t version,
                                const char *content, const char *note, const char *effective,
                                int64_t user_id, int64_t now)
{
    return EXEC(s,
                "INSERT INTO emergency_plan_versions (plan_id, version, content, note, "
                "effective_date, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                DB_INT(plan_id), DB_INT(version), DB_TEXT(content), DB_TEXT(nz(note)),
                DB_TEXT(effective), DB_INT(now), DB_ID(user_id)) < 0
               ? -1
               : 0;
}

int64_t store_eplan_create(struct change *c, int64_t org_id, const char *org_path,
                           const char *title, const char *kind, const char *theme,
                           const char *content, const char *note, const char *effective,
                           json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO emergency_plans (org_id, org_path, title, kind, theme, "
             "current_version, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, "
             "?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(title), DB_TEXT(kind), DB_TEXT(theme),
             DB_INT(now), DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    if (eplan_version_insert(s, id, 1, content, note, effective, user_id, now))
        return -1;
    json_t *a = store_eplan_get(s, id);
    if (!a || change_audit(c, "create", "emergency_plan", id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

int store_eplan_add_version(struct change *c, int64_t id, const char *content, const char *note,
                            const char *effective, json_t **after)
{
    struct store *s = c->s;
    json_t *before = store_eplan_get(s, id);
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    int64_t v = 0;
    json_t *a = NULL;
    if (INT1(s, &v,
             "UPDATE emergency_plans SET current_version = current_version + 1, updated_at = ? "
             "WHERE id = ? AND deleted_at IS NULL RETURNING current_version",
             DB_INT(c->at), DB_INT(id)) != 1 ||
        eplan_version_insert(s, id, v, content, note, effective, c->user_id, c->at) ||
        !(a = store_eplan_get(s, id))) {
        json_decref(before);
        return -1;
    }
    /* the audit keeps the summary, not both full texts */
    json_object_del(before, "versions");
    json_t *sum = json_deep_copy(a);
    json_object_del(sum, "versions");
    int rc = change_audit(c, "revise", "emergency_plan", id,
                          json_integer_value(json_object_get(a, "org_id")),
                          json_string_value(json_object_get(a, "org_path")), before, sum, note);
    json_decref(before);
    json_decref(sum);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

json_t *store_eplan_get(struct store *s, int64_t id)
{
    json_t *p = OBJ1(s,
                     "SELECT p.id, p.org_id, p.org_path, o.name AS org_name, p.title, p.kind, "
                     "p.theme, p.current_version, v.content, v.note, v.effective_date, "
                     "p.created_at AS \"created_at@\", p.updated_at AS \"updated_at@\" FROM emergency_plans p JOIN orgs o ON o.id = "
                     "p.org_id JOIN emergency_plan_versions v ON v.plan_id = p.id AND v.version "
                     "= p.current_version WHERE p.id = ? AND p.deleted_at IS NULL",
                     DB_INT(id));
    if (!p)
        return NULL;
    json_t *vs = ARR(s,
                     "SELECT v.version, v.note, v.effective_date, v.created_at AS \"created_at@\", v.created_by, "
                     "u.name AS created_by_name, length(v.content) AS content_length FROM "
                     "emergency_plan_versions v LEFT JOIN users u ON u.id = v.created_by WHERE "
                     "v.plan_id = ? ORDER BY v.version DESC",
                     DB_INT(id));
    if (!vs) {
        json_decref(p);
        return NULL;
    }
    json_object_set_new(p, "versions", vs);
    return p;
}

int store_eplan_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM emergency_plans WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_eplan_list(struct store *s, const struct scope *sc, const char *theme,
                         const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *th = nz(theme);
#define P_WHERE                                                                                    \
    " FROM emergency_plans p JOIN orgs o ON o.id = p.org_id WHERE p.deleted_at IS NULL AND "      \
    SCOPE_SQL("p.org_path") " AND (? = '' OR p.theme = ?)"
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" P_WHERE, SCOPE_PARAMS(b), DB_TEXT(th), DB_TEXT(th)) <
        0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT p.id, p.org_id, p.org_path, o.name AS org_name, p.title, p.kind, "
                        "p.theme, p.current_version, p.created_at AS \"created_at@\", "
                        "p.updated_at AS \"updated_at@\"" P_WHERE
                        " ORDER BY p.org_path, p.id LIMIT ? OFFSET ?",
                        SCOPE_PARAMS(b), DB_TEXT(th), DB_TEXT(th), DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
#undef P_WHERE
    return items ? store_page_json(items, total, pg) : NULL;
}

/* ---- drills ---- */

int64_t store_drill_create(struct change *c, const struct drill_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO drills (org_id, org_path, plan_id, theme, drill_date, participants, "
             "duration_min, evacuation_seconds, evaluation, rating, created_at, created_by) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_ID(in->plan_id), DB_TEXT(in->theme),
             DB_TEXT(in->date), DB_INT(in->participants), DB_INT(in->duration_min),
             in->evacuation_seconds >= 0 ? DB_INT(in->evacuation_seconds) : DB_NULL(),
             DB_TEXT(nz(in->evaluation)), DB_TEXT(in->rating), DB_INT(now),
             DB_ID(user_id)) != 1)
        return -1;
    for (size_t i = 0; i < in->nphotos; i++)
        if (EXEC(s,
                 "INSERT INTO drill_photos (drill_id, photo_id) VALUES (?, ?) ON CONFLICT DO "
                 "NOTHING",
                 DB_INT(id), DB_INT(in->photo_ids[i])) < 0)
            return -1;
    json_t *a = store_drill_get(s, id);
    if (!a || change_audit(c, "create", "drill", id, in->org_id, in->org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

#define DRILL_COLS                                                                                 \
    "d.id, d.org_id, d.org_path, o.name AS org_name, o.school_type, d.plan_id, d.theme, "         \
    "d.drill_date AS date, d.participants, d.duration_min, d.evacuation_seconds, d.evaluation, "  \
    "d.rating, d.created_at AS \"created_at@\", d.created_by"

static json_t *drill_fill(struct store *s, json_t *d)
{
    if (!d)
        return NULL;
    json_t *ph = ARR(s, "SELECT photo_id FROM drill_photos WHERE drill_id = ? ORDER BY photo_id",
                     DB_INT(json_integer_value(json_object_get(d, "id"))));
    if (!ph) {
        json_decref(d);
        return NULL;
    }
    json_t *ids = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(ph, i, row) json_array_append(ids, json_object_get(row, "photo_id"));
    json_decref(ph);
    json_object_set_new(d, "photo_ids", ids);
    json_t *ev = json_object_get(d, "evacuation_seconds");
    json_object_set_new(d, "evacuation_slow",
                        json_boolean(json_is_integer(ev) &&
                                     prog_evacuation_slow(json_integer_value(ev))));
    return d;
}

json_t *store_drill_get(struct store *s, int64_t id)
{
    return drill_fill(s, OBJ1(s,
                              "SELECT " DRILL_COLS " FROM drills d JOIN orgs o ON o.id = "
                              "d.org_id WHERE d.id = ? AND d.deleted_at IS NULL",
                              DB_INT(id)));
}

int store_drill_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM drills WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_drill_list(struct store *s, const struct scope *sc, const char *from,
                         const char *to, const char *theme, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *f = nz(from), *t = nz(to), *th = nz(theme);
#define D_WHERE                                                                                    \
    " FROM drills d JOIN orgs o ON o.id = d.org_id WHERE d.deleted_at IS NULL AND "               \
    SCOPE_SQL("d.org_path") " AND (? = '' OR d.drill_date >= ?) AND (? = '' OR d.drill_date <= "  \
                            "?) AND (? = '' OR d.theme = ?)"
#define D_PARAMS                                                                                   \
    SCOPE_PARAMS(b), DB_TEXT(f), DB_TEXT(f), DB_TEXT(t), DB_TEXT(t), DB_TEXT(th), DB_TEXT(th)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" D_WHERE, D_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " DRILL_COLS D_WHERE
                        " ORDER BY d.drill_date DESC, d.id DESC LIMIT ? OFFSET ?",
                        D_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef D_WHERE
#undef D_PARAMS
    items = sx_fill_each(s, items, drill_fill);
    return items ? store_page_json(items, total, pg) : NULL;
}

json_t *store_drill_counts(struct store *s, const struct scope *sc, int year, int64_t target_s)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char from[16], to[16];
    snprintf(from, sizeof(from), "%04d-01-01", year);
    snprintf(to, sizeof(to), "%04d-12-31", year);
    return ARR(s,
               "SELECT org_id, CAST(substr(drill_date, 6, 2) AS INTEGER) AS month, COUNT(*) AS "
               "drills, SUM(CASE WHEN evacuation_seconds > ? THEN 1 ELSE 0 END) AS slow FROM "
               "drills WHERE deleted_at IS NULL AND drill_date >= ? AND drill_date <= ? AND " SCOPE_SQL(
                   "org_path") " GROUP BY org_id, CAST(substr(drill_date, 6, 2) AS INTEGER) ORDER "
                               "BY org_id, month",
               DB_INT(target_s), DB_TEXT(from), DB_TEXT(to), SCOPE_PARAMS(b));
}

/* ---- duty rosters ---- */

static int roster_put_slot(struct store *s, int64_t roster_id, const struct duty_slot_in *in);

int64_t store_roster_create(struct change *c, int64_t org_id, const char *org_path,
                            const char *title, const char *kind, const char *start,
                            const char *end, const struct duty_slot_in *slots, size_t n,
                            json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO duty_rosters (org_id, org_path, title, kind, start_date, end_date, "
             "state, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, "
             "?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(title), DB_TEXT(kind), DB_TEXT(start),
             DB_TEXT(end), DB_INT(now), DB_ID(user_id), DB_INT(now)) != 1)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (roster_put_slot(s, id, &slots[i]))
            return -1;
    json_t *a = store_roster_get(s, id);
    if (!a || change_audit(c, "create", "duty_roster", id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

static int roster_put_slot(struct store *s, int64_t roster_id, const struct duty_slot_in *in)
{
    char *staff = json_dumps(in->staff_ids ? in->staff_ids : json_array(), JSON_COMPACT);
    if (!staff)
        return -1;
    int64_t rc = EXEC(s,
                      "INSERT INTO duty_slots (roster_id, duty_date, leader_id, is_24h, "
                      "staff_json, phone) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (roster_id, "
                      "duty_date) DO UPDATE SET leader_id = excluded.leader_id, is_24h = "
                      "excluded.is_24h, staff_json = excluded.staff_json, phone = excluded.phone",
                      DB_INT(roster_id), DB_TEXT(in->date), DB_ID(in->leader_id),
                      DB_INT(in->is_24h ? 1 : 0), DB_TEXT(staff), DB_TEXT(nz(in->phone)));
    free(staff);
    return rc < 0 ? -1 : 0;
}

int store_roster_update(struct change *c, int64_t id, const struct duty_slot_in *slots, size_t n,
                        json_t **after)
{
    struct store *s = c->s;
    if (change_lock(c, "duty_roster", id))
        return -1;
    json_t *before = store_roster_get(s, id), *a = NULL;
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    if (strcmp(json_string_value(json_object_get(before, "state")), "draft") != 0) {
        json_decref(before);
        return change_fail(c, XE_ROSTER_PUBLISHED, "slots");
    }
    for (size_t i = 0; i < n; i++)
        if (roster_put_slot(s, id, &slots[i])) {
            json_decref(before);
            return -1;
        }
    int rc = EXEC(s, "UPDATE duty_rosters SET updated_at = ? WHERE id = ?", DB_INT(c->at),
                  DB_INT(id)) < 0 ||
             !(a = store_roster_get(s, id)) ||
             change_audit(c, "update", "duty_roster", id,
                          json_integer_value(json_object_get(before, "org_id")),
                          json_string_value(json_object_get(before, "org_path")), before, a, NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

#define ROSTER_COLS                                                                                \
    "r.id, r.org_id, r.org_path, o.name AS org_name, r.title, r.kind, r.start_date, r.end_date, "  \
    "r.state, r.published_at AS \"published_at@\", r.published_by, "                             \
    "r.published_late AS \"published_late?\", r.created_at AS \"created_at@\", "                \
    "r.updated_at AS \"updated_at@\""

static json_t *roster_fill(struct store *s, json_t *r)
{
    if (!r)
        return NULL;
    json_t *sl = ARR(s,
                     "SELECT sl.duty_date AS date, sl.leader_id, u.name AS leader_name, sl.is_24h "
                     "AS \"is_24h?\", sl.staff_json, sl.phone FROM duty_slots sl LEFT JOIN users "
                     "u ON u.id = sl.leader_id WHERE sl.roster_id = ? ORDER BY sl.duty_date",
                     DB_INT(json_integer_value(json_object_get(r, "id"))));
    if (!sl) {
        json_decref(r);
        return NULL;
    }
    /* staff_json is parsed into "staff"; expose it as staff_ids */
    size_t i;
    json_t *row;
    json_array_foreach(sl, i, row)
    {
        json_t *st = json_object_get(row, "staff");
        json_object_set(row, "staff_ids", st ? st : json_array());
        json_object_del(row, "staff");
    }
    json_object_set_new(r, "slots", sl);
    return r;
}

json_t *store_roster_get(struct store *s, int64_t id)
{
    return roster_fill(s, OBJ1(s,
                               "SELECT " ROSTER_COLS " FROM duty_rosters r JOIN orgs o ON o.id = "
                               "r.org_id WHERE r.id = ? AND r.deleted_at IS NULL",
                               DB_INT(id)));
}

int store_roster_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM duty_rosters WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_roster_list(struct store *s, const struct scope *sc, const char *from,
                          const char *to, const char *state, bool with_slots,
                          const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *f = nz(from), *t = nz(to), *st = nz(state);
#define R_WHERE                                                                                    \
    " FROM duty_rosters r JOIN orgs o ON o.id = r.org_id WHERE r.deleted_at IS NULL AND "         \
    SCOPE_SQL("r.org_path") " AND (? = '' OR r.end_date >= ?) AND (? = '' OR r.start_date <= ?) " \
                            "AND (? = '' OR r.state = ?)"
#define R_PARAMS                                                                                   \
    SCOPE_PARAMS(b), DB_TEXT(f), DB_TEXT(f), DB_TEXT(t), DB_TEXT(t), DB_TEXT(st), DB_TEXT(st)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" R_WHERE, R_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " ROSTER_COLS R_WHERE
                        " ORDER BY r.start_date DESC, r.id DESC LIMIT ? OFFSET ?",
                        R_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef R_WHERE
#undef R_PARAMS
    if (with_slots)
        items = sx_fill_each(s, items, roster_fill);
    return items ? store_page_json(items, total, pg) : NULL;
}

int store_roster_publish(struct change *c, int64_t id, bool late, json_t **after)
{
    struct store *s = c->s;
    if (change_lock(c, "duty_roster", id))
        return -1;
    json_t *before = store_roster_get(s, id), *a = NULL;
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    int64_t n = EXEC(s,
                     "UPDATE duty_rosters SET state = 'published', published_at = ?, published_by = "
                     "?, published_late = ?, updated_at = ? WHERE id = ? AND state = 'draft'",
                     DB_INT(c->at), DB_ID(c->user_id), DB_INT(late ? 1 : 0), DB_INT(c->at),
                     DB_INT(id));
    if (n == 0) {
        json_decref(before);
        return change_fail(c, XE_ROSTER_PUBLISHED, NULL);
    }
    int rc = n < 0 || !(a = store_roster_get(s, id)) ||
             change_audit(c, "publish", "duty_roster", id,
                          json_integer_value(json_object_get(before, "org_id")),
                          json_string_value(json_object_get(before, "org_path")),
                          json_object_get(before, "state"), json_object_get(a, "state"),
                          late ? "补报：值班期开始后报送" : NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

/* ---- drill settings ---- */

json_t *store_drill_settings_all(struct store *s)
{
    return ARR(s, "SELECT org_id, org_path, months_json FROM drill_settings ORDER BY org_path");
}

json_t *store_drill_settings_at(struct store *s, const char *path, int64_t org_id)
{
    json_t *all = store_drill_settings_all(s);
    if (!all)
        return NULL;
    json_t *from = NULL;
    unsigned m = prog_months_for(all, path, &from);
    const char *fp = from ? json_string_value(json_object_get(from, "org_path")) : NULL;
    json_t *o = json_pack("{s:I, s:o, s:b}", "org_id", (json_int_t)org_id, "months",
                          prog_months_json(m), "inherited", !fp || strcmp(fp, path) != 0);
    if (from)
        json_object_set(o, "set_by_org_id", json_object_get(from, "org_id"));
    else
        json_object_set_new(o, "set_by_org_id", json_null());
    json_decref(all);
    return o;
}

int store_drill_settings_put(struct change *c, int64_t org_id, const char *path,
                             const char *months_json, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at, user_id = c->user_id;
    json_t *before = store_drill_settings_at(s, path, org_id), *a = NULL;
    if (!before)
        return -1;
    int64_t rc = EXEC(s,
                "INSERT INTO drill_settings (org_id, org_path, months_json, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
                "months_json = excluded.months_json, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                DB_INT(org_id), DB_TEXT(path), DB_TEXT(months_json), DB_INT(now),
                DB_ID(user_id));
    if (rc < 0 || !(a = store_drill_settings_at(s, path, org_id)) ||
        change_audit(c, "update", "drill_settings", org_id, org_id, path, before, a, NULL)) {
        json_decref(before);
        json_decref(a);
        return -1;
    }
    json_decref(before);
    sx_give(a, after);
    return 0;
}

/* ---- incidents ---- */

static int incident_link(struct store *s, int64_t id, int64_t hazard_id)
{
    return EXEC(s,
                "INSERT INTO incident_hazards (incident_id, hazard_id) VALUES (?, ?) ON CONFLICT "
                "DO NOTHING",
                DB_INT(id), DB_INT(hazard_id)) < 0
               ? -1
               : 0;
}

int64_t store_incident_create(struct change *c, const struct incident_in *in,
                              const int64_t *hazard_ids, size_t nh, json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at, user_id = c->user_id;
    if (INT1(s, &id,
             "INSERT INTO incidents (org_id, org_path, title, category, grade, summary, deaths, "
             "injuries, serious_injuries, source, state, occurred_at, reported_at, reported_by, "
             "quick_due_at, quick_late, written_due_at, created_at, updated_at) VALUES (?, ?, ?, "
             "?, ?, ?, ?, ?, ?, ?, 'quick', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->title),
             DB_TEXT(in->category), DB_TEXT(in->grade), DB_TEXT(in->summary),
             DB_INT(in->deaths), DB_INT(in->injuries), DB_INT(in->serious_injuries),
             DB_TEXT(in->source),
             DB_INT(in->occurred_at), DB_INT(now), DB_ID(user_id), DB_INT(in->quick_due_at),
             DB_INT(in->quick_late ? 1 : 0), DB_INT(in->written_due_at), DB_INT(now),
             DB_INT(now)) != 1)
        return -1;
    if (store_work_incident_reported(s, id, now) < 0)
        return -1;
    for (size_t i = 0; i < nh; i++)
        if (incident_link(s, id, hazard_ids[i]))
            return -1;
    json_t *a = store_incident_get(s, id, now);
    if (!a || change_audit(c, "create", "incident", id, in->org_id, in->org_path, NULL, a,
                           in->quick_late ? "迟报" : NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

int store_incident_written(struct change *ch, int64_t id, const char *cause,
                           const char *handling, const char *measures,
                           const struct incident_counts *c, bool late, json_t **after)
{
    struct store *s = ch->s;
    int64_t now = ch->at, user_id = ch->user_id;
    if (change_lock(ch, "incident", id))
        return -1;
    json_t *before = store_incident_get(s, id, now), *a = NULL;
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(ch, XE_NOT_FOUND, NULL) : -1;
    int64_t has = c ? 1 : 0;
    int64_t n = EXEC(s,
                     "UPDATE incidents SET state = 'written', written_at = ?, written_by = ?, "
                     "written_late = ?, cause = ?, handling = ?, measures = ?, deaths = CASE WHEN "
                     "? = 1 THEN ? ELSE deaths END, injuries = CASE WHEN ? = 1 THEN ? ELSE "
                     "injuries END, serious_injuries = CASE WHEN ? = 1 THEN ? ELSE "
                     "serious_injuries END, grade = CASE WHEN ? = 1 THEN ? ELSE grade END, "
                     "updated_at = ? WHERE id = ? AND state = 'quick' AND deleted_at IS NULL",
                     DB_INT(now), DB_ID(user_id), DB_INT(late ? 1 : 0), DB_TEXT(nz(cause)),
                     DB_TEXT(nz(handling)), DB_TEXT(nz(measures)), DB_INT(has),
                     DB_INT(c ? c->deaths : 0), DB_INT(has), DB_INT(c ? c->injuries : 0),
                     DB_INT(has), DB_INT(c ? c->serious_injuries : 0), DB_INT(has),
                     DB_TEXT(c && c->grade ? c->grade : "general"), DB_INT(now), DB_INT(id));
    if (n == 0) {
        json_decref(before);
        return change_fail(ch, XE_INCIDENT_WRITTEN, NULL);
    }
    int rc = n < 0 || !(a = store_incident_get(s, id, now)) ||
             change_audit(ch, "written", "incident", id,
                          json_integer_value(json_object_get(before, "org_id")),
                          json_string_value(json_object_get(before, "org_path")), before, a,
                          late ? "书面报告迟报" : NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

int store_incident_link(struct change *c, int64_t id, const int64_t *hazard_ids, size_t nh,
                        json_t **after)
{
    struct store *s = c->s;
    if (change_lock(c, "incident", id))
        return -1;
    json_t *before = store_incident_get(s, id, c->at), *a = NULL;
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    int rc = 0;
    for (size_t i = 0; i < nh && !rc; i++)
        rc = incident_link(s, id, hazard_ids[i]);
    rc = rc || !(a = store_incident_get(s, id, c->at)) ||
         change_audit(c, "link", "incident", id,
                      json_integer_value(json_object_get(before, "org_id")),
                      json_string_value(json_object_get(before, "org_path")),
                      json_object_get(before, "hazard_ids"), json_object_get(a, "hazard_ids"),
                      NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

/* written_missing: still no written report after its deadline (漏报 so far);
 * late: quick or written report late, or missing. */
#define INC_COLS                                                                                   \
    "i.id, i.org_id, i.org_path, o.name AS org_name, i.title, i.category, i.grade, i.summary, "   \
    "i.deaths, i.injuries, i.serious_injuries, i.source, i.state, "                                \
    "i.occurred_at AS \"occurred_at@\", i.reported_at AS \"reported_at@\", i.reported_by, "      \
    "i.quick_due_at AS \"quick_due_at@\", i.quick_late AS \"quick_late?\", "                     \
    "i.written_due_at AS \"written_due_at@\", i.written_at AS \"written_at@\", i.written_by, i.written_late AS \"written_late?\", i.cause, i.handling, i.measures, "        \
    "CASE WHEN i.state = 'quick' AND i.written_due_at < ? THEN 1 ELSE 0 END AS "  \
    "\"written_missing?\", CASE WHEN i.source = 'discovered' THEN 1 ELSE 0 END AS "                \
    "\"concealed?\", i.created_at AS \"created_at@\", i.updated_at AS \"updated_at@\""

static json_t *incident_fill(struct store *s, json_t *i)
{
    if (!i)
        return NULL;
    json_t *hz = ARR(s,
                     "SELECT h.id, h.title, h.state, h.grade FROM incident_hazards ih JOIN "
                     "hazards h ON h.id = ih.hazard_id WHERE ih.incident_id = ? ORDER BY h.id",
                     DB_INT(json_integer_value(json_object_get(i, "id"))));
    if (!hz) {
        json_decref(i);
        return NULL;
    }
    json_t *ids = json_array();
    size_t k;
    json_t *row;
    json_array_foreach(hz, k, row) json_array_append(ids, json_object_get(row, "id"));
    json_object_set_new(i, "hazard_ids", ids);
    json_object_set_new(i, "hazards", hz);
    bool late = json_is_true(json_object_get(i, "quick_late?")) ||
                json_is_true(json_object_get(i, "quick_late")) ||
                json_is_true(json_object_get(i, "written_late")) ||
                json_is_true(json_object_get(i, "written_missing"));
    json_object_set_new(i, "late", json_boolean(late));
    return i;
}

json_t *store_incident_get(struct store *s, int64_t id, int64_t now)
{
    return incident_fill(s, OBJ1(s,
                                 "SELECT " INC_COLS " FROM incidents i JOIN orgs o ON o.id = "
                                 "i.org_id WHERE i.id = ? AND i.deleted_at IS NULL",
                                 DB_INT(now), DB_INT(id)));
}

int store_incident_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM incidents WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_incident_list(struct store *s, const struct scope *sc, int late, const char *state,
                            const char *grade, int64_t from, int64_t to, int64_t now,
                            const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *st = nz(state), *g = nz(grade);
#define I_LATE                                                                                     \
    "(i.quick_late = 1 OR i.written_late = 1 OR (i.state = 'quick' AND i.written_due_at < "       \
    "?))"
#define I_WHERE                                                                                    \
    " FROM incidents i JOIN orgs o ON o.id = i.org_id WHERE i.deleted_at IS NULL AND "            \
    SCOPE_SQL("i.org_path") " AND (? = '' OR i.state = ?) AND (? = '' OR i.grade = ?) AND "       \
                            "(? = 0 OR i.occurred_at >= ?) AND (?"        \
                            " = 0 OR i.occurred_at < ?) AND (? < 0 OR "     \
                            "(? = 1) = " I_LATE ")"
#define I_PARAMS                                                                                   \
    SCOPE_PARAMS(b), DB_TEXT(st), DB_TEXT(st), DB_TEXT(g), DB_TEXT(g), DB_INT(from),              \
        DB_INT(from), DB_INT(to), DB_INT(to), DB_INT(late), DB_INT(late), DB_INT(now)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" I_WHERE, I_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " INC_COLS I_WHERE
                        " ORDER BY i.occurred_at DESC, i.id DESC LIMIT ? OFFSET ?",
                        DB_INT(now), I_PARAMS, DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
#undef I_WHERE
#undef I_PARAMS
#undef I_LATE
    items = sx_fill_each(s, items, incident_fill);
    return items ? store_page_json(items, total, pg) : NULL;
}
