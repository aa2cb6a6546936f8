/*
 * store_risk.h - storage of the risk register: categories, checklist
 * templates and school checklists, risk points, assessments and grading
 * thresholds, campus plans, photos, patrol plans and records.
 */
#ifndef XA_STORE_RISK_H
#define XA_STORE_RISK_H

#include "store/store.h"

#endif
