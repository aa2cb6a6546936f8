/*
 * resources.c - storage of emergency resources (应急保障) of schools and
 * bureaus: teams with their members, supplies with quantity, place and
 * expiry. See store_programme.h.
 */
#include "core/compat.h"
#include "store/store_int.h"
#include "store/store_programme.h"
#include "domain/programme.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The object as read back (json_t ** out), or dropped. */
/* before-image of a row, locked; XE_NOT_FOUND when absent */
static json_t *row_before(struct change *c, const char *kind, int64_t id,
                          json_t *(*get)(struct store *, int64_t))
{
    if (change_lock(c, kind, id))
        return NULL;
    json_t *b = get(c->s, id);
    if (!b && store_errclass(c->s) == DB_OK)
        change_fail(c, XE_NOT_FOUND, NULL);
    return b;
}

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Audits action with before / after (either may be NULL), then hands
 * after over; drops both. 0 or -1. */
static int audit_hand(struct change *c, const char *action, const char *entity, int64_t id,
                      json_t *before, json_t *a, json_t **after)
{
    json_t *who = before ? before : a;
    int rc = change_audit(c, action, entity, id, jint(who, "org_id"), jstr(who, "org_path"),
                          before, a, NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

/* ---- teams ---- */

int64_t store_team_create(struct change *c, int64_t org_id, const char *org_path, const char *name,
                          const char *duties, const char *members_json, json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO emergency_teams (org_id, org_path, name, duties, members_json, "
             "created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(org_id), DB_TEXT(org_path), DB_TEXT(name), DB_TEXT(nz(duties)),
             DB_TEXT(members_json), DB_INT(c->at), DB_ID(c->user_id), DB_INT(c->at)) != 1)
        return -1;
    json_t *a = store_team_get(s, id);
    if (!a || audit_hand(c, "create", "emergency_team", id, NULL, a, after))
        return -1;
    return id;
}

int store_team_update(struct change *c, int64_t id, const char *name, const char *duties,
                      const char *members_json, json_t **after)
{
    struct store *s = c->s;
    json_t *before = row_before(c, "emergency_team", id, store_team_get), *a = NULL;
    if (!before)
        return -1;
    if (EXEC(s,
             "UPDATE emergency_teams SET name = COALESCE(?, name), duties = COALESCE(?, "
             "duties), members_json = COALESCE(?, members_json), updated_at = ? WHERE id = ? "
             "AND deleted_at IS NULL",
             name ? DB_TEXT(name) : DB_NULL(), duties ? DB_TEXT(duties) : DB_NULL(),
             members_json ? DB_TEXT(members_json) : DB_NULL(), DB_INT(c->at), DB_INT(id)) < 0 ||
        !(a = store_team_get(s, id))) {
        json_decref(before);
        return -1;
    }
    return audit_hand(c, "update", "emergency_team", id, before, a, after);
}

int store_team_delete(struct change *c, int64_t id, json_t **after)
{
    json_t *before = row_before(c, "emergency_team", id, store_team_get);
    if (!before)
        return -1;
    if (EXEC(c->s,
             "UPDATE emergency_teams SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
             "deleted_at IS NULL",
             DB_INT(c->at), DB_ID(c->user_id), DB_INT(id)) < 0) {
        json_decref(before);
        return -1;
    }
    return audit_hand(c, "delete", "emergency_team", id, before,
                      json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1), after);
}

#define TEAM_COLS                                                                                  \
    "t.id, t.org_id, o.name AS org_name, o.kind AS org_kind, t.org_path, t.name, t.duties, "     \
    "t.members_json, t.created_at AS \"created_at@\", t.updated_at AS \"updated_at@\" FROM emergency_teams t JOIN orgs o ON o.id = "    \
    "t.org_id"

json_t *store_team_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " TEAM_COLS " WHERE t.id = ? AND t.deleted_at IS NULL", DB_INT(id));
}

int store_team_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM emergency_teams WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_team_list(struct store *s, const struct scope *sc, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    int64_t total = 0;
    if (INT1(s, &total,
             "SELECT COUNT(*) FROM emergency_teams t WHERE t.deleted_at IS NULL AND " SCOPE_SQL(
                 "t.org_path"),
             SCOPE_PARAMS(b)) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " TEAM_COLS " WHERE t.deleted_at IS NULL AND " SCOPE_SQL(
                            "t.org_path") " ORDER BY t.org_path, t.id LIMIT ? OFFSET ?",
                        SCOPE_PARAMS(b), DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
    return items ? store_page_json(items, total, pg) : NULL;
}

/* ---- supplies ---- */

/* the after-image with its status on the change's day (as the API shows it) */
static json_t *supply_after(struct change *c, int64_t id)
{
    json_t *o = store_supply_get(c->s, id);
    if (!o)
        return NULL;
    int64_t d = 0;
    const char *e = jstr(o, "expires_on");
    bool has = e && prog_date_parse(e, &d) == 0;
    json_object_set_new(o, "status", json_string(prog_supply_status_name(
                                         prog_supply_status(has, d, prog_day_of(c->at)))));
    return o;
}

int64_t store_supply_create(struct change *c, const struct supply_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO emergency_supplies (org_id, org_path, item, quantity, unit, place, "
             "keeper, expiry_date, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->item), DB_INT(in->quantity),
             DB_TEXT(nz(in->unit)), DB_TEXT(in->place), DB_TEXT(nz(in->keeper)),
             in->expiry ? DB_TEXT(in->expiry) : DB_NULL(), DB_INT(c->at), DB_ID(c->user_id),
             DB_INT(c->at)) != 1)
        return -1;
    json_t *a = supply_after(c, id);
    if (!a || audit_hand(c, "create", "emergency_supply", id, NULL, a, after))
        return -1;
    return id;
}

int store_supply_update(struct change *c, int64_t id, int64_t quantity, const char *place,
                        const char *keeper, bool set_expiry, const char *expiry, json_t **after)
{
    json_t *before = row_before(c, "emergency_supply", id, store_supply_get), *a = NULL;
    if (!before)
        return -1;
    if (EXEC(c->s,
             "UPDATE emergency_supplies SET quantity = CASE WHEN ? >= 0 THEN ? ELSE quantity "
             "END, place = COALESCE(?, place), keeper = COALESCE(?, keeper), expiry_date = "
             "CASE WHEN ? = 1 THEN ? ELSE expiry_date END, updated_at = ? WHERE id = ? AND "
             "deleted_at IS NULL",
             DB_INT(quantity), DB_INT(quantity), place ? DB_TEXT(place) : DB_NULL(),
             keeper ? DB_TEXT(keeper) : DB_NULL(), DB_INT(set_expiry ? 1 : 0),
             expiry ? DB_TEXT(expiry) : DB_NULL(), DB_INT(c->at), DB_INT(id)) < 0 ||
        !(a = supply_after(c, id))) {
        json_decref(before);
        return -1;
    }
    return audit_hand(c, "update", "emergency_supply", id, before, a, after);
}

int store_supply_delete(struct change *c, int64_t id, json_t **after)
{
    json_t *before = row_before(c, "emergency_supply", id, store_supply_get);
    if (!before)
        return -1;
    if (EXEC(c->s,
             "UPDATE emergency_supplies SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
             "deleted_at IS NULL",
             DB_INT(c->at), DB_ID(c->user_id), DB_INT(id)) < 0) {
        json_decref(before);
        return -1;
    }
    return audit_hand(c, "delete", "emergency_supply", id, before,
                      json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1), after);
}

/* expires_on: the expiry date ("YYYY-MM-DD" or null) */
#define SUP_COLS                                                                                   \
    "p.id, p.org_id, o.name AS org_name, o.kind AS org_kind, p.org_path, p.item, p.quantity, "   \
    "p.unit, p.place, p.keeper, p.expiry_date AS expires_on, p.created_at AS \"created_at@\", " \
    "p.updated_at AS \"updated_at@\" FROM "    \
    "emergency_supplies p JOIN orgs o ON o.id = p.org_id"

json_t *store_supply_get(struct store *s, int64_t id)
{
    return OBJ1(s, "SELECT " SUP_COLS " WHERE p.id = ? AND p.deleted_at IS NULL", DB_INT(id));
}

int store_supply_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM emergency_supplies WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_supply_list(struct store *s, const struct scope *sc, const char *before,
                          const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *bf = nz(before);
#define S_WHERE                                                                                    \
    " WHERE p.deleted_at IS NULL AND " SCOPE_SQL("p.org_path") " AND (? = '' OR (p.expiry_date "  \
                                                               "IS NOT NULL AND p.expiry_date "   \
                                                               "<= ?))"
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*) FROM emergency_supplies p" S_WHERE, SCOPE_PARAMS(b),
             DB_TEXT(bf), DB_TEXT(bf)) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT " SUP_COLS S_WHERE
                        " ORDER BY CASE WHEN p.expiry_date IS NULL THEN 1 ELSE 0 END, "
                        "p.expiry_date, p.id LIMIT ? OFFSET ?",
                        SCOPE_PARAMS(b), DB_TEXT(bf), DB_TEXT(bf), DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
#undef S_WHERE
    return items ? store_page_json(items, total, pg) : NULL;
}
