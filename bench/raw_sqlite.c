/*
 * raw_sqlite - the reference rates xiaoan's write paths are compared with:
 * what SQLite itself does on this disk with the settings xiaoan uses
 * (WAL, synchronous=FULL).
 *
 *   raw_sqlite single PATH N     N single-row transactions, one at a time
 *   raw_sqlite batch PATH N B    N rows inserted in transactions of B rows
 *   raw_sqlite hazards PATH N B  N rows into the hazards table of a database
 *                                xiaoan has migrated (`xiaoan migrate`),
 *                                all its indexes in place, B rows per
 *                                transaction, schools spread over 20,000
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

/* The same row shape the province loader writes (src/demo/province.c). */
static int hazards(const char *path, long n, long b)
{
    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                           "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-524288;",
                       NULL, NULL, NULL),
          db, "setup");
    sqlite3_stmt *ins;
    check(sqlite3_prepare_v2(
              db,
              "INSERT INTO hazards (id, org_id, org_path, title, category, grade, source, "
              "location, risk_point_id, state, reporter_id, found_at, rectifier_id, deadline, "
              "plan_approved, supervised, overdue, rebounds, closed_at, forwarded_at, "
              "department, created_at, updated_at) VALUES "
              "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
              -1, &ins, NULL),
          db, "prepare");
    static const char *const states[] = {"closed", "closed", "closed", "assigned", "reported"};
    unsigned long long r = 88172645463325252ULL;
    double t0 = now();
    for (long i = 0; i < n; i += b) {
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
        for (long k = 0; k < b && i + k < n; k++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            long school = (long)(r % 20000), id = i + k + 1;
            long long found = 1700000000000LL + (long long)(r % 63072000000ULL);
            char opath[48];
            snprintf(opath, sizeof(opath), "/1/%ld/%ld/%ld/", 2 + school / 1500,
                     200 + school / 160, 100000 + school);
            const char *state = states[(r >> 20) % 5];
            int closed = state[0] == 'c';
            sqlite3_bind_int64(ins, 1, id);
            sqlite3_bind_int64(ins, 2, 100000 + school);
            sqlite3_bind_text(ins, 3, opath, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 4, "消防通道堆放杂物", -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 5, "fire", -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 6, "general", -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 7, "patrol", -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 8, "", -1, SQLITE_STATIC);
            sqlite3_bind_null(ins, 9);
            sqlite3_bind_text(ins, 10, state, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 11, 1);
            sqlite3_bind_int64(ins, 12, found);
            sqlite3_bind_int64(ins, 13, 1);
            sqlite3_bind_int64(ins, 14, found + 604800000LL);
            sqlite3_bind_int64(ins, 15, 0);
            sqlite3_bind_int64(ins, 16, 0);
            sqlite3_bind_int64(ins, 17, 0);
            sqlite3_bind_int64(ins, 18, 0);
            if (closed)
                sqlite3_bind_int64(ins, 19, found + 86400000LL);
            else
                sqlite3_bind_null(ins, 19);
            sqlite3_bind_null(ins, 20);
            sqlite3_bind_null(ins, 21);
            sqlite3_bind_int64(ins, 22, found);
            sqlite3_bind_int64(ins, 23, found);
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

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: raw_sqlite single|batch PATH N [B]\n");
        return 2;
    }
    const char *mode = argv[1], *path = argv[2];
    long n = atol(argv[3]), b = argc > 4 ? atol(argv[4]) : 1;
    if (strcmp(mode, "hazards") == 0)
        return hazards(path, n, b);
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
