/*
 * user.c - users, role bindings, sessions and login throttling.
 */
#include "core/compat.h"
#include "store/store_int.h"

#define USER_COLS                                                                                  \
    "u.id, u.username, u.name, u.phone, u.email, u.org_id, o.name AS org_name, "                  \
    "u.active AS \"active?\", u.must_change_password AS \"must_change_password?\", "           \
    "u.created_at AS \"created_at@\", u.updated_at AS \"updated_at@\""

static int insert_roles(struct store *s, int64_t user_id, const struct user_in *in)
{
    for (size_t i = 0; i < in->nroles; i++) {
        const struct role_in *r = &in->roles[i];
        if (EXEC(s, "INSERT INTO user_roles (user_id, role, org_id, org_path) VALUES (?, ?, ?, ?)",
                 DB_INT(user_id), DB_TEXT(r->role), DB_INT(r->org_id), DB_TEXT(r->org_path)) < 0)
            return -1;
    }
    return 0;
}

/* Hands v to the caller through out (or drops it); -1 when v is NULL. */
int64_t store_user_create(struct change *c, const struct user_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    int64_t id = 0;
    if (INT1(s, &id,
             "INSERT INTO users (username, pass_hash, name, phone, email, org_id, org_path, active, "
             "must_change_password, created_at, updated_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
             DB_TEXT(in->username), DB_TEXT(in->pass_hash), DB_TEXT(in->name),
             DB_TEXT(in->phone ? in->phone : ""), DB_TEXT(in->email ? in->email : ""),
             DB_INT(in->org_id), DB_TEXT(in->org_path), DB_INT(in->must_change ? 1 : 0),
             DB_INT(now), DB_INT(now)) != 1)
        return -1;
    if (insert_roles(s, id, in))
        return -1;
    json_t *a = store_user_get(s, id);
    if (!a || change_audit(c, "create", "user", id, in->org_id, in->org_path, NULL, a, NULL)) {
        json_decref(a);
        return -1;
    }
    change_touch(c, CHANGE_SESSIONS);
    return sx_hand(a, after) ? -1 : id;
}

int store_user_update(struct change *c, int64_t id, const struct user_in *in, json_t **after)
{
    struct store *s = c->s;
    int64_t now = c->at;
    char path[96];
    int found = store_user_locate(s, id, path, sizeof(path));
    if (found < 0)
        return -1;
    if (found == 0)
        return change_fail(c, XE_NOT_FOUND, NULL);
    json_t *before = store_user_get(s, id);
    if (!before)
        return -1;
    if (EXEC(s,
             "UPDATE users SET name = CASE WHEN ? = 1 THEN ? ELSE name END, "
             "phone = CASE WHEN ? = 1 THEN ? ELSE phone END, "
             "email = CASE WHEN ? = 1 THEN ? ELSE email END, "
             "pass_hash = CASE WHEN ? = 1 THEN ? ELSE pass_hash END, "
             "must_change_password = CASE WHEN ? = 1 THEN ? ELSE must_change_password END, "
             "active = CASE WHEN ? = 1 THEN ? ELSE active END, updated_at = ? "
             "WHERE id = ? AND deleted_at IS NULL",
             DB_INT(in->has_name), DB_TEXT(in->name), DB_INT(in->has_phone), DB_TEXT(in->phone),
             DB_INT(in->has_email), DB_TEXT(in->email), DB_INT(in->has_pass),
             DB_TEXT(in->pass_hash), DB_INT(in->has_pass), DB_INT(in->must_change ? 1 : 0),
             DB_INT(in->has_active), DB_INT(in->active), DB_INT(now), DB_INT(id)) < 0 ||
        (in->has_roles && (EXEC(s, "DELETE FROM user_roles WHERE user_id = ?", DB_INT(id)) < 0 ||
                           insert_roles(s, id, in))) ||
        /* stopped, or a new password: the user's sessions end */
        (((in->has_active && !in->active) || in->has_pass) &&
         EXEC(s, "DELETE FROM sessions WHERE user_id = ?", DB_INT(id)) < 0)) {
        json_decref(before);
        return -1;
    }
    json_t *a = store_user_get(s, id);
    int rc = !a || change_audit(c, "update", "user", id,
                                json_integer_value(json_object_get(before, "org_id")), path,
                                before, a, in->has_pass ? "密码已修改" : NULL);
    json_decref(before);
    if (rc) {
        json_decref(a);
        return -1;
    }
    /* roles, password or active may have changed */
    change_touch(c, CHANGE_SESSIONS);
    return sx_hand(a, after);
}

json_t *store_user_roles(struct store *s, int64_t user_id)
{
    return ARR(s,
               "SELECT r.role, r.org_id, r.org_path, o.name AS org_name, o.kind AS org_kind "
               "FROM user_roles r JOIN orgs o ON o.id = r.org_id WHERE r.user_id = ? "
               "ORDER BY r.id",
               DB_INT(user_id));
}

static json_t *with_roles(struct store *s, json_t *u)
{
    if (!u)
        return NULL;
    json_t *roles = store_user_roles(s, json_integer_value(json_object_get(u, "id")));
    if (!roles) {
        json_decref(u);
        return NULL;
    }
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) json_object_del(r, "org_path");
    json_object_set_new(u, "roles", roles);
    return u;
}

json_t *store_user_get(struct store *s, int64_t id)
{
    return with_roles(s, OBJ1(s,
                              "SELECT " USER_COLS " FROM users u JOIN orgs o ON o.id = u.org_id "
                              "WHERE u.id = ? AND u.deleted_at IS NULL",
                              DB_INT(id)));
}

int store_user_locate(struct store *s, int64_t id, char *path, size_t plen)
{
    return TEXT1(s, path, plen, "SELECT org_path FROM users WHERE id = ? AND deleted_at IS NULL",
                 DB_INT(id));
}

json_t *store_user_list(struct store *s, const struct scope *sc, const char *under_path,
                        const char *q, const struct page *pg)
{
    struct scope_bind b;
    scope_bind_init(&b, sc);
    char lo[128] = "", hi[128] = "";
    if (under_path)
        path_range(under_path, lo, hi, sizeof(lo));
    char like[200];
    sx_like(q ? q : "", like, sizeof(like));
#define USER_WHERE                                                                                 \
    " FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.deleted_at IS NULL AND "                \
    SCOPE_SQL("u.org_path") " AND (? = '' OR (u.org_path >= ? AND u.org_path < ?)) "              \
                            "AND (? = '' OR u.username LIKE ? ESCAPE '\\' "                        \
                            "OR u.name LIKE ? ESCAPE '\\' OR u.phone LIKE ? ESCAPE '\\')"
#define USER_PARAMS                                                                                \
    SCOPE_PARAMS(b), DB_TEXT(lo), DB_TEXT(lo), DB_TEXT(hi), DB_TEXT(q ? q : ""), DB_TEXT(like),    \
        DB_TEXT(like), DB_TEXT(like)
    int64_t total = 0;
    if (INT1(s, &total, "SELECT COUNT(*)" USER_WHERE, USER_PARAMS) < 0)
        return NULL;
    json_t *items = ARR(s, "SELECT " USER_COLS USER_WHERE " ORDER BY u.org_path, u.id LIMIT ? OFFSET ?",
                        USER_PARAMS, DB_INT(pg->per_page), DB_INT((pg->page - 1) * pg->per_page));
#undef USER_WHERE
#undef USER_PARAMS
    if (!items)
        return NULL;
    size_t i;
    json_t *u;
    json_array_foreach(items, i, u)
    {
        json_t *roles = store_user_roles(s, json_integer_value(json_object_get(u, "id")));
        if (!roles) {
            json_decref(items);
            return NULL;
        }
        size_t j;
        json_t *r;
        json_array_foreach(roles, j, r) json_object_del(r, "org_path");
        json_object_set_new(u, "roles", roles);
    }
    return store_page_json(items, total, pg);
}

int store_user_credentials(struct store *s, const char *username, int64_t *id, char *hash,
                           size_t hlen, bool *active)
{
    struct db_stmt *st = Q(s,
                           "SELECT id, pass_hash, active FROM users WHERE username = ? AND "
                           "deleted_at IS NULL",
                           DB_TEXT(username));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *id = s->drv->col_int(st, 0);
        snprintf(hash, hlen, "%s", s->drv->col_text(st, 1));
        *active = s->drv->col_int(st, 2) != 0;
    }
    s->drv->finish(st);
    return rc;
}

/* ---- sessions ---- */

int store_session_create(struct store *s, const char *token_hash, const char *csrf,
                         int64_t user_id, int64_t now, int64_t expires)
{
    return EXEC(s,
                "INSERT INTO sessions (token_hash, csrf_token, user_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                DB_TEXT(token_hash), DB_TEXT(csrf), DB_INT(user_id), DB_INT(now),
                DB_INT(expires)) < 0
               ? -1
               : 0;
}

int store_session_lookup(struct store *s, const char *token_hash, int64_t now, int64_t *user_id,
                         char *csrf, size_t clen, char *username, size_t ulen, bool *must_change)
{
    struct db_stmt *st = Q(s,
                           "SELECT s.user_id, s.csrf_token, u.username, u.must_change_password "
                           "FROM sessions s JOIN users u ON "
                           "u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND "
                           "u.active = 1 AND u.deleted_at IS NULL",
                           DB_TEXT(token_hash), DB_INT(now));
    if (!st)
        return -1;
    int rc = s->drv->step(st);
    if (rc == 1) {
        *user_id = s->drv->col_int(st, 0);
        snprintf(csrf, clen, "%s", s->drv->col_text(st, 1));
        snprintf(username, ulen, "%s", s->drv->col_text(st, 2));
        *must_change = s->drv->col_int(st, 3) != 0;
    }
    s->drv->finish(st);
    return rc;
}

int store_user_set_password(struct change *c, int64_t id, const char *pass_hash,
                            const char *keep_hash)
{
    struct store *s = c->s;
    int64_t org_id = 0;
    if (INT1(s, &org_id, "SELECT org_id FROM users WHERE id = ? AND deleted_at IS NULL",
             DB_INT(id)) < 0)
        return -1;
    if (!org_id)
        return change_fail(c, XE_NOT_FOUND, NULL);
    /* the row is filed under the user's first role, as the session sees it */
    char path[96] = "";
    if (TEXT1(s, path, sizeof(path),
              "SELECT org_path FROM user_roles WHERE user_id = ? ORDER BY id LIMIT 1",
              DB_INT(id)) < 0)
        return -1;
    if (!*path && store_user_locate(s, id, path, sizeof(path)) < 0)
        return -1;
    if (EXEC(s,
             "UPDATE users SET pass_hash = ?, must_change_password = 0, updated_at = ? "
             "WHERE id = ? AND deleted_at IS NULL",
             DB_TEXT(pass_hash), DB_INT(c->at), DB_INT(id)) < 0 ||
        EXEC(s, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", DB_INT(id),
             DB_TEXT(keep_hash ? keep_hash : "")) < 0 ||
        change_audit(c, "password", "user", id, org_id, path, NULL, NULL, "本人修改密码"))
        return -1;
    change_touch(c, CHANGE_SESSIONS);
    return 0;
}

int store_session_end(struct change *c, const char *token_hash)
{
    if (EXEC(c->s, "DELETE FROM sessions WHERE token_hash = ?", DB_TEXT(token_hash)) < 0)
        return -1;
    change_touch(c, CHANGE_SESSIONS);
    return 0;
}

/* ---- login throttling ---- */

int64_t store_login_locked(struct store *s, const char *key, int64_t now)
{
    int64_t until = 0;
    if (INT1(s, &until, "SELECT locked_until FROM login_failures WHERE key = ?", DB_TEXT(key)) < 0)
        return -1;
    return until > now ? until : 0;
}

int store_login_failed(struct store *s, const char *key, int64_t now, int limit,
                       int64_t window_ms, int64_t lock_ms)
{
    /* a failure outside the window starts a new count */
    return EXEC(s,
                "INSERT INTO login_failures (key, failures, first_at, locked_until) "
                "VALUES (?, 1, ?, 0) ON CONFLICT (key) DO UPDATE SET "
                "failures = CASE WHEN login_failures.first_at < ? THEN 1 "
                "ELSE login_failures.failures + 1 END, "
                "first_at = CASE WHEN login_failures.first_at < ? THEN ? "
                "ELSE login_failures.first_at END, "
                "locked_until = CASE WHEN login_failures.first_at >= ? AND "
                "login_failures.failures + 1 >= ? THEN ? ELSE login_failures.locked_until END",
                DB_TEXT(key), DB_INT(now), DB_INT(now - window_ms), DB_INT(now - window_ms),
                DB_INT(now), DB_INT(now - window_ms), DB_INT(limit), DB_INT(now + lock_ms)) < 0
               ? -1
               : 0;
}

int store_login_clear(struct store *s, const char *key)
{
    return EXEC(s, "DELETE FROM login_failures WHERE key = ?", DB_TEXT(key)) < 0 ? -1 : 0;
}

/* ---- rate budgets (the same table; locked_until unused) ---- */

int64_t store_rate_take(struct store *s, const char *key, int64_t now, int64_t window_ms,
                        int64_t *since)
{
    struct db_stmt *st =
        Q(s,
          "INSERT INTO login_failures (key, failures, first_at, locked_until) "
          "VALUES (?, 1, ?, 0) ON CONFLICT (key) DO UPDATE SET "
          "failures = CASE WHEN login_failures.first_at < ? THEN 1 "
          "ELSE login_failures.failures + 1 END, "
          "first_at = CASE WHEN login_failures.first_at < ? THEN ? "
          "ELSE login_failures.first_at END "
          "RETURNING failures, first_at",
          DB_TEXT(key), DB_INT(now), DB_INT(now - window_ms), DB_INT(now - window_ms),
          DB_INT(now));
    if (!st)
        return -1;
    int64_t n = -1;
    if (s->drv->step(st) == 1) {
        n = s->drv->col_int(st, 0);
        *since = s->drv->col_int(st, 1);
    }
    s->drv->finish(st);
    return n;
}

int64_t store_rate_count(struct store *s, const char *key, int64_t now, int64_t window_ms,
                         int64_t *since)
{
    struct db_stmt *st = Q(s, "SELECT failures, first_at FROM login_failures WHERE key = ?",
                           DB_TEXT(key));
    if (!st)
        return -1;
    int64_t n = 0;
    int rc = s->drv->step(st);
    if (rc == 1 && s->drv->col_int(st, 1) >= now - window_ms) {
        n = s->drv->col_int(st, 0);
        *since = s->drv->col_int(st, 1);
    }
    s->drv->finish(st);
    return rc < 0 ? -1 : n;
}

int store_rate_give(struct store *s, const char *key)
{
    return EXEC(s,
                "UPDATE login_failures SET failures = failures - 1 "
                "WHERE key = ? AND failures > 0",
                DB_TEXT(key)) < 0
               ? -1
               : 0;
}
