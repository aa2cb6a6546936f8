/*
 * doc.c - the table/document model of export.h.
 */
#include "core/compat.h"
#include "export/export.h"

static char *xdup(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *p = malloc(n + 1);
    if (!p)
        abort();
    memcpy(p, s ? s : "", n);
    p[n] = '\0';
    return p;
}

static char *vfmt(const char *fmt, va_list ap)
{
    char *p = NULL;
    if (vasprintf(&p, fmt, ap) < 0)
        abort();
    return p;
}

struct xd_doc *xd_create(const char *title)
{
    struct xd_doc *d = calloc(1, sizeof(*d));
    if (!d)
        abort();
    d->title = xdup(title);
    d->subtitle = xdup("");
    return d;
}

static void table_free(struct xd_table *t)
{
    if (!t)
        return;
    free(t->name);
    for (int c = 0; c < t->ncols; c++)
        free(t->cols[c].title);
    for (size_t i = 0; i < t->nrows * XD_MAX_COLS; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t->totals);
    free(t);
}

void xd_destroy(struct xd_doc *d)
{
    if (!d)
        return;
    free(d->title);
    free(d->subtitle);
    for (int i = 0; i < d->ntables; i++)
        table_free(d->tables[i]);
    for (int i = 0; i < d->nnotes; i++)
        free(d->notes[i]);
    for (int i = 0; i < d->nparas; i++)
        free(d->paras[i]);
    for (int i = 0; i < d->nsign; i++)
        free(d->sign[i]);
    free(d->docno);
    free(d->issuer);
    free(d->issue_date);
    free(d->signers);
    free(d);
}

void xd_subtitle(struct xd_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(d->subtitle);
    d->subtitle = vfmt(fmt, ap);
    va_end(ap);
}

void xd_landscape(struct xd_doc *d, bool on)
{
    d->landscape = on;
}

void xd_note(struct xd_doc *d, const char *fmt, ...)
{
    if (d->nnotes >= XD_MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->notes[d->nnotes++] = vfmt(fmt, ap);
    va_end(ap);
}

void xd_created(struct xd_doc *d, int64_t ms)
{
    d->created = ms;
}

void xd_docno(struct xd_doc *d, const char *docno)
{
    free(d->docno);
    d->docno = xdup(docno);
}

void xd_para(struct xd_doc *d, const char *fmt, ...)
{
    if (d->nparas >= XD_MAX_PARAS)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->paras[d->nparas++] = vfmt(fmt, ap);
    va_end(ap);
}

void xd_sign(struct xd_doc *d, const char *fmt, ...)
{
    if (d->nsign >= XD_MAX_SIGN)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->sign[d->nsign++] = vfmt(fmt, ap);
    va_end(ap);
}

struct xd_table *xd_table(struct xd_doc *d, const char *name)
{
    if (d->ntables >= XD_MAX_TABLES)
        return NULL;
    struct xd_table *t = calloc(1, sizeof(*t));
    if (!t)
        abort();
    t->name = xdup(name);
    t->cur = XD_MAX_COLS;
    d->tables[d->ntables++] = t;
    return t;
}

void xd_col(struct xd_table *t, const char *title, double width, bool numeric)
{
    if (!t || t->ncols >= XD_MAX_COLS)
        return;
    struct xd_col *c = &t->cols[t->ncols++];
    c->title = xdup(title);
    c->width = width > 0 ? width : 10;
    c->numeric = numeric;
}

void xd_row(struct xd_table *t)
{
    if (!t)
        return;
    if (t->nrows == t->alloc) {
        size_t na = t->alloc ? t->alloc * 2 : 16;
        struct xd_cell *nc = realloc(t->cells, na * XD_MAX_COLS * sizeof(*nc));
        bool *nt = realloc(t->totals, na * sizeof(*nt));
        if (!nc || !nt)
            abort();
        memset(nc + t->alloc * XD_MAX_COLS, 0, (na - t->alloc) * XD_MAX_COLS * sizeof(*nc));
        memset(nt + t->alloc, 0, (na - t->alloc) * sizeof(*nt));
        t->cells = nc;
        t->totals = nt;
        t->alloc = na;
    }
    t->nrows++;
    t->cur = 0;
}

void xd_totals(struct xd_table *t)
{
    if (!t)
        return;
    xd_row(t);
    t->totals[t->nrows - 1] = true;
}

static struct xd_cell *next_cell(struct xd_table *t)
{
    if (!t || t->nrows == 0 || t->cur >= t->ncols)
        return NULL;
    return &t->cells[(t->nrows - 1) * XD_MAX_COLS + t->cur++];
}

void xd_text(struct xd_table *t, const char *s)
{
    struct xd_cell *c = next_cell(t);
    if (!c)
        return;
    c->kind = XD_TEXT;
    c->text = xdup(s);
}

void xd_textf(struct xd_table *t, const char *fmt, ...)
{
    struct xd_cell *c = next_cell(t);
    if (!c)
        return;
    va_list ap;
    va_start(ap, fmt);
    c->kind = XD_TEXT;
    c->text = vfmt(fmt, ap);
    va_end(ap);
}

void xd_num(struct xd_table *t, double v, int decimals)
{
    struct xd_cell *c = next_cell(t);
    if (!c)
        return;
    c->kind = XD_NUM;
    c->num = v;
    c->decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
}

void xd_int(struct xd_table *t, int64_t v)
{
    xd_num(t, (double)v, 0);
}

void xd_skip(struct xd_table *t)
{
    next_cell(t);
}

const struct xd_cell *xd_cell_at(const struct xd_table *t, size_t row, int col)
{
    if (!t || row >= t->nrows || col < 0 || col >= t->ncols)
        return NULL;
    return &t->cells[row * XD_MAX_COLS + col];
}
