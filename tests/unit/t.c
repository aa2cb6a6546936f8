#include "core/compat.h"
#include "t.h"
#include "store/store.h"
#include <unistd.h>

int t_passed, t_failed;

void t_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    t_failed++;
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void t_each_backend(const char *name, void (*run)(struct store *s))
{
    char file[128], err[256];
    snprintf(file, sizeof(file), "/tmp/xa_test_%s_XXXXXX", name);
    int fd = mkstemp(file);
    T_CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    struct store *s = store_open(file, err, sizeof(err));
    T_CHECK(s != NULL);
    if (s) {
        run(s);
        store_destroy(s);
    }
    unlink(file);
    char side[160];
    snprintf(side, sizeof(side), "%s-wal", file);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", file);
    unlink(side);
    const char *pg = getenv("XA_TEST_PG_URI");
    if (pg && *pg) {
        s = store_open(pg, err, sizeof(err));
        T_CHECK(s != NULL);
        if (s) {
            run(s);
            store_destroy(s);
        }
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    t_main();
    const char *name = strrchr(argv[0], '/');
    printf("%s: %d passed, %d failed\n", name ? name + 1 : argv[0], t_passed, t_failed);
    return t_failed ? 1 : 0;
}

int64_t t_org_create(struct store *s, const struct org_in *in, int64_t at)
{
    struct change c;
    if (store_change_begin(&c, s, 0, "", at))
        return -1;
    c.quiet = true;
    int64_t id = store_org_create(&c, in, NULL);
    if (id < 0 || store_change_commit(&c)) {
        store_change_abort(&c);
        return -1;
    }
    return id;
}

int64_t t_user_create(struct store *s, const struct user_in *in, int64_t at)
{
    struct change c;
    if (store_change_begin(&c, s, 0, "", at))
        return -1;
    c.quiet = true;
    int64_t id = store_user_create(&c, in, NULL);
    if (id < 0 || store_change_commit(&c)) {
        store_change_abort(&c);
        return -1;
    }
    return id;
}

static struct change t_change;

struct change *t_begin_as(struct store *s, int64_t user, int64_t at)
{
    if (store_change_begin(&t_change, s, user, "", at))
        return NULL;
    t_change.quiet = true;
    return &t_change;
}

struct change *t_begin(struct store *s, int64_t at)
{
    return t_begin_as(s, 0, at);
}

int t_last_err(void)
{
    return (int)t_change.err.code;
}

int64_t t_end(int64_t rc)
{
    if (rc < 0 || store_change_commit(&t_change)) {
        store_change_abort(&t_change);
        return -1;
    }
    return rc;
}
