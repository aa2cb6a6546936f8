/*
 * test_export.c - the export library read back by real readers: poppler's
 * pdftotext / pdfinfo for the PDFs, Debian's python3-openpyxl for .xlsx.
 * Files go to /tmp/ex-unit-<pid>-*.
 */
#include "core/compat.h"
#include "t.h"
#include "export/export.h"

#include <unistd.h>

static char tmpl[128];

static int save(const char *name, const struct strbuf *sb, char *path, size_t len)
{
    snprintf(path, len, "%s-%s", tmpl, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(sb->buf, 1, sb->len, f);
    return fclose(f);
}

/* Runs cmd through the shell and returns its stdout (caller frees). */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        strbuf_add(&sb, buf, n);
    pclose(p);
    return strbuf_detach(&sb, NULL);
}

static int count(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle))
        k++;
    return k;
}

static int pdf_pages(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s' 2>/dev/null | awk '/^Pages:/ {print $2}'", path);
    char *o = run(cmd);
    int n = o ? atoi(o) : -1;
    free(o);
    return n;
}

static char *pdf_text(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' - 2>/dev/null", path);
    char *t = run(cmd);
    /* pdftotext drops or adds spaces between CJK and Latin text at will:
     * compare without spaces */
    if (t) {
        char *o = t;
        for (char *i = t; *i; i++)
            if (*i != ' ')
                *o++ = *i;
        *o = '\0';
    }
    return t;
}

static struct xd_doc *sample(int nrows)
{
    struct xd_doc *d = xd_create("安全隐患周报（测试）");
    xd_subtitle(d, "统计周期：%s 至 %s", "2026-11-16", "2026-11-22");
    struct xd_table *t = xd_table(d, "按类别统计");
    xd_col(t, "学校名称", 24, false);
    xd_col(t, "隐患类别", 12, false);
    xd_col(t, "发现数", 8, true);
    xd_col(t, "整改率(%)", 10, true);
    int64_t sum = 0;
    for (int i = 0; i < nrows; i++) {
        xd_row(t);
        xd_textf(t, "第%d中学", i + 1);
        xd_text(t, i % 2 ? "消防" : "食品卫生");
        xd_int(t, i + 1);
        xd_num(t, 12.5 + i, 1);
        sum += i + 1;
    }
    xd_totals(t);
    xd_text(t, "合计");
    xd_skip(t);
    xd_int(t, sum);
    struct xd_table *t2 = xd_table(d, "重大隐患");
    xd_col(t2, "编号", 10, false);
    xd_col(t2, "名称", 30, false);
    xd_row(t2);
    xd_text(t2, "ZD-1");
    xd_text(t2, "教学楼外墙脱落，需立即设置警戒区域并组织维修加固");
    xd_note(d, "注：整改率 = 已整改数 / 发现数 × 100%%。");
    return d;
}

static void test_model(void)
{
    struct xd_doc *d = sample(3);
    T_EQ_INT(d->ntables, 2);
    const struct xd_table *t = d->tables[0];
    T_EQ_INT(t->nrows, 4);
    T_EQ_INT(xd_cell_at(t, 0, 0)->kind, XD_TEXT);
    T_EQ_STR(xd_cell_at(t, 0, 0)->text, "第1中学");
    T_EQ_INT(xd_cell_at(t, 3, 1)->kind, XD_EMPTY);
    T_CHECK(xd_cell_at(t, 3, 2)->num == 6.0);
    T_CHECK(t->totals[3] && !t->totals[0]);
    T_CHECK(xd_cell_at(t, 9, 0) == NULL);
    xd_destroy(d);
    xd_destroy(NULL);
}

static void test_pdf(void)
{
    struct xd_doc *d = sample(150);
    struct strbuf sb = STRBUF_INIT;
    T_EQ_INT(xd_render_pdf(d, &sb), 0);
    T_CHECK(sb.len > 1000 && memcmp(sb.buf, "%PDF-", 5) == 0);
    char path[256];
    T_EQ_INT(save("doc.pdf", &sb, path, sizeof(path)), 0);
    int pages = pdf_pages(path);
    T_CHECK(pages >= 3);
    char *txt = pdf_text(path);
    T_CHECK(txt != NULL);
    if (txt) {
        T_CHECK(strstr(txt, "安全隐患周报（测试）") != NULL);
        T_CHECK(strstr(txt, "统计周期：2026-11-16至2026-11-22") != NULL);
        char foot[64];
        snprintf(foot, sizeof(foot), "第%d页共%d页", pages, pages);
        T_CHECK(strstr(txt, foot) != NULL);
        T_CHECK(strstr(txt, "第1页共") != NULL);
        T_CHECK(strstr(txt, "第150中学") != NULL);
        T_CHECK(strstr(txt, "11325") != NULL); /* the totals row: 150*151/2 */
        T_CHECK(strstr(txt, "161.5") != NULL);
        T_CHECK(strstr(txt, "教学楼外墙脱落") != NULL);
        T_CHECK(strstr(txt, "整改率=已整改数") != NULL);
        /* header repeated on every page that holds rows of the first table */
        int with_rows = 0, with_head = 0;
        for (char *pg = txt; pg && *pg;) {
            char *ff = strchr(pg, '\f');
            if (ff)
                *ff = '\0';
            if (strstr(pg, "中学")) {
                with_rows++;
                with_head += strstr(pg, "学校名称隐患类别发现数整改率(%)") != NULL;
            }
            pg = ff ? ff + 1 : NULL;
        }
        T_CHECK(with_rows >= 3);
        T_EQ_INT(with_head, with_rows);
    }
    free(txt);
    /* landscape */
    xd_landscape(d, true);
    strbuf_reset(&sb);
    T_EQ_INT(xd_render_pdf(d, &sb), 0);
    T_EQ_INT(save("land.pdf", &sb, path, sizeof(path)), 0);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s' | grep '^Page size'", path);
    char *o = run(cmd);
    T_CHECK(o && strstr(o, "841.89 x 595.276") != NULL);
    free(o);
    strbuf_release(&sb);
    xd_destroy(d);
}

static const char *PY =
    "import sys,openpyxl\n"
    "wb=openpyxl.load_workbook(sys.argv[1])\n"
    "for ws in wb.worksheets:\n"
    "  print('#SHEET', ws.title, ws.freeze_panes)\n"
    "  for row in ws.iter_rows(values_only=True):\n"
    "    print('|'.join('' if v is None else ('N:%r' % v if isinstance(v,(int,float)) else "
    "str(v)) for v in row))\n";

static void test_xlsx(void)
{
    struct xd_doc *d = sample(150);
    struct strbuf sb = STRBUF_INIT;
    T_EQ_INT(xd_render_xlsx(d, &sb), 0);
    T_CHECK(sb.len > 100 && memcmp(sb.buf, "PK", 2) == 0);
    char path[256], pypath[256];
    T_EQ_INT(save("doc.xlsx", &sb, path, sizeof(path)), 0);
    snprintf(pypath, sizeof(pypath), "%s-read.py", tmpl);
    FILE *f = fopen(pypath, "w");
    T_CHECK(f != NULL);
    if (f) {
        fputs(PY, f);
        fclose(f);
    }
    char cmd[768];
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s' 2>&1", pypath, path);
    char *o = run(cmd);
    T_CHECK(o != NULL);
    if (o) {
        T_CHECK(strstr(o, "#SHEET 按类别统计 A5") != NULL);
        T_CHECK(strstr(o, "#SHEET 重大隐患 A5") != NULL);
        T_CHECK(strstr(o, "\n安全隐患周报（测试）") != NULL);
        T_CHECK(strstr(o, "\n学校名称|隐患类别|发现数|整改率(%)\n") != NULL);
        T_CHECK(strstr(o, "\n第1中学|食品卫生|N:1|N:12.5\n") != NULL);
        T_CHECK(strstr(o, "\n第150中学|消防|N:150|N:161.5\n") != NULL);
        T_CHECK(strstr(o, "\n合计||N:11325|\n") != NULL);
        T_CHECK(strstr(o, "注：整改率 = 已整改数 / 发现数 × 100%") != NULL);
        if (!strstr(o, "#SHEET"))
            fprintf(stderr, "%s\n", o);
    }
    free(o);
    unlink(pypath);
    strbuf_release(&sb);
    xd_destroy(d);
}

static void test_notice(void)
{
    struct xd_notice n = {
        .number = "某教安〔2026〕42号",
        .school = "城关第一小学",
        .title = "食堂燃气管道老化漏气",
        .location = "食堂操作间",
        .category = "食品卫生",
        .grade = "重大隐患",
        .found_at = "2026-11-20 09:30",
        .found_by = "张督查",
        .description = "燃气管道接口锈蚀，检测有微量泄漏。",
        .requirements = "立即停用并更换燃气管道，安装燃气泄漏报警装置。",
        .deadline = "2026-12-05",
        .bureau = "某某县教育局",
        .issue_date = "2026年11月21日",
        .intro = "　　我局在督查检查中发现你校存在下列安全隐患。",
        .closing = "　　请你校接到本通知后立即整改，于2026年12月5日前完成整改。",
    };
    struct strbuf sb = STRBUF_INIT;
    T_EQ_INT(xd_render_notice(&n, &sb), 0);
    char path[256];
    T_EQ_INT(save("notice.pdf", &sb, path, sizeof(path)), 0);
    T_EQ_INT(pdf_pages(path), 1);
    char *txt = pdf_text(path);
    T_CHECK(txt != NULL);
    if (txt) {
        T_CHECK(strstr(txt, "隐患整改通知书") != NULL);
        T_CHECK(strstr(txt, "文号：某教安〔2026〕42号") != NULL);
        T_CHECK(strstr(txt, "督查检查中发现") != NULL); /* the wording it is given */
        T_CHECK(strstr(txt, "城关第一小学：") != NULL);
        T_CHECK(strstr(txt, "食堂燃气管道老化漏气") != NULL);
        T_CHECK(strstr(txt, "重大隐患") != NULL);
        T_CHECK(strstr(txt, "2026-12-05") != NULL);
        T_CHECK(strstr(txt, "某某县教育局") != NULL);
        T_CHECK(strstr(txt, "签收日期") != NULL);
        T_CHECK(strstr(txt, "第1页共1页") != NULL);
    }
    free(txt);
    /* a very long description flows onto a second page */
    struct strbuf longd = STRBUF_INIT;
    for (int i = 0; i < 160; i++)
        strbuf_addf(&longd, "第%d处裂缝需加固。", i + 1);
    n.description = longd.buf;
    strbuf_reset(&sb);
    T_EQ_INT(xd_render_notice(&n, &sb), 0);
    T_EQ_INT(save("notice2.pdf", &sb, path, sizeof(path)), 0);
    T_EQ_INT(pdf_pages(path), 2);
    txt = pdf_text(path);
    T_CHECK(txt && strstr(txt, "第2页共2页") && strstr(txt, "签收日期"));
    free(txt);
    strbuf_release(&longd);
    strbuf_release(&sb);
}

static void test_labels(void)
{
    struct xd_label l[10];
    char names[10][64], qr[10][64];
    static const char *lv[] = {"red", "orange", "yellow", "blue", "none"};
    static const char *lz[] = {"重大", "较大", "一般", "低", ""};
    for (int i = 0; i < 10; i++) {
        snprintf(names[i], sizeof(names[i]), "风险点%02d化学实验室", i + 1);
        snprintf(qr[i], sizeof(qr[i]), "https://xa.example/p/%d", i + 1);
        l[i] = (struct xd_label){.qr = qr[i], .name = names[i], .level = lv[i % 5],
                                 .level_zh = lz[i % 5], .school = "城关第一小学",
                                 .code = "RP-0001"};
    }
    struct strbuf sb = STRBUF_INIT;
    T_EQ_INT(xd_render_labels("城关第一小学 风险点二维码", l, 10, &sb), 0);
    char path[256];
    T_EQ_INT(save("labels.pdf", &sb, path, sizeof(path)), 0);
    T_EQ_INT(pdf_pages(path), 3); /* four labels a page: each with its 风险告知卡 */
    char *txt = pdf_text(path);
    T_CHECK(txt != NULL);
    if (txt) {
        T_EQ_INT(count(txt, "风险告知卡"), 10);
        T_CHECK(strstr(txt, "【责任人】") != NULL);
        T_CHECK(strstr(txt, "风险点01化学实验室") != NULL);
        T_CHECK(strstr(txt, "风险点10化学实验室") != NULL);
        T_CHECK(strstr(txt, "重大风险点") != NULL);
        T_CHECK(strstr(txt, "较大风险点") != NULL);
        T_EQ_INT(count(txt, "扫码巡查打卡"), 10);
        T_CHECK(strstr(txt, "第3页共3页") != NULL);
    }
    free(txt);
    strbuf_reset(&sb);
    T_EQ_INT(xd_render_labels("空", NULL, 0, &sb), 0);
    T_CHECK(sb.len > 0);
    strbuf_release(&sb);
}

/* Dates, money and the "-0" of a cell as a reader sees them. */
static void test_cells(void)
{
    char b[64];
    struct xd_cell m = {.kind = XD_NUM, .num = 1234567.5, .decimals = 2, .money = true};
    T_EQ_STR(xd_cell_str(&m, b, sizeof(b)), "1,234,567.50");
    m.num = -1234.5;
    T_EQ_STR(xd_cell_str(&m, b, sizeof(b)), "-1,234.50");
    m.num = 0.5;
    T_EQ_STR(xd_cell_str(&m, b, sizeof(b)), "0.50");
    struct xd_cell z = {.kind = XD_NUM, .num = -0.0, .decimals = 1};
    T_EQ_STR(xd_cell_str(&z, b, sizeof(b)), "0.0");
    /* 2026-12-03 08:30 in Shanghai */
    struct xd_cell d = {.kind = XD_DATE, .num = 1796257800000.0, .decimals = 1};
    T_EQ_STR(xd_cell_str(&d, b, sizeof(b)), "2026-12-03 08:30");
    d.decimals = 0;
    T_EQ_STR(xd_cell_str(&d, b, sizeof(b)), "2026-12-03");
}

/* A sheet that prints: Chinese font, a height for each wrapped row, notes
 * merged across the table, a real date and money format. */
static void test_xlsx_print(void)
{
    struct xd_doc *d = xd_create("打印测试");
    xd_note(d, "注：这是一条很长的脚注，用来检查它是否会被合并到整个表格的宽度并自动换行，"
               "而不是让整张表在打印时缩小到看不清。这是一条很长的脚注，用来检查它是否会被合并。");
    xd_signoff(d, "某某县教育局", "2026年12月3日", "填报人：张三");
    struct xd_table *t = xd_table(d, "表");
    xd_col(t, "名称", 10, false);
    xd_col(t, "金额", 12, true);
    xd_col(t, "日期", 16, false);
    xd_row(t);
    xd_text(t, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
    xd_money(t, 12345.5);
    xd_date(t, 1796257800000LL, true);
    struct strbuf sb = STRBUF_INIT;
    T_EQ_INT(xd_render_xlsx(d, &sb), 0);
    xd_destroy(d);
    char path[256];
    T_EQ_INT(save("print.xlsx", &sb, path, sizeof(path)), 0);
    strbuf_release(&sb);
    char cmd[768];
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c \"import openpyxl,sys;ws=openpyxl.load_workbook(sys.argv[1]).active;"
             "print(ws['A5'].font.name, ws.row_dimensions[5].height, ws['B5'].number_format, "
             "ws['C5'].value, ws['C5'].number_format, sorted(str(m) for m in ws.merged_cells.ranges))\" '%s' 2>&1",
             path);
    char *o = run(cmd);
    T_CHECK(o != NULL);
    if (o) {
        T_CHECK(strstr(o, "宋体 ") == o);
        double h = 0;
        sscanf(o + strlen("宋体 "), "%lf", &h);
        T_CHECK(h >= 40); /* 30 CJK characters in a 10-wide column: several lines */
        T_CHECK(strstr(o, "#,##0.00") != NULL);
        T_CHECK(strstr(o, "2026-12-03 08:30:00 yyyy-mm-dd hh:mm") != NULL);
        T_CHECK(strstr(o, "'A7:C7'") != NULL); /* the note spans the table */
        T_CHECK(strstr(o, "'A1:C1'") != NULL); /* and the title */
        if (!strstr(o, "宋体"))
            fprintf(stderr, "%s\n", o);
    }
    free(o);
}

/* A one-object form: grid, body, photos (an unreadable one prints a note),
 * signatures and the seal line. */
static void test_form(void)
{
    struct xd_form f = {.title = "隐患整改回执暨销号单", .subline = "编号：42"};
    f.rows[f.nrows][0] = "学校";
    f.rows[f.nrows++][1] = "城关第一小学";
    f.rows[f.nrows][0] = "隐患名称";
    f.rows[f.nrows++][1] = "楼梯扶手松动";
    f.body_title = "处理过程";
    f.body = "2026-11-20 09:30 上报隐患（张三）\n2026-11-21 10:00 销号（李四）";
    f.ngroups = 2;
    f.groups[0].caption = "整改前照片";
    f.groups[0].n = 1;
    f.groups[0].photos[0] = (struct xd_photo){.data = (const unsigned char *)"not a png", .len = 9};
    f.groups[1].caption = "整改后照片";
    f.sign[f.nsign++] = "验收人（签字）：李四";
    f.issuer = "城关第一小学";
    f.issue_date = "2026年11月21日";
    struct strbuf sb = STRBUF_INIT;
    T_EQ_INT(xd_render_form(&f, &sb), 0);
    char path[256];
    T_EQ_INT(save("form.pdf", &sb, path, sizeof(path)), 0);
    strbuf_release(&sb);
    char *txt = pdf_text(path);
    T_CHECK(txt != NULL);
    if (txt) {
        for (const char *const *k = (const char *const[]){"隐患整改回执暨销号单", "楼梯扶手松动", "处理过程",
                                                          "销号（李四）", "整改前照片", "照片格式无法在此打印",
                                                          "整改后照片", "（无）", "验收人（签字）：李四",
                                                          "（盖章）", "2026年11月21日", NULL};
             *k; k++)
            T_CHECK(strstr(txt, *k) != NULL);
    }
    free(txt);
}

void t_main(void)
{
    snprintf(tmpl, sizeof(tmpl), "/tmp/ex-unit-%ld", (long)getpid());
    test_cells();
    test_xlsx_print();
    test_form();
    test_model();
    test_pdf();
    test_xlsx();
    test_notice();
    test_labels();
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -f %s-*", tmpl);
    if (getenv("XA_KEEP") == NULL && system(cmd) != 0)
        fprintf(stderr, "cleanup failed\n");
}
