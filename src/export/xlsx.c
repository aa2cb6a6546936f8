/*
 * xlsx.c - renders an xd_doc to .xlsx with libxlsxwriter.
 *
 * libxlsxwriter 1.1.4 writes to a file only, so the workbook goes to a
 * private temporary file (mkstemp under $TMPDIR or /tmp) that is read back
 * into the caller's buffer and unlinked at once.
 */
#include "core/compat.h"
#include "export/export.h"

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

    lxw_format *f_title = workbook_add_format(wb);
    format_set_bold(f_title);
    format_set_font_size(f_title, 14);
    lxw_format *f_sub = workbook_add_format(wb);
    format_set_font_color(f_sub, 0x555555);
    lxw_format *f_name = workbook_add_format(wb);
    format_set_bold(f_name);
    lxw_format *f_head = workbook_add_format(wb);
    format_set_bold(f_head);
    format_set_border(f_head, LXW_BORDER_THIN);
    format_set_bg_color(f_head, 0xD9E1F2);
    format_set_align(f_head, LXW_ALIGN_CENTER);
    format_set_align(f_head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f_head);
    lxw_format *f_text = workbook_add_format(wb);
    format_set_border(f_text, LXW_BORDER_THIN);
    format_set_text_wrap(f_text);
    format_set_align(f_text, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *f_num[7], *f_tnum[7];
    static const char *numfmt[7] = {"0",       "0.0",       "0.00",      "0.000",
                                    "0.0000", "0.00000", "0.000000"};
    for (int i = 0; i < 7; i++) {
        f_num[i] = workbook_add_format(wb);
        format_set_border(f_num[i], LXW_BORDER_THIN);
        format_set_num_format(f_num[i], numfmt[i]);
        format_set_align(f_num[i], LXW_ALIGN_VERTICAL_TOP);
        f_tnum[i] = workbook_add_format(wb);
        format_set_border(f_tnum[i], LXW_BORDER_THIN);
        format_set_num_format(f_tnum[i], numfmt[i]);
        format_set_bold(f_tnum[i]);
        format_set_bg_color(f_tnum[i], 0xF2F2F2);
    }
    lxw_format *f_ttext = workbook_add_format(wb);
    format_set_border(f_ttext, LXW_BORDER_THIN);
    format_set_bold(f_ttext);
    format_set_bg_color(f_ttext, 0xF2F2F2);
    lxw_format *f_note = workbook_add_format(wb);
    format_set_font_color(f_note, 0x555555);

    int ntables = d->ntables;
    struct xd_table empty = {.name = (char *)"", .ncols = 0};
    for (int ti = 0; ti < (ntables ? ntables : 1); ti++) {
        const struct xd_table *t = ntables ? d->tables[ti] : &empty;
        char name[64];
        sheet_name(wb, t->name, ti, name, sizeof(name));
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        if (!ws)
            goto fail;
        worksheet_set_paper(ws, 9);
        if (d->landscape)
            worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
        for (int c = 0; c < t->ncols; c++)
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->cols[c].width, NULL);
        worksheet_write_string(ws, 0, 0, d->title, f_title);
        if (d->docno && *d->docno) {
            char *sub = NULL;
            if (asprintf(&sub, "%s　%s", d->docno, d->subtitle) < 0)
                goto fail;
            worksheet_write_string(ws, 1, 0, sub, f_sub);
            free(sub);
        } else {
            worksheet_write_string(ws, 1, 0, d->subtitle, f_sub);
        }
        worksheet_write_string(ws, 2, 0, t->name ? t->name : "", f_name);
        for (int c = 0; c < t->ncols; c++)
            worksheet_write_string(ws, 3, (lxw_col_t)c, t->cols[c].title, f_head);
        worksheet_freeze_panes(ws, 4, 0);
        worksheet_repeat_rows(ws, 3, 3);
        for (size_t r = 0; r < t->nrows; r++) {
            lxw_row_t xr = (lxw_row_t)(4 + r);
            bool tot = t->totals[r];
            for (int c = 0; c < t->ncols; c++) {
                const struct xd_cell *cell = xd_cell_at(t, r, c);
                switch (cell->kind) {
                case XD_NUM:
                    worksheet_write_number(ws, xr, (lxw_col_t)c, cell->num,
                                           tot ? f_tnum[cell->decimals] : f_num[cell->decimals]);
                    break;
                case XD_TEXT:
                    worksheet_write_string(ws, xr, (lxw_col_t)c, cell->text,
                                           tot ? f_ttext : f_text);
                    break;
                default:
                    worksheet_write_blank(ws, xr, (lxw_col_t)c, tot ? f_ttext : f_text);
                    break;
                }
            }
        }
        lxw_row_t nr = (lxw_row_t)(4 + t->nrows + 1);
        for (int i = 0; i < d->nnotes; i++)
            worksheet_write_string(ws, nr + (lxw_row_t)i, 0, d->notes[i], f_note);
        /* the body and the sign-off of an issued document: first sheet */
        lxw_row_t fr = nr + (lxw_row_t)d->nnotes + (d->nnotes ? 1 : 0);
        for (int i = 0; ti == 0 && i < d->nparas; i++)
            worksheet_write_string(ws, fr++, 0, d->paras[i], NULL);
        for (int i = 0; ti == 0 && i < d->nsign; i++)
            worksheet_write_string(ws, ++fr, 0, d->sign[i], NULL);
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
