/*
 * api_push.h - push channels (推送渠道) of an org, their outbox status, and
 * the delivery worker (push_jobs.c).
 */
#ifndef XA_API_PUSH_H
#define XA_API_PUSH_H

#include "api/api.h"

int api_push_channel_locate(struct store *s, int64_t id, char *path, size_t len);
int api_push_outbox_locate(struct store *s, int64_t id, char *path, size_t len);

int api_push_kinds(struct req *r);
int api_push_channel_list(struct req *r);
int api_push_channel_create(struct req *r);
int api_push_channel_get(struct req *r);
int api_push_channel_update(struct req *r);
int api_push_channel_delete(struct req *r);
int api_push_channel_test(struct req *r);
int api_push_outbox_list(struct req *r);
int api_push_outbox_retry(struct req *r);

/* The delivery worker: a thread with its own store connection that turns
 * new messages into outbox rows and delivers due rows (see push_jobs.c).
 * Timings come from the environment so tests run fast:
 * XA_PUSH_POLL_MS (default 2000), XA_PUSH_BACKOFF_MS (base delay, 30000),
 * XA_PUSH_BACKOFF_MAX_MS (3600000), XA_PUSH_LEASE_MS (60000),
 * XA_PUSH_TIMEOUT_MS (request timeout, 10000). */
int push_jobs_start(const char *db_uri);
void push_jobs_stop(void);
/* Asks the worker to look now (returns at once; never waits on a push). */
void push_jobs_kick(void);

#endif
