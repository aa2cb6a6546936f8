/*
 * demo_truth.c - faked records among the honest ones (issue 19), so the
 * bureau's 需关注 list finds something and leaves the honest schools alone:
 *
 *   s05  a before-photo re-saved as the after-photo; a patrol of eight
 *        points 15 seconds apart; a patrol at 2 a.m.
 *   s09  two hazards "rectified and verified" 8 minutes after assignment;
 *        one after-photo for two hazards; an after-photo taken the day
 *        before the assignment
 *   s11  a year of patrols where every item passed; four weekly reports
 *        filed together at the deadline; a patrol photo re-used from s05
 *   s02  (the demo's login school) a patrol uploaded three days after it
 *        was walked, to show the school's side with an explanation form
 *
 * Honest schools get real-looking photos too (different scenes), which
 * nothing flags. Then the signals are computed once, as the sweep would.
 */
#include "core/compat.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "store/store_truth.h"
#include "store/store_truth_demo.h"
#include <math.h>
#include <sodium.h>

#define MIN_MS (60LL * 1000)
#define HOUR_MS (60 * MIN_MS)

/* A textured "photo" of w x h, different for every seed (RGB bytes): a
 * mosaic of 12 x 9 grey patches chosen by the seed, with a fine texture. */
static unsigned char *scene(int seed, int w, int h)
{
    unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);
    if (!rgb)
        abort();
    double patch[9][12];
    uint32_t r = 2166136261u ^ (uint32_t)seed * 16777619u;
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 12; x++) {
            r = r * 1103515245u + 12345u;
            patch[y][x] = 40 + (double)((r >> 8) % 170);
        }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double v = patch[y * 9 / h][x * 12 / w] + 12 * sin(x * 0.9) * cos(y * 0.7);
            unsigned char *p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
            unsigned char g = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
            p[0] = g;
            p[1] = (unsigned char)(g * 0.92);
            p[2] = (unsigned char)(g * 0.8);
        }
    return rgb;
}

/* The middle (1 - 2*trim) of src shrunk to w x h: a cropped, resized copy. */
static unsigned char *trim(const unsigned char *src, int sw, int sh, double t, int w, int h)
{
    unsigned char *out = malloc((size_t)w * (size_t)h * 3);
    if (!out)
        abort();
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int sx = (int)((t + (1 - 2 * t) * (x + 0.5) / w) * sw);
            int sy = (int)((t + (1 - 2 * t) * (y + 0.5) / h) * sh);
            memcpy(out + ((size_t)y * (size_t)w + (size_t)x) * 3,
                   src + ((size_t)sy * (size_t)sw + (size_t)sx) * 3, 3);
        }
    return out;
}

/* Stores the scene (seed) as a JPEG of the school: re-saved at quality q,
 * trimmed by t. The photo's id, or -1. */
static int64_t photo(struct store *s, int64_t school, int seed, int q, double t, const char *taken,
                     int64_t at)
{
    const int W = 320, H = 240;
    unsigned char *rgb = scene(seed, W, H);
    if (t > 0) {
        unsigned char *cut = trim(rgb, W, H, t, W * 3 / 4, H * 3 / 4);
        free(rgb);
        rgb = cut;
    }
    size_t n = 0;
    unsigned char *jp = demo_jpeg(rgb, t > 0 ? W * 3 / 4 : W, t > 0 ? H * 3 / 4 : H, q, &n);
    free(rgb);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, jp, n);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    int64_t id = store_truth_demo_photo(s, school, hex, jp, n, taken, at);
    free(jp);
    return id;
}

static void camera_time(int64_t ms, char *buf, size_t len)
{
    char iso[40];
    xa_time_format(ms, iso, sizeof(iso)); /* 2026-12-03T09:30:00+08:00 */
    snprintf(buf, len, "%.19s", iso);
}

/* Local 09:00 (or hour) of the day `days` before now. */
static int64_t day_at(int64_t now, int days, int hour, int minute)
{
    int64_t local_day = (now + 8 * HOUR_MS) / XA_DAY_MS - days;
    return local_day * XA_DAY_MS - 8 * HOUR_MS + hour * HOUR_MS + minute * MIN_MS;
}

static int load(struct store *s, int64_t now, int *faked)
{
    struct demo_person a, b, c, home;
    if (demo_school_person(s, 5, "safety", &a) != 1 || demo_school_person(s, 9, "safety", &b) != 1 ||
        demo_school_person(s, 11, "safety", &c) != 1 ||
        demo_school_person(s, 2, "safety", &home) != 1)
        return err("demo truth: the demo schools s02, s05, s09, s11 are missing");
    int64_t hz[4];
    char taken[32];

    /* honest schools: real-looking photos of their own, one scene each */
    for (int nth = 1; nth <= 20; nth++) {
        struct demo_person p;
        if (nth == 5 || nth == 9 || nth == 11 || demo_school_person(s, nth, "safety", &p) != 1)
            continue;
        int k = store_truth_demo_hazards(s, p.org_id, hz, 2);
        if (k < 0)
            return -1;
        for (int i = 0; i < k; i++) {
            int64_t when = 0;
            if (store_truth_demo_hazard_assigned(s, hz[i], &when))
                return -1;
            camera_time(when + 2 * HOUR_MS, taken, sizeof(taken));
            int64_t ph = photo(s, p.org_id, 100 + nth * 7 + i * 3, 85, 0, taken, when + 3 * HOUR_MS);
            if (ph < 0 || store_truth_demo_link(s, hz[i], ph, "after", when + 3 * HOUR_MS))
                return -1;
        }
    }

    /* s05: a before-photo re-saved and trimmed as its own after-photo */
    if (store_truth_demo_hazards(s, a.org_id, hz, 1) != 1)
        return err("demo truth: s05 has no closed hazard");
    int64_t when = 0;
    if (store_truth_demo_hazard_assigned(s, hz[0], &when))
        return -1;
    int64_t before = photo(s, a.org_id, 11, 90, 0, NULL, when - HOUR_MS);
    int64_t after = photo(s, a.org_id, 11, 60, 0.03, NULL, when + 5 * HOUR_MS);
    if (before < 0 || after < 0 || store_truth_demo_link(s, hz[0], before, "before", when - HOUR_MS) ||
        store_truth_demo_link(s, hz[0], after, "after", when + 5 * HOUR_MS))
        return -1;
    (*faked)++;
    /* s05: eight points 15 s apart across the campus, three days ago */
    int64_t rec = 0;
    if (store_truth_demo_patrol(s, a.org_id, a.id, day_at(now, 3, 16, 40), 8, 15000, 0, &rec) < 2)
        return err("demo truth: s05 has too few risk points");
    (*faked)++;
    /* s05: a patrol "walked" at 2 a.m., a minute per point */
    if (store_truth_demo_patrol(s, a.org_id, a.id, day_at(now, 5, 2, 5), 4, 4 * MIN_MS, 0, NULL) < 0)
        return -1;
    (*faked)++;
    /* s05's patrol photo, and a trimmed copy of it in s11's patrol */
    int64_t pa = photo(s, a.org_id, 23, 85, 0, NULL, day_at(now, 3, 16, 40));
    if (pa < 0 || store_truth_demo_patrol_photo(s, rec, pa))
        return -1;
    int64_t rec11 = 0;
    if (store_truth_demo_patrol(s, c.org_id, c.id, day_at(now, 1, 10, 0), 1, 0, 0, &rec11) < 1)
        return -1;
    int64_t pc = photo(s, c.org_id, 23, 70, 0.02, NULL, day_at(now, 1, 10, 0));
    if (pc < 0 || store_truth_demo_patrol_photo(s, rec11, pc))
        return -1;
    (*faked)++;

    /* s09: two hazards rectified and verified within 8 minutes */
    int k = store_truth_demo_hazards(s, b.org_id, hz, 3);
    if (k < 3)
        return err("demo truth: s09 has too few closed hazards");
    for (int i = 0; i < 2; i++)
        if (store_truth_demo_quick_fix(s, hz[i], 8))
            return -1;
    (*faked) += 2;
    /* s09: one after-photo for two hazards */
    if (store_truth_demo_hazard_assigned(s, hz[1], &when))
        return -1;
    camera_time(when + 3 * MIN_MS, taken, sizeof(taken));
    int64_t shared = photo(s, b.org_id, 37, 85, 0, taken, when + 6 * MIN_MS);
    if (shared < 0 || store_truth_demo_link(s, hz[1], shared, "after", when + 6 * MIN_MS) ||
        store_truth_demo_link(s, hz[2], shared, "after", when + 7 * MIN_MS))
        return -1;
    (*faked)++;
    /* s09: an after-photo whose camera says it was taken the day before */
    if (store_truth_demo_hazard_assigned(s, hz[0], &when))
        return -1;
    camera_time(when - XA_DAY_MS, taken, sizeof(taken));
    int64_t early = photo(s, b.org_id, 53, 85, 0, taken, when + 6 * MIN_MS);
    if (early < 0 || store_truth_demo_link(s, hz[0], early, "after", when + 6 * MIN_MS))
        return -1;
    (*faked)++;

    /* s11: a year in which every patrol item passed, while the other
     * schools' patrols find something now and then */
    if (store_truth_demo_some_fail(s, c.org_id, now - 400 * XA_DAY_MS) ||
        store_truth_demo_all_pass(s, c.org_id, now - 400 * XA_DAY_MS))
        return -1;
    (*faked)++;
    /* s11: the last four weekly reports filed together at the deadline */
    int64_t deadline = 0;
    if (store_truth_demo_last_deadline(s, c.org_id, &deadline))
        return -1;
    if (store_truth_demo_bulk_reports(s, c.org_id, 4, deadline - 30 * MIN_MS) < 0)
        return -1;
    (*faked)++;

    /* s02: a patrol uploaded three days after it was walked */
    if (store_truth_demo_patrol(s, home.org_id, home.id, day_at(now, 6, 9, 0), 3, 3 * MIN_MS,
                                3 * XA_DAY_MS, NULL) < 0)
        return -1;
    (*faked)++;
    return 0;
}

int demo_truth_run(struct store *s, int64_t now, FILE *out)
{
    int faked = 0, hashed = 0, found = 0;
    if (store_begin(s))
        goto fail;
    if (load(s, now, &faked)) {
        store_rollback(s);
        goto fail;
    }
    if (store_commit(s))
        goto fail;
    /* the signals, as the sweep computes them */
    struct change c;
    struct truth_batch b = {0};
    if (store_change_begin(&c, s, 0, "", now))
        goto fail;
    c.quiet = true;
    int more = 1;
    while (more && !store_truth_hash_photos(&c, 500, &hashed))
        more = hashed == 500;
    if (more || store_change_commit(&c)) {
        store_change_abort(&c);
        goto fail;
    }
    if (store_truth_compute(s, "/", now - 120 * XA_DAY_MS, now, &b, &found) ||
        store_change_begin(&c, s, 0, "", now)) {
        truth_batch_release(&b);
        goto fail;
    }
    c.quiet = true;
    int rc = store_truth_save(&c, &b);
    truth_batch_release(&b);
    if (rc) {
        store_change_abort(&c);
        goto fail;
    }
    if (store_change_commit(&c))
        goto fail;
    fprintf(out, "  truthful records: %d faked records among honest ones, %d signals for 需关注\n",
            faked, found);
    return 0;
fail:
    err("demo truth: %s", store_errmsg(s));
    return -1;
}
