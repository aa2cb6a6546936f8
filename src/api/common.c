#include "core/compat.h"
#include "api/api.h"
#include <sodium.h>

int api_hash_password(const char *password, char *out, size_t len)
{
    if (len < crypto_pwhash_STRBYTES)
        return -1;
    return crypto_pwhash_str_alg(out, password, strlen(password),
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

const char *api_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t api_int(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

int api_begin(struct req *r, struct change *c)
{
    if (store_change_begin(c, r->store, r->user ? r->user->id : 0,
                           r->user ? r->user->username : "", r->now))
        return http_store_error(r), -1;
    return 0;
}

int api_commit(struct req *r, struct change *c, int status, json_t *after)
{
    if (!after) {
        store_change_abort(c);
        return http_store_error(r);
    }
    if (store_change_commit(c)) {
        json_decref(after);
        return http_store_error(r);
    }
    return http_json(r, status, after);
}

int api_fail(struct req *r, struct change *c)
{
    struct xa_error e = c->err;
    store_change_abort(c);
    if (e.code != XE_NONE && xa_err_kind(e.code) != XK_STORE)
        return http_fail(r, &e);
    return http_store_error(r);
}

int api_fail_unique(struct req *r, struct change *c, const char *field, const char *msg)
{
    if (c->err.code == XE_NONE && store_errclass(r->store) == DB_ERR_UNIQUE) {
        store_change_abort(c);
        return http_error(r, 409, "conflict", field, "%s", msg);
    }
    return api_fail(r, c);
}

int api_refuse(struct req *r, struct change *c, int status, const char *code, const char *field,
               const char *msg)
{
    store_change_abort(c);
    return http_error(r, status, code, field, "%s", msg);
}

void api_commit_hook(unsigned touched)
{
    if (touched & CHANGE_SESSIONS)
        session_cache_invalidate();
    if (touched & (CHANGE_HAZARD_DOCS | CHANGE_SESSIONS))
        api_hazard_docs_drop();
}
