/*
 * api_openapi.h - the OpenAPI document (openapi.c).
 */
#ifndef XA_API_OPENAPI_H
#define XA_API_OPENAPI_H

#include <jansson.h>

/* The OpenAPI 3.0 document of the route table; the caller owns it. NULL
 * when out of memory. */
json_t *openapi_document(void);

#endif
