/*
 * labels.c - a printable sheet of QR labels for a school's risk points:
 * A4 portrait, 2 x 2 labels per page, each with a band in the point's risk
 * colour, the QR code (libqrencode, drawn as cairo rectangles), the point's
 * name, the school and the code; below them the 风险告知卡 (risks, control
 * measures, responsible person, emergency phone).
 */
#include "core/compat.h"
#include "export/pdf_int.h"

#include <qrencode.h>

#define LM 30.0
#define COLS 2
#define ROWS 2
#define GAP 10.0
#define HEAD 34.0
#define BAND 26.0
#define QR 120.0

static unsigned level_rgb(const char *level, unsigned *text)
{
    *text = 0xFFFFFF;
    if (!level)
        return 0x888888;
    if (!strcmp(level, "red"))
        return 0xD9302C;
    if (!strcmp(level, "orange"))
        return 0xEE8A1A;
    if (!strcmp(level, "yellow")) {
        *text = 0x000000;
        return 0xF5D10A;
    }
    if (!strcmp(level, "blue"))
        return 0x1F63C6;
    return 0x888888;
}

/* Draws the QR symbol of text in a size x size square; -1 if it cannot be
 * encoded. A 4-module quiet zone is kept inside the square. */
static int draw_qr(struct pdfw *w, double x, double y, double size, const char *text)
{
    QRcode *q = QRcode_encodeString(text && *text ? text : "-", 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return -1;
    double m = size / (q->width + 8);
    pdfw_rgb(w, 0x000000);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1)
                cairo_rectangle(w->cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
    cairo_fill(w->cr);
    QRcode_free(q);
    return 0;
}

static int draw_label(struct pdfw *w, double x, double y, double lw, double lh,
                      const struct xd_label *l)
{
    cairo_t *cr = w->cr;
    unsigned tc;
    unsigned bg = level_rgb(l->level, &tc);
    cairo_rectangle(cr, x, y, lw, BAND);
    pdfw_rgb(w, bg);
    cairo_fill(cr);
    char band[128];
    snprintf(band, sizeof(band), "%s风险点", l->level_zh && *l->level_zh ? l->level_zh : "");
    pdfw_rgb(w, tc);
    pdfw_text(w, x + 8, y + 5, band, 12, true, lw - 16, PANGO_ALIGN_CENTER);
    pdfw_rgb(w, 0x000000);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, x, y, lw, lh);
    cairo_stroke(cr);
    if (draw_qr(w, x + 4, y + BAND + 6, QR, l->qr) < 0)
        return -1;
    double tx = x + QR + 12, tw = lw - QR - 18, ty = y + BAND + 12;
    ty += pdfw_text(w, tx, ty, l->name ? l->name : "", 13, true, tw, PANGO_ALIGN_LEFT) + 8;
    pdfw_rgb(w, 0x333333);
    ty += pdfw_text(w, tx, ty, l->school ? l->school : "", 9, false, tw, PANGO_ALIGN_LEFT) + 6;
    if (l->code && *l->code)
        ty += pdfw_text(w, tx, ty, l->code, 8, false, tw, PANGO_ALIGN_LEFT) + 6;
    pdfw_text(w, tx, ty, "扫码巡查打卡", 8, false, tw, PANGO_ALIGN_LEFT);
    pdfw_rgb(w, 0x000000);
    /* the 风险告知卡 in the lower part */
    double cy = y + BAND + QR + 14, cx = x + 8, cw = lw - 16, bottom = y + lh - 6;
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x, cy - 4);
    cairo_line_to(cr, x + lw, cy - 4);
    cairo_stroke(cr);
    cy += pdfw_text(w, cx, cy, "风险告知卡", 12, true, cw, PANGO_ALIGN_CENTER) + 4;
    const char *rows[][2] = {
        {"主要风险", l->risks},
        {"管控措施", l->measures},
        {"责任人", l->responsible},
        {"应急电话", l->phone},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(rows) && cy < bottom; i++) {
        const char *v = rows[i][1] && *rows[i][1] ? rows[i][1] : "＿＿＿＿＿＿＿＿";
        char *t = NULL;
        if (asprintf(&t, "【%s】%s", rows[i][0], v) < 0)
            return -1;
        /* keep inside the label: shrink the font of a long text */
        double fs = 10, h = pdfw_measure(w, t, fs, false, cw);
        double room = bottom - cy - (double)(XA_ARRAY_LEN(rows) - 1 - i) * 15;
        while (h > room && fs > 6) {
            fs -= 0.5;
            h = pdfw_measure(w, t, fs, false, cw);
        }
        cairo_save(cr);
        cairo_rectangle(cr, cx, cy, cw, room > 0 ? room : 0);
        cairo_clip(cr);
        cy += pdfw_text(w, cx, cy, t, fs, false, cw, PANGO_ALIGN_LEFT) + 4;
        cairo_restore(cr);
        free(t);
    }
    return 0;
}

int xd_render_labels(const char *title, const struct xd_label *labels, size_t n,
                     struct strbuf *out)
{
    struct pdfw w;
    if (pdfw_open(&w, out, false, title) < 0) {
        pdfw_close(&w);
        return -1;
    }
    double lw = (w.w - 2 * LM - (COLS - 1) * GAP) / COLS;
    double lh = (w.h - 2 * LM - HEAD - 24 - (ROWS - 1) * GAP) / ROWS;
    size_t per = COLS * ROWS;
    int pages = n ? (int)((n + per - 1) / per) : 1;
    int rc = 0;
    for (int pg = 0; pg < pages && rc == 0; pg++) {
        pdfw_text(&w, LM, LM, title ? title : "", 13, true, w.w - 2 * LM, PANGO_ALIGN_CENTER);
        for (size_t i = 0; i < per; i++) {
            size_t k = (size_t)pg * per + i;
            if (k >= n)
                break;
            double x = LM + (double)(i % COLS) * (lw + GAP);
            double y = LM + HEAD + (double)(i / COLS) * (lh + GAP);
            if (draw_label(&w, x, y, lw, lh, &labels[k]) < 0) {
                rc = -1;
                break;
            }
        }
        cairo_set_line_width(w.cr, 0.5);
        pdfw_footer(&w, pg + 1, pages);
        cairo_show_page(w.cr);
    }
    if (pdfw_close(&w) < 0)
        rc = -1;
    return rc;
}
