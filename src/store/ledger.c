/*
 * ledger.c - the school ledgers the plans name: school buses (校车), their
 * drivers (驾驶员), the gate register (门卫登记: people, vehicles, goods in
 * and out) and backlog petitions (信访积案) with their responsible leader.
 * Every row belongs to a school (org_id, org_path); deletes are soft.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "store/store_int.h"
#include "store/store_public.h"

static const char *const kind_names[LEDGER_KIND_COUNT] = {"bus", "driver", "visit", "petition"};

const char *ledger_kind_name(enum ledger_kind k)
{
    return (unsigned)k < LEDGER_KIND_COUNT ? kind_names[k] : NULL;
}

/* ---- reading the validated JSON of the API ---- */
static struct db_val jtext(json_t *o, const char *k) /* "" when absent */
{
    const char *v = json_string_value(json_object_get(o, k));
    return DB_TEXT(v ? v : "");
}
static struct db_val jtext_null(json_t *o, const char *k)
{
    return DB_TEXT(json_string_value(json_object_get(o, k)));
}
static struct db_val jint(json_t *o, const char *k) /* NULL when absent, null or 0 */
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) && json_integer_value(v) ? DB_INT(json_integer_value(v)) : DB_NULL();
}
static struct db_val jhas(json_t *o, const char *k)
{
    return DB_INT(json_object_get(o, k) != NULL);
}
#define SET(col) col " = CASE WHEN ? = 1 THEN ? ELSE " col " END, "
#define T(k) jhas(obj, k), jtext(obj, k)
#define TN(k) jhas(obj, k), jtext_null(obj, k)
#define I(k) jhas(obj, k), jint(obj, k)

static int64_t ledger_insert(struct store *s, enum ledger_kind k, int64_t org_id,
                             const char *org_path, json_t *obj, int64_t user_id, int64_t now)
{
    int64_t id = 0;
    int rc = -1;
    switch (k) {
    case LEDGER_BUS:
        rc = INT1(s, &id,
                  "INSERT INTO school_buses (org_id, org_path, plate, seats, inspection_expiry, "
                  "insurance_expiry, note, created_by, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_INT(org_id), DB_TEXT(org_path), jtext(obj, "plate"), jint(obj, "seats"),
                  jtext(obj, "inspection_expiry"), jtext(obj, "insurance_expiry"),
                  jtext(obj, "note"), DB_ID(user_id), DB_INT(now), DB_INT(now));
        break;
    case LEDGER_DRIVER:
        rc = INT1(s, &id,
                  "INSERT INTO bus_drivers (org_id, org_path, name, phone, licence_class, "
                  "licence_expiry, bus_id, note, created_by, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_INT(org_id), DB_TEXT(org_path), jtext(obj, "name"), jtext(obj, "phone"),
                  jtext(obj, "licence_class"), jtext(obj, "licence_expiry"), jint(obj, "bus_id"),
                  jtext(obj, "note"), DB_ID(user_id), DB_INT(now), DB_INT(now));
        break;
    case LEDGER_VISIT:
        rc = INT1(s, &id,
                  "INSERT INTO gate_visits (org_id, org_path, name, id_masked, phone, reason, "
                  "host, plate, goods_in, goods_out, in_at, out_at, note, created_by, "
                  "created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_INT(org_id), DB_TEXT(org_path), jtext(obj, "name"), jtext(obj, "id_masked"),
                  jtext(obj, "phone"), jtext(obj, "reason"), jtext(obj, "host"),
                  jtext(obj, "plate"), jtext(obj, "goods_in"), jtext(obj, "goods_out"),
                  jint(obj, "in_at"), jint(obj, "out_at"), jtext(obj, "note"), DB_ID(user_id),
                  DB_INT(now), DB_INT(now));
        break;
    case LEDGER_PETITION:
        rc = INT1(s, &id,
                  "INSERT INTO petitions (org_id, org_path, petitioner, subject, received_on, "
                  "leader_id, due_on, status, result, resolved_on, note, created_by, "
                  "created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  DB_INT(org_id), DB_TEXT(org_path), jtext(obj, "petitioner"),
                  jtext(obj, "subject"), jtext(obj, "received_on"), jint(obj, "leader_id"),
                  jtext(obj, "due_on"),
                  DB_TEXT(json_string_value(json_object_get(obj, "status"))
                              ? json_string_value(json_object_get(obj, "status"))
                              : "open"),
                  jtext(obj, "result"), jtext_null(obj, "resolved_on"), jtext(obj, "note"),
                  DB_ID(user_id), DB_INT(now), DB_INT(now));
        break;
    default:
        break;
    }
    return rc == 1 ? id : -1;
}

static int ledger_set(struct store *s, enum ledger_kind k, int64_t id, json_t *obj,
                        int64_t now)
{
    int64_t n = -1;
    switch (k) {
    case LEDGER_BUS:
        n = EXEC(s,
                 "UPDATE school_buses SET " SET("plate") SET("seats") SET("inspection_expiry")
                     SET("insurance_expiry") SET("note") "updated_at = ? "
                 "WHERE id = ? AND deleted_at IS NULL",
                 T("plate"), I("seats"), T("inspection_expiry"), T("insurance_expiry"), T("note"),
                 DB_INT(now), DB_INT(id));
        break;
    case LEDGER_DRIVER:
        n = EXEC(s,
                 "UPDATE bus_drivers SET " SET("name") SET("phone") SET("licence_class")
                     SET("licence_expiry") SET("bus_id") SET("note") "updated_at = ? "
                 "WHERE id = ? AND deleted_at IS NULL",
                 T("name"), T("phone"), T("licence_class"), T("licence_expiry"), I("bus_id"),
                 T("note"), DB_INT(now), DB_INT(id));
        break;
    case LEDGER_VISIT:
        n = EXEC(s,
                 "UPDATE gate_visits SET " SET("name") SET("id_masked") SET("phone") SET("reason")
                     SET("host") SET("plate") SET("goods_in") SET("goods_out") SET("in_at")
                         SET("out_at") SET("note") "updated_at = ? "
                 "WHERE id = ? AND deleted_at IS NULL",
                 T("name"), T("id_masked"), T("phone"), T("reason"), T("host"), T("plate"),
                 T("goods_in"), T("goods_out"), I("in_at"), I("out_at"), T("note"), DB_INT(now),
                 DB_INT(id));
        break;
    case LEDGER_PETITION:
        n = EXEC(s,
                 "UPDATE petitions SET " SET("petitioner") SET("subject") SET("received_on")
                     SET("leader_id") SET("due_on") SET("status") SET("result")
                         SET("resolved_on") SET("note") "updated_at = ? "
                 "WHERE id = ? AND deleted_at IS NULL",
                 T("petitioner"), T("subject"), T("received_on"), I("leader_id"), T("due_on"),
                 T("status"), T("result"), TN("resolved_on"), T("note"), DB_INT(now),
                 DB_INT(id));
        break;
    default:
        break;
    }
    return n < 0 ? -1 : 0;
}
#undef SET
#undef T
#undef TN
#undef I

static int ledger_remove(struct store *s, enum ledger_kind k, int64_t id, int64_t user_id,
                         int64_t now)
{
    int64_t n = -1;
    switch (k) {
    case LEDGER_BUS:
        n = EXEC(s,
                 "UPDATE school_buses SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                 "deleted_at IS NULL",
                 DB_INT(now), DB_ID(user_id), DB_INT(id));
        /* drivers of a removed bus are no longer assigned to it */
        if (n >= 0 &&
            EXEC(s, "UPDATE bus_drivers SET bus_id = NULL, updated_at = ? WHERE bus_id = ?",
                 DB_INT(now), DB_INT(id)) < 0)
            n = -1;
        break;
    case LEDGER_DRIVER:
        n = EXEC(s,
                 "UPDATE bus_drivers SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                 "deleted_at IS NULL",
                 DB_INT(now), DB_ID(user_id), DB_INT(id));
        break;
    case LEDGER_VISIT:
        n = EXEC(s,
                 "UPDATE gate_visits SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                 "deleted_at IS NULL",
                 DB_INT(now), DB_ID(user_id), DB_INT(id));
        break;
    case LEDGER_PETITION:
        n = EXEC(s,
                 "UPDATE petitions SET deleted_at = ?, deleted_by = ? WHERE id = ? AND "
                 "deleted_at IS NULL",
                 DB_INT(now), DB_ID(user_id), DB_INT(id));
        break;
    default:
        break;
    }
    return n < 0 ? -1 : 0;
}

int store_ledger_locate(struct store *s, enum ledger_kind k, int64_t id, char *path,
                        size_t plen)
{
    switch (k) {
    case LEDGER_BUS:
        return TEXT1(s, path, plen,
                     "SELECT org_path FROM school_buses WHERE id = ? AND deleted_at IS NULL",
                     DB_INT(id));
    case LEDGER_DRIVER:
        return TEXT1(s, path, plen,
                     "SELECT org_path FROM bus_drivers WHERE id = ? AND deleted_at IS NULL",
                     DB_INT(id));
    case LEDGER_VISIT:
        return TEXT1(s, path, plen,
                     "SELECT org_path FROM gate_visits WHERE id = ? AND deleted_at IS NULL",
                     DB_INT(id));
    case LEDGER_PETITION:
        return TEXT1(s, path, plen,
                     "SELECT org_path FROM petitions WHERE id = ? AND deleted_at IS NULL",
                     DB_INT(id));
    default:
        return 0;
    }
}

/* ---- flags ---- */
static void date_plus(const char *today, int days, char *out, size_t len)
{
    int y = 0;
    unsigned m = 0, d = 0;
    if (sscanf(today, "%d-%u-%u", &y, &m, &d) != 3) {
        snprintf(out, len, "%s", today);
        return;
    }
    xa_civil_from_days(xa_days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, len, "%04d-%02u-%02u", y, m, d);
}

static void expiry_flags(json_t *o, const char *col, const char *prefix, const char *today,
                         const char *soon, bool *any)
{
    const char *v = json_string_value(json_object_get(o, col));
    bool expired = v && strcmp(v, today) < 0;
    bool expiring = v && !expired && strcmp(v, soon) < 0;
    char k[64];
    snprintf(k, sizeof(k), "%s_expired", prefix);
    json_object_set_new(o, k, json_boolean(expired));
    snprintf(k, sizeof(k), "%s_expiring", prefix);
    json_object_set_new(o, k, json_boolean(expiring));
    if (expired || expiring)
        *any = true;
}

static void add_flags(json_t *o, enum ledger_kind k, const char *today)
{
    char soon[16];
    date_plus(today, 30, soon, sizeof(soon));
    bool any = false;
    switch (k) {
    case LEDGER_BUS:
        expiry_flags(o, "inspection_expiry", "inspection", today, soon, &any);
        expiry_flags(o, "insurance_expiry", "insurance", today, soon, &any);
        json_object_set_new(o, "alert", json_boolean(any));
        break;
    case LEDGER_DRIVER:
        expiry_flags(o, "licence_expiry", "licence", today, soon, &any);
        json_object_set_new(o, "alert", json_boolean(any));
        break;
    case LEDGER_VISIT:
        json_object_set_new(o, "inside", json_boolean(json_is_null(json_object_get(o, "out_at"))));
        break;
    case LEDGER_PETITION: {
        const char *st = json_string_value(json_object_get(o, "status"));
        const char *dl = json_string_value(json_object_get(o, "due_on"));
        json_object_set_new(o, "overdue", json_boolean(st && strcmp(st, "open") == 0 && dl &&
                                                       strcmp(dl, today) < 0));
        break;
    }
    default:
        break;
    }
}

#define BUS_SEL                                                                                    \
    "SELECT t.id, t.org_id, o.name AS school_name, t.plate, t.seats, t.inspection_expiry, "       \
    "t.insurance_expiry, t.note, (SELECT COUNT(*) FROM bus_drivers d WHERE d.bus_id = t.id AND "   \
    "d.deleted_at IS NULL) AS drivers, t.created_at AS \"created_at@\", "                          \
    "t.updated_at AS \"updated_at@\" FROM school_buses t "                                         \
    "JOIN orgs o ON o.id = t.org_id "
#define DRIVER_SEL                                                                                 \
    "SELECT t.id, t.org_id, o.name AS school_name, t.name, t.phone, t.licence_class, "            \
    "t.licence_expiry, t.bus_id, b.plate AS bus_plate, t.note, t.created_at AS \"created_at@\", " \
    "t.updated_at AS \"updated_at@\" "                                                             \
    "FROM bus_drivers t JOIN orgs o ON o.id = t.org_id LEFT JOIN school_buses b ON b.id = "        \
    "t.bus_id AND b.deleted_at IS NULL "
#define VISIT_SEL                                                                                  \
    "SELECT t.id, t.org_id, o.name AS school_name, t.name, t.id_masked, t.phone, t.reason, "      \
    "t.host, t.plate, t.goods_in, t.goods_out, t.in_at AS \"in_at@\", t.out_at AS \"out_at@\", " \
    "t.note, t.created_at AS \"created_at@\", t.updated_at AS \"updated_at@\" "                  \
    "FROM gate_visits t JOIN orgs o ON o.id = t.org_id "
#define PETITION_SEL                                                                               \
    "SELECT t.id, t.org_id, o.name AS school_name, t.petitioner, t.subject, t.received_on, "      \
    "t.leader_id, u.name AS leader_name, t.due_on, t.status, t.result, t.resolved_on, t.note, " \
    "t.created_at AS \"created_at@\", t.updated_at AS \"updated_at@\" FROM petitions t "        \
    "JOIN orgs o ON o.id = t.org_id "                                                              \
    "LEFT JOIN users u ON u.id = t.leader_id "

json_t *store_ledger_get(struct store *s, enum ledger_kind k, int64_t id, const char *today)
{
    json_t *o = NULL;
    switch (k) {
    case LEDGER_BUS:
        o = OBJ1(s, BUS_SEL "WHERE t.id = ? AND t.deleted_at IS NULL", DB_INT(id));
        break;
    case LEDGER_DRIVER:
        o = OBJ1(s, DRIVER_SEL "WHERE t.id = ? AND t.deleted_at IS NULL", DB_INT(id));
        break;
    case LEDGER_VISIT:
        o = OBJ1(s, VISIT_SEL "WHERE t.id = ? AND t.deleted_at IS NULL", DB_INT(id));
        break;
    case LEDGER_PETITION:
        o = OBJ1(s, PETITION_SEL "WHERE t.id = ? AND t.deleted_at IS NULL", DB_INT(id));
        break;
    default:
        break;
    }
    if (o)
        add_flags(o, k, today);
    return o;
}

json_t *store_ledger_list(struct store *s, enum ledger_kind k, const struct scope *sc,
                          const struct ledger_filter *f, const char *today,
                          const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *q = f->q ? f->q : "";
    char like[200], soon[16];
    sx_like(q, like, sizeof(like));
    date_plus(today, 30, soon, sizeof(soon));
    int64_t lim = pg->per_page, off = (pg->page - 1) * pg->per_page, total = 0;
    json_t *items = NULL;
    int rc = -1;
    switch (k) {
    case LEDGER_BUS:
#define W " WHERE t.deleted_at IS NULL AND " SCOPE_SQL("t.org_path")                               \
          " AND (? = '' OR t.plate LIKE ? ESCAPE '\\') "                                           \
          "AND (? = 0 OR t.inspection_expiry < ? OR "                                              \
          "t.insurance_expiry < ?)"
#define P SCOPE_PARAMS(b), DB_TEXT(q), DB_TEXT(like), DB_INT(f->alert), DB_TEXT(soon), DB_TEXT(soon)
        rc = INT1(s, &total, "SELECT COUNT(*) FROM school_buses t" W, P);
        if (rc >= 0)
            items = ARR(s, BUS_SEL W " ORDER BY t.org_path, t.plate, t.id LIMIT ? OFFSET ?", P,
                        DB_INT(lim), DB_INT(off));
#undef W
#undef P
        break;
    case LEDGER_DRIVER:
#define W " WHERE t.deleted_at IS NULL AND " SCOPE_SQL("t.org_path")                               \
          " AND (? = '' OR t.name LIKE ? ESCAPE '\\') AND (? = 0 OR t.licence_expiry < ?) "        \
          "AND "                                                                                   \
          "(? = 0 OR t.bus_id = ?)"
#define P                                                                                          \
    SCOPE_PARAMS(b), DB_TEXT(q), DB_TEXT(like), DB_INT(f->alert), DB_TEXT(soon), DB_INT(f->bus_id), \
        DB_INT(f->bus_id)
        rc = INT1(s, &total, "SELECT COUNT(*) FROM bus_drivers t" W, P);
        if (rc >= 0)
            items = ARR(s, DRIVER_SEL W " ORDER BY t.org_path, t.name, t.id LIMIT ? OFFSET ?", P,
                        DB_INT(lim), DB_INT(off));
#undef W
#undef P
        break;
    case LEDGER_VISIT:
#define W " WHERE t.deleted_at IS NULL AND " SCOPE_SQL("t.org_path")                               \
          " AND (? = '' OR t.name LIKE ? ESCAPE '\\' OR t.host LIKE ? ESCAPE '\\' "                \
          "OR t.plate LIKE ? ESCAPE '\\' OR t.reason LIKE ? ESCAPE '\\') "                         \
          "AND (? = 0 OR t.out_at IS NULL) AND (? = 0 OR t.in_at >= ?) AND "            \
          "(? = 0 OR t.in_at < ?)"
#define P                                                                                          \
    SCOPE_PARAMS(b), DB_TEXT(q), DB_TEXT(like), DB_TEXT(like), DB_TEXT(like), DB_TEXT(like),       \
        DB_INT(f->inside), DB_INT(f->from), DB_INT(f->from), DB_INT(f->to), DB_INT(f->to)
        rc = INT1(s, &total, "SELECT COUNT(*) FROM gate_visits t" W, P);
        if (rc >= 0)
            items = ARR(s, VISIT_SEL W " ORDER BY t.in_at DESC, t.id DESC LIMIT ? OFFSET ?", P,
                        DB_INT(lim), DB_INT(off));
#undef W
#undef P
        break;
    case LEDGER_PETITION: {
        const char *st = f->status ? f->status : "";
#define W " WHERE t.deleted_at IS NULL AND " SCOPE_SQL("t.org_path")                               \
          " AND (? = '' OR t.subject LIKE ? ESCAPE '\\' OR t.petitioner LIKE ? ESCAPE '\\') "      \
          "AND (? = '' OR t.status = ?) "                                                          \
          "AND (? = 0 OR (t.status = 'open' AND t.due_on < ?))"
#define P                                                                                          \
    SCOPE_PARAMS(b), DB_TEXT(q), DB_TEXT(like), DB_TEXT(like), DB_TEXT(st), DB_TEXT(st),           \
        DB_INT(f->alert), DB_TEXT(today)
        rc = INT1(s, &total, "SELECT COUNT(*) FROM petitions t" W, P);
        if (rc >= 0)
            items = ARR(s,
                        PETITION_SEL W " ORDER BY CASE WHEN t.status = 'open' THEN 0 ELSE 1 END, "
                                       "t.due_on, t.id LIMIT ? OFFSET ?",
                        P, DB_INT(lim), DB_INT(off));
#undef W
#undef P
        break;
    }
    default:
        break;
    }
    if (rc < 0 || !items)
        return NULL;
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o) add_flags(o, k, today);
    return store_page_json(items, total, pg);
}

/* ---- writes: one change each, audited as the entity of the kind ---- */

static void today_of(int64_t now, char *out, size_t len)
{
    char iso[40];
    xa_time_format(now, iso, sizeof(iso));
    snprintf(out, len, "%.10s", iso);
}

int64_t store_ledger_create(struct change *c, enum ledger_kind k, int64_t org_id,
                            const char *org_path, json_t *obj, json_t **after)
{
    char today[16];
    today_of(c->at, today, sizeof(today));
    int64_t id = ledger_insert(c->s, k, org_id, org_path, obj, c->user_id, c->at);
    if (id < 0)
        return -1;
    json_t *a = store_ledger_get(c->s, k, id, today);
    if (!a || change_audit(c, "create", ledger_kind_name(k), id, org_id, org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    if (after)
        *after = a;
    else
        json_decref(a);
    return id;
}

/* The locked before-image and the row's path; NULL (XE_NOT_FOUND when
 * absent). */
static json_t *ledger_before(struct change *c, enum ledger_kind k, int64_t id, const char *today,
                             char *path, size_t plen)
{
    if (change_lock(c, ledger_kind_name(k), id))
        return NULL;
    int rc = store_ledger_locate(c->s, k, id, path, plen);
    json_t *b = rc == 1 ? store_ledger_get(c->s, k, id, today) : NULL;
    if (!b && store_errclass(c->s) == DB_OK)
        change_fail(c, XE_NOT_FOUND, NULL);
    return b;
}

int store_ledger_update(struct change *c, enum ledger_kind k, int64_t id, json_t *obj,
                        json_t **after)
{
    char today[16], path[96];
    today_of(c->at, today, sizeof(today));
    json_t *before = ledger_before(c, k, id, today, path, sizeof(path)), *a = NULL;
    if (!before)
        return -1;
    int rc = ledger_set(c->s, k, id, obj, c->at) || !(a = store_ledger_get(c->s, k, id, today)) ||
             change_audit(c, "update", ledger_kind_name(k), id,
                          json_integer_value(json_object_get(before, "org_id")), path, before, a,
                          NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    if (after)
        *after = a;
    else
        json_decref(a);
    return 0;
}

int store_ledger_delete(struct change *c, enum ledger_kind k, int64_t id)
{
    char today[16], path[96];
    today_of(c->at, today, sizeof(today));
    json_t *before = ledger_before(c, k, id, today, path, sizeof(path));
    if (!before)
        return -1;
    int rc = ledger_remove(c->s, k, id, c->user_id, c->at) ||
             change_audit(c, "delete", ledger_kind_name(k), id,
                          json_integer_value(json_object_get(before, "org_id")), path, before,
                          NULL, NULL);
    json_decref(before);
    return rc ? -1 : 0;
}
