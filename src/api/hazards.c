/*
 * hazards.c - the hazard closed loop over HTTP.
 */
#include "core/compat.h"
#include "api/api_dp.h"

int64_t api_hazard_open(struct req *r, const struct hazard_new *in)
{
    (void)in;
    http_error(r, 501, "not_implemented", NULL, "隐患登记尚未实现");
    return -1;
}
