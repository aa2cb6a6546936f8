/*
 * raw_pg - the reference rate xiaoan's durable writes on PostgreSQL are
 * compared with: single-row transactions through libpq, one at a time, on
 * one connection (BEGIN; INSERT ... with bound parameters, a prepared
 * statement; COMMIT), with the server's default synchronous_commit (on),
 * as xiaoan runs.
 *
 *   raw_pg single URI N     N single-row transactions; prints "<rows per second>"
 *
 * The table (raw_pg_t, 5 columns like raw_sqlite's) is created if missing
 * and dropped at the end.
 */
#include <libpq-fe.h>
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

static void check(PGresult *res, PGconn *c, const char *what)
{
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "%s: %s", what, PQerrorMessage(c));
        exit(1);
    }
    PQclear(res);
}

int main(int argc, char **argv)
{
    if (argc < 4 || strcmp(argv[1], "single") != 0) {
        fprintf(stderr, "usage: raw_pg single URI N\n");
        return 2;
    }
    long n = atol(argv[3]);
    PGconn *c = PQconnectdb(argv[2]);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "connect: %s", PQerrorMessage(c));
        return 1;
    }
    check(PQexec(c, "CREATE TABLE IF NOT EXISTS raw_pg_t (id BIGINT PRIMARY KEY, org_path TEXT, "
                    "title TEXT, status TEXT, created_at BIGINT)"),
          c, "create");
    check(PQexec(c, "TRUNCATE raw_pg_t"), c, "truncate");
    check(PQprepare(c, "ins",
                    "INSERT INTO raw_pg_t (id, org_path, title, status, created_at) "
                    "VALUES ($1::bigint, $2, $3, $4, $5::bigint)",
                    5, NULL),
          c, "prepare");
    double t0 = now();
    for (long i = 0; i < n; i++) {
        char id[24], at[24];
        snprintf(id, sizeof(id), "%ld", i + 1);
        snprintf(at, sizeof(at), "%lld", 1700000000000LL + i);
        const char *v[5] = {id, "/1/2/3/4/", "消防通道堆放杂物", "reported", at};
        check(PQexec(c, "BEGIN"), c, "begin");
        check(PQexecPrepared(c, "ins", 5, v, NULL, NULL, 0), c, "insert");
        check(PQexec(c, "COMMIT"), c, "commit");
    }
    double dt = now() - t0;
    check(PQexec(c, "DROP TABLE raw_pg_t"), c, "drop");
    PQfinish(c);
    printf("%.0f\n", (double)n / dt);
    return 0;
}
