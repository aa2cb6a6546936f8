/*
 * photos.c - /api/v1/photos: evidence photos, stored by content hash.
 *
 * The body is the raw image (Content-Type image/jpeg, image/png or
 * image/webp); the type is checked against the magic bytes. The same bytes
 * in the same school return the same id with "reused": true; the same bytes
 * in another school are counted in "other_orgs" (a reused photo, SPEC §11).
 */
#include "core/compat.h"
#include "api/api_risk.h"
#include "domain/imgmeta.h"
#include "store/store_risk.h"
#include <sodium.h>

int api_photo_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_photo_locate(s, id, path, len);
}

/* The mime type the bytes really are, or NULL. */
static const char *sniff(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0) return "image/webp";
    return NULL;
}

int api_photo_store(struct req *r, int64_t org_id, const char *org_path, int64_t *id, bool *reused,
                    int64_t *elsewhere)
{
    const char *ct = http_header_get(r, "Content-Type");
    char declared[32] = "";
    if (ct) {
        size_t n = strcspn(ct, "; ");
        if (n < sizeof(declared)) {
            memcpy(declared, ct, n);
            declared[n] = '\0';
            for (char *p = declared; *p; p++)
                if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        }
    }
    if (strcmp(declared, "image/jpg") == 0) snprintf(declared, sizeof(declared), "image/jpeg");
    if (strcmp(declared, "image/jpeg") && strcmp(declared, "image/png") &&
        strcmp(declared, "image/webp"))
        return http_error(r, 415, "unsupported_type", "Content-Type",
                          "只支持 JPEG、PNG、WebP 格式的图片"),
               -1;
    if (r->body.len == 0) return http_error(r, 422, "required", "body", "图片内容为空"), -1;
    if (r->body.len > PHOTO_MAX_BYTES)
        return http_error(r, 413, "too_large", "body", "图片不能超过 5 MB"), -1;
    const char *real = sniff((const unsigned char *)r->body.buf, r->body.len);
    if (!real || strcmp(real, declared) != 0)
        return http_error(r, 422, "bad_image", "body", "文件内容不是声明的图片格式（%s）",
                          declared),
               -1;
    /* a signed-in staff member's camera time and position are kept as
     * columns (shown where a permission allows); a signed-out upload's
     * never are */
    struct img_capture cap;
    bool has_cap = r->user && imgmeta_capture(real, (const unsigned char *)r->body.buf,
                                              r->body.len, &cap);
    /* metadata (EXIF GPS, owner, serial) never reaches the store: the
     * bytes kept and hashed are the stripped ones */
    unsigned char *clean = arena_alloc(r->arena, r->body.len);
    size_t clen = imgmeta_strip(real, (const unsigned char *)r->body.buf, r->body.len, clean);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, clean, clen);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    *id = store_photo_put(r->store, org_id, org_path, hex, real, (const char *)clean, clen,
                          r->user ? r->user->id : 0, r->now, reused, elsewhere);
    if (*id < 0) return http_store_error(r), -1;
    if (has_cap && !*reused &&
        store_photo_set_capture(r->store, *id, cap.has_time ? cap.taken : NULL, cap.has_gps,
                                cap.lat, cap.lon))
        return http_store_error(r), -1;
    return 0;
}

int api_photo_upload(struct req *r)
{
    if (!r->org_id)
        return http_error(r, 422, "required", "school_id", "请用 ?school_id= 指明照片所属学校");
    char path[96], kind[16];
    if (store_org_locate(r->store, r->org_id, path, sizeof(path), kind, sizeof(kind)) != 1)
        return http_store_error(r);
    if (strcmp(kind, "school") != 0)
        return http_error(r, 422, "invalid", "school_id", "照片必须属于一所学校");
    struct change c;
    if (api_begin(r, &c)) return 0;
    int64_t id = 0, elsewhere = 0;
    bool reused = false;
    if (api_photo_store(r, r->org_id, r->org_path, &id, &reused, &elsewhere)) {
        store_change_abort(&c); /* answered */
        return 0;
    }
    json_t *meta = NULL;
    if (store_photo_uploaded(&c, id, reused, r->org_id, r->org_path, &meta)) return api_fail(r, &c);
    if (store_change_commit(&c)) {
        json_decref(meta);
        return http_store_error(r);
    }
    json_object_set_new(meta, "reused", json_boolean(reused));
    json_object_set_new(meta, "url", json_sprintf("/api/v1/photos/%lld", (long long)id));
    return http_json(r, reused ? 200 : 201, meta);
}

/* A covert inspection's photo stays with the inspecting side until the
 * inspection is published: to anyone else (the school) it does not exist.
 * 1 when hidden (404 sent). */
static int covert_hidden(struct req *r)
{
    char ipath[96];
    int rc = store_photo_covert(r->store, r->id, ipath, sizeof(ipath));
    if (rc < 0)
        return http_store_error(r), 1;
    if (rc == 1 && !req_can(r, PERM_INSPECT_READ, ipath))
        return http_error(r, 404, "not_found", "id", "照片不存在"), 1;
    return 0;
}

int api_photo_get(struct req *r)
{
    if (covert_hidden(r))
        return 0;
    char mime[32];
    strbuf_reset(&r->out);
    int rc = store_photo_read(r->store, r->id, mime, sizeof(mime), &r->out);
    if (rc < 0) return http_store_error(r);
    if (rc == 0) return http_error(r, 404, "not_found", "id", "照片不存在");
    r->status = 200;
    r->content_type = arena_strdup(r->arena, mime);
    http_add_header(r, "Cache-Control", "private, max-age=86400, immutable");
    return 0;
}

int api_photo_meta(struct req *r)
{
    if (covert_hidden(r))
        return 0;
    json_t *m = store_photo_meta(r->store, r->id);
    if (!m)
        return http_store_error(r);
    /* when and where the camera says: for those who manage the school's
     * hazards (not every teacher) */
    if (req_can(r, PERM_HAZARD_MANAGE, r->obj_path)) {
        json_t *c = store_photo_capture(r->store, r->id);
        if (!c) {
            json_decref(m);
            return http_store_error(r);
        }
        json_object_set_new(m, "capture", c);
    }
    return http_json(r, 200, m);
}
