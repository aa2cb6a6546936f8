/*
 * store_bulk.h - batched loading of many rows (the province-scale data
 * generator, imports). Rows are gathered and sent as multi-row INSERT
 * statements with bound parameters; the caller owns the transaction and
 * commits every so often.
 */
#ifndef XA_STORE_BULK_H
#define XA_STORE_BULK_H

#include "store/store.h"

struct bulk;

/*
 * Starts loading into table. cols is the column list as SQL ("a, b, c", a
 * constant of the caller, never user input) with ncols names. NULL on error.
 */
struct bulk *bulk_open(struct store *s, const char *table, const char *cols, int ncols);
/* Adds one row of ncols values (text and blobs are copied). 0 or -1. */
int bulk_row(struct bulk *b, const struct db_val *vals);
/* Sends what is gathered. 0 or -1. */
int bulk_flush(struct bulk *b);
/* Flushes and frees; returns the flush result. b may be NULL. */
int bulk_close(struct bulk *b);
/* Rows sent so far. */
int64_t bulk_rows(const struct bulk *b);

/* After loading explicit ids into table: moves its id generator past them
 * (PostgreSQL identity sequences; nothing to do on SQLite). */
int store_bulk_fix_ids(struct store *s, const char *table);
/* Recomputes hazard_stats from the hazard rows (after a bulk load), in its
 * own transaction. 0 or -1. */
int store_hazard_stats_rebuild(struct store *s);
/* Secondary indexes of a table, set aside during a load: building an index
 * once from sorted rows is much faster than updating it row by row. */
struct bulk_indexes {
    int n;
    char *name[16], *sql[16];
};
/* Drops table's secondary indexes, remembering their definitions. */
int store_bulk_indexes_drop(struct store *s, const char *table, struct bulk_indexes *ix);
/* Creates them again and frees the definitions. */
int store_bulk_indexes_restore(struct store *s, struct bulk_indexes *ix);
/* Gives this connection a large page cache for loading (SQLite). */
int store_bulk_tune(struct store *s);
/* Makes a freshly loaded database fast to query (ANALYZE). */
int store_bulk_analyze(struct store *s);

#endif
