/*
 * msg.c - messages and document numbers (see store_msg.h).
 */
#include "store/store_msg.h"
#include "store/store_int.h"
#include "core/log.h"

int64_t store_msg_add(struct store *s, const struct msg_in *in)
{
    if (!in->title || !in->kind || in->user_id <= 0)
        return err("store_msg_add: kind, title and user are required");
    int64_t id = 0;
    /* ON CONFLICT DO NOTHING returns no row on a repeated dedupe key. */
    int rc = INT1(s, &id,
                  "INSERT INTO messages (user_id, org_id, org_path, kind, title, body, link, "
                  "entity, entity_id, event_key, dedupe_key, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                  DB_INT(in->user_id), DB_ID(in->org_id), DB_TEXT(in->org_path ? in->org_path : ""),
                  DB_TEXT(in->kind), DB_TEXT(in->title), DB_TEXT(in->body ? in->body : ""),
                  DB_TEXT(in->link ? in->link : ""), DB_TEXT(in->entity ? in->entity : ""),
                  DB_ID(in->entity_id), DB_TEXT(in->event_key ? in->event_key : ""),
                  DB_TEXT(in->dedupe_key), DB_INT(in->at));
    if (rc < 0)
        return -1;
    return rc == 0 ? 0 : id;
}

int store_msg_to_roles(struct store *s, int64_t org_id, const char *const *roles,
                       int64_t skip_user, const struct msg_in *in)
{
    int written = 0;
    for (const char *const *r = roles; *r; r++) {
        json_t *users = ARR(s,
                            "SELECT DISTINCT ur.user_id AS id FROM user_roles ur "
                            "JOIN users u ON u.id = ur.user_id "
                            "WHERE ur.org_id = ? AND ur.role = ? AND u.active = 1 "
                            "AND u.deleted_at IS NULL ORDER BY ur.user_id",
                            DB_INT(org_id), DB_TEXT(*r));
        if (!users)
            return -1;
        size_t i;
        json_t *u;
        json_array_foreach(users, i, u) {
            int64_t uid = json_integer_value(json_object_get(u, "id"));
            if (uid == skip_user)
                continue;
            struct msg_in m = *in;
            m.user_id = uid;
            int64_t id = store_msg_add(s, &m);
            if (id < 0) {
                json_decref(users);
                return -1;
            }
            written += id > 0;
        }
        json_decref(users);
    }
    return written;
}

int store_doc_prefix(struct store *s, int64_t org_id, char *out, size_t n)
{
    char name[256];
    int rc = TEXT1(s, out, n, "SELECT doc_prefix FROM orgs WHERE id = ?", DB_INT(org_id));
    if (rc <= 0)
        return rc < 0 ? -1 : err("store_doc_prefix: org %lld not found", (long long)org_id);
    if (*out)
        return 0;
    if (TEXT1(s, name, sizeof(name), "SELECT name FROM orgs WHERE id = ?", DB_INT(org_id)) < 0)
        return -1;
    /* The first UTF-8 character of the name, then 教安. */
    size_t k = 1;
    while (name[k] && ((unsigned char)name[k] & 0xC0) == 0x80)
        k++;
    if (!name[0])
        k = 0;
    snprintf(out, n, "%.*s教安", (int)k, name);
    return 0;
}

int store_docno_next(struct store *s, int64_t org_id, int year, char *out, size_t n,
                     int64_t *seq)
{
    char prefix[128];
    int64_t next = 0;
    if (store_doc_prefix(s, org_id, prefix, sizeof(prefix)))
        return -1;
    if (INT1(s, &next,
             "INSERT INTO doc_sequences (org_id, year, last) VALUES (?, ?, 1) "
             "ON CONFLICT (org_id, year) DO UPDATE SET last = doc_sequences.last + 1 "
             "RETURNING last",
             DB_INT(org_id), DB_INT(year)) != 1)
        return -1;
    snprintf(out, n, "%s〔%d〕%lld号", prefix, year, (long long)next);
    if (seq)
        *seq = next;
    return 0;
}
