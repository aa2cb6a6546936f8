/*
 * pg.c - the PostgreSQL backend of the db driver table (libpq).
 *
 * SQL arrives with `?` placeholders and is rewritten to $1..$n (skipping
 * quoted strings, quoted identifiers, dollar-quoted bodies and comments).
 * Each distinct SQL literal is prepared once per connection under a
 * generated name ("s17") and cached in a small open-addressing table keyed
 * by the literal's address, as the SQLite driver does. Parameters are sent
 * in text format, blobs in binary format; results come back as text and
 * bytea columns are unescaped on demand.
 *
 * Parameters are typed from the bound values (int -> int8, double ->
 * float8, text -> text, blob -> bytea; NULL leaves the type to PostgreSQL),
 * so `? = 0` compares 64-bit integers and `substr(?, 1, 3)` takes text
 * without a CAST in the SQL. A statement is prepared with the types of its
 * first call; a later call whose types say more (a value where the first
 * had NULL) or differ (int where it had text) prepares it again with the
 * union, where a parameter seen with two types is left to PostgreSQL. When
 * PostgreSQL refuses the typed statement for its types (an operator or a
 * column that does not take them), it is prepared untyped, as before this
 * typing, and a warning names the SQL so the clash can be fixed; inside a
 * transaction the attempt runs under a savepoint so the refusal does not
 * abort it.
 *
 * db_query executes the statement and keeps the whole PGresult; db_step
 * walks its rows. So errors (constraint violations included) are reported
 * by db_query returning NULL, never by db_step.
 *
 * A lost connection is reset once per call. Outside a transaction the
 * statement cache is dropped and the call goes on; inside one the
 * transaction is gone, so every call fails until commit (-1) or rollback.
 */
#include "core/compat.h"
#include "core/log.h"
#include "store/db.h"
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <math.h>
#include <spawn.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <sys/wait.h>

#define STMT_CACHE 256
#define STMT_PROBES 8

/* Type OIDs from pg_type (stable across server versions). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

/* A parameter's type as an entry knows it: an OID, OID 0 (not known yet:
 * only NULL was bound) or TYPE_MIXED (bound with two types: left to
 * PostgreSQL, sent as 0). */
#define TYPE_MIXED ((Oid)-1)

struct pg_cached {
    const char *sql; /* the literal's address; NULL = free slot */
    uint64_t hash;   /* of its text, to catch a reused non-literal buffer */
    int nparams;
    Oid *types;   /* nparams entries, as above */
    bool untyped; /* PostgreSQL refused the types: prepared without them */
    char name[16];
};

struct db {
    PGconn *conn;
    char *uri;
    struct pg_cached cache[STMT_CACHE];
    unsigned next_name;
    bool in_tx;   /* begin succeeded, no commit/rollback yet */
    bool tx_lost; /* the connection was reset inside a transaction */
    /* parameter scratch, grown on demand */
    int pcap;
    const char **pvals;
    int *plens, *pfmts;
    char (*pnum)[40];
    char msg[256];
    enum db_errclass cls;
};

struct db_stmt {
    struct db *db;
    PGresult *res;
    int row; /* -1 before the first step */
    int ncols;
    int64_t changes;
    /* unescaped bytea values of the current row, freed on step/finish */
    char **blob;
    size_t *blen;
};

/* ---- errors ---- */

static void set_msg(struct db *db, enum db_errclass cls, const char *fmt, ...) XA_PRINTF(3, 4);

static void set_msg(struct db *db, enum db_errclass cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->msg, sizeof(db->msg), fmt, ap);
    va_end(ap);
    db->cls = cls;
}

/* Copies s into the message without its trailing newline. */
static void set_msg_trim(struct db *db, enum db_errclass cls, const char *s)
{
    set_msg(db, cls, "%s", s && *s ? s : "unknown PostgreSQL error");
    size_t n = strlen(db->msg);
    while (n && (db->msg[n - 1] == '\n' || db->msg[n - 1] == ' '))
        db->msg[--n] = '\0';
}

static enum db_errclass class_of(const char *state)
{
    if (!state)
        return DB_ERR_OTHER;
    if (strcmp(state, "23505") == 0)
        return DB_ERR_UNIQUE;
    if (strcmp(state, "23503") == 0)
        return DB_ERR_FOREIGN;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0)
        return DB_ERR_BUSY;
    if (strcmp(state, "53100") == 0) /* disk_full */
        return DB_ERR_FULL;
    if (strcmp(state, "25006") == 0) /* read_only_sql_transaction (a standby) */
        return DB_ERR_READONLY;
    /* connection_exception, admin/crash shutdown, cannot_connect_now,
     * insufficient_resources */
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strncmp(state, "53", 2) == 0)
        return DB_ERR_UNAVAILABLE;
    return DB_ERR_OTHER;
}

/* Records the error of res (or of the connection when res has none). */
static void set_err(struct db *db, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *prim = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    enum db_errclass cls = class_of(state);
    if (PQstatus(db->conn) == CONNECTION_BAD) /* the server went away */
        cls = DB_ERR_UNAVAILABLE;
    if (prim)
        set_msg(db, cls, "%s", prim);
    else
        set_msg_trim(db, cls, PQerrorMessage(db->conn));
}

static bool res_ok(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

static bool sqlstate_is(const PGresult *res, const char *state)
{
    const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return s && strcmp(s, state) == 0;
}

/* ---- connection ---- */

static void entry_clear(struct pg_cached *c)
{
    free(c->types);
    memset(c, 0, sizeof(*c));
}

static void cache_clear(struct db *db)
{
    for (int i = 0; i < STMT_CACHE; i++)
        entry_clear(&db->cache[i]);
}

/* Per-session settings; run after connecting and after every reset. */
static int session_setup(struct db *db)
{
    if (PQsetClientEncoding(db->conn, "UTF8") != 0) {
        set_msg_trim(db, DB_ERR_OTHER, PQerrorMessage(db->conn));
        return -1;
    }
    PGresult *r = PQexec(db->conn, "SET client_min_messages = warning");
    int rc = res_ok(r) ? 0 : -1;
    if (rc)
        set_err(db, r);
    PQclear(r);
    return rc;
}

/*
 * Resets a connection found broken. The server forgot our prepared
 * statements, so the cache goes too; a transaction in progress is lost.
 * Returns 0 when the connection works again.
 */
static int reconnect(struct db *db)
{
    if (db->in_tx) {
        db->tx_lost = true;
        db->in_tx = false;
    }
    cache_clear(db);
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        set_msg_trim(db, DB_ERR_UNAVAILABLE, PQerrorMessage(db->conn));
        return -1;
    }
    return session_setup(db);
}

/*
 * Notices a connection the server closed while we were idle (restart,
 * pg_terminate_backend) and resets it before we send anything. Returns -1
 * when the connection cannot be used (message set).
 */
static int ensure_conn(struct db *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK) {
        /* reads whatever arrived (a FATAL message, then EOF) without blocking */
        for (int i = 0; i < 2 && PQstatus(db->conn) == CONNECTION_OK; i++)
            if (!PQconsumeInput(db->conn))
                break;
    }
    if (PQstatus(db->conn) != CONNECTION_BAD)
        return 0;
    bool was_tx = db->in_tx;
    if (reconnect(db))
        return -1;
    if (was_tx) {
        /* nothing of that transaction was committed: safe to retry */
        set_msg(db, DB_ERR_UNAVAILABLE, "connection to PostgreSQL lost during a transaction");
        return -1;
    }
    return 0;
}

/* After a failed call: a broken connection is reset for the next call,
 * keeping the message of the failure. */
static void recover(struct db *db)
{
    if (PQstatus(db->conn) != CONNECTION_BAD)
        return;
    char keep[sizeof(db->msg)];
    memcpy(keep, db->msg, sizeof(keep));
    enum db_errclass cls = db->cls;
    reconnect(db);
    memcpy(db->msg, keep, sizeof(keep));
    db->cls = cls;
}

/* Runs a parameterless command; 0 or -1 (message set). */
static int run_simple(struct db *db, const char *sql)
{
    PGresult *r = PQexec(db->conn, sql);
    if (res_ok(r)) {
        PQclear(r);
        return 0;
    }
    set_err(db, r);
    PQclear(r);
    recover(db);
    return -1;
}

/*
 * Text sorts by code point on SQLite; on PostgreSQL by the database's
 * collation, so ORDER BY name lists differ unless it is C (org paths carry
 * COLLATE "C" themselves). Says so once per process.
 */
static void warn_collation(struct db *db)
{
    static atomic_bool said;
    if (atomic_load(&said))
        return;
    PGresult *r = PQexec(db->conn, "SELECT datcollate FROM pg_database "
                                   "WHERE datname = current_database()");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        const char *c = PQgetvalue(r, 0, 0);
        if (strcmp(c, "C") != 0 && strcmp(c, "POSIX") != 0 && strncmp(c, "C.", 2) != 0 &&
            !atomic_exchange(&said, true))
            log_warn("postgres: the database collation is %s: text sorts differently from "
                     "SQLite (create the database with LC_COLLATE 'C' for the same order)",
                     c);
    }
    PQclear(r);
}

static struct db *pg_open(const char *uri, char *errbuf, size_t errlen)
{
    /* entries before dbname may be overridden by the URI, those after not */
    /* a bounded connect: an unreachable server answers 503, not a hang */
    const char *const keys[] = {"application_name", "connect_timeout", "dbname",
                                "client_encoding", NULL};
    const char *const vals[] = {"xiaoan", "3", uri, "UTF8", NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn) {
        snprintf(errbuf, errlen, "cannot connect to PostgreSQL: out of memory");
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        const char *m = PQerrorMessage(conn);
        size_t n = strlen(m);
        while (n && m[n - 1] == '\n')
            n--;
        snprintf(errbuf, errlen, "cannot connect to PostgreSQL: %.*s", (int)n, m);
        PQfinish(conn);
        return NULL;
    }
    struct db *db = calloc(1, sizeof(*db));
    if (!db)
        abort();
    db->conn = conn;
    db->uri = strdup(uri);
    if (!db->uri)
        abort();
    if (session_setup(db)) {
        snprintf(errbuf, errlen, "cannot configure PostgreSQL session: %s", db->msg);
        goto fail;
    }
    warn_collation(db);
    const char *enc = PQparameterStatus(conn, "server_encoding");
    if (!enc || strcmp(enc, "UTF8") != 0) {
        snprintf(errbuf, errlen, "PostgreSQL database encoding is %s, UTF8 is required",
                 enc ? enc : "unknown");
        goto fail;
    }
    return db;
fail:
    PQfinish(conn);
    free(db->uri);
    free(db);
    return NULL;
}

static void pg_close(struct db *db)
{
    if (!db)
        return;
    PQfinish(db->conn);
    cache_clear(db);
    free(db->uri);
    free(db->pvals);
    free(db->plens);
    free(db->pfmts);
    free(db->pnum);
    free(db);
}

/* ---- transactions ---- */

static int pg_begin(struct db *db)
{
    db->tx_lost = false;
    if (ensure_conn(db))
        return -1;
    if (db->in_tx || PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
        /* PostgreSQL would only warn; SQLite fails, and so do we */
        set_msg(db, DB_ERR_OTHER, "cannot start a transaction within a transaction");
        return -1;
    }
    if (run_simple(db, "BEGIN"))
        return -1;
    db->in_tx = true;
    return 0;
}

static int pg_commit(struct db *db)
{
    if (db->tx_lost) {
        db->tx_lost = false;
        set_msg(db, DB_ERR_OTHER, "transaction lost: the connection to PostgreSQL was reset");
        return -1;
    }
    PGresult *r = PQexec(db->conn, "COMMIT");
    db->in_tx = false;
    if (!res_ok(r)) {
        set_err(db, r);
        PQclear(r);
        if (PQstatus(db->conn) == CONNECTION_BAD) {
            set_msg(db, DB_ERR_OTHER, "connection to PostgreSQL lost during COMMIT; "
                                      "the outcome is unknown");
            reconnect(db);
        }
        return -1;
    }
    /* COMMIT of a transaction that already failed succeeds as ROLLBACK */
    bool rolled_back = strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
    PQclear(r);
    if (rolled_back) {
        set_msg(db, DB_ERR_OTHER, "transaction aborted by an earlier error; rolled back");
        return -1;
    }
    return 0;
}

/* A connection lost before or during ROLLBACK leaves nothing behind on
 * the server, so that counts as success once the connection is back. */
static int pg_rollback(struct db *db)
{
    db->tx_lost = false;
    db->in_tx = false;
    if (PQstatus(db->conn) == CONNECTION_BAD)
        return ensure_conn(db);
    PGTransactionStatusType ts = PQtransactionStatus(db->conn);
    if (ts != PQTRANS_INTRANS && ts != PQTRANS_INERROR)
        return 0;
    PGresult *r = PQexec(db->conn, "ROLLBACK");
    if (res_ok(r)) {
        PQclear(r);
        return 0;
    }
    set_err(db, r);
    PQclear(r);
    if (PQstatus(db->conn) == CONNECTION_BAD)
        return reconnect(db);
    return -1;
}

static int pg_exec_script(struct db *db, const char *sql)
{
    if (db->tx_lost) {
        set_msg(db, DB_ERR_OTHER, "transaction lost: the connection to PostgreSQL was reset");
        return -1;
    }
    if (ensure_conn(db))
        return -1;
    return run_simple(db, sql);
}

/* ---- placeholders ---- */

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/*
 * Length of a dollar-quote tag ($$ or $tag$) starting at p, 0 if none.
 * The tag is an identifier without digits first; `$1` is not a tag.
 */
static size_t dollar_tag(const char *p)
{
    size_t n = 1;
    if (p[n] >= '0' && p[n] <= '9')
        return 0;
    while (p[n] && p[n] != '$' && ident_char(p[n]))
        n++;
    return p[n] == '$' ? n + 1 : 0;
}

/*
 * Rewrites the `?` placeholders of sql to $1..$n into out (which has room
 * for strlen(sql) * 8 + 1 bytes) when out is not NULL. Returns the number
 * of placeholders.
 */
static int rewrite_params(const char *sql, char *out)
{
    int n = 0;
    size_t o = 0;
    const char *p = sql;
#define EMIT(c)                                                                                    \
    do {                                                                                           \
        if (out)                                                                                   \
            out[o++] = (c);                                                                        \
    } while (0)
    while (*p) {
        char c = *p;
        if (c == '\'' || c == '"') {
            /* E'...' strings take backslash escapes */
            bool esc = c == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
                       (p - 1 == sql || !ident_char(p[-2]));
            EMIT(*p++);
            while (*p) {
                if (esc && *p == '\\' && p[1]) {
                    EMIT(*p++);
                    EMIT(*p++);
                    continue;
                }
                if (*p == c) {
                    if (p[1] == c) { /* doubled quote */
                        EMIT(*p++);
                        EMIT(*p++);
                        continue;
                    }
                    break;
                }
                EMIT(*p++);
            }
            if (*p)
                EMIT(*p++);
        } else if (c == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                EMIT(*p++);
        } else if (c == '/' && p[1] == '*') {
            int depth = 0; /* PostgreSQL nests block comments */
            while (*p) {
                if (p[0] == '/' && p[1] == '*') {
                    depth++;
                    EMIT(*p++);
                    EMIT(*p++);
                } else if (p[0] == '*' && p[1] == '/') {
                    EMIT(*p++);
                    EMIT(*p++);
                    if (--depth == 0)
                        break;
                } else {
                    EMIT(*p++);
                }
            }
        } else if (c == '$' && (p == sql || !ident_char(p[-1])) && dollar_tag(p)) {
            size_t t = dollar_tag(p);
            const char *tag = p;
            for (size_t i = 0; i < t; i++)
                EMIT(*p++);
            while (*p && strncmp(p, tag, t) != 0)
                EMIT(*p++);
            for (size_t i = 0; i < t && *p; i++)
                EMIT(*p++);
        } else if (c == '?') {
            n++;
            if (out)
                o += (size_t)snprintf(out + o, 9, "$%d", n);
            p++;
        } else {
            EMIT(*p++);
        }
    }
#undef EMIT
    if (out)
        out[o] = '\0';
    return n;
}

/* ---- statements ---- */

static uint64_t hash_sql(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Drops a prepared statement on the server (failures ignored). */
static void deallocate(struct db *db, const char *name)
{
    char sql[48];
    snprintf(sql, sizeof(sql), "DEALLOCATE %s", name);
    PQclear(PQexec(db->conn, sql));
}

/* The type a bound value gives its parameter (0: NULL, any type). */
static Oid oid_of(const struct db_val *v)
{
    switch (v->type) {
    case DB_T_INT: return OID_INT8;
    case DB_T_DOUBLE: return OID_FLOAT8;
    case DB_T_TEXT: return OID_TEXT;
    case DB_T_BLOB: return OID_BYTEA;
    default: return 0;
    }
}

/* True when the bound values fit the types entry c was prepared with. */
static bool types_fit(const struct pg_cached *c, const struct db_val *p)
{
    if (c->untyped)
        return true;
    for (int i = 0; i < c->nparams; i++) {
        Oid t = oid_of(&p[i]);
        if (t && c->types[i] != TYPE_MIXED && c->types[i] != t)
            return false;
    }
    return true;
}

/* Refusals of a statement for its parameter types: operator or function
 * does not exist, datatype mismatch, cannot coerce, ambiguous, and a type
 * that cannot be determined. */
static bool type_refusal(const PGresult *r)
{
    return sqlstate_is(r, "42883") || sqlstate_is(r, "42804") || sqlstate_is(r, "42846") ||
           sqlstate_is(r, "42725") || sqlstate_is(r, "42P18");
}

/* Runs a savepoint command inside a transaction; 0 or -1 (message set). */
static int savepoint(struct db *db, const char *cmd)
{
    return db->in_tx ? run_simple(db, cmd) : 0;
}

/*
 * Prepares rewritten SQL under name (may be "", the unnamed statement) with
 * the parameter types (n of them; 0 = left to PostgreSQL). A parameter
 * only ever bound NULL in a place that says nothing of its type (`? IS
 * NULL`) is taken as text, as SQLite would; when PostgreSQL refuses the
 * types otherwise, the statement is prepared untyped and *untyped set.
 * Inside a transaction the attempts run under a savepoint, so a refusal
 * leaves the transaction as it was. 0 or -1 (message set).
 */
static int prepare_named(struct db *db, const char *name, const char *pgsql, int n,
                         Oid *types, bool *untyped)
{
    *untyped = false;
    if (savepoint(db, "SAVEPOINT xa_prepare"))
        return -1;
    PGresult *r = NULL;
    char why[200] = "";
    for (int attempt = 0; attempt < 3; attempt++) {
        const Oid *t = attempt == 2 ? NULL : types;
        if (attempt == 1) { /* 42P18: unknown NULLs as text */
            bool any = false;
            for (int i = 0; i < n; i++)
                if (!types[i]) {
                    types[i] = OID_TEXT;
                    any = true;
                }
            if (!any || !sqlstate_is(r, "42P18"))
                continue;
        }
        if (attempt > 0) {
            if (attempt == 1 || !why[0]) {
                const char *prim = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
                snprintf(why, sizeof(why), "%s", prim ? prim : "");
            }
            PQclear(r);
            r = NULL;
            if (savepoint(db, "ROLLBACK TO SAVEPOINT xa_prepare"))
                return -1;
        }
        r = PQprepare(db->conn, name, pgsql, n, t);
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            PQclear(r);
            if (!t) {
                *untyped = true;
                log_warn("postgres: parameter types refused (%s), prepared untyped: %.300s", why,
                         pgsql);
            }
            return savepoint(db, "RELEASE SAVEPOINT xa_prepare");
        }
        if (n == 0 || !type_refusal(r) || PQstatus(db->conn) != CONNECTION_OK)
            break;
    }
    set_err(db, r);
    PQclear(r);
    if (db->in_tx && PQstatus(db->conn) == CONNECTION_OK) {
        /* the failure stays the caller's message; the transaction goes on */
        char keep[sizeof(db->msg)];
        enum db_errclass cls = db->cls;
        memcpy(keep, db->msg, sizeof(keep));
        if (savepoint(db, "ROLLBACK TO SAVEPOINT xa_prepare") == 0)
            savepoint(db, "RELEASE SAVEPOINT xa_prepare");
        memcpy(db->msg, keep, sizeof(keep));
        db->cls = cls;
    }
    return -1;
}

/* The types to prepare with: what entry c knew (NULL: nothing) joined with
 * the bound values, into out (n entries); send gets them as PostgreSQL
 * takes them (TYPE_MIXED as 0). */
static void types_join(const struct pg_cached *c, int n, const struct db_val *p, Oid *out,
                       Oid *send)
{
    for (int i = 0; i < n; i++) {
        Oid was = c ? c->types[i] : 0, now = oid_of(&p[i]);
        out[i] = !now ? was : !was ? now : was == now ? was : TYPE_MIXED;
        send[i] = out[i] == TYPE_MIXED ? 0 : out[i];
    }
}

/*
 * Finds or prepares the statement for sql and the bound values p (n of
 * them; a count that differs from the SQL's is an error). Returns its cache
 * entry, or NULL with *oneoff set when sql was prepared outside the cache
 * under the name oneoff_name (cache full: the caller deallocates it after
 * use), or NULL on error (message set, *oneoff false). A one-off statement
 * is named, not the unnamed one, because a savepoint command would drop it.
 */
static struct pg_cached *lookup(struct db *db, const char *sql, int n, const struct db_val *p,
                                bool *oneoff, char oneoff_name[16])
{
    uint64_t h = hash_sql(sql);
    size_t slot = ((uintptr_t)sql >> 3) % STMT_CACHE;
    struct pg_cached *free_slot = NULL, *was = NULL;
    *oneoff = false;
    for (size_t i = 0; i < STMT_PROBES; i++) {
        struct pg_cached *c = &db->cache[(slot + i) % STMT_CACHE];
        if (c->sql == sql && c->hash == h) {
            if (c->nparams != n) {
                set_msg(db, DB_ERR_OTHER, "parameter count %d != %d for: %.120s", c->nparams, n,
                        sql);
                return NULL;
            }
            if (types_fit(c, p))
                return c;
            was = c; /* prepared for other types: again, with both */
            break;
        }
        if (c->sql == sql) { /* a buffer reused for other SQL: replace it */
            deallocate(db, c->name);
            entry_clear(c);
        }
        if (!c->sql && !free_slot)
            free_slot = c;
    }
    size_t len = strlen(sql);
    char *pgsql = malloc(len * 8 + 1);
    if (!pgsql)
        abort();
    int count = rewrite_params(sql, pgsql);
    if (count != n) {
        set_msg(db, DB_ERR_OTHER, "parameter count %d != %d for: %.120s", count, n, sql);
        free(pgsql);
        return NULL;
    }
    Oid *types = malloc(((size_t)n + 1) * sizeof(*types));
    Oid *send = malloc(((size_t)n + 1) * sizeof(*send));
    if (!types || !send)
        abort();
    types_join(was, n, p, types, send);
    struct pg_cached *c = was ? was : free_slot;
    char name[16];
    snprintf(name, sizeof(name), "s%u", ++db->next_name);
    bool untyped = false;
    int rc = prepare_named(db, name, pgsql, n, send, &untyped);
    free(pgsql);
    free(send);
    if (rc || !c) {
        free(types);
        *oneoff = rc == 0; /* neighbourhood full: a statement for this call */
        memcpy(oneoff_name, name, sizeof(name));
        return NULL;
    }
    if (was) {
        deallocate(db, was->name);
        entry_clear(was);
    }
    c->sql = sql;
    c->hash = h;
    c->nparams = n;
    c->types = types;
    c->untyped = untyped;
    memcpy(c->name, name, sizeof(name));
    return c;
}

static void grow_params(struct db *db, int n)
{
    if (n <= db->pcap)
        return;
    int cap = n < 16 ? 16 : n;
    db->pvals = realloc(db->pvals, (size_t)cap * sizeof(*db->pvals));
    db->plens = realloc(db->plens, (size_t)cap * sizeof(*db->plens));
    db->pfmts = realloc(db->pfmts, (size_t)cap * sizeof(*db->pfmts));
    db->pnum = realloc(db->pnum, (size_t)cap * sizeof(*db->pnum));
    if (!db->pvals || !db->plens || !db->pfmts || !db->pnum)
        abort();
    db->pcap = cap;
}

/* Fills the parameter arrays; -1 on a value libpq cannot carry. */
static int bind_params(struct db *db, int n, const struct db_val *p)
{
    grow_params(db, n);
    for (int i = 0; i < n; i++) {
        db->plens[i] = 0;
        db->pfmts[i] = 0;
        switch (p[i].type) {
        case DB_T_NULL:
            db->pvals[i] = NULL;
            break;
        case DB_T_INT:
            snprintf(db->pnum[i], sizeof(db->pnum[i]), "%" PRId64, p[i].i);
            db->pvals[i] = db->pnum[i];
            break;
        case DB_T_DOUBLE:
            if (isnan(p[i].d))
                snprintf(db->pnum[i], sizeof(db->pnum[i]), "NaN");
            else if (isinf(p[i].d))
                snprintf(db->pnum[i], sizeof(db->pnum[i]), "%sInfinity", p[i].d < 0 ? "-" : "");
            else
                snprintf(db->pnum[i], sizeof(db->pnum[i]), "%.17g", p[i].d);
            db->pvals[i] = db->pnum[i];
            break;
        case DB_T_TEXT:
            db->pvals[i] = p[i].s ? p[i].s : "";
            break;
        case DB_T_BLOB:
            if (p[i].len > INT32_MAX) {
                set_msg(db, DB_ERR_OTHER, "blob parameter %d too large", i + 1);
                return -1;
            }
            db->pvals[i] = p[i].len ? p[i].s : "";
            db->plens[i] = (int)p[i].len;
            db->pfmts[i] = 1;
            break;
        default:
            set_msg(db, DB_ERR_OTHER, "parameter %d has an unknown type", i + 1);
            return -1;
        }
    }
    return 0;
}

static struct db_stmt *pg_query(struct db *db, const char *sql, int nparams,
                                const struct db_val *params)
{
    db->cls = DB_OK; /* the class always describes the latest call */
    if (db->tx_lost) {
        set_msg(db, DB_ERR_OTHER, "transaction lost: the connection to PostgreSQL was reset");
        return NULL;
    }
    if (nparams < 0 || (nparams > 0 && !params)) {
        set_msg(db, DB_ERR_OTHER, "bad parameter list for: %.120s", sql);
        return NULL;
    }
    if (ensure_conn(db))
        return NULL;

    PGresult *r = NULL;
    for (int attempt = 0;; attempt++) {
        bool oneoff;
        char oneoff_name[16];
        struct pg_cached *c = lookup(db, sql, nparams, params, &oneoff, oneoff_name);
        if (!c && !oneoff) {
            /* preparing has no side effect: after a reset, try once more */
            if (attempt == 0 && PQstatus(db->conn) == CONNECTION_BAD && !db->in_tx &&
                reconnect(db) == 0)
                continue;
            goto fail;
        }
        if (bind_params(db, nparams, params)) {
            if (oneoff)
                deallocate(db, oneoff_name);
            goto fail;
        }
        r = PQexecPrepared(db->conn, c ? c->name : oneoff_name, nparams, db->pvals, db->plens,
                           db->pfmts, 0);
        if (oneoff) {
            /* keep the failure's message: the next call may be DEALLOCATE's */
            if (!res_ok(r))
                set_err(db, r);
            deallocate(db, oneoff_name);
        }
        if (res_ok(r))
            break;
        set_err(db, r);
        bool replan = attempt == 0 && c && sqlstate_is(r, "0A000") && !db->in_tx &&
                      PQtransactionStatus(db->conn) == PQTRANS_IDLE;
        PQclear(r);
        r = NULL;
        if (!replan) /* a broken connection: the statement may have run, no retry */
            goto fail;
        /* a table changed under a cached plan: prepare afresh (nothing ran) */
        deallocate(db, c->name);
        entry_clear(c);
    }

    struct db_stmt *s = calloc(1, sizeof(*s));
    if (!s)
        abort();
    s->db = db;
    s->res = r;
    s->row = -1;
    s->ncols = PQnfields(r);
    /* rows written; a SELECT writes none (as SQLite counts) */
    const char *ct = PQcmdTuples(r);
    s->changes = strncmp(PQcmdStatus(r), "SELECT", 6) == 0 ? 0
                 : ct && *ct                               ? strtoll(ct, NULL, 10)
                                                           : 0;
    return s;
fail:
    recover(db);
    return NULL;
}

static void free_blobs(struct db_stmt *s)
{
    if (!s->blob)
        return;
    for (int i = 0; i < s->ncols; i++) {
        free(s->blob[i]);
        s->blob[i] = NULL;
    }
}

static int pg_step(struct db_stmt *s)
{
    free_blobs(s);
    int nt = PQntuples(s->res);
    if (s->row < nt)
        s->row++;
    return s->row < nt ? 1 : 0;
}

/* The current row's value of column c, NULL when absent or SQL NULL. */
static const char *value(struct db_stmt *s, int c)
{
    if (s->row < 0 || s->row >= PQntuples(s->res) || c < 0 || c >= s->ncols ||
        PQgetisnull(s->res, s->row, c))
        return NULL;
    return PQgetvalue(s->res, s->row, c);
}

static bool pg_col_null(struct db_stmt *s, int c)
{
    return value(s, c) == NULL;
}

static int64_t pg_col_int(struct db_stmt *s, int c)
{
    const char *v = value(s, c);
    if (!v)
        return 0;
    if (PQftype(s->res, c) == OID_BOOL)
        return v[0] == 't';
    if (PQftype(s->res, c) == OID_FLOAT4 || PQftype(s->res, c) == OID_FLOAT8) {
        double d = strtod(v, NULL); /* may be 1e+20, NaN or Infinity */
        if (isnan(d))
            return 0;
        if (d >= 9223372036854775807.0)
            return INT64_MAX;
        if (d <= -9223372036854775808.0)
            return INT64_MIN;
        return (int64_t)d;
    }
    return strtoll(v, NULL, 10); /* numeric "3.50" gives 3 */
}

static double pg_col_double(struct db_stmt *s, int c)
{
    const char *v = value(s, c);
    if (!v)
        return 0;
    if (PQftype(s->res, c) == OID_BOOL)
        return v[0] == 't';
    return strtod(v, NULL);
}

/* Unescapes a bytea value once per row; the copy is NUL-terminated. */
static const char *bytea(struct db_stmt *s, int c, size_t *len)
{
    const char *v = value(s, c);
    *len = 0;
    if (!v)
        return NULL;
    if (!s->blob) {
        s->blob = calloc((size_t)s->ncols, sizeof(*s->blob));
        s->blen = calloc((size_t)s->ncols, sizeof(*s->blen));
        if (!s->blob || !s->blen)
            abort();
    }
    if (!s->blob[c]) {
        size_t n = 0;
        unsigned char *raw = PQunescapeBytea((const unsigned char *)v, &n);
        if (!raw)
            abort();
        s->blob[c] = malloc(n + 1);
        if (!s->blob[c])
            abort();
        memcpy(s->blob[c], raw, n);
        s->blob[c][n] = '\0';
        s->blen[c] = n;
        PQfreemem(raw);
    }
    *len = s->blen[c];
    return s->blob[c];
}

static const char *pg_col_text(struct db_stmt *s, int c)
{
    if (c >= 0 && c < s->ncols && PQftype(s->res, c) == OID_BYTEA) {
        size_t len;
        return bytea(s, c, &len);
    }
    const char *v = value(s, c);
    if (v && PQftype(s->res, c) == OID_BOOL) /* as SQLite: "1" / "0", not "t" / "f" */
        return v[0] == 't' ? "1" : "0";
    return v;
}

static const void *pg_col_blob(struct db_stmt *s, int c, size_t *len)
{
    if (c >= 0 && c < s->ncols && PQftype(s->res, c) == OID_BYTEA)
        return bytea(s, c, len);
    const char *v = value(s, c);
    *len = v ? (size_t)PQgetlength(s->res, s->row, c) : 0;
    return v;
}

static int pg_col_count(struct db_stmt *s)
{
    return s->ncols;
}

static const char *pg_col_name(struct db_stmt *s, int c)
{
    return PQfname(s->res, c);
}

static enum db_type pg_col_type(struct db_stmt *s, int c)
{
    if (c < 0 || c >= s->ncols)
        return DB_T_NULL;
    if (s->row >= 0 && !value(s, c))
        return DB_T_NULL;
    switch (PQftype(s->res, c)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_BOOL:
        return DB_T_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        return DB_T_DOUBLE;
    case OID_BYTEA:
        return DB_T_BLOB;
    default:
        return DB_T_TEXT;
    }
}

static int64_t pg_changes(struct db_stmt *s)
{
    return s->changes;
}

static void pg_finish(struct db_stmt *s)
{
    if (!s)
        return;
    free_blobs(s);
    free(s->blob);
    free(s->blen);
    PQclear(s->res);
    free(s);
}

static const char *pg_errmsg(struct db *db)
{
    return db->msg;
}

static enum db_errclass pg_errclass(struct db *db)
{
    return db->cls;
}

static void pg_clear_err(struct db *db)
{
    db->msg[0] = '\0';
    db->cls = DB_OK;
}

/* ---- backup ---- */

extern char **environ;

static int pg_backup(struct db *db, const char *path)
{
    size_t flen = strlen(path) + sizeof("--file=");
    size_t dlen = strlen(db->uri) + sizeof("--dbname=");
    char *file = malloc(flen), *dbname = malloc(dlen);
    if (!file || !dbname)
        abort();
    snprintf(file, flen, "--file=%s", path);
    snprintf(dbname, dlen, "--dbname=%s", db->uri);
    char *argv[] = {"pg_dump", "--format=custom", "--no-password", file, dbname, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
    free(file);
    free(dbname);
    if (rc != 0) {
        set_msg(db, DB_ERR_OTHER, "cannot run pg_dump: %s", strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            set_msg(db, DB_ERR_OTHER, "waiting for pg_dump: %s", strerror(errno));
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        set_msg(db, DB_ERR_OTHER, "pg_dump to %s failed with exit status %d", path,
                WEXITSTATUS(status));
    else
        set_msg(db, DB_ERR_OTHER, "pg_dump to %s killed by signal %d", path,
                WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return -1;
}

/* Autocommit statements are durable when PostgreSQL answers. */
static int pg_sync(struct db *db)
{
    (void)db;
    return 0;
}

const struct db_driver db_pg_driver = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .sync = pg_sync,
    .exec_script = pg_exec_script,
    .query = pg_query,
    .step = pg_step,
    .col_null = pg_col_null,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_type = pg_col_type,
    .changes = pg_changes,
    .finish = pg_finish,
    .errmsg = pg_errmsg,
    .errclass = pg_errclass,
    .clear_err = pg_clear_err,
    .backup = pg_backup,
};
