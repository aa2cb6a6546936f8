/*
 * db.h - the storage backend function table.
 *
 * xiaoan talks to SQLite and PostgreSQL through one driver table. SQL text
 * lives only in src/store/ and is written once for both backends, with `?`
 * placeholders (the PostgreSQL driver renumbers them to $1..$n). Every query
 * is prepared and its parameters are bound; statements are cached per
 * connection, found by the SQL's address (SQL is nearly always a literal)
 * and confirmed on its text. A parameter's type is its value's (DB_INT is
 * a 64-bit integer on both backends, DB_TEXT text): the SQL needs no CAST
 * to type a parameter. Both drivers answer alike (test_db's test_alike):
 * booleans are 1/0, a SELECT changes no rows, LIKE is case-sensitive, and
 * the same failure has the same class.
 *
 * A connection belongs to one thread at a time. A statement returned by
 * db_query must be finished (db_finish) before the next db_query on the same
 * connection; the store layer keeps that discipline.
 *
 * Errors: functions return -1 (or NULL) and the connection keeps a message
 * (db_errmsg) and a class (db_errclass) so callers can map a unique
 * violation to HTTP 409.
 */
#ifndef XA_DB_H
#define XA_DB_H

#include "core/compat.h"

enum db_type { DB_T_NULL, DB_T_INT, DB_T_DOUBLE, DB_T_TEXT, DB_T_BLOB };

struct db_val {
    enum db_type type;
    int64_t i;
    double d;
    const char *s; /* TEXT: NUL-terminated; BLOB: len bytes */
    size_t len;
};

#define DB_NULL() ((struct db_val){.type = DB_T_NULL})
#define DB_INT(x) ((struct db_val){.type = DB_T_INT, .i = (int64_t)(x)})
#define DB_DOUBLE(x) ((struct db_val){.type = DB_T_DOUBLE, .d = (x)})
static inline struct db_val db_text(const char *x)
{
    struct db_val v = {.type = x ? DB_T_TEXT : DB_T_NULL, .s = x};
    return v;
}
#define DB_TEXT(x) db_text(x)
#define DB_BLOB(p, n) ((struct db_val){.type = DB_T_BLOB, .s = (const char *)(p), .len = (n)})
/* An integer that is NULL when zero (optional foreign keys). */
#define DB_ID(x) ((x) ? DB_INT(x) : DB_NULL())

/* UNAVAILABLE: the database cannot be reached or read (PostgreSQL down, an
 * I/O error); FULL: no space left to write; READONLY: the database cannot
 * be written. The three answer 503 with Retry-After. */
enum db_errclass {
    DB_OK = 0,
    DB_ERR_OTHER,
    DB_ERR_UNIQUE,
    DB_ERR_FOREIGN,
    DB_ERR_BUSY,
    DB_ERR_UNAVAILABLE,
    DB_ERR_FULL,
    DB_ERR_READONLY,
};

struct db;
struct db_stmt;

struct db_driver {
    const char *name; /* "sqlite" or "postgres" */
    /* Opens uri; on failure returns NULL and writes a message into errbuf. */
    struct db *(*open)(const char *uri, char *errbuf, size_t errlen);
    void (*close)(struct db *db);
    /* Transactions: begin takes the write lock at once (IMMEDIATE). */
    int (*begin)(struct db *db);
    int (*commit)(struct db *db);
    int (*rollback)(struct db *db);
    /* Makes every commit so far durable: after a write outside an explicit
     * transaction (SQLite: the group-commit barrier; PostgreSQL: no-op). */
    int (*sync)(struct db *db);
    /* Runs a multi-statement script without parameters (migrations only). */
    int (*exec_script)(struct db *db, const char *sql);
    /* Prepares (or reuses) sql, binds params and executes. NULL on error. */
    struct db_stmt *(*query)(struct db *db, const char *sql, int nparams,
                             const struct db_val *params);
    /* 1 = a row is ready, 0 = done, -1 = error. */
    int (*step)(struct db_stmt *st);
    bool (*col_null)(struct db_stmt *st, int col);
    int64_t (*col_int)(struct db_stmt *st, int col);
    double (*col_double)(struct db_stmt *st, int col);
    /* Valid until the next step/finish. NULL for SQL NULL. */
    const char *(*col_text)(struct db_stmt *st, int col);
    const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
    int (*col_count)(struct db_stmt *st);
    const char *(*col_name)(struct db_stmt *st, int col);
    /* Type of the value in the current row (SQLite) or of the column
     * (PostgreSQL); DB_T_NULL when the value is NULL. */
    enum db_type (*col_type)(struct db_stmt *st, int col);
    /* Rows changed by the last statement (UPDATE/DELETE/INSERT). */
    int64_t (*changes)(struct db_stmt *st);
    void (*finish)(struct db_stmt *st);
    const char *(*errmsg)(struct db *db);
    enum db_errclass (*errclass)(struct db *db);
    /* Forgets the last error (a new request starts clean). */
    void (*clear_err)(struct db *db);
    /* Online copy of the whole database to path (SQLite); -1 if unsupported. */
    int (*backup)(struct db *db, const char *path);
    /* Optional: 0 when the database can take writes, else -1 with the class
     * (DB_ERR_FULL, DB_ERR_READONLY) and a message (SQLite: free space and
     * the file system's read-only flag). */
    int (*health)(struct db *db);
    /* Optional: copies the write-ahead log into the database and empties it
     * (SQLite wal_checkpoint(TRUNCATE)); for a clean stop. */
    int (*checkpoint)(struct db *db);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;
/* Checkpoints the SQLite checkpointer threads have done, all files (tests). */
extern _Atomic uint64_t db_sqlite_checkpoints;
/* What the SQLite driver has done for the file of connection db (tests):
 * checkpoints by its checkpointer, fdatasyncs of its WAL by its
 * group-commit barrier. -1 (zeros) for an in-memory database. */
struct db_sqlite_stats {
    uint64_t checkpoints, syncs;
};
int db_sqlite_stats(struct db *db, struct db_sqlite_stats *out);

/* Picks the driver for a --db argument: postgres:// or postgresql:// URIs
 * go to PostgreSQL, anything else is a SQLite file path. */
const struct db_driver *db_driver_for(const char *uri);

#endif
