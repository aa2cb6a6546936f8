/*
 * api_risk.h - handlers of the risk register: categories, checklists, risk
 * points and their assessments and QR codes, campus plans, photos, patrol
 * plans and patrol records.
 */
#ifndef XA_API_RISK_H
#define XA_API_RISK_H

#include "api/api.h"

/* categories and grading thresholds */
int api_category_list(struct req *r);
int api_category_create(struct req *r);
int api_category_update(struct req *r);
int api_grading_get(struct req *r);
int api_grading_put(struct req *r);

/* checklist templates and school checklists */
int api_ctpl_list(struct req *r);
int api_ctpl_create(struct req *r);
int api_ctpl_get(struct req *r);
int api_ctpl_update(struct req *r);
int api_checklist_update(struct req *r);
int api_ctpl_locate(struct store *s, int64_t id, char *path, size_t len);
int api_checklist_list(struct req *r);
int api_checklist_create(struct req *r);
int api_checklist_get(struct req *r);
int api_checklist_locate(struct store *s, int64_t id, char *path, size_t len);

/* risk points */
int api_rp_list(struct req *r);
int api_rp_create(struct req *r);
int api_rp_get(struct req *r);
int api_rp_update(struct req *r);
int api_rp_delete(struct req *r);
int api_rp_assess(struct req *r);
int api_rp_assessments(struct req *r);
int api_rp_qr(struct req *r);
int api_rp_locate(struct store *s, int64_t id, char *path, size_t len);
int api_patrol_form(struct req *r);
int api_risk_map(struct req *r);
int api_campus_plan_put(struct req *r);
int api_campus_plan_get(struct req *r);

/* photos */
int api_photo_upload(struct req *r);
int api_photo_get(struct req *r);
int api_photo_meta(struct req *r);
int api_photo_locate(struct store *s, int64_t id, char *path, size_t len);
/*
 * Checks an uploaded image (magic bytes against the declared type, size)
 * and stores it for org; fills *id and *reused. Returns 0, or -1 after
 * setting an error response.
 */
int api_photo_store(struct req *r, int64_t org_id, const char *org_path, int64_t *id, bool *reused,
                    int64_t *elsewhere);

/* patrol plans and records */
int api_pplan_list(struct req *r);
int api_pplan_create(struct req *r);
int api_pplan_get(struct req *r);
int api_pplan_locate(struct store *s, int64_t id, char *path, size_t len);
int api_patrol_list(struct req *r);
int api_patrol_create(struct req *r);
int api_patrol_get(struct req *r);
int api_patrol_missed(struct req *r);
int api_patrol_locate(struct store *s, int64_t id, char *path, size_t len);

#define PHOTO_MAX_BYTES (5u << 20)

/* The URL a point's QR code encodes: <base>/#/patrol/scan/<token>, base from
 * api_public_url (never the request's Host header). Arena memory. */
const char *api_risk_qr_url(struct req *r, const char *token);

#endif
