/*
 * demo_public.c - a year of tip-offs, rewards and the school ledgers for the demo schools.
 */
#include "core/compat.h"
#include "demo/demo.h"

int demo_public_run(struct store *s, int64_t now, FILE *out)
{
    (void)s;
    (void)now;
    (void)out;
    return 0;
}
