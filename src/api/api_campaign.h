/*
 * api_campaign.h - handlers of campaigns (专项行动) and special-period plans.
 */
#ifndef XA_API_CAMPAIGN_H
#define XA_API_CAMPAIGN_H

#include "api/api.h"

int api_camp_locate(struct store *s, int64_t id, char *path, size_t len);
int api_camp_assign_locate(struct store *s, int64_t id, char *path, size_t len);
int api_camp_list(struct req *r);
int api_camp_create(struct req *r);
int api_camp_get(struct req *r);
int api_camp_update(struct req *r);
int api_camp_delete(struct req *r);
int api_camp_publish(struct req *r);
int api_camp_close(struct req *r);
int api_camp_summary(struct req *r);
int api_camp_progress(struct req *r);
int api_camp_assign_list(struct req *r);
int api_camp_assign_get(struct req *r);
int api_camp_submit(struct req *r);
int api_camp_return(struct req *r);
int api_camp_accept(struct req *r);

#endif
