/*
 * store_report.h - the queries of the reports (周报, 月通报, 统计分析表,
 * 台账) and of weekly report submissions.
 *
 * Every figure is counted over index range scans: a period is a range on a
 * time column (hazards.found_at, hazard_events.at, patrol_records.checked_at;
 * see migrations 0004 and 0006), a subtree a range on org_path inside the
 * same index. Each range is read once per report: rows come per school and
 * are rolled up in C to the child units and the total (see report.c).
 * Current totals per unit (open, overdue) come from the incremental counters
 * (hazard_stats).
 *
 * Periods are [from, to) in epoch ms. JSON values are new references.
 */
#ifndef XA_STORE_REPORT_H
#define XA_STORE_REPORT_H

#include "store/store.h"

/* What store_report_units counts (bits). */
#define RPU_HAZARDS 0x01u /* found, found_major, rectified, open, overdue, major_open */
#define RPU_PATROLS 0x02u /* patrols_done, patrols_planned (per week) */
#define RPU_SUBMIT 0x04u  /* schools, submitted, late (of weekly report `period`) */
#define RPU_MONTH 0x08u   /* rebounds, closed_of_found (of the hazards found in the period) */

/*
 * The report units of org_id: its direct children (self == false) or the org
 * itself (self == true), each {org_id, name, kind, path} plus the counters
 * asked for in `want`, all over the unit's subtree:
 *   found / found_major   hazards found in [from, to)
 *   rectified             hazards closed (销号) in [from, to) (history: the
 *                         'close' events, so a hazard closed in the period
 *                         and reopened later still counts, once; kept over
 *                         hazards.closed_at, which a reopen / the re-check
 *                         flag would hide from the period)
 *   open / overdue        now (hazard_stats counters)
 *   major_open            open major hazards now
 *   patrols_done          patrol records checked in [from, to)
 *   patrols_planned       points of the patrol plans × times per week:
 *                         daily 5 (school days), weekly 1, monthly
 *                         `monthly_times` (1 when the week holds the 1st of a month)
 *   schools / submitted / late   schools, their weekly reports for `period`
 *   rebounds              re-opens and failed re-checks in [from, to)
 *   closed_of_found       hazards found in [from, to) now verified or closed
 *   on_time_of_found      of those, never overdue
 *   overdue_of_found      hazards found in [from, to) open and overdue now
 *   forwarded_of_found    hazards found in [from, to) forwarded (移交) now
 *   assign_overdue / forwarded   now (hazard_stats buckets, 0 when absent)
 * Ordered by org path. NULL on error.
 */
json_t *store_report_units(struct store *s, int64_t org_id, bool self, int64_t from, int64_t to,
                           const char *period, int monthly_times, unsigned want);
/* The same, and in one pass over each index range: *total (if total) the
 * org itself with the same counters over its whole subtree ({org_id, name,
 * kind, code, path, ...}; NULL if the org does not exist), and *breakdown
 * (if breakdown) what store_report_breakdown returns for the org's path. */
json_t *store_report_units_ex(struct store *s, int64_t org_id, bool self, int64_t from,
                              int64_t to, const char *period, int monthly_times, unsigned want,
                              json_t **total, json_t **breakdown);
/* The same with every school of the subtree as a unit (a county's bulletin
 * ranks its schools, also those under townships), ordered by path. */
json_t *store_report_school_units(struct store *s, int64_t org_id, int64_t from, int64_t to,
                                  const char *period, unsigned want, json_t **total);

/* Hazards of the subtree by category and grade: [{category, category_name,
 * grade, found, rectified, open, overdue}] (found / rectified in [from, to),
 * open / overdue now). */
json_t *store_report_breakdown(struct store *s, const char *path, int64_t from, int64_t to);
/* Re-checks (回头看) recorded in [from, to): pass and fail counts. */
int store_report_rechecks(struct store *s, const char *path, int64_t from, int64_t to,
                          int64_t *pass, int64_t *fail);
/* Open major hazards with their five implementations, oldest first. */
json_t *store_report_major_open(struct store *s, const char *path, int limit);
/* Overdue open hazards, oldest deadline first. */
json_t *store_report_overdue_list(struct store *s, const char *path, int limit);
/* Hazards that rebounded (reopen / failed re-check) in [from, to). */
json_t *store_report_rebound_list(struct store *s, const char *path, int64_t from, int64_t to,
                                  int limit);

/* ---- weekly report submissions ---- */
/* Minutes after the end of the ISO week that a weekly report is due, as set
 * by the nearest ancestor-or-self of path (default 720). -1 on error. */
int64_t store_report_deadline_min(struct store *s, const char *path);
/* Sets the deadline of org_id's subtree (audit "update" "report_settings"
 * with the minutes in force before and after). */
int store_report_set_deadline(struct change *c, int64_t org_id, const char *path,
                              int64_t minutes);
/* The current submission of a school for period ({id, period, org_id, note,
 * summary_json, submitted_by, submitter_name, submitted_at, deadline_at,
 * late, version, reason, current}), or NULL (errclass DB_OK). */
json_t *store_report_submission(struct store *s, int64_t org_id, const char *period);
/* Every version of it, oldest first (same fields). NULL on error. */
json_t *store_report_submission_versions(struct store *s, int64_t org_id, const char *period);
/* The frozen content (the report JSON text as submitted) of version
 * (0: the current one) into *content (malloc'd, caller frees). 1 found, 0
 * none, -1 error. */
int store_report_submission_content(struct store *s, int64_t org_id, const char *period,
                                    int64_t version, char **content);
struct report_sub_in {
    int64_t org_id;
    const char *path, *period, *note, *reason;
    json_t *summary;     /* the totals (borrowed) */
    const char *content; /* the frozen report JSON */
    const char *submitter_name;
    int64_t deadline_at;
    bool late;
    int64_t version; /* 1, or the next version: earlier ones stop being current */
};
/* Inserts a submission by c's user at c's instant (a version > 1 makes the
 * earlier ones not current) with its frozen content, in the same change;
 * audit "submit" / "resubmit" "weekly_report" ({week, version, late,
 * reason, summary}, the note as note). *after (if after): the submission
 * as store_report_submission answers. The id, or -1 (DB_ERR_UNIQUE when
 * that version is already there). */
int64_t store_report_submit(struct change *c, const struct report_sub_in *in, json_t **after);
/* The current submissions of the schools of the subtree for period:
 * [{org_id, org_path, late, version, submitted_at, summary, content?}]
 * by path; summary and content parsed (content only when with_content:
 * a big region reads the small summaries only). */
json_t *store_report_frozen(struct store *s, const char *path, const char *period,
                            bool with_content);
/* The hazards found in [from, to) in the subtree (the week's 排查整治清单):
 * [{id, school, title, category_name, grade, location, off_campus, state,
 * found_at, deadline_at, overdue, closed_at, department}], by school and time. */
json_t *store_report_week_hazards(struct store *s, const char *path, int64_t from, int64_t to,
                                  int limit);
/* Schools of the subtree whose weekly report for period is late or missing:
 * [{org_id, name, path, submitted_at, late?}]; missing ones first. */
json_t *store_report_unsubmitted(struct store *s, const char *path, const char *period,
                                 int limit);

/* ---- ledger and printouts ---- */
/* Hazards of the subtree (newest first, at most limit) with their history
 * as one text per hazard ("history": "2026-11-20 10:00 report 张三：…；…"). */
json_t *store_report_ledger(struct store *s, const char *path, int limit, int64_t *total);
/* The facts of a hazard's rectification notice: hazard fields, school name,
 * bureau (the school's parent) name, category name, reporter name. */
json_t *store_report_notice(struct store *s, int64_t hazard_id);
/* Risk points of a school for the QR label sheet. */
json_t *store_report_label_points(struct store *s, int64_t school_id);

/* ---- monthly bulletins (通报), src/store/bulletin.c ----
 * A bureau's bulletin of a month is one row: a draft it edits, then issued
 * once (state 'issued', doc_no from store_docno_next in the same
 * transaction, content_json the document as issued). */
struct bulletin_in {
    int64_t org_id;
    const char *path, *period; /* create only */
    /* NULL: unchanged on update, empty on create */
    const char *title, *recipients, *paragraphs /* JSON array text */, *signer;
};
/* {id, org_id, org_path, period, state, title, recipients, paragraphs_json,
 * signer, doc_no, doc_year, doc_seq, issued_at, issued_by, issuer_name,
 * created_at, created_by, updated_at, version, org_name, org_kind} or NULL
 * (errclass DB_OK when there is none). */
json_t *store_bulletin_get(struct store *s, int64_t id);
/* The issued content into *content (malloc'd; "" for a draft). 1, 0, -1. */
int store_bulletin_content(struct store *s, int64_t id, char **content);
/* The org path of bulletin id: 1 found, 0 not, -1 error. */
int store_bulletin_locate(struct store *s, int64_t id, char *path, size_t len);
/* The bulletins of org_id (of period, when not empty), newest first. */
json_t *store_bulletin_list(struct store *s, int64_t org_id, const char *period);
/* Writes audit themselves (entity "bulletin", the bulletin as after, handed
 * over in *after when after is not NULL). */
/* A new draft (audit "create"): its id, or -1 (DB_ERR_UNIQUE: the month
 * has one). */
int64_t store_bulletin_create(struct change *c, const struct bulletin_in *in, json_t **after);
/* Updates a draft's non-NULL fields (audit "update" with before): 0, or -1
 * with XE_BULLETIN_ISSUED when it is not a draft, XE_NOT_FOUND. */
int store_bulletin_update(struct change *c, int64_t id, const struct bulletin_in *in,
                          json_t **after);
struct bulletin_issue_in {
    const char *doc_no; /* from store_docno_next in the same change */
    int year;
    int64_t seq;
    const char *content; /* the document as issued (JSON text) */
    const char *issuer_name;
};
/* Issues a draft by c's user at c's instant (audit "issue", before
 * {state: draft}): 0, or -1 with XE_BULLETIN_TAKEN when it is not a draft
 * (any more). */
int store_bulletin_issue(struct change *c, int64_t id, const struct bulletin_issue_in *in,
                         json_t **after);

#endif
