/*
 * api_dp.h - handlers of the dual prevention core (risk register,
 * checklists, patrols, photos, hazards, stats).
 */
#ifndef XA_API_DP_H
#define XA_API_DP_H

#include "api/api.h"

#endif
