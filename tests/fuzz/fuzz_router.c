/*
 * fuzz_router - method + path through router_match over the real route
 * table: any bytes must give a route or none, parameters within the path,
 * never a crash. Input: first byte picks the method, the rest is the path.
 */
#include "core/compat.h"
#include "http/http.h"
#include <assert.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "X"};
    if (size < 1)
        return 0;
    const char *method = methods[data[0] % XA_ARRAY_LEN(methods)];
    char *path = malloc(size);
    memcpy(path, data + 1, size - 1);
    path[size - 1] = '\0';
    struct arena *a = arena_create();
    char *seg[8] = {0};
    bool known = false;
    const struct route *rt = router_match(method, path, seg, 8, a, &known);
    if (rt) {
        /* HEAD is answered by the GET route */
        assert(strcmp(rt->method, method) == 0 ||
               (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
        for (int i = 0; i < 8 && seg[i]; i++)
            assert(strlen(seg[i]) <= strlen(path));
    }
    arena_destroy(a);
    free(path);
    return 0;
}
