/*
 * api_risk.h - handlers of the risk register: categories, checklists, risk
 * points and their assessments and QR codes, campus plans, photos, patrol
 * plans and patrol records.
 */
#ifndef XA_API_RISK_H
#define XA_API_RISK_H

#include "api/api.h"

#endif
