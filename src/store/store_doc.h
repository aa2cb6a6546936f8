/*
 * store_doc.h - what the printed documents read (api/ledger.c, api/print.c):
 * the hazard ledger (台账) with its whole handling, the accountability
 * records of a region, a hazard's receipt (整改回执/销号单), the risk points
 * of a school's QR labels with their 风险告知卡.
 *
 * All return new references (NULL on a store error).
 */
#ifndef XA_STORE_DOC_H
#define XA_STORE_DOC_H

#include "store/store.h"
#include "store/store_hazard.h"

/*
 * The ledger of the subtree path: at most limit hazards matching f (state,
 * grade, category, q, overdue, supervised; the rest ignored), the newest
 * ones when there are more, each
 *   {id, school, school_id, title, category_name, grade, source, location,
 *    state, found_at, reporter, rectifier, deadline_at, closed_at,
 *    overdue, ever_overdue, rebounds, five_responsible, five_measures,
 *    five_funds, five_deadline_at, five_plan, safeguards, supervised,
 *    supervised_at, supervised_by, department, forwarded_at,
 *    completed_at (last 整改完成), verifier, verified_at,
 *    history: [{at, action, to_state, actor, note, reason, department,
 *               rectifier, deadline}]}
 * in the order the store found them (the caller sorts). *total: how many
 * match in all.
 */
json_t *store_doc_ledger(struct store *s, const char *path, const struct hazard_filter *f,
                         int limit, int64_t *total);

/* The yellow cards and interviews (约谈) of schools under path:
 * [{kind ("黄牌警告" / "约谈"), school, day, reason, by_org, result}],
 * by day. */
json_t *store_doc_penalties(struct store *s, const char *path);

/* One hazard for its receipt: the ledger row's fields plus school_path,
 * bureau (the school's nearest bureau above), description and
 * photos [{id, kind ("before" / "after"), mime}]; NULL with errclass
 * DB_OK if there is no such hazard. */
json_t *store_doc_hazard(struct store *s, int64_t id);

/* A school's risk points for its QR labels: {id, name, location, level,
 * qr_token, category_name, school, hazard_factors, possible_accidents,
 * control_measures (object), responsible, phone}. */
json_t *store_doc_label_points(struct store *s, int64_t school_id);

/* Adds to each audit row of items (in place) user_name (the person's name,
 * else the row's username) and org_name; 0 or -1. */
int store_doc_audit_names(struct store *s, json_t *items);

/* Sets the public URL (settings "public_url"); audit "update" "public_url"
 * (entity id: org_id, the root administrator's org) with view(ctx) before
 * and after, the after handed over. 0 or -1. */
int store_doc_public_url_set(struct change *c, const char *url, int64_t org_id,
                             const char *org_path, json_t *(*view)(void *ctx), void *ctx,
                             json_t **after);

/* The users whose name or login name is exactly text: [{id, name,
 * username}] (at most 20). */
json_t *store_doc_find_users(struct store *s, const char *text);

#endif
