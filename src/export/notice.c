/*
 * notice.c - the rectification notice (隐患整改通知书) of a hazard as a
 * printable A4 PDF: number, addressee, a grid of the hazard's facts, the
 * requirements and deadline, the issuing bureau and date, signature lines.
 * Long descriptions flow onto further pages (two passes, as pdf.c).
 */
#include "core/compat.h"
#include "export/pdf_int.h"

#define M 56.0
#define LABEL_W 96.0

struct npass {
    struct pdfw *w;
    bool draw;
    int page, pages;
    double y;
};

static void nnext(struct npass *p)
{
    if (p->draw) {
        pdfw_footer(p->w, p->page, p->pages);
        cairo_show_page(p->w->cr);
    }
    p->page++;
    p->y = 50;
}

static void need(struct npass *p, double h)
{
    if (p->y + h > p->w->h - 60)
        nnext(p);
}

static const char *or_blank(const char *s)
{
    return s && *s ? s : "＿＿＿＿＿＿＿＿";
}

static void para(struct npass *p, const char *text, double size, bool bold, PangoAlignment al)
{
    double width = p->w->w - 2 * M;
    double h = pdfw_measure(p->w, text, size, bold, width);
    need(p, h);
    if (p->draw)
        pdfw_text(p->w, M, p->y, text, size, bold, width, al);
    p->y += h + 6;
}

/* One label / value row of the facts grid. A value taller than what is left
 * of the page is split at line boundaries and continues on the next page
 * (the label repeated). */
static void kv(struct npass *p, const char *label, const char *value)
{
    struct pdfw *w = p->w;
    double width = w->w - 2 * M, vw = width - LABEL_W;
    PangoLayout *l = pdfw_layout(w, value && *value ? value : "", 10.5, false, vw - 8,
                                 PANGO_ALIGN_LEFT);
    int nl = pango_layout_get_line_count(l);
    int line = 0;
    do {
        if (p->y + 30 > w->h - 60)
            nnext(p);
        double avail = w->h - 60 - p->y - 10;
        /* the lines [line, end) that fit; at least one */
        PangoLayoutIter *it = pango_layout_get_iter(l);
        double top = -1, bot = 0;
        int k = 0, end = line;
        do {
            if (k >= line) {
                PangoRectangle ext;
                pango_layout_iter_get_line_extents(it, NULL, &ext);
                double y0 = (double)ext.y / PANGO_SCALE, y1 = (double)(ext.y + ext.height) / PANGO_SCALE;
                if (top < 0)
                    top = y0;
                if (y1 - top > avail && end > line)
                    break;
                bot = y1;
                end = k + 1;
            }
            k++;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        if (top < 0)
            top = 0;
        double h = bot - top;
        if (h < 14)
            h = 14;
        h += 10;
        if (p->draw) {
            cairo_t *cr = w->cr;
            cairo_rectangle(cr, M, p->y, LABEL_W, h);
            pdfw_rgb(w, 0xEEEEEE);
            cairo_fill_preserve(cr);
            pdfw_rgb(w, 0x000000);
            cairo_stroke(cr);
            cairo_rectangle(cr, M + LABEL_W, p->y, vw, h);
            cairo_stroke(cr);
            pdfw_text(w, M + 4, p->y + 5, label, 10.5, true, LABEL_W - 8, PANGO_ALIGN_CENTER);
            cairo_save(cr);
            cairo_rectangle(cr, M + LABEL_W, p->y + 5, vw, bot - top);
            cairo_clip(cr);
            cairo_move_to(cr, M + LABEL_W + 4, p->y + 5 - top);
            pango_cairo_show_layout(cr, l);
            cairo_restore(cr);
        }
        p->y += h;
        line = end;
    } while (line < nl);
    g_object_unref(l);
}

static void layout(struct npass *p, const struct xd_notice *n)
{
    struct pdfw *w = p->w;
    double width = w->w - 2 * M;
    char buf[1024];
    p->page = 1;
    p->y = 50;
    cairo_set_line_width(w->cr, 0.8);
    if (p->draw)
        pdfw_text(w, M, p->y, "隐患整改通知书", 22, true, width, PANGO_ALIGN_CENTER);
    p->y += 40;
    snprintf(buf, sizeof(buf), "文号：%s", or_blank(n->number));
    para(p, buf, 10.5, false, PANGO_ALIGN_RIGHT);
    p->y += 4;
    snprintf(buf, sizeof(buf), "%s：", or_blank(n->school));
    if (n->listed && p->draw)
        pdfw_text(w, M, 50, "挂牌督办", 12, true, width, PANGO_ALIGN_LEFT);
    para(p, buf, 12, true, PANGO_ALIGN_LEFT);
    para(p, or_blank(n->intro), 11, false, PANGO_ALIGN_LEFT);
    p->y += 4;
    kv(p, "隐患名称", n->title);
    kv(p, "隐患位置", n->location);
    kv(p, "隐患类别", n->category);
    kv(p, "隐患等级", n->grade);
    kv(p, "发现时间", n->found_at);
    kv(p, "发现人", n->found_by);
    kv(p, "隐患描述", n->description);
    kv(p, n->listed ? "督办要求" : "整改要求", n->requirements);
    if (n->measures && *n->measures)
        kv(p, "防范措施", n->measures);
    if (n->listed)
        kv(p, "督办期限", n->supervise_deadline); /* the deadline it sets */
    else
        kv(p, "整改期限", n->deadline && *n->deadline ? n->deadline : "按规定时限");
    p->y += 10;
    para(p, or_blank(n->closing), 11, false, PANGO_ALIGN_LEFT);
    p->y += 16;
    need(p, 80);
    para(p, or_blank(n->bureau), 11.5, true, PANGO_ALIGN_RIGHT);
    para(p, "（盖章）", 10.5, false, PANGO_ALIGN_RIGHT);
    para(p, or_blank(n->issue_date), 11, false, PANGO_ALIGN_RIGHT);
    p->y += 24;
    need(p, 60);
    para(p, "签发人：＿＿＿＿＿＿＿＿　　　　检查人员：＿＿＿＿＿＿＿＿", 11, false,
         PANGO_ALIGN_LEFT);
    p->y += 8;
    para(p, "被检查单位负责人（签收）：＿＿＿＿＿＿＿＿　　签收日期：＿＿＿＿年＿＿月＿＿日", 11,
         false, PANGO_ALIGN_LEFT);
    p->y += 8;
    if (p->draw) {
        pdfw_rgb(w, 0x555555);
        pdfw_text(w, M, w->h - 52, "本通知书一式两份，检查单位和被检查单位各执一份。", 9,
                  false, width, PANGO_ALIGN_LEFT);
        pdfw_rgb(w, 0x000000);
        pdfw_footer(w, p->page, p->pages);
        cairo_show_page(w->cr);
    }
}

int xd_render_notice(const struct xd_notice *n, struct strbuf *out)
{
    struct pdfw w;
    if (pdfw_open(&w, out, false, "隐患整改通知书") < 0) {
        pdfw_close(&w);
        return -1;
    }
    struct npass p = {.w = &w};
    layout(&p, n);
    p.pages = p.page;
    p.draw = true;
    layout(&p, n);
    return pdfw_close(&w);
}
