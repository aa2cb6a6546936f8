/*
 * store_risk.h - storage of the risk register: categories, checklist
 * templates and school checklists, risk points, assessments and grading
 * thresholds, campus plans, photos, patrol plans and records.
 *
 * Conventions as in store.h: -1 / NULL on failure with the reason in
 * store_errmsg(); "get" functions return NULL with store_errclass() == DB_OK
 * when the row does not exist (or is soft-deleted).
 */
#ifndef XA_STORE_RISK_H
#define XA_STORE_RISK_H

#include "domain/grading.h"
#include "core/strbuf.h"
#include "store/store.h"

/* ---- categories (SPEC §9: data, not code) ---- */
json_t *store_category_list(struct store *s, bool include_deleted);
json_t *store_category_get(struct store *s, const char *code);
/* 1 if code names an active category, 0 if not, -1 error. */
int store_category_exists(struct store *s, const char *code);
/* 1 active, 2 soft-deleted, 0 no such code, -1 error. */
int store_category_state(struct store *s, const char *code);
/* Categories are global data: their audit rows are filed under
 * audit_path (the first subtree of the writer's scope). */
/* XE_CATEGORY_EXISTS when the code is taken (even by a stopped one);
 * audits create/category. */
int store_category_create(struct change *c, const char *code, const char *name_zh,
                          const char *name_en, int64_t sort, const char *audit_path,
                          json_t **after);
/* NULL name / has_sort false keep the value; deleted soft-deletes.
 * XE_CATEGORY_NOT_FOUND when not active, XE_CATEGORY_KEPT for stopping
 * "other"; audits update/category or delete/category. */
int store_category_update(struct change *c, const char *code, const char *name_zh,
                          const char *name_en, bool has_sort, int64_t sort, bool deleted,
                          const char *audit_path, json_t **after);

/* ---- grading thresholds (versioned) ---- */
/* The newest version (falls back to grading_default if the table is empty). */
int store_grading_current(struct store *s, struct grading_thresholds *out);
/* 1 found, 0 not, -1 error. */
int store_grading_get(struct store *s, int version, struct grading_thresholds *out);
/* Adds t as the next version (written into t->version); audits
 * update/grading_thresholds under audit_path; *after gets t as JSON. */
int store_grading_add(struct change *c, struct grading_thresholds *t, const char *note,
                      const char *audit_path, json_t **after);
json_t *store_grading_list(struct store *s);
json_t *store_grading_json(const struct grading_thresholds *t);

/* ---- checklist items (templates and school lists share the shape) ---- */
struct checklist_item_in {
    const char *content, *standard, *method;
    double weight;
};

/* ---- checklist templates (bureau) ---- */
/* Audits create/checklist_template. */
int64_t store_ctpl_create(struct change *c, int64_t org_id, const char *org_path,
                          const char *category, const char *name, const char *description,
                          const struct checklist_item_in *items, size_t n, json_t **after);
json_t *store_ctpl_get(struct store *s, int64_t id);
int store_ctpl_locate(struct store *s, int64_t id, char *path, size_t len);
/* Templates in the scope and at the ancestors of its roots, with items. */
json_t *store_ctpl_list(struct store *s, const struct scope *sc, const char *category,
                        const struct page *pg);

/* Changes name / description (NULL keeps), replaces the items (the old
 * ones are soft-deleted) when replace_items, soft-deletes when deleted.
 * Audits update (or delete) /checklist_template; *after is the template,
 * or {id, deleted: true}. */
int store_ctpl_update(struct change *c, int64_t id, const char *name, const char *description,
                      const struct checklist_item_in *items, size_t n, bool replace_items,
                      bool deleted, json_t **after);

/* ---- school checklists ---- */
/* template_id != 0 copies the template's items (items ignored);
 * XE_CHECKLIST_TEMPLATE_NOT_FOUND when the template is missing or not an
 * ancestor's of org_path. Audits create/checklist. */
int64_t store_checklist_create(struct change *c, int64_t org_id, const char *org_path,
                               int64_t template_id, const char *category, const char *name,
                               const struct checklist_item_in *items, size_t n, json_t **after);
json_t *store_checklist_get(struct store *s, int64_t id);
/* As store_ctpl_update, for a school's checklist. */
int store_checklist_update(struct change *c, int64_t id, const char *name,
                           const struct checklist_item_in *items, size_t n, bool replace_items,
                           bool deleted, json_t **after);
int store_checklist_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_checklist_list(struct store *s, const struct scope *sc, const char *category,
                             const struct page *pg);
/* 1 when item_id belongs to checklist_id (content copied into *content). */
int store_checklist_item(struct store *s, int64_t checklist_id, int64_t item_id, char *content,
                         size_t len);

/* ---- photos (content-addressed) ---- */
/* Stores bytes for org (a school) or finds the same hash there (*reused).
 * *elsewhere counts other orgs holding the same content. */
int64_t store_photo_put(struct store *s, int64_t org_id, const char *org_path,
                        const char *sha256_hex, const char *mime, const void *data, size_t len,
                        int64_t user_id, int64_t now, bool *reused, int64_t *elsewhere);
/* An upload through /photos, after store_photo_put in the same change:
 * audits create/photo (unless reused) and hands back the metadata. */
int store_photo_uploaded(struct change *c, int64_t id, bool reused, int64_t org_id,
                         const char *org_path, json_t **meta);
int store_photo_locate(struct store *s, int64_t id, char *path, size_t len);
/* Metadata without the bytes. */
json_t *store_photo_meta(struct store *s, int64_t id);
/* Appends the bytes to out and writes the mime; 1 found, 0 not, -1 error. */
int store_photo_read(struct store *s, int64_t id, char *mime, size_t mlen, struct strbuf *out);
/* 1 when photo id belongs to org_id, 0 not, -1 error. */
int store_photo_in_org(struct store *s, int64_t id, int64_t org_id);

/* ---- campus plans ---- */
/* A new plan (photo_id) for school org_id; audits update/campus_plan. */
int64_t store_campus_plan_set(struct change *c, int64_t org_id, const char *org_path,
                              int64_t photo_id, json_t **after);
/* {org_id, photo_id, created_at} of the newest, or NULL. */
json_t *store_campus_plan_get(struct store *s, int64_t org_id);
/* The newest plan's photo id: 1 found, 0 none, -1 error. */
int store_campus_plan_photo(struct store *s, int64_t org_id, int64_t *photo_id);

/* ---- risk points ---- */
struct rp_in {
    const char *name, *location, *category, *hazard_factors, *possible_accidents,
        *control_measures_json, *control_level, *responsible_name, *patrol_frequency;
    int64_t responsible_user_id, checklist_id;
    double pos_x, pos_y;
    bool has_name, has_location, has_category, has_hazard_factors, has_possible_accidents,
        has_control_measures, has_control_level, has_responsible_name, has_patrol_frequency,
        has_responsible_user_id, has_checklist_id, has_pos, clear_pos;
};
/* The writes of a point audit its images as the API shows it: store_rp_get
 * plus "qr_url", qr_prefix followed by the token (NULL: no qr_url). */
/* Audits create/risk_point. */
int64_t store_rp_create(struct change *c, int64_t org_id, const char *org_path,
                        const struct rp_in *in, const char *qr_token, const char *qr_prefix,
                        json_t **after);
/* Audits update/risk_point; XE_NOT_FOUND when the point is gone. */
int store_rp_update(struct change *c, int64_t id, const struct rp_in *in, const char *qr_prefix,
                    json_t **after);
/* Soft-deletes; audits delete/risk_point. */
int store_rp_delete(struct change *c, int64_t id, const char *qr_prefix);
json_t *store_rp_get(struct store *s, int64_t id);
int store_rp_locate(struct store *s, int64_t id, char *path, size_t len);
/* Points carry "reassessment_due": never assessed, or last assessed more
 * than RP_REASSESS_MS ago (SPEC §3: at least yearly). */
#define RP_REASSESS_MS (365LL * 86400 * 1000)
/* level may be a level name (none/low/general/high/major) or NULL;
 * due_only keeps the points whose re-assessment is due. */
json_t *store_rp_list(struct store *s, const struct scope *sc, const char *level,
                      const char *category, const char *q, bool due_only, const struct page *pg);
/* The point with this QR token (+ "items" of its checklist), or NULL. */
json_t *store_rp_by_token(struct store *s, const char *token);
/* The active point holding this QR token: 1 found (*id), 0 none, -1 error. */
int store_rp_token_locate(struct store *s, const char *token, int64_t *id);

struct rp_assessment {
    const char *method; /* "LEC", "LS" or "hazard" */
    double l, e, c, s_val, score;
    bool has_l, has_e, has_c, has_s;
    enum risk_level level;
    int thresholds_version;
    int64_t hazard_id;
    const char *note;
};
/* Records an assessment and sets the point's level to its level; a major
 * risk not controlled at school level is moved there (*school_control,
 * may be NULL). Audits assess/risk_point (note: the method). Returns the
 * assessment's id. */
int64_t store_rp_assess(struct change *c, int64_t point_id, const struct rp_assessment *a,
                        const char *qr_prefix, bool *school_control, json_t **after);
json_t *store_rp_assessments(struct store *s, int64_t point_id);

/*
 * The re-grading loop: a hazard found at a point raises its grade. A
 * "major" hazard raises the point to at least "high" (较大, orange); a
 * "general" hazard does not change it. A raise is recorded in the
 * assessment history with method "hazard". Returns 1 when the level
 * rose, 0 when unchanged (or the point does not exist), -1 on error.
 */
int store_risk_point_raise(struct store *s, int64_t point_id, const char *hazard_grade,
                           int64_t now);

/* Four-colour map: a school's plan and points; a region's children and
 * schools with their highest level and counts per level. */
json_t *store_risk_map_school(struct store *s, int64_t org_id);
json_t *store_risk_map_region(struct store *s, int64_t org_id, const char *path);

/* ---- patrol plans ---- */
/* Creates a plan by c's user at c->at and audits it; *after (may be NULL)
 * gets the plan. The id, or -1. */
int64_t store_pplan_create(struct change *c, int64_t org_id, const char *org_path,
                           const char *name, const char *frequency, const int64_t *points,
                           size_t npoints, const int64_t *users, size_t nusers, json_t **after);
json_t *store_pplan_get(struct store *s, int64_t id);
int store_pplan_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_pplan_list(struct store *s, const struct scope *sc, const struct page *pg);
/* 1 when user_id is an active user of org subtree path. */
int store_user_in_path(struct store *s, int64_t user_id, const char *path);

/* ---- patrol records ---- */
struct patrol_in {
    int64_t org_id, risk_point_id, plan_id, patroller_id, scanned_at;
    const char *org_path, *result, *note, *flags_json;
    bool scanned;
    int64_t failed_count;
};
/* A patrol record checked at c->at: store_patrol_create, then its items,
 * photos and the hazards of failed items, then store_patrol_done, which
 * audits the record as it is then ("create" "patrol_record") and hands it
 * back in *after (may be NULL). Ids or 0 / -1. */
int64_t store_patrol_create(struct change *c, const struct patrol_in *in);
int64_t store_patrol_add_item(struct change *c, int64_t record_id, int64_t item_id,
                              const char *content, const char *result, const char *note,
                              const char *photo_ids_json);
int store_patrol_item_hazard(struct change *c, int64_t item_row_id, int64_t hazard_id);
int store_patrol_add_photo(struct change *c, int64_t record_id, int64_t photo_id);
int store_patrol_done(struct change *c, int64_t record_id, json_t **after);
json_t *store_patrol_get(struct store *s, int64_t id);
int store_patrol_locate(struct store *s, int64_t id, char *path, size_t len);
/* flag (may be NULL) keeps the records carrying that flag ("too_fast", ...). */
json_t *store_patrol_list(struct store *s, const struct scope *sc, int64_t risk_point_id,
                          int64_t from, int64_t to, const char *flag, const struct page *pg);
/* Checked-at of the patroller's newest record, 0 if none. */
int store_patrol_last_by(struct store *s, int64_t patroller_id, int64_t *at, int64_t *point_id);
/* How many other patrol records / orgs used this photo's content. */
int store_photo_use_count(struct store *s, int64_t photo_id, int64_t *n);
/*
 * Points in the scope whose patrol frequency demands a patrol in the period
 * containing `day` (daily: that day; weekly: its Monday-based week; monthly:
 * its month, all Asia/Shanghai) and that have no patrol record in it.
 */
json_t *store_patrol_missed(struct store *s, const struct scope *sc, int64_t day,
                            const struct page *pg);

/*
 * Batched loading of many patrol records (the demo's year of patrols):
 * multi-row INSERTs with ids reserved here. Records are not visible to
 * other statements until store_patrol_batch_close(). The caller owns the
 * transaction.
 */
struct patrol_batch;
struct patrol_item_row {
    int64_t item_id;
    const char *content, *result, *note;
};
struct patrol_batch *store_patrol_batch_open(struct store *s);
/* Returns the record's id, or -1. checked_at is also its created_at. */
int64_t store_patrol_batch_add(struct patrol_batch *b, const struct patrol_in *in,
                               int64_t checked_at, const struct patrol_item_row *items, size_t n);
/* Sends the rest and frees b; 0 or -1. */
int store_patrol_batch_close(struct patrol_batch *b);

#endif
