/*
 * store_truth_demo.h - the demo's faked records for truthful records
 * (store/truth_demo.c; used by src/demo/demo_truth.c only). Each returns
 * -1 on a store failure.
 */
#ifndef XA_STORE_TRUTH_DEMO_H
#define XA_STORE_TRUTH_DEMO_H

#include "store/store.h"

/* A JPEG photo of the school with the camera time `taken` (may be NULL). */
int64_t store_truth_demo_photo(struct store *s, int64_t school_id, const char *sha256_hex,
                               const void *jpeg, size_t n, const char *taken, int64_t at);
/* Up to n closed, once-assigned hazards of the school (newest first); how many. */
int store_truth_demo_hazards(struct store *s, int64_t school_id, int64_t *ids, int n);
/* A photo linked to a hazard as "before" or "after". */
int store_truth_demo_link(struct store *s, int64_t hazard_id, int64_t photo_id, const char *kind,
                          int64_t at);
/* When the hazard was first assigned. */
int store_truth_demo_hazard_assigned(struct store *s, int64_t hazard_id, int64_t *at);
/* Moves the hazard's rectification and verification to `minutes` after its assignment. */
int store_truth_demo_quick_fix(struct store *s, int64_t hazard_id, int64_t minutes);
/* A patrol of the school's first npoints risk points by user_id, one every
 * step_ms from at, each uploaded upload_lag_ms after its scan (0: online).
 * Returns the points checked; *first_id the first record. */
int store_truth_demo_patrol(struct store *s, int64_t school_id, int64_t user_id, int64_t at,
                            int npoints, int64_t step_ms, int64_t upload_lag_ms, int64_t *first_id);
int store_truth_demo_patrol_photo(struct store *s, int64_t record_id, int64_t photo_id);
/* Every patrol of the school since `since` turned into "all passed". */
int store_truth_demo_all_pass(struct store *s, int64_t school_id, int64_t since);
/* The demo's patrols find almost nothing; real ones do: one patrol in 23
 * since `since` of every school but except_school gets a failed item. */
int store_truth_demo_some_fail(struct store *s, int64_t except_school, int64_t since);
/* The school's latest n weekly reports re-filed a few minutes apart from at. */
int store_truth_demo_bulk_reports(struct store *s, int64_t school_id, int n, int64_t at);
int store_truth_demo_last_deadline(struct store *s, int64_t school_id, int64_t *at);

#endif
