/*
 * imgmeta.c - removing metadata (EXIF, XMP, comments, text) from uploaded
 * images, leaving the pixels and what is needed to show them.
 */
#include "core/compat.h"
#include "domain/imgmeta.h"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/*
 * JPEG: markers up to the first SOS are segments with a length; APP1..APP15
 * (EXIF, XMP, Photoshop IRB with IPTC, maker data) and COM are dropped, APP0
 * (JFIF) is kept, APP2 only when it is an ICC colour profile, APP14 (Adobe
 * colour transform) is kept. From SOS on the entropy-coded data and any later
 * markers are copied (metadata after the scan is ignored by decoders but is
 * removed too when it is a well-formed segment before EOI is not attempted).
 */
static size_t strip_jpeg(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 0, i = 2;
    out[o++] = 0xFF;
    out[o++] = 0xD8;
    while (i + 4 <= n) {
        if (in[i] != 0xFF)
            break; /* not a marker: structure broken, copy the rest */
        unsigned char m = in[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD9 || m == 0xDA || (m >= 0xD0 && m <= 0xD7) || m == 0x01)
            break; /* EOI, start of scan, or a marker without length */
        size_t len = (size_t)in[i + 2] << 8 | in[i + 3];
        if (len < 2 || i + 2 + len > n)
            break;
        bool drop = false;
        if (m >= 0xE1 && m <= 0xEF && m != 0xEE)
            drop = !(m == 0xE2 && len >= 14 && memcmp(in + i + 4, "ICC_PROFILE", 12) == 0);
        if (m == 0xFE)
            drop = true;
        if (!drop) {
            memcpy(out + o, in + i, 2 + len);
            o += 2 + len;
        }
        i += 2 + len;
    }
    memcpy(out + o, in + i, n - i);
    return o + n - i;
}

/* PNG: chunks tEXt, zTXt, iTXt (text, XMP), eXIf and tIME are dropped; the
 * rest are copied whole with their CRCs. */
static size_t strip_png(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 8, i = 8;
    memcpy(out, in, 8);
    while (i + 12 <= n) {
        uint32_t len = be32(in + i);
        if (len > n - i - 12)
            break;
        const unsigned char *type = in + i + 4;
        bool drop = memcmp(type, "tEXt", 4) == 0 || memcmp(type, "zTXt", 4) == 0 ||
                    memcmp(type, "iTXt", 4) == 0 || memcmp(type, "eXIf", 4) == 0 ||
                    memcmp(type, "tIME", 4) == 0;
        if (!drop) {
            memcpy(out + o, in + i, 12 + (size_t)len);
            o += 12 + (size_t)len;
        }
        i += 12 + (size_t)len;
        if (memcmp(type, "IEND", 4) == 0) {
            i = n; /* nothing after the end */
            break;
        }
    }
    memcpy(out + o, in + i, n - i);
    return o + n - i;
}

/* WebP: the RIFF chunks EXIF and XMP are dropped and the VP8X flags for
 * them cleared; the RIFF size is rewritten. */
static size_t strip_webp(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 12, i = 12;
    memcpy(out, in, 12);
    size_t vp8x_at = 0;
    while (i + 8 <= n) {
        uint32_t len = le32(in + i + 4);
        size_t padded = (size_t)len + (len & 1);
        if (padded > n - i - 8)
            break;
        const unsigned char *type = in + i;
        bool drop = memcmp(type, "EXIF", 4) == 0 || memcmp(type, "XMP ", 4) == 0;
        if (!drop) {
            if (memcmp(type, "VP8X", 4) == 0 && len >= 4)
                vp8x_at = o;
            memcpy(out + o, in + i, 8 + padded);
            o += 8 + padded;
        }
        i += 8 + padded;
    }
    memcpy(out + o, in + i, n - i);
    o += n - i;
    if (vp8x_at)
        out[vp8x_at + 8] &= (unsigned char)~(0x08 | 0x04); /* EXIF, XMP flags */
    if (o >= 8)
        put_le32(out + 4, (uint32_t)(o - 8));
    return o;
}

size_t imgmeta_strip(const char *mime, const unsigned char *in, size_t n, unsigned char *out)
{
    if (strcmp(mime, "image/jpeg") == 0 && n >= 2 && in[0] == 0xFF && in[1] == 0xD8)
        return strip_jpeg(in, n, out);
    if (strcmp(mime, "image/png") == 0 && n >= 8 && memcmp(in, "\x89PNG\r\n\x1a\n", 8) == 0)
        return strip_png(in, n, out);
    if (strcmp(mime, "image/webp") == 0 && n >= 12 && memcmp(in, "RIFF", 4) == 0 &&
        memcmp(in + 8, "WEBP", 4) == 0)
        return strip_webp(in, n, out);
    memcpy(out, in, n);
    return n;
}
