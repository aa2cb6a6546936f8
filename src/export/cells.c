/*
 * cells.c - date and money cells, the sign-off and the PDF font size of the
 * document model (export.h).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "export/export.h"

static struct xd_cell *cell_next(struct xd_table *t)
{
    if (!t || t->nrows == 0 || t->cur >= t->ncols)
        return NULL;
    return &t->cells[(t->nrows - 1) * XD_MAX_COLS + t->cur++];
}

static char *sdup(const char *s)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

void xd_date(struct xd_table *t, int64_t ms, bool with_time)
{
    struct xd_cell *c = cell_next(t);
    if (!c || ms <= 0)
        return;
    c->kind = XD_DATE;
    c->num = (double)ms;
    c->decimals = with_time ? 1 : 0;
}

void xd_date_iso(struct xd_table *t, const char *iso, bool with_time)
{
    int64_t ms = 0;
    if (!iso || !*iso || xa_time_parse(iso, &ms))
        ms = 0;
    xd_date(t, ms, with_time);
}

void xd_money(struct xd_table *t, double yuan)
{
    struct xd_cell *c = cell_next(t);
    if (!c)
        return;
    c->kind = XD_NUM;
    c->num = yuan;
    c->decimals = 2;
    c->money = true;
}

void xd_signoff(struct xd_doc *d, const char *issuer, const char *date, const char *signers)
{
    free(d->issuer);
    free(d->issue_date);
    free(d->signers);
    d->issuer = sdup(issuer ? issuer : "");
    d->issue_date = sdup(date ? date : "");
    d->signers = sdup(signers);
}

void xd_pdf_font(struct xd_doc *d, double pt)
{
    d->pdf_font = pt < 6 ? 6 : pt > 12 ? 12 : pt;
}

/* 1234567.5 -> "1,234,567.50" */
static void money_str(double v, char *buf, size_t len)
{
    char raw[64];
    snprintf(raw, sizeof(raw), "%.2f", v < 0 ? -v : v);
    const char *dot = strchr(raw, '.');
    size_t ip = dot ? (size_t)(dot - raw) : strlen(raw), k = 0;
    char out[96];
    if (v < 0)
        out[k++] = '-';
    for (size_t i = 0; i < ip; i++) {
        if (i && (ip - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = raw[i];
    }
    snprintf(out + k, sizeof(out) - k, "%s", dot ? dot : "");
    snprintf(buf, len, "%s", out);
}

const char *xd_cell_str(const struct xd_cell *c, char *buf, size_t len)
{
    if (!c || c->kind == XD_EMPTY) {
        snprintf(buf, len, "%s", "");
    } else if (c->kind == XD_TEXT) {
        return c->text;
    } else if (c->kind == XD_DATE) {
        char iso[40];
        xa_time_format((int64_t)c->num, iso, sizeof(iso));
        if (c->decimals)
            snprintf(buf, len, "%.10s %.5s", iso, iso + 11);
        else
            snprintf(buf, len, "%.10s", iso);
    } else if (c->money) {
        money_str(c->num, buf, len);
    } else if (c->decimals == 0) {
        snprintf(buf, len, "%.0f", c->num == 0 ? 0.0 : c->num);
    } else {
        snprintf(buf, len, "%.*f", c->decimals, c->num == 0 ? 0.0 : c->num); /* no "-0.0" */
    }
    return buf;
}
