/*
 * store_work.h - the work engine: a person's to-do list, their inbox,
 * reminders (催办 / 催报) and the messages events write.
 *
 * To-do: computed from the state of things (hazards, weekly reports,
 * campaign tasks, letters, rosters, incidents, tip-offs, patrol plans), not
 * from messages, by small indexed lookups (0017_work.sql): counts are
 * capped at WORK_COUNT_CAP so a province root reads at most that many index
 * entries per kind ("100+"). The schools missing last week's report are
 * a county's (or township's) to chase: counted on two covering indexes.
 *
 * Messages: the producers below write them through store_msg_add /
 * store_msg_to_roles inside the caller's change (they open no transaction).
 * Titles and bodies are Chinese with names, never codes or ids.
 *
 * The writes a user makes (read marks, reminders) take the change; a
 * reminder records its audit row ("remind"). The minute sweep is a plan
 * read without a change and steps each run in a system change (user 0)
 * begun by its job (work_sweep_run, api/work.c).
 */
#ifndef XA_STORE_WORK_H
#define XA_STORE_WORK_H

#include "store/store.h"

#define WORK_COUNT_CAP 100

/* One role binding of the caller (from the session's principal). */
struct work_role {
    const char *role;    /* perm.h name */
    int64_t org_id;
    const char *path;    /* the org's path */
    const char *kind;    /* org kind: "school", "county", ... */
};

/*
 * The caller's to-do list at now:
 * {"total": n, "kinds": [{"kind","title","count","more?","link","items":[
 *     {"title","sub","link","due_at"?,"late?"}]}]}
 * Only kinds with something waiting are listed; at most 5 items each.
 * NULL on a store error.
 */
json_t *store_work_todo(struct store *s, int64_t user_id, const struct work_role *roles,
                        int nroles, int64_t now);

/* ---- inbox ---- */
/* The user's messages, newest first (unread_only: those not read), as a
 * page with "unread" (the unread count). NULL on error. */
json_t *store_work_inbox(struct store *s, int64_t user_id, bool unread_only,
                         const struct page *pg);
/* The unread count; 0 or -1. */
int store_work_unread(struct store *s, int64_t user_id, int64_t *n);
/* Marks one message of the change's user read (already read: no change).
 * 0, or -1: XE_MESSAGE_NOT_FOUND when not the user's or unknown. */
int store_work_mark_read(struct change *c, int64_t id);
/* Marks all of the change's user's messages read; how many, or -1. */
int64_t store_work_mark_all_read(struct change *c);

/* ---- messages written by events ----
 * Each runs inside the caller's change (store_msg_add: no audit rows of
 * its own, no transaction) and returns 0 or -1. */

/* A hazard event by its action name ("report", "assign", "reject",
 * "submit", "close", "reopen", "recheck", "supervise", "escalate",
 * "overdue", ...): the people it concerns are told (see the table in
 * work_msg.c; an action not in the table tells nobody). actor_id (0 = the
 * system) is never told of their own act. */
int store_work_hazard_msg(struct store *s, int64_t hazard_id, const char *action,
                          int64_t actor_id, const char *note, int64_t now);
/* A campaign published: each school's principal and safety officer. */
int store_work_campaign_published(struct store *s, int64_t campaign_id, int64_t now);
/* A campaign task returned (退回) to its school. */
int store_work_campaign_returned(struct store *s, int64_t assignment_id, const char *reason,
                                 int64_t now);
/* A responsibility letter issued: its addressee is asked to sign. */
int store_work_letter_issued(struct store *s, int64_t letter_id, int64_t now);
/* A tip-off received: the county bureau's admins (no tipster data). */
int store_work_tipoff_received(struct store *s, int64_t tipoff_id, int64_t now);
/* An incident quick-reported: the bureau admins of every region above the
 * school, at once. */
int store_work_incident_reported(struct store *s, int64_t incident_id, int64_t now);

/* ---- reminders (催办 / 催报) ---- */
#define WORK_REMIND_EVERY_MS (3600LL * 1000)

/* Who reminds and why; the person and the time are the change's. */
struct work_remind {
    int64_t from_org_id;   /* the bureau that reminds */
    const char *from_path;
    const char *note;      /* may be NULL */
};

/*
 * 催办 one open hazard: its rectifier (or, before assignment, the school's
 * principal and safety officer) gets a message; a reminder row, a
 * hazard_events row "remind" and the audit row ("remind", {note}) record
 * it. Returns 0 done, 1 when reminded less than an hour ago (*next_at: when
 * it may be reminded again; nothing written), -1: XE_REMIND_NOT_OPEN when
 * the hazard is not open, or a store failure.
 */
int store_work_remind_hazard(struct change *c, int64_t hazard_id, const struct work_remind *in,
                             int64_t *next_at);

/*
 * 催报: every school under region_path (the region region_id) missing its
 * weekly report for period ("2026-W48") is told. Schools reminded less than
 * an hour ago are skipped. *sent / *skipped get the counts; *next_at the
 * earliest time a skipped school may be reminded again. When any was told,
 * the audit row ("remind", "weekly_report", {reminded, skipped, note}).
 * 0 or -1.
 */
int store_work_remind_weekly(struct change *c, int64_t region_id, const char *region_path,
                             const char *period, const struct work_remind *in, int *sent,
                             int *skipped, int64_t *next_at);

/* 催报 of a published campaign's tasks (only_task: that one; 0: all):
 * every school under region_path whose assignment is pending or returned.
 * Same contract as the weekly one (audit entity "campaign", org_id). */
int store_work_remind_campaign(struct change *c, int64_t campaign_id, int64_t only_task,
                               int64_t org_id, const char *region_path,
                               const struct work_remind *in, int *sent, int *skipped,
                               int64_t *next_at);

/* The ids of a published campaign's tasks ([{id}]); NULL on error. */
json_t *store_work_campaign_tasks(struct store *s, int64_t campaign_id);

/* The reminders of the schools under path (newest first, at most limit). */
json_t *store_work_reminders(struct store *s, const char *path, int limit);

/* ---- the minute sweep ----
 * Time-based messages, once each: hazards whose deadline falls within the
 * next 24 h (their rectifier), weekly reports due within 24 h and late
 * (each school's principal and safety officer, county by county).
 *
 * The plan at now, read without a change: {hazards: [{id}], weekly:
 * [{key, path, week, late, deadline}]} (counties not yet told); NULL on
 * error. Then, each in a system change at now: the hazards in batches
 * (last: the batch that moves the marks, even when there are none), and
 * each county (checked again in the change, so two sweeps tell it once).
 * Messages carry dedupe keys: a sweep run twice sends nothing twice. */
json_t *store_work_sweep_plan(struct store *s, int64_t now);
int store_work_sweep_hazards(struct change *c, json_t *ids, size_t from, size_t n, bool last);
int store_work_sweep_weekly(struct change *c, json_t *job);

/* Weeks: the ISO label ("2026-W48") of the week holding instant t, its
 * Monday 00:00 (Asia/Shanghai) as an instant, and the weekly report
 * deadline of that week for a school at path (ms). */
void work_week_of(int64_t t, char *label, size_t n, int64_t *monday_ms);
int64_t store_work_weekly_deadline(struct store *s, const char *path, int64_t monday_ms);

#endif
