/*
 * truth.c - the rules of truthful records (truth.h).
 */
#include "core/compat.h"
#include "domain/truth.h"
#include <cairo.h>
#include <jpeglib.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>

#define P(k, d, lo, hi) {k, "params." k, d, lo, hi}
const struct truth_rule_def truth_rules[TR__COUNT] = {
    [TR_PHOTO_NEAR_DUP] = {"photo_near_dup", 3, {P("max_bits", 8, 0, 20)}},
    [TR_PATROL_TOO_FAST] = {"patrol_too_fast",
                            3,
                            {P("min_point_s", 30, 0, 600),
                             P("walk_mps", 1.2, 0.3, 5),
                             P("campus_m", 300, 20, 5000),
                             P("min_fast_steps", 3, 1, 100)}},
    [TR_PATROL_OFF_HOURS] = {"patrol_off_hours",
                             1,
                             {P("day_start_h", 6, 0, 23), P("day_end_h", 22, 1, 24),
                              P("min_points", 3, 1, 100)}},
    [TR_PATROL_LATE_SUBMIT] = {"patrol_late_submit", 1, {P("max_hours", 24, 1, 720)}},
    [TR_RECTIFY_TOO_FAST] = {"rectify_too_fast",
                             3,
                             {P("general_min", 60, 0, 10080), P("major_h", 24, 0, 720)}},
    [TR_AFTER_BEFORE_ASSIGN] = {"after_before_assign", 3, {P("slack_min", 10, 0, 1440)}},
    [TR_AFTER_SHARED] = {"after_shared", 3, {{0}}},
    [TR_ALL_PASS_MONTHS] = {"all_pass_months", 2, {P("months", 6, 2, 36), P("min_records", 20, 1, 10000)}},
    [TR_HAZARD_RATE_LOW] = {"hazard_rate_low", 2, {P("ratio", 0.2, 0.01, 1), P("min_peers", 5, 2, 1000)}},
    [TR_REPORTS_BULK] = {"reports_bulk", 1, {P("min_reports", 3, 2, 52), P("window_h", 2, 0.1, 72)}},
    [TR_INCIDENT_LATE] = {"incident_late", 2, {{0}}},
};
#undef P

int truth_rule_find(const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < TR__COUNT; i++)
        if (strcmp(truth_rules[i].code, code) == 0)
            return i;
    return -1;
}

int truth_param_find(int rule, const char *key)
{
    if (rule < 0 || rule >= TR__COUNT || !key)
        return -1;
    for (int i = 0; i < TRUTH_MAX_PARAMS && truth_rules[rule].params[i].key; i++)
        if (strcmp(truth_rules[rule].params[i].key, key) == 0)
            return i;
    return -1;
}

void truth_settings_default(int rule, struct truth_settings *out)
{
    memset(out, 0, sizeof(*out));
    out->enabled = true;
    for (int i = 0; i < TRUTH_MAX_PARAMS && truth_rules[rule].params[i].key; i++)
        out->v[i] = truth_rules[rule].params[i].def;
}

/* ---- difference hash ---- */

bool truth_dhash_grey(const unsigned char *grey, int w, int h, int stride, uint64_t *out)
{
    if (!grey || w < 9 || h < 8)
        return false;
    double cell[8][9];
    double sum = 0, sum2 = 0;
    for (int cy = 0; cy < 8; cy++) {
        int y0 = cy * h / 8, y1 = (cy + 1) * h / 8;
        for (int cx = 0; cx < 9; cx++) {
            int x0 = cx * w / 9, x1 = (cx + 1) * w / 9;
            double acc = 0;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    acc += grey[(size_t)y * (size_t)stride + (size_t)x];
            double area = (double)(y1 - y0) * (double)(x1 - x0);
            cell[cy][cx] = area > 0 ? acc / area : 0;
            sum += cell[cy][cx];
            sum2 += cell[cy][cx] * cell[cy][cx];
        }
    }
    double mean = sum / 72, var = sum2 / 72 - mean * mean;
    /* too plain to compare: a spread under 2 grey levels, or a flat scene
     * where most neighbouring cells are equal (a wall with one poster):
     * such hashes are mostly zeros and match one another */
    int textured = 0;
    for (int cy = 0; cy < 8; cy++)
        for (int cx = 0; cx < 8; cx++)
            textured += fabs(cell[cy][cx] - cell[cy][cx + 1]) > 1.0;
    if (var < 4.0 || textured < 24)
        return false;
    uint64_t hash = 0;
    for (int cy = 0; cy < 8; cy++)
        for (int cx = 0; cx < 8; cx++)
            hash = (hash << 1) | (cell[cy][cx] > cell[cy][cx + 1] ? 1u : 0u);
    *out = hash;
    return true;
}

int truth_hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

struct jpeg_trap {
    struct jpeg_error_mgr mgr;
    jmp_buf jb;
};
static void jpeg_trap_exit(j_common_ptr ci)
{
    longjmp(((struct jpeg_trap *)ci->err)->jb, 1);
}
static void jpeg_trap_quiet(j_common_ptr ci)
{
    (void)ci;
}

static bool hash_jpeg(const unsigned char *data, size_t n, uint64_t *out)
{
    struct jpeg_decompress_struct ci;
    struct jpeg_trap trap;
    unsigned char *volatile grey = NULL;
    ci.err = jpeg_std_error(&trap.mgr);
    trap.mgr.error_exit = jpeg_trap_exit;
    trap.mgr.output_message = jpeg_trap_quiet;
    if (setjmp(trap.jb)) {
        jpeg_destroy_decompress(&ci);
        free(grey);
        return false;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)n);
    jpeg_read_header(&ci, TRUE);
    ci.out_color_space = JCS_GRAYSCALE;
    /* the hash needs 9x8 cells: decode at 1/8 when that still leaves
     * 64 pixels a side (much less work for a phone's 12 MP photo) */
    unsigned denom = 1;
    while (denom < 8 && ci.image_width / (denom * 2) >= 64 && ci.image_height / (denom * 2) >= 64)
        denom *= 2;
    ci.scale_num = 1;
    ci.scale_denom = denom;
    jpeg_start_decompress(&ci);
    int w = (int)ci.output_width, h = (int)ci.output_height;
    if (ci.output_components != 1 || w < 9 || h < 8 || (size_t)w * (size_t)h > 64u << 20) {
        jpeg_destroy_decompress(&ci);
        return false;
    }
    grey = malloc((size_t)w * (size_t)h);
    if (!grey)
        abort();
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = grey + (size_t)ci.output_scanline * (size_t)w;
        jpeg_read_scanlines(&ci, &row, 1);
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    bool ok = truth_dhash_grey(grey, w, h, w, out);
    free(grey);
    return ok;
}

struct png_reader {
    const unsigned char *p;
    size_t left;
};
static cairo_status_t png_read(void *closure, unsigned char *buf, unsigned int len)
{
    struct png_reader *r = closure;
    if (len > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(buf, r->p, len);
    r->p += len;
    r->left -= len;
    return CAIRO_STATUS_SUCCESS;
}

static bool hash_png(const unsigned char *data, size_t n, uint64_t *out)
{
    struct png_reader rd = {data, n};
    cairo_surface_t *sf = cairo_image_surface_create_from_png_stream(png_read, &rd);
    if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(sf);
        return false;
    }
    cairo_surface_flush(sf);
    int w = cairo_image_surface_get_width(sf), h = cairo_image_surface_get_height(sf);
    int stride = cairo_image_surface_get_stride(sf);
    cairo_format_t fmt = cairo_image_surface_get_format(sf);
    const unsigned char *px = cairo_image_surface_get_data(sf);
    bool ok = false;
    if (px && w >= 9 && h >= 8 && (fmt == CAIRO_FORMAT_ARGB32 || fmt == CAIRO_FORMAT_RGB24)) {
        unsigned char *grey = malloc((size_t)w * (size_t)h);
        if (!grey)
            abort();
        for (int y = 0; y < h; y++) {
            const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
            for (int x = 0; x < w; x++) {
                uint32_t v = row[x];
                unsigned a = fmt == CAIRO_FORMAT_ARGB32 ? v >> 24 : 255;
                unsigned r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
                /* premultiplied: a transparent pixel reads as white paper */
                unsigned l = (r * 299 + g * 587 + b * 114) / 1000 + (255 - a);
                grey[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(l > 255 ? 255 : l);
            }
        }
        ok = truth_dhash_grey(grey, w, h, w, out);
        free(grey);
    }
    cairo_surface_destroy(sf);
    return ok;
}

bool truth_dhash_image(const char *mime, const unsigned char *data, size_t n, uint64_t *out)
{
    if (!mime || !data || n < 8)
        return false;
    if (strcmp(mime, "image/jpeg") == 0)
        return hash_jpeg(data, n, out);
    if (strcmp(mime, "image/png") == 0)
        return hash_png(data, n, out);
    return false;
}

/* ---- patrols ---- */

int64_t truth_step_need_ms(const struct truth_checkin *a, const struct truth_checkin *b,
                           double campus_m, double walk_mps, double min_point_s)
{
    double s = min_point_s;
    if (a->has_pos && b->has_pos && walk_mps > 0) {
        double dx = (a->x - b->x) * campus_m, dy = (a->y - b->y) * campus_m;
        s += sqrt(dx * dx + dy * dy) / walk_mps;
    }
    return (int64_t)(s * 1000.0);
}

int truth_local_minute(int64_t at_ms)
{
    int64_t local = at_ms + 8 * 3600 * INT64_C(1000);
    int64_t m = (local / 60000) % 1440;
    return (int)(m < 0 ? m + 1440 : m);
}

void truth_patrol_eval(const struct truth_checkin *c, size_t n, const struct truth_settings *fast,
                       const struct truth_settings *hours, const struct truth_settings *late,
                       struct truth_patrol_eval *out)
{
    *out = (struct truth_patrol_eval){.worst_step = -1};
    double worst_ratio = 2;
    for (size_t i = 0; i < n; i++) {
        if (hours && hours->enabled) {
            int m = truth_local_minute(c[i].at);
            if (m < (int)(hours->v[0] * 60) || m >= (int)(hours->v[1] * 60))
                out->off_hours++;
        }
        if (late && late->enabled && c[i].scanned_at > 0) {
            int64_t d = c[i].at - c[i].scanned_at;
            if (d > (int64_t)(late->v[0] * 3600000.0)) {
                out->late_submits++;
                if (d > out->worst_late_ms)
                    out->worst_late_ms = d;
            }
        }
        if (i == 0 || !fast || !fast->enabled)
            continue;
        out->steps++;
        /* the phone's scan times are the walk when the patrol was offline */
        int64_t ta = c[i - 1].scanned_at > 0 ? c[i - 1].scanned_at : c[i - 1].at;
        int64_t tb = c[i].scanned_at > 0 ? c[i].scanned_at : c[i].at;
        int64_t gap = tb - ta;
        int64_t need = truth_step_need_ms(&c[i - 1], &c[i], fast->v[2], fast->v[1], fast->v[0]);
        if (need <= 0 || gap >= need)
            continue;
        out->fast_steps++;
        double ratio = (double)(gap < 0 ? 0 : gap) / (double)need;
        if (ratio < worst_ratio) {
            worst_ratio = ratio;
            out->worst_step = (int)i;
            out->worst_gap_ms = gap;
            out->worst_need_ms = need;
        }
    }
}

/* ---- rectifications ---- */

int64_t truth_rectify_floor_ms(const struct truth_settings *st, const char *grade)
{
    if (grade && strcmp(grade, "major") == 0)
        return (int64_t)(st->v[1] * 3600000.0);
    return (int64_t)(st->v[0] * 60000.0);
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool truth_camera_time(const char *taken, int64_t *out_ms)
{
    int y, mo, d, h, mi, s;
    char t;
    if (!taken || strlen(taken) != 19 ||
        sscanf(taken, "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &t, &h, &mi, &s) != 7 ||
        (t != 'T' && t != ' '))
        return false;
    if (y < 1990 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return false;
    int64_t sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - 8 * 3600;
    *out_ms = sec * 1000;
    return true;
}

bool truth_taken_before(const char *taken, int64_t at_ms, int64_t slack_ms)
{
    int64_t t;
    return truth_camera_time(taken, &t) && t < at_ms - slack_ms;
}

/* ---- patterns ---- */

int truth_size_band(int64_t students)
{
    return students < 300 ? 0 : students < 1000 ? 1 : students < 2000 ? 2 : 3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double truth_median(double *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool truth_rate_low(double rate, double peer_median, int peers, double ratio, int min_peers)
{
    return peers >= min_peers && peer_median > 0 && rate < ratio * peer_median;
}

int truth_bulk_count(const int64_t *at, size_t n, int64_t window_ms, int64_t *first)
{
    int best = 0;
    size_t lo = 0;
    for (size_t hi = 0; hi < n; hi++) {
        while (at[hi] - at[lo] > window_ms)
            lo++;
        if ((int)(hi - lo + 1) > best) {
            best = (int)(hi - lo + 1);
            if (first)
                *first = at[lo];
        }
    }
    return best;
}

int truth_all_pass_run(const int *month, const bool *pass, size_t n, int *first, int *last)
{
    int best = 0, cur = 0;
    for (size_t i = 0; i < n; i++) {
        cur = pass[i] ? cur + 1 : 0;
        if (cur > best) {
            best = cur;
            if (first)
                *first = month[i + 1 - (size_t)cur];
            if (last)
                *last = month[i];
        }
    }
    return best;
}
