/*
 * api_programme.h - handlers of the safety programme (SPEC §7): education
 * lessons, compliance and calendar (education.c), emergency plans and
 * drills (drills.c), duty rosters (duty.c), incident reports (incidents.c),
 * and their shared helpers (programme.c).
 */
#ifndef XA_API_PROGRAMME_H
#define XA_API_PROGRAMME_H

#include "api/api.h"

/* ---- shared helpers (programme.c) ---- */
/* Parses the optional "YYYY-MM-DD" field of obj (or a query value) into
 * *day; answers 422 naming field when malformed. 0 ok (*present says
 * whether given), -1 after an error response. */
int api_prog_date(struct req *r, const char *value, const char *field, int64_t *day,
                  bool *present);
/* Reads an optional array of positive ids; 400 naming "name[i]". */
int api_prog_ids(struct req *r, json_t *arr, const char *name, int64_t **out, size_t *n);
/* Requires r->org_id (SC_BODY) to be a school; 422 naming field. */
int api_prog_school(struct req *r, const char *field, const char *what);
/* Rolls a per-school array up into the child regions of r->org_id (when it
 * is a region): [{org_id, name, schools, compliant}], compliance read from
 * key of each school. NULL when there is no region to roll up to. */
json_t *api_prog_regions(struct req *r, json_t *schools, const char *key);

/* ---- education ---- */
int api_lesson_list(struct req *r);
int api_lesson_create(struct req *r);
int api_lesson_delete(struct req *r);
int api_lesson_locate(struct store *s, int64_t id, char *path, size_t len);
int api_edu_compliance(struct req *r);
int api_cal_list(struct req *r);
int api_cal_create(struct req *r);
int api_cal_national(struct req *r);

/* ---- emergency plans and drills ---- */
int api_eplan_list(struct req *r);
int api_eplan_create(struct req *r);
int api_bplan_create(struct req *r);
/* emergency resources, resources.c */
int api_team_locate(struct store *s, int64_t id, char *path, size_t len);
int api_supply_locate(struct store *s, int64_t id, char *path, size_t len);
int api_team_list(struct req *r);
int api_team_get(struct req *r);
int api_supply_get(struct req *r);
int api_team_create(struct req *r);
int api_team_update(struct req *r);
int api_team_delete(struct req *r);
int api_supply_list(struct req *r);
int api_supply_create(struct req *r);
int api_supply_update(struct req *r);
int api_supply_delete(struct req *r);
int api_eplan_get(struct req *r);
int api_eplan_version(struct req *r);
int api_eplan_locate(struct store *s, int64_t id, char *path, size_t len);
int api_drill_list(struct req *r);
int api_drill_create(struct req *r);
int api_drill_get(struct req *r);
int api_drill_compliance(struct req *r);
int api_drill_settings_get(struct req *r);
int api_drill_settings_put(struct req *r);
int api_drill_locate(struct store *s, int64_t id, char *path, size_t len);

/* ---- duty rosters ---- */
int api_roster_list(struct req *r);
int api_roster_create(struct req *r);
int api_roster_get(struct req *r);
int api_roster_update(struct req *r);
int api_roster_publish(struct req *r);
int api_roster_gaps(struct req *r);
int api_roster_locate(struct store *s, int64_t id, char *path, size_t len);

/* ---- incidents ---- */
int api_incident_list(struct req *r);
int api_incident_create(struct req *r);
int api_incident_get(struct req *r);
int api_incident_written(struct req *r);
int api_incident_link(struct req *r);
int api_incident_locate(struct store *s, int64_t id, char *path, size_t len);

#endif
