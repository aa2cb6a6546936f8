/*
 * api_assess.h - handlers of supervision (inspections, interviews, warnings, lists) and yearly assessment.
 */
#ifndef XA_API_ASSESS_H
#define XA_API_ASSESS_H

#include "api/api.h"

#endif
