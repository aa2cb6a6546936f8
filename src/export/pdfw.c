/*
 * pdfw.c - cairo PDF surface into memory, pango text in the CJK font.
 */
#include "core/compat.h"
#include "export/pdf_int.h"

#include <fontconfig/fontconfig.h>
#include <pthread.h>

/*
 * One pango font map for the process, created on first use. PangoFcFontMap
 * is not thread-safe, so every PDF is rendered under xd_lock (pdfw_open
 * takes it, pdfw_close releases it); exports are rare enough for that. At
 * exit the font map and the cairo / fontconfig caches are released, so a
 * leak checker sees only real leaks.
 */
static pthread_mutex_t xd_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *xd_fontmap;

static void xd_release(void)
{
    pthread_mutex_lock(&xd_lock);
    if (xd_fontmap) {
        g_object_unref(xd_fontmap);
        xd_fontmap = NULL;
        cairo_debug_reset_static_data();
        FcFini();
    }
    pthread_mutex_unlock(&xd_lock);
}

#if defined(__SANITIZE_ADDRESS__)
/* cairo 1.16 leaks two small arrays inside cairo_surface_finish of every PDF
 * surface (a library bug, nothing of ours is reachable from them). LSan's
 * default fast unwinder keeps only the innermost frame (inside libcairo, which
 * has no frame pointers), so the suppression has to name the library.
 * fontconfig and pango keep process-lifetime caches (font lists, shaping
 * maps) that they never free; those are named too. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libcairo.so\nleak:libfontconfig.so\nleak:libpango-1.0.so\n"
           "leak:libpangoft2-1.0.so\nleak:libharfbuzz.so\n";
}
#endif

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    strbuf_add((struct strbuf *)closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int pdfw_open(struct pdfw *w, struct strbuf *out, bool landscape, const char *title)
{
    memset(w, 0, sizeof(*w));
    pthread_mutex_lock(&xd_lock);
    w->locked = true;
    if (!xd_fontmap) {
        xd_fontmap = pango_cairo_font_map_new();
        atexit(xd_release);
    }
    w->out = out;
    w->w = landscape ? PDF_A4_H : PDF_A4_W;
    w->h = landscape ? PDF_A4_W : PDF_A4_H;
    w->surf = cairo_pdf_surface_create_for_stream(write_cb, out, w->w, w->h);
    if (cairo_surface_status(w->surf) != CAIRO_STATUS_SUCCESS)
        return -1;
    if (title && *title)
        cairo_pdf_surface_set_metadata(w->surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(w->surf, CAIRO_PDF_METADATA_CREATOR, "xiaoan");
    w->cr = cairo_create(w->surf);
    if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS)
        return -1;
    w->pc = pango_font_map_create_context(xd_fontmap);
    pango_cairo_update_context(w->cr, w->pc);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(w->pc, fo);
    cairo_font_options_destroy(fo);
    cairo_set_line_width(w->cr, 0.5);
    return 0;
}

int pdfw_close(struct pdfw *w)
{
    int rc = 0;
    if (w->pc)
        g_object_unref(w->pc);
    if (w->cr) {
        if (cairo_status(w->cr) != CAIRO_STATUS_SUCCESS)
            rc = -1;
        cairo_destroy(w->cr);
    }
    if (w->surf) {
        cairo_surface_finish(w->surf);
        if (cairo_surface_status(w->surf) != CAIRO_STATUS_SUCCESS)
            rc = -1;
        cairo_surface_destroy(w->surf);
    } else {
        rc = -1;
    }
    bool locked = w->locked;
    memset(w, 0, sizeof(*w));
    if (locked)
        pthread_mutex_unlock(&xd_lock);
    return rc;
}

PangoLayout *pdfw_layout(struct pdfw *w, const char *text, double size, bool bold, double width,
                         PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(w->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, XD_FONT);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align);
    const char *end = NULL;
    if (!text)
        text = "";
    if (g_utf8_validate(text, -1, &end)) {
        pango_layout_set_text(l, text, -1);
    } else {
        char *fixed = g_utf8_make_valid(text, -1);
        pango_layout_set_text(l, fixed, -1);
        g_free(fixed);
    }
    return l;
}

double pdfw_measure(struct pdfw *w, const char *text, double size, bool bold, double width)
{
    PangoLayout *l = pdfw_layout(w, text, size, bold, width, PANGO_ALIGN_LEFT);
    int pw = 0, ph = 0;
    pango_layout_get_size(l, &pw, &ph);
    g_object_unref(l);
    return (double)ph / PANGO_SCALE;
}

double pdfw_text(struct pdfw *w, double x, double y, const char *text, double size, bool bold,
                 double width, PangoAlignment align)
{
    PangoLayout *l = pdfw_layout(w, text, size, bold, width, align);
    int pw = 0, ph = 0;
    pango_layout_get_size(l, &pw, &ph);
    cairo_move_to(w->cr, x, y);
    pango_cairo_show_layout(w->cr, l);
    g_object_unref(l);
    return (double)ph / PANGO_SCALE;
}

void pdfw_footer(struct pdfw *w, int page, int pages)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "第 %d 页 共 %d 页", page, pages);
    pdfw_rgb(w, 0x444444);
    pdfw_text(w, 36, w->h - 30, buf, 8, false, w->w - 72, PANGO_ALIGN_CENTER);
    pdfw_rgb(w, 0x000000);
}

void pdfw_rgb(struct pdfw *w, unsigned rgb)
{
    cairo_set_source_rgb(w->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}
