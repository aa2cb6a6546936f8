/*
 * test_routes.c - the route table's access columns and the permissions
 * (issue 16 item 4):
 *   - router_check accepts the server's table and refuses a route that
 *     skips the dispatcher's object check without saying why, an SC_PATH
 *     without a locator, a scoped public route;
 *   - the grant tables: "*.read" grants every read and no write, names and
 *     identifiers agree, every permission is granted to some role;
 *   - every route's permission is granted to some role (else no one could
 *     call it);
 *   - the OpenAPI document (issue 16 item 7) lists every route of the
 *     table with an operationId, a tag, security, its path parameters, a
 *     success and error answers, and a requestBody for every route with a
 *     validation table (its fields, required ones, bounds); spot checks of
 *     query parameters, paging, 201 and file media types.
 */
#include "core/compat.h"
#include "api/api_openapi.h"
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

static json_t *op_of(json_t *doc, const char *path, const char *method)
{
    return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static bool has_query(json_t *op, const char *name)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(op, "parameters"), i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
            return true;
    }
    return false;
}

static void openapi(void)
{
    json_t *doc = openapi_document();
    T_CHECK(doc != NULL);
    if (!doc)
        return;
    json_t *ids = json_object();
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        char m[8];
        size_t k;
        for (k = 0; rt->method[k] && k < sizeof(m) - 1; k++)
            m[k] = (char)(rt->method[k] | 0x20);
        m[k] = '\0';
        json_t *op = op_of(doc, rt->pattern, m);
        if (!op) {
            t_fail(__FILE__, __LINE__, "%s %s is not in the document", rt->method, rt->pattern);
            continue;
        }
        const char *id = json_string_value(json_object_get(op, "operationId"));
        T_CHECK(id && *id && !json_object_get(ids, id));
        if (id)
            json_object_set_new(ids, id, json_true());
        T_CHECK(json_array_size(json_object_get(op, "tags")) == 1);
        json_t *sec = json_object_get(op, "security");
        T_CHECK(json_is_array(sec) && (json_array_size(sec) == 0) == (rt->perm == PERM_PUBLIC));
        json_t *resp = json_object_get(op, "responses");
        T_CHECK(json_object_get(resp, "200") || json_object_get(resp, "201"));
        T_CHECK(json_object_get(resp, "400") && json_object_get(resp, "503"));
        for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
            char name[32];
            snprintf(name, sizeof(name), "%.*s", (int)(strchr(p, '}') - p - 1), p + 1);
            T_CHECK(has_query(op, name));
        }
        if (rt->scope == SC_QUERY)
            T_CHECK(has_query(op, rt->field));
        if (!rt->body)
            continue;
        json_t *schema = json_object_get(
            json_object_get(json_object_get(json_object_get(op, "requestBody"), "content"),
                            "application/json"),
            "schema");
        if (!schema) {
            t_fail(__FILE__, __LINE__, "%s %s has a validation table and no requestBody",
                   rt->method, rt->pattern);
            continue;
        }
        json_t *props = json_object_get(schema, "properties");
        size_t nreq = 0;
        for (size_t f = 0; f < rt->nbody; f++) {
            T_CHECK(json_object_get(props, rt->body[f].name) != NULL);
            nreq += rt->body[f].required;
        }
        T_EQ_INT(json_object_size(props), rt->nbody);
        T_EQ_INT(json_array_size(json_object_get(schema, "required")), nreq);
    }
    json_decref(ids);

    /* a body's fields: types, required, bounds, allowed values, null */
    json_t *org = json_object_get(
        json_object_get(json_object_get(json_object_get(json_object_get(
                                            op_of(doc, "/api/v1/orgs", "post"), "requestBody"),
                                                        "content"),
                                        "application/json"),
                        "schema"),
        "properties");
    T_EQ_STR(json_string_value(json_object_get(json_object_get(org, "name"), "type")), "string");
    T_EQ_INT(json_integer_value(json_object_get(json_object_get(org, "name"), "maxLength")), 64);
    T_CHECK(json_array_size(json_object_get(json_object_get(org, "kind"), "enum")) == 5);
    T_CHECK(json_is_true(json_object_get(json_object_get(org, "students"), "nullable")));
    T_CHECK(json_object_get(op_of(doc, "/api/v1/orgs", "post"), "responses") &&
            json_object_get(json_object_get(op_of(doc, "/api/v1/orgs", "post"), "responses"),
                            "201"));
    /* query parameters the handler reads; paging and its list envelope */
    json_t *hl = op_of(doc, "/api/v1/hazards", "get");
    T_CHECK(has_query(hl, "status") && has_query(hl, "overdue") && has_query(hl, "org") &&
            has_query(hl, "page") && has_query(hl, "per_page"));
    T_CHECK(json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
                            "HazardsList") != NULL);
    /* files */
    json_t *c = json_object_get(json_object_get(json_object_get(json_object_get(
                                                    op_of(doc, "/api/v1/hazards/{id}/notice.pdf",
                                                          "get"),
                                                    "responses"),
                                                "200"),
                                "content"),
                "application/pdf");
    T_CHECK(c != NULL);
    c = json_object_get(json_object_get(json_object_get(json_object_get(
                                            op_of(doc, "/api/v1/reports/weekly", "get"),
                                            "responses"),
                                        "200"),
                        "content"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    T_CHECK(c != NULL);
    c = json_object_get(json_object_get(json_object_get(json_object_get(
                                            op_of(doc, "/api/v1/risk-points/{id}/qr.png", "get"),
                                            "responses"),
                                        "200"),
                        "content"),
                        "image/png");
    T_CHECK(c != NULL);
    /* uploads take the raw image */
    T_CHECK(json_object_get(json_object_get(json_object_get(op_of(doc, "/api/v1/photos", "post"),
                                                            "requestBody"),
                                            "content"),
                            "image/jpeg") != NULL);
    json_decref(doc);
}

void t_main(void)
{
    table_check();
    grants();
    routes_granted();
    openapi();
}
