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
 * Opens a hazard inside the caller's transaction: inserts it, its first
 * history event, its photo links, updates the subtree statistics and writes
 * the audit row, with the request's user as reporter. Returns the new id, or
 * -1 after setting an error response on r (4xx for bad data, 500 for the
 * store); the caller then rolls back.
 */
int64_t api_hazard_open(struct req *r, const struct hazard_new *in);

#endif
