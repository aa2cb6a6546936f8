/*
 * routes.c - the route table: every endpoint, the permission it needs
 * (PERM_*, domain/perm.def) and where its org scope comes from. The
 * dispatcher (http/router.c) enforces these columns; a route it checks no
 * object for (SC_NONE, a path parameter it does not locate) says why in
 * .unchecked, or serve refuses to start (router_check). BODY(spec) names
 * the handler's validation table of the JSON body, for the OpenAPI
 * document (openapi.c).
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_dp.h"
#include "api/api_work.h"
#include "api/api_push.h"
#include "api/api_doc.h"
#include "api/api_truth.h"

#include "api_specs.h" /* made by scripts/openapi-specs */

#define API "/api/v1"
/* the handler's validation table of the JSON body (for the OpenAPI document) */
#define BODY(spec) .body = spec, .nbody = XA_ARRAY_LEN(spec)

const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, PERM_PUBLIC, SC_NONE, NULL, NULL, 0, "Liveness and schema version",
     .unchecked = "liveness probe, no data"},
    {"GET", "/metrics", api_metrics, PERM_PUBLIC, SC_NONE, NULL, NULL, 0, "Prometheus metrics",
     .unchecked = "checks its own bearer token"},
    {"GET", API "/openapi.json", api_openapi, PERM_PUBLIC, SC_NONE, NULL, NULL, 0, "This document",
     .unchecked = "public description of the API"},
    {"POST", API "/login", api_login, PERM_PUBLIC, SC_NONE, NULL, NULL, 4096, "Log in",
     api_login_preflight,
     .unchecked = "signs in; rate-limited per client"},
    {"POST", API "/logout", api_logout, PERM_PUBLIC, SC_NONE, NULL, NULL, 0, "Log out",
     .unchecked = "ends the caller's own session"},
    {"GET", API "/me", api_me, PERM_ORG_READ, SC_NONE, NULL, NULL, 0, "The current user",
     .unchecked = "the caller's own account"},
    {"POST", API "/me/password", api_me_password, PERM_ORG_READ, SC_NONE, NULL, NULL, 4096,
     "Change one's own password {current_password, new_password}",
     .unchecked = "the caller's own password"},

    {"GET", API "/orgs", api_org_list, PERM_ORG_READ, SC_QUERY, NULL, "parent_id", 0, "List orgs"},
    {"POST", API "/orgs", api_org_create, PERM_ORG_WRITE, SC_BODY, NULL, "parent_id", 0,
     "Create an org under parent_id",
     BODY(org_create_spec)},
    {"GET", API "/orgs/{id}", api_org_get, PERM_ORG_READ, SC_PATH, api_org_locate, NULL, 0,
     "One org with subtree totals"},
    {"PATCH", API "/orgs/{id}", api_org_update, PERM_ORG_WRITE, SC_PATH, api_org_locate, NULL, 0,
     "Change an org",
     BODY(org_update_spec)},
    {"GET", API "/orgs/{id}/children", api_org_children, PERM_ORG_READ, SC_PATH, api_org_locate,
     NULL, 0, "Direct children of an org"},

    {"GET", API "/users", api_user_list, PERM_USER_READ, SC_QUERY, NULL, "org_id", 0,
     "List users (org_id: that subtree)"},
    {"POST", API "/users", api_user_create, PERM_USER_WRITE, SC_BODY, NULL, "org_id", 0,
     "Create a user",
     BODY(user_create_spec)},
    {"GET", API "/users/{id}", api_user_get, PERM_USER_READ, SC_PATH, api_user_locate, NULL, 0,
     "One user"},
    {"PATCH", API "/users/{id}", api_user_update, PERM_USER_WRITE, SC_PATH, api_user_locate, NULL, 0,
     "Change a user, roles, password or active flag",
     BODY(user_update_spec)},

    {"GET", API "/audit", api_audit_list, PERM_AUDIT_READ, SC_QUERY, NULL, "org_id", 0,
     "Audit log of the visible subtrees"},
    {"GET", API "/audit/verify", api_audit_verify, PERM_AUDIT_READ, SC_NONE, NULL, NULL, 0,
     "Check the audit hash chain",
     .unchecked = "checks the whole chain, no org data"},

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
