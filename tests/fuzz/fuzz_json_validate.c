/*
 * fuzz_json_validate - request bodies through the JSON parser the
 * dispatcher uses (jansson, duplicates rejected) and http_validate against
 * specs with every field type, range and enumeration. Must never crash,
 * leak, or answer anything but 0 / a 400 or 422 error body naming a field.
 */
#include "core/compat.h"
#include "http/http.h"
#include <assert.h>

static const char *const kinds[] = {"province", "city", "county", "school", NULL};
static const struct vfield spec_all[] = {
    {"name", V_STR, true, 1, 20, NULL},     {"kind", V_STR, false, 0, 0, kinds},
    {"n", V_INT, false, -5, 1000, NULL},    {"x", V_NUM, false, 0, 100, NULL},
    {"ok", V_BOOL, false, 0, 0, NULL},      {"list", V_ARR, false, 0, 3, NULL},
    {"obj", V_OBJ, false, 0, 0, NULL},      {"note", V_NULLSTR, false, 0, 500, NULL},
};
static const struct vfield spec_loose[] = {
    {"id", V_INT, false, 0, 0, NULL},
    {"title", V_STR, false, 0, 0, NULL},
};

static void check(json_t *obj, const struct vfield *spec, size_t n)
{
    struct req r = {0};
    r.arena = arena_create();
    strbuf_init(&r.out, 0);
    int rc = http_validate(&r, obj, spec, n);
    if (rc) {
        assert(r.status == 400 || r.status == 422);
        json_t *body = json_loadb(r.out.buf, r.out.len, 0, NULL);
        assert(body && json_is_object(json_object_get(body, "error")));
        json_decref(body);
    } else {
        assert(r.status == 0);
    }
    strbuf_release(&r.out);
    arena_destroy(r.arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
    if (!v)
        return 0;
    check(v, spec_all, XA_ARRAY_LEN(spec_all));
    check(v, spec_loose, XA_ARRAY_LEN(spec_loose));
    json_decref(v);
    return 0;
}
