/*
 * explain.c - the query plans of the store's real statements, for the
 * query-plan tests (tests/unit/test_plans.c).
 *
 * While explaining, the store's driver is replaced by a copy whose query()
 * first asks the real driver for the plan of the same text with the same
 * parameters (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN, a custom
 * plan for these values), appends it to the caller's buffer, and then runs
 * the statement as usual. So a test calls the store's own functions (the
 * sweep, the lists, the reports) and reads the plans of exactly the SQL
 * they ran, with no copy of that SQL outside the function.
 *
 * One explaining store at a time, in one thread (tests only).
 */
#include "core/compat.h"
#include "core/strbuf.h"
#include "store/store_int.h"
#include <ctype.h>

static struct db_driver ex_drv;
static const struct db_driver *ex_real;
static struct strbuf *ex_out;

/* The EXPLAIN texts, one per statement text, kept for the process: the
 * drivers cache prepared statements by the address of their text. */
#define EX_MAX 512
static struct {
    const char *sql;
    char *ex;
} ex_texts[EX_MAX];

static const char *ex_text(const char *sql, bool pg)
{
    int i;
    for (i = 0; i < EX_MAX && ex_texts[i].sql; i++)
        if (ex_texts[i].sql == sql && !strcmp(ex_texts[i].ex + (pg ? 8 : 19), sql))
            return ex_texts[i].ex;
    if (i == EX_MAX)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ");
    strbuf_adds(&sb, sql);
    ex_texts[i].sql = sql;
    ex_texts[i].ex = strbuf_detach(&sb, NULL);
    return ex_texts[i].ex;
}

static bool explainable(const char *sql)
{
    while (isspace((unsigned char)*sql))
        sql++;
    static const char *const verbs[] = {"SELECT", "WITH", "INSERT", "UPDATE", "DELETE"};
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (!strncasecmp(sql, verbs[i], strlen(verbs[i])))
            return true;
    return false;
}

static struct db_stmt *ex_query(struct db *db, const char *sql, int n, const struct db_val *p)
{
    bool pg = !strcmp(ex_real->name, "postgres");
    const char *ex = explainable(sql) ? ex_text(sql, pg) : NULL;
    if (ex) {
        strbuf_addf(ex_out, "SQL: %s\n", sql);
        struct db_stmt *st = ex_real->query(db, ex, n, p);
        if (!st) {
            strbuf_addf(ex_out, "  (no plan: %s)\n", ex_real->errmsg(db));
        } else {
            while (ex_real->step(st) == 1) {
                const char *line = ex_real->col_text(st, pg ? 0 : 3);
                strbuf_addf(ex_out, "  %s\n", line ? line : "");
            }
            ex_real->finish(st);
        }
    }
    return ex_real->query(db, sql, n, p);
}

int store_explain_begin(struct store *s, struct strbuf *out)
{
    if (ex_real)
        return -1;
    ex_real = s->drv;
    ex_drv = *s->drv;
    ex_drv.query = ex_query;
    ex_out = out;
    s->drv = &ex_drv;
    return 0;
}

void store_explain_end(struct store *s)
{
    if (ex_real && s->drv == &ex_drv)
        s->drv = ex_real;
    ex_real = NULL;
    ex_out = NULL;
}

/* The partial indexes of a table: [{name, where}], where is the predicate
 * as the database keeps it (SQLite: the text of CREATE INDEX after WHERE;
 * PostgreSQL: pg_indexes' normalised form). NULL on error. */
json_t *store_index_predicates(struct store *s, const char *table)
{
    bool pg = !strcmp(store_backend(s), "postgres");
    json_t *rows = pg ? ARR(s,
                            "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE "
                            "tablename = ? AND indexdef LIKE '%WHERE%' ORDER BY indexname",
                            DB_TEXT(table))
                      : ARR(s,
                            "SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND "
                            "tbl_name = ? AND sql LIKE '%WHERE%' ORDER BY name",
                            DB_TEXT(table));
    if (!rows)
        return NULL;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char *def = json_string_value(json_object_get(r, "def"));
        /* one line, single spaces (the migrations wrap long predicates) */
        struct strbuf sb = STRBUF_INIT;
        for (const char *p = def ? def : ""; *p; p++) {
            if (isspace((unsigned char)*p)) {
                if (sb.len && sb.buf[sb.len - 1] != ' ')
                    strbuf_addch(&sb, ' ');
            } else {
                strbuf_addch(&sb, *p);
            }
        }
        while (sb.len && sb.buf[sb.len - 1] == ' ')
            sb.buf[--sb.len] = 0;
        const char *w = strstr(sb.buf, " WHERE ");
        json_object_set_new(r, "where", json_string(w ? w + 7 : ""));
        json_object_del(r, "def");
        strbuf_release(&sb);
    }
    return rows;
}
