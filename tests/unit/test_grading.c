/*
 * test_grading.c - LEC / LS grading and the category seeds.
 * Links src/domain/grading.c and src/domain/category.c.
 */
#include "core/compat.h"
#include "t.h"
#include "domain/category.h"
#include "domain/grading.h"

#include <math.h>

static void test_level_names(void)
{
    enum risk_level lv;
    static const char *names[] = {"none", "low", "general", "high", "major"};
    static const char *colours[] = {"none", "blue", "yellow", "orange", "red"};
    for (int i = RISK_NONE; i <= RISK_MAJOR; i++) {
        T_EQ_STR(grading_level_name((enum risk_level)i), names[i]);
        T_EQ_STR(grading_level_colour((enum risk_level)i), colours[i]);
        T_CHECK(grading_level_name_zh((enum risk_level)i) != NULL);
        lv = RISK_NONE;
        T_EQ_INT(grading_level_parse(names[i], &lv), 0);
        T_EQ_INT(lv, i);
        lv = RISK_NONE;
        T_EQ_INT(grading_level_parse(colours[i], &lv), 0);
        T_EQ_INT(lv, i);
    }
    T_EQ_STR(grading_level_name_zh(RISK_MAJOR), "重大");
    T_EQ_STR(grading_level_name_zh(RISK_HIGH), "较大");
    T_CHECK(grading_level_name((enum risk_level)5) == NULL);
    T_CHECK(grading_level_colour((enum risk_level) - 1) == NULL);
    lv = RISK_HIGH;
    T_EQ_INT(grading_level_parse("Major", &lv), -1);
    T_EQ_INT(grading_level_parse("", &lv), -1);
    T_EQ_INT(grading_level_parse(NULL, &lv), -1);
    T_EQ_INT(lv, RISK_HIGH);
}

static void test_thresholds_validate(void)
{
    const char *field = NULL;
    T_EQ_INT(grading_thresholds_validate(&grading_default, &field), 0);
    T_EQ_INT(grading_default.version, 1);
    T_EQ_INT(grading_thresholds_validate(NULL, &field), -1);
    T_EQ_STR(field, "thresholds");

    struct {
        struct grading_thresholds t;
        const char *field;
    } bad[] = {
        {{0, 320, 160, 70, 20, 15, 9}, "version"},
        {{1, 320, 160, 0, 20, 15, 9}, "lec_general"},
        {{1, 320, 160, -5, 20, 15, 9}, "lec_general"},
        {{1, 320, 160, NAN, 20, 15, 9}, "lec_general"},
        {{1, 320, 70, 70, 20, 15, 9}, "lec_high"},
        {{1, 320, 60, 70, 20, 15, 9}, "lec_high"},
        {{1, 160, 160, 70, 20, 15, 9}, "lec_major"},
        {{1, INFINITY, 160, 70, 20, 15, 9}, "lec_major"},
        {{1, 10001, 160, 70, 20, 15, 9}, "lec_major"},
        {{1, 320, 160, 70, 20, 15, 0}, "ls_yellow"},
        {{1, 320, 160, 70, 20, 9, 9}, "ls_orange"},
        {{1, 320, 160, 70, 15, 15, 9}, "ls_red"},
        {{1, 320, 160, 70, 26, 15, 9}, "ls_red"},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(bad); i++) {
        field = NULL;
        T_EQ_INT(grading_thresholds_validate(&bad[i].t, &field), -1);
        T_EQ_STR(field, bad[i].field);
    }
    struct grading_thresholds edge = {2, 10000, 2, 1, 25, 2, 1};
    T_EQ_INT(grading_thresholds_validate(&edge, NULL), 0);
}

static void test_lec_bands(void)
{
    /* Every band boundary, on the classifier directly. */
    T_EQ_INT(grading_lec_level(NULL, 320.0), RISK_MAJOR);
    T_EQ_INT(grading_lec_level(NULL, 10000.0), RISK_MAJOR);
    T_EQ_INT(grading_lec_level(NULL, 319.999), RISK_HIGH);
    T_EQ_INT(grading_lec_level(NULL, nextafter(320.0, 0)), RISK_HIGH);
    T_EQ_INT(grading_lec_level(NULL, 160.0), RISK_HIGH);
    T_EQ_INT(grading_lec_level(NULL, 159.99), RISK_GENERAL);
    T_EQ_INT(grading_lec_level(NULL, 70.0), RISK_GENERAL);
    T_EQ_INT(grading_lec_level(NULL, 69.99), RISK_LOW);
    T_EQ_INT(grading_lec_level(NULL, 0.05), RISK_LOW);
    T_EQ_INT(grading_lec_level(NULL, 0.0), RISK_LOW);
    T_EQ_INT(grading_lec_level(&grading_default, 320.0), RISK_MAJOR);
}

static void test_lec_compute(void)
{
    double d = -1;
    enum risk_level lv = RISK_NONE;
    const char *bad = NULL;

    /* Real scale combinations around each boundary. */
    struct {
        double l, e, c, d;
        enum risk_level lv;
    } cases[] = {
        {10, 10, 100, 10000, RISK_MAJOR}, /* maximum */
        {3, 3, 40, 360, RISK_MAJOR},      /* just above 320 */
        {1, 3, 100, 300, RISK_HIGH},      /* just below 320 */
        {6, 2, 15, 180, RISK_HIGH},       /* just above 160 */
        {1, 10, 15, 150, RISK_GENERAL},   /* just below 160 */
        {0.5, 3, 100, 150, RISK_GENERAL},
        {6, 2, 7, 84, RISK_GENERAL}, /* above 70 */
        {1, 6, 7, 42, RISK_LOW},
        {0.1, 10, 100, 100, RISK_GENERAL}, /* exact 100, not 99.999 */
        {0.2, 0.5, 1, 0.1, RISK_LOW},
        {0.1, 0.5, 1, 0.05, RISK_LOW}, /* minimum */
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(cases); i++) {
        T_EQ_INT(grading_lec(NULL, cases[i].l, cases[i].e, cases[i].c, &d, &lv, &bad), 0);
        T_CHECK(d == cases[i].d);
        T_EQ_INT(lv, cases[i].lv);
    }
    /* Exact D for every combination: D x 100 is an integer and agrees with l*e*c. */
    int n = 0;
    for (int i = 0; i < GRADING_LEC_L_COUNT; i++)
        for (int j = 0; j < GRADING_LEC_E_COUNT; j++)
            for (int k = 0; k < GRADING_LEC_C_COUNT; k++) {
                double l = grading_lec_l_scale[i], e = grading_lec_e_scale[j],
                       c = grading_lec_c_scale[k];
                if (grading_lec(NULL, l, e, c, &d, &lv, &bad) == 0 && fabs(d - l * e * c) < 1e-9 &&
                    d * 100 == floor(d * 100) && lv == grading_lec_level(NULL, l * e * c + 1e-9))
                    n++;
            }
    T_EQ_INT(n, GRADING_LEC_L_COUNT * GRADING_LEC_E_COUNT * GRADING_LEC_C_COUNT);

    /* Near-scale values within epsilon are accepted. */
    T_EQ_INT(grading_lec(NULL, 0.1 + 1e-9, 6.0000000001, 40, &d, &lv, &bad), 0);
    T_CHECK(d == 24.0);

    /* Outputs may be NULL. */
    T_EQ_INT(grading_lec(NULL, 10, 10, 100, NULL, NULL, NULL), 0);
}

static void test_lec_out_of_scale(void)
{
    static const double bad_l[] = {0, 0.3, 2, 4, 5, 7, 11, -1, 0.15, NAN, INFINITY};
    static const double bad_e[] = {0, 0.1, 4, 5, 8, 11, -0.5, NAN};
    static const double bad_c[] = {0, 2, 5, 10, 20, 50, 101, -1, NAN};
    double d = 123;
    enum risk_level lv = RISK_HIGH;
    const char *bad = NULL;

    for (size_t i = 0; i < XA_ARRAY_LEN(bad_l); i++) {
        bad = NULL;
        T_EQ_INT(grading_lec(NULL, bad_l[i], 1, 1, &d, &lv, &bad), -1);
        T_EQ_STR(bad, "l");
    }
    for (size_t i = 0; i < XA_ARRAY_LEN(bad_e); i++) {
        bad = NULL;
        T_EQ_INT(grading_lec(NULL, 1, bad_e[i], 1, &d, &lv, &bad), -1);
        T_EQ_STR(bad, "e");
    }
    for (size_t i = 0; i < XA_ARRAY_LEN(bad_c); i++) {
        bad = NULL;
        T_EQ_INT(grading_lec(NULL, 1, 1, bad_c[i], &d, &lv, &bad), -1);
        T_EQ_STR(bad, "c");
    }
    /* First bad field wins; outputs untouched on error. */
    T_EQ_INT(grading_lec(NULL, 2, 4, 5, &d, &lv, &bad), -1);
    T_EQ_STR(bad, "l");
    T_EQ_INT(grading_lec(NULL, 1, 4, 5, &d, &lv, &bad), -1);
    T_EQ_STR(bad, "e");
    T_CHECK(d == 123);
    T_EQ_INT(lv, RISK_HIGH);
    /* Every accepted scale value is accepted for its own letter only where on scale. */
    T_EQ_INT(grading_lec(NULL, 0.1, 1, 1, NULL, NULL, NULL), 0);
    T_EQ_INT(grading_lec(NULL, 1, 0.1, 1, NULL, NULL, &bad), -1); /* 0.1 is not an E */
    T_EQ_STR(bad, "e");
    T_EQ_INT(grading_lec(NULL, 1, 1, 0.5, NULL, NULL, &bad), -1); /* 0.5 is not a C */
    T_EQ_STR(bad, "c");
    T_EQ_INT(grading_lec(NULL, 0.5, 0.5, 1, NULL, NULL, NULL), 0);
    /* Invalid thresholds. */
    struct grading_thresholds broken = grading_default;
    broken.lec_high = broken.lec_major;
    T_EQ_INT(grading_lec(&broken, 1, 1, 1, &d, &lv, &bad), -1);
    T_EQ_STR(bad, "thresholds");
}

static void test_ls(void)
{
    int r = 0;
    enum risk_level lv = RISK_NONE;
    const char *bad = NULL;

    /* Boundaries on the classifier. */
    static const struct {
        int r;
        enum risk_level lv;
    } b[] = {
        {1, RISK_LOW},   {8, RISK_LOW},   {9, RISK_GENERAL}, {14, RISK_GENERAL},
        {15, RISK_HIGH}, {19, RISK_HIGH}, {20, RISK_MAJOR},  {25, RISK_MAJOR},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(b); i++)
        T_EQ_INT(grading_ls_level(NULL, b[i].r), b[i].lv);

    /* Through grading_ls with real L x S. */
    struct {
        int l, s, r;
        enum risk_level lv;
    } c[] = {
        {1, 1, 1, RISK_LOW},     {2, 4, 8, RISK_LOW},      {4, 2, 8, RISK_LOW},
        {3, 3, 9, RISK_GENERAL}, {2, 5, 10, RISK_GENERAL}, {4, 3, 12, RISK_GENERAL},
        {3, 5, 15, RISK_HIGH},   {4, 4, 16, RISK_HIGH},    {4, 5, 20, RISK_MAJOR},
        {5, 4, 20, RISK_MAJOR},  {5, 5, 25, RISK_MAJOR},
    };
    for (size_t i = 0; i < XA_ARRAY_LEN(c); i++) {
        T_EQ_INT(grading_ls(NULL, c[i].l, c[i].s, &r, &lv, &bad), 0);
        T_EQ_INT(r, c[i].r);
        T_EQ_INT(lv, c[i].lv);
    }
    /* The whole matrix agrees with the classifier. */
    int n = 0;
    for (int l = 1; l <= 5; l++)
        for (int s = 1; s <= 5; s++)
            if (grading_ls(NULL, l, s, &r, &lv, &bad) == 0 && r == l * s &&
                lv == grading_ls_level(NULL, l * s))
                n++;
    T_EQ_INT(n, 25);

    /* Out of range. */
    static const int badv[] = {0, 6, -1, 100};
    for (size_t i = 0; i < XA_ARRAY_LEN(badv); i++) {
        bad = NULL;
        T_EQ_INT(grading_ls(NULL, badv[i], 3, &r, &lv, &bad), -1);
        T_EQ_STR(bad, "l");
        bad = NULL;
        T_EQ_INT(grading_ls(NULL, 3, badv[i], &r, &lv, &bad), -1);
        T_EQ_STR(bad, "s");
    }
    T_EQ_INT(grading_ls(NULL, 0, 0, &r, &lv, &bad), -1);
    T_EQ_STR(bad, "l");
    T_EQ_INT(grading_ls(NULL, 5, 5, NULL, NULL, NULL), 0);
    struct grading_thresholds broken = grading_default;
    broken.ls_red = 30;
    T_EQ_INT(grading_ls(&broken, 1, 1, &r, &lv, &bad), -1);
    T_EQ_STR(bad, "thresholds");
}

static void test_custom_thresholds(void)
{
    /* A stricter bureau: LEC 240 / 120 / 50, LS 16 / 10 / 5. */
    const struct grading_thresholds t = {2, 240, 120, 50, 16, 10, 5};
    double d;
    int r;
    enum risk_level lv;
    const char *bad;

    T_EQ_INT(grading_thresholds_validate(&t, NULL), 0);
    T_EQ_INT(grading_lec_level(&t, 240), RISK_MAJOR);
    T_EQ_INT(grading_lec_level(&t, 239.9), RISK_HIGH);
    T_EQ_INT(grading_lec_level(&t, 120), RISK_HIGH);
    T_EQ_INT(grading_lec_level(&t, 119.9), RISK_GENERAL);
    T_EQ_INT(grading_lec_level(&t, 50), RISK_GENERAL);
    T_EQ_INT(grading_lec_level(&t, 49.9), RISK_LOW);
    T_EQ_INT(grading_lec(&t, 1, 3, 100, &d, &lv, &bad), 0); /* 300: high by default */
    T_EQ_INT(lv, RISK_MAJOR);
    T_EQ_INT(grading_lec(&t, 1, 10, 15, &d, &lv, &bad), 0); /* 150: general by default */
    T_EQ_INT(lv, RISK_HIGH);
    T_EQ_INT(grading_lec(&t, 6, 2, 7, &d, &lv, &bad), 0); /* 84 */
    T_EQ_INT(lv, RISK_GENERAL);
    T_EQ_INT(grading_lec(&t, 1, 6, 7, &d, &lv, &bad), 0); /* 42 */
    T_EQ_INT(lv, RISK_LOW);

    T_EQ_INT(grading_ls_level(&t, 4), RISK_LOW);
    T_EQ_INT(grading_ls_level(&t, 5), RISK_GENERAL);
    T_EQ_INT(grading_ls_level(&t, 9), RISK_GENERAL);
    T_EQ_INT(grading_ls_level(&t, 10), RISK_HIGH);
    T_EQ_INT(grading_ls_level(&t, 15), RISK_HIGH);
    T_EQ_INT(grading_ls_level(&t, 16), RISK_MAJOR);
    T_EQ_INT(grading_ls(&t, 4, 4, &r, &lv, &bad), 0);
    T_EQ_INT(r, 16);
    T_EQ_INT(lv, RISK_MAJOR);
    T_EQ_INT(grading_ls(&t, 3, 3, &r, &lv, &bad), 0);
    T_EQ_INT(lv, RISK_GENERAL); /* 9: still yellow, orange starts at 10 */
}

/* category has no test file of its own; its seeds are checked here. */
static void test_categories(void)
{
    static const char *required[] = {
        "fire",     "food",       "traffic",      "drowning",      "bullying", "lab",
        "building", "electrical", "construction", "surroundings",  "security", "disaster",
        "epidemic", "stampede",   "terror",       "psychological", "sports",   "other",
    };
    T_EQ_INT(category_seed_count, XA_ARRAY_LEN(required));
    for (size_t i = 0; i < XA_ARRAY_LEN(required); i++) {
        const struct category_seed *c = category_seed_find(required[i]);
        T_CHECK(c != NULL);
        if (c) T_CHECK(c->name_zh && c->name_zh[0] && c->name_en && c->name_en[0]);
    }
    int valid = 0, unique = 1;
    for (size_t i = 0; i < category_seed_count; i++) {
        valid += category_code_valid(category_seeds[i].code);
        for (size_t j = i + 1; j < category_seed_count; j++)
            if (!strcmp(category_seeds[i].code, category_seeds[j].code) ||
                !strcmp(category_seeds[i].name_zh, category_seeds[j].name_zh))
                unique = 0;
    }
    T_EQ_INT(valid, category_seed_count);
    T_CHECK(unique);
    T_EQ_STR(category_seed_find("fire")->name_zh, "消防");
    T_EQ_STR(category_seed_find("food")->name_en, "Food & hygiene");
    T_EQ_STR(category_seed_find("lab")->name_zh, "实验室/危险化学品");
    T_EQ_STR(category_seeds[category_seed_count - 1].code, "other");
    T_CHECK(category_seed_find("Fire") == NULL);
    T_CHECK(category_seed_find("county_xyz") == NULL);
    T_CHECK(category_seed_find(NULL) == NULL);

    T_EQ_INT(category_code_valid("a"), 1);
    T_EQ_INT(category_code_valid("river_2024"), 1);
    T_EQ_INT(category_code_valid("_"), 1);
    T_EQ_INT(category_code_valid("0"), 1);
    T_EQ_INT(category_code_valid("abcdefghijklmnopqrstuvwxyz012345"), 1);  /* 32 */
    T_EQ_INT(category_code_valid("abcdefghijklmnopqrstuvwxyz0123456"), 0); /* 33 */
    T_EQ_INT(category_code_valid(""), 0);
    T_EQ_INT(category_code_valid(NULL), 0);
    T_EQ_INT(category_code_valid("Fire"), 0);
    T_EQ_INT(category_code_valid("fire-safety"), 0);
    T_EQ_INT(category_code_valid("fire safety"), 0);
    T_EQ_INT(category_code_valid("消防"), 0);
    T_EQ_INT(category_code_valid("fire\n"), 0);
}

/* A change of level needs a reason; a first assessment or the same level
 * does not (issue 12: no silent downgrade). */
static void test_change_reason(void)
{
    T_EQ_INT(grading_change_reason_ok(RISK_NONE, RISK_MAJOR, NULL), 0);
    T_EQ_INT(grading_change_reason_ok(RISK_HIGH, RISK_HIGH, NULL), 0);
    T_EQ_INT(grading_change_reason_ok(RISK_MAJOR, RISK_LOW, NULL), -1);
    T_EQ_INT(grading_change_reason_ok(RISK_MAJOR, RISK_LOW, "  "), -1);
    T_EQ_INT(grading_change_reason_ok(RISK_LOW, RISK_HIGH, ""), -1);
    T_EQ_INT(grading_change_reason_ok(RISK_MAJOR, RISK_GENERAL, "已加装护栏，暴露频率降低"), 0);
}

void t_main(void)
{
    test_change_reason();
    test_level_names();
    test_thresholds_validate();
    test_lec_bands();
    test_lec_compute();
    test_lec_out_of_scale();
    test_ls();
    test_custom_thresholds();
    test_categories();
}
