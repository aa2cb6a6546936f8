/*
 * demo_util.c - lookups shared by the demo parts: a demo user with the org
 * of their first role, the hazard actor acting as that user, the demo
 * counties and which of them holds an org path.
 */
#include "core/compat.h"
#include "api/api_hazard.h"
#include "core/strbuf.h"
#include "demo/demo.h"
#include "store/store_risk.h"
#include <cairo.h>
#include <jpeglib.h>
#include <sodium.h>

const char *const demo_county_slugs[DEMO_COUNTIES] = {"huarong", "yueyangxian", "xiangyin"};

int demo_person_load(struct store *s, const char *username, struct demo_person *p)
{
    char hash[256];
    bool active;
    memset(p, 0, sizeof(*p));
    int rc = store_user_credentials(s, username, &p->id, hash, sizeof(hash), &active);
    if (rc != 1)
        return rc;
    snprintf(p->username, sizeof(p->username), "%s", username);
    json_t *roles = store_user_roles(s, p->id);
    if (!roles)
        return -1;
    json_t *r0 = json_array_get(roles, 0);
    snprintf(p->role, sizeof(p->role), "%s", json_string_value(json_object_get(r0, "role")));
    snprintf(p->path, sizeof(p->path), "%s", json_string_value(json_object_get(r0, "org_path")));
    snprintf(p->kind, sizeof(p->kind), "%s", json_string_value(json_object_get(r0, "org_kind")));
    p->org_id = json_integer_value(json_object_get(r0, "org_id"));
    json_decref(roles);
    return 1;
}

int demo_school_person(struct store *s, int nth, const char *suffix, struct demo_person *p)
{
    char u[48];
    snprintf(u, sizeof(u), "s%02d_%s", nth, suffix);
    return demo_person_load(s, u, p);
}

void demo_actor_of(const struct demo_person *p, const char *school_path, struct hazard_actor *a)
{
    struct principal u = {0};
    u.id = p->id;
    snprintf(u.username, sizeof(u.username), "%s", p->username);
    u.nroles = 1;
    snprintf(u.roles[0].role, sizeof(u.roles[0].role), "%s", p->role);
    u.roles[0].org_id = p->org_id;
    snprintf(u.roles[0].path, sizeof(u.roles[0].path), "%s", p->path);
    snprintf(u.roles[0].org_kind, sizeof(u.roles[0].org_kind), "%s", p->kind);
    struct req r = {0};
    r.user = &u;
    api_hazard_actor(&r, school_path, a);
}

int demo_county_of(const char *path, const struct demo_person admins[DEMO_COUNTIES])
{
    int found = -1;
    for (int c = 0; c < DEMO_COUNTIES; c++)
        if (strncmp(path, admins[c].path, strlen(admins[c].path)) == 0)
            found = c;
    return found;
}

static cairo_status_t png_sink(void *closure, const unsigned char *data, unsigned int len)
{
    strbuf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int64_t demo_photo_put(struct store *s, cairo_surface_t *sf, int64_t school_id,
                       const char *school_path, int64_t by, int64_t at)
{
    struct strbuf png = STRBUF_INIT;
    cairo_surface_write_to_png_stream(sf, png_sink, &png);
    cairo_surface_destroy(sf);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)png.buf, png.len);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    bool reused = false;
    int64_t elsewhere = 0;
    int64_t id = store_photo_put(s, school_id, school_path, hex, "image/png", png.buf, png.len, by,
                                 at, &reused, &elsewhere);
    strbuf_release(&png);
    return id;
}

unsigned char *demo_jpeg(const unsigned char *rgb, int w, int h, int quality, size_t *len)
{
    struct jpeg_compress_struct ci;
    struct jpeg_error_mgr em;
    ci.err = jpeg_std_error(&em);
    jpeg_create_compress(&ci);
    unsigned char *buf = NULL;
    unsigned long n = 0;
    jpeg_mem_dest(&ci, &buf, &n);
    ci.image_width = (JDIMENSION)w;
    ci.image_height = (JDIMENSION)h;
    ci.input_components = 3;
    ci.in_color_space = JCS_RGB;
    jpeg_set_defaults(&ci);
    jpeg_set_quality(&ci, quality, TRUE);
    jpeg_start_compress(&ci, TRUE);
    while (ci.next_scanline < ci.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)ci.next_scanline * (size_t)w * 3);
        jpeg_write_scanlines(&ci, &row, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    *len = n;
    return buf;
}
