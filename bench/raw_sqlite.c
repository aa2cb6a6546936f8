/*
 * raw_sqlite - the reference rates xiaoan's write paths are compared with:
 * what SQLite itself does on this disk with the settings xiaoan uses
 * (WAL, synchronous=FULL).
 *
 *   raw_sqlite single PATH N     N single-row transactions, one at a time
 *   raw_sqlite batch PATH N B    N rows inserted in transactions of B rows
 *
 * Prints "<rows per second>" on stdout.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: raw_sqlite single|batch PATH N [B]\n");
        return 2;
    }
    const char *mode = argv[1], *path = argv[2];
    long n = atol(argv[3]), b = argc > 4 ? atol(argv[4]) : 1;
    if (strcmp(mode, "single") == 0)
        b = 1;
    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                       "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, org_path TEXT, "
                       "title TEXT, status TEXT, created_at INTEGER);",
                       NULL, NULL, NULL),
          db, "setup");
    sqlite3_stmt *ins;
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO t (org_path, title, status, created_at) "
                             "VALUES (?, ?, 'reported', ?)",
                             -1, &ins, NULL),
          db, "prepare");
    double t0 = now();
    for (long i = 0; i < n; i += b) {
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
        for (long k = 0; k < b && i + k < n; k++) {
            sqlite3_bind_text(ins, 1, "/1/2/3/4/", -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 2, "消防通道堆放杂物", -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 3, (sqlite3_int64)(i + k));
            check(sqlite3_step(ins), db, "insert");
            sqlite3_reset(ins);
        }
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    }
    double dt = now() - t0;
    printf("%.0f\n", (double)n / dt);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return 0;
}
