/*
 * auth.c - login, logout and "who am I".
 *
 * Login checks an argon2id hash, throttles repeated failures per user name
 * and per client address, and opens a session: a random token set as an
 * HttpOnly SameSite=Strict cookie and also returned for scripts to send as
 * "Authorization: Bearer <token>". Only the token's SHA-256 is stored. The
 * session's CSRF token must accompany every cookie-authenticated write.
 */
#include "core/compat.h"
#include "api/api.h"
#include "domain/perm.h"
#include <sodium.h>

#define SESSION_MS (12LL * 3600 * 1000)
#define FAIL_WINDOW_MS (15LL * 60 * 1000)
#define LOCK_MS (15LL * 60 * 1000)
#define USER_FAIL_LIMIT 5
#define IP_FAIL_LIMIT 30

static void random_hex(char *out, size_t bytes)
{
    unsigned char buf[64];
    randombytes_buf(buf, bytes);
    sodium_bin2hex(out, bytes * 2 + 1, buf, bytes);
}

static json_t *me_json(struct req *r, int64_t user_id, const char *csrf)
{
    json_t *u = store_user_get(r->store, user_id);
    if (!u)
        return NULL;
    json_t *org = store_org_get(r->store, api_int(u, "org_id"));
    json_object_set_new(u, "org", org ? org : json_null());
    json_t *roles = json_object_get(u, "roles");
    json_t *perms = json_array();
    for (const char *const *p = perm_all; *p; p++) {
        size_t i;
        json_t *ro;
        json_array_foreach(roles, i, ro)
        {
            if (perm_role_has(api_str(ro, "role"), *p)) {
                json_array_append_new(perms, json_string(*p));
                break;
            }
        }
    }
    json_object_set_new(u, "permissions", perms);
    json_object_set_new(u, "csrf_token", json_string(csrf));
    return u;
}

int api_login(struct req *r)
{
    static const struct vfield spec[] = {
        {"username", V_STR, true, 1, 64, NULL},
        {"password", V_STR, true, 1, 256, NULL},
    };
    if (!r->json)
        return http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
    if (VALIDATE(r, r->json, spec))
        return 0;
    const char *username = api_str(r->json, "username");
    const char *password = api_str(r->json, "password");
    char ukey[100], ikey[100];
    snprintf(ukey, sizeof(ukey), "u:%s", username);
    snprintf(ikey, sizeof(ikey), "ip:%s", r->client_ip);
    int64_t until = store_login_locked(r->store, ukey, r->now);
    int64_t until_ip = store_login_locked(r->store, ikey, r->now);
    if (until < 0 || until_ip < 0)
        return http_store_error(r);
    if (until_ip > until)
        until = until_ip;
    if (until) {
        char secs[32];
        snprintf(secs, sizeof(secs), "%lld", (long long)((until - r->now) / 1000 + 1));
        http_add_header(r, "Retry-After", secs);
        return http_error(r, 429, "too_many_attempts", NULL,
                          "登录失败次数过多，请 %s 秒后再试", secs);
    }
    int64_t uid = 0;
    char hash[256];
    bool active = false;
    int rc = store_user_credentials(r->store, username, &uid, hash, sizeof(hash), &active);
    if (rc < 0)
        return http_store_error(r);
    bool ok = rc == 1 && active && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!ok) {
        if (store_login_failed(r->store, ukey, r->now, USER_FAIL_LIMIT, FAIL_WINDOW_MS, LOCK_MS) ||
            store_login_failed(r->store, ikey, r->now, IP_FAIL_LIMIT, FAIL_WINDOW_MS, LOCK_MS))
            return http_store_error(r);
        return http_error(r, 401, "bad_credentials", NULL, "用户名或密码错误");
    }
    char token[129], csrf[65], th[65];
    random_hex(token, 32);
    random_hex(csrf, 32);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(th, sizeof(th), h, sizeof(h));
    if (store_login_clear(r->store, ukey) ||
        store_session_create(r->store, th, csrf, uid, r->now, r->now + SESSION_MS))
        return http_store_error(r);
    json_t *me = me_json(r, uid, csrf);
    if (!me)
        return http_store_error(r);
    char cookie[256];
    snprintf(cookie, sizeof(cookie),
             "xa_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld", token,
             (long long)(SESSION_MS / 1000));
    http_add_header(r, "Set-Cookie", cookie);
    http_add_header(r, "Cache-Control", "no-store");
    return http_json(r, 200,
                     json_pack("{s:s, s:s, s:o}", "token", token, "csrf_token", csrf, "user", me));
}

int api_logout(struct req *r)
{
    const char *auth = http_header_get(r, "Authorization");
    const char *token = auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7
                                                                  : http_cookie(r, "xa_session");
    if (token) {
        char th[65];
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
        sodium_bin2hex(th, sizeof(th), h, sizeof(h));
        if (store_session_delete(r->store, th))
            return http_store_error(r);
        session_cache_invalidate();
    }
    http_add_header(r, "Set-Cookie", "xa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int api_me(struct req *r)
{
    json_t *me = me_json(r, r->user->id, r->user->csrf);
    if (!me)
        return http_store_error(r);
    http_add_header(r, "Cache-Control", "no-store");
    return http_json(r, 200, me);
}
