/*
 * api_assess.h - handlers of supervision (inspections, interviews, warnings, lists) and yearly assessment.
 *
 * inspect.c: /inspections (covert ones hidden from the schools until
 * published), their findings (optionally made into hazards of the closed
 * loop), /interviews, /yellow-cards, /supervision-notices.
 * assess.c: /assess-schemes/{year}, /assessments/{year} (compute, finalize,
 * adjustments, results with ranks).
 */
#ifndef XA_API_ASSESS_H
#define XA_API_ASSESS_H

#include "api/api.h"

int api_insp_locate(struct store *s, int64_t id, char *path, size_t len);
int api_insp_list(struct req *r);
int api_insp_create(struct req *r);
int api_insp_get(struct req *r);
int api_insp_publish(struct req *r);
int api_finding_create(struct req *r);
int api_finding_list(struct req *r);

int api_interview_locate(struct store *s, int64_t id, char *path, size_t len);
int api_interview_list(struct req *r);
int api_interview_create(struct req *r);
int api_interview_get(struct req *r);
int api_interview_update(struct req *r);

int api_ycard_locate(struct store *s, int64_t id, char *path, size_t len);
int api_ycard_list(struct req *r);
int api_ycard_create(struct req *r);
int api_ycard_lift(struct req *r);

int api_snotice_list(struct req *r);
int api_snotice_create(struct req *r);
int api_snotice_get(struct req *r);

int api_assess_scheme_get(struct req *r);
int api_assess_scheme_put(struct req *r);
int api_assess_adjust_list(struct req *r);
int api_assess_adjust_create(struct req *r);
int api_assess_veto_list(struct req *r);
/* accountability (问责), account.c */
int api_account_locate(struct store *s, int64_t id, char *path, size_t len);
int api_account_create(struct req *r);
int api_account_get(struct req *r);
int api_account_list(struct req *r);
int api_assess_veto_create(struct req *r);
int api_assess_compute(struct req *r);
int api_assess_finalize(struct req *r);
int api_assess_result(struct req *r);

#endif
