/*
 * objlock.c - which object a write request changes, for the store's
 * per-object transaction lock.
 *
 * Two concurrent PATCHes of one risk point on PostgreSQL (READ COMMITTED)
 * both read the same before-image; the second UPDATE then waits for the
 * first and overwrites it, and its audit row records a "before" that was
 * never the state it replaced. Taking a lock named after the object as the
 * first statement of the transaction makes the second wait before it reads
 * anything. The name is the route's resource (the pattern up to its first
 * parameter, "/api/v1/risk-points/") and the parameter's value ("42"), so
 * every write route on the object (PATCH, DELETE, POST .../actions) shares
 * it; the hash is the same in every process, so several servers on one
 * database queue too.
 */
#include "core/compat.h"
#include "http/http.h"

static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

void http_object_lock(struct req *r)
{
    if (!r->store || !r->route || strcmp(r->method, "GET") == 0 ||
        strcmp(r->method, "HEAD") == 0)
        return;
    const char *pat = r->route->pattern;
    const char *brace = strchr(pat, '{');
    /* a create (POST to a collection) changes no existing object */
    if (!brace && strcmp(r->method, "POST") == 0)
        return;
    uint64_t h = fnv1a(UINT64_C(0xcbf29ce484222325), pat, brace ? (size_t)(brace - pat)
                                                                 : strlen(pat));
    if (brace && r->seg[0])
        h = fnv1a(fnv1a(h, "\0", 1), r->seg[0], strlen(r->seg[0]));
    int64_t key = (int64_t)(h & INT64_MAX);
    store_set_object_lock(r->store, key ? key : 1);
}
