/*
 * api_public.h - handlers of public county page, whistle-blowing, rewards; school ledgers (buses, visitors, petitions).
 */
#ifndef XA_API_PUBLIC_H
#define XA_API_PUBLIC_H

#include "api/api.h"

#endif
