/*
 * store_hazard.h - storage of hazards, their history, five implementations,
 * re-checks and the incremental subtree statistics.
 */
#ifndef XA_STORE_HAZARD_H
#define XA_STORE_HAZARD_H

#include "store/store.h"

#endif
