/*
 * store_public.h - storage of the public side (county disclosure page,
 * tip-offs with their tracking codes, public replies, rewards, signed-out
 * photo upload tokens) and of the school ledgers (校车 / 驾驶员 / 门卫登记 /
 * 信访积案).
 *
 * Conventions as store.h: 0 / an id / a JSON value on success, -1 / NULL on
 * failure; a NULL "get" with store_errclass() == DB_OK means "not found".
 * Dates without a time (expiries, deadlines, received_on) are 'YYYY-MM-DD'
 * text; instants are ms (columns *_at, shown as ISO strings).
 */
#ifndef XA_STORE_PUBLIC_H
#define XA_STORE_PUBLIC_H

#include "store/store.h"

/* ---- public county page ---- */
/* The county with this code (kind county only): {id, name, code, path}; NULL
 * when none (errclass DB_OK). */
json_t *store_public_county(struct store *s, const char *code);
/* Schools under the county path: [{id, name, school_type}]. */
json_t *store_public_schools(struct store *s, const char *county_path);
/* Major hazards of the county's schools, without personal data:
 * [{id, school_name, title, category, category_name, state, supervised,
 *   found_at, deadline_at, closed_at}], open ones first. */
json_t *store_public_hazards(struct store *s, const char *county_path);
/* Categories [{code, name}] for the tip-off form. */
json_t *store_public_categories(struct store *s);

/* ---- signed-out photo uploads ---- */
/* Records an upload token for photo_id; a new_photo is audited "create"
 * "photo" (noting "public upload"). */
int store_public_upload_put(struct change *c, const char *token, int64_t photo_id,
                            int64_t org_id, const char *org_path, bool new_photo);
/* Spends an unused token of org_id younger than max_age_ms: 1 and *photo_id
 * set, 0 unknown / used / other school / too old, -1 error. */
int store_public_upload_take(struct store *s, const char *token, int64_t org_id, int64_t now,
                             int64_t max_age_ms, int64_t *photo_id);

/* ---- tip-offs ---- */
struct tipoff_in {
    const char *code; /* the tracking code */
    int64_t county_id, school_id;
    const char *school_path, *category, *description, *location, *contact, *photo_ids_json,
        *ip_hash;
};
/* Audit "create" "tipoff" (a short after-image, noting "anonymous"). */
int64_t store_tipoff_create(struct change *c, const struct tipoff_in *in);
int store_tipoff_locate(struct store *s, int64_t id, char *path, size_t plen);
/* The bureau's view: everything incl. contact, photo_ids, hazard_state,
 * replies. NULL when not found (errclass DB_OK). */
json_t *store_tipoff_get(struct store *s, int64_t id);
/* The public view by tracking code: {code, school_name, category_name,
 * status, reason, hazard_state, hazard_closed_at, created_at, rewarded,
 * replies:[{body, created_at}]}; no contact, description or photos. */
json_t *store_tipoff_track(struct store *s, const char *code);
json_t *store_tipoff_list(struct store *s, const struct scope *sc, const char *status,
                          const struct page *pg);
/* How a bureau write shows the tip-off in its audit images and *after:
 * store_tipoff_get's object passed through shape (the API's words and
 * redaction for the writer); NULL: as stored. */
struct tipoff_view {
    void (*shape)(void *ctx, json_t *o);
    void *ctx;
};
struct tipoff_decision {
    const char *status; /* "accepted" (hazard_id) or "rejected" (reason) */
    const char *reason;
    int64_t hazard_id;
    const char *reply; /* a public reply recorded with it, or NULL */
};
/* received -> accepted / rejected, audited "accept" / "reject" (the
 * reason as note) with the tip-off before and after. 0, or -1 with
 * XE_TIPOFF_DECIDED when it is no longer 'received', XE_NOT_FOUND. */
int store_tipoff_decide(struct change *c, int64_t id, const struct tipoff_decision *d,
                        const struct tipoff_view *v, json_t **after);
/* A public reply (audit "reply"). */
int store_tipoff_reply(struct change *c, int64_t id, const char *body,
                       const struct tipoff_view *v, json_t **after);
/* Records (or replaces) the reward of an accepted tip-off (audit
 * "reward"): 0, or -1 with XE_TIPOFF_NOT_ACCEPTED. */
int store_tipoff_reward(struct change *c, int64_t id, double amount, const char *on,
                        const char *note, const struct tipoff_view *v, json_t **after);

/* ---- ledgers ---- */
enum ledger_kind { LEDGER_BUS, LEDGER_DRIVER, LEDGER_VISIT, LEDGER_PETITION, LEDGER_KIND_COUNT };
/* "bus", "driver", "visit", "petition" (the audit entity names). */
const char *ledger_kind_name(enum ledger_kind k);

/*
 * Create / update read the fields of the kind from obj (already validated by
 * the API; instants as integer ms, dates as 'YYYY-MM-DD'): for update only
 * the members present change. Field names:
 *   bus:      plate, seats, inspection_expiry, insurance_expiry, note
 *   driver:   name, phone, licence_class, licence_expiry, bus_id, note
 *   visit:    name, id_masked, phone, reason, host, plate, goods_in,
 *             goods_out, in_at, out_at, note
 *   petition: petitioner, subject, received_on, leader_id, due_on, status,
 *             result, resolved_on, note
 *
 * Writes take the change and record their audit row (entity: the kind's
 * name); after (may be NULL) gets store_ledger_get on the change's day. A
 * missing row refuses XE_NOT_FOUND.
 */
int64_t store_ledger_create(struct change *c, enum ledger_kind k, int64_t org_id,
                            const char *org_path, json_t *obj, json_t **after);
int store_ledger_update(struct change *c, enum ledger_kind k, int64_t id, json_t *obj,
                        json_t **after);
int store_ledger_delete(struct change *c, enum ledger_kind k, int64_t id);
int store_ledger_locate(struct store *s, enum ledger_kind k, int64_t id, char *path,
                        size_t plen);
/* One row with school_name (drivers: bus_plate; petitions: leader_name) and
 * the flags of its kind computed against today ('YYYY-MM-DD'). */
json_t *store_ledger_get(struct store *s, enum ledger_kind k, int64_t id, const char *today);

struct ledger_filter {
    const char *q;      /* text search, NULL/"" any */
    const char *status; /* petitions: open / resolved */
    int alert;          /* buses/drivers: expired or expiring in 30 days; petitions: overdue */
    int inside;         /* visits: not yet left */
    int64_t bus_id;     /* drivers */
    int64_t from, to;   /* visits: in_at range [from, to), 0 = open */
};
json_t *store_ledger_list(struct store *s, enum ledger_kind k, const struct scope *sc,
                          const struct ledger_filter *f, const char *today,
                          const struct page *pg);

#endif
