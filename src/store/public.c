/*
 * public.c - the public county page, tip-offs (举报) with tracking codes,
 * public replies, rewards and signed-out photo upload tokens.
 */
#include "core/compat.h"
#include "store/hazard_sql.h"
#include "store/store_int.h"
#include "store/store_work.h"
#include "store/store_public.h"

json_t *store_public_county(struct store *s, const char *code)
{
    return OBJ1(s,
                "SELECT id, name, code, path FROM orgs WHERE code = ? AND kind = 'county' AND "
                "deleted_at IS NULL",
                DB_TEXT(code));
}

json_t *store_public_schools(struct store *s, const char *county_path)
{
    char lo[128], hi[128];
    path_range(county_path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT id, name, school_type FROM orgs WHERE kind = 'school' AND "
               "deleted_at IS NULL AND path >= ? AND path < ? ORDER BY name, id LIMIT 2000",
               DB_TEXT(lo), DB_TEXT(hi));
}

json_t *store_public_hazards(struct store *s, const char *county_path)
{
    char lo[128], hi[128];
    path_range(county_path, lo, hi, sizeof(lo));
    return ARR(s,
               "SELECT h.id, o.name AS school_name, h.title, h.category, "
               "COALESCE(c.name_zh, h.category) AS category_name, h.state, "
               "h.supervised AS \"supervised?\", h.found_at AS \"found_at@\", "
               "h.deadline AS \"deadline_at@\", h.closed_at AS \"closed_at@\" FROM hazards h JOIN orgs o ON o.id = h.org_id "
               "LEFT JOIN categories c ON c.code = h.category "
               "WHERE h.grade = 'major' AND h.deleted_at IS NULL AND h.org_path >= ? AND "
               "h.org_path < ? ORDER BY CASE WHEN h.state IN " HZ_OPEN " THEN 0 ELSE 1 END, h.found_at DESC, h.id DESC LIMIT 500",
               DB_TEXT(lo), DB_TEXT(hi));
}

json_t *store_public_categories(struct store *s)
{
    return ARR(s,
               "SELECT code, name_zh AS name FROM categories WHERE deleted_at IS NULL AND "
               "sort >= ? ORDER BY sort, code",
               DB_INT(-1000000));
}

int store_public_upload_put(struct change *c, const char *token, int64_t photo_id,
                            int64_t org_id, const char *org_path, bool new_photo)
{
    if (EXEC(c->s,
             "INSERT INTO public_uploads (token, photo_id, org_id, created_at) VALUES (?, ?, ?, ?)",
             DB_TEXT(token), DB_INT(photo_id), DB_INT(org_id), DB_INT(c->at)) < 0)
        return -1;
    return new_photo ? change_audit(c, "create", "photo", photo_id, org_id, org_path, NULL, NULL,
                                    "public upload")
                     : 0;
}

int store_public_upload_take(struct store *s, const char *token, int64_t org_id, int64_t now,
                             int64_t max_age_ms, int64_t *photo_id)
{
    int rc = INT1(s, photo_id,
                  "SELECT photo_id FROM public_uploads WHERE token = ? AND org_id = ? AND "
                  "used_at IS NULL AND created_at >= ?",
                  DB_TEXT(token), DB_INT(org_id), DB_INT(now - max_age_ms));
    if (rc != 1)
        return rc;
    int64_t n = EXEC(s, "UPDATE public_uploads SET used_at = ? WHERE token = ? AND used_at IS NULL",
                     DB_INT(now), DB_TEXT(token));
    return n < 0 ? -1 : n == 1 ? 1 : 0;
}

int64_t store_tipoff_create(struct change *c, const struct tipoff_in *in)
{
    struct store *s = c->s;
    int64_t now = c->at, id = 0;
    if (INT1(s, &id,
             "INSERT INTO tipoffs (code, county_id, org_id, org_path, category, description, "
             "location, contact, photo_ids_json, ip_hash, status, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?) RETURNING id",
             DB_TEXT(in->code), DB_INT(in->county_id), DB_INT(in->school_id),
             DB_TEXT(in->school_path), DB_TEXT(in->category), DB_TEXT(in->description),
             DB_TEXT(in->location ? in->location : ""), DB_TEXT(in->contact ? in->contact : ""),
             DB_TEXT(in->photo_ids_json ? in->photo_ids_json : "[]"),
             DB_TEXT(in->ip_hash ? in->ip_hash : ""), DB_INT(now), DB_INT(now)) != 1)
        return -1;
    /* the county's bureau hears of it (站内消息 in the same change) */
    if (store_work_tipoff_received(s, id, now) < 0)
        return -1;
    json_t *after = json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)id, "status", "received",
                              "school_id", (json_int_t)in->school_id, "category", in->category);
    int rc = change_audit(c, "create", "tipoff", id, in->school_id, in->school_path, NULL, after,
                          "anonymous");
    json_decref(after);
    return rc ? -1 : id;
}

int store_tipoff_locate(struct store *s, int64_t id, char *path, size_t plen)
{
    return TEXT1(s, path, plen, "SELECT org_path FROM tipoffs WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

#define TIPOFF_COLS                                                                                \
    "t.id, t.code, t.county_id, t.org_id, t.org_path, o.name AS school_name, t.category, "                     \
    "COALESCE(c.name_zh, t.category) AS category_name, t.description, t.location, t.contact, "    \
    "t.photo_ids_json, t.status, t.reason, t.hazard_id, h.state AS hazard_state, "                 \
    "h.closed_at AS \"hazard_closed_at@\", t.handled_by, hu.name AS handled_by_name, "            \
    "t.handled_at AS \"handled_at@\", t.reward_amount, t.reward_on, t.reward_note, "                \
    "t.rewarded_at AS \"rewarded_at@\", "                                                         \
    "CASE WHEN t.reward_amount IS NOT NULL THEN 1 ELSE 0 END AS \"rewarded?\", "                 \
    "t.created_at AS \"created_at@\", t.updated_at AS \"updated_at@\" "                           \
    "FROM tipoffs t JOIN orgs o ON o.id = t.org_id LEFT JOIN categories c ON c.code = t.category " \
    "LEFT JOIN hazards h ON h.id = t.hazard_id LEFT JOIN users hu ON hu.id = t.handled_by "

static json_t *replies(struct store *s, int64_t id)
{
    return ARR(s,
               "SELECT body, created_at AS \"created_at@\" FROM tipoff_replies WHERE tipoff_id = ? ORDER BY id",
               DB_INT(id));
}

json_t *store_tipoff_get(struct store *s, int64_t id)
{
    json_t *o = OBJ1(s, "SELECT " TIPOFF_COLS "WHERE t.id = ? AND t.deleted_at IS NULL",
                     DB_INT(id));
    if (!o)
        return NULL;
    json_t *r = replies(s, id);
    if (!r) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "replies", r);
    return o;
}

json_t *store_tipoff_track(struct store *s, const char *code)
{
    json_t *o = OBJ1(s,
                     "SELECT t.id, t.code, o.name AS school_name, "
                     "COALESCE(c.name_zh, t.category) AS category_name, t.status, t.reason, "
                     "h.state AS hazard_state, h.closed_at AS \"hazard_closed_at@\", "
                     "CASE WHEN t.reward_amount IS NOT NULL THEN 1 ELSE 0 END AS \"rewarded?\", "
                     "t.created_at AS \"created_at@\" "
                     "FROM tipoffs t JOIN orgs o ON o.id = t.org_id "
                     "LEFT JOIN categories c ON c.code = t.category "
                     "LEFT JOIN hazards h ON h.id = t.hazard_id "
                     "WHERE t.code = ? AND t.deleted_at IS NULL",
                     DB_TEXT(code));
    if (!o)
        return NULL;
    int64_t id = json_integer_value(json_object_get(o, "id"));
    json_object_del(o, "id");
    json_t *r = replies(s, id);
    if (!r) {
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "replies", r);
    return o;
}

json_t *store_tipoff_list(struct store *s, const struct scope *sc, const char *status,
                          const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    const char *st = status ? status : "";
#define TIP_WHERE " WHERE t.deleted_at IS NULL AND " SCOPE_SQL("t.org_path") " AND (? = '' OR t.status = ?)"
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*) FROM tipoffs t" TIP_WHERE, SCOPE_PARAMS(b), DB_TEXT(st),
             DB_TEXT(st)) < 0)
        return NULL;
    json_t *items = ARR(s, "SELECT " TIPOFF_COLS TIP_WHERE " ORDER BY t.id DESC LIMIT ? OFFSET ?",
                        SCOPE_PARAMS(b), DB_TEXT(st), DB_TEXT(st), DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
#undef TIP_WHERE
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

/* The tip-off's image for the audit, shaped by v (NULL: not found, noted
 * in c). */
static json_t *tip_image(struct change *c, int64_t id, const struct tipoff_view *v)
{
    json_t *o = store_tipoff_get(c->s, id);
    if (!o) {
        if (store_errclass(c->s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return NULL;
    }
    if (v && v->shape) v->shape(v->ctx, o);
    return o;
}

/* Audits action on tip-off id (before: its image before the write) and
 * hands the after-image over. */
static int tip_done(struct change *c, int64_t id, const char *action, json_t *before,
                    const char *path, const struct tipoff_view *v, const char *note, json_t **after)
{
    json_t *a = tip_image(c, id, v);
    int rc = !a || change_audit(c, action, "tipoff", id,
                                json_integer_value(json_object_get(before, "org_id")), path, before,
                                a, note)
                 ? -1
                 : 0;
    if (rc == 0 && after)
        *after = a;
    else
        json_decref(a);
    json_decref(before);
    return rc;
}

static int64_t reply_insert(struct change *c, int64_t id, const char *body)
{
    int64_t rid = 0;
    if (INT1(c->s, &rid,
             "INSERT INTO tipoff_replies (tipoff_id, body, author_id, created_at) VALUES (?, ?, ?, "
             "?) RETURNING id",
             DB_INT(id), DB_TEXT(body), DB_ID(c->user_id), DB_INT(c->at)) != 1 ||
        EXEC(c->s, "UPDATE tipoffs SET updated_at = ? WHERE id = ?", DB_INT(c->at), DB_INT(id)) < 0)
        return -1;
    return rid;
}

int store_tipoff_decide(struct change *c, int64_t id, const struct tipoff_decision *d,
                        const struct tipoff_view *v, json_t **after)
{
    struct store *s = c->s;
    char path[96];
    if (store_tipoff_locate(s, id, path, sizeof(path)) != 1) {
        if (store_errclass(s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    json_t *before = tip_image(c, id, v);
    if (!before) return -1;
    int64_t n = EXEC(s,
                     "UPDATE tipoffs SET status = ?, reason = ?, hazard_id = ?, handled_by = ?, "
                     "handled_at = ?, updated_at = ? WHERE id = ? AND status = 'received' AND "
                     "deleted_at IS NULL",
                     DB_TEXT(d->status), DB_TEXT(d->reason ? d->reason : ""), DB_ID(d->hazard_id),
                     DB_ID(c->user_id), DB_INT(c->at), DB_INT(c->at), DB_INT(id));
    if (n <= 0 || (d->reply && reply_insert(c, id, d->reply) < 0)) {
        json_decref(before);
        return n == 0 ? change_fail(c, XE_TIPOFF_DECIDED, "status") : -1;
    }
    bool accept = strcmp(d->status, "accepted") == 0;
    return tip_done(c, id, accept ? "accept" : "reject", before, path, v,
                    accept ? NULL : d->reason, after);
}

int store_tipoff_reply(struct change *c, int64_t id, const char *body,
                       const struct tipoff_view *v, json_t **after)
{
    char path[96];
    if (store_tipoff_locate(c->s, id, path, sizeof(path)) != 1) {
        if (store_errclass(c->s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    json_t *before = tip_image(c, id, v);
    if (!before) return -1;
    if (reply_insert(c, id, body) < 0) {
        json_decref(before);
        return -1;
    }
    return tip_done(c, id, "reply", before, path, v, NULL, after);
}

int store_tipoff_reward(struct change *c, int64_t id, double amount, const char *on,
                        const char *note, const struct tipoff_view *v, json_t **after)
{
    char path[96];
    if (store_tipoff_locate(c->s, id, path, sizeof(path)) != 1) {
        if (store_errclass(c->s) == DB_OK) change_fail(c, XE_NOT_FOUND, "id");
        return -1;
    }
    json_t *before = tip_image(c, id, v);
    if (!before) return -1;
    const char *st = json_string_value(json_object_get(before, "status"));
    if (!st || strcmp(st, "accepted") != 0) {
        json_decref(before);
        return change_fail(c, XE_TIPOFF_NOT_ACCEPTED, "status");
    }
    if (EXEC(c->s,
             "UPDATE tipoffs SET reward_amount = ?, reward_on = ?, reward_note = ?, "
             "rewarded_by = ?, rewarded_at = ?, updated_at = ? WHERE id = ? AND "
             "deleted_at IS NULL",
             DB_DOUBLE(amount), DB_TEXT(on), DB_TEXT(note ? note : ""), DB_ID(c->user_id),
             DB_INT(c->at), DB_INT(c->at), DB_INT(id)) < 0) {
        json_decref(before);
        return -1;
    }
    return tip_done(c, id, "reward", before, path, v, NULL, after);
}
