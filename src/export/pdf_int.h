/*
 * pdf_int.h - the cairo/pango helpers shared by the PDF renderers of
 * src/export (table documents, the rectification notice, QR labels).
 * Not for outside src/export/.
 */
#ifndef XA_PDF_INT_H
#define XA_PDF_INT_H

#include "core/compat.h"
#include "export/export.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#define PDF_A4_W 595.276
#define PDF_A4_H 841.89

/* One PDF being written into out. */
struct pdfw {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    struct strbuf *out;
    double w, h;
    bool locked; /* holds the renderer lock (pdfw.c) */
};

/* Opens an A4 PDF (landscape when asked) writing into out; 0 or -1. Takes
 * the process-wide renderer lock: pdfw_close must follow, even after a
 * failed open. */
int pdfw_open(struct pdfw *w, struct strbuf *out, bool landscape, const char *title);
/* Finishes the document and frees everything; 0 if the surface had no
 * error, -1 otherwise (out then holds a partial file). Safe after a failed
 * open. */
int pdfw_close(struct pdfw *w);

/* A layout of text in the document font: size in points, bold or not,
 * wrapped to width points (<= 0: no wrap), aligned. Caller unrefs it. */
PangoLayout *pdfw_layout(struct pdfw *w, const char *text, double size, bool bold, double width,
                         PangoAlignment align);
/* Height in points of text laid out as above. */
double pdfw_measure(struct pdfw *w, const char *text, double size, bool bold, double width);
/* Draws text with its top-left corner at (x, y); returns its height. */
double pdfw_text(struct pdfw *w, double x, double y, const char *text, double size, bool bold,
                 double width, PangoAlignment align);
/* "第 n 页 共 m 页" centred at the foot of the page. */
void pdfw_footer(struct pdfw *w, int page, int pages);
/* Sets the source colour from 0xRRGGBB. */
void pdfw_rgb(struct pdfw *w, unsigned rgb);

#endif
