/*
 * bulk.c - batched multi-row INSERTs for loading large data sets.
 *
 * PostgreSQL gets multi-row statements (fewer round trips); SQLite a
 * cached one-row statement. The drivers cache prepared statements by the address of their SQL text, so
 * the generated INSERT texts are interned here for the life of the process:
 * the same (table, columns, rows) always yields the same string.
 */
#include "core/compat.h"
#include "core/strbuf.h"
#include "domain/orgtree.h"
#include "store/store_bulk.h"
#include "domain/hazard.h"
#include "store/store_int.h"
#define CATEGORY_KEY_MAX 40
#include <pthread.h>

#define BULK_MAX_PARAMS 30000
#define BULK_MAX_ROWS 256

struct interned {
    struct interned *next;
    char *key;
    char *sql;
};
static struct interned *interned_sql;
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *insert_sql(const char *table, const char *cols, int ncols, int rows)
{
    char key[512];
    snprintf(key, sizeof(key), "%s|%s|%d", table, cols, rows);
    pthread_mutex_lock(&intern_lock);
    for (struct interned *i = interned_sql; i; i = i->next) {
        if (strcmp(i->key, key) == 0) {
            pthread_mutex_unlock(&intern_lock);
            return i->sql;
        }
    }
    struct strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_addf(&sb, "INSERT INTO %s (%s) VALUES ", table, cols);
    for (int r = 0; r < rows; r++) {
        strbuf_adds(&sb, r ? ",(" : "(");
        for (int c = 0; c < ncols; c++)
            strbuf_adds(&sb, c ? ",?" : "?");
        strbuf_adds(&sb, ")");
    }
    struct interned *n = calloc(1, sizeof(*n));
    if (!n)
        abort();
    n->key = strdup(key);
    n->sql = strbuf_detach(&sb, NULL);
    if (!n->key || !n->sql)
        abort();
    n->next = interned_sql;
    interned_sql = n;
    pthread_mutex_unlock(&intern_lock);
    return n->sql;
}

struct bulk {
    struct store *s;
    const char *table, *cols;
    int ncols, batch, nrows;
    int64_t sent;
    struct db_val *vals;   /* batch * ncols */
    size_t *text_off;      /* offsets into text for TEXT/BLOB values */
    struct strbuf text;    /* copies of text and blob bytes of this batch */
};

struct bulk *bulk_open(struct store *s, const char *table, const char *cols, int ncols)
{
    if (ncols <= 0 || ncols > BULK_MAX_PARAMS)
        return NULL;
    struct bulk *b = calloc(1, sizeof(*b));
    if (!b)
        abort();
    b->s = s;
    b->table = table;
    b->cols = cols;
    b->ncols = ncols;
    b->batch = BULK_MAX_PARAMS / ncols;
    if (b->batch > BULK_MAX_ROWS)
        b->batch = BULK_MAX_ROWS;
    /* SQLite runs a cached one-row INSERT fastest (no round trips to save;
     * big multi-row statements cost more to compile than they win) */
    if (strcmp(store_backend(s), "sqlite") == 0)
        b->batch = 1;
    b->vals = calloc((size_t)b->batch * (size_t)ncols, sizeof(*b->vals));
    b->text_off = calloc((size_t)b->batch * (size_t)ncols, sizeof(*b->text_off));
    if (!b->vals || !b->text_off)
        abort();
    strbuf_init(&b->text, 4096);
    return b;
}

static int send_rows(struct bulk *b, int first, int rows)
{
    const char *sql = insert_sql(b->table, b->cols, b->ncols, rows);
    struct db_val *v = b->vals + (size_t)first * (size_t)b->ncols;
    int64_t ch = sx_exec(b->s, sql, rows * b->ncols, v);
    return ch == rows ? 0 : -1;
}

int bulk_flush(struct bulk *b)
{
    if (b->nrows == 0)
        return 0;
    /* text pointers are fixed up now: the buffer may have moved while growing */
    size_t nv = (size_t)b->nrows * (size_t)b->ncols;
    for (size_t i = 0; i < nv; i++)
        if (b->vals[i].type == DB_T_TEXT || b->vals[i].type == DB_T_BLOB)
            b->vals[i].s = b->text.buf + b->text_off[i];
    int rc = 0;
    if (b->nrows == b->batch)
        rc = send_rows(b, 0, b->nrows);
    else
        for (int r = 0; r < b->nrows && rc == 0; r++)
            rc = send_rows(b, r, 1);
    if (rc == 0)
        b->sent += b->nrows;
    b->nrows = 0;
    strbuf_reset(&b->text);
    return rc;
}

int bulk_row(struct bulk *b, const struct db_val *vals)
{
    size_t base = (size_t)b->nrows * (size_t)b->ncols;
    for (int c = 0; c < b->ncols; c++) {
        struct db_val v = vals[c];
        if (v.type == DB_T_TEXT || v.type == DB_T_BLOB) {
            size_t len = v.type == DB_T_TEXT ? strlen(v.s) : v.len;
            b->text_off[base + (size_t)c] = b->text.len;
            strbuf_add(&b->text, v.s, len);
            strbuf_add(&b->text, "", 1); /* NUL for text */
            v.len = len;
            v.s = NULL;
        }
        b->vals[base + (size_t)c] = v;
    }
    if (++b->nrows == b->batch)
        return bulk_flush(b);
    return 0;
}

int bulk_close(struct bulk *b)
{
    if (!b)
        return 0;
    int rc = bulk_flush(b);
    free(b->vals);
    free(b->text_off);
    strbuf_release(&b->text);
    free(b);
    return rc;
}

int64_t bulk_rows(const struct bulk *b)
{
    return b->sent + b->nrows;
}

int store_bulk_fix_ids(struct store *s, const char *table)
{
    if (strcmp(store_backend(s), "postgres") != 0)
        return 0;
    /* the table name is one of the loader's constants; setval takes it as a
     * bound parameter */
    int64_t v = 0;
    static const char *const sql[] = {
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM orgs), 1))",
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM users), 1))",
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM user_roles), 1))",
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM risk_points), 1))",
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM hazards), 1))",
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM patrol_records), 1))",
    };
    static const char *const tables[] = {"orgs", "users", "user_roles", "risk_points", "hazards",
                                         "patrol_records"};
    for (size_t i = 0; i < XA_ARRAY_LEN(tables); i++)
        if (strcmp(tables[i], table) == 0)
            return INT1(s, &v, sql[i], DB_TEXT(table)) == 1 ? 0 : -1;
    return -1;
}

/* Index names and definitions come from the database's own catalog; DDL
 * cannot bind identifiers, so these statements are run as scripts. */
int store_bulk_indexes_drop(struct store *s, const char *table, struct bulk_indexes *ix)
{
    memset(ix, 0, sizeof(*ix));
    bool pg = strcmp(store_backend(s), "postgres") == 0;
    struct db_stmt *st =
        pg ? Q(s,
               "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ? "
               "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM "
               "pg_constraint c WHERE c.conname = i.indexname)",
               DB_TEXT(table))
           : Q(s,
               "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
               "AND sql IS NOT NULL",
               DB_TEXT(table));
    if (!st)
        return -1;
    int rc;
    while ((rc = s->drv->step(st)) == 1 && ix->n < 16) {
        ix->name[ix->n] = strdup(s->drv->col_text(st, 0));
        ix->sql[ix->n] = strdup(s->drv->col_text(st, 1));
        if (!ix->name[ix->n] || !ix->sql[ix->n])
            abort();
        ix->n++;
    }
    s->drv->finish(st);
    if (rc < 0)
        return -1;
    for (int i = 0; i < ix->n; i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), "DROP INDEX \"%s\"", ix->name[i]);
        if (s->drv->exec_script(s->db, sql))
            return -1;
    }
    return 0;
}

int store_bulk_indexes_restore(struct store *s, struct bulk_indexes *ix)
{
    int rc = 0;
    for (int i = 0; i < ix->n; i++) {
        if (rc == 0 && s->drv->exec_script(s->db, ix->sql[i]))
            rc = -1;
        free(ix->name[i]);
        free(ix->sql[i]);
    }
    ix->n = 0;
    return rc;
}

int store_bulk_tune(struct store *s)
{
    if (strcmp(store_backend(s), "sqlite") != 0)
        return 0;
    return s->drv->exec_script(s->db, "PRAGMA cache_size=-524288");
}

int store_bulk_analyze(struct store *s)
{
    /* on PostgreSQL also VACUUM: a freshly loaded table has no visibility
     * map, so index-only scans would visit the heap for every row until
     * autovacuum gets to it */
    bool pg = strcmp(s->drv->name, "postgres") == 0;
    return s->drv->exec_script(s->db, pg ? "VACUUM (ANALYZE)" : "ANALYZE");
}

/* ---- hazard statistics rebuilt from the rows (after a bulk load) ----
 * The buckets are those of store/hazard.c (buckets_of): total, status:*,
 * grade:*, category:*, open, overdue, supervised, escalated, rebound,
 * escalated_here. The
 * rows are grouped per school in SQL, then added up the tree here. */

struct stat_ent {
    int64_t org;
    char bucket[48];
    int64_t n;
};
struct stat_map {
    struct stat_ent *e;
    size_t cap, len;
};

static uint64_t stat_hash(int64_t org, const char *b)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)org;
    for (; *b; b++)
        h = (h ^ (unsigned char)*b) * 1099511628211ULL;
    return h;
}

static void stat_add(struct stat_map *m, int64_t org, const char *bucket, int64_t n)
{
    if (n == 0)
        return;
    if ((m->len + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 4096;
        struct stat_ent *ne = calloc(ncap, sizeof(*ne));
        if (!ne)
            abort();
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->e[i].org)
                continue;
            size_t k = stat_hash(m->e[i].org, m->e[i].bucket) & (ncap - 1);
            while (ne[k].org)
                k = (k + 1) & (ncap - 1);
            ne[k] = m->e[i];
        }
        free(m->e);
        m->e = ne;
        m->cap = ncap;
    }
    size_t k = stat_hash(org, bucket) & (m->cap - 1);
    while (m->e[k].org && (m->e[k].org != org || strcmp(m->e[k].bucket, bucket) != 0))
        k = (k + 1) & (m->cap - 1);
    if (!m->e[k].org) {
        m->e[k].org = org;
        snprintf(m->e[k].bucket, sizeof(m->e[k].bucket), "%.47s", bucket);
        m->len++;
    }
    m->e[k].n += n;
}

/* Per-school tallies of the first pass: fixed buckets by index. */
#define SB_FIXED 9 /* total, open, overdue, supervised, escalated, rebound, and issue 12's */
#define SB_STATE HAZARD_STATE_COUNT
#define SB_GRADE 2
#define SB_CATS 64
#define SB_N (SB_FIXED + SB_STATE + SB_GRADE + SB_CATS)
static const char *const sb_fixed[SB_FIXED] = {"total",     "open",    "overdue",
                                               "supervised", "escalated", "rebound",
                                               "assign_overdue", "major_open", "forwarded"};
#define SB_STATE_NAME_(e, name) [e] = #name
static const char *const sb_state[SB_STATE] = {HAZARD_STATES(SB_STATE_NAME_, XA_COMMA_)};
#define SB_OPEN(si) ((si) >= 0 && hazard_state_is_open((enum hazard_state)(si)))
static const char *const sb_grade[SB_GRADE] = {"general", "major"};

struct school_tally {
    int64_t org;
    char path[96];
    int64_t n[SB_N];
};

static int name_index(const char *const *names, int n, const char *v)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return i;
    return -1;
}

int store_hazard_stats_rebuild(struct store *s)
{
    /* pass 1: one streaming scan, tallied per school in memory */
    size_t cap = 1024, len = 0;
    struct school_tally *t = calloc(cap, sizeof(*t));
    size_t hcap = 4096;
    int32_t *slot = malloc(hcap * sizeof(*slot));
    char cats[SB_CATS][CATEGORY_KEY_MAX];
    int ncats = 0;
    if (!t || !slot)
        abort();
    memset(slot, 0xff, hcap * sizeof(*slot));
    struct db_stmt *st = Q0(s, "SELECT org_id, org_path, state, grade, category, overdue, "
                               "supervised, escalation_level, rebounds, escalated_org_id, "
                               "forward_concluded_at FROM hazards WHERE deleted_at IS NULL");
    if (!st) {
        free(t);
        free(slot);
        return -1;
    }
    /* pass 1 also counts "escalated_here" (open hazards escalated to an
     * org, on that org only) straight into the map */
    struct stat_map m = {0};
    int rc;
    while ((rc = s->drv->step(st)) == 1) {
        int64_t org = s->drv->col_int(st, 0);
        size_t k = ((uint64_t)org * 11400714819323198485ULL >> 20) & (hcap - 1);
        while (slot[k] >= 0 && t[slot[k]].org != org)
            k = (k + 1) & (hcap - 1);
        if (slot[k] < 0) {
            if (len == cap) {
                cap *= 2;
                t = realloc(t, cap * sizeof(*t));
                if (!t)
                    abort();
            }
            memset(&t[len], 0, sizeof(t[len]));
            t[len].org = org;
            snprintf(t[len].path, sizeof(t[len].path), "%s", s->drv->col_text(st, 1));
            slot[k] = (int32_t)len++;
            if (len * 2 > hcap) { /* grow and rehash */
                hcap *= 2;
                slot = realloc(slot, hcap * sizeof(*slot));
                if (!slot)
                    abort();
                memset(slot, 0xff, hcap * sizeof(*slot));
                for (size_t i = 0; i < len; i++) {
                    size_t j = ((uint64_t)t[i].org * 11400714819323198485ULL >> 20) & (hcap - 1);
                    while (slot[j] >= 0)
                        j = (j + 1) & (hcap - 1);
                    slot[j] = (int32_t)i;
                }
            }
        }
        struct school_tally *x = NULL;
        k = ((uint64_t)org * 11400714819323198485ULL >> 20) & (hcap - 1);
        while (t[slot[k]].org != org)
            k = (k + 1) & (hcap - 1);
        x = &t[slot[k]];
        const char *state = s->drv->col_text(st, 2), *grade = s->drv->col_text(st, 3);
        const char *cat = s->drv->col_text(st, 4);
        int si = name_index(sb_state, SB_STATE, state ? state : "");
        int gi = name_index(sb_grade, SB_GRADE, grade ? grade : "");
        int ci = -1;
        for (int i = 0; i < ncats && cat; i++)
            if (strcmp(cats[i], cat) == 0)
                ci = i;
        if (ci < 0 && cat && ncats < SB_CATS) {
            snprintf(cats[ncats], sizeof(cats[ncats]), "%s", cat);
            ci = ncats++;
        }
        x->n[0]++;
        if (SB_OPEN(si)) {
            x->n[1]++;
            if (!s->drv->col_null(st, 9))
                stat_add(&m, s->drv->col_int(st, 9), "escalated_here", 1);
        }
        x->n[2] += s->drv->col_int(st, 5) ? 1 : 0;
        x->n[3] += s->drv->col_int(st, 6) ? 1 : 0;
        x->n[4] += s->drv->col_int(st, 7) > 0 ? 1 : 0;
        x->n[5] += s->drv->col_int(st, 8);
        /* as buckets_of (store/hazard.c): 待交办超时, open majors, 已移交/跟踪中 */
        x->n[6] += si == HAZARD_REPORTED && s->drv->col_int(st, 5) ? 1 : 0;
        x->n[7] += gi == HAZARD_GRADE_MAJOR && SB_OPEN(si) ? 1 : 0;
        x->n[8] += si == HAZARD_FORWARDED && s->drv->col_null(st, 10) ? 1 : 0;
        if (si >= 0)
            x->n[SB_FIXED + si]++;
        if (gi >= 0)
            x->n[SB_FIXED + SB_STATE + gi]++;
        if (ci >= 0)
            x->n[SB_FIXED + SB_STATE + SB_GRADE + ci]++;
    }
    s->drv->finish(st);
    free(slot);
    if (rc < 0) {
        free(t);
        free(m.e);
        return -1;
    }
    /* pass 2: every school's tallies added to each org on its path */
    for (size_t i = 0; i < len; i++) {
        char names[SB_N][CATEGORY_KEY_MAX + 16];
        for (int b = 0; b < SB_N; b++) {
            if (b < SB_FIXED)
                snprintf(names[b], sizeof(names[b]), "%s", sb_fixed[b]);
            else if (b < SB_FIXED + SB_STATE)
                snprintf(names[b], sizeof(names[b]), "status:%s", sb_state[b - SB_FIXED]);
            else if (b < SB_FIXED + SB_STATE + SB_GRADE)
                snprintf(names[b], sizeof(names[b]), "grade:%s",
                         sb_grade[b - SB_FIXED - SB_STATE]);
            else if (b - SB_FIXED - SB_STATE - SB_GRADE < ncats)
                snprintf(names[b], sizeof(names[b]), "category:%s",
                         cats[b - SB_FIXED - SB_STATE - SB_GRADE]);
            else
                names[b][0] = '\0';
        }
        int64_t ids[16];
        int nids = orgtree_path_ids(t[i].path, ids, 16);
        for (int k = 0; k < nids; k++)
            for (int b = 0; b < SB_N; b++)
                if (t[i].n[b] && names[b][0])
                    stat_add(&m, ids[k], names[b], t[i].n[b]);
    }
    free(t);
    rc = store_begin(s);
    if (rc == 0 && (sx_exec(s, "DELETE FROM hazard_stats_delta", 0, NULL) < 0 ||
                    sx_exec(s, "DELETE FROM hazard_stats", 0, NULL) < 0))
        rc = -1;
    struct bulk *b = rc == 0 ? bulk_open(s, "hazard_stats", "org_id, bucket, n", 3) : NULL;
    for (size_t i = 0; b && rc == 0 && i < m.cap; i++) {
        if (!m.e[i].org || m.e[i].n == 0)
            continue;
        struct db_val v[] = {DB_INT(m.e[i].org), DB_TEXT(m.e[i].bucket), DB_INT(m.e[i].n)};
        rc = bulk_row(b, v);
    }
    if (bulk_close(b) || !b)
        rc = -1;
    free(m.e);
    if (rc == 0)
        return store_commit(s);
    store_rollback(s);
    return -1;
}
