/*
 * export.h - printable documents: a small table/document model rendered to
 * .xlsx (libxlsxwriter) and to PDF (cairo + pango, "Noto Serif CJK SC"), the
 * rectification notice (整改通知书) and the QR label sheet of risk points.
 *
 * Model: a document has a title, an optional subtitle, one or more tables
 * and footnotes. A table has a name (its sheet name in .xlsx, its heading in
 * the PDF), columns (title, width in characters, numeric or not) and rows of
 * text / number / empty cells; a row may be flagged as a totals row (bold).
 *
 * Ownership: the document copies every string it is given; xd_destroy frees
 * everything (and accepts NULL). Renderers append the file's bytes to out
 * (a struct strbuf the caller owns) and return 0, or -1 with out unchanged
 * beyond what was appended (the caller discards it).
 *
 * .xlsx layout of each sheet (1-based rows, as a reader shows them):
 *   row 1 the document title, row 2 the subtitle (may be empty), row 3 the
 *   table name, row 4 the column headers (frozen), data from row 5, numbers
 *   stored as numbers, dates as dates; the footnotes follow one blank row
 *   after the data, each merged across the table's width and wrapped, then
 *   (on the first sheet) the sign-off. Every row has a height fitted to its wrapped text (so
 *   LibreOffice prints it whole); the font is a Chinese one (宋体); a sheet
 *   prints one page wide on A4 with "第 n 页 共 m 页" in the footer.
 * PDF: A4 (portrait, or landscape when asked), table with grid lines, the
 *   header row repeated on each page, "第 n 页 共 m 页" at the foot.
 */
#ifndef XA_EXPORT_H
#define XA_EXPORT_H

#include "core/compat.h"
#include "core/strbuf.h"

#define XD_MAX_COLS 24
#define XD_MAX_TABLES 12
#define XD_MAX_NOTES 16
#define XD_MAX_PARAS 24
#define XD_MAX_SIGN 8
/* The PDF face: 宋体-style serif, as bureau documents are set. Not "Noto Sans
 * CJK SC" Regular: Debian 12's cairo embeds its 如 (and perhaps others) as an
 * empty outline ("通报如下" printed "通报 下"); the serif faces and the sans
 * bold were checked glyph by glyph over every character of the seeds. */
#define XD_FONT "Noto Serif CJK SC"

/* XD_DATE: num is an instant in ms (Asia/Shanghai); decimals 1 shows the
 * time of day too. A date cell is a real date in .xlsx (formatted
 * yyyy-mm-dd [hh:mm]) and its text in the PDF. */
enum xd_kind { XD_EMPTY, XD_TEXT, XD_NUM, XD_DATE };

struct xd_cell {
    enum xd_kind kind;
    char *text;   /* XD_TEXT */
    double num;   /* XD_NUM, XD_DATE */
    int decimals; /* XD_NUM: digits after the point; XD_DATE: 1 with time */
    bool money;   /* XD_NUM: thousands separators (#,##0.00) */
};

struct xd_col {
    char *title;
    double width; /* in characters (an xlsx column width); PDF scales them */
    bool numeric; /* right-aligned */
};

struct xd_table {
    char *name;
    int ncols;
    struct xd_col cols[XD_MAX_COLS];
    size_t nrows, alloc;
    struct xd_cell *cells; /* nrows * XD_MAX_COLS */
    bool *totals;          /* per row */
    int cur;               /* next cell of the current row */
};

struct xd_doc {
    char *title, *subtitle;
    bool landscape;
    int ntables;
    struct xd_table *tables[XD_MAX_TABLES];
    int nnotes;
    char *notes[XD_MAX_NOTES];
    /* formal elements of an issued document (all optional): the document
     * number (文号) under the title, body paragraphs (主送 and text) before
     * the tables, and sign-off lines (填报人/审核人, 落款, seal line, date)
     * after the notes, right-aligned. In .xlsx the number precedes the
     * subtitle and the paragraphs and sign-off follow the notes of the first
     * sheet. */
    char *docno;
    /* the document's date (epoch ms; 0: now): a frozen document given its
     * issue time prints to the same bytes every time */
    int64_t created;
    int nparas;
    char *paras[XD_MAX_PARAS];
    int nsign;
    char *sign[XD_MAX_SIGN];
    /* formal close (xd_signoff): NULL when not set */
    char *issuer, *issue_date, *signers;
    double pdf_font; /* table font size in the PDF, 0 = default 8.5 */
};

struct xd_doc *xd_create(const char *title);
void xd_destroy(struct xd_doc *d);
void xd_subtitle(struct xd_doc *d, const char *fmt, ...) XA_PRINTF(2, 3);
void xd_landscape(struct xd_doc *d, bool on);
/* The document's creation time (epoch ms), written as the file's date. */
void xd_created(struct xd_doc *d, int64_t ms);
/* The document number line (文号). */
void xd_docno(struct xd_doc *d, const char *docno);
/* Adds a body paragraph (ignored past XD_MAX_PARAS); the caller indents. */
void xd_para(struct xd_doc *d, const char *fmt, ...) XA_PRINTF(2, 3);
/* Adds a sign-off line (ignored past XD_MAX_SIGN). */
void xd_sign(struct xd_doc *d, const char *fmt, ...) XA_PRINTF(2, 3);
/* Adds a footnote (ignored past XD_MAX_NOTES). */
void xd_note(struct xd_doc *d, const char *fmt, ...) XA_PRINTF(2, 3);
/* Adds a table (NULL past XD_MAX_TABLES: callers may ignore it, the cell
 * functions accept a NULL table). */
struct xd_table *xd_table(struct xd_doc *d, const char *name);
void xd_col(struct xd_table *t, const char *title, double width, bool numeric);
/* Starts a new row; cells are filled left to right, missing ones stay empty. */
void xd_row(struct xd_table *t);
/* Starts the totals row (bold in both renderers). */
void xd_totals(struct xd_table *t);
void xd_text(struct xd_table *t, const char *s);
void xd_textf(struct xd_table *t, const char *fmt, ...) XA_PRINTF(2, 3);
void xd_num(struct xd_table *t, double v, int decimals);
void xd_int(struct xd_table *t, int64_t v);
void xd_skip(struct xd_table *t);
/* A date (ms since the epoch; <= 0 leaves the cell empty), with the time
 * of day or not; xd_date_iso takes an ISO 8601 string ("" / NULL / bad:
 * empty). */
void xd_date(struct xd_table *t, int64_t ms, bool with_time);
void xd_date_iso(struct xd_table *t, const char *iso, bool with_time);
/* An amount of money in yuan, shown as 12,345.00. */
void xd_money(struct xd_table *t, double yuan);
/* The formal close of a bureau document, after the footnotes: signers
 * ("填报人：…　审核人：…", may be NULL) on the left, then on the right the
 * issuing unit, "（盖章）" and the date (e.g. "2026年12月3日"). */
void xd_signoff(struct xd_doc *d, const char *issuer, const char *date, const char *signers);
/* The PDF table font size (points, 6..12) — a smaller one packs more rows
 * on a page. */
void xd_pdf_font(struct xd_doc *d, double pt);
/* The text a cell shows (dates as "2026-12-03 08:30", money with
 * separators) into buf; returns buf, or the cell's own text. */
const char *xd_cell_str(const struct xd_cell *c, char *buf, size_t len);
const struct xd_cell *xd_cell_at(const struct xd_table *t, size_t row, int col);

int xd_render_xlsx(const struct xd_doc *d, struct strbuf *out);
int xd_render_pdf(const struct xd_doc *d, struct strbuf *out);

/* ---- the rectification notice (整改通知书) of a major hazard ----
 * Every field is optional text (NULL prints as a blank to fill in). */
struct xd_notice {
    const char *number;       /* 编号, e.g. "XA-2026-000123" */
    const char *school;       /* addressee */
    const char *title;        /* the hazard */
    const char *location, *category, *grade, *found_at, *found_by, *description;
    const char *requirements; /* 整改要求 */
    const char *measures;     /* interim safeguards (防范措施), optional */
    const char *deadline;     /* 整改期限, a date */
    const char *bureau;       /* issuing bureau */
    const char *issue_date;
    const char *intro;        /* the opening paragraph (how found, listed or not) */
    const char *closing;      /* the closing paragraph (what to do by when) */
    bool listed;              /* 挂牌督办: prints the 督办期限 row */
    const char *supervise_deadline;
};
int xd_render_notice(const struct xd_notice *n, struct strbuf *out);

/* ---- the QR label sheet of a school's risk points ----
 * qr is the text encoded (a URL or code), level one of red / orange / yellow /
 * blue (anything else prints grey), level_zh its name. The lower half of a
 * label is the point's 风险告知卡: its risks (主要风险), control measures
 * (管控措施), responsible person and emergency phone (NULL/"" print as a
 * line to fill in). Four labels (2 x 2) a page. */
struct xd_label {
    const char *qr, *name, *level, *level_zh, *school, *code;
    const char *risks, *measures, *responsible, *phone;
};
int xd_render_labels(const char *title, const struct xd_label *labels, size_t n,
                     struct strbuf *out);

/* ---- a one-object form (整改回执/销号单, 安全责任书) ----
 * A4 portrait: title, a line on the right (number / date), a grid of
 * label : value rows, an optional body text (paragraphs split at "\n"),
 * photo groups (PNG bytes; anything else prints as a framed note), then
 * the signature block: each sign line on its own row, and on the right the
 * issuing unit, "（盖章）" and the date. Strings may be NULL. Pages break
 * where needed, "第 n 页 共 m 页" at the foot. */
#define XD_FORM_ROWS 32
#define XD_FORM_PHOTOS 6
struct xd_photo {
    const unsigned char *data;
    size_t len;
    const char *mime;
};
struct xd_photo_group {
    const char *caption;
    int n;
    struct xd_photo photos[XD_FORM_PHOTOS];
};
struct xd_form {
    const char *title, *subline;
    int nrows;
    const char *rows[XD_FORM_ROWS][2];
    const char *body_title, *body;
    int ngroups;
    struct xd_photo_group groups[2];
    int nsign;
    const char *sign[6];
    const char *issuer, *issue_date;
};
int xd_render_form(const struct xd_form *f, struct strbuf *out);

#endif
