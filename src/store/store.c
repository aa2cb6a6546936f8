/*
 * store.c - connection, migrations, transactions and the row/JSON helpers.
 */
#include "core/compat.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "store/store_int.h"

const struct db_driver *db_driver_for(const char *uri)
{
    if (strncmp(uri, "postgres://", 11) == 0 || strncmp(uri, "postgresql://", 13) == 0)
        return &db_pg_driver;
    return &db_sqlite_driver;
}

struct store *store_open(const char *uri, char *errbuf, size_t errlen)
{
    const struct db_driver *drv = db_driver_for(uri);
    struct db *db = drv->open(uri, errbuf, errlen);
    if (!db)
        return NULL;
    struct store *s = calloc(1, sizeof(*s));
    if (!s)
        abort();
    s->drv = drv;
    s->db = db;
    return s;
}

void store_destroy(struct store *s)
{
    if (!s)
        return;
    store_pending_free(s);
    s->drv->close(s->db);
    free(s);
}

const char *store_backend(const struct store *s)
{
    return s->drv->name;
}

const char *store_errmsg(const struct store *s)
{
    return s->drv->errmsg(s->db);
}

enum db_errclass store_errclass(const struct store *s)
{
    return s->drv->errclass(s->db);
}

void store_clear_error(struct store *s)
{
    s->drv->clear_err(s->db);
}

int store_begin(struct store *s)
{
    if (s->in_tx) {
        log_warn("store_begin: a transaction is already open (no nesting)");
        return -1;
    }
    if (s->drv->begin(s->db))
        return -1;
    if (s->object_lock && s->drv == &db_pg_driver &&
        EXEC(s, "SELECT pg_advisory_xact_lock(?)", DB_INT(s->object_lock)) < 0) {
        s->drv->rollback(s->db);
        return -1;
    }
    s->in_tx = true;
    return 0;
}

void store_set_object_lock(struct store *s, int64_t key)
{
    s->object_lock = key;
}

bool store_in_tx(const struct store *s)
{
    return s->in_tx;
}

int store_commit(struct store *s)
{
    if (!s->in_tx) {
        log_warn("store_commit: no transaction is open");
        return -1;
    }
    s->in_tx = false;
    if (s->drv->commit(s->db)) {
        s->drv->rollback(s->db);
        return -1;
    }
    return 0;
}

int store_rollback(struct store *s)
{
    store_pending_clear(s);
    if (!s->in_tx)
        return 0;
    s->in_tx = false;
    return s->drv->rollback(s->db);
}

int store_health(struct store *s)
{
    if (store_schema_version(s) <= 0)
        return -1;
    return s->drv->health ? s->drv->health(s->db) : 0;
}

int store_checkpoint(struct store *s)
{
    return s->drv->checkpoint ? s->drv->checkpoint(s->db) : 0;
}

int store_backup(struct store *s, const char *path)
{
    return s->drv->backup(s->db, path);
}

/* ---- migrations ---- */

int store_schema_version(struct store *s)
{
    int64_t v = 0;
    if (INT1(s, &v, "SELECT MAX(version) FROM schema_migrations WHERE version > ?", DB_INT(0)) < 0)
        return 0;
    return (int)v;
}

/* The migrations of a backend in version order (store_int.h). */
int store_migrations_list(const struct embed_file *table, bool pg, struct migration *out,
                          char *errbuf, size_t errlen)
{
    static const char common[] = "/common/";
    const char *dir = pg ? "/pg/" : "/sqlite/";
    int n = 0;
    for (const struct embed_file *f = table; f->path; f++) {
        const char *name;
        if (strncmp(f->path, common, strlen(common)) == 0)
            name = f->path + strlen(common);
        else if (strncmp(f->path, dir, strlen(dir)) == 0)
            name = f->path + strlen(dir);
        else
            continue;
        long v = strtol(name, NULL, 10);
        if (v <= 0) {
            snprintf(errbuf, errlen, "migration %s has no version number", f->path);
            return -1;
        }
        if (n == MIGRATIONS_MAX) {
            snprintf(errbuf, errlen, "more than %d migrations", MIGRATIONS_MAX);
            return -1;
        }
        int i = n++;
        for (; i > 0 && out[i - 1].version > v; i--) /* insertion: the list is short */
            out[i] = out[i - 1];
        out[i].version = v;
        out[i].f = f;
        if ((i > 0 && out[i - 1].version == v) || (i + 1 < n && out[i + 1].version == v)) {
            snprintf(errbuf, errlen, "migration %04ld comes twice (%s and another file)", v,
                     f->path);
            return -1;
        }
    }
    return n;
}

static int current_version(struct store *s, int64_t *cur)
{
    return INT1(s, cur, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE version > ?",
                DB_INT(-1)) < 0
               ? -1
               : 0;
}

/* The key of the PostgreSQL advisory lock held while migrating ("xiaoan"). */
#define MIGRATE_LOCK_KEY INT64_C(0x7869616f616e)

static int migrate_locked(struct store *s, const struct store_migrate_opts *o)
{
    if (s->drv->exec_script(s->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   "version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)"))
        return err("migrate: %s", store_errmsg(s));
    int64_t cur = 0;
    if (current_version(s, &cur))
        return err("migrate: %s", store_errmsg(s));
    struct migration list[MIGRATIONS_MAX];
    char why[200];
    int nmig = store_migrations_list(migrations, s->drv == &db_pg_driver, list, why, sizeof(why));
    if (nmig < 0)
        return err("migrate: %s", why);
    long newest = nmig ? list[nmig - 1].version : 0;
    if (cur > newest)
        return err("the database schema is version %lld, newer than this xiaoan knows (%ld): "
                   "it was upgraded by a newer release; run that release (or restore the "
                   "backup taken before the upgrade)",
                   (long long)cur, newest);
    long target = o && o->to > 0 && o->to < newest ? o->to : newest;
    /* an SQLite file with data is copied before its schema changes:
     * <db>.v<from>-to-v<to>.bak next to it */
    if (cur > 0 && cur < target && o && o->backup_path_base && s->drv != &db_pg_driver) {
        char bak[4200];
        snprintf(bak, sizeof(bak), "%s.v%lld-to-v%ld.bak", o->backup_path_base, (long long)cur,
                 target);
        if (store_backup(s, bak))
            return err("backup before migrating to %s failed: %s", bak, store_errmsg(s));
        log_info("copied the database (schema %lld) to %s before migrating", (long long)cur, bak);
    }
    int applied = 0;
    for (int i = 0; i < nmig; i++) {
        const struct embed_file *f = list[i].f;
        long v = list[i].version;
        if (v <= cur || v > target)
            continue;
        if (store_begin(s))
            return err("migrate: %s", store_errmsg(s));
        /* read again under the write lock: another process may have
         * applied it meanwhile (SQLite; PostgreSQL holds the advisory lock) */
        int64_t now_cur = 0;
        if (current_version(s, &now_cur)) {
            store_rollback(s);
            return err("migrate: %s", store_errmsg(s));
        }
        if (v <= now_cur) {
            store_rollback(s);
            continue;
        }
        if (s->drv->exec_script(s->db, (const char *)f->data) ||
            EXEC(s, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                 DB_INT(v), DB_INT(xa_now_ms())) < 0) {
            char msg[300];
            snprintf(msg, sizeof(msg), "%s", store_errmsg(s));
            store_rollback(s);
            return err("migration %s failed: %s", f->path, msg);
        }
        if (store_commit(s))
            return err("migrate commit: %s", store_errmsg(s));
        log_info("applied migration %s", f->path);
        applied++;
    }
    return applied;
}

int store_migrate_with(struct store *s, const struct store_migrate_opts *o)
{
    /* PostgreSQL: one migrating process at a time, the others wait and then
     * find nothing left to do */
    bool pg = s->drv == &db_pg_driver;
    if (pg && EXEC(s, "SELECT pg_advisory_lock(?)", DB_INT(MIGRATE_LOCK_KEY)) < 0)
        return err("migrate: cannot take the migration lock: %s", store_errmsg(s));
    int rc = migrate_locked(s, o);
    if (pg && EXEC(s, "SELECT pg_advisory_unlock(?)", DB_INT(MIGRATE_LOCK_KEY)) < 0)
        log_warn("migrate: cannot release the migration lock: %s", store_errmsg(s));
    return rc;
}

int store_migrate(struct store *s)
{
    return store_migrate_with(s, NULL);
}

/* ---- query helpers ---- */

int64_t sx_exec(struct store *s, const char *sql, int n, const struct db_val *p)
{
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1)
        ;
    int64_t ch = rc == 0 ? s->drv->changes(st) : -1;
    s->drv->finish(st);
    if (ch > 0 && !s->in_tx && s->drv->sync(s->db))
        return -1;
    return ch;
}

int sx_int(struct store *s, int64_t *out, const char *sql, int n, const struct db_val *p)
{
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1)
        *out = s->drv->col_null(st, 0) ? 0 : s->drv->col_int(st, 0);
    s->drv->finish(st);
    return rc;
}

int sx_text(struct store *s, char *out, size_t len, const char *sql, int n,
            const struct db_val *p)
{
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        const char *v = s->drv->col_text(st, 0);
        snprintf(out, len, "%s", v ? v : "");
    }
    s->drv->finish(st);
    return rc;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && memcmp(s + a - b, suf, b) == 0;
}

json_t *sx_row(struct store *s, struct db_stmt *st)
{
    const struct db_driver *d = s->drv;
    json_t *o = json_object();
    int nc = d->col_count(st);
    for (int i = 0; i < nc; i++) {
        const char *name = d->col_name(st, i);
        char key[64];
        size_t kl = strlen(name);
        if (kl >= sizeof(key))
            kl = sizeof(key) - 1;
        memcpy(key, name, kl);
        key[kl] = '\0';
        /* the column's kind, declared by its alias (store.h) */
        char kind = 0;
        if (kl && (key[kl - 1] == '?' || key[kl - 1] == '@')) {
            kind = key[--kl];
            key[kl] = '\0';
        } else if (kl > 5 && ends_with(key, "_json")) {
            kind = 'j';
            kl -= 5;
            key[kl] = '\0';
        }
        enum db_type t = d->col_null(st, i) ? DB_T_NULL : d->col_type(st, i);
        json_t *v;
        if (kind == '?') {
            v = json_boolean(t != DB_T_NULL && d->col_int(st, i) != 0);
        } else if (t == DB_T_NULL) {
            v = json_null();
        } else if (kind == 'j') {
            const char *txt = d->col_text(st, i);
            v = txt ? json_loads(txt, JSON_DECODE_ANY, NULL) : NULL;
            if (!v)
                v = json_null();
        } else if (kind == '@') {
            char buf[40];
            xa_time_format(d->col_int(st, i), buf, sizeof(buf));
            v = json_string(buf);
        } else if (t == DB_T_INT) {
            v = json_integer(d->col_int(st, i));
        } else if (t == DB_T_DOUBLE) {
            v = json_real(d->col_double(st, i));
        } else if (t == DB_T_BLOB) {
            v = json_null();
        } else {
            const char *txt = d->col_text(st, i);
            v = json_string(txt ? txt : "");
            if (!v) /* not valid UTF-8 */
                v = json_string("");
        }
        json_object_set_new(o, key, v);
    }
    return o;
}

json_t *sx_object(struct store *s, const char *sql, int n, const struct db_val *p)
{
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return NULL;
    json_t *o = NULL;
    if (s->drv->step(st) == 1)
        o = sx_row(s, st);
    s->drv->finish(st);
    return o;
}

json_t *sx_array(struct store *s, const char *sql, int n, const struct db_val *p)
{
    struct db_stmt *st = s->drv->query(s->db, sql, n, p);
    if (!st)
        return NULL;
    json_t *a = json_array();
    int rc;
    while ((rc = s->drv->step(st)) == 1)
        json_array_append_new(a, sx_row(s, st));
    s->drv->finish(st);
    if (rc < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

json_t *store_page_json(json_t *items, int64_t total, const struct page *pg)
{
    return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                     (json_int_t)pg->page, "per_page", (json_int_t)pg->per_page);
}

/* ---- scopes ---- */

static bool path_under(const char *path, const char *root)
{
    return strncmp(path, root, strlen(root)) == 0;
}

bool scope_contains(const struct scope *sc, const char *path)
{
    for (int i = 0; i < sc->n; i++)
        if (path_under(path, sc->path[i]))
            return true;
    return false;
}

int scope_add(struct scope *sc, const char *path)
{
    if (scope_contains(sc, path))
        return 0;
    if (strlen(path) >= sizeof(sc->path[0]))
        return -1;
    int j = 0;
    for (int i = 0; i < sc->n; i++)
        if (!path_under(sc->path[i], path))
            memmove(sc->path[j++], sc->path[i], sizeof(sc->path[0]));
    sc->n = j;
    if (sc->n == XA_SCOPE_MAX)
        return -1;
    snprintf(sc->path[sc->n++], sizeof(sc->path[0]), "%s", path);
    return 0;
}

void path_range(const char *path, char *lo, char *hi, size_t len)
{
    snprintf(lo, len, "%s", path);
    snprintf(hi, len, "%s", path);
    size_t n = strlen(hi);
    if (n && hi[n - 1] == '/')
        hi[n - 1] = '0';
}

void scope_bind_init(struct scope_bind *b, const struct scope *sc)
{
    for (int i = 0; i < XA_SCOPE_MAX; i++) {
        if (i < sc->n) {
            path_range(sc->path[i], b->lo[i], b->hi[i], sizeof(b->lo[i]));
        } else { /* an empty range */
            snprintf(b->lo[i], sizeof(b->lo[i]), "~");
            snprintf(b->hi[i], sizeof(b->hi[i]), "~");
        }
    }
}

/* ---- settings ---- */

int store_setting_get(struct store *s, const char *key, char *buf, size_t len)
{
    struct db_stmt *st = Q(s, "SELECT value FROM settings WHERE key = ?", DB_TEXT(key));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1)
        snprintf(buf, len, "%s", s->drv->col_text(st, 0));
    s->drv->finish(st);
    return rc;
}

int store_setting_set(struct store *s, const char *key, const char *value)
{
    return EXEC(s,
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                DB_TEXT(key), DB_TEXT(value)) < 0
               ? -1
               : 0;
}

void sx_like(const char *q, char *out, size_t n)
{
    size_t k = 0;
    if (n < 3) {
        if (n)
            out[0] = '\0';
        return;
    }
    out[k++] = '%';
    for (; q && *q && k + 3 < n; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            out[k++] = '\\';
        out[k++] = *q;
    }
    out[k++] = '%';
    out[k] = '\0';
}

json_t *sx_fill_each(struct store *s, json_t *items, json_t *(*fill)(struct store *, json_t *))
{
    if (!items)
        return NULL;
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        json_incref(o); /* fill drops its argument on error */
        if (!fill(s, o)) {
            json_decref(items);
            return NULL;
        }
        json_decref(o);
    }
    return items;
}
