/*
 * audit.c - the append-only, hash-chained audit log.
 *
 * Each row's hash is SHA-256 over the previous row's hash and every column
 * of the row, so editing or back-dating a row breaks the chain from there
 * on. The chain head (the newest row's id and hash) lives in audit_head;
 * updating it first in the transaction serialises concurrent appenders on
 * both backends (row lock in PostgreSQL, the write lock in SQLite), and
 * verifying against it detects the newest rows deleted. A signed checkpoint
 * of the head kept outside the database (audit_cmd.c) detects a rewritten
 * head too.
 *
 * Rows up to audit_head.v1_upto were chained before the hash covered
 * username and org_id (migration 0019 marks the id); they are verified with
 * that first rule, every later row with the full one.
 */
#include "core/compat.h"
#include "store/store_int.h"
#include <sodium.h>

char *audit_dump(const json_t *v)
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

/* The full rule: every column, each prefixed by its length so no two rows
 * hash the same input. */
static void chain_hash2(const char *prev, int64_t at, int64_t user_id, const char *username,
                        const char *action, const char *entity, int64_t entity_id,
                        int64_t org_id, const char *org_path, const char *before,
                        const char *after, const char *note, char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    char num[128];
    snprintf(num, sizeof(num), "v2|%lld|%lld|%lld|%lld|", (long long)at, (long long)user_id,
             (long long)entity_id, (long long)org_id);
    crypto_hash_sha256_update(&st, (const unsigned char *)num, strlen(num));
    const char *parts[] = {prev,     username ? username : "", action, entity, org_path,
                           before ? before : "\x01", after ? after : "\x01", note ? note : ""};
    for (size_t i = 0; i < XA_ARRAY_LEN(parts); i++) {
        char len[24];
        snprintf(len, sizeof(len), "%zu:", strlen(parts[i]));
        crypto_hash_sha256_update(&st, (const unsigned char *)len, strlen(len));
        crypto_hash_sha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]));
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof(h));
}

int store_audit_append(struct store *s, const struct audit_in *in)
{
    char *before = audit_dump(in->before), *after = audit_dump(in->after);
    int rc = audit_append_text(s, in, before, after);
    free(before);
    free(after);
    return rc;
}

int audit_append_text(struct store *s, const struct audit_in *in, const char *before,
                      const char *after)
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
    char hash[65];
    const char *note = in->note ? in->note : "";
    const char *username = in->username ? in->username : "";
    chain_hash2(prev, in->at, in->user_id, username, in->action, in->entity, in->entity_id,
                in->org_id, in->org_path, before, after, note, hash);
    int res = 0;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO audit (at, user_id, username, action, entity, entity_id, org_id, "
             "org_path, before_json, after_json, note, prev_hash, hash) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->at), DB_ID(in->user_id), DB_TEXT(username), DB_TEXT(in->action),
             DB_TEXT(in->entity), DB_INT(in->entity_id), DB_ID(in->org_id), DB_TEXT(in->org_path),
             DB_TEXT(before), DB_TEXT(after), DB_TEXT(note), DB_TEXT(prev), DB_TEXT(hash)) != 1 ||
        EXEC(s, "UPDATE audit_head SET last_hash = ?, head_id = ? WHERE id = 1", DB_TEXT(hash),
             DB_INT(id)) < 0)
        res = -1;
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
                        "SELECT a.id, a.at AS \"at@\", a.user_id, a.username, a.action, a.entity, "
                        "a.entity_id, a.org_id, a.org_path, a.before_json, a.after_json, a.note, "
                        "a.hash"
                        AUDIT_WHERE " ORDER BY a.id DESC LIMIT ? OFFSET ?",
                        AUDIT_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef AUDIT_WHERE
#undef AUDIT_PARAMS
    if (!items)
        return NULL;
    return store_page_json(items, total, pg);
}

int store_audit_head(struct store *s, int64_t *head_id, char *hash, size_t len)
{
    struct db_stmt *st = Q(s, "SELECT head_id, last_hash, v1_upto FROM audit_head WHERE id = ?",
                           DB_INT(1));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *head_id = s->drv->col_int(st, 0);
        snprintf(hash, len, "%s", s->drv->col_text(st, 1));
    }
    s->drv->finish(st);
    return rc == 1 ? 0 : -1;
}

int store_audit_row_hash(struct store *s, int64_t id, char *hash, size_t len)
{
    return TEXT1(s, hash, len, "SELECT hash FROM audit WHERE id = ?", DB_INT(id));
}

int64_t store_audit_verify(struct store *s)
{
    int64_t head_id = 0, v1_upto = 0;
    char head_hash[80] = "";
    struct db_stmt *hs = Q(s, "SELECT head_id, last_hash, v1_upto FROM audit_head WHERE id = ?",
                           DB_INT(1));
    if (!hs)
        return -1;
    if (s->drv->step(hs) == 1) {
        head_id = s->drv->col_int(hs, 0);
        snprintf(head_hash, sizeof(head_hash), "%s", s->drv->col_text(hs, 1));
        v1_upto = s->drv->col_int(hs, 2);
    }
    s->drv->finish(hs);
    struct db_stmt *st = Q(s,
                           "SELECT id, at, user_id, action, entity, entity_id, org_path, "
                           "before_json, after_json, note, prev_hash, hash, username, org_id "
                           "FROM audit WHERE id > ? ORDER BY id",
                           DB_INT(0));
    if (!st)
        return -1;
    char prev[80] = "0000000000000000000000000000000000000000000000000000000000000000";
    int64_t bad = 0, last_id = 0;
    const struct db_driver *d = s->drv;
    while (!bad && d->step(st) == 1) {
        char h[65];
        int64_t id = d->col_int(st, 0);
        int64_t uid = d->col_null(st, 2) ? 0 : d->col_int(st, 2);
        if (id <= v1_upto)
            chain_hash(prev, d->col_int(st, 1), uid, d->col_text(st, 3), d->col_text(st, 4),
                       d->col_int(st, 5), d->col_text(st, 6), d->col_text(st, 7),
                       d->col_text(st, 8), d->col_text(st, 9), h);
        else
            chain_hash2(prev, d->col_int(st, 1), uid, d->col_text(st, 12), d->col_text(st, 3),
                        d->col_text(st, 4), d->col_int(st, 5),
                        d->col_null(st, 13) ? 0 : d->col_int(st, 13), d->col_text(st, 6),
                        d->col_null(st, 7) ? NULL : d->col_text(st, 7),
                        d->col_null(st, 8) ? NULL : d->col_text(st, 8), d->col_text(st, 9), h);
        if (strcmp(prev, d->col_text(st, 10)) != 0 || strcmp(h, d->col_text(st, 11)) != 0)
            bad = id;
        snprintf(prev, sizeof(prev), "%s", d->col_text(st, 11));
        last_id = id;
    }
    d->finish(st);
    /* the newest rows gone (or the head moved): the first id missing */
    if (!bad && (last_id != head_id || (head_id && strcmp(prev, head_hash) != 0)))
        bad = last_id < head_id ? last_id + 1 : (last_id ? last_id : 1);
    return bad;
}
