/*
 * pdf.c - renders an xd_doc as a PDF: title block, tables with grid lines
 * and the header row repeated on every page, footnotes, page numbers.
 *
 * Two passes over the same layout code: the first (draw == false) measures
 * rows and counts pages, the second draws, so "共 m 页" is known on page 1
 * and both passes break pages at the same rows.
 */
#include "core/compat.h"
#include "export/pdf_int.h"

#include <math.h>

#define MARGIN 36.0
#define TOP 40.0
#define BOTTOM 48.0 /* space kept at the foot for the page number */
#define PAD 3.0
#define FS (p->d->pdf_font > 0 ? p->d->pdf_font : 8.5) /* table font size */

struct pass {
    struct pdfw *w;
    const struct xd_doc *d;
    bool draw;
    int page, pages;
    double y;
    double *heights[XD_MAX_TABLES]; /* row heights, measured in pass 1 */
    double head_h[XD_MAX_TABLES];
};

static double bottom(const struct pass *p)
{
    return p->w->h - BOTTOM;
}

static void next_page(struct pass *p)
{
    if (p->draw) {
        pdfw_footer(p->w, p->page, p->pages);
        cairo_show_page(p->w->cr);
    }
    p->page++;
    p->y = TOP;
}

static void col_widths(const struct pass *p, const struct xd_table *t, double *cw)
{
    double sum = 0, avail = p->w->w - 2 * MARGIN;
    for (int c = 0; c < t->ncols; c++)
        sum += t->cols[c].width;
    for (int c = 0; c < t->ncols; c++)
        cw[c] = sum > 0 ? avail * t->cols[c].width / sum : avail;
}

static void cell_text(const struct xd_cell *c, char *buf, size_t len, const char **out)
{
    *out = xd_cell_str(c, buf, len);
}

/* Height of one row: the tallest cell plus padding. */
static double row_height(struct pass *p, const struct xd_table *t, const double *cw, size_t r)
{
    double h = 0;
    char buf[64];
    for (int c = 0; c < t->ncols; c++) {
        const char *s;
        cell_text(xd_cell_at(t, r, c), buf, sizeof(buf), &s);
        if (!*s)
            continue;
        double ch = pdfw_measure(p->w, s, FS, t->totals[r], cw[c] - 2 * PAD);
        if (ch > h)
            h = ch;
    }
    if (h < FS * 1.3)
        h = FS * 1.3;
    return h + 2 * PAD;
}

static double header_height(struct pass *p, const struct xd_table *t, const double *cw)
{
    double h = FS * 1.3;
    for (int c = 0; c < t->ncols; c++) {
        double ch = pdfw_measure(p->w, t->cols[c].title, FS, true, cw[c] - 2 * PAD);
        if (ch > h)
            h = ch;
    }
    return h + 2 * PAD;
}

static void draw_cells(struct pass *p, const struct xd_table *t, const double *cw, double h,
                       const char *const *texts, bool bold, unsigned fill, bool header)
{
    cairo_t *cr = p->w->cr;
    double x = MARGIN;
    for (int c = 0; c < t->ncols; c++) {
        cairo_rectangle(cr, x, p->y, cw[c], h);
        if (fill) {
            pdfw_rgb(p->w, fill);
            cairo_fill_preserve(cr);
        }
        pdfw_rgb(p->w, 0x000000);
        cairo_stroke(cr);
        PangoAlignment al = header          ? PANGO_ALIGN_CENTER
                            : t->cols[c].numeric ? PANGO_ALIGN_RIGHT
                                                 : PANGO_ALIGN_LEFT;
        if (texts[c] && *texts[c])
            pdfw_text(p->w, x + PAD, p->y + PAD, texts[c], FS, bold, cw[c] - 2 * PAD, al);
        x += cw[c];
    }
}

static void draw_header(struct pass *p, int ti, const struct xd_table *t, const double *cw)
{
    if (p->draw) {
        const char *texts[XD_MAX_COLS];
        for (int c = 0; c < t->ncols; c++)
            texts[c] = t->cols[c].title;
        draw_cells(p, t, cw, p->head_h[ti], texts, true, 0xD9E1F2, true);
    }
    p->y += p->head_h[ti];
}

static void layout_table(struct pass *p, int ti)
{
    const struct xd_table *t = p->d->tables[ti];
    double cw[XD_MAX_COLS];
    col_widths(p, t, cw);
    if (!p->draw) {
        p->head_h[ti] = header_height(p, t, cw);
        for (size_t r = 0; r < t->nrows; r++)
            p->heights[ti][r] = row_height(p, t, cw, r);
    }
    double name_h = 0;
    if (t->name && *t->name)
        name_h = pdfw_measure(p->w, t->name, 11, true, p->w->w - 2 * MARGIN) + 4;
    double first = t->nrows ? p->heights[ti][0] : 0;
    if (p->y + name_h + p->head_h[ti] + first > bottom(p) && p->y > TOP)
        next_page(p);
    if (name_h > 0) {
        if (p->draw)
            pdfw_text(p->w, MARGIN, p->y, t->name, 11, true, p->w->w - 2 * MARGIN,
                      PANGO_ALIGN_LEFT);
        p->y += name_h;
    }
    if (t->ncols == 0)
        return;
    draw_header(p, ti, t, cw);
    char bufs[XD_MAX_COLS][64];
    for (size_t r = 0; r < t->nrows; r++) {
        double h = p->heights[ti][r];
        if (p->y + h > bottom(p)) {
            next_page(p);
            draw_header(p, ti, t, cw);
        }
        if (p->draw) {
            const char *texts[XD_MAX_COLS];
            for (int c = 0; c < t->ncols; c++)
                cell_text(xd_cell_at(t, r, c), bufs[c], sizeof(bufs[c]), &texts[c]);
            draw_cells(p, t, cw, h, texts, t->totals[r], t->totals[r] ? 0xF2F2F2 : 0, false);
        }
        p->y += h;
    }
    p->y += 12;
}

static void layout(struct pass *p)
{
    const struct xd_doc *d = p->d;
    struct pdfw *w = p->w;
    double width = w->w - 2 * MARGIN;
    p->page = 1;
    p->y = TOP;
    /* an issued document: its number (文号) above the title and a rule */
    if (d->docno && *d->docno) {
        if (p->draw)
            pdfw_text(w, MARGIN, p->y, d->docno, 10.5, false, width, PANGO_ALIGN_CENTER);
        p->y += pdfw_measure(w, d->docno, 10.5, false, width) + 4;
        if (p->draw) {
            pdfw_rgb(w, 0xC00000);
            cairo_set_line_width(w->cr, 1.2);
            cairo_move_to(w->cr, MARGIN, p->y);
            cairo_line_to(w->cr, MARGIN + width, p->y);
            cairo_stroke(w->cr);
            pdfw_rgb(w, 0x000000);
        }
        p->y += 10;
    }
    if (p->draw)
        pdfw_text(w, MARGIN, p->y, d->title, 16, true, width, PANGO_ALIGN_CENTER);
    p->y += pdfw_measure(w, d->title, 16, true, width) + 4;
    if (d->subtitle && *d->subtitle) {
        if (p->draw) {
            pdfw_rgb(w, 0x444444);
            pdfw_text(w, MARGIN, p->y, d->subtitle, 9.5, false, width, PANGO_ALIGN_CENTER);
            pdfw_rgb(w, 0x000000);
        }
        p->y += pdfw_measure(w, d->subtitle, 9.5, false, width) + 8;
    }
    for (int i = 0; i < d->nparas; i++) {
        double h = pdfw_measure(w, d->paras[i], 10.5, false, width) + 4;
        if (p->y + h > bottom(p))
            next_page(p);
        if (p->draw)
            pdfw_text(w, MARGIN, p->y, d->paras[i], 10.5, false, width, PANGO_ALIGN_LEFT);
        p->y += h;
    }
    if (d->nparas)
        p->y += 8;
    for (int ti = 0; ti < d->ntables; ti++)
        layout_table(p, ti);
    for (int i = 0; i < d->nnotes; i++) {
        double h = pdfw_measure(w, d->notes[i], 8.5, false, width) + 2;
        if (p->y + h > bottom(p))
            next_page(p);
        if (p->draw) {
            pdfw_rgb(w, 0x444444);
            pdfw_text(w, MARGIN, p->y, d->notes[i], 8.5, false, width, PANGO_ALIGN_LEFT);
            pdfw_rgb(w, 0x000000);
        }
        p->y += h;
    }
    if (d->nsign)
        p->y += 14;
    for (int i = 0; i < d->nsign; i++) {
        double h = pdfw_measure(w, d->sign[i], 10.5, false, width) + 6;
        if (p->y + h > bottom(p))
            next_page(p);
        if (p->draw)
            pdfw_text(w, MARGIN, p->y, d->sign[i], 10.5, false, width - 24, PANGO_ALIGN_RIGHT);
        p->y += h;
    }
    if (d->issuer) {
        /* signers on the left, beside the issuing unit, seal line and date
         * on the right; kept together on one page */
        double rw = width * 0.4, rx = MARGIN + width - rw;
        double lw = width - rw - 12;
        double sh = d->signers && *d->signers ? pdfw_measure(w, d->signers, 10, false, lw) : 0;
        double need = 10 + (sh > 3 * 15 ? sh : 3 * 15);
        if (p->y + need > bottom(p))
            next_page(p);
        p->y += 10;
        if (sh > 0 && p->draw)
            pdfw_text(w, MARGIN, p->y, d->signers, 10, false, lw, PANGO_ALIGN_LEFT);
        double y0 = p->y;
        const char *lines[3] = {d->issuer, "（盖章）", d->issue_date};
        for (int i = 0; i < 3; i++) {
            if (!lines[i] || !*lines[i])
                continue;
            if (p->draw)
                pdfw_text(w, rx, p->y, lines[i], 10.5, i == 0, rw, PANGO_ALIGN_CENTER);
            p->y += 15;
        }
        if (p->y < y0 + sh)
            p->y = y0 + sh;
    }
    if (p->draw) {
        pdfw_footer(w, p->page, p->pages);
        cairo_show_page(w->cr);
    }
}

int xd_render_pdf(const struct xd_doc *d, struct strbuf *out)
{
    struct pdfw w;
    if (pdfw_open(&w, out, d->landscape, d->title) < 0) {
        pdfw_close(&w);
        return -1;
    }
    if (d->created > 0) { /* a frozen document: its own date, the same bytes each time */
        time_t t = (time_t)(d->created / 1000);
        struct tm tm;
        char iso[32];
        gmtime_r(&t, &tm);
        strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
        cairo_pdf_surface_set_metadata(w.surf, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    }
    struct pass p = {.w = &w, .d = d};
    for (int ti = 0; ti < d->ntables; ti++) {
        p.heights[ti] = calloc(d->tables[ti]->nrows + 1, sizeof(double));
        if (!p.heights[ti])
            abort();
    }
    p.draw = false;
    layout(&p);
    p.pages = p.page;
    p.draw = true;
    layout(&p);
    for (int ti = 0; ti < d->ntables; ti++)
        free(p.heights[ti]);
    return pdfw_close(&w);
}
