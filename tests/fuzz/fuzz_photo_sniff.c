/*
 * fuzz_photo_sniff - the magic-byte check of uploaded photos (photos.c,
 * included so its static functions are reachable): any bytes give one of
 * the three image types or none, and never read past the buffer (ASan).
 */
#include "../../src/api/photos.c"
#include <assert.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size heap copy, so a read past the end is caught */
    unsigned char *b = malloc(size ? size : 1);
    memcpy(b, data, size);
    const char *t = sniff(b, size);
    assert(!t || strcmp(t, "image/jpeg") == 0 || strcmp(t, "image/png") == 0 ||
           strcmp(t, "image/webp") == 0);
    free(b);
    return 0;
}
