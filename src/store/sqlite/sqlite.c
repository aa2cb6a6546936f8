/*
 * sqlite.c - the SQLite backend of the db driver table.
 *
 * One connection per thread, WAL journal, foreign keys on, and a busy
 * timeout so writers queue instead of failing. LIKE is case-sensitive, as
 * on PostgreSQL.
 *
 * Durability with group commit: SQLite runs with synchronous=NORMAL, so a
 * COMMIT only write()s its WAL frames; commit() then waits on the file's
 * barrier that fdatasync()s its WAL. One fdatasync covers every commit
 * whose frames were written before it started, so concurrent requests share
 * the cost of the disk flush, and none is acknowledged before its frames are
 * on disk (the same guarantee as synchronous=FULL). Checkpoints still sync
 * the WAL before copying it into the database (SQLite does that itself).
 * Prepared statements are cached per connection in a small open-addressing
 * table found by the SQL's address and confirmed on its text.
 *
 * Write transactions of every thread run on one shared writer connection per
 * database file (taken with the process's write lock). A connection drops its
 * whole page cache when it sees that another connection has written, so with
 * one writer per thread every write would start from a cold cache; with one
 * shared writer the pages that every write touches (counters, audit head,
 * index roots) stay in its cache. Reads outside a transaction use the
 * thread's own connection.
 */
#include "core/compat.h"
#include "store/db.h"
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define STMT_CACHE 256

struct sq_file;

struct db {
    sqlite3 *h;
    struct sq_file *file; /* the file's shared state (NULL: in memory) */
    struct db *writer;    /* the shared writer of this file (NULL: use h) */
    struct {
        const char *sql; /* the caller's SQL (its address); NULL = free */
        char *text;      /* a copy of its text, to confirm a hit */
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    struct db_stmt *cur;
    bool in_tx; /* holds the file's write lock */
    char msg[256];
    enum db_errclass cls;
};

struct db_stmt {
    struct db *db;
    sqlite3_stmt *st;
    int64_t changes;
    bool cached;
};

/* The connection statements run on: the shared writer inside a transaction. */
static struct db *act(struct db *db)
{
    return db->in_tx && db->writer ? db->writer : db;
}

/* Records the error of connection h in db (the caller's handle). */
static void set_err_on(struct db *db, sqlite3 *h)
{
    int ext = sqlite3_extended_errcode(h);
    snprintf(db->msg, sizeof(db->msg), "%s", sqlite3_errmsg(h));
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        db->cls = DB_ERR_UNIQUE;
        break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        db->cls = DB_ERR_FOREIGN;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        db->cls = DB_ERR_BUSY;
        break;
    default:
        switch (ext & 0xff) {
        case SQLITE_FULL: db->cls = DB_ERR_FULL; break;
        case SQLITE_READONLY: db->cls = DB_ERR_READONLY; break;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN: db->cls = DB_ERR_UNAVAILABLE; break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: db->cls = DB_ERR_BUSY; break;
        default: db->cls = DB_ERR_OTHER;
        }
    }
}

static void set_err(struct db *db)
{
    set_err_on(db, act(db)->h);
}

static int exec_simple(struct db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(act(db)->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        set_err(db);
        if (msg) {
            snprintf(db->msg, sizeof(db->msg), "%s", msg);
            sqlite3_free(msg);
        }
        return -1;
    }
    return 0;
}

/*
 * Per database file (the registry below): the write lock, the shared
 * writer connection, the group-commit barrier and the checkpointer thread.
 * Two files open in one process share none of them. An entry is made on the
 * first open of a file (keyed by device and inode, so two spellings of one
 * path meet) and torn down, the thread stopped and joined, when its last
 * connection closes. In-memory and temporary databases have no entry.
 *
 * Writers of a file queue on its mutex rather than in SQLite's busy
 * handler, which sleeps and polls; the lock is handed over as soon as the
 * holder's COMMIT has written its frames (the disk flush comes after).
 *
 * Checkpoints run in a thread of their own, so no request pays for copying
 * the WAL into the database; connections have wal_autocheckpoint off. The
 * thread sleeps until a commit reports (wal hook) that the WAL has grown
 * past CHECKPOINT_BYTES, copies it into the database and truncates it to
 * zero bytes; an idle server does no checkpoint work at all.
 */
#define CHECKPOINT_BYTES (8 << 20)

struct sq_file {
    struct sq_file *next;
    dev_t dev;
    ino_t ino;
    char path[4096]; /* as SQLite names the main database file */
    int refs;        /* connections of callers (the writer not counted) */
    pthread_mutex_t write_lock;
    struct db *writer; /* NULL: each connection writes on its own */
    /* the checkpointer */
    pthread_t thread;
    bool thread_started;
    pthread_mutex_t ckpt_lock;
    pthread_cond_t ckpt_cond;
    bool ckpt_needed, ckpt_stop;
    _Atomic uint64_t checkpoints;
    /* the group-commit barrier */
    pthread_mutex_t gc_lock;
    pthread_cond_t gc_cond;
    uint64_t written, synced;
    bool syncing;
    int wal_fd;
    _Atomic uint64_t syncs;
};

static struct {
    pthread_mutex_t lock;
    struct sq_file *head;
} files = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Checkpoints done by the threads of every file (tests and diagnostics). */
_Atomic uint64_t db_sqlite_checkpoints;

/* Called by SQLite after every commit with the WAL's size in pages. */
static int wal_hook(void *arg, sqlite3 *h, const char *dbname, int pages)
{
    struct sq_file *f = arg;
    (void)h;
    (void)dbname;
    if (f && (int64_t)pages * 4096 >= CHECKPOINT_BYTES) { /* the default page size */
        pthread_mutex_lock(&f->ckpt_lock);
        if (!f->ckpt_needed) {
            f->ckpt_needed = true;
            pthread_cond_signal(&f->ckpt_cond);
        }
        pthread_mutex_unlock(&f->ckpt_lock);
    }
    return SQLITE_OK;
}

/* Copies the WAL into the database and truncates it, holding the file's
 * writers off for the final step only. Called without its write lock. */
static int checkpoint_truncate(struct sq_file *f, sqlite3 *h)
{
    /* copy what can be copied while writers go on ... */
    sqlite3_wal_checkpoint_v2(h, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    /* ... then with writers held off, the rest, and start the WAL afresh */
    if (f)
        pthread_mutex_lock(&f->write_lock);
    int rc = sqlite3_wal_checkpoint_v2(h, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (f)
        pthread_mutex_unlock(&f->write_lock);
    return rc == SQLITE_OK ? 0 : -1;
}

static void *checkpointer(void *arg)
{
    struct sq_file *f = arg;
    sqlite3 *h;
    if (sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 1000);
    /* reading the header puts this connection in WAL mode */
    sqlite3_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    for (;;) {
        pthread_mutex_lock(&f->ckpt_lock);
        while (!f->ckpt_needed && !f->ckpt_stop)
            pthread_cond_wait(&f->ckpt_cond, &f->ckpt_lock);
        bool stop = f->ckpt_stop;
        f->ckpt_needed = false;
        pthread_mutex_unlock(&f->ckpt_lock);
        if (stop)
            break;
        checkpoint_truncate(f, h);
        f->checkpoints++;
        db_sqlite_checkpoints++;
    }
    sqlite3_close(h);
    return NULL;
}

static struct db *open_conn(const char *uri, struct sq_file *f, char *errbuf, size_t errlen);
static void conn_close(struct db *db);

/*
 * The entry of the file connection h has open, made (with its writer and
 * checkpointer) on first use; its count of connections goes up by one.
 * NULL for in-memory and temporary databases.
 */
static struct sq_file *file_get(sqlite3 *h)
{
    const char *path = sqlite3_db_filename(h, "main");
    struct stat st;
    if (!path || !*path || stat(path, &st) != 0)
        return NULL;
    pthread_mutex_lock(&files.lock);
    struct sq_file *f = files.head;
    while (f && !(f->dev == st.st_dev && f->ino == st.st_ino))
        f = f->next;
    if (f) {
        f->refs++;
        pthread_mutex_unlock(&files.lock);
        return f;
    }
    f = calloc(1, sizeof(*f));
    if (!f)
        abort();
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    snprintf(f->path, sizeof(f->path), "%s", path);
    f->refs = 1;
    f->wal_fd = -1;
    pthread_mutex_init(&f->write_lock, NULL);
    pthread_mutex_init(&f->ckpt_lock, NULL);
    pthread_cond_init(&f->ckpt_cond, NULL);
    pthread_mutex_init(&f->gc_lock, NULL);
    pthread_cond_init(&f->gc_cond, NULL);
    char msg[256];
    f->writer = open_conn(f->path, f, msg, sizeof(msg));
    f->thread_started = pthread_create(&f->thread, NULL, checkpointer, f) == 0;
    f->next = files.head;
    files.head = f;
    pthread_mutex_unlock(&files.lock);
    return f;
}

/* One connection of f fewer; the last one stops its thread and frees it. */
static void file_put(struct sq_file *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&files.lock);
    bool last = --f->refs == 0;
    if (last)
        for (struct sq_file **pp = &files.head; *pp; pp = &(*pp)->next)
            if (*pp == f) {
                *pp = f->next;
                break;
            }
    pthread_mutex_unlock(&files.lock);
    if (!last)
        return;
    if (f->thread_started) {
        pthread_mutex_lock(&f->ckpt_lock);
        f->ckpt_stop = true;
        pthread_cond_signal(&f->ckpt_cond);
        pthread_mutex_unlock(&f->ckpt_lock);
        pthread_join(f->thread, NULL);
    }
    if (f->writer)
        conn_close(f->writer);
    if (f->wal_fd >= 0)
        close(f->wal_fd);
    pthread_mutex_destroy(&f->write_lock);
    pthread_mutex_destroy(&f->ckpt_lock);
    pthread_cond_destroy(&f->ckpt_cond);
    pthread_mutex_destroy(&f->gc_lock);
    pthread_cond_destroy(&f->gc_cond);
    free(f);
}

static struct db *sq_open(const char *uri, char *errbuf, size_t errlen)
{
    struct db *db = open_conn(uri, NULL, errbuf, errlen);
    if (!db)
        return NULL;
    db->file = file_get(db->h);
    if (db->file) {
        db->writer = db->file->writer;
        sqlite3_wal_hook(db->h, wal_hook, db->file);
    }
    return db;
}

/* A connection to uri; f is the file's entry when opening its writer. */
static struct db *open_conn(const char *uri, struct sq_file *f, char *errbuf, size_t errlen)
{
    struct db *db = calloc(1, sizeof(*db));
    if (!db)
        abort();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(uri, &db->h, flags, NULL) != SQLITE_OK) {
        snprintf(errbuf, errlen, "cannot open %s: %s", uri,
                 db->h ? sqlite3_errmsg(db->h) : "out of memory");
        sqlite3_close(db->h);
        free(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->h, 10000);
    sqlite3_extended_result_codes(db->h, 1);
    if (exec_simple(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                        "PRAGMA cache_size=-16000; PRAGMA wal_autocheckpoint=0; "
                        /* LIKE tells 'A' from 'a', as PostgreSQL's does */
                        "PRAGMA case_sensitive_like=ON;")) {
        snprintf(errbuf, errlen, "cannot configure %s: %s", uri, db->msg);
        sqlite3_close(db->h);
        free(db);
        return NULL;
    }
    /* the -wal and -shm files stay when the last connection closes: a file
     * system remounted read-only can then still be opened (and answers
     * 503 read_only instead of failing to start) */
    int persist = 1;
    sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    db->file = f;
    sqlite3_wal_hook(db->h, wal_hook, f);
    return db;
}

static int sq_rollback(struct db *db);

static void sq_close(struct db *db)
{
    if (!db)
        return;
    if (db->in_tx)
        sq_rollback(db);
    struct sq_file *f = db->file;
    conn_close(db);
    file_put(f);
}

static void conn_close(struct db *db)
{
    for (int i = 0; i < STMT_CACHE; i++) {
        sqlite3_finalize(db->cache[i].st);
        free(db->cache[i].text);
    }
    sqlite3_close(db->h);
    free(db);
}


static int sq_begin(struct db *db)
{
    if (db->in_tx) {
        snprintf(db->msg, sizeof(db->msg), "a transaction is already open");
        db->cls = DB_ERR_OTHER;
        return -1;
    }
    if (db->file)
        pthread_mutex_lock(&db->file->write_lock);
    db->in_tx = true; /* from here statements run on act(db) */
    if (exec_simple(db, "BEGIN IMMEDIATE")) {
        db->in_tx = false;
        if (db->file)
            pthread_mutex_unlock(&db->file->write_lock);
        return -1;
    }
    return 0;
}

static void end_tx(struct db *db)
{
    if (db->in_tx) {
        db->in_tx = false;
        if (db->file)
            pthread_mutex_unlock(&db->file->write_lock);
    }
}

/* Opens the file's WAL once; -1 if it cannot be opened. Called with
 * f->gc_lock. */
static int wal_fd(struct sq_file *f)
{
    if (f->wal_fd >= 0)
        return f->wal_fd;
    char path[sizeof(f->path) + 8];
    snprintf(path, sizeof(path), "%s-wal", f->path);
    f->wal_fd = open(path, O_RDONLY | O_CLOEXEC);
    return f->wal_fd;
}

/* Returns once every commit written to db's file before the call is on
 * disk (the file's group-commit barrier). */
static int durable_barrier(struct db *db)
{
    struct sq_file *f = db->file;
    if (!f) /* in memory or temporary: nothing to make durable */
        return 0;
    int rc = 0;
    pthread_mutex_lock(&f->gc_lock);
    uint64_t ticket = ++f->written;
    while (f->synced < ticket) {
        if (f->syncing) {
            pthread_cond_wait(&f->gc_cond, &f->gc_lock);
            continue;
        }
        f->syncing = true;
        uint64_t target = f->written;
        int fd = wal_fd(f);
        pthread_mutex_unlock(&f->gc_lock);
        /* without a WAL file to sync, fall back to SQLite's own full sync */
        int r = fd >= 0 ? fdatasync(fd) : exec_simple(db, "PRAGMA wal_checkpoint(FULL)");
        int e = errno;
        pthread_mutex_lock(&f->gc_lock);
        f->syncing = false;
        if (r == 0) {
            f->syncs++;
            if (target > f->synced)
                f->synced = target;
        }
        pthread_cond_broadcast(&f->gc_cond);
        if (r != 0) {
            snprintf(db->msg, sizeof(db->msg), "cannot sync the WAL: %s", strerror(e));
            db->cls = e == ENOSPC ? DB_ERR_FULL : DB_ERR_UNAVAILABLE;
            rc = -1;
            break;
        }
    }
    pthread_mutex_unlock(&f->gc_lock);
    return rc;
}

static int sq_commit(struct db *db)
{
    if (exec_simple(db, "COMMIT")) {
        if (sqlite3_get_autocommit(act(db)->h))
            end_tx(db);
        return -1;
    }
    end_tx(db);
    return durable_barrier(db);
}

static int sq_rollback(struct db *db)
{
    int rc = sqlite3_get_autocommit(act(db)->h) ? 0 : exec_simple(db, "ROLLBACK");
    end_tx(db);
    return rc;
}

static int sq_exec_script(struct db *db, const char *sql)
{
    return exec_simple(db, sql);
}

/*
 * The statement for sql from the connection's cache, prepared on a miss.
 * Slots are found by the SQL's address (it is nearly always a literal) and
 * a hit is confirmed on the text, so other SQL at a reused address (a
 * freed buffer) is prepared afresh in place of the old statement.
 */
static sqlite3_stmt *prepare(struct db *db, const char *sql, bool *cached)
{
    size_t slot = ((uintptr_t)sql >> 3) % STMT_CACHE;
    for (size_t i = 0; i < 8; i++) {
        size_t k = (slot + i) % STMT_CACHE;
        if (db->cache[k].sql == sql) {
            if (strcmp(db->cache[k].text, sql) == 0) {
                *cached = true;
                return db->cache[k].st;
            }
            sqlite3_finalize(db->cache[k].st);
            free(db->cache[k].text);
            db->cache[k].sql = NULL;
            db->cache[k].text = NULL;
            db->cache[k].st = NULL;
        }
        if (!db->cache[k].sql) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
                SQLITE_OK)
                return NULL;
            char *text = strdup(sql);
            if (!text)
                abort();
            db->cache[k].sql = sql;
            db->cache[k].text = text;
            db->cache[k].st = st;
            *cached = true;
            return st;
        }
    }
    /* cache neighbourhood full: prepare a one-off statement */
    sqlite3_stmt *st;
    *cached = false;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    return st;
}

static struct db_stmt *sq_query(struct db *db, const char *sql, int nparams,
                                const struct db_val *p)
{
    db->cls = DB_OK; /* the class always describes the latest call */
    bool cached;
    sqlite3_stmt *st = prepare(act(db), sql, &cached);
    if (!st) {
        set_err(db);
        return NULL;
    }
    if (sqlite3_bind_parameter_count(st) != nparams) {
        snprintf(db->msg, sizeof(db->msg), "parameter count %d != %d for: %.120s",
                 sqlite3_bind_parameter_count(st), nparams, sql);
        db->cls = DB_ERR_OTHER;
        if (!cached)
            sqlite3_finalize(st);
        return NULL;
    }
    for (int i = 0; i < nparams; i++) {
        int rc;
        switch (p[i].type) {
        case DB_T_NULL: rc = sqlite3_bind_null(st, i + 1); break;
        case DB_T_INT: rc = sqlite3_bind_int64(st, i + 1, p[i].i); break;
        case DB_T_DOUBLE: rc = sqlite3_bind_double(st, i + 1, p[i].d); break;
        case DB_T_TEXT: rc = sqlite3_bind_text(st, i + 1, p[i].s, -1, SQLITE_STATIC); break;
        default:
            rc = sqlite3_bind_blob64(st, i + 1, p[i].s, p[i].len, SQLITE_STATIC);
            break;
        }
        if (rc != SQLITE_OK) {
            set_err(db);
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            if (!cached)
                sqlite3_finalize(st);
            return NULL;
        }
    }
    struct db_stmt *s = calloc(1, sizeof(*s));
    if (!s)
        abort();
    s->db = db;
    s->st = st;
    s->cached = cached;
    return s;
}

static int sq_step(struct db_stmt *s)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        /* rows written; a read writes none (sqlite3_changes would report the
         * last write's count) */
        s->changes = sqlite3_stmt_readonly(s->st) ? 0 : sqlite3_changes64(sqlite3_db_handle(s->st));
        return 0;
    }
    set_err_on(s->db, sqlite3_db_handle(s->st));
    return -1;
}

static bool sq_col_null(struct db_stmt *s, int c)
{
    return sqlite3_column_type(s->st, c) == SQLITE_NULL;
}

static int64_t sq_col_int(struct db_stmt *s, int c)
{
    return sqlite3_column_int64(s->st, c);
}

static double sq_col_double(struct db_stmt *s, int c)
{
    return sqlite3_column_double(s->st, c);
}

static const char *sq_col_text(struct db_stmt *s, int c)
{
    return (const char *)sqlite3_column_text(s->st, c);
}

static const void *sq_col_blob(struct db_stmt *s, int c, size_t *len)
{
    const void *p = sqlite3_column_blob(s->st, c);
    *len = (size_t)sqlite3_column_bytes(s->st, c);
    return p;
}

static int sq_col_count(struct db_stmt *s)
{
    return sqlite3_column_count(s->st);
}

static const char *sq_col_name(struct db_stmt *s, int c)
{
    return sqlite3_column_name(s->st, c);
}

static enum db_type sq_col_type(struct db_stmt *s, int c)
{
    switch (sqlite3_column_type(s->st, c)) {
    case SQLITE_INTEGER: return DB_T_INT;
    case SQLITE_FLOAT: return DB_T_DOUBLE;
    case SQLITE_TEXT: return DB_T_TEXT;
    case SQLITE_BLOB: return DB_T_BLOB;
    default: return DB_T_NULL;
    }
}

static int64_t sq_changes(struct db_stmt *s)
{
    return s->changes;
}

static void sq_finish(struct db_stmt *s)
{
    if (!s)
        return;
    if (s->cached) {
        sqlite3_reset(s->st);
        sqlite3_clear_bindings(s->st);
    } else {
        sqlite3_finalize(s->st);
    }
    free(s);
}

static const char *sq_errmsg(struct db *db)
{
    return db->msg;
}

static enum db_errclass sq_errclass(struct db *db)
{
    return db->cls;
}

static void sq_clear_err(struct db *db)
{
    db->msg[0] = '\0';
    db->cls = DB_OK;
}

static int sq_backup(struct db *db, const char *path)
{
    sqlite3 *dst;
    if (sqlite3_open(path, &dst) != SQLITE_OK) {
        snprintf(db->msg, sizeof(db->msg), "cannot open %s", path);
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, "main");
    if (!b) {
        snprintf(db->msg, sizeof(db->msg), "%s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return -1;
    }
    int rc;
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    rc = rc == SQLITE_DONE ? 0 : -1;
    if (rc)
        snprintf(db->msg, sizeof(db->msg), "%s", sqlite3_errmsg(dst));
    sqlite3_close(dst);
    return rc;
}

/* Below this much free space a write may fail half-way: report it. */
#define HEALTH_MIN_FREE (1u << 20)

static int sq_health(struct db *db)
{
    const char *path = sqlite3_db_filename(db->h, "main");
    if (!path || !*path)
        return 0;
    struct statvfs vfs;
    if (statvfs(path, &vfs) != 0)
        return 0;
    if (vfs.f_flag & ST_RDONLY) {
        snprintf(db->msg, sizeof(db->msg), "the file system of %s is read-only", path);
        db->cls = DB_ERR_READONLY;
        return -1;
    }
    if ((uint64_t)vfs.f_bavail * vfs.f_frsize < HEALTH_MIN_FREE) {
        snprintf(db->msg, sizeof(db->msg), "no space left next to %s", path);
        db->cls = DB_ERR_FULL;
        return -1;
    }
    if (sqlite3_db_readonly(db->h, "main") == 1) {
        snprintf(db->msg, sizeof(db->msg), "%s is opened read-only", path);
        db->cls = DB_ERR_READONLY;
        return -1;
    }
    return 0;
}

/* A clean stop: everything in the WAL goes into the database and the WAL
 * is truncated, so a copy of the .db file alone holds every commit. */
static int sq_checkpoint(struct db *db)
{
    if (checkpoint_truncate(db->file, act(db)->h)) {
        set_err(db);
        return -1;
    }
    return 0;
}

int db_sqlite_stats(struct db *db, struct db_sqlite_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (!db || !db->file)
        return -1;
    out->checkpoints = db->file->checkpoints;
    out->syncs = db->file->syncs;
    return 0;
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .sync = durable_barrier,
    .exec_script = sq_exec_script,
    .query = sq_query,
    .step = sq_step,
    .col_null = sq_col_null,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_type = sq_col_type,
    .changes = sq_changes,
    .finish = sq_finish,
    .errmsg = sq_errmsg,
    .errclass = sq_errclass,
    .clear_err = sq_clear_err,
    .backup = sq_backup,
    .health = sq_health,
    .checkpoint = sq_checkpoint,
};
