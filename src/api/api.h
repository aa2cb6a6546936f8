/*
 * api.h - shared pieces of the resource handlers.
 */
#ifndef XA_API_H
#define XA_API_H

#include "core/compat.h"
#include "http/http.h"

/* Appends an audit row for the request's user in the current transaction. */
int api_audit(struct req *r, const char *action, const char *entity, int64_t id,
              int64_t org_id, const char *org_path, json_t *before, json_t *after,
              const char *note);
/* Ends a change: audits it (api_audit), commits and answers status with after;
 * a NULL after or a failed audit or commit answers the store error instead.
 * Takes before and after (either may be NULL). */
int api_audit_commit(struct req *r, int status, const char *action, const char *entity, int64_t id,
                     int64_t org_id, const char *org_path, json_t *before, json_t *after,
                     const char *note);
/* argon2id hash (libsodium) of a password; out holds 128 bytes. */
int api_hash_password(const char *password, char *out, size_t len);
/* A JSON string field of obj, or NULL. */
const char *api_str(json_t *obj, const char *key);
int64_t api_int(json_t *obj, const char *key);
/* After a failed store call: rolls back and answers 409 naming field for a
 * unique violation (when field is given), else 500. */
int api_store_fail(struct req *r, const char *unique_field, const char *unique_msg);

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
