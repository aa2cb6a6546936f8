/*
 * change.c - one write: begin with who and when, the store's write
 * functions record their audit rows here, commit appends them to the audit
 * chain, commits and only then drops the caches the change touched.
 *
 * The audit rows wait in the connection (struct change_pending) until the
 * commit, so the chain head (one row every writer updates) is held only for
 * the last moments of each transaction.
 */
#include "core/compat.h"
#include "core/log.h"
#include "store/store_int.h"

struct pending_row {
    int64_t entity_id, org_id;
    char *action, *entity, *org_path, *note;
    char *before, *after; /* serialised as the audit stores them */
};

struct change_pending {
    unsigned touched;
    size_t n, cap;
    struct pending_row *rows;
};

static void (*commit_hook)(unsigned touched);

void store_on_commit(void (*hook)(unsigned touched))
{
    commit_hook = hook;
}

static struct change_pending *pending(struct store *s)
{
    if (!s->pending) {
        s->pending = calloc(1, sizeof(*s->pending));
        if (!s->pending)
            abort();
    }
    return s->pending;
}

void store_pending_clear(struct store *s)
{
    struct change_pending *p = s->pending;
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        struct pending_row *r = &p->rows[i];
        free(r->action);
        free(r->entity);
        free(r->org_path);
        free(r->note);
        free(r->before);
        free(r->after);
    }
    p->n = 0;
    p->touched = 0;
}

void store_pending_free(struct store *s)
{
    store_pending_clear(s);
    if (s->pending) {
        free(s->pending->rows);
        free(s->pending);
        s->pending = NULL;
    }
}

int store_change_begin(struct change *c, struct store *s, int64_t user_id,
                       const char *username, int64_t at)
{
    *c = (struct change){.s = s, .at = at, .user_id = user_id,
                         .username = username ? username : ""};
    if (s->in_tx) {
        log_warn("store_change_begin: a transaction is already open (no nesting)");
        c->err.code = XE_NESTED_TX;
        return -1;
    }
    store_pending_clear(s);
    if (store_begin(s))
        return -1;
    c->open = true;
    return 0;
}

void store_change_join(struct change *c, struct store *s, int64_t user_id, const char *username,
                       int64_t at)
{
    *c = (struct change){.s = s, .at = at, .user_id = user_id,
                         .username = username ? username : "", .quiet = true,
                         .open = s->in_tx, .joined = true};
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

int change_lock(struct change *c, const char *kind, int64_t id)
{
    if (!c->open)
        return -1;
    if (c->s->drv != &db_pg_driver)
        return 0; /* SQLite: BEGIN IMMEDIATE already holds the one write lock */
    uint64_t h = fnv1a(UINT64_C(0xcbf29ce484222325), kind, strlen(kind));
    h = fnv1a(h, &id, sizeof(id));
    int64_t key = (int64_t)(h & INT64_MAX);
    return EXEC(c->s, "SELECT pg_advisory_xact_lock(?)", DB_INT(key ? key : 1)) < 0 ? -1 : 0;
}

static char *dup(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

int change_audit(struct change *c, const char *action, const char *entity, int64_t entity_id,
                 int64_t org_id, const char *org_path, const json_t *before,
                 const json_t *after, const char *note)
{
    if (!c->open)
        return -1;
    if (c->quiet)
        return 0;
    struct change_pending *p = pending(c->s);
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 4;
        struct pending_row *nr = realloc(p->rows, ncap * sizeof(*nr));
        if (!nr)
            abort();
        p->rows = nr;
        p->cap = ncap;
    }
    /* serialised now: the caller goes on changing and answering with its objects */
    p->rows[p->n++] = (struct pending_row){
        .entity_id = entity_id,
        .org_id = org_id,
        .action = dup(action),
        .entity = dup(entity),
        .org_path = dup(org_path ? org_path : "/"),
        .note = dup(note),
        .before = audit_dump(before),
        .after = audit_dump(after),
    };
    return 0;
}

void change_touch(struct change *c, unsigned what)
{
    pending(c->s)->touched |= what;
}

int change_fail(struct change *c, enum xa_err code, const char *field)
{
    c->err.code = code;
    c->err.field = field;
    return -1;
}

void store_change_abort(struct change *c)
{
    if (!c->open)
        return;
    c->open = false;
    if (c->joined)
        return;
    store_rollback(c->s);
    store_pending_clear(c->s);
}

int store_change_commit(struct change *c)
{
    if (!c->open)
        return -1;
    if (c->joined) {
        c->open = false;
        return 0;
    }
    struct store *s = c->s;
    struct change_pending *p = s->pending;
    size_t n = p ? p->n : 0;
    for (size_t i = 0; i < n; i++) {
        struct pending_row *r = &p->rows[i];
        struct audit_in a = {
            .at = c->at,
            .user_id = c->user_id,
            .username = c->username,
            .action = r->action,
            .entity = r->entity,
            .entity_id = r->entity_id,
            .org_id = r->org_id,
            .org_path = r->org_path,
            .note = r->note,
        };
        if (audit_append_text(s, &a, r->before, r->after)) {
            store_change_abort(c);
            return -1;
        }
    }
    unsigned touched = p ? p->touched : 0;
    c->open = false;
    if (store_commit(s)) {
        store_pending_clear(s);
        return -1;
    }
    store_pending_clear(s);
    if (touched && commit_hook)
        commit_hook(touched);
    return 0;
}
