/*
 * demo_campaign.c - a year of campaigns and special-period plans for the demo schools.
 */
#include "core/compat.h"
#include "demo/demo.h"

int demo_campaign_run(struct store *s, int64_t now, FILE *out)
{
    (void)s;
    (void)now;
    (void)out;
    return 0;
}
