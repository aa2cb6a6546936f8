/*
 * api_dp.h - handlers of the dual prevention core: the risk register side
 * (categories, checklists, risk points, assessments, photos, patrols; see
 * api_risk.h) and the hazard side (hazards, their actions, stats; see
 * api_hazard.h).
 */
#ifndef XA_API_DP_H
#define XA_API_DP_H

#include "api/api.h"
#include "api/api_hazard.h"
#include "api/api_report.h"
#include "api/api_programme.h"
#include "api/api_risk.h"
#include "api/api_resp.h"
#include "api/api_campaign.h"
#include "api/api_assess.h"
#include "api/api_public.h"

#endif
