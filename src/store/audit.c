/*
 * audit.c - the append-only, hash-chained audit log.
 *
 * Each row's hash is SHA-256 over the previous row's hash and this row's
 * content, so editing or back-dating a row breaks the chain from there on.
 * The chain head lives in audit_head; updating it first in the transaction
 * serialises concurrent appenders on both backends (row lock in PostgreSQL,
 * the write lock in SQLite).
 */
#include "core/compat.h"
#include "store/store_int.h"
#include <sodium.h>

static char *dump(json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
}

static void chain_hash(const char *prev, int64_t at, int64_t user_id, const char *action,
                       const char *entity, int64_t entity_id, const char *org_path,
                       const char *before, const char *after, const char *note, char out[65])
{
    crypto_hash_sha256_state st;
    char num[96];
    crypto_hash_sha256_init(&st);
    const char *parts[] = {prev, action, entity, org_path, before ? before : "",
                           after ? after : "", note ? note : ""};
    snprintf(num, sizeof(num), "%lld|%lld|%lld|", (long long)at, (long long)user_id,
             (long long)entity_id);
    crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num));
    for (size_t i = 0; i < XA_ARRAY_LEN(parts); i++) {
        crypto_hash_sha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof(h));
}

int store_audit_append(struct store *s, const struct audit_in *in)
{
    char prev[80] = "";
    struct db_stmt *st =
        Q(s, "UPDATE audit_head SET last_hash = last_hash WHERE id = ? RETURNING last_hash",
          DB_INT(1));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1)
        snprintf(prev, sizeof(prev), "%s", s->drv->col_text(st, 0));
    s->drv->finish(st);
    if (rc != 1)
        return -1;
    char *before = dump(in->before), *after = dump(in->after);
    char hash[65];
    const char *note = in->note ? in->note : "";
    chain_hash(prev, in->at, in->user_id, in->action, in->entity, in->entity_id, in->org_path,
               before, after, note, hash);
    int res = 0;
    if (EXEC(s,
             "INSERT INTO audit (at, user_id, username, action, entity, entity_id, org_id, "
             "org_path, before_json, after_json, note, prev_hash, hash) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             DB_INT(in->at), DB_ID(in->user_id), DB_TEXT(in->username ? in->username : ""),
             DB_TEXT(in->action), DB_TEXT(in->entity), DB_INT(in->entity_id), DB_ID(in->org_id),
             DB_TEXT(in->org_path), DB_TEXT(before), DB_TEXT(after), DB_TEXT(note), DB_TEXT(prev),
             DB_TEXT(hash)) < 0 ||
        EXEC(s, "UPDATE audit_head SET last_hash = ? WHERE id = 1", DB_TEXT(hash)) < 0)
        res = -1;
    free(before);
    free(after);
    return res;
}

json_t *store_audit_list(struct store *s, const struct scope *sc, const char *entity,
                         int64_t entity_id, int64_t user_id, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
#define AUDIT_WHERE                                                                                \
    " FROM audit a WHERE " SCOPE_SQL("a.org_path") " AND (? = '' OR a.entity = ?) "                \
                                                   "AND (? = 0 OR a.entity_id = ?) AND (? = 0 OR a.user_id = ?)"
#define AUDIT_PARAMS                                                                               \
    SCOPE_PARAMS(b), DB_TEXT(entity ? entity : ""), DB_TEXT(entity ? entity : ""),                 \
        DB_INT(entity_id), DB_INT(entity_id), DB_INT(user_id), DB_INT(user_id)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" AUDIT_WHERE, AUDIT_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s,
                        "SELECT a.id, a.at, a.user_id, a.username, a.action, a.entity, "
                        "a.entity_id, a.org_id, a.before_json, a.after_json, a.note, a.hash"
                        AUDIT_WHERE " ORDER BY a.id DESC LIMIT ? OFFSET ?",
                        AUDIT_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef AUDIT_WHERE
#undef AUDIT_PARAMS
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

int64_t store_audit_verify(struct store *s)
{
    struct db_stmt *st = Q(s,
                           "SELECT id, at, user_id, action, entity, entity_id, org_path, "
                           "before_json, after_json, note, prev_hash, hash FROM audit "
                           "WHERE id > ? ORDER BY id",
                           DB_INT(0));
    if (!st)
        return -1;
    char prev[80] = "0000000000000000000000000000000000000000000000000000000000000000";
    int64_t bad = 0;
    const struct db_driver *d = s->drv;
    while (!bad && d->step(st) == 1) {
        char h[65];
        chain_hash(prev, d->col_int(st, 1), d->col_null(st, 2) ? 0 : d->col_int(st, 2),
                   d->col_text(st, 3), d->col_text(st, 4), d->col_int(st, 5), d->col_text(st, 6),
                   d->col_text(st, 7), d->col_text(st, 8), d->col_text(st, 9), h);
        if (strcmp(prev, d->col_text(st, 10)) != 0 || strcmp(h, d->col_text(st, 11)) != 0)
            bad = d->col_int(st, 0);
        snprintf(prev, sizeof(prev), "%s", d->col_text(st, 11));
    }
    d->finish(st);
    return bad;
}
