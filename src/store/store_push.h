/*
 * store_push.h - push channels (推送渠道) and their durable outbox.
 *
 * Channels: one org's configured ways out (kind wecom / dingtalk / webhook /
 * sms / email). config is shown again; secret (robot keys, signing secret,
 * gateway token, SMTP password) is returned only by store_push_channel_get
 * for the worker and the handler that masks it.
 *
 * Outbox: store_push_fanout turns messages written after the committed
 * cursor into rows (one per event per group channel, one per message per
 * email/SMS channel; the unique idempotency key makes a repeat a no-op) and
 * moves the cursor in the same change. store_push_claim leases due rows
 * by moving next_at ahead, so a crash mid-delivery leaves them due again;
 * store_push_sent / store_push_failed record the outcome.
 *
 * Every write takes the change (store.h): the channel writes of a user
 * record their audit rows; the worker's writes run in system changes (user
 * 0, push_jobs.c) and record none. None opens a transaction.
 */
#ifndef XA_STORE_PUSH_H
#define XA_STORE_PUSH_H

#include "store/store.h"

struct push_channel_in {
    int64_t org_id;
    const char *org_path;
    const char *kind, *name;
    bool enabled;
    int64_t max_tries;
    const char *msg_kinds_json; /* JSON array text */
    const char *config_json;    /* JSON object text */
    const char *secret_json;    /* JSON object text */
};

/* Returns the new id or -1. after (may be NULL) and the audit get the
 * channel as shown (push_channel_public: secrets masked). */
int64_t store_push_channel_create(struct change *c, const struct push_channel_in *in,
                                  json_t **after);
/* Replaces name, enabled, max_tries, kinds, config and secret (the caller
 * merges). 0 or -1 (XE_NOT_FOUND). */
int store_push_channel_update(struct change *c, int64_t id, const struct push_channel_in *in,
                              json_t **after);
int store_push_channel_delete(struct change *c, int64_t id);
struct msg_in;
/* The test message m of channel id (store_msg_add) with its audit row
 * ("test"); after: {channel_id, message_id, queued}. The message id or -1. */
int64_t store_push_channel_test(struct change *c, int64_t id, const struct msg_in *m,
                                json_t **after);
/* The channel with "secret" (an object) and its counts; NULL when absent
 * (errclass DB_OK) or on error. */
json_t *store_push_channel_get(struct store *s, int64_t id);
/* Channels in the scope (under_path narrows it when not NULL), each with
 * "secret" and counts, newest org first. */
json_t *store_push_channel_list(struct store *s, const struct scope *sc, const char *under_path);
int store_push_channel_locate(struct store *s, int64_t id, char *path, size_t len);

/* Outbox rows of a channel (state NULL = all), newest first, paged. */
json_t *store_push_outbox_list(struct store *s, int64_t channel_id, const char *state,
                               const struct page *pg);
int store_push_outbox_locate(struct store *s, int64_t id, char *path, size_t len);
json_t *store_push_outbox_get(struct store *s, int64_t id);
/* A dead row back to pending, due now, tries from zero (audit "retry").
 * 0, or -1: XE_PUSH_NOT_DEAD when the row is not dead. */
int store_push_outbox_retry(struct change *c, int64_t id, json_t **after);

/* 1 when messages wait to be fanned out, 0 when none, -1 error: read
 * without a change, so an idle round takes no write lock. */
int store_push_fanout_due(struct store *s, int64_t now);
/* Fan-out at c->at: at most batch messages after the cursor into outbox
 * rows, and the cursor moved, in the change. *made gets the rows written.
 * 0/-1. */
int store_push_fanout(struct change *c, int batch, int *made);
/* The ids of up to limit due rows ([{id}]), read without a change; NULL on
 * error. */
json_t *store_push_due(struct store *s, int64_t now, int limit);
/* Leases the rows of due still due at c->at: each gets tries + 1 and
 * next_at = c->at + lease_ms. Returns them with their channel
 * (channel_kind, config, secret, max_tries, org_name), or NULL on error. */
json_t *store_push_claim(struct change *c, json_t *due, int64_t lease_ms);
int store_push_sent(struct change *c, int64_t id, int64_t channel_id);
/* Hands a leased row back untried: due at next_at, its try not counted. */
int store_push_release(struct change *c, int64_t id, int64_t next_at);
/* Records a failed try at c->at: due again at next_at, or dead when
 * next_at is 0. */
int store_push_failed(struct change *c, int64_t id, int64_t channel_id, const char *error,
                      int64_t next_at);

#endif
