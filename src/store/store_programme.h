/*
 * store_programme.h - storage of the safety programme (SPEC §7): education
 * lessons and calendar, emergency plans (versioned) and drills, duty rosters
 * and their slots, incident reports and their hazard links.
 *
 * Conventions as in store.h: -1 / NULL on failure with the reason in
 * store_errmsg(); "get" functions return NULL with store_errclass() == DB_OK
 * when the row does not exist (or is soft-deleted). Calendar dates are
 * "YYYY-MM-DD" strings, checked by the caller (domain/programme.h).
 *
 * Writes take the change (store.h) and record their own audit rows; where
 * they take json_t **after it gets the object as read back (may be NULL:
 * not wanted). A missing object refuses XE_NOT_FOUND.
 */
#ifndef XA_STORE_PROGRAMME_H
#define XA_STORE_PROGRAMME_H

#include "store/store.h"

/* Schools in the scope: [{id, name, path, school_type, classes}] by path. */
json_t *store_prog_schools(struct store *s, const struct scope *sc);

/* ---- safety education lessons ---- */
struct lesson_in {
    int64_t org_id;
    const char *org_path, *class_name, *topic, *category, *date, *semester, *teacher;
    double hours;
};
int64_t store_lesson_create(struct change *c, const struct lesson_in *in, json_t **after);
json_t *store_lesson_get(struct store *s, int64_t id);
int store_lesson_locate(struct store *s, int64_t id, char *path, size_t len);
int store_lesson_delete(struct change *c, int64_t id);
/* semester / class_name may be NULL or "" (any). */
json_t *store_lesson_list(struct store *s, const struct scope *sc, const char *semester,
                          const char *class_name, const struct page *pg);
/* Hours per class in the scope for a semester:
 * [{org_id, class_name, hours, lessons}] ordered by org_id, class_name.
 * Read from the per-class totals that create / delete keep, so a region's
 * compliance does not scan its lessons. */
json_t *store_lesson_hours(struct store *s, const struct scope *sc, const char *semester);

/* ---- education calendar (themed days, seasonal topics, holidays) ---- */
int64_t store_cal_create(struct change *c, int64_t org_id, const char *org_path, const char *kind,
                         const char *title, const char *category, const char *start,
                         const char *end, const char *description, json_t **after);
json_t *store_cal_get(struct store *s, int64_t id);
/* Entries in the scope or set at an ancestor of its roots, overlapping
 * [from, to] (NULL: open), kind optional. */
json_t *store_cal_list(struct store *s, const struct scope *sc, const char *from, const char *to,
                       const char *kind, const struct page *pg);

/* ---- emergency plans (versioned) ---- */
int64_t store_eplan_create(struct change *c, int64_t org_id, const char *org_path,
                           const char *title, const char *kind, const char *theme,
                           const char *content, const char *note, const char *effective,
                           json_t **after);
/* Adds the next version and makes it current (audit "revise": the plan
 * without its versions before and after, the note). */
int store_eplan_add_version(struct change *c, int64_t id, const char *content, const char *note,
                            const char *effective, json_t **after);
/* The plan with its current content and the version history. */
json_t *store_eplan_get(struct store *s, int64_t id);
int store_eplan_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_eplan_list(struct store *s, const struct scope *sc, const char *theme,
                         const struct page *pg);

/* ---- drills ---- */
struct drill_in {
    int64_t org_id, plan_id, participants, duration_min, evacuation_seconds; /* -1: none */
    const char *org_path, *theme, *date, *evaluation, *rating;
    const int64_t *photo_ids;
    size_t nphotos;
};
int64_t store_drill_create(struct change *c, const struct drill_in *in, json_t **after);
/* A drill with photo_ids and evacuation_slow (over the target). */
json_t *store_drill_get(struct store *s, int64_t id);
int store_drill_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_drill_list(struct store *s, const struct scope *sc, const char *from,
                         const char *to, const char *theme, const struct page *pg);
/* Drills per school and month of a year in the scope:
 * [{org_id, month, drills, slow}] (slow: evacuations over target_s). */
json_t *store_drill_counts(struct store *s, const struct scope *sc, int year, int64_t target_s);

/* ---- duty rosters ---- */
struct duty_slot_in {
    const char *date, *phone;
    int64_t leader_id; /* 0: none */
    bool is_24h;
    json_t *staff_ids; /* borrowed array of ids */
};
/* A draft roster with its slots. */
int64_t store_roster_create(struct change *c, int64_t org_id, const char *org_path,
                            const char *title, const char *kind, const char *start,
                            const char *end, const struct duty_slot_in *slots, size_t n,
                            json_t **after);
/* Inserts or replaces the slots of their dates; a published roster refuses
 * XE_ROSTER_PUBLISHED. */
int store_roster_update(struct change *c, int64_t id, const struct duty_slot_in *slots, size_t n,
                        json_t **after);
/* The roster with its slots (leader and staff names). */
json_t *store_roster_get(struct store *s, int64_t id);
int store_roster_locate(struct store *s, int64_t id, char *path, size_t len);
/* Rosters overlapping [from, to] (NULL: open); with_slots adds the slots. */
json_t *store_roster_list(struct store *s, const struct scope *sc, const char *from,
                          const char *to, const char *state, bool with_slots,
                          const struct page *pg);
/* Publishes a draft; late marks a filing after the period started (补报).
 * Not a draft: XE_ROSTER_PUBLISHED. */
int store_roster_publish(struct change *c, int64_t id, bool late, json_t **after);

/* ---- drill settings (counted months, per bureau) ---- */
/* Every bureau's setting: [{org_id, org_path, months:[1..12]}] (a small
 * table; the nearest ancestor-or-self of a school wins: prog_months_for). */
json_t *store_drill_settings_all(struct store *s);
/* The setting in force at path for org_id: {org_id, months, inherited,
 * set_by_org_id (null: the default, every month)}. */
json_t *store_drill_settings_at(struct store *s, const char *path, int64_t org_id);
/* Sets org_id's counted months; after gets store_drill_settings_at. */
int store_drill_settings_put(struct change *c, int64_t org_id, const char *path,
                             const char *months_json, json_t **after);

/* ---- emergency resources (teams, supplies) of schools and bureaus ---- */
/* members_json: [{name, role, phone}] as text. */
int64_t store_team_create(struct change *c, int64_t org_id, const char *org_path, const char *name,
                          const char *duties, const char *members_json, json_t **after);
/* Sets name / duties / members where non-NULL. 0 or -1. */
int store_team_update(struct change *c, int64_t id, const char *name, const char *duties,
                      const char *members_json, json_t **after);
/* after: {id, deleted: true} */
int store_team_delete(struct change *c, int64_t id, json_t **after);
/* {id, org_id, org_name, org_path, name, duties, members, created_at, updated_at} */
json_t *store_team_get(struct store *s, int64_t id);
int store_team_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_team_list(struct store *s, const struct scope *sc, const struct page *pg);

struct supply_in {
    int64_t org_id, quantity;
    const char *org_path, *item, *unit, *place, *keeper;
    const char *expiry; /* "YYYY-MM-DD" or NULL */
};
/* The after-images of supply writes carry "status" on the change's day. */
int64_t store_supply_create(struct change *c, const struct supply_in *in, json_t **after);
/* Sets quantity (>= 0), place / keeper (non-NULL) and the expiry
 * (set_expiry: to expiry, NULL clears). 0 or -1. */
int store_supply_update(struct change *c, int64_t id, int64_t quantity, const char *place,
                        const char *keeper, bool set_expiry, const char *expiry, json_t **after);
int store_supply_delete(struct change *c, int64_t id, json_t **after);
/* {id, org_id, org_name, org_path, item, quantity, unit, place, keeper,
 * expires_on (null: none), created_at, updated_at} */
json_t *store_supply_get(struct store *s, int64_t id);
int store_supply_locate(struct store *s, int64_t id, char *path, size_t len);
/* Supplies in sc, soonest expiry first; before (non-empty "YYYY-MM-DD"):
 * only those expiring on or before it. {items, total, page, per_page}. */
json_t *store_supply_list(struct store *s, const struct scope *sc, const char *before,
                          const struct page *pg);

/* ---- incidents ---- */
struct incident_in {
    int64_t org_id, deaths, injuries, serious_injuries, occurred_at, quick_due_at,
        written_due_at;
    const char *org_path, *title, *category, *grade, *summary, *source;
    bool quick_late;
};
/* The quick report with its hazard links (the bureaus above are told). */
int64_t store_incident_create(struct change *c, const struct incident_in *in,
                              const int64_t *hazard_ids, size_t nh, json_t **after);
/* The written report (后书面): moves state quick -> written; with counts
 * (non-NULL) sets deaths, injuries, serious injuries and the grade they
 * give. Already written: XE_INCIDENT_WRITTEN. */
struct incident_counts {
    int64_t deaths, injuries, serious_injuries;
    const char *grade;
};
int store_incident_written(struct change *c, int64_t id, const char *cause,
                           const char *handling, const char *measures,
                           const struct incident_counts *counts, bool late, json_t **after);
/* Links hazards (an existing link is kept). */
int store_incident_link(struct change *c, int64_t id, const int64_t *hazard_ids, size_t nh,
                        json_t **after);
/* now decides the computed written_missing flag. */
json_t *store_incident_get(struct store *s, int64_t id, int64_t now);
int store_incident_locate(struct store *s, int64_t id, char *path, size_t len);
/* late: -1 any, 1 only late/missing ones, 0 only on-time ones. */
json_t *store_incident_list(struct store *s, const struct scope *sc, int late, const char *state,
                            const char *grade, int64_t from, int64_t to, int64_t now,
                            const struct page *pg);

#endif
