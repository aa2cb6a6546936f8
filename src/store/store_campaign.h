/*
 * store_campaign.h - storage of campaigns (专项行动) and special-period plans
 * (SPEC §8): a campaign of a bureau with ordered stages and their tasks;
 * publishing makes one assignment row per task and school of the bureau's
 * subtree; schools submit per assignment, the bureau returns or accepts.
 *
 * Conventions as in store.h: -1 / NULL on failure with the reason in
 * store_errmsg(); "get" functions return NULL with store_errclass() == DB_OK
 * when the row does not exist (or is soft-deleted). Calendar dates are
 * "YYYY-MM-DD" strings checked by the caller; "today" arguments are the
 * Asia/Shanghai day of the request in that form (decides due / overdue).
 *
 * Progress figures (objects named "figures"): schools, total (assignments),
 * due (due date passed), done (submitted or accepted), accepted, returned,
 * pending, late (first submission after the due date), overdue (due date
 * passed and not submitted: pending or returned).
 */
#ifndef XA_STORE_CAMPAIGN_H
#define XA_STORE_CAMPAIGN_H

#include "store/store.h"

struct camp_task_in {
    const char *title, *requirement, *due_date;
    bool need_text, need_photo, need_roster;
    const char *count_fields; /* JSON text: [{key, label}] */
};
struct camp_stage_in {
    const char *name, *start_date, *end_date;
    size_t ntasks;
    const struct camp_task_in *tasks;
};
struct camp_in {
    int64_t org_id;
    const char *org_path, *kind, *title, *description, *start_date, *end_date;
    const char *categories; /* JSON text: ["fire", ...] */
    size_t nstages;
    const struct camp_stage_in *stages;
};

/*
 * Writes take the change (store.h) and record their own audit rows
 * (entity "campaign" / "campaign_task"); `today` ("YYYY-MM-DD") computes the
 * figures of the after-image handed back in *after (when after is not NULL:
 * what store_camp_get / store_camp_assign_get answer).
 */
/* Creates a draft campaign with its stages and tasks; returns its id
 * (audit "create", the whole campaign as after). */
int64_t store_camp_create(struct change *c, const struct camp_in *in, const char *today,
                          json_t **after);
/* Replaces a draft's fields, stages and tasks (the old stages and tasks are
 * soft-deleted). in->org_id / org_path are ignored. Audit "update". */
int store_camp_replace(struct change *c, int64_t id, const struct camp_in *in, const char *today,
                       json_t **after);
/* The campaign with org_name, stages[{..., tasks[{..., figures}]}] and
 * figures of the whole campaign. */
json_t *store_camp_get(struct store *s, int64_t id, const char *today);
int store_camp_locate(struct store *s, int64_t id, char *path, size_t len);
/* Writes the state ("draft" / "published" / "closed"); 1 found, 0 not, -1. */
int store_camp_state(struct store *s, int64_t id, char *state, size_t len);
/* Campaigns of bureaus in the scope with their figures; kind / state / q
 * may be NULL or "". */
json_t *store_camp_list(struct store *s, const struct scope *sc, const char *kind,
                        const char *state, const char *q, const char *today, const struct page *pg);
/* draft -> published: one assignment per task and school of the campaign's
 * subtree, in one statement. Returns the number of assignments made (audit
 * "publish" noting it), or -1: XE_CAMP_PUBLISHED when the campaign is no
 * longer a draft, else a store failure. */
int64_t store_camp_publish(struct change *c, int64_t id, const char *today, json_t **after);
/* Schools (not deleted) in the subtree of path. */
int store_camp_school_count(struct store *s, const char *path, int64_t *n);
/* Tasks (not deleted) of a campaign. */
int store_camp_task_count(struct store *s, int64_t id, int64_t *n);
/* published -> closed; a non-NULL summary replaces the summary. 0 closed
 * (audit "close"), -1: XE_CAMP_NOT_OPEN when it was not published. */
int store_camp_close(struct change *c, int64_t id, const char *summary, const char *today,
                     json_t **after);
/* Audit "summary". */
int store_camp_set_summary(struct change *c, int64_t id, const char *summary, const char *today,
                           json_t **after);
/* Soft-deletes (audit "delete" with the campaign as before). */
int store_camp_delete(struct change *c, int64_t id, const char *today);
/* Figures of the campaign's assignments under path. */
json_t *store_camp_figures(struct store *s, int64_t id, const char *path, const char *today);
/* Figures per direct child org of node_id:
 * [{org_id, name, kind, path, figures...}] ordered like the org tree. */
json_t *store_camp_progress(struct store *s, int64_t id, int64_t node_id, const char *today);
/* Submitted and accepted assignments: [{task_id, counts}] (for the summary). */
json_t *store_camp_counts(struct store *s, int64_t id);

/* ---- assignments (one task of one school) ---- */
/* Assignments in the scope of published or closed campaigns, with campaign,
 * stage, task and school fields; campaign_id / task_id 0 = any, state NULL
 * or "" = any, "overdue" = past due and not submitted. Tasks of closed
 * campaigns last; open ones first (returned, pending, submitted,
 * accepted), then by due date. */
json_t *store_camp_assign_list(struct store *s, const struct scope *sc, int64_t campaign_id,
                               int64_t task_id, const char *state, const char *today,
                               const struct page *pg);
/* One assignment with its submissions (oldest first). */
json_t *store_camp_assign_get(struct store *s, int64_t id, const char *today);
int store_camp_assign_locate(struct store *s, int64_t id, char *path, size_t len);
/* The assignment of task_id for school org_id: 1 found (*id, state), 0 not. */
int store_camp_assign_find(struct store *s, int64_t task_id, int64_t org_id, int64_t *id,
                           char *state, size_t slen);
/* Facts of a task for a submission: campaign id, state and path, due date,
 * needs. 1 found, 0 not (or deleted), -1 error. count_fields is a new
 * reference on success. */
struct camp_task_info {
    int64_t campaign_id;
    char campaign_state[16], campaign_path[96], due_date[16];
    bool need_text, need_photo, need_roster;
    json_t *count_fields;
};
int store_camp_task_info(struct store *s, int64_t task_id, struct camp_task_info *out);
/* Facts of an assignment for a review: campaign state and assignment state. */
int store_camp_assign_states(struct store *s, int64_t id, char *campaign_state, size_t clen,
                             char *state, size_t slen);
/* A submission: counts / photo_ids are JSON text; roster_id a linked duty
 * roster (0: none); late applies to the first submission only. */
struct camp_submit_in {
    const char *text, *counts, *photo_ids;
    int64_t roster_id;
    bool late;
};
/* Records a submission of assignment id (state -> submitted; audit
 * "submit" of the campaign_task with the counts as after, noting 迟报 when
 * late). 0, or -1: XE_CAMP_SUBMIT_SHUT when the assignment is accepted or
 * its campaign not published (nothing written). */
int store_camp_submit(struct change *c, int64_t id, const struct camp_submit_in *in,
                      const char *today, json_t **after);
/* Review of the latest submission: outcome "returned" (reason) or
 * "accepted" (reason is the note); audit "return" / "accept" noting the
 * reason. 0, or -1: XE_CAMP_REVIEWED when the assignment is not awaiting
 * review (nothing written). */
int store_camp_review(struct change *c, int64_t id, const char *outcome, const char *reason,
                      const char *today, json_t **after);

#endif
