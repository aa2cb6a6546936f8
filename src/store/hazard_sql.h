/*
 * hazard_sql.h - the hazard state sets of domain/hazard.h as SQL fragments,
 * and the predicates of the partial indexes the hot queries must repeat.
 * Store-private (no SQL outside src/store/).
 *
 * A query names a set by concatenating a fragment:
 *     "... WHERE h.state IN " HZ_OPEN " AND ..."
 * The lists are built from HAZARD_SET_* at compile time, so they are the
 * domain's sets. The partial indexes in the migrations spell the same
 * lists and predicates; tests/unit/test_plans.c reads them back from the
 * database (sqlite_master, pg_indexes) and compares them with these.
 *
 * SQLite uses a partial index only when the query's WHERE contains the
 * index's predicate terms (the same expressions); PostgreSQL proves the
 * implication, but literal repetition serves both. A query that must use
 * one of these indexes uses the HZ_IDX_* predicate verbatim.
 */
#ifndef XA_STORE_HAZARD_SQL_H
#define XA_STORE_HAZARD_SQL_H

#include "domain/hazard.h"

#define HZ_SQL_NAME_(e, name) "'" #name "'"
/* "('a','b',...)" for a HAZARD_SET_* list */
#define HZ_SQL_LIST(set) "(" set(HZ_SQL_NAME_, ",") ")"

#define HZ_OPEN HZ_SQL_LIST(HAZARD_SET_OPEN)
#define HZ_IN_HAND HZ_SQL_LIST(HAZARD_SET_IN_HAND)
#define HZ_AWAITING_VERIFICATION HZ_SQL_LIST(HAZARD_SET_AWAITING_VERIFICATION)
#define HZ_RECTIFIED HZ_SQL_LIST(HAZARD_SET_RECTIFIED)
#define HZ_UNASSIGNED HZ_SQL_LIST(HAZARD_SET_UNASSIGNED)
#define HZ_AWAITING_CLOSE HZ_SQL_LIST(HAZARD_SET_AWAITING_CLOSE)

/* The minute sweep's index (hazards_sweep, 0011_counters.sql): open
 * hazards below the top escalation level, by deadline. */
#define HZ_IDX_SWEEP                                                                              \
    "state IN " HZ_OPEN " AND deleted_at IS NULL AND escalation_level < 4"
/* The re-check sweep's index (hazards_closed, 0003_hazard.sql). */
#define HZ_IDX_RECHECK                                                                            \
    "state = 'closed' AND recheck_due = 0 AND rechecked_at IS NULL AND deleted_at IS NULL"

#endif
