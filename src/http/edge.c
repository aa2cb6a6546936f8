/*
 * edge.c - what the HTTP edge decides before a request reaches a handler:
 * the client's address (through trusted reverse proxies), smuggling-prone
 * framing headers, and the bytes of request bodies held in memory per
 * client address and in total.
 */
#include "core/compat.h"
#include "core/config.h"
#include "http/edge.h"
#include <arpa/inet.h>
#include <pthread.h>

/* ---- addresses ---- */

/* Parses an IPv4 or IPv6 address into 16 bytes (IPv4 as ::ffff:a.b.c.d). */
static bool addr_parse(const char *s, size_t n, unsigned char out[16])
{
    char buf[64];
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    struct in_addr a4;
    if (inet_pton(AF_INET, buf, &a4) == 1) {
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &a4, 4);
        return true;
    }
    return inet_pton(AF_INET6, buf, out) == 1;
}

bool edge_cidr_match(const char *cidr, const char *addr, size_t addr_len)
{
    unsigned char net[16], a[16];
    const char *slash = strchr(cidr, '/');
    size_t nlen = slash ? (size_t)(slash - cidr) : strlen(cidr);
    if (!addr_parse(cidr, nlen, net) || !addr_parse(addr, addr_len, a))
        return false;
    bool v4 = strchr(cidr, ':') == NULL;
    int bits = v4 ? 32 : 128;
    if (slash) {
        char *end;
        long b = strtol(slash + 1, &end, 10);
        if (*end || b < 0 || b > bits)
            return false;
        bits = (int)b;
    }
    if (v4)
        bits += 96;
    for (int i = 0; i < 16 && bits > 0; i++, bits -= 8) {
        unsigned char mask = bits >= 8 ? 0xff : (unsigned char)(0xff << (8 - bits));
        if ((net[i] & mask) != (a[i] & mask))
            return false;
    }
    return true;
}

static bool trusted(const char *addr, size_t len)
{
    for (int i = 0; i < xa_cfg.ntrusted_proxy; i++)
        if (edge_cidr_match(xa_cfg.trusted_proxy[i], addr, len))
            return true;
    return false;
}

void edge_client_addr(const char *peer, const char *xff, char *out, size_t len)
{
    snprintf(out, len, "%s", peer);
    if (!xff || !trusted(peer, strlen(peer)))
        return;
    /* walk X-Forwarded-For from the right: each trusted hop vouches for the
     * address to its left; the first address not trusted is the client */
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',')
            start--;
        unsigned char tmp[16];
        if (!addr_parse(start, (size_t)(end - start), tmp))
            return; /* garbage: keep the last address we could believe */
        const char *s = start;
        size_t n = (size_t)(end - start);
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        snprintf(out, len, "%.*s", (int)n, s);
        if (!trusted(s, n))
            return;
        end = start > xff ? start - 1 : xff;
    }
}

/* ---- framing ---- */

int edge_framing_check(int ncl, const char *const *cls, bool chunked)
{
    if (ncl > 0 && chunked)
        return -1;
    for (int i = 1; i < ncl; i++)
        if (strcmp(cls[i], cls[0]) != 0)
            return -1;
    for (int i = 0; i < ncl; i++) {
        const char *p = cls[i];
        if (!*p)
            return -1;
        for (; *p; p++)
            if (*p < '0' || *p > '9')
                return -1;
    }
    return 0;
}

/* ---- body budgets ---- */

#define SLOTS 1024

static pthread_mutex_t budget_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char addr[48];
    size_t bytes;
} slots[SLOTS];
static size_t total_bytes;

static unsigned slot_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % SLOTS;
}

int edge_budget_take(const char *addr, size_t n)
{
    int rc = 0;
    pthread_mutex_lock(&budget_lock);
    unsigned h = slot_hash(addr), free_slot = SLOTS;
    unsigned i;
    for (i = 0; i < SLOTS; i++) {
        unsigned k = (h + i) % SLOTS;
        if (slots[k].bytes && strcmp(slots[k].addr, addr) == 0)
            break;
        if (!slots[k].bytes && free_slot == SLOTS)
            free_slot = k;
    }
    unsigned k = i < SLOTS ? (h + i) % SLOTS : free_slot;
    if (total_bytes + n > EDGE_BODY_TOTAL_MAX)
        rc = -2;
    else if (k == SLOTS || (i < SLOTS && slots[k].bytes + n > EDGE_BODY_PER_ADDR_MAX) ||
             n > EDGE_BODY_PER_ADDR_MAX)
        rc = -1;
    else {
        if (i == SLOTS)
            snprintf(slots[k].addr, sizeof(slots[k].addr), "%s", addr);
        slots[k].bytes += n;
        total_bytes += n;
    }
    pthread_mutex_unlock(&budget_lock);
    return rc;
}

void edge_budget_give(const char *addr, size_t n)
{
    if (!n)
        return;
    pthread_mutex_lock(&budget_lock);
    unsigned h = slot_hash(addr);
    for (unsigned i = 0; i < SLOTS; i++) {
        unsigned k = (h + i) % SLOTS;
        if (slots[k].bytes && strcmp(slots[k].addr, addr) == 0) {
            size_t d = n < slots[k].bytes ? n : slots[k].bytes;
            slots[k].bytes -= d;
            total_bytes -= d;
            break;
        }
    }
    pthread_mutex_unlock(&budget_lock);
}
