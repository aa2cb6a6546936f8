/*
 * store_resp.h - storage of the responsibility system (SPEC §6): list
 * templates and their duty items, an org's responsibility lists (copied from
 * a template, then edited) with the people holding a post, yearly
 * responsibility letters signed by their addressee, and campus grid zones
 * with their responsible person and risk points.
 *
 * Conventions as in store.h: -1 / NULL on failure with the reason in
 * store_errmsg(); "get" functions return NULL with store_errclass() == DB_OK
 * when the row does not exist (or is soft-deleted). Access checks are the
 * caller's (the route table); functions here trust the ids they are given.
 */
#ifndef XA_STORE_RESP_H
#define XA_STORE_RESP_H

#include "store/store.h"

/* ---- list templates (bureau) ----
 * kind "level" (target county / township / school) or "post" (target a post
 * code). items: n duty texts in order. */
/* Every write below takes the change, records its audit row (create /
 * update / delete / issue / sign, with the before and after images) and
 * hands the new state to *after (may be NULL; {id, deleted: true} after a
 * deletion). An object gone is XE_NOT_FOUND. */
int64_t store_rtpl_create(struct change *c, int64_t org_id, const char *org_path,
                          const char *kind, const char *target, const char *name,
                          const char *description, const char *const *items, size_t n,
                          json_t **after);
/* NULL name / description keep the value; items replace all when has_items;
 * deleted soft-deletes the template. */
int store_rtpl_update(struct change *c, int64_t id, const char *name, const char *description,
                      bool has_items, const char *const *items, size_t n, bool deleted,
                      json_t **after);
/* {id, org_id, org_name, kind, target, name, description, created_at,
 * updated_at, items:[{id, seq, content}]} */
json_t *store_rtpl_get(struct store *s, int64_t id);
int store_rtpl_locate(struct store *s, int64_t id, char *path, size_t len);
/* Templates in the scope or set at an ancestor of one of its roots. kind /
 * target NULL or "" for any. */
json_t *store_rtpl_list(struct store *s, const struct scope *sc, const char *kind,
                        const char *target, const struct page *pg);

/* ---- responsibility lists of an org ----
 * With template_id the kind, target, name (unless given) and items are
 * copied from the template, which must be set at org_path or an ancestor:
 * XE_RESP_TEMPLATE_NOT_FOUND when it is not (or deleted). A second live
 * list for the same org, kind and target is a unique violation. holders:
 * the post holders (user ids). */
int64_t store_rlist_create(struct change *c, int64_t org_id, const char *org_path,
                           int64_t template_id, const char *kind, const char *target,
                           const char *name, const char *const *items, size_t n,
                           const int64_t *holders, size_t nh, json_t **after);
/* With has_holders the holders are replaced. */
int store_rlist_update(struct change *c, int64_t id, const char *name, bool has_items,
                       const char *const *items, size_t n, bool has_holders,
                       const int64_t *holders, size_t nh, bool deleted, json_t **after);
/* {id, org_id, org_name, org_kind, template_id, template_name, kind, target,
 * name, created_at, updated_at, items:[...], holders:[{id, name, username}]} */
json_t *store_rlist_get(struct store *s, int64_t id);
int store_rlist_locate(struct store *s, int64_t id, char *path, size_t len);
/* Lists in the scope; kind / target NULL or "" for any; holder_id 0 for
 * any, else only lists that user holds. */
json_t *store_rlist_list(struct store *s, const struct scope *sc, const char *kind,
                         const char *target, int64_t holder_id, const struct page *pg);

/* ---- people ---- */
/* A live, active user's org id, org path and name: 1 found, 0 not, -1. */
int store_resp_user(struct store *s, int64_t id, int64_t *org_id, char *path, size_t plen,
                    char *name, size_t nlen);

/* ---- responsibility letters ---- */
struct letter_in {
    int year;
    int64_t issuer_org_id, user_id, org_id, list_id;
    const char *issuer_path, *org_path, *title, *content;
};
/* Issued by c's user (audit "issue"). A live letter for (user, year) is a
 * unique violation. */
int64_t store_letter_create(struct change *c, const struct letter_in *in, json_t **after);
/* The id of the user's live letter of that year: 1 found, 0 not, -1. */
int store_letter_find(struct store *s, int64_t user_id, int year, int64_t *id);
/* {id, year, issuer_org_id, issuer_name, user_id, user_name, org_id,
 * org_name, list_id, list_name, title, content, status, issued_at,
 * issued_by, signed_at, sign_note} */
json_t *store_letter_get(struct store *s, int64_t id);
/* The addressee's org path (who sees the letter). */
int store_letter_locate(struct store *s, int64_t id, char *path, size_t len);
/* The issuing org's path (who may withdraw it). */
int store_letter_issuer_locate(struct store *s, int64_t id, char *path, size_t len);
/* Signs a pending letter by its addressee (c's user; else
 * XE_LETTER_NOT_ADDRESSEE); XE_LETTER_SIGNED when not pending. */
int store_letter_sign(struct change *c, int64_t id, const char *note, json_t **after);
/* Soft-deletes a pending letter (audit "delete", note "withdrawn");
 * XE_LETTER_SIGNED_KEPT when it is signed. */
int store_letter_withdraw(struct change *c, int64_t id);
/* Letters addressed in the scope. year 0, status NULL/"", issuer 0, user 0
 * for any. */
json_t *store_letter_list(struct store *s, const struct scope *sc, int year, const char *status,
                          int64_t issuer_org_id, int64_t user_id, const struct page *pg);
/* Progress of a year in the scope (issuer 0 for any):
 * {total, signed, pending, by_org:[{org_id, org_name, total, signed,
 * pending}], unsigned:[{id, user_id, user_name, org_id, org_name, title,
 * issued_at}]} (unsigned: at most 500, oldest first). */
json_t *store_letter_progress(struct store *s, const struct scope *sc, int year,
                              int64_t issuer_org_id);

/* ---- campus grid zones ---- */
struct zone_in {
    const char *name, *description, *patrol_frequency;
    int64_t responsible_user_id, patrol_plan_id;
    bool has_name, has_description, has_patrol_frequency, has_responsible, has_patrol_plan;
};
/* pts: the zone's risk points; a point in another zone is
 * XE_ZONE_POINT_TAKEN. A second live zone of the name in the school is a
 * unique violation. */
int64_t store_zone_create(struct change *c, int64_t org_id, const char *org_path,
                          const struct zone_in *in, const int64_t *pts, size_t np,
                          json_t **after);
/* With has_pts the points are replaced. */
int store_zone_update(struct change *c, int64_t id, const struct zone_in *in, bool has_pts,
                      const int64_t *pts, size_t np, json_t **after);
/* Soft-deletes the zone and frees its points. */
int store_zone_delete(struct change *c, int64_t id);
/* {id, org_id, org_name, name, description, responsible_user_id,
 * responsible_name, patrol_frequency, patrol_plan_id, patrol_plan_name,
 * created_at, updated_at, points:[{id, name, location, category, level,
 * level_rank}], point_count, max_level, max_level_rank} */
json_t *store_zone_get(struct store *s, int64_t id);
int store_zone_locate(struct store *s, int64_t id, char *path, size_t len);
/* Zones in the scope (responsible 0 for any), each as store_zone_get. */
json_t *store_zone_list(struct store *s, const struct scope *sc, int64_t responsible_user_id,
                        const struct page *pg);
/* The org of a live risk point: 1 found, 0 not, -1. */
int store_zone_rp_org(struct store *s, int64_t rp_id, int64_t *org_id);
/* The live zone (other than except_zone) holding a point: 1 found, 0, -1. */
int store_zone_of_point(struct store *s, int64_t rp_id, int64_t except_zone, int64_t *zone_id);
/* The org of a live patrol plan: 1 found, 0 not, -1. */
int store_zone_plan_org(struct store *s, int64_t plan_id, int64_t *org_id);
/* A school's live risk points in no zone: [{id, name, category, level_rank}]. */
json_t *store_zone_free_points(struct store *s, int64_t org_id);
/* A school's live patrol plans: [{id, name, frequency}]. */
json_t *store_zone_plans(struct store *s, int64_t org_id);

#endif
