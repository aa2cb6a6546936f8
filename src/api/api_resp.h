/*
 * api_resp.h - handlers of responsibility lists, letters and grid zones
 * (SPEC §6; routes in routes_resp.inc, storage in store/store_resp.h).
 */
#ifndef XA_API_RESP_H
#define XA_API_RESP_H

#include "api/api.h"

/* list templates (bureau) */
int api_rtpl_locate(struct store *s, int64_t id, char *path, size_t len);
int api_rtpl_list(struct req *r);
int api_rtpl_create(struct req *r);
int api_rtpl_get(struct req *r);
int api_rtpl_update(struct req *r);
/* an org's responsibility lists */
int api_rlist_locate(struct store *s, int64_t id, char *path, size_t len);
int api_rlist_list(struct req *r);
int api_rlist_create(struct req *r);
int api_rlist_get(struct req *r);
int api_rlist_update(struct req *r);
/* yearly letters */
int api_letter_locate(struct store *s, int64_t id, char *path, size_t len);
int api_letter_issuer_locate(struct store *s, int64_t id, char *path, size_t len);
int api_letter_list(struct req *r);
int api_letter_create(struct req *r);
int api_letter_mine(struct req *r);
int api_letter_progress(struct req *r);
int api_letter_get(struct req *r);
int api_letter_sign(struct req *r);
int api_letter_withdraw(struct req *r);
/* campus grid zones */
int api_zone_locate(struct store *s, int64_t id, char *path, size_t len);
int api_zone_list(struct req *r);
int api_zone_create(struct req *r);
int api_zone_get(struct req *r);
int api_zone_update(struct req *r);
int api_zone_delete(struct req *r);

#endif
