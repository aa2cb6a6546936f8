/*
 * api_resp.h - handlers of responsibility lists, letters and grid zones.
 */
#ifndef XA_API_RESP_H
#define XA_API_RESP_H

#include "api/api.h"

#endif
