/*
 * store.h - xiaoan's storage layer: the only place that holds SQL.
 *
 * A struct store is one connection through one backend driver (db.h). The
 * server keeps one per worker thread. Reads take the store; every write
 * takes a change.
 *
 * ---- Writing: the change ----
 * A change (struct change, below) is one transaction by one actor at one
 * instant, in the shape of git's ref_transaction:
 *
 *     struct change c;
 *     if (store_change_begin(&c, s, user_id, username, now))   // BEGIN
 *         ...store failure...
 *     json_t *after = NULL;
 *     if (store_widget_update(&c, id, &in, &after))            // writes + audits
 *         { store_change_abort(&c); ...c.err says why... }
 *     if (store_change_commit(&c))                             // audit chain, COMMIT,
 *         ...store failure...                                  // then the caches
 *
 * In a handler, api_begin / api_commit / api_fail (api/api.h) do exactly
 * this and answer the request. Handlers never open transactions and never
 * write audit rows.
 *
 * To add a resource "widget":
 *  1. Reads: json_t *store_widget_get(struct store *, int64_t id) and a
 *     list taking a struct scope (only the subtrees the caller may see).
 *  2. Writes take the change: int store_widget_create(struct change *c,
 *     const struct widget_in *in, json_t **after). Inside: change_lock(c,
 *     "widget", id) before reading the before-image of an update; the
 *     INSERT/UPDATE with c->at as the time and c->user_id as the actor; read
 *     the after-image; change_audit(c, "update", "widget", id, org_id,
 *     org_path, before, after, NULL); hand the after-image to the caller.
 *     A refusal (not found, wrong state, wrong value) is
 *     change_fail(c, XE_..., "field"): add the code to core/err.def and its
 *     words to http/errors.c. Never an HTTP status or UI text here.
 *  3. Changes to users, roles or sessions call change_touch(c,
 *     CHANGE_SESSIONS); to what a hazard's document shows,
 *     change_touch(c, CHANGE_HAZARD_DOCS). The caches are dropped after the
 *     commit, never before.
 *  4. Columns: every row is turned into a JSON object by column alias. The
 *     kind of a column is declared in its alias, never guessed from its name:
 *        "name?"   boolean (0/1)
 *        "name@"   instant: epoch milliseconds -> ISO 8601 in Asia/Shanghai
 *                  ("2026-12-03T09:30:00+08:00"); the only way an instant
 *                  reaches the API
 *        name_json parsed JSON (the suffix is dropped)
 *     Anything else is as stored: integers, reals, text (calendar dates are
 *     text "YYYY-MM-DD" and stay so).
 *  5. SQL uses ? placeholders with DB_INT/DB_TEXT/... values (db.h); the
 *     PostgreSQL driver types each parameter from its value.
 *
 * Failures return -1 / NULL; for a database failure the reason is in
 * store_errmsg() and its class in store_errclass(). JSON values returned
 * are new references owned by the caller (json_decref).
 */
#ifndef XA_STORE_H
#define XA_STORE_H

#include "core/compat.h"
#include "core/err.h"
#include "store/db.h"
#include <jansson.h>

struct store {
    const struct db_driver *drv;
    struct db *db;
    bool in_tx;
    /* the open change's audit rows and touched caches (change.c): kept by
     * the connection, so a handler that returns mid-change leaks nothing
     * (the dispatcher rolls back, store_rollback forgets them) */
    struct change_pending *pending;
    /* Non-zero: every transaction begun takes this lock first (PostgreSQL
     * pg_advisory_xact_lock), so writes to one object queue and each reads
     * the state the previous one committed. See store_set_object_lock. */
    int64_t object_lock;
};

struct store *store_open(const char *uri, char *errbuf, size_t errlen);
void store_destroy(struct store *s);
const char *store_backend(const struct store *s);
const char *store_errmsg(const struct store *s);
enum db_errclass store_errclass(const struct store *s);
/* Forgets the last error, so a later failure is not logged with an older
 * request's message. */
void store_clear_error(struct store *s);

/* Applies the migrations this database lacks. Returns how many, or -1
 * (also when the schema is newer than this binary knows). */
int store_migrate(struct store *s);
struct store_migrate_opts {
    long to; /* stop after this version (0: the newest) */
    /* SQLite: the database file; with pending migrations on a database that
     * has a schema, it is first copied to <base>.v<from>-to-v<to>.bak */
    const char *backup_path_base;
};
/* store_migrate with options. PostgreSQL migrations run under an advisory
 * lock, so concurrent starts of several processes apply each once. */
int store_migrate_with(struct store *s, const struct store_migrate_opts *o);
int store_schema_version(struct store *s);
/* 0 when the database answers and can take writes; -1 otherwise, with the
 * reason in store_errmsg / store_errclass (DB_ERR_UNAVAILABLE, _FULL,
 * _READONLY, ...). */
int store_health(struct store *s);
/* Names the object the next transactions of this connection change (a hash
 * of its kind and id; 0 = none). On PostgreSQL, store_begin then waits for
 * the transactions on the same object to finish before anything is read,
 * so a before-image read in the transaction is the state the update
 * replaces. SQLite serialises all writes already (BEGIN IMMEDIATE). */
void store_set_object_lock(struct store *s, int64_t key);
/* Empties the write-ahead log into the database (SQLite; a no-op on
 * PostgreSQL). For a clean stop, after the last write. */
int store_checkpoint(struct store *s);

/* Raw transactions, for bulk loads (demo data, migrations) and the jobs'
 * batches that are not user changes. There is no nesting: store_begin in
 * an open transaction fails (XE_NESTED_TX, "a transaction is already
 * open"), so a helper that would silently join an outer one is caught. */
int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);
bool store_in_tx(const struct store *s);

/* ---- changes (see the top of this file) ---- */
enum change_touch {
    CHANGE_SESSIONS = 1u << 0,    /* users, roles, sessions: the session cache */
    CHANGE_HAZARD_DOCS = 1u << 1, /* what hazard documents show */
};
struct change {
    struct store *s;
    int64_t at;      /* the change's instant (ms); every row written uses it */
    int64_t user_id; /* who; 0 = the system (jobs) */
    const char *username; /* borrowed for the change's life */
    struct xa_error err;  /* why the last call refused (XE_NONE: a store failure) */
    /* a data load (demo, import tools outside the API): no audit rows */
    bool quiet;
    bool open;   /* between begin and commit/abort */
    bool joined; /* store_change_join: the transaction is the loader's */
};
/* BEGIN (taking the object lock set by store_set_object_lock). -1 on a
 * store failure, or when a transaction is already open (err XE_NESTED_TX). */
int store_change_begin(struct change *c, struct store *s, int64_t user_id,
                       const char *username, int64_t at);
/* For data loads only (demo data): writes through the store's write
 * functions inside a raw transaction the loader opened with store_begin.
 * The change is quiet (no audit rows) and does not own the transaction:
 * the loader commits or rolls back; store_change_commit / _abort on it only
 * end the change. */
void store_change_join(struct change *c, struct store *s, int64_t user_id, const char *username,
                       int64_t at);
/* Serialises the writers of one object: on PostgreSQL an advisory
 * transaction lock named after (kind, id) (SQLite has one writer anyway).
 * Call before reading a before-image. */
int change_lock(struct change *c, const char *kind, int64_t id);
/* Records an audit row, appended to the chain at commit. before and after
 * are copied (may be NULL); strings are copied. 0 or -1. */
int change_audit(struct change *c, const char *action, const char *entity, int64_t entity_id,
                 int64_t org_id, const char *org_path, const json_t *before,
                 const json_t *after, const char *note);
void change_touch(struct change *c, unsigned what);
/* A refusal: sets c->err and returns -1 (the caller aborts). */
int change_fail(struct change *c, enum xa_err code, const char *field);
/* Appends the audit rows to the chain, commits, then drops the caches
 * touched. 0, or -1 with the transaction rolled back. Ends the change
 * either way. */
int store_change_commit(struct change *c);
/* Rolls back and forgets the change; harmless on an ended change. */
void store_change_abort(struct change *c);
/* Called after every commit with what it touched (the server registers the
 * cache invalidation). One hook per process, set before serving. */
void store_on_commit(void (*hook)(unsigned touched));
int store_backup(struct store *s, const char *path);

/* ---- scopes: the org subtrees a request may see ----
 * A path is "/1/4/9/"; a scope holds up to XA_SCOPE_MAX subtree roots.
 * n == 0 means "sees nothing"; the root path "/" means everything. */
#define XA_SCOPE_MAX 4
struct scope {
    int n;
    char path[XA_SCOPE_MAX][96];
};
bool scope_contains(const struct scope *sc, const char *path);
/* Adds path unless already covered; drops entries path covers. -1 if full. */
int scope_add(struct scope *sc, const char *path);

/* ---- pages ---- */
struct page {
    int64_t page, per_page;
};
/* Wraps items (stolen) with total/page/per_page into a list object. */
json_t *store_page_json(json_t *items, int64_t total, const struct page *pg);

/* ---- orgs ---- */
struct org_in {
    int64_t parent_id;
    const char *kind, *name, *code, *school_type, *address;
    int64_t students, classes, staff;
    /* for updates: which fields are set */
    bool has_name, has_code, has_school_type, has_address, has_students, has_classes,
        has_staff;
    /* a bureau's document number prefix (文号, e.g. 华教安); update only */
    bool has_doc_prefix;
    const char *doc_prefix;
};
/* Returns the new id; path and depth follow the parent (XE_NOT_FOUND
 * "parent_id" when it is gone). Audits create/org; *after (may be NULL)
 * gets the new org. */
int64_t store_org_create(struct change *c, const struct org_in *in, json_t **after);
/* Audits update/org with before/after; XE_NOT_FOUND when id is gone. */
int store_org_update(struct change *c, int64_t id, const struct org_in *in, json_t **after);
/* Object or NULL (not found or deleted: store_errclass is DB_OK then). */
json_t *store_org_get(struct store *s, int64_t id);
/* Writes the org's path and kind; 1 found, 0 not found, -1 error. */
int store_org_locate(struct store *s, int64_t id, char *path, size_t plen, char *kind,
                     size_t klen);
json_t *store_org_list(struct store *s, const struct scope *sc, int64_t parent_id,
                       const char *kind, const char *q, const struct page *pg);
/* Direct children of id, any scope check done by the caller. */
json_t *store_org_children(struct store *s, int64_t id, const struct page *pg);
/* Subtree totals: schools, students, classes, staff. */
json_t *store_org_summary(struct store *s, const char *path);
int store_org_count(struct store *s, int64_t *n);

/* ---- users ---- */
struct role_in {
    const char *role;
    int64_t org_id;
    const char *org_path;
};
struct user_in {
    const char *username, *pass_hash, *name, *phone;
    const char *email; /* for the email push channel; with has_email on update */
    bool has_email;
    int64_t org_id;
    const char *org_path;
    bool has_name, has_phone, has_pass, has_active, active, has_roles;
    /* create: the account must change its password at first login; update:
     * with has_pass, whether the new password is one the user must replace */
    bool must_change;
    size_t nroles;
    const struct role_in *roles;
};
/* Audits create/user; *after (may be NULL) gets the new user. */
int64_t store_user_create(struct change *c, const struct user_in *in, json_t **after);
/* Audits update/user with before/after (note "密码已修改" with a new
 * password); a stopped user or a new password ends the user's sessions.
 * XE_NOT_FOUND when id is gone. */
int store_user_update(struct change *c, int64_t id, const struct user_in *in, json_t **after);
json_t *store_user_get(struct store *s, int64_t id);
int store_user_locate(struct store *s, int64_t id, char *path, size_t plen);
json_t *store_user_list(struct store *s, const struct scope *sc, const char *under_path,
                        const char *q, const struct page *pg);
/* For login: id, pass_hash, active. 1 found, 0 not, -1 error. */
int store_user_credentials(struct store *s, const char *username, int64_t *id,
                           char *hash, size_t hlen, bool *active);
/* Roles of a user: [{role, org_id, org_path, org_name, org_kind}]. */
json_t *store_user_roles(struct store *s, int64_t user_id);

/* ---- sessions and login throttling ---- */
int store_session_create(struct store *s, const char *token_hash, const char *csrf,
                         int64_t user_id, int64_t now, int64_t expires);
/* 1 found (user_id, csrf, username, must_change filled), 0 none or
 * expired, -1 error. */
int store_session_lookup(struct store *s, const char *token_hash, int64_t now,
                         int64_t *user_id, char *csrf, size_t clen, char *username,
                         size_t ulen, bool *must_change);
/* The user's own password change: new hash, the forced-change mark
 * cleared, every other session (all but keep_hash) ended; audits
 * password/user. */
int store_user_set_password(struct change *c, int64_t id, const char *pass_hash,
                            const char *keep_hash);
/* Logout: ends the session with token_hash. */
int store_session_end(struct change *c, const char *token_hash);
/* Returns locked_until (0 if not locked). */
int64_t store_login_locked(struct store *s, const char *key, int64_t now);
/* Counts a failure; locks for lock_ms once limit failures fall in window_ms. */
int store_login_failed(struct store *s, const char *key, int64_t now, int limit,
                       int64_t window_ms, int64_t lock_ms);
int store_login_clear(struct store *s, const char *key);
/* Rate budgets, checked and counted in one statement so concurrent requests
 * cannot overspend: takes one use of key in a window of window_ms and
 * returns the uses in the window including this one (-1 error); *since is
 * the window's start. A refused request keeps its use counted. */
int64_t store_rate_take(struct store *s, const char *key, int64_t now, int64_t window_ms,
                        int64_t *since);
/* Uses counted for key in the current window (0 if none), -1 error. */
int64_t store_rate_count(struct store *s, const char *key, int64_t now, int64_t window_ms,
                         int64_t *since);
/* Gives one use back (a request that turned out not to spend it). */
int store_rate_give(struct store *s, const char *key);

/* ---- covert inspections (security.c) ----
 * 1 (and the inspecting bureau's path) when the photo is in a finding of a
 * covert inspection not yet published, 0 not, -1 error. */
int store_photo_covert(struct store *s, int64_t photo_id, char *insp_path, size_t len);
/* The same for an audit row about an "inspection" or "inspection_finding". */
int store_audit_covert(struct store *s, const char *entity, int64_t entity_id, char *insp_path,
                       size_t len);

/* A staff photo's capture time (camera local time, or NULL) and position
 * (with has_gps) as its EXIF said before it was stripped. */
int store_photo_set_capture(struct store *s, int64_t id, const char *taken, bool has_gps,
                            double lat, double lon);
/* {taken, gps_lat, gps_lon} (nulls when unknown; taken is the camera's local
 * "YYYY-MM-DDTHH:MM:SS"), NULL on error. */
json_t *store_photo_capture(struct store *s, int64_t id);

/* ---- audit (append-only, hash-chained) ---- */
struct audit_in {
    int64_t at, user_id, entity_id, org_id;
    const char *username, *action, *entity, *org_path, *note;
    json_t *before, *after; /* borrowed, may be NULL */
};
int store_audit_append(struct store *s, const struct audit_in *in);
json_t *store_audit_list(struct store *s, const struct scope *sc, const char *entity,
                         int64_t entity_id, int64_t user_id, const struct page *pg);
/* Recomputes the chain; returns the id of the first broken row, 0 if intact. */
int64_t store_audit_verify(struct store *s);
/* The chain head as audit_head records it: the newest row's id and hash. */
int store_audit_head(struct store *s, int64_t *head_id, char *hash, size_t len);
/* The stored hash of row id: 1 found, 0 not, -1 error. */
int store_audit_row_hash(struct store *s, int64_t id, char *hash, size_t len);

/* ---- settings ---- */
int store_setting_get(struct store *s, const char *key, char *buf, size_t len);
int store_setting_set(struct store *s, const char *key, const char *value);

/* ---- query plans (explain.c; tests only) ----
 * Between begin and end, every SELECT/WITH/INSERT/UPDATE/DELETE run on s is
 * first explained with its parameters (SQLite EXPLAIN QUERY PLAN, PostgreSQL
 * EXPLAIN) and appended to out as "SQL: <text>" and its plan lines indented
 * by two spaces; then it runs as usual. One store, one thread at a time;
 * PostgreSQL advisory locks are skipped meanwhile. -1 if already begun. */
struct strbuf;
int store_explain_begin(struct store *s, struct strbuf *out);
void store_explain_end(struct store *s);
/* The partial indexes of table: [{name, where}], where the predicate as the
 * database keeps it (SQLite: the CREATE INDEX text after WHERE, on one line;
 * PostgreSQL: pg_indexes' normalised form). NULL on error. */
json_t *store_index_predicates(struct store *s, const char *table);

#endif
