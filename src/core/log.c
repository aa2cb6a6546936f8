#include "core/compat.h"
#include "core/log.h"
#include "core/timeutil.h"

static enum log_level min_level = LOG_INFO;
static const char *names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level lvl)
{
    min_level = lvl;
}

static void vlog(enum log_level lvl, const char *fmt, va_list ap)
{
    if (lvl < min_level)
        return;
    char ts[40], line[2048];
    xa_time_format(xa_now_ms(), ts, sizeof(ts));
    vsnprintf(line, sizeof(line), fmt, ap);
    fprintf(stderr, "%s %s %s\n", ts, names[lvl], line);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(lvl, fmt, ap);
    va_end(ap);
}

int err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_ERROR, fmt, ap);
    va_end(ap);
    return -1;
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("xiaoan: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}
