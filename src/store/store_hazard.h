/*
 * store_hazard.h - storage of hazards, their history, five implementations,
 * re-checks and the incremental subtree statistics.
 *
 * Lifecycle rules live in src/domain/hazard.c only. The functions here load
 * a hazard's facts, call hazard_apply, and write back what it decides: the
 * row, one hazard_events row, photo links, the statistics deltas and its
 * audit row (change_audit). Writes take the caller's change (store.h): the
 * actor is c->user_id / c->username (0 = the system), the instant c->at. A
 * refusal returns -1 with c->err set (a code of the closed-loop block of
 * core/err.def and the field); -1 with c->err.code XE_NONE is a store
 * failure. Either way the caller aborts the change, so nothing of a refused
 * write remains. An API handler and a unit test use the same code path.
 *
 * Statistics: hazard_stats(org_id, bucket, n). Every hazard contributes its
 * weight to each of its buckets for every org on its path (the school and
 * all ancestors), so a node's row is the count over its whole subtree.
 * Buckets: "total", "open", "status:<state>", "grade:<grade>",
 * "category:<code>", "overdue", "supervised", "escalated" (1 each when the
 * hazard is in them), "rebound" (weight = the hazard's rebound count), and
 * "assign_overdue" (overdue while still reported: 待交办超时), "major_open"
 * (an open major hazard) and "forwarded" (移交 off campus, the outcome not
 * yet recorded: 已移交/跟踪中). store_hazard_stats_rebuild (store_bulk.h)
 * writes the same buckets.
 * A write does not touch those rows: it appends its bucket deltas to
 * hazard_stats_delta (org_id, org_path, bucket, n; one row per changed
 * bucket, at the school), and store_hazard_stats_fold moves them up the
 * tree in one transaction (the server every second). Every counter read
 * (store_hazard_stats, store_hazard_counter) adds the subtree's unfolded
 * deltas in the same statement, so it is exact at any moment.
 *
 * Overdue is a flag kept by the periodic sweep (store_hazard_sweep): it is
 * set when the sweep finds an open hazard past its deadline, and cleared by
 * any action after which the hazard is no longer open-and-past-deadline.
 * Lists, detail and stats all read that flag, so they agree with each other;
 * they lag real time by at most one sweep period (one minute in the server).
 */
#ifndef XA_STORE_HAZARD_H
#define XA_STORE_HAZARD_H

#include "domain/hazard.h"
#include "store/store.h"

/* A new hazard. Strings are borrowed; NULL optional strings mean "". */
struct hazard_create {
    int64_t school_id;
    const char *title, *description, *category, *grade, *source, *location;
    bool off_campus;
    int64_t risk_point_id, patrol_record_id; /* 0 = none */
    const int64_t *photo_ids;                /* before-photos */
    size_t nphotos;
    bool on_the_spot;                        /* 立行立改: fixed at once */
    const int64_t *after_photo_ids;          /* its after-photos */
    size_t nafter;
    const char *fix_note;                    /* what was done, may be NULL */
    /* the reporter when it is not the change's user and has no account
     * (a tip-off: "群众举报"): no reporter_id, this name in the history;
     * NULL: the change's user */
    const char *as_name;
};

/*
 * Inserts a hazard (state reported; submitted when fixed on the spot, with
 * its after-photos, waiting for verification by someone else), its first
 * event, its photo links, the statistics and an audit row. Its clock starts
 * now: the deadline is the assignment limit (hazard.assign_hours /
 * hazard.assign_hours_major). A major hazard is listed for 督办 by its
 * nearest bureau (county) at once, which issues its 整改通知书 (文号 from
 * store_docno_next). Returns the id; -1 when refused (bad school,
 * category, grade, source, risk point, patrol record or photo: c->err,
 * naming the field) or on a store error.
 */
int64_t store_hazard_create(struct change *c, const struct hazard_create *in);

/*
 * One action through the domain state machine, at c->at (in->now_ms is
 * ignored); photo_ids are the after-photos of a submit (each must be a
 * photo of the same school). Returns 0 done, -1 refused (c->err: the
 * domain's refusal, XE_HAZARD_RECTIFIER_INVALID / _PHOTO_INVALID,
 * XE_HAZARD_CHANGED for a concurrent change, XE_HAZARD_NOT_FOUND) or a
 * store error.
 */
int store_hazard_act(struct change *c, int64_t id, const struct hazard_actor *a,
                     const struct hazard_input *in, const int64_t *photo_ids, size_t nphotos);

/* The five implementations (五落实) and interim safeguards of a major hazard.
 * has_* say which members are given; the rest keep their values. */
struct hazard_five {
    bool has_responsible, has_measures, has_funds, has_deadline, has_plan, has_safeguards;
    const char *responsible, *measures, *plan, *safeguards;
    double funds;
    bool funds_unset;            /* with has_funds: back to 未落实 (NULL) */
    int64_t deadline_ms;
    bool has_responsible_id;     /* a staff user of the school (0 = none) */
    int64_t responsible_id;
    bool has_phone;
    const char *responsible_phone;
};
/* Same return convention as store_hazard_act. A responsible_id must be an
 * active user with a role at the hazard's school ("responsible_id"); the
 * person as stored must be that user or a name with a phone (naming
 * "responsible" / "responsible_phone", hazard_five_person_check). */
int store_hazard_set_five(struct change *c, int64_t id, const struct hazard_five *in);

/* The hazard's facts and its school's path; 1 found, 0 not, -1 error. */
int store_hazard_facts(struct store *s, int64_t id, struct hazard_facts *f, char *path,
                       size_t plen);
/* The row version of a hazard (every change of it, its history, photos or
 * five implementations raises it); 1 found, 0 not, -1 error. */
int store_hazard_version(struct store *s, int64_t id, int64_t *version);
/* The school path of a hazard (a route locator); 1 found, 0 not, -1 error. */
int store_hazard_locate(struct store *s, int64_t id, char *path, size_t plen);

/* The hazard with five implementations, photos and history; NULL when not
 * found (errclass DB_OK) or on error. f and path (either may be NULL) get
 * the facts the state machine decides on and the school's path. */
json_t *store_hazard_get(struct store *s, int64_t id, struct hazard_facts *f, char *path,
                         size_t plen);

struct hazard_filter {
    const char *state, *grade, *category, *q; /* NULL or "" = any */
    int overdue, supervised;                  /* -1 any, else 0/1 */
    int64_t escalated_to;                     /* org id, 0 = any */
    bool escalated;                           /* escalation_level > 0 */
    int recheck_due;                          /* -1 any, else 0/1 (flag) */
    bool unclosed;                            /* 未销号: not closed, not concluded */
    int64_t from_ms, to_ms;                   /* found_at in [from, to); 0 = open end */
    int64_t mine_id;                          /* rectifier is this user; 0 = any */
    bool urgent; /* by urgency: open first, overdue, nearest deadline (else newest first) */
};
json_t *store_hazard_list(struct store *s, const struct scope *sc, const struct hazard_filter *f,
                          const struct page *pg);

/* The statistics of org_id's subtree from the counters:
 * {total, open, overdue, supervised, escalated, rebound, assign_overdue,
 *  major_open, forwarded,
 *  by_status:{}, by_grade:{}, by_category:{}}, plus escalated_here: open
 * hazards escalated to exactly this org (an index lookup, not a counter). */
json_t *store_hazard_stats(struct store *s, int64_t org_id);
/* One counter of org_id's subtree (its folded row plus the deltas not yet
 * folded, in one statement); 0 when none, -1 on error. */
int64_t store_hazard_counter(struct store *s, int64_t org_id, const char *bucket);
/* Moves the counter deltas the writes appended (hazard_stats_delta) into
 * hazard_stats for every org on their paths, in its own transaction; the
 * server's jobs thread calls it every second. *folded (may be NULL): the
 * delta rows moved. 0 or -1. */
int store_hazard_stats_fold(struct store *s, int64_t *folded);
/* The same object counted afresh from the hazard rows under path (tests). */
json_t *store_hazard_stats_fresh(struct store *s, const char *path);

/*
 * The periodic sweep at instant now. Re-check (回头看): flags closed hazards
 * not re-checked since closing whose closed_at is recheck_ms or more before
 * now as recheck_due (cleared by the recheck / reopen actions). Overdue:
 * flags open hazards past their deadline
 * as overdue and escalates them (system actor) one level per period_ms
 * overdue, up to HAZARD_ESCALATION_MAX; level n names the school's n-th
 * ancestor (clamped at the root) as escalated_org_id. In changes of the
 * system (user 0, "system", at now; each write audited) of at most 200
 * hazards or 50 ms; call it outside any transaction. Writes the counts
 * done to *flagged / *escalated (may be NULL). 0 or -1.
 */
int store_hazard_sweep(struct store *s, int64_t now, int64_t period_ms, int64_t recheck_ms,
                       int *flagged, int *escalated, int *recheck_due);
/* A function the sweep asks before each batch whether to stop early (the
 * server shutting down; the rest is swept next time); NULL: never. */
void store_hazard_sweep_set_stop(bool (*stop)(void));

/* Settings with defaults: "hazard.recheck_days" (30), "hazard.escalation_days" (7). */
int64_t store_hazard_setting_days(struct store *s, const char *key, int64_t dflt);

#define HAZARD_ESCALATION_DAYS_DEFAULT 7
#define HAZARD_RECHECK_DAYS_DEFAULT 30
/* The hazard-settings with their defaults: {escalation_days, recheck_days,
 * assign_hours, assign_hours_major}; NULL on error. */
json_t *store_hazard_settings(struct store *s);
/* New values (validated by the caller); 0 = unchanged. */
struct hazard_settings_in {
    int64_t escalation_days, recheck_days, assign_hours, assign_hours_major;
};
/* Writes the given settings and audits "update" "hazard_settings" under the
 * root org (org_id, org_path) the caller acts for; *after gets the settings
 * as they are now. 0 or -1. */
int store_hazard_settings_set(struct change *c, const struct hazard_settings_in *in,
                              int64_t org_id, const char *org_path, json_t **after);

#endif
