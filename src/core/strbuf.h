/*
 * strbuf.h - growable byte string.
 *
 * Rules:
 *  - buf is never NULL: after strbuf_init it points to a static empty
 *    string until the first append, so it can always be printed.
 *  - buf is always NUL-terminated at buf[len]; the content may also hold
 *    NUL bytes (it is binary safe), len is the truth.
 *  - strbuf_release frees the memory and leaves the buffer initialised
 *    (empty), so it can be reused or released again.
 *  - Allocation failure aborts: xiaoan treats out-of-memory as fatal.
 */
#ifndef XA_STRBUF_H
#define XA_STRBUF_H

#include "core/compat.h"

struct strbuf {
    size_t alloc;
    size_t len;
    char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT {0, 0, strbuf_empty}

/* A (pointer, length) view; not NUL-terminated unless said so. */
struct xa_str {
    const char *ptr;
    size_t len;
};

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Give the buffer to the caller (free() it); sb becomes empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) XA_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
/* Append s escaped for HTML text or attribute context. */
void strbuf_add_html(struct strbuf *sb, const char *s);

#endif
