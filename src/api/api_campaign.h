/*
 * api_campaign.h - handlers of campaigns (专项行动) and special-period plans.
 */
#ifndef XA_API_CAMPAIGN_H
#define XA_API_CAMPAIGN_H

#include "api/api.h"

#endif
