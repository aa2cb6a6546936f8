/*
 * xlsx.c - renders an xd_doc to .xlsx with libxlsxwriter.
 *
 * libxlsxwriter 1.1.4 writes to a file only, so the workbook goes to a
 * private temporary file (mkstemp under $TMPDIR or /tmp) that is read back
 * into the caller's buffer and unlinked at once.
 *
 * Printing: LibreOffice does not grow a row for wrapped text written by
 * libxlsxwriter, so every row gets a height from its text (display width
 * of each line over the column width); footnotes and titles are merged
 * across the table so they neither overflow nor widen the printed area
 * (fit-to-width would shrink the whole sheet to the longest note).
 */
#include "core/compat.h"
#include "core/timeutil.h"
#include "export/export.h"

#include <math.h>
#include <unistd.h>
#include <xlsxwriter.h>

static int read_file(const char *path, struct strbuf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(out, buf, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

/* Excel sheet names: at most 31 characters, unique, none of []:*?/\ . */
static void sheet_name(lxw_workbook *wb, const char *want, int idx, char *out, size_t len)
{
    snprintf(out, len, "%s", want && *want ? want : "");
    if (*out && workbook_validate_sheet_name(wb, out) == LXW_NO_ERROR)
        return;
    snprintf(out, len, "Sheet%d", idx + 1);
}


#define XFONT "宋体"
#define XFS 10.0      /* body font size */
#define LINE_H 13.5   /* points per line at XFS */

/* Display width of one line of s (up to a newline) in column units: a
 * CJK (3-/4-byte UTF-8) character counts 1.65, others about one (measured
 * on LibreOffice's rendering of 宋体 10 pt). Sets *next
 * to the start of the next line or NULL. */
static double line_units(const char *s, const char **next)
{
    double u = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && *p != '\n') {
        int len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        u += len >= 3 ? 1.65 : len == 2 ? 1.0 : 0.9;
        for (int k = 0; k < len && *p; k++) /* a truncated sequence stops at the NUL */
            p++;
    }
    *next = *p == '\n' ? (const char *)p + 1 : NULL;
    return u;
}

/* Lines text takes wrapped in a column width units wide. */
static int wrapped_lines(const char *text, double width)
{
    double avail = width > 2 ? width - 1.0 : 1.0;
    int lines = 0;
    const char *s = text && *text ? text : "";
    do {
        const char *next;
        double u = line_units(s, &next);
        int n = (int)ceil(u / avail);
        lines += n < 1 ? 1 : n;
        s = next;
    } while (s);
    return lines;
}

/* Excel's serial day number of an instant, in Asia/Shanghai. */
static double excel_serial(int64_t ms)
{
    return (double)(ms + XA_TZ_OFFSET_MS) / 86400000.0 + 25569.0;
}

static lxw_format *fmt_new(lxw_workbook *wb, double size)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, XFONT);
    format_set_font_size(f, size);
    return f;
}

/* Writes text merged over columns [c0, c1] of row, or into c0 alone. */
static void write_span(lxw_worksheet *ws, lxw_row_t row, int c0, int c1, const char *text,
                       lxw_format *f)
{
    if (c1 > c0)
        worksheet_merge_range(ws, row, (lxw_col_t)c0, row, (lxw_col_t)c1, text ? text : "", f);
    else
        worksheet_write_string(ws, row, (lxw_col_t)c0, text ? text : "", f);
}

int xd_render_xlsx(const struct xd_doc *d, struct strbuf *out)
{
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/xa-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);

    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        unlink(path);
        return -1;
    }
    workbook_set_properties(wb, &(lxw_doc_properties){.title = d->title, .author = "xiaoan",
                                                       .created = (time_t)(d->created / 1000)});

    lxw_format *f_title = fmt_new(wb, 16);
    format_set_bold(f_title);
    format_set_align(f_title, LXW_ALIGN_CENTER);
    format_set_align(f_title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f_title);
    lxw_format *f_sub = fmt_new(wb, XFS);
    format_set_font_color(f_sub, 0x555555);
    format_set_align(f_sub, LXW_ALIGN_CENTER);
    format_set_text_wrap(f_sub);
    lxw_format *f_name = fmt_new(wb, 11);
    format_set_bold(f_name);
    lxw_format *f_head = fmt_new(wb, XFS);
    format_set_bold(f_head);
    format_set_border(f_head, LXW_BORDER_THIN);
    format_set_bg_color(f_head, 0xD9E1F2);
    format_set_align(f_head, LXW_ALIGN_CENTER);
    format_set_align(f_head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f_head);
    lxw_format *f_text[2];
    for (int b = 0; b < 2; b++) {
        f_text[b] = fmt_new(wb, XFS);
        format_set_border(f_text[b], LXW_BORDER_THIN);
        format_set_text_wrap(f_text[b]);
        format_set_align(f_text[b], LXW_ALIGN_VERTICAL_TOP);
        if (b) {
            format_set_bold(f_text[b]);
            format_set_bg_color(f_text[b], 0xF2F2F2);
        }
    }
    /* numbers by decimals, money, dates (day, day and time); plain / totals */
    lxw_format *f_num[2][7], *f_money[2], *f_date[2][2];
    static const char *numfmt[7] = {"0",      "0.0",     "0.00",     "0.000",
                                    "0.0000", "0.00000", "0.000000"};
    for (int b = 0; b < 2; b++) {
        for (int i = 0; i < 10; i++) {
            lxw_format *f = fmt_new(wb, XFS);
            format_set_border(f, LXW_BORDER_THIN);
            format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
            if (b) {
                format_set_bold(f);
                format_set_bg_color(f, 0xF2F2F2);
            }
            if (i < 7) {
                format_set_num_format(f, numfmt[i]);
                f_num[b][i] = f;
            } else if (i == 7) {
                format_set_num_format(f, "#,##0.00");
                f_money[b] = f;
            } else {
                format_set_num_format(f, i == 8 ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm");
                format_set_align(f, LXW_ALIGN_LEFT);
                f_date[b][i - 8] = f;
            }
        }
    }
    lxw_format *f_note = fmt_new(wb, 9);
    format_set_font_color(f_note, 0x555555);
    format_set_text_wrap(f_note);
    format_set_align(f_note, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *f_sign = fmt_new(wb, 11);
    format_set_text_wrap(f_sign);
    lxw_format *f_issuer = fmt_new(wb, 11);
    format_set_align(f_issuer, LXW_ALIGN_CENTER);
    lxw_format *f_issuer_b = fmt_new(wb, 11);
    format_set_bold(f_issuer_b);
    format_set_align(f_issuer_b, LXW_ALIGN_CENTER);

    int ntables = d->ntables;
    struct xd_table empty = {.name = (char *)"", .ncols = 0};
    for (int ti = 0; ti < (ntables ? ntables : 1); ti++) {
        const struct xd_table *t = ntables ? d->tables[ti] : &empty;
        char name[64];
        sheet_name(wb, t->name, ti, name, sizeof(name));
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        if (!ws)
            goto fail;
        double width_units = 0;
        for (int c = 0; c < t->ncols; c++)
            width_units += t->cols[c].width;
        /* A4, or A3 for a table too wide to read on A4 (a ledger of 20 columns) */
        worksheet_set_paper(ws, d->landscape && width_units > 200 ? 8 : 9);
        if (d->landscape)
            worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.7);
        worksheet_center_horizontally(ws);
        worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
        int last = t->ncols > 0 ? t->ncols - 1 : 0;
        double total_w = 0;
        for (int c = 0; c < t->ncols; c++) {
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->cols[c].width, NULL);
            total_w += t->cols[c].width;
        }
        if (total_w < 40)
            total_w = 40;
        write_span(ws, 0, 0, last, d->title, f_title);
        worksheet_set_row(ws, 0, 24.0 * wrapped_lines(d->title, total_w * 0.6), NULL);
        if (d->docno && *d->docno) {
            char *sub = NULL;
            if (asprintf(&sub, "%s　%s", d->docno, d->subtitle) < 0)
                goto fail;
            write_span(ws, 1, 0, last, sub, f_sub);
            free(sub);
        } else {
            write_span(ws, 1, 0, last, d->subtitle, f_sub);
        }
        worksheet_set_row(ws, 1, LINE_H * wrapped_lines(d->subtitle, total_w), NULL);
        worksheet_write_string(ws, 2, 0, t->name ? t->name : "", f_name);
        int hl = 1;
        for (int c = 0; c < t->ncols; c++) {
            worksheet_write_string(ws, 3, (lxw_col_t)c, t->cols[c].title, f_head);
            int n = wrapped_lines(t->cols[c].title, t->cols[c].width);
            if (n > hl)
                hl = n;
        }
        worksheet_set_row(ws, 3, LINE_H * hl + 4, NULL);
        worksheet_freeze_panes(ws, 4, 0);
        worksheet_repeat_rows(ws, 3, 3);
        for (size_t r = 0; r < t->nrows; r++) {
            lxw_row_t xr = (lxw_row_t)(4 + r);
            int tot = t->totals[r] ? 1 : 0, lines = 1;
            for (int c = 0; c < t->ncols; c++) {
                const struct xd_cell *cell = xd_cell_at(t, r, c);
                switch (cell->kind) {
                case XD_NUM:
                    worksheet_write_number(ws, xr, (lxw_col_t)c, cell->num,
                                           cell->money ? f_money[tot]
                                                       : f_num[tot][cell->decimals]);
                    break;
                case XD_DATE:
                    worksheet_write_number(ws, xr, (lxw_col_t)c,
                                           excel_serial((int64_t)cell->num),
                                           f_date[tot][cell->decimals ? 1 : 0]);
                    break;
                case XD_TEXT: {
                    worksheet_write_string(ws, xr, (lxw_col_t)c, cell->text, f_text[tot]);
                    int n = wrapped_lines(cell->text, t->cols[c].width);
                    if (n > lines)
                        lines = n;
                    break;
                }
                default:
                    worksheet_write_blank(ws, xr, (lxw_col_t)c, f_text[tot]);
                    break;
                }
            }
            /* Excel's limit is 409 points a row */
            double h = LINE_H * lines + 2;
            worksheet_set_row(ws, xr, h > 409 ? 409 : h, NULL);
        }
        lxw_row_t nr = (lxw_row_t)(4 + t->nrows + 1);
        for (int i = 0; i < d->nnotes; i++, nr++) {
            write_span(ws, nr, 0, last, d->notes[i], f_note);
            double h = 12.5 * wrapped_lines(d->notes[i], total_w) + 2;
            worksheet_set_row(ws, nr, h > 409 ? 409 : h, NULL);
        }
        /* the body and the sign-off of an issued document: first sheet */
        if (ti == 0 && d->nparas)
            nr++;
        for (int i = 0; ti == 0 && i < d->nparas; i++, nr++) {
            write_span(ws, nr, 0, last, d->paras[i], f_note);
            worksheet_set_row(ws, nr, LINE_H * wrapped_lines(d->paras[i], total_w) + 2, NULL);
        }
        for (int i = 0; ti == 0 && i < d->nsign; i++)
            write_span(ws, ++nr, 0, last, d->sign[i], f_note);
        if (ti == 0 && d->nsign)
            nr++;
        if (d->issuer && ti == 0) { /* the sign-off closes the first (main) sheet */
            nr++;
            if (d->signers && *d->signers) {
                write_span(ws, nr, 0, last, d->signers, f_sign);
                worksheet_set_row(ws, nr, 16.0 * wrapped_lines(d->signers, total_w), NULL);
                nr++;
            }
            nr++;
            int c0 = t->ncols > 2 ? t->ncols - (t->ncols + 2) / 3 : 0;
            const char *lines[3] = {d->issuer, "（盖章）", d->issue_date};
            for (int i = 0; i < 3; i++, nr++) {
                write_span(ws, nr, c0, last, lines[i] ? lines[i] : "",
                           i == 0 ? f_issuer_b : f_issuer);
                worksheet_set_row(ws, nr, 18.0, NULL);
            }
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR) {
        unlink(path);
        return -1;
    }
    int rc = read_file(path, out);
    unlink(path);
    return rc;
fail:
    workbook_close(wb);
    unlink(path);
    return -1;
}
