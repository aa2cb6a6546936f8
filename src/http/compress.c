/*
 * compress.c - content coding: which coding a client accepts, and gzip of
 * dynamic answers (zlib). Static files come precompressed (.gz / .br
 * embedded next to each file by tools/precompress.mjs).
 */
#include "core/compat.h"
#include "http/http.h"
#include <strings.h>
#include <zlib.h>

bool http_accepts_coding(const char *accept, const char *coding)
{
    if (!accept)
        return false;
    size_t cl = strlen(coding);
    bool star = false;
    const char *p = accept;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *tok = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        size_t tl = (size_t)(p - tok);
        /* parameters: only q matters; q=0 (0, 0.0, 0.000) refuses */
        bool zero = false;
        while (*p && *p != ',') {
            if (*p == ';') {
                p++;
                while (*p == ' ' || *p == '\t')
                    p++;
                if ((*p == 'q' || *p == 'Q') && p[1] == '=') {
                    const char *q = p + 2;
                    zero = *q == '0';
                    if (zero && q[1] == '.')
                        for (q += 2; *q >= '0' && *q <= '9'; q++)
                            if (*q != '0')
                                zero = false;
                }
                continue;
            }
            p++;
        }
        if (tl == cl && strncasecmp(tok, coding, cl) == 0)
            return !zero; /* named: its own q decides */
        if (tl == 1 && *tok == '*')
            star = !zero;
    }
    return star;
}

int http_gzip(const void *in, size_t len, unsigned char **out, size_t *outlen)
{
    z_stream zs = {0};
    /* 15 + 16: a gzip wrapper; level 5 trades little size for much less CPU */
    if (deflateInit2(&zs, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    size_t cap = deflateBound(&zs, (uLong)len);
    unsigned char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&zs);
        return -1;
    }
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = buf;
    zs.avail_out = (uInt)cap;
    int rc = deflate(&zs, Z_FINISH);
    size_t n = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(buf);
        return -1;
    }
    *out = buf;
    *outlen = n;
    return 0;
}
