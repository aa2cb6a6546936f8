/*
 * test_truth.c - the rules of truthful records (domain/truth.c), each with
 * an honest and a faked example. The photo hash is tested on real JPEG and
 * PNG files made here: a scene, the same re-encoded at another quality, a
 * resized and slightly cropped copy, and a different scene.
 */
#include "core/compat.h"
#include "demo/demo.h"
#include "domain/truth.h"
#include "store/store_int.h"
#include "store/store_truth.h"
#include "t.h"
#include <cairo.h>
#include <jpeglib.h>
#include <math.h>
#include <stdio.h>

/* A "photo": a lit wall with a door and a window, shapes placed by seed. */
static unsigned char *scene(int w, int h, int seed)
{
    unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double fx = (double)x / w, fy = (double)y / h;
            double v = seed == 1 ? 60 + 120 * fx + 40 * sin(fy * 6.0)
                                 : 200 - 140 * fy + 30 * cos(fx * 9.0);
            /* a dark door and a bright window */
            if (seed == 1 && fx > 0.15 && fx < 0.35 && fy > 0.3) v = 30;
            if (seed == 1 && fx > 0.6 && fx < 0.85 && fy > 0.2 && fy < 0.5) v = 240;
            if (seed == 2 && (fx - 0.7) * (fx - 0.7) + (fy - 0.4) * (fy - 0.4) < 0.04) v = 20;
            if (seed == 2 && fx > 0.05 && fx < 0.3 && fy > 0.6 && fy < 0.9) v = 250;
            unsigned char *p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
            p[0] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
            p[1] = (unsigned char)(p[0] * 0.9);
            p[2] = (unsigned char)(p[0] * 0.8);
        }
    return rgb;
}

/* Resamples (nearest) the part [cx0, cx1) x [cy0, cy1) of src to w x h. */
static unsigned char *crop_resize(const unsigned char *src, int sw, int sh, double c0, double c1,
                                  int w, int h)
{
    unsigned char *out = malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int sx = (int)((c0 + (c1 - c0) * (x + 0.5) / w) * sw);
            int sy = (int)((c0 + (c1 - c0) * (y + 0.5) / h) * sh);
            memcpy(out + ((size_t)y * (size_t)w + (size_t)x) * 3,
                   src + ((size_t)sy * (size_t)sw + (size_t)sx) * 3, 3);
        }
    return out;
}

struct png_buf {
    unsigned char *p;
    size_t n, cap;
};
static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
    struct png_buf *b = closure;
    if (b->n + len > b->cap) {
        b->cap = (b->n + len) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static unsigned char *to_png(const unsigned char *rgb, int w, int h, size_t *len)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    unsigned char *px = cairo_image_surface_get_data(sf);
    int stride = cairo_image_surface_get_stride(sf);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const unsigned char *s = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
            uint32_t v = 0xFF000000u | (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
            memcpy(px + (size_t)y * (size_t)stride + (size_t)x * 4, &v, 4);
        }
    cairo_surface_mark_dirty(sf);
    struct png_buf b = {0};
    cairo_surface_write_to_png_stream(sf, png_write, &b);
    cairo_surface_destroy(sf);
    *len = b.n;
    return b.p;
}

static void test_photo_hash(void)
{
    const int W = 640, H = 480;
    unsigned char *a = scene(W, H, 1), *other = scene(W, H, 2);
    size_t n1, n2, n3, n4, n5;
    unsigned char *j90 = demo_jpeg(a, W, H, 90, &n1);
    unsigned char *j40 = demo_jpeg(a, W, H, 40, &n2);
    unsigned char *small = crop_resize(a, W, H, 0.02, 0.98, 320, 240);
    unsigned char *jcrop = demo_jpeg(small, 320, 240, 75, &n3);
    unsigned char *jother = demo_jpeg(other, W, H, 90, &n4);
    unsigned char *png = to_png(a, W, H, &n5);
    uint64_t h90, h40, hcrop, hother, hpng;
    T_CHECK(truth_dhash_image("image/jpeg", j90, n1, &h90));
    T_CHECK(truth_dhash_image("image/jpeg", j40, n2, &h40));
    T_CHECK(truth_dhash_image("image/jpeg", jcrop, n3, &hcrop));
    T_CHECK(truth_dhash_image("image/jpeg", jother, n4, &hother));
    T_CHECK(truth_dhash_image("image/png", png, n5, &hpng));
    int max = (int)truth_rules[TR_PHOTO_NEAR_DUP].params[0].def;
    /* the same scene, saved again, shrunk and trimmed, or as PNG: near */
    T_CHECK(truth_hamming(h90, h40) <= 2);
    T_CHECK(truth_hamming(h90, hcrop) <= max);
    T_CHECK(truth_hamming(h90, hpng) <= 2);
    /* another scene: far */
    T_CHECK(truth_hamming(h90, hother) > 2 * max);
    /* the bytes differ, so the content hash alone would call them new */
    T_CHECK(n1 != n2);

    /* a plain image and broken bytes give no hash */
    unsigned char *flat = calloc((size_t)W * H, 3);
    memset(flat, 128, (size_t)W * H * 3);
    size_t nf;
    unsigned char *jflat = demo_jpeg(flat, W, H, 90, &nf);
    uint64_t x;
    T_CHECK(!truth_dhash_image("image/jpeg", jflat, nf, &x));
    /* a flat wall with one poster: mostly equal cells, not comparable */
    for (int y = 100; y < 200; y++)
        for (int xx = 200; xx < 320; xx++)
            memset(flat + ((size_t)y * W + (size_t)xx) * 3, 30, 3);
    free(jflat);
    jflat = demo_jpeg(flat, W, H, 90, &nf);
    T_CHECK(!truth_dhash_image("image/jpeg", jflat, nf, &x));
    T_CHECK(!truth_dhash_image("image/jpeg", j90, 100, &x));
    T_CHECK(!truth_dhash_image("image/webp", j90, n1, &x));
    T_CHECK(!truth_dhash_image("image/png", j90, n1, &x));
    T_EQ_INT(truth_hamming(0, UINT64_MAX), 64);
    free(a), free(other), free(j90), free(j40), free(small), free(jcrop), free(jother);
    free(png), free(flat), free(jflat);
}

static void test_patrol(void)
{
    struct truth_settings fast, hours, late;
    truth_settings_default(TR_PATROL_TOO_FAST, &fast);
    truth_settings_default(TR_PATROL_OFF_HOURS, &hours);
    truth_settings_default(TR_PATROL_LATE_SUBMIT, &late);
    /* 2026-12-03 09:00 Asia/Shanghai */
    int64_t t0 = INT64_C(1796259600000);
    T_EQ_INT(truth_local_minute(t0), 9 * 60);
    /* honest: five points across the campus, 2-4 minutes apart */
    struct truth_checkin honest[5];
    for (int i = 0; i < 5; i++)
        honest[i] = (struct truth_checkin){.at = t0 + i * 180000, .has_pos = true,
                                           .x = 0.1 + 0.2 * i, .y = 0.5};
    struct truth_patrol_eval ev;
    truth_patrol_eval(honest, 5, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.steps, 4);
    T_EQ_INT(ev.fast_steps, 0);
    T_EQ_INT(ev.off_hours, 0);
    T_EQ_INT(ev.late_submits, 0);
    /* faked: the same five points ten seconds apart (60 m each needs
     * 30 s + 50 s) */
    struct truth_checkin faked[5];
    for (int i = 0; i < 5; i++)
        faked[i] = (struct truth_checkin){.at = t0 + i * 10000, .has_pos = true,
                                          .x = 0.1 + 0.2 * i, .y = 0.5};
    truth_patrol_eval(faked, 5, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.fast_steps, 4);
    T_CHECK(ev.worst_step >= 1);
    T_EQ_INT(ev.worst_gap_ms, 10000);
    T_EQ_INT(ev.worst_need_ms, 80000);
    /* without positions, the check itself takes min_point_s */
    struct truth_checkin nopos[2] = {{.at = t0}, {.at = t0 + 20000}};
    truth_patrol_eval(nopos, 2, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.fast_steps, 1);
    nopos[1].at = t0 + 45000;
    truth_patrol_eval(nopos, 2, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.fast_steps, 0);
    /* an offline patrol: the phone's scan times are the walk */
    struct truth_checkin offline[2] = {{.at = t0 + 3600000, .scanned_at = t0},
                                       {.at = t0 + 3600100, .scanned_at = t0 + 120000}};
    truth_patrol_eval(offline, 2, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.fast_steps, 0);
    T_EQ_INT(ev.late_submits, 0);
    /* uploaded two days after the scan; at 02:30 at night */
    struct truth_checkin stale[1] = {{.at = t0 + 2 * 86400000LL, .scanned_at = t0}};
    truth_patrol_eval(stale, 1, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.late_submits, 1);
    T_EQ_INT(ev.worst_late_ms, 2 * 86400000LL);
    struct truth_checkin night[1] = {{.at = t0 - 6 * 3600000LL - 30 * 60000}};
    truth_patrol_eval(night, 1, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.off_hours, 1);
    /* a rule switched off finds nothing */
    fast.enabled = false;
    truth_patrol_eval(faked, 5, &fast, &hours, &late, &ev);
    T_EQ_INT(ev.fast_steps, 0);
}

static void test_rectify(void)
{
    struct truth_settings st;
    truth_settings_default(TR_RECTIFY_TOO_FAST, &st);
    T_EQ_INT(truth_rectify_floor_ms(&st, "general"), 60 * 60000);
    T_EQ_INT(truth_rectify_floor_ms(&st, "major"), 24 * 3600000LL);
    int64_t t;
    T_CHECK(truth_camera_time("2026-12-03T09:00:00", &t));
    T_EQ_INT(t, INT64_C(1796259600000));
    T_CHECK(truth_camera_time("2026:12:03 09:00:00", &t) == false);
    T_CHECK(!truth_camera_time("garbage", &t));
    T_CHECK(!truth_camera_time(NULL, &t));
    int64_t assigned = INT64_C(1796259600000) + 3600000; /* 10:00 */
    /* honest: taken at 10:40, after the 10:00 assignment */
    T_CHECK(!truth_taken_before("2026-12-03T10:40:00", assigned, 600000));
    /* within the camera clock's slack */
    T_CHECK(!truth_taken_before("2026-12-03T09:55:00", assigned, 600000));
    /* faked: the "after" photo was taken the day before */
    T_CHECK(truth_taken_before("2026-12-02T16:00:00", assigned, 600000));
}

static void test_patterns(void)
{
    T_EQ_INT(truth_size_band(120), 0);
    T_EQ_INT(truth_size_band(999), 1);
    T_EQ_INT(truth_size_band(1500), 2);
    T_EQ_INT(truth_size_band(4000), 3);
    double v[] = {5, 1, 3, 4, 2};
    T_CHECK(fabs(truth_median(v, 5) - 3) < 1e-9);
    double w[] = {4, 1, 3, 2};
    T_CHECK(fabs(truth_median(w, 4) - 2.5) < 1e-9);
    /* honest: a little below the median; faked: a tenth of it */
    T_CHECK(!truth_rate_low(2.0, 3.0, 8, 0.2, 5));
    T_CHECK(truth_rate_low(0.3, 3.0, 8, 0.2, 5));
    T_CHECK(!truth_rate_low(0.3, 3.0, 3, 0.2, 5)); /* too few peers */
    T_CHECK(!truth_rate_low(0, 0, 8, 0.2, 5));     /* nobody finds anything */
    /* weekly reports: honest ones a week apart; faked: four in one hour */
    int64_t wk = 7 * 86400000LL, first = 0;
    int64_t honest[] = {0, wk, 2 * wk, 3 * wk};
    T_EQ_INT(truth_bulk_count(honest, 4, 2 * 3600000LL, &first), 1);
    int64_t bulk[] = {0, wk, 5 * wk, 5 * wk + 60000, 5 * wk + 120000, 5 * wk + 900000};
    T_EQ_INT(truth_bulk_count(bulk, 6, 2 * 3600000LL, &first), 4);
    T_EQ_INT(first, 5 * wk);
    /* all-pass months: honest schools find something now and then */
    int months[] = {100, 101, 102, 103, 104, 105, 106, 107};
    bool honest_pass[] = {true, true, false, true, true, true, false, true};
    bool faked_pass[] = {true, true, true, true, true, true, true, true};
    int start = 0, end = 0;
    T_EQ_INT(truth_all_pass_run(months, honest_pass, 8, &start, &end), 3);
    T_EQ_INT(start, 103);
    T_EQ_INT(end, 105);
    T_EQ_INT(truth_all_pass_run(months, faked_pass, 8, &start, &end), 8);
    T_EQ_INT(start, 100);
    T_EQ_INT(end, 107);
    /* a holiday month without patrols neither counts nor breaks the run */
    int gap[] = {100, 101, 103, 104};
    bool all[] = {true, true, true, true};
    T_EQ_INT(truth_all_pass_run(gap, all, 4, &start, &end), 4);
}

static void test_rules(void)
{
    T_EQ_INT(truth_rule_find("patrol_too_fast"), TR_PATROL_TOO_FAST);
    T_EQ_INT(truth_rule_find("nope"), -1);
    T_EQ_INT(truth_param_find(TR_PATROL_TOO_FAST, "walk_mps"), 1);
    T_EQ_INT(truth_param_find(TR_AFTER_SHARED, "x"), -1);
    for (int i = 0; i < TR__COUNT; i++) {
        T_CHECK(truth_rules[i].code != NULL);
        T_CHECK(truth_rules[i].weight > 0);
        for (int p = 0; p < TRUTH_MAX_PARAMS && truth_rules[i].params[p].key; p++)
            T_CHECK(truth_rules[i].params[p].def >= truth_rules[i].params[p].min &&
                    truth_rules[i].params[p].def <= truth_rules[i].params[p].max);
    }
}

/* The store's settings and refusals, on each backend: a rule's parameters
 * merge into the defaults, a value out of range names its field, an unknown
 * rule or flag is refused with its own code, and nothing is half-written. */
static void run_store(struct store *s)
{
    T_EQ_INT(store_migrate(s) >= 0, 1);
    struct change c;
    T_EQ_INT(store_change_begin(&c, s, 0, "", 1000), 0);
    json_t *bad = json_pack("{s:f}", "min_point_s", 100000.0);
    T_EQ_INT(store_truth_rule_set(&c, "patrol_too_fast", false, false, bad, NULL), -1);
    T_EQ_INT(c.err.code, XE_TRUTH_PARAM);
    T_EQ_STR(c.err.field, "params.min_point_s");
    json_decref(bad);
    T_EQ_INT(store_truth_rule_set(&c, "nope", true, false, NULL, NULL), -1);
    T_EQ_INT(c.err.code, XE_TRUTH_RULE);
    T_EQ_INT(store_truth_explain(&c, 987654321, "x", NULL), -1);
    T_EQ_INT(c.err.code, XE_TRUTH_FLAG_NOT_FOUND);
    T_EQ_INT(store_truth_review(&c, 1, "maybe", "", NULL), -1);
    T_EQ_INT(c.err.code, XE_TRUTH_VERDICT);
    store_change_abort(&c);

    T_EQ_INT(store_change_begin(&c, s, 0, "", 2000), 0);
    json_t *p = json_pack("{s:f}", "walk_mps", 0.8);
    json_t *after = NULL;
    T_EQ_INT(store_truth_rule_set(&c, "patrol_too_fast", true, false, p, &after), 0);
    json_decref(p);
    T_CHECK(json_is_false(json_object_get(after, "enabled")));
    json_decref(after);
    T_EQ_INT(store_change_commit(&c), 0);
    struct truth_settings st[TR__COUNT];
    T_EQ_INT(store_truth_settings(s, st), 0);
    T_CHECK(!st[TR_PATROL_TOO_FAST].enabled);
    T_CHECK(fabs(st[TR_PATROL_TOO_FAST].v[1] - 0.8) < 1e-9);
    T_CHECK(fabs(st[TR_PATROL_TOO_FAST].v[0] - 30) < 1e-9); /* the others keep their defaults */
    T_CHECK(st[TR_RECTIFY_TOO_FAST].enabled);
    /* back to the defaults for the next backend's run */
    T_EQ_INT(EXEC(s, "DELETE FROM truth_rules WHERE rule = ?", DB_TEXT("patrol_too_fast")) >= 0, 1);
    /* an empty tree computes to nothing */
    struct truth_batch b = {0};
    int found = -1;
    T_EQ_INT(store_truth_compute(s, "/", 0, 3000, &b, &found), 0);
    T_CHECK(found >= 0);
    truth_batch_release(&b);
}

void t_main(void)
{
    test_photo_hash();
    test_patrol();
    test_rectify();
    test_patterns();
    test_rules();
    t_each_backend("truth", run_store);
}
