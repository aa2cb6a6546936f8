/*
 * store_msg.h - messages (站内消息) and document numbers (文号).
 *
 * Messages: a producer writes a message to a user inside the change of the
 * event that causes it (store_change_begin ... store_msg_add ...
 * store_change_commit), so an event committed always has its messages and a
 * rolled-back one none. These helpers take the store, open no transaction
 * and record no audit rows: they run inside the caller's change.
 * title and body are what the user reads: Chinese words and people's names,
 * never login names, enum codes or ids, and nothing the recipient could not
 * see in the app (push channels send the same text). link is the web UI
 * route ("/hazards/12"). event_key names the event ("hazard:12:assign:5");
 * the same event told to several users shares it, so a push channel sends
 * it once. dedupe_key makes a message once-only per user (time-based
 * reminders: "hazard:12:due24h"); a second add with the same key is skipped.
 *
 * Document numbers: store_docno_next hands out the next number of a bureau's
 * yearly sequence inside the caller's transaction (a rollback returns it, so
 * the sequence has no gaps; concurrent issuers never share one).
 */
#ifndef XA_STORE_MSG_H
#define XA_STORE_MSG_H

#include "store/store.h"

struct msg_in {
    int64_t user_id;       /* recipient */
    int64_t org_id;        /* the org the message is about (may be 0) */
    const char *org_path;  /* its path, or NULL */
    const char *kind;      /* machine kind, e.g. "hazard_assigned" */
    const char *title;     /* required, what the user reads */
    const char *body;      /* may be NULL */
    const char *link;      /* UI route, may be NULL */
    const char *entity;    /* "hazard", "weekly_report", ... may be NULL */
    int64_t entity_id;
    const char *event_key; /* may be NULL: then the message is its own event */
    const char *dedupe_key;/* may be NULL */
    int64_t at;            /* ms */
};

/* Adds one message. Returns its id, 0 when dedupe_key made it a repeat
 * (nothing written), -1 on error. Runs inside the caller's change. */
int64_t store_msg_add(struct store *s, const struct msg_in *in);

/* Adds the message to every active user holding one of roles (NULL-ended
 * list of role names) exactly at org_id (not below it); in->user_id is
 * ignored. skip_user (0 for none) is left out (the actor). Returns how many
 * were written, or -1. Runs inside the caller's change. */
int store_msg_to_roles(struct store *s, int64_t org_id, const char *const *roles,
                       int64_t skip_user, const struct msg_in *in);

/* The next number in org_id's sequence for year, written as
 * "<prefix>〔<year>〕<n>号" into out (n bytes). The prefix is the org's
 * doc_prefix, or when empty the first character of its name followed by
 * "教安" (华容县教育局 -> 华教安). *seq (may be NULL) gets n. Runs inside the
 * caller's change (the issuing one). 0 or -1. */
int store_docno_next(struct store *s, int64_t org_id, int year, char *out, size_t n,
                     int64_t *seq);

/* The prefix store_docno_next would use for org_id, into out. 0 or -1. */
int store_doc_prefix(struct store *s, int64_t org_id, char *out, size_t n);

#endif
