/*
 * auth.c - login, logout and "who am I".
 *
 * Login checks an argon2id hash, throttles guesses per client address and
 * per user name and address (never locking the account), and opens a session: a random token set as an
 * HttpOnly SameSite=Strict cookie and also returned for scripts to send as
 * "Authorization: Bearer <token>". Only the token's SHA-256 is stored. The
 * session's CSRF token must accompany every cookie-authenticated write.
 */
#include "core/compat.h"
#include "api/api.h"
#include "domain/password.h"
#include "domain/perm.h"
#include <pthread.h>
#include <sodium.h>
#include <strings.h>
#include <unistd.h>

#define SESSION_MS (12LL * 3600 * 1000)
#define FAIL_WINDOW_MS (15LL * 60 * 1000)
#define USER_FAIL_LIMIT 5    /* per user name and address */
#define IP_FAIL_LIMIT 30     /* per address */
#define ACCOUNT_SLOW_AFTER 10 /* failures at one account from anywhere */

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
    for (enum perm p = PERM_PUBLIC + 1; p < PERM_COUNT; p++) {
        size_t i;
        json_t *ro;
        json_array_foreach(roles, i, ro)
        {
            if (perm_role_has(api_str(ro, "role"), p)) {
                json_array_append_new(perms, json_string(perm_name(p)));
                break;
            }
        }
    }
    json_object_set_new(u, "permissions", perms);
    json_object_set_new(u, "csrf_token", json_string(csrf));
    return u;
}

/* A hash to verify against when the user name is unknown or inactive, so
 * that every failed login costs the same argon2 work (no user-name
 * enumeration by timing). Made once. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
    char pw[33];
    random_hex(pw, 16);
    if (api_hash_password(pw, dummy_hash, sizeof(dummy_hash)))
        dummy_hash[0] = '\0';
}

static int too_many(struct req *r, int64_t since, int64_t window)
{
    char secs[32];
    int64_t left = since + window - r->now;
    snprintf(secs, sizeof(secs), "%lld", (long long)(left > 0 ? left / 1000 + 1 : 1));
    http_add_header(r, "Retry-After", secs);
    return http_error(r, 429, "too_many_attempts", NULL, "登录失败次数过多，请 %s 秒后再试",
                      secs);
}

static void session_cookie(struct req *r, const char *token, long long max_age)
{
    char cookie[300];
    snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
             http_session_cookie(), token, max_age, http_public_https() ? "; Secure" : "");
    http_add_header(r, "Set-Cookie", cookie);
}

/*
 * Throttling: every attempt first takes one use of two budgets in one
 * statement each (so concurrent guesses cannot overspend them): the client
 * address's (IP_FAIL_LIMIT per window) and the pair of this user name and
 * address (USER_FAIL_LIMIT per window); over either, the password is not
 * even tried. A success gives the uses back. An account is never locked:
 * the right password from another address works, but guesses at one
 * account from many addresses are slowed (ACCOUNT_SLOW_AFTER failures in
 * the window add a growing delay before the check, up to 2 s).
 */
int api_login(struct req *r)
{
    static const struct vfield spec[] = {
        {"username", V_STR, true, 1, 64, NULL},
        {"password", V_STR, true, 1, 256, NULL},
    };
    const char *ct = http_header_get(r, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] && ct[16] != ';' && ct[16] != ' '))
        return http_error(r, 415, "unsupported_type", "Content-Type",
                          "登录请求必须是 application/json");
    if (!r->json)
        return http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
    if (VALIDATE(r, r->json, spec))
        return 0;
    const char *username = api_str(r->json, "username");
    const char *password = api_str(r->json, "password");
    char ukey[200], ikey[100], akey[100];
    snprintf(ikey, sizeof(ikey), "ip:%s", r->client_ip);
    snprintf(ukey, sizeof(ukey), "ua:%s|%s", username, r->client_ip);
    snprintf(akey, sizeof(akey), "acct:%s", username);
    int64_t since_ip = 0, since_u = 0, since_a = 0;
    int64_t n_ip = store_rate_take(r->store, ikey, r->now, FAIL_WINDOW_MS, &since_ip);
    if (n_ip < 0)
        return http_store_error(r);
    if (n_ip > IP_FAIL_LIMIT)
        return too_many(r, since_ip, FAIL_WINDOW_MS);
    int64_t n_u = store_rate_take(r->store, ukey, r->now, FAIL_WINDOW_MS, &since_u);
    if (n_u < 0)
        return http_store_error(r);
    if (n_u > USER_FAIL_LIMIT) {
        store_rate_give(r->store, ikey); /* the address did not guess */
        return too_many(r, since_u, FAIL_WINDOW_MS);
    }
    int64_t n_a = store_rate_count(r->store, akey, r->now, FAIL_WINDOW_MS, &since_a);
    if (n_a < 0)
        return http_store_error(r);
    if (n_a >= ACCOUNT_SLOW_AFTER) {
        int64_t ms = (n_a - ACCOUNT_SLOW_AFTER + 1) * 200;
        usleep((useconds_t)(ms > 2000 ? 2000 : ms) * 1000);
    }
    int64_t uid = 0;
    char hash[256];
    bool active = false;
    int rc = store_user_credentials(r->store, username, &uid, hash, sizeof(hash), &active);
    if (rc < 0)
        return http_store_error(r);
    pthread_once(&dummy_once, make_dummy);
    bool known = rc == 1 && active;
    const char *against = known ? hash : dummy_hash;
    bool ok = crypto_pwhash_str_verify(against, password, strlen(password)) == 0 && known;
    if (!ok) {
        if (store_rate_take(r->store, akey, r->now, FAIL_WINDOW_MS, &since_a) < 0)
            return http_store_error(r);
        return http_error(r, 401, "bad_credentials", NULL, "用户名或密码错误");
    }
    char token[129], csrf[65], th[65];
    random_hex(token, 32);
    random_hex(csrf, 32);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(th, sizeof(th), h, sizeof(h));
    if (store_rate_give(r->store, ikey) || store_login_clear(r->store, ukey) ||
        store_session_create(r->store, th, csrf, uid, r->now, r->now + SESSION_MS))
        return http_store_error(r);
    json_t *me = me_json(r, uid, csrf);
    if (!me)
        return http_store_error(r);
    bool must = json_is_true(json_object_get(me, "must_change_password"));
    session_cookie(r, token, (long long)(SESSION_MS / 1000));
    http_add_header(r, "Cache-Control", "no-store");
    return http_json(r, 200,
                     json_pack("{s:s, s:s, s:b, s:o}", "token", token, "csrf_token", csrf,
                               "must_change_password", must, "user", me));
}

int api_login_preflight(struct req *r)
{
    char ikey[100];
    snprintf(ikey, sizeof(ikey), "ip:%s", r->client_ip);
    int64_t since = 0;
    int64_t n = store_rate_count(r->store, ikey, r->now, FAIL_WINDOW_MS, &since);
    if (n < 0)
        return http_store_error(r);
    if (n >= IP_FAIL_LIMIT)
        return too_many(r, since, FAIL_WINDOW_MS);
    return 0;
}

/* The token of this request's session (bearer or cookie), or NULL. */
static const char *request_token(struct req *r)
{
    const char *auth = http_header_get(r, "Authorization");
    return auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7
                                                    : http_cookie(r, http_session_cookie());
}

int api_me_password(struct req *r)
{
    static const struct vfield spec[] = {
        {"current_password", V_STR, true, 1, 256, NULL},
        {"new_password", V_STR, true, 1, 256, NULL},
    };
    if (!r->json)
        return http_error(r, 400, "invalid_body", NULL, "请求体必须是 JSON 对象");
    if (VALIDATE(r, r->json, spec))
        return 0;
    const char *cur = api_str(r->json, "current_password");
    const char *pw = api_str(r->json, "new_password");
    /* guessing the current password here is throttled like a login */
    char ukey[100];
    snprintf(ukey, sizeof(ukey), "pw:%lld", (long long)r->user->id);
    int64_t since = 0;
    int64_t n = store_rate_take(r->store, ukey, r->now, FAIL_WINDOW_MS, &since);
    if (n < 0)
        return http_store_error(r);
    if (n > USER_FAIL_LIMIT)
        return too_many(r, since, FAIL_WINDOW_MS);
    int64_t uid = 0;
    char hash[256];
    bool active = false;
    if (store_user_credentials(r->store, r->user->username, &uid, hash, sizeof(hash), &active) != 1)
        return http_store_error(r);
    if (uid != r->user->id || crypto_pwhash_str_verify(hash, cur, strlen(cur)) != 0)
        return http_error(r, 422, "invalid", "current_password", "当前密码不正确");
    if (store_rate_give(r->store, ukey)) /* not a guess: the use is given back */
        return http_store_error(r);
    const char *why = password_problem(pw, r->user->username);
    if (why)
        return http_error(r, 422, "weak_password", "new_password", "%s", why);
    if (strcmp(pw, cur) == 0)
        return http_error(r, 422, "invalid", "new_password", "新密码不能与当前密码相同");
    char nh[256];
    if (api_hash_password(pw, nh, sizeof(nh)))
        return http_error(r, 500, "internal", NULL, "密码处理失败");
    const char *token = request_token(r);
    char th[65] = "";
    if (token) {
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
        sodium_bin2hex(th, sizeof(th), h, sizeof(h));
    }
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_user_set_password(&c, r->user->id, nh, th))
        return api_fail(r, &c);
    if (store_change_commit(&c))
        return http_store_error(r);
    store_login_clear(r->store, ukey); /* bookkeeping outside the change */
    return http_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int api_logout(struct req *r)
{
    const char *token = request_token(r);
    if (token) {
        char th[65];
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
        sodium_bin2hex(th, sizeof(th), h, sizeof(h));
        struct change c;
        if (api_begin(r, &c))
            return 0;
        if (store_session_end(&c, th))
            return api_fail(r, &c);
        if (store_change_commit(&c))
            return http_store_error(r);
    }
    session_cookie(r, "", 0);
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
