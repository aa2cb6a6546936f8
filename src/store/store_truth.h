/*
 * store_truth.h - truthful records (issue 19): photos' perceptual hashes,
 * the signals (truth_flags) computed from patrols, hazards, photos, weekly
 * reports and incidents, the school's explanations, the bureau's reviews
 * and the settings per rule. The rules themselves are domain/truth.c.
 */
#ifndef XA_STORE_TRUTH_H
#define XA_STORE_TRUTH_H

#include "store/store.h"
#include "domain/truth.h"

/* The settings of every rule (defaults where no row). 0 or -1. */
int store_truth_settings(struct store *s, struct truth_settings out[TR__COUNT]);

/* Hashes up to limit photos not hashed yet (oldest first); *hashed gets how
 * many were looked at. Derived data: no audit rows. */
int store_truth_hash_photos(struct change *c, int limit, int *hashed);

/* The signals a computation found, waiting to be saved. */
struct truth_signal {
    int rule;
    char fkey[96], org_path[96];
    int64_t org_id, entity_id, happened_at;
    const char *entity; /* static */
    char *evidence;     /* JSON text, owned */
};
struct truth_hash {
    int64_t id;
    bool ok; /* false: cannot be hashed (WebP, plain) */
    uint64_t h;
};
struct truth_batch {
    size_t n, cap;
    struct truth_signal *v;
    /* photos hashed by the computation (ascending ids), saved with it */
    size_t nh;
    struct truth_hash *hashes;
};
void truth_batch_release(struct truth_batch *b);

/* Runs every enabled rule over the schools under path for what happened
 * since `since` (patterns look back a year from now), appending a signal to
 * out for each. Photos not hashed yet (up to TRUTH_HASH_LIMIT) are hashed
 * first and their hashes kept in out, for store_truth_save. Reads only, outside any transaction, so writers are not
 * held up while it runs. *found gets the signals seen. */
#define TRUTH_HASH_LIMIT 5000
int store_truth_compute(struct store *s, const char *path, int64_t since, int64_t now,
                        struct truth_batch *out, int *found);
/* Saves the photos' hashes and the signals: a new flag each, or the evidence of the flag it
 * already is refreshed (its state, explanation and review are kept).
 * Derived data: no audit rows. */
int store_truth_save(struct change *c, const struct truth_batch *b);

/* ---- reads ---- */
struct truth_filter {
    const char *under;   /* a subtree path inside the scope, or NULL */
    int64_t school_id;   /* 0: any */
    const char *rule;    /* NULL: any */
    const char *state;   /* open / confirmed / false, NULL: any */
};
json_t *store_truth_flag_list(struct store *s, const struct scope *sc,
                              const struct truth_filter *f, const struct page *pg);
json_t *store_truth_flag_get(struct store *s, int64_t id);
/* 1 found (path of the school written), 0 not, -1 error. */
int store_truth_flag_locate(struct store *s, int64_t id, char *path, size_t len);
/* The 需关注 list: schools under `under` ranked by the weight of their flags
 * not marked 误报 since `since`, each with its flags (newest first, at most
 * per_school) and counts. */
json_t *store_truth_watchlist(struct store *s, const struct scope *sc, const char *under,
                              int64_t since, int limit, int per_school);
/* Every rule with its settings and, in the scope, its flags by state and
 * the share of reviewed flags marked 误报. */
json_t *store_truth_rules(struct store *s, const struct scope *sc);

/* ---- writes (each audits itself) ---- */
/* The school's explanation of flag id. */
int store_truth_explain(struct change *c, int64_t id, const char *text, json_t **after);
/* The bureau's review: verdict "confirmed" (已核实) or "false" (误报). */
int store_truth_review(struct change *c, int64_t id, const char *verdict, const char *note,
                       json_t **after);
/* Settings of one rule: enabled (when has_enabled) and params (an object of
 * the rule's parameter names; each in its range), merged into the current
 * ones. Refusals: XE_TRUTH_RULE (unknown rule), XE_TRUTH_PARAM (field
 * "params.<key>"). */
int store_truth_rule_set(struct change *c, const char *rule, bool has_enabled, bool enabled,
                         json_t *params, json_t **after);

#endif
