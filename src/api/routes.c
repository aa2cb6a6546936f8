/*
 * routes.c - the route table: every endpoint, the permission it needs and
 * where its org scope comes from. The dispatcher (http/router.c) enforces
 * these columns; handlers never check access themselves.
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_dp.h"
#include "api/api_work.h"
#include "api/api_push.h"
#include "api/api_doc.h"
#include "api/api_truth.h"

#define API "/api/v1"

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, NULL, SC_NONE, NULL, NULL, 0, "Liveness and schema version"},
    {"GET", "/metrics", api_metrics, NULL, SC_NONE, NULL, NULL, 0, "Prometheus metrics"},
    {"GET", API "/openapi.json", api_openapi, NULL, SC_NONE, NULL, NULL, 0, "This document"},
    {"POST", API "/login", api_login, NULL, SC_NONE, NULL, NULL, 4096, "Log in",
     api_login_preflight},
    {"POST", API "/logout", api_logout, NULL, SC_NONE, NULL, NULL, 0, "Log out"},
    {"GET", API "/me", api_me, "org.read", SC_NONE, NULL, NULL, 0, "The current user"},
    {"POST", API "/me/password", api_me_password, "org.read", SC_NONE, NULL, NULL, 4096,
     "Change one's own password {current_password, new_password}"},

    {"GET", API "/orgs", api_org_list, "org.read", SC_QUERY, NULL, "parent_id", 0, "List orgs"},
    {"POST", API "/orgs", api_org_create, "org.write", SC_BODY, NULL, "parent_id", 0,
     "Create an org under parent_id"},
    {"GET", API "/orgs/{id}", api_org_get, "org.read", SC_PATH, api_org_locate, NULL, 0,
     "One org with subtree totals"},
    {"PATCH", API "/orgs/{id}", api_org_update, "org.write", SC_PATH, api_org_locate, NULL, 0,
     "Change an org"},
    {"GET", API "/orgs/{id}/children", api_org_children, "org.read", SC_PATH, api_org_locate,
     NULL, 0, "Direct children of an org"},

    {"GET", API "/users", api_user_list, "user.read", SC_QUERY, NULL, "org_id", 0,
     "List users (org_id: that subtree)"},
    {"POST", API "/users", api_user_create, "user.write", SC_BODY, NULL, "org_id", 0,
     "Create a user"},
    {"GET", API "/users/{id}", api_user_get, "user.read", SC_PATH, api_user_locate, NULL, 0,
     "One user"},
    {"PATCH", API "/users/{id}", api_user_update, "user.write", SC_PATH, api_user_locate, NULL, 0,
     "Change a user, roles, password or active flag"},

    {"GET", API "/audit", api_audit_list, "audit.read", SC_QUERY, NULL, "org_id", 0,
     "Audit log of the visible subtrees"},
    {"GET", API "/audit/verify", api_audit_verify, "audit.read", SC_NONE, NULL, NULL, 0,
     "Check the audit hash chain"},

/* the dual prevention core: risk register, checklists, patrols, hazards */
#include "api/routes_dp.inc"
/* the work engine: to-do, messages, reminders */
#include "api/routes_work.inc"
/* push channels and their outbox (issue 13) */
#include "api/routes_push.inc"
/* documents: public address, print views */
#include "api/routes_doc.inc"
/* truthful records (issue 19) */
#include "api/routes_truth.inc"
};

const size_t api_routes_count = XA_ARRAY_LEN(api_routes);
