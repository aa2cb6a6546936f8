/*
 * arena.h - region allocator, one per request.
 *
 * Everything allocated from an arena lives until arena_destroy; there is no
 * per-object free. Allocation failure aborts. arena_destroy(NULL) is a no-op.
 */
#ifndef XA_ARENA_H
#define XA_ARENA_H

#include "core/compat.h"

struct arena;

struct arena *arena_create(void);
void arena_destroy(struct arena *a);
/* Zeroed, 16-byte aligned memory of n bytes. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) XA_PRINTF(2, 3);

#endif
