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

/* ---- capture time and position (EXIF), read before stripping ---- */

struct tiff {
    const unsigned char *b;
    size_t n;
    bool le;
};

static unsigned t16(const struct tiff *t, size_t o)
{
    if (o + 2 > t->n)
        return 0;
    return t->le ? (unsigned)(t->b[o] | t->b[o + 1] << 8) : (unsigned)(t->b[o] << 8 | t->b[o + 1]);
}

static uint32_t t32(const struct tiff *t, size_t o)
{
    if (o + 4 > t->n)
        return 0;
    return t->le ? le32(t->b + o) : be32(t->b + o);
}

/* The offset of the value of tag in the IFD at ifd (0 if absent). The
 * value is inline when it fits in 4 bytes, else at the stored offset. */
static size_t ifd_find(const struct tiff *t, size_t ifd, unsigned tag, unsigned *type,
                       uint32_t *count)
{
    unsigned entries = t16(t, ifd);
    for (unsigned i = 0; i < entries && i < 512; i++) {
        size_t e = ifd + 2 + (size_t)i * 12;
        if (e + 12 > t->n)
            return 0;
        if (t16(t, e) != tag)
            continue;
        *type = t16(t, e + 2);
        *count = t32(t, e + 4);
        static const unsigned size[] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};
        size_t bytes = (*type < 13 ? size[*type] : 1) * (size_t)*count;
        size_t at = bytes <= 4 ? e + 8 : t32(t, e + 8);
        return at + bytes <= t->n && bytes < 4096 ? at : 0;
    }
    return 0;
}

/* Degrees from three RATIONALs (degrees, minutes, seconds). */
static bool dms(const struct tiff *t, size_t at, double *out)
{
    double v = 0, scale = 1;
    for (int i = 0; i < 3; i++, scale *= 60) {
        uint32_t num = t32(t, at + (size_t)i * 8), den = t32(t, at + (size_t)i * 8 + 4);
        if (!den)
            return i > 0 ? (*out = v, true) : false;
        v += (double)num / den / scale;
    }
    *out = v;
    return true;
}

bool imgmeta_capture(const char *mime, const unsigned char *in, size_t n, struct img_capture *out)
{
    memset(out, 0, sizeof(*out));
    if (strcmp(mime, "image/jpeg") != 0 || n < 4 || in[0] != 0xFF || in[1] != 0xD8)
        return false;
    size_t i = 2;
    while (i + 4 <= n && in[i] == 0xFF && in[i + 1] != 0xDA && in[i + 1] != 0xD9) {
        size_t len = (size_t)in[i + 2] << 8 | in[i + 3];
        if (len < 2 || i + 2 + len > n)
            return false;
        if (in[i + 1] == 0xE1 && len >= 16 && memcmp(in + i + 4, "Exif\0\0", 6) == 0) {
            struct tiff t = {in + i + 10, len - 8, in[i + 10] == 'I'};
            if (t16(&t, 2) != 42)
                return false;
            size_t ifd0 = t32(&t, 4);
            unsigned type;
            uint32_t count;
            size_t at = ifd_find(&t, ifd0, 0x8769, &type, &count); /* Exif IFD */
            if (at) {
                size_t exif = t32(&t, at);
                size_t dt = ifd_find(&t, exif, 0x9003, &type, &count); /* DateTimeOriginal */
                if (dt && type == 2 && count >= 19) {
                    char s[20];
                    memcpy(s, t.b + dt, 19);
                    s[19] = '\0';
                    /* "YYYY:MM:DD HH:MM:SS" -> "YYYY-MM-DDTHH:MM:SS" */
                    if (s[4] == ':' && s[7] == ':' && s[10] == ' ') {
                        s[4] = s[7] = '-';
                        s[10] = 'T';
                        bool ok = true;
                        for (int k = 0; k < 19; k++)
                            ok = ok && (s[k] == '-' || s[k] == 'T' || s[k] == ':' ||
                                        (s[k] >= '0' && s[k] <= '9'));
                        if (ok) {
                            memcpy(out->taken, s, 20);
                            out->has_time = true;
                        }
                    }
                }
            }
            at = ifd_find(&t, ifd0, 0x8825, &type, &count); /* GPS IFD */
            if (at) {
                size_t gps = t32(&t, at);
                size_t latr = ifd_find(&t, gps, 1, &type, &count);
                size_t lat = ifd_find(&t, gps, 2, &type, &count);
                size_t lonr = ifd_find(&t, gps, 3, &type, &count);
                size_t lon = ifd_find(&t, gps, 4, &type, &count);
                if (lat && lon && dms(&t, lat, &out->lat) && dms(&t, lon, &out->lon)) {
                    if (latr && t.b[latr] == 'S')
                        out->lat = -out->lat;
                    if (lonr && t.b[lonr] == 'W')
                        out->lon = -out->lon;
                    out->has_gps = out->lat >= -90 && out->lat <= 90 && out->lon >= -180 &&
                                   out->lon <= 180;
                }
            }
            return out->has_time || out->has_gps;
        }
        i += 2 + len;
    }
    return false;
}
