/*
 * api_public.h - handlers of public county page, whistle-blowing, rewards;
 * school ledgers (buses, drivers, visitors, petitions).
 *
 * Public side (no login, rate-limited per client IP): a county's page
 * (major hazards of its schools, no personal data), signed-out photo upload
 * (returns a one-use token), tip-off filing (returns a tracking code) and
 * tracking by code. The bureau screens every tip-off: accept turns it into
 * a hazard of the school (source "whistle", reporter the system), reject
 * records a public reason; replies and a reward can be added.
 */
#ifndef XA_API_PUBLIC_H
#define XA_API_PUBLIC_H

#include "api/api.h"

/* public */
int api_public_county(struct req *r);
int api_public_photo(struct req *r);
int api_public_tipoff(struct req *r);
/* Before the body is read: an address over its hourly budget is refused. */
int api_public_tipoff_preflight(struct req *r);
int api_public_photo_preflight(struct req *r);
int api_public_track(struct req *r);
/* bureau */
int api_tipoff_locate(struct store *s, int64_t id, char *path, size_t len);
int api_tipoff_list(struct req *r);
int api_tipoff_get(struct req *r);
int api_tipoff_accept(struct req *r);
int api_tipoff_reject(struct req *r);
int api_tipoff_reply(struct req *r);
int api_tipoff_reward(struct req *r);

/* ledgers: one set of handlers per kind */
#define XA_LEDGER_DECL(k)                                                                          \
    int api_##k##_list(struct req *r);                                                             \
    int api_##k##_create(struct req *r);                                                           \
    int api_##k##_get(struct req *r);                                                              \
    int api_##k##_update(struct req *r);                                                           \
    int api_##k##_delete(struct req *r);                                                           \
    int api_##k##_locate(struct store *s, int64_t id, char *path, size_t len);
XA_LEDGER_DECL(bus)
XA_LEDGER_DECL(driver)
XA_LEDGER_DECL(visit)
XA_LEDGER_DECL(petition)
#undef XA_LEDGER_DECL

#endif
