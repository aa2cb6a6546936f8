/*
 * store_assess.h - storage of supervision (督查督办: inspections with
 * covert ones, findings, interviews, yellow cards, criticism / commendation
 * notices) and of the yearly assessment (考核: schemes, adjustments, compute
 * runs and score rows).
 *
 * Conventions as in store.h. Calendar dates are "YYYY-MM-DD" text checked by
 * the caller; objects show them under keys that do not end in _date
 * ("date", "issued_on", "lifted_on") since sx_row reads *_date as instants.
 *
 * Covert inspections (kind "covert") stay invisible to everyone whose
 * `viewer` scope (the subtrees where the user may read inspections) does not
 * hold the inspecting bureau, until published: lists leave them out and get
 * answers NULL, as if absent. Regular ones are visible to the schools
 * inspected at once.
 */
#ifndef XA_STORE_ASSESS_H
#define XA_STORE_ASSESS_H

#include "store/store.h"

/* ---- inspections ---- */
struct insp_in {
    int64_t org_id; /* the bureau */
    const char *org_path, *title, *kind, *date, *summary;
    json_t *group; /* borrowed array of names */
    size_t nschools;
    const int64_t *school_ids;
    char (*school_paths)[96];
};
int64_t store_insp_create(struct store *s, const struct insp_in *in, int64_t user_id,
                          int64_t now);
/* The bureau path of an inspection (a route locator). */
int store_insp_locate(struct store *s, int64_t id, char *path, size_t len);
/* The inspection with targets and findings as `viewer` may see them; NULL
 * when absent or hidden (errclass DB_OK). */
json_t *store_insp_get(struct store *s, int64_t id, const struct scope *viewer);
/* Inspections by a bureau in sc or of a school in sc, visible to viewer.
 * kind / state NULL or "" = any. */
json_t *store_insp_list(struct store *s, const struct scope *sc, const struct scope *viewer,
                        const char *kind, const char *state, const struct page *pg);
/* 1 a target school of the inspection, 0 not, -1 error. */
int store_insp_has_target(struct store *s, int64_t id, int64_t school_id);
/* Marks published; 1 done, 0 already published, -1 error. */
int store_insp_publish(struct store *s, int64_t id, int64_t user_id, int64_t now);

struct finding_in {
    int64_t inspection_id, org_id;
    const char *org_path, *content, *category, *grade;
    json_t *photo_ids; /* borrowed array */
    bool hazard_pending;
};
int64_t store_finding_create(struct store *s, const struct finding_in *in, int64_t user_id,
                             int64_t now);
int store_finding_set_hazard(struct store *s, int64_t id, int64_t hazard_id);
json_t *store_finding_get(struct store *s, int64_t id);
/* Findings of an inspection still waiting for their hazard:
 * [{id, org_id, content, category, grade, photo_ids}]. */
json_t *store_finding_pending(struct store *s, int64_t inspection_id);
/* Findings at schools in sc visible to viewer; inspection_id 0 = any. */
json_t *store_finding_list(struct store *s, const struct scope *sc, const struct scope *viewer,
                           int64_t inspection_id, const struct page *pg);

/* ---- interviews (约谈) ---- */
struct interview_in {
    int64_t by_org_id, org_id;
    const char *org_path, *interviewee, *interviewee_title, *date, *reason, *record, *follow_up;
};
int64_t store_interview_create(struct store *s, const struct interview_in *in, int64_t user_id,
                               int64_t now);
/* Sets record / follow_up / follow_up_done where given (NULL / -1 keep). */
int store_interview_update(struct store *s, int64_t id, const char *record,
                           const char *follow_up, int follow_up_done, int64_t now);
json_t *store_interview_get(struct store *s, int64_t id);
int store_interview_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_interview_list(struct store *s, const struct scope *sc, const struct page *pg);

/* ---- yellow cards (黄牌警告) ---- */
int64_t store_ycard_create(struct store *s, int64_t by_org_id, int64_t org_id,
                           const char *org_path, const char *reason, const char *date,
                           int64_t user_id, int64_t now);
/* 1 lifted, 0 already lifted, -1 error. */
int store_ycard_lift(struct store *s, int64_t id, const char *date, const char *reason,
                     int64_t user_id, int64_t now);
json_t *store_ycard_get(struct store *s, int64_t id);
int store_ycard_locate(struct store *s, int64_t id, char *path, size_t len);
/* state NULL / "" = any. */
json_t *store_ycard_list(struct store *s, const struct scope *sc, const char *state,
                         const struct page *pg);

/* ---- criticism / commendation notices ---- */
struct notice_entry_in {
    int64_t org_id;
    const char *org_path, *person, *reason;
};
int64_t store_snotice_create(struct store *s, int64_t org_id, const char *org_path,
                             const char *kind, const char *title, const char *content,
                             const char *date, const struct notice_entry_in *e, size_t n,
                             int64_t user_id, int64_t now);
/* Visible when issued in sc or naming a unit in sc. */
json_t *store_snotice_get(struct store *s, int64_t id, const struct scope *sc);
json_t *store_snotice_list(struct store *s, const struct scope *sc, const char *kind,
                           const struct page *pg);

/* ---- accountability (问责 / 责任追究) ---- */
struct account_in {
    int64_t by_org_id; /* the deciding bureau */
    const char *by_org_path;
    int64_t org_id; /* the unit concerned (a school or a bureau below) */
    const char *org_path;
    const char *target; /* "person" or "unit" */
    const char *person, *person_title;
    const char *reason, *measure, *decision_no;
    const char *date; /* "YYYY-MM-DD", the decision date */
    int64_t incident_id, hazard_id, inspection_id; /* 0: none */
};
/* Records the decision in the change; the audit row ("create",
 * "accountability") carries note (the measure's name). after: get. */
int64_t store_account_create(struct change *c, const struct account_in *in, const char *note,
                             json_t **after);
/* {id, by_org_id, by_org_name, org_id, org_name, org_kind, target, person,
 * person_title, reason, measure, decision_no, decided_on, incident_id,
 * incident_title, hazard_id, hazard_title, inspection_id, inspection_title,
 * created_at, created_by_name}; NULL when absent (errclass DB_OK). */
json_t *store_account_get(struct store *s, int64_t id);
int store_account_locate(struct store *s, int64_t id, char *path, size_t len);
/* Records on units in sc, newest decision first; measure NULL / "" = any;
 * year 0 = any. {items, total, page, per_page, by_measure:[{measure, n}]}. */
json_t *store_account_list(struct store *s, const struct scope *sc, const char *measure,
                           int year, const struct page *pg);

/* ---- assessment ---- */
/* The scheme in force at path for year: the nearest ancestor-or-self's
 * scheme of that year, else the default. {id, org_id, org_path, year,
 * indicators, inherited?}. */
json_t *store_assess_scheme(struct store *s, const char *path, int year);
int store_assess_scheme_put(struct store *s, int64_t org_id, const char *path, int year,
                            const char *indicators_json, int64_t user_id, int64_t now);
int64_t store_assess_adjust_create(struct store *s, int64_t org_id, const char *path, int year,
                                   double points, const char *reason, int64_t user_id,
                                   int64_t now);
json_t *store_assess_adjust_list(struct store *s, const struct scope *sc, int year);
/* A bureau's reasoned veto (一票否决) of a school or county for a year;
 * kind "ineffective" (治理不力) or "negative_impact" (造成严重负面影响). */
int64_t store_assess_veto_create(struct store *s, int64_t by_org_id, int64_t org_id,
                                 const char *path, int year, const char *kind, const char *reason,
                                 int64_t user_id, int64_t now);
json_t *store_assess_veto_get(struct store *s, int64_t id);
/* Vetoes of year on units in sc. */
json_t *store_assess_veto_list(struct store *s, const struct scope *sc, int year);
/* 1 when a finalised run of year covers path (a run at an ancestor-or-self),
 * 0 not, -1 error. */
int store_assess_final(struct store *s, const char *path, int year);
/*
 * Computes the scores of year for the region (org_id, path) as of instant
 * as_of: every school under it and every county under it (or itself), with
 * the scheme in force (periods fall due from the school's registration, or
 * from its earliest record when that is older: imported data), writing a new run (superseding the region's previous
 * run of the year) and its score rows. Inside the caller's transaction.
 * Returns the run id, or -1.
 */
int64_t store_assess_compute(struct store *s, int64_t org_id, const char *path, int year,
                             int64_t as_of, int64_t user_id, int64_t now);
/* Finalises the current run of (path, year): 1 done, 0 none or already final, -1. */
int store_assess_finalize(struct store *s, const char *path, int year, int64_t user_id,
                          int64_t now);
/* The run of year covering path (deepest ancestor-or-self with a run) and its
 * scores inside sc: {run:{...}, schools:[...], counties:[...]}, run null when
 * none. kind "school" / "county" / NULL both. */
json_t *store_assess_result(struct store *s, const char *path, int year, const struct scope *sc);

#endif
