/*
 * imgmeta.h - removing metadata from uploaded images.
 *
 * Photos reach other people (a tip-off photo reaches the reported school's
 * teachers); what the camera wrote into the file - owner name, serial
 * number, GPS position, capture time, editing history - must not. Stripping
 * happens at upload, so the stored bytes are clean and the content hash is
 * taken over them; the server time and the uploader are kept as columns.
 */
#ifndef XA_IMGMETA_H
#define XA_IMGMETA_H

#include "core/compat.h"

/* Copies the image in (n bytes, of type mime: image/jpeg, image/png or
 * image/webp) into out (at least n bytes) without its metadata: JPEG
 * APP1-APP13/APP15 segments and comments (APP0 JFIF, APP2 ICC profiles and
 * APP14 Adobe are kept), PNG tEXt/zTXt/iTXt/eXIf/tIME chunks, WebP EXIF and
 * XMP chunks. Where the structure stops making sense the rest is copied as
 * it is (a decoder stops there too). Returns the length written (<= n). */
size_t imgmeta_strip(const char *mime, const unsigned char *in, size_t n, unsigned char *out);

/* What the camera says about when and where a staff photo was taken, read
 * from a JPEG's EXIF before it is stripped: taken "YYYY-MM-DDTHH:MM:SS" (the
 * camera's local time), lat/lon in degrees (south and west negative). True
 * when anything was found. */
struct img_capture {
    char taken[20];
    bool has_time, has_gps;
    double lat, lon;
};
bool imgmeta_capture(const char *mime, const unsigned char *in, size_t n, struct img_capture *out);

#endif
