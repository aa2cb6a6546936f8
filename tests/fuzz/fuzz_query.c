/*
 * fuzz_query - query-string values through the parsers handlers use:
 * paging (?page=&per_page=), ids (?org=, ?entity_id=) and times
 * (xa_time_parse for ?from=&to=). The input is a query string
 * "k=v&k=v"; libmicrohttpd's lookup is replaced by one over that string, so
 * the parsers see exactly the fuzzed values. Values must be accepted within
 * their ranges or answered with a 400 naming the parameter.
 */
#include "../../src/http/respond.c"
#include "core/timeutil.h"
#include <assert.h>

static char query[4096];

/* The value of key in query (first match), or NULL. */
const char *MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind kind,
                                        const char *key)
{
    (void)c;
    if (kind != MHD_GET_ARGUMENT_KIND)
        return NULL;
    static char val[4096];
    size_t kl = strlen(key);
    for (char *p = query; *p;) {
        char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
            memcpy(val, p + kl + 1, len - kl - 1);
            val[len - kl - 1] = '\0';
            return val;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    return NULL;
}

static void fresh(struct req *r)
{
    memset(r, 0, sizeof(*r));
    r->arena = arena_create();
    strbuf_init(&r->out, 0);
}

static void done(struct req *r, int rc)
{
    if (rc)
        assert(r->status == 400);
    else
        assert(r->status == 0);
    strbuf_release(&r->out);
    arena_destroy(r->arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= sizeof(query))
        return 0;
    memcpy(query, data, size);
    query[size] = '\0';
    if (strlen(query) != size)
        return 0; /* MHD hands over NUL-terminated values */
    struct req r;
    fresh(&r);
    struct page pg;
    int rc = http_page(&r, &pg);
    if (!rc)
        assert(pg.page >= 1 && pg.page <= 1000000 && pg.per_page >= 1 && pg.per_page <= 200);
    done(&r, rc);
    static const char *const ids[] = {"org", "entity_id", "user_id"};
    for (size_t i = 0; i < XA_ARRAY_LEN(ids); i++) {
        fresh(&r);
        int64_t id = -1;
        rc = http_query_id(&r, ids[i], &id);
        if (!rc)
            assert(id >= 0);
        done(&r, rc);
    }
    const char *from = MHD_lookup_connection_value(NULL, MHD_GET_ARGUMENT_KIND, "from");
    if (from) {
        int64_t ms = 0;
        char copy[4096];
        snprintf(copy, sizeof(copy), "%s", from);
        if (xa_time_parse(copy, &ms) == 0) {
            char back[40];
            xa_time_format(ms, back, sizeof(back)); /* a parsed time formats */
        }
    }
    return 0;
}
