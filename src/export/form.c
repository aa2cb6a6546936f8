/*
 * form.c - renders an xd_form (export.h): a one-object document such as a
 * hazard's 整改回执/销号单 or a responsibility letter, with photos.
 *
 * One pass measuring and drawing together: a block that does not fit the
 * rest of the page moves to the next; the page count is found by a first
 * pass that draws nothing (as in pdf.c).
 */
#include "core/compat.h"
#include "export/pdf_int.h"

#include <jpeglib.h>
#include <math.h>
#include <setjmp.h>

#define M 50.0
#define TOP 48.0
#define BOT 54.0
#define LABEL_W 96.0
#define PHOTO_H 150.0

struct fpass {
    struct pdfw *w;
    bool draw;
    int page, pages;
    double y;
};

static void fnext(struct fpass *p)
{
    if (p->draw) {
        pdfw_footer(p->w, p->page, p->pages);
        cairo_show_page(p->w->cr);
    }
    p->page++;
    p->y = TOP;
}

static void fneed(struct fpass *p, double h)
{
    if (p->y + h > p->w->h - BOT && p->y > TOP)
        fnext(p);
}

/* The PNG reader of cairo over a byte range. */
struct png_src {
    const unsigned char *p;
    size_t left;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
    struct png_src *s = closure;
    if (len > s->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, s->p, len);
    s->p += len;
    s->left -= len;
    return CAIRO_STATUS_SUCCESS;
}

/* libjpeg reports a broken file by longjmp to the decoder below. */
struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jb;
};

static void jpeg_fail_exit(j_common_ptr c)
{
    longjmp(((struct jpeg_fail *)c->err)->jb, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
    (void)c;
}

static void mime_free(void *p)
{
    free(p);
}

/* A JPEG as a cairo image (RGB24), or NULL when it cannot be read. Photos
 * from the phone form are JPEG (downscaled to 1600 px in the browser); a
 * larger one is decoded at 1/2..1/8 so the document stays small. At full
 * size the original bytes ride along as the surface's JPEG data, which the
 * PDF embeds as they are. */
static cairo_surface_t *jpeg_surface(const unsigned char *data, size_t len)
{
    struct jpeg_decompress_struct ci;
    struct jpeg_fail jf;
    cairo_surface_t *volatile img = NULL;
    unsigned char *volatile row = NULL;
    ci.err = jpeg_std_error(&jf.mgr);
    jf.mgr.error_exit = jpeg_fail_exit;
    jf.mgr.output_message = jpeg_quiet;
    if (setjmp(jf.jb)) {
        jpeg_destroy_decompress(&ci);
        free(row);
        if (img)
            cairo_surface_destroy(img);
        return NULL;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)len);
    jpeg_read_header(&ci, TRUE);
    ci.out_color_space = JCS_RGB;
    ci.scale_num = 1;
    ci.scale_denom = 1;
    while (ci.scale_denom < 8 && ci.image_width / ci.scale_denom > 2000)
        ci.scale_denom *= 2;
    jpeg_start_decompress(&ci);
    int w = (int)ci.output_width, h = (int)ci.output_height;
    if (w <= 0 || h <= 0 || w > 8000 || h > 8000 || ci.output_components != 3)
        longjmp(jf.jb, 1);
    img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
        longjmp(jf.jb, 1);
    row = malloc((size_t)w * 3);
    if (!row)
        longjmp(jf.jb, 1);
    unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    cairo_surface_flush(img);
    while (ci.output_scanline < ci.output_height) {
        unsigned char *rp = row;
        int y = (int)ci.output_scanline;
        jpeg_read_scanlines(&ci, &rp, 1);
        uint32_t *out = (uint32_t *)(void *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++)
            out[x] = ((uint32_t)row[3 * x] << 16) | ((uint32_t)row[3 * x + 1] << 8) |
                     row[3 * x + 2];
    }
    cairo_surface_mark_dirty(img);
    bool full = ci.scale_denom == 1;
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    free(row);
    if (full) {
        unsigned char *copy = malloc(len);
        if (copy) {
            memcpy(copy, data, len);
            if (cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, copy, len, mime_free,
                                            copy) != CAIRO_STATUS_SUCCESS)
                free(copy);
        }
    }
    return img;
}

/* Draws one photo scaled into the box (x, y, bw, bh), framed. */
static void draw_photo(struct pdfw *w, const struct xd_photo *ph, double x, double y, double bw,
                       double bh)
{
    cairo_t *cr = w->cr;
    cairo_surface_t *img = NULL;
    if (ph->data && ph->len > 8 && !memcmp(ph->data, "\x89PNG", 4)) {
        struct png_src src = {ph->data, ph->len};
        img = cairo_image_surface_create_from_png_stream(png_read, &src);
        if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(img);
            img = NULL;
        }
    } else if (ph->data && ph->len > 3 && !memcmp(ph->data, "\xFF\xD8\xFF", 3)) {
        img = jpeg_surface(ph->data, ph->len);
    }
    if (img) {
        double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        double sc = iw > 0 && ih > 0 ? fmin(bw / iw, bh / ih) : 1;
        double dx = x + (bw - iw * sc) / 2, dy = y + (bh - ih * sc) / 2;
        cairo_save(cr);
        cairo_translate(cr, dx, dy);
        cairo_scale(cr, sc, sc);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_surface_destroy(img);
    } else {
        pdfw_rgb(w, 0x666666);
        pdfw_text(w, x + 6, y + bh / 2 - 8, "（照片格式无法在此打印，请在系统中查看）", 8, false,
                  bw - 12, PANGO_ALIGN_CENTER);
    }
    pdfw_rgb(w, 0x999999);
    cairo_rectangle(cr, x, y, bw, bh);
    cairo_stroke(cr);
    pdfw_rgb(w, 0x000000);
}

static void flayout(struct fpass *p, const struct xd_form *f)
{
    struct pdfw *w = p->w;
    cairo_t *cr = w->cr;
    double width = w->w - 2 * M;
    p->page = 1;
    p->y = TOP;
    double h = pdfw_measure(w, f->title ? f->title : "", 18, true, width);
    if (p->draw)
        pdfw_text(w, M, p->y, f->title ? f->title : "", 18, true, width, PANGO_ALIGN_CENTER);
    p->y += h + 8;
    if (f->subline && *f->subline) {
        if (p->draw)
            pdfw_text(w, M, p->y, f->subline, 10, false, width, PANGO_ALIGN_RIGHT);
        p->y += pdfw_measure(w, f->subline, 10, false, width) + 6;
    }
    /* the label : value grid */
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < f->nrows; i++) {
        const char *k = f->rows[i][0] ? f->rows[i][0] : "", *v = f->rows[i][1] ? f->rows[i][1] : "";
        double vh = pdfw_measure(w, *v ? v : " ", 10.5, false, width - LABEL_W - 12);
        double kh = pdfw_measure(w, k, 10.5, true, LABEL_W - 12);
        double rh = fmax(vh, kh) + 10;
        fneed(p, rh);
        if (p->draw) {
            cairo_rectangle(cr, M, p->y, LABEL_W, rh);
            pdfw_rgb(w, 0xF2F2F2);
            cairo_fill_preserve(cr);
            pdfw_rgb(w, 0x000000);
            cairo_stroke(cr);
            cairo_rectangle(cr, M + LABEL_W, p->y, width - LABEL_W, rh);
            cairo_stroke(cr);
            pdfw_text(w, M + 6, p->y + 5, k, 10.5, true, LABEL_W - 12, PANGO_ALIGN_LEFT);
            pdfw_text(w, M + LABEL_W + 6, p->y + 5, v, 10.5, false, width - LABEL_W - 12,
                      PANGO_ALIGN_LEFT);
        }
        p->y += rh;
    }
    p->y += 10;
    if (f->body && *f->body) {
        if (f->body_title && *f->body_title) {
            fneed(p, 40);
            if (p->draw)
                pdfw_text(w, M, p->y, f->body_title, 12, true, width, PANGO_ALIGN_LEFT);
            p->y += pdfw_measure(w, f->body_title, 12, true, width) + 6;
        }
        /* paragraph by paragraph so pages can break between them */
        const char *s = f->body;
        while (*s) {
            const char *e = strchr(s, '\n');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            char *para = strndup(s, n);
            if (!para)
                abort();
            double ph = pdfw_measure(w, *para ? para : " ", 11, false, width);
            fneed(p, ph);
            if (p->draw && *para)
                pdfw_text(w, M, p->y, para, 11, false, width, PANGO_ALIGN_LEFT);
            p->y += ph + 4;
            free(para);
            s += n;
            if (*s == '\n')
                s++;
        }
        p->y += 8;
    }
    for (int g = 0; g < f->ngroups; g++) {
        const struct xd_photo_group *pg = &f->groups[g];
        double ch = pdfw_measure(w, pg->caption ? pg->caption : "", 11, true, width) + 6;
        int n = pg->n > XD_FORM_PHOTOS ? XD_FORM_PHOTOS : pg->n;
        fneed(p, ch + (n ? PHOTO_H : 20));
        if (p->draw)
            pdfw_text(w, M, p->y, pg->caption ? pg->caption : "", 11, true, width,
                      PANGO_ALIGN_LEFT);
        p->y += ch;
        if (!n) {
            if (p->draw) {
                pdfw_rgb(w, 0x666666);
                pdfw_text(w, M, p->y, "（无）", 10, false, width, PANGO_ALIGN_LEFT);
                pdfw_rgb(w, 0x000000);
            }
            p->y += 20;
            continue;
        }
        double bw = (width - 2 * 8) / 3;
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0 && i) {
                p->y += PHOTO_H + 8;
                fneed(p, PHOTO_H);
            }
            if (p->draw)
                draw_photo(w, &pg->photos[i], M + (i % 3) * (bw + 8), p->y, bw, PHOTO_H);
        }
        p->y += PHOTO_H + 12;
    }
    /* the signatures, kept together */
    double sh = 0;
    for (int i = 0; i < f->nsign; i++)
        sh += pdfw_measure(w, f->sign[i] ? f->sign[i] : "", 11, false, width) + 12;
    fneed(p, sh + 90);
    p->y += 6;
    for (int i = 0; i < f->nsign; i++) {
        const char *t = f->sign[i] ? f->sign[i] : "";
        if (p->draw)
            pdfw_text(w, M, p->y, t, 11, false, width, PANGO_ALIGN_LEFT);
        p->y += pdfw_measure(w, t, 11, false, width) + 12;
    }
    if (f->issuer && *f->issuer) {
        p->y += 14;
        double rw = width * 0.5, rx = M + width - rw;
        const char *lines[3] = {f->issuer, "（盖章）", f->issue_date};
        for (int i = 0; i < 3; i++) {
            if (!lines[i] || !*lines[i])
                continue;
            if (p->draw)
                pdfw_text(w, rx, p->y, lines[i], 11.5, i == 0, rw, PANGO_ALIGN_CENTER);
            p->y += 18;
        }
    }
    if (p->draw) {
        pdfw_footer(w, p->page, p->pages);
        cairo_show_page(cr);
    }
}

int xd_render_form(const struct xd_form *f, struct strbuf *out)
{
    struct pdfw w;
    if (pdfw_open(&w, out, false, f->title) < 0) {
        pdfw_close(&w);
        return -1;
    }
    struct fpass p = {.w = &w};
    flayout(&p, f);
    p.pages = p.page;
    p.draw = true;
    flayout(&p, f);
    return pdfw_close(&w);
}
