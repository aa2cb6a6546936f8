/*
 * push.c - push channels and the outbox (see store_push.h).
 */
#include "store/store_push.h"
#include "store/store_int.h"
#include "core/log.h"
#include "domain/push.h"
#include "store/store_msg.h"

#define CH_SEL                                                                                     \
    "SELECT c.id, c.org_id, o.name AS org_name, c.kind, c.name, c.enabled AS \"enabled?\", "      \
    "c.msg_kinds_json, c.max_tries, c.config_json, c.secret_json, c.last_error, "                 \
    "c.last_error_at AS \"last_error_at@\", c.last_sent_at AS \"last_sent_at@\", "                 \
    "c.created_at AS \"created_at@\", c.updated_at AS \"updated_at@\", "                           \
    "(SELECT COUNT(*) FROM push_outbox x WHERE x.channel_id = c.id AND x.state = 'pending') "     \
    "AS pending, "                                                                                 \
    "(SELECT COUNT(*) FROM push_outbox x WHERE x.channel_id = c.id AND x.state = 'sent') "        \
    "AS sent, "                                                                                    \
    "(SELECT COUNT(*) FROM push_outbox x WHERE x.channel_id = c.id AND x.state = 'dead') "        \
    "AS dead "                                                                                     \
    "FROM push_channels c JOIN orgs o ON o.id = c.org_id "

/* The after-image handed over or dropped. */
int64_t store_push_channel_create(struct change *c, const struct push_channel_in *in,
                                  json_t **after)
{
    struct store *s = c->s;
    int64_t id = 0, now = c->at;
    if (INT1(s, &id,
             "INSERT INTO push_channels (org_id, org_path, kind, name, enabled, msg_kinds_json, "
             "max_tries, config_json, secret_json, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_TEXT(in->kind), DB_TEXT(in->name),
             DB_INT(in->enabled), DB_TEXT(in->msg_kinds_json), DB_INT(in->max_tries),
             DB_TEXT(in->config_json), DB_TEXT(in->secret_json), DB_INT(now), DB_INT(now)) != 1)
        return -1;
    json_t *a = push_channel_public(store_push_channel_get(s, id));
    if (!a ||
        change_audit(c, "create", "push_channel", id, in->org_id, in->org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return id;
}

/* The channel as shown (locked) and its path; NULL (XE_NOT_FOUND when
 * absent). */
static json_t *channel_before(struct change *c, int64_t id, char *path, size_t plen)
{
    if (change_lock(c, "push_channel", id))
        return NULL;
    int rc = store_push_channel_locate(c->s, id, path, plen);
    json_t *b = rc == 1 ? push_channel_public(store_push_channel_get(c->s, id)) : NULL;
    if (!b && store_errclass(c->s) == DB_OK)
        change_fail(c, XE_NOT_FOUND, NULL);
    return b;
}

int store_push_channel_update(struct change *c, int64_t id, const struct push_channel_in *in,
                              json_t **after)
{
    char path[96];
    json_t *before = channel_before(c, id, path, sizeof(path)), *a = NULL;
    if (!before)
        return -1;
    int rc = EXEC(c->s,
                  "UPDATE push_channels SET name = ?, enabled = ?, msg_kinds_json = ?, "
                  "max_tries = ?, config_json = ?, secret_json = ?, updated_at = ? "
                  "WHERE id = ? AND deleted_at IS NULL",
                  DB_TEXT(in->name), DB_INT(in->enabled), DB_TEXT(in->msg_kinds_json),
                  DB_INT(in->max_tries), DB_TEXT(in->config_json), DB_TEXT(in->secret_json),
                  DB_INT(c->at), DB_INT(id)) < 0 ||
             !(a = push_channel_public(store_push_channel_get(c->s, id))) ||
             change_audit(c, "update", "push_channel", id,
                          json_integer_value(json_object_get(before, "org_id")), path, before, a,
                          NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

int store_push_channel_delete(struct change *c, int64_t id)
{
    char path[96];
    json_t *before = channel_before(c, id, path, sizeof(path));
    if (!before)
        return -1;
    int rc = EXEC(c->s, "UPDATE push_channels SET deleted_at = ?, enabled = 0 WHERE id = ?",
                  DB_INT(c->at), DB_INT(id)) < 0 ||
             change_audit(c, "delete", "push_channel", id,
                          json_integer_value(json_object_get(before, "org_id")), path, before,
                          NULL, NULL);
    json_decref(before);
    return rc ? -1 : 0;
}

int64_t store_push_channel_test(struct change *c, int64_t id, const struct msg_in *m,
                                json_t **after)
{
    int64_t mid = store_msg_add(c->s, m);
    if (mid <= 0)
        return -1;
    json_t *a = json_pack("{s:I, s:I, s:b}", "channel_id", (json_int_t)id, "message_id",
                          (json_int_t)mid, "queued", 1);
    if (change_audit(c, "test", "push_channel", id, m->org_id, m->org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return mid;
}

json_t *store_push_channel_get(struct store *s, int64_t id)
{
    return OBJ1(s, CH_SEL "WHERE c.id = ? AND c.deleted_at IS NULL", DB_INT(id));
}

json_t *store_push_channel_list(struct store *s, const struct scope *sc, const char *under_path)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char lo[96] = "", hi[96] = "";
    if (under_path)
        path_range(under_path, lo, hi, sizeof(lo));
    return ARR(s,
               CH_SEL "WHERE c.deleted_at IS NULL AND " SCOPE_SQL("c.org_path")
                      " AND (? = '' OR (c.org_path >= ? AND c.org_path < ?)) "
                      "ORDER BY c.org_path, c.id",
               SCOPE_PARAMS(b), DB_TEXT(lo), DB_TEXT(lo), DB_TEXT(hi));
}

int store_push_channel_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT org_path FROM push_channels WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

#define OB_SEL                                                                                     \
    "SELECT x.id, x.channel_id, x.idem_key, x.message_id, x.msg_kind, x.recipient, x.title, "     \
    "x.body, x.link, x.state, x.tries, x.next_at AS \"next_at@\", x.last_error, "                  \
    "x.created_at AS \"created_at@\", x.updated_at AS \"updated_at@\", x.sent_at AS \"sent_at@\" " \
    "FROM push_outbox x "

json_t *store_push_outbox_list(struct store *s, int64_t channel_id, const char *state,
                               const struct page *pg)
{
    int64_t total = 0;
    const char *st = state ? state : "";
    if (INT1(s, &total,
             "SELECT COUNT(*) FROM push_outbox WHERE channel_id = ? AND (? = '' OR state = ?)",
             DB_INT(channel_id), DB_TEXT(st), DB_TEXT(st)) < 0)
        return NULL;
    json_t *items = ARR(s, OB_SEL "WHERE x.channel_id = ? AND (? = '' OR x.state = ?) "
                                  "ORDER BY x.id DESC LIMIT ? OFFSET ?",
                        DB_INT(channel_id), DB_TEXT(st), DB_TEXT(st), DB_INT(pg->per_page),
                        DB_INT((pg->page - 1) * pg->per_page));
    return items ? store_page_json(items, total, pg) : NULL;
}

int store_push_outbox_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return TEXT1(s, path, len,
                 "SELECT x.org_path FROM push_outbox x JOIN push_channels c ON c.id = x.channel_id "
                 "WHERE x.id = ? AND c.deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_push_outbox_get(struct store *s, int64_t id)
{
    return OBJ1(s, OB_SEL "WHERE x.id = ?", DB_INT(id));
}

int store_push_outbox_retry(struct change *c, int64_t id, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    char path[96];
    if (change_lock(c, "push_outbox", id))
        return -1;
    int found = store_push_outbox_locate(s, id, path, sizeof(path));
    json_t *before = found == 1 ? store_push_outbox_get(s, id) : NULL, *a = NULL;
    if (!before)
        return store_errclass(s) == DB_OK ? change_fail(c, XE_NOT_FOUND, NULL) : -1;
    struct db_stmt *st = Q(s,
                           "UPDATE push_outbox SET state = 'pending', tries = 0, next_at = ?, "
                           "updated_at = ? WHERE id = ? AND state = 'dead'",
                           DB_INT(now), DB_INT(now), DB_INT(id));
    if (!st) {
        json_decref(before);
        return -1;
    }
    int rc = s->drv->step(st);
    int64_t n = rc < 0 ? -1 : s->drv->changes(st);
    s->drv->finish(st);
    if (n == 0) {
        json_decref(before);
        return change_fail(c, XE_PUSH_NOT_DEAD, "state");
    }
    rc = n < 0 || !(a = store_push_outbox_get(s, id)) ||
         change_audit(c, "retry", "push_outbox", id, 0, path, before, a, NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    sx_give(a, after);
    return 0;
}

/* ---- fan-out ---- */

/* A string member of o, "" when absent or not a string. */
static const char *str_of(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

struct fan_channel {
    int64_t id, org_id, created;
    char kind[16];
    char path[96];
    json_t *kinds; /* array of codes, empty = all */
};

static bool takes(const struct fan_channel *c, const char *msg_kind)
{
    if (json_array_size(c->kinds) == 0)
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(c->kinds, i, k) {
        if (json_is_string(k) && strcmp(json_string_value(k), msg_kind) == 0)
            return true;
    }
    return false;
}

/* Writes the rows one message makes; -1 on error, else rows written. */
static int fan_message(struct store *s, json_t *m, const struct fan_channel *ch, size_t nch,
                       int64_t now)
{
    int made = 0;
    int64_t mid = json_integer_value(json_object_get(m, "id"));
    const char *kind = str_of(m, "kind");
    const char *event = str_of(m, "event_key");
    const char *entity = str_of(m, "entity");
    int64_t entity_id = json_integer_value(json_object_get(m, "entity_id"));
    int64_t user_org = json_integer_value(json_object_get(m, "user_org"));
    int64_t at = json_integer_value(json_object_get(m, "created_ms"));
    bool is_test = strcmp(kind, "push_test") == 0 && strcmp(entity, "push_channel") == 0;
    for (size_t i = 0; i < nch; i++) {
        const struct fan_channel *c = &ch[i];
        if (is_test ? c->id != entity_id : (c->org_id != user_org || !takes(c, kind)))
            continue;
        if (at < c->created)
            continue; /* a channel takes what is written after it was added */
        char key[300];
        const char *to = "";
        if (push_kind_is_group(c->kind)) {
            if (*event)
                snprintf(key, sizeof(key), "e:%s", event);
            else
                snprintf(key, sizeof(key), "m:%lld", (long long)mid);
        } else {
            if (!json_is_true(json_object_get(m, "reachable")))
                continue; /* a disabled or removed account gets no mail or SMS */
            to = str_of(m, strcmp(c->kind, "email") == 0 ? "email" : "phone");
            if (strcmp(c->kind, "email") == 0 ? !push_email_ok(to) : !*to)
                continue; /* the person has no address for this channel */
            snprintf(key, sizeof(key), "m:%lld", (long long)mid);
        }
        struct db_stmt *st =
            Q(s,
              "INSERT INTO push_outbox (channel_id, org_path, idem_key, message_id, msg_kind, "
              "recipient, title, body, link, state, tries, next_at, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
              "ON CONFLICT (channel_id, idem_key) DO NOTHING",
              DB_INT(c->id), DB_TEXT(c->path), DB_TEXT(key), DB_INT(mid), DB_TEXT(kind),
              DB_TEXT(to), DB_TEXT(str_of(m, "title")), DB_TEXT(str_of(m, "body")),
              DB_TEXT(str_of(m, "link")), DB_INT(now), DB_INT(now), DB_INT(now));
        if (!st)
            return -1;
        int rc = s->drv->step(st);
        int64_t n = rc < 0 ? -1 : s->drv->changes(st);
        s->drv->finish(st);
        if (n < 0)
            return -1;
        made += (int)n;
    }
    return made;
}

#define MSG_SEL                                                                                    \
    "SELECT m.id, m.kind, m.title, m.body, m.link, m.entity, m.entity_id, m.event_key, "          \
    "m.created_at AS created_ms, u.org_id AS user_org, u.email, u.phone, "                        \
    "CASE WHEN u.active = 1 AND u.deleted_at IS NULL THEN 1 ELSE 0 END AS \"reachable?\" "        \
    "FROM messages m JOIN users u ON u.id = m.user_id "

static int fanout_tx(struct store *s, int64_t now, int batch, int *made)
{
    int64_t cursor = 0;
    int rc = INT1(s, &cursor, "SELECT last_message_id FROM push_cursor WHERE id = 1");
    if (rc < 0)
        return -1;
    if (rc == 0 && EXEC(s, "INSERT INTO push_cursor (id, last_message_id) VALUES (1, 0)") < 0)
        return -1;
    json_t *msgs = ARR(s, MSG_SEL "WHERE m.id > ? ORDER BY m.id LIMIT ?", DB_INT(cursor),
                       DB_INT(batch));
    if (!msgs)
        return -1;
    /* PostgreSQL hands out ids before commit: a message with an id below the
     * cursor may commit after it moved. Look back over the last few hundred
     * ids written in the last minute; the idempotency key makes a message
     * already fanned out a no-op. (SQLite commits in id order.) */
    if (strcmp(store_backend(s), "postgres") == 0 && cursor > 0) {
        json_t *late = ARR(s,
                           MSG_SEL "WHERE m.id > ? AND m.id <= ? AND m.created_at >= ? "
                                   "AND NOT EXISTS (SELECT 1 FROM push_outbox x "
                                   "WHERE x.message_id = m.id) ORDER BY m.id",
                           DB_INT(cursor > 500 ? cursor - 500 : 0), DB_INT(cursor),
                           DB_INT(now - 60000));
        if (!late) {
            json_decref(msgs);
            return -1;
        }
        json_array_extend(late, msgs);
        json_decref(msgs);
        msgs = late;
    }
    if (json_array_size(msgs) == 0) {
        json_decref(msgs);
        return 0;
    }
    json_t *chans = ARR(s, "SELECT id, org_id, org_path, kind, msg_kinds_json, "
                           "created_at AS created_ms FROM push_channels "
                           "WHERE deleted_at IS NULL AND enabled = 1 ORDER BY id");
    if (!chans) {
        json_decref(msgs);
        return -1;
    }
    size_t nch = json_array_size(chans);
    struct fan_channel *ch = calloc(nch ? nch : 1, sizeof(*ch));
    if (!ch)
        abort();
    for (size_t i = 0; i < nch; i++) {
        json_t *c = json_array_get(chans, i);
        ch[i].id = json_integer_value(json_object_get(c, "id"));
        ch[i].org_id = json_integer_value(json_object_get(c, "org_id"));
        ch[i].created = json_integer_value(json_object_get(c, "created_ms"));
        snprintf(ch[i].kind, sizeof(ch[i].kind), "%s", str_of(c, "kind"));
        snprintf(ch[i].path, sizeof(ch[i].path), "%s", str_of(c, "org_path"));
        ch[i].kinds = json_object_get(c, "msg_kinds");
    }
    int64_t last = cursor;
    int total = 0, ret = 0;
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        int n = fan_message(s, m, ch, nch, now);
        if (n < 0) {
            ret = -1;
            break;
        }
        total += n;
        int64_t id = json_integer_value(json_object_get(m, "id"));
        if (id > last)
            last = id;
    }
    free(ch);
    json_decref(chans);
    json_decref(msgs);
    if (ret == 0 && last > cursor &&
        EXEC(s, "UPDATE push_cursor SET last_message_id = ? WHERE id = 1", DB_INT(last)) < 0)
        ret = -1;
    *made = total;
    return ret;
}

int store_push_fanout_due(struct store *s, int64_t now)
{
    /* most rounds find nothing: look before taking the write lock */
    int64_t cursor = 0, any = 0;
    if (INT1(s, &cursor, "SELECT last_message_id FROM push_cursor WHERE id = 1") < 0 ||
        INT1(s, &any, "SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE id > ? LIMIT 1) t",
             DB_INT(cursor)) < 0)
        return -1;
    if (!any && strcmp(store_backend(s), "postgres") == 0 &&
        INT1(s, &any,
             "SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE m.id > ? AND m.id <= ? "
             "AND m.created_at >= ? AND NOT EXISTS (SELECT 1 FROM push_outbox x "
             "WHERE x.message_id = m.id) LIMIT 1) t",
             DB_INT(cursor > 500 ? cursor - 500 : 0), DB_INT(cursor), DB_INT(now - 60000)) < 0)
        return -1;
    return any ? 1 : 0;
}

int store_push_fanout(struct change *c, int batch, int *made)
{
    *made = 0;
    return fanout_tx(c->s, c->at, batch, made);
}

/* ---- delivery ---- */

json_t *store_push_due(struct store *s, int64_t now, int limit)
{
    /* read before taking the write lock (most rounds: none); the claim
     * re-checks each row */
    return ARR(s,
               "SELECT x.id FROM push_outbox x JOIN push_channels c ON c.id = x.channel_id "
               "WHERE x.state = 'pending' AND x.next_at <= ? AND c.enabled = 1 "
               "AND c.deleted_at IS NULL ORDER BY x.next_at, x.id LIMIT ?",
               DB_INT(now), DB_INT(limit));
}

json_t *store_push_claim(struct change *c, json_t *due, int64_t lease_ms)
{
    struct store *s = c->s;
    int64_t now = c->at;
    json_t *out = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(due, i, d) {
        int64_t id = json_integer_value(json_object_get(d, "id"));
        json_t *row = OBJ1(s,
                           "UPDATE push_outbox SET tries = tries + 1, next_at = ?, updated_at = ? "
                           "WHERE id = ? AND state = 'pending' AND next_at <= ? RETURNING id",
                           DB_INT(now + lease_ms), DB_INT(now), DB_INT(id), DB_INT(now));
        if (!row && store_errclass(s) != DB_OK) {
            json_decref(out);
            return NULL;
        }
        if (!row)
            continue; /* taken meanwhile */
        json_decref(row);
        row = OBJ1(s,
                   "SELECT x.id, x.channel_id, x.idem_key, x.msg_kind, x.recipient, x.title, "
                   "x.body, x.link, x.tries, x.created_at AS \"created_at@\", c.kind AS channel_kind, c.max_tries, "
                   "c.config_json, c.secret_json, o.name AS org_name FROM push_outbox x "
                   "JOIN push_channels c ON c.id = x.channel_id JOIN orgs o ON o.id = c.org_id "
                   "WHERE x.id = ?",
                   DB_INT(id));
        if (!row) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, row);
    }
    return out;
}

int store_push_sent(struct change *c, int64_t id, int64_t channel_id)
{
    struct store *s = c->s;
    int64_t now = c->at;
    if (EXEC(s,
             "UPDATE push_outbox SET state = 'sent', sent_at = ?, updated_at = ?, last_error = '' "
             "WHERE id = ? AND state = 'pending'",
             DB_INT(now), DB_INT(now), DB_INT(id)) < 0 ||
        EXEC(s, "UPDATE push_channels SET last_sent_at = ? WHERE id = ?", DB_INT(now),
             DB_INT(channel_id)) < 0)
        return -1;
    return 0;
}

int store_push_release(struct change *c, int64_t id, int64_t next_at)
{
    return EXEC(c->s,
                "UPDATE push_outbox SET tries = tries - 1, next_at = ? "
                "WHERE id = ? AND state = 'pending' AND tries > 0",
                DB_INT(next_at), DB_INT(id)) < 0
               ? -1
               : 0;
}

int store_push_failed(struct change *c, int64_t id, int64_t channel_id, const char *error,
                      int64_t next_at)
{
    struct store *s = c->s;
    int64_t now = c->at;
    if (EXEC(s,
             "UPDATE push_outbox SET state = CASE WHEN ? = 1 THEN 'dead' ELSE 'pending' END, "
             "next_at = CASE WHEN ? = 1 THEN next_at ELSE ? END, last_error = ?, updated_at = ? "
             "WHERE id = ? AND state = 'pending'",
             DB_INT(next_at == 0), DB_INT(next_at == 0), DB_INT(next_at), DB_TEXT(error),
             DB_INT(now), DB_INT(id)) < 0 ||
        EXEC(s, "UPDATE push_channels SET last_error = ?, last_error_at = ? WHERE id = ?",
             DB_TEXT(error), DB_INT(now), DB_INT(channel_id)) < 0)
        return -1;
    return 0;
}
