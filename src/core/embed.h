/*
 * embed.h - files compiled into the binary (tools/embed.c writes them).
 *
 * Each table ends with an entry whose path is NULL. data is followed by a
 * NUL byte not counted in size, so text files can be used as C strings.
 */
#ifndef XA_EMBED_H
#define XA_EMBED_H

#include <stddef.h>

struct embed_file {
    const char *path;
    const unsigned char *data;
    size_t size;
};

extern const struct embed_file migrations[];
extern const struct embed_file web_assets[];

const struct embed_file *embed_find(const struct embed_file *table, const char *path);

#endif
