/*
 * api_hazard.h - handlers of the hazard closed loop (SPEC §4) and the
 * subtree statistics.
 */
#ifndef XA_API_HAZARD_H
#define XA_API_HAZARD_H

#include "api/api.h"

/*
 * A new hazard, as other modules open one (a failed patrol item, later a
 * whistle-blower report). Strings are borrowed.
 */
struct hazard_new {
    int64_t school_id;        /* the school the hazard belongs to */
    const char *title;        /* required */
    const char *description;  /* may be NULL */
    const char *category;     /* a category code, required */
    const char *grade;        /* "general" or "major" */
    const char *source;       /* hazard_source_name(): "patrol", ... */
    const char *location;     /* may be NULL */
    int64_t risk_point_id;    /* 0 = none */
    int64_t patrol_record_id; /* 0 = none */
    const int64_t *photo_ids; /* before-photos (photos table ids) */
    size_t nphotos;
};

/*
 * Opens a hazard in the caller's change (store_hazard_create): inserts it,
 * its first history event, its photo links, updates the subtree statistics
 * and records its audit row, with the change's user as reporter. Returns
 * the new id, or -1 (c->err says why; the caller answers api_fail).
 */
int64_t api_hazard_open(struct change *c, const struct hazard_new *in);

struct hazard_actor;
/* The request user as a hazard actor for a hazard of the school at
 * school_path: the roles bound at that school or an ancestor, and the
 * highest bureau_admin level among them. */
void api_hazard_actor(const struct req *r, const char *school_path, struct hazard_actor *a);

/* handlers (routes_hazard.inc) */
int api_hazard_locate(struct store *s, int64_t id, char *path, size_t len);
int api_hazard_create(struct req *r);
int api_hazard_list(struct req *r);
int api_hazard_get(struct req *r);
int api_hazard_action(struct req *r);
int api_hazard_five(struct req *r);
int api_hazard_stats(struct req *r);
int api_hazard_run_jobs(struct req *r);
/* Defaults of the settings hazard.escalation_days / hazard.recheck_days. */
#define ESCALATION_DAYS_DEFAULT HAZARD_ESCALATION_DAYS_DEFAULT
#define RECHECK_DAYS_DEFAULT HAZARD_RECHECK_DAYS_DEFAULT
int api_hazard_settings_get(struct req *r);
int api_hazard_notice(struct req *r);
int api_hazard_settings_put(struct req *r);

/*
 * The background job thread (hazard_jobs.c): every minute, with its own
 * store connection, runs the overdue sweep (store_hazard_sweep) at the
 * server's clock. start: 0 or -1; stop joins the thread (safe if never
 * started).
 */
int hazard_jobs_start(const char *db_uri);
void hazard_jobs_stop(void);

#endif
