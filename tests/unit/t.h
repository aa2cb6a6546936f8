/*
 * t.h - the unit-test harness.
 *
 * A test file defines `void t_main(void)` calling T_CHECK / T_EQ_INT /
 * T_EQ_STR; the harness's main() runs it and prints
 * "<file>: N passed, N failed". The process exits 1 if any check failed.
 * Unit tests may #include the .c under test.
 */
#ifndef XA_T_H
#define XA_T_H

#include "core/compat.h"

extern int t_passed, t_failed;
void t_fail(const char *file, int line, const char *fmt, ...) XA_PRINTF(3, 4);

#define T_CHECK(cond)                                                                              \
    do {                                                                                           \
        if (cond)                                                                                  \
            t_passed++;                                                                            \
        else                                                                                       \
            t_fail(__FILE__, __LINE__, "%s", #cond);                                               \
    } while (0)

#define T_EQ_INT(a, b)                                                                             \
    do {                                                                                           \
        long long t_a_ = (long long)(a), t_b_ = (long long)(b);                                    \
        if (t_a_ == t_b_)                                                                          \
            t_passed++;                                                                            \
        else                                                                                       \
            t_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, t_a_, t_b_);              \
    } while (0)

#define T_EQ_STR(a, b)                                                                             \
    do {                                                                                           \
        const char *t_a_ = (a), *t_b_ = (b);                                                       \
        if (t_a_ && t_b_ && strcmp(t_a_, t_b_) == 0)                                               \
            t_passed++;                                                                            \
        else                                                                                       \
            t_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,                       \
                   t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)");                                \
    } while (0)

void t_main(void);

struct store;
/* Runs run() on a fresh temporary SQLite file (removed afterwards, with its
 * -wal and -shm), then on the PostgreSQL database XA_TEST_PG_URI names, when
 * set. name goes into the temporary file's name. */
void t_each_backend(const char *name, void (*run)(struct store *s));

/* Fixtures: an org / a user made in a change of their own by the system at
 * `at`, without audit rows. The new id, or -1. */
struct org_in;
struct user_in;
int64_t t_org_create(struct store *s, const struct org_in *in, int64_t at);
int64_t t_user_create(struct store *s, const struct user_in *in, int64_t at);
/* One store write in a change of its own, for fixtures:
 *     int64_t id = t_end(store_x_create(t_begin(s, at), ...));
 * t_begin opens a quiet change (no audit rows) by the system at `at`
 * (NULL if it cannot); t_end commits it when rc >= 0, else aborts it, and
 * returns rc (-1 when the commit fails). One at a time. */
struct change *t_begin(struct store *s, int64_t at);
/* t_begin by user (the actor some writes check, e.g. a letter's addressee). */
struct change *t_begin_as(struct store *s, int64_t user, int64_t at);
int64_t t_end(int64_t rc);
/* The refusal of the last change t_end aborted (XE_NONE: none or a store
 * failure). */
int t_last_err(void);

#endif
