/*
 * test_routes.c - the route table's access columns and the permissions
 * (issue 16 item 4):
 *   - router_check accepts the server's table and refuses a route that
 *     skips the dispatcher's object check without saying why, an SC_PATH
 *     without a locator, a scoped public route;
 *   - the grant tables: "*.read" grants every read and no write, names and
 *     identifiers agree, every permission is granted to some role;
 *   - every route's permission is granted to some role (else no one could
 *     call it).
 */
#include "core/compat.h"
#include "http/http.h"
#include "t.h"

static int dummy(struct req *r)
{
    (void)r;
    return 0;
}

static int locate(struct store *s, int64_t id, char *path, size_t len)
{
    (void)s, (void)id, (void)path, (void)len;
    return 0;
}

static void table_check(void)
{
    T_EQ_INT(router_check(api_routes, api_routes_count, true), 0);

    const struct route no_reason[] = {
        {"GET", "/api/v1/things", dummy, PERM_ORG_READ, SC_NONE, NULL, NULL, 0, "x"},
    };
    T_EQ_INT(router_check(no_reason, 1, false), 1);
    const struct route empty_reason[] = {
        {"GET", "/api/v1/things", dummy, PERM_ORG_READ, SC_NONE, NULL, NULL, 0, "x",
         .unchecked = ""},
    };
    T_EQ_INT(router_check(empty_reason, 1, false), 1);
    const struct route with_reason[] = {
        {"GET", "/api/v1/things", dummy, PERM_ORG_READ, SC_NONE, NULL, NULL, 0, "x",
         .unchecked = "the caller's own things"},
    };
    T_EQ_INT(router_check(with_reason, 1, false), 0);
    /* a path object the dispatcher does not locate */
    const struct route unlocated[] = {
        {"GET", "/api/v1/things/{id}", dummy, PERM_ORG_READ, SC_QUERY, NULL, "org_id", 0, "x"},
        {"GET", "/api/v1/things/{id}", dummy, PERM_ORG_READ, SC_PATH, NULL, NULL, 0, "x"},
        {"GET", "/api/v1/things/{id}", dummy, PERM_ORG_READ, SC_PATH, locate, NULL, 0, "x"},
        {"GET", "/api/v1/things", dummy, PERM_ORG_READ, SC_QUERY, NULL, NULL, 0, "x"},
        {"GET", "/api/v1/things", dummy, PERM_PUBLIC, SC_QUERY, NULL, "org_id", 0, "x"},
        {"GET", "/api/v1/things", dummy, PERM_PUBLIC, SC_NONE, NULL, NULL, 0, "x"},
        {"GET", "/api/v1/things", dummy, (enum perm)PERM_COUNT, SC_QUERY, NULL, "org_id", 0, "x"},
    };
    T_EQ_INT(router_check(unlocated, XA_ARRAY_LEN(unlocated), false), 6);
    T_EQ_INT(router_check(&unlocated[2], 1, false), 0);
}

static void grants(void)
{
    /* "*.read" in a grant table: every read, no write */
    T_CHECK(perm_role_has("auditor", PERM_HAZARD_READ));
    T_CHECK(perm_role_has("auditor", PERM_TIPOFF_READ));
    T_CHECK(!perm_role_has("auditor", PERM_HAZARD_REPORT));
    T_CHECK(!perm_role_has("auditor", PERM_ORG_WRITE));
    T_CHECK(perm_role_has("bureau_admin", PERM_AUDIT_READ));
    T_CHECK(perm_role_has("bureau_admin", PERM_ORG_WRITE));
    T_CHECK(!perm_role_has("bureau_admin", PERM_REPORT_SUBMIT));
    T_CHECK(perm_role_has("staff", PERM_HAZARD_REPORT));
    T_CHECK(!perm_role_has("staff", PERM_AUDIT_READ)); /* no wildcard */
    T_CHECK(!perm_role_has("inspector", PERM_HAZARD_MANAGE));
    T_CHECK(!perm_role_has("nobody", PERM_ORG_READ));
    T_CHECK(!perm_role_has("bureau_admin", PERM_PUBLIC));
    T_CHECK(!perm_role_has("bureau_admin", (enum perm)PERM_COUNT));

    T_EQ_STR(perm_name(PERM_HAZARD_MANAGE), "hazard.manage");
    T_EQ_STR(perm_name(PERM_PUBLIC), "");
    T_EQ_INT(perm_kind(PERM_LEDGER_READ), PK_READ);
    T_EQ_INT(perm_kind(PERM_LEDGER_WRITE), PK_WRITE);
    for (enum perm p = PERM_PUBLIC + 1; p < PERM_COUNT; p++) {
        const char *n = perm_name(p), *dot = strchr(n, '.');
        T_CHECK(dot && dot > n && dot[1]);
        T_CHECK(*perm_zh(p));
        /* the kind agrees with the name: a "*.read" grant means what it says */
        T_CHECK((perm_kind(p) == PK_READ) == (dot && strcmp(dot, ".read") == 0));
        bool granted = false;
        for (const struct role_def *r = perm_roles; r->name; r++)
            granted |= perm_role_has(r->name, p);
        if (!granted)
            t_fail(__FILE__, __LINE__, "%s is granted to no role", n);
        for (enum perm q = p + 1; q < PERM_COUNT; q++)
            T_CHECK(strcmp(n, perm_name(q)) != 0);
    }
}

/* A route whose permission no role holds could never be called. */
static void routes_granted(void)
{
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        if (rt->perm == PERM_PUBLIC)
            continue;
        bool granted = false;
        for (const struct role_def *r = perm_roles; r->name; r++)
            granted |= perm_role_has(r->name, rt->perm);
        if (!granted)
            t_fail(__FILE__, __LINE__, "%s %s: %s is granted to no role", rt->method,
                   rt->pattern, perm_name(rt->perm));
        else
            t_passed++;
    }
}

void t_main(void)
{
    table_check();
    grants();
    routes_granted();
}
