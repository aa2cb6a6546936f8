#include "core/compat.h"
#include "t.h"

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

int main(int argc, char **argv)
{
    (void)argc;
    t_main();
    const char *name = strrchr(argv[0], '/');
    printf("%s: %d passed, %d failed\n", name ? name + 1 : argv[0], t_passed, t_failed);
    return t_failed ? 1 : 0;
}
