/*
 * session_cache.c - recently authenticated principals, kept in memory so a
 * request does not pay two queries to learn who it comes from.
 *
 * Entries are keyed by the session token's hash and live at most
 * SESSION_CACHE_TTL_MS. Any change to users, roles or sessions (logout,
 * password change, deactivation, new roles) bumps a generation number that
 * makes every cached entry stale at once, so a change is seen by the very
 * next request. The cache is per process: xiaoan serves one database from
 * one process.
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "http/http.h"
#include <pthread.h>
#include <stdatomic.h>

#define SLOTS 4096
#define STRIPES 64
#define SESSION_CACHE_TTL_MS 10000

struct slot {
    char key[65];
    uint64_t gen;
    int64_t expires;
    struct principal p;
};

static struct slot slots[SLOTS];
static pthread_mutex_t locks[STRIPES];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Atomic uint64_t generation = 1;

static void init_locks(void)
{
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&locks[i], NULL);
}

static size_t slot_of(const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return (size_t)(h % SLOTS);
}

bool session_cache_get(const char *key, int64_t now, struct principal *out)
{
    pthread_once(&once, init_locks);
    size_t i = slot_of(key);
    pthread_mutex_t *l = &locks[i % STRIPES];
    bool hit = false;
    pthread_mutex_lock(l);
    struct slot *s = &slots[i];
    if (s->gen == atomic_load(&generation) && s->expires > now && strcmp(s->key, key) == 0) {
        *out = s->p;
        hit = true;
    }
    pthread_mutex_unlock(l);
    return hit;
}

void session_cache_put(const char *key, int64_t now, uint64_t gen, const struct principal *p)
{
    pthread_once(&once, init_locks);
    size_t i = slot_of(key);
    pthread_mutex_t *l = &locks[i % STRIPES];
    pthread_mutex_lock(l);
    struct slot *s = &slots[i];
    snprintf(s->key, sizeof(s->key), "%s", key);
    s->gen = gen;
    s->expires = now + SESSION_CACHE_TTL_MS;
    s->p = *p;
    pthread_mutex_unlock(l);
}

uint64_t session_cache_generation(void)
{
    return atomic_load(&generation);
}

void session_cache_invalidate(void)
{
    atomic_fetch_add(&generation, 1);
}
