/*
 * store_int.h - helpers shared by the store's own files. Not for outside
 * src/store/.
 */
#ifndef XA_STORE_INT_H
#define XA_STORE_INT_H

#include "store/store.h"

#define PARAMS(...) ((const struct db_val[]){__VA_ARGS__})
#define NPARAMS(...) ((int)(sizeof(PARAMS(__VA_ARGS__)) / sizeof(struct db_val)))
/* Q(s, sql, params...) runs a query and returns a statement or NULL. */
#define Q(s, sql, ...) (s)->drv->query((s)->db, sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))
#define Q0(s, sql) (s)->drv->query((s)->db, sql, 0, NULL)

/* Runs to completion; returns rows changed or -1. */
int64_t sx_exec(struct store *s, const char *sql, int n, const struct db_val *p);
/* A LIKE pattern "%q%" matching q literally (%, _ and \ escaped); the
 * statement says LIKE ? ESCAPE '\'. */
void sx_like(const char *q, char *out, size_t n);
/* Runs fill on every object of items (each gets its related rows added in
 * place); items, or NULL with items freed when a fill fails (or items was
 * NULL). fill returns its argument, or NULL after dropping it. */
json_t *sx_fill_each(struct store *s, json_t *items, json_t *(*fill)(struct store *, json_t *));
#define EXEC(s, sql, ...) sx_exec(s, sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))
/* First column of the first row as integer: 1 found, 0 no row, -1 error. */
int sx_int(struct store *s, int64_t *out, const char *sql, int n, const struct db_val *p);
#define INT1(s, out, sql, ...) sx_int(s, out, sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))
/* First column of the first row as text into out (len bytes): 1 found, 0 no
 * row, -1 error. A NULL value reads as "". */
int sx_text(struct store *s, char *out, size_t len, const char *sql, int n,
            const struct db_val *p);
#define TEXT1(s, out, len, sql, ...)                                                               \
    sx_text(s, out, len, sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))
/* First row as an object; NULL if none (check errclass) or error. */
json_t *sx_object(struct store *s, const char *sql, int n, const struct db_val *p);
#define OBJ1(s, sql, ...) sx_object(s, sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))
/* All rows as an array; NULL on error. */
json_t *sx_array(struct store *s, const char *sql, int n, const struct db_val *p);
#define ARR(s, sql, ...) sx_array(s, sql, NPARAMS(__VA_ARGS__), PARAMS(__VA_ARGS__))
/* The current row of st as an object. */
json_t *sx_row(struct store *s, struct db_stmt *st);

/* Subtree filter: binds the scope as four [lo, hi) ranges on one column.
 * SCOPE_SQL(col) has 8 placeholders; SCOPE_PARAMS(b) supplies them. */
#define SCOPE_SQL(col)                                                                             \
    "((" col " >= ? AND " col " < ?) OR (" col " >= ? AND " col " < ?) OR (" col " >= ? AND " col  \
    " < ?) OR (" col " >= ? AND " col " < ?))"
struct scope_bind {
    char lo[XA_SCOPE_MAX][96], hi[XA_SCOPE_MAX][96];
};
void scope_bind_init(struct scope_bind *b, const struct scope *sc);
#define SCOPE_PARAMS(b)                                                                            \
    DB_TEXT((b).lo[0]), DB_TEXT((b).hi[0]), DB_TEXT((b).lo[1]), DB_TEXT((b).hi[1]),                \
        DB_TEXT((b).lo[2]), DB_TEXT((b).hi[2]), DB_TEXT((b).lo[3]), DB_TEXT((b).hi[3])
/* One subtree as a range: hi is path with its last '/' turned into '0'. */
void path_range(const char *path, char *lo, char *hi, size_t len);

/* Hands an after-image v to the caller through out (when out is not NULL,
 * else drops it); 0. */
static inline int sx_give(json_t *v, json_t **out)
{
    if (out)
        *out = v;
    else
        json_decref(v);
    return 0;
}
/* sx_give, but -1 when v is NULL (its read failed). */
static inline int sx_hand(json_t *v, json_t **out)
{
    sx_give(v, out);
    return v ? 0 : -1;
}

/* change.c: the open change's pending audit rows and touched caches */
void store_pending_clear(struct store *s);
void store_pending_free(struct store *s);
/* audit.c: v as the audit stores it (NULL for NULL); malloc'd */
char *audit_dump(const json_t *v);
/* Appends one row whose before/after are already serialised (NULL: none). */
int audit_append_text(struct store *s, const struct audit_in *in, const char *before,
                      const char *after);

/*
 * store.c: the migrations of a backend in table (the embedded
 * `migrations`), in version order. Each version is one file:
 * src/store/migrations/common/NNNN_x.sql when its SQL is the same for both
 * backends, else a pair sqlite/NNNN_x.sql and pg/NNNN_x.sql. Fills out
 * (MIGRATIONS_MAX entries) and returns the count, or -1 with a message in
 * errbuf (a version in common/ and in the backend's folder too, a file
 * without a version number).
 */
#define MIGRATIONS_MAX 512
struct embed_file;
struct migration {
    long version;
    const struct embed_file *f;
};
int store_migrations_list(const struct embed_file *table, bool pg, struct migration *out,
                          char *errbuf, size_t errlen);

#endif
