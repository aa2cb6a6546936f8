/*
 * api.h - shared pieces of the resource handlers.
 */
#ifndef XA_API_H
#define XA_API_H

#include "core/compat.h"
#include "http/http.h"

/* ---- writes: one change per request (store.h) ----
 *   struct change c;
 *   if (api_begin(r, &c)) return 0;                 // answered on failure
 *   if (store_x_update(&c, ..., &after)) return api_fail(r, &c);
 *   return api_commit(r, &c, 200, after);
 * A refusal found by the handler itself: return api_refuse(r, &c, ...). */
/* Begins a change for the request's user at r->now; -1 after answering. */
int api_begin(struct req *r, struct change *c);
/* Commits c and answers status with after (stolen). A NULL after (a failed
 * read-back) or a failed commit rolls back and answers the store error. */
int api_commit(struct req *r, struct change *c, int status, json_t *after);
/* Aborts c and answers why: its typed refusal (c->err, http_fail) or the
 * store failure. */
int api_fail(struct req *r, struct change *c);
/* api_fail, but a unique violation answers 409 naming field with msg. */
int api_fail_unique(struct req *r, struct change *c, const char *field, const char *msg);
/* Aborts c and answers status/code/field/msg (a refusal decided by the
 * handler: validation against other rows, permissions on the object). */
int api_refuse(struct req *r, struct change *c, int status, const char *code, const char *field,
               const char *msg);
/* Registered with store_on_commit by the server: drops the session cache and
 * the hazard documents a change touched. */
void api_commit_hook(unsigned touched);
/* Empties the cache of hazard documents (hazards.c). */
void api_hazard_docs_drop(void);
/* argon2id hash (libsodium) of a password; out holds 128 bytes. */
int api_hash_password(const char *password, char *out, size_t len);
/* A JSON string field of obj, or NULL. */
const char *api_str(json_t *obj, const char *key);
int64_t api_int(json_t *obj, const char *key);

/* handlers */
int api_login(struct req *r);
int api_logout(struct req *r);
int api_me(struct req *r);
/* POST /me/password {current_password, new_password}: the user's own change;
 * clears the forced-change mark and ends the user's other sessions. */
int api_me_password(struct req *r);
/* Before the login body is read: an address over its budget is refused. */
int api_login_preflight(struct req *r);
/* `xiaoan audit-checkpoint` / `xiaoan audit-verify` (audit_cmd.c): argv
 * after the command name; the exit code. */
int audit_cmd_checkpoint(int argc, char **argv);
int audit_cmd_verify(int argc, char **argv);
int api_org_list(struct req *r);
int api_org_create(struct req *r);
int api_org_get(struct req *r);
int api_org_update(struct req *r);
int api_org_children(struct req *r);
int api_org_locate(struct store *s, int64_t id, char *path, size_t len);
int api_user_list(struct req *r);
int api_user_create(struct req *r);
int api_user_get(struct req *r);
int api_user_update(struct req *r);
int api_user_locate(struct store *s, int64_t id, char *path, size_t len);
int api_audit_list(struct req *r);
int api_audit_verify(struct req *r);
int api_healthz(struct req *r);
int api_metrics(struct req *r);
int api_openapi(struct req *r);

#endif
