/*
 * openapi.c - the OpenAPI 3.0 document, generated from what the server
 * itself uses, so it cannot drift from what it routes and checks:
 *   - the route table (api/routes.c): paths, methods, permissions, which
 *     routes are public, the org-scope parameter, summaries;
 *   - the handlers' validation tables (route.body -> struct vfield):
 *     request bodies with types, required fields, lengths, ranges, allowed
 *     values and null;
 *   - what each handler reads and sends (build/gen/openapi_handlers.inc,
 *     made from src/api by scripts/openapi-query): query parameters,
 *     paging (the list envelope {items, total, page, per_page}), 201, and
 *     the media types of files (PDF, XLSX, PNG, images).
 * Served at GET /api/v1/openapi.json and printed by `xiaoan openapi`.
 */
#include "core/compat.h"
#include "api/api.h"
#include "api/api_openapi.h"
#include "core/strbuf.h"

enum {
    OH_PAGE = 1u << 0,
    OH_201 = 1u << 1,
    OH_PDF = 1u << 2,
    OH_XLSX = 1u << 3,
    OH_PNG = 1u << 4,
    OH_CSV = 1u << 5,
    OH_IMAGE = 1u << 6,
    OH_UPLOAD = 1u << 7,
    OH_JSON = 1u << 8,
    OH_200 = 1u << 9, /* with OH_201: 200 on another path (a repeat) */
};

struct openapi_handler {
    http_handler handler;
    unsigned flags;
    const char *const *query; /* NULL-terminated */
};

#include "openapi_handlers.inc"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const struct openapi_handler *handler_info(http_handler h)
{
    for (size_t i = 0; i < XA_ARRAY_LEN(openapi_handlers); i++)
        if (openapi_handlers[i].handler == h)
            return &openapi_handlers[i];
    return NULL;
}

static bool is_write(const char *method)
{
    return strcmp(method, "GET") != 0;
}

/* "/api/v1/hazards/{id}/notice.pdf" -> its segments after /api/v1. */
static const char *api_rest(const char *pattern)
{
    return strncmp(pattern, "/api/v1/", 8) == 0 ? pattern + 8 : pattern + 1;
}

/* The tag: the first segment of the path ("hazards", "ledgers"). */
static void route_tag(const struct route *rt, char *out, size_t len)
{
    const char *p = api_rest(rt->pattern);
    size_t n = strcspn(p, "/{.");
    if (strncmp(rt->pattern, "/api/", 5) != 0)
        snprintf(out, len, "system"); /* /healthz, /metrics */
    else
        snprintf(out, len, "%.*s", (int)n, p);
}

/* getHazardsByIdNoticePdf: the method and the path in camel case. */
static void operation_id(const struct route *rt, struct strbuf *sb)
{
    for (const char *m = rt->method; *m; m++)
        strbuf_addch(sb, (char)(*m | 0x20));
    bool up = true;
    for (const char *p = api_rest(rt->pattern); *p; p++) {
        if (*p == '{') {
            strbuf_adds(sb, "By");
            up = true;
        } else if (*p == '/' || *p == '-' || *p == '_' || *p == '.' || *p == '}') {
            up = true;
        } else {
            strbuf_addch(sb, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p);
            up = false;
        }
    }
}

/* The schema name of a tag's resource: "risk-points" -> "RiskPoints". */
static void resource_name(const char *tag, char *out, size_t len)
{
    size_t k = 0;
    bool up = true;
    for (const char *p = tag; *p && k + 1 < len; p++) {
        if (*p == '-' || *p == '_') {
            up = true;
            continue;
        }
        out[k++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        up = false;
    }
    out[k] = '\0';
}

static json_t *ref(const char *kind, const char *name)
{
    char buf[160];
    snprintf(buf, sizeof(buf), "#/components/%s/%s", kind, name);
    return json_pack("{s:s}", "$ref", buf);
}

/* One field of a validation table as a JSON schema. */
static json_t *field_schema(const struct vfield *f)
{
    json_t *s = json_object();
    bool nullable = f->nullable || f->type == V_NULLSTR ||
                    (!f->required && (f->type == V_INT || f->type == V_NUM));
    bool range = f->min || f->max;
    switch (f->type) {
    case V_STR:
    case V_NULLSTR:
        json_object_set_new(s, "type", json_string("string"));
        if (range && f->min > 0)
            json_object_set_new(s, "minLength", json_integer(f->min));
        if (range && f->max > 0)
            json_object_set_new(s, "maxLength", json_integer(f->max));
        if (f->oneof) {
            json_t *e = json_array();
            for (const char *const *o = f->oneof; *o; o++)
                json_array_append_new(e, json_string(*o));
            json_object_set_new(s, "enum", e);
        }
        break;
    case V_INT:
    case V_NUM:
        json_object_set_new(s, "type", json_string(f->type == V_INT ? "integer" : "number"));
        if (range) {
            json_object_set_new(s, "minimum", json_integer(f->min));
            if (f->max != INT64_MAX) /* an id: no bound a client needs */
                json_object_set_new(s, "maximum", json_integer(f->max));
        }
        break;
    case V_BOOL:
        json_object_set_new(s, "type", json_string("boolean"));
        break;
    case V_ARR:
        json_object_set_new(s, "type", json_string("array"));
        json_object_set_new(s, "items", json_object());
        if (range && f->min > 0)
            json_object_set_new(s, "minItems", json_integer(f->min));
        if (range && f->max > 0)
            json_object_set_new(s, "maxItems", json_integer(f->max));
        break;
    case V_OBJ:
        json_object_set_new(s, "type", json_string("object"));
        json_object_set_new(s, "additionalProperties", json_true());
        break;
    }
    if (nullable)
        json_object_set_new(s, "nullable", json_true());
    return s;
}

/* A request body from its validation table: unknown fields answer 400. */
static json_t *body_schema(const struct vfield *spec, size_t n)
{
    json_t *props = json_object(), *req = json_array();
    for (size_t i = 0; i < n; i++) {
        json_object_set_new(props, spec[i].name, field_schema(&spec[i]));
        if (spec[i].required)
            json_array_append_new(req, json_string(spec[i].name));
    }
    json_t *s = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                          "additionalProperties", 0);
    if (json_array_size(req))
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
    return s;
}

/* The query parameters a handler reads, typed by their names. */
static json_t *query_param(const char *name, unsigned flags)
{
    size_t n = strlen(name);
    json_t *schema;
    if ((n > 3 && strcmp(name + n - 3, "_id") == 0) || strcmp(name, "org") == 0 ||
        strcmp(name, "issuer") == 0) {
        schema = json_pack("{s:s, s:i}", "type", "integer", "minimum", 1);
    } else if (strcmp(name, "format") == 0) {
        json_t *e = json_pack("[s]", "json");
        if (flags & OH_XLSX)
            json_array_append_new(e, json_string("xlsx"));
        if (flags & OH_PDF)
            json_array_append_new(e, json_string("pdf"));
        schema = json_pack("{s:s, s:o}", "type", "string", "enum", e);
    } else {
        schema = json_pack("{s:s}", "type", "string");
    }
    return json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", "query", "required", 0,
                     "schema", schema);
}

static bool has_param(json_t *params, const char *name)
{
    size_t i;
    json_t *p;
    json_array_foreach(params, i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
            return true;
    }
    return false;
}

static json_t *parameters(const struct route *rt, const struct openapi_handler *oh)
{
    json_t *params = json_array();
    for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        char name[32];
        snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
        bool num = strcmp(name, "id") == 0 || strcmp(name, "year") == 0;
        json_array_append_new(
            params, json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", "path", "required", 1,
                              "schema",
                              num ? json_pack("{s:s, s:i}", "type", "integer", "minimum", 1)
                                  : json_pack("{s:s, s:i}", "type", "string", "maxLength", 64)));
    }
    if (rt->scope == SC_QUERY)
        json_array_append_new(params, query_param(rt->field, 0));
    if (oh && (oh->flags & OH_PAGE)) {
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s, s:i, s:i}}", "name",
                                                "page", "in", "query", "required", 0, "schema",
                                                "type", "integer", "minimum", 1, "default", 1));
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s, s:i, s:i, s:i}}",
                                                "name", "per_page", "in", "query", "required", 0,
                                                "schema", "type", "integer", "minimum", 1,
                                                "maximum", 200, "default", 20));
    }
    for (const char *const *q = oh ? oh->query : NULL; q && *q; q++)
        if (!has_param(params, *q))
            json_array_append_new(params, query_param(*q, oh->flags));
    return params;
}

static json_t *binary(void)
{
    return json_pack("{s:{s:s, s:s}}", "schema", "type", "string", "format", "binary");
}

/* The success answer: JSON (the tag's resource, or its list envelope) and
 * the files the handler sends. */
static json_t *success(const struct route *rt, const struct openapi_handler *oh,
                       const char *resource, json_t *used, bool created)
{
    unsigned fl = oh ? oh->flags : 0;
    json_t *content = json_object();
    size_t plen = strlen(rt->pattern);
    bool file_path = plen > 4 && (strcmp(rt->pattern + plen - 4, ".pdf") == 0 ||
                                  strcmp(rt->pattern + plen - 4, ".png") == 0);
    bool formats = false;
    for (const char *const *q = oh ? oh->query : NULL; q && *q; q++)
        formats |= strcmp(*q, "format") == 0;
    bool files = fl & (OH_PDF | OH_XLSX | OH_PNG | OH_CSV | OH_IMAGE);
    if (strcmp(rt->pattern, "/metrics") == 0) {
        json_object_set_new(content, "text/plain", json_pack("{s:{s:s}}", "schema", "type",
                                                             "string"));
    } else if (!file_path && (!files || formats)) {
        char name[80];
        snprintf(name, sizeof(name), "%s%s", resource, fl & OH_PAGE ? "List" : "");
        json_object_set_new(used, name, json_true());
        json_object_set_new(used, resource, json_true());
        json_object_set_new(content, "application/json",
                            json_pack("{s:o}", "schema", ref("schemas", name)));
    }
    if (fl & OH_PDF || (file_path && strstr(rt->pattern, ".pdf")))
        json_object_set_new(content, "application/pdf", binary());
    if (fl & OH_XLSX)
        json_object_set_new(content, XLSX_TYPE, binary());
    if (fl & OH_PNG || (file_path && strstr(rt->pattern, ".png")))
        json_object_set_new(content, "image/png", binary());
    if (fl & OH_CSV)
        json_object_set_new(content, "text/csv", binary());
    if (fl & OH_IMAGE) {
        json_object_set_new(content, "image/jpeg", binary());
        json_object_set_new(content, "image/png", binary());
        json_object_set_new(content, "image/webp", binary());
    }
    return json_pack("{s:s, s:o}", "description", created ? "Created" : "OK", "content", content);
}

static void add_error(json_t *responses, const char *status, const char *name)
{
    json_object_set_new(responses, status, ref("responses", name));
}

/* The errors an operation can answer, each the one error body. */
static void errors(const struct route *rt, json_t *responses, bool body)
{
    add_error(responses, "400", "BadRequest");
    if (rt->perm != PERM_PUBLIC) {
        add_error(responses, "401", "Unauthenticated");
        add_error(responses, "403", "Forbidden");
    } else if (rt->preflight) {
        add_error(responses, "429", "TooManyRequests");
    }
    if (strchr(rt->pattern, '{') || rt->scope == SC_QUERY || rt->scope == SC_BODY)
        add_error(responses, "404", "NotFound");
    if (is_write(rt->method)) {
        add_error(responses, "409", "Conflict");
        add_error(responses, "422", "Unprocessable");
    }
    if (body)
        add_error(responses, "413", "TooLarge");
    add_error(responses, "503", "Unavailable");
}

static json_t *operation(const struct route *rt, json_t *tags, json_t *used)
{
    const struct openapi_handler *oh = handler_info(rt->handler);
    char tag[48], resource[64];
    route_tag(rt, tag, sizeof(tag));
    resource_name(tag, resource, sizeof(resource));
    if (!json_object_get(tags, tag))
        json_object_set_new(tags, tag, json_string(rt->summary ? rt->summary : tag));

    struct strbuf id = STRBUF_INIT;
    operation_id(rt, &id);
    json_t *op = json_pack("{s:s, s:s, s:[s]}", "operationId", id.buf, "summary",
                           rt->summary ? rt->summary : id.buf, "tags", tag);
    strbuf_release(&id);

    struct strbuf d = STRBUF_INIT;
    if (rt->perm == PERM_PUBLIC) {
        strbuf_adds(&d, "Public: no login.");
        json_object_set_new(op, "security", json_array());
    } else {
        strbuf_addf(&d, "Permission `%s` (%s).", perm_name(rt->perm), perm_zh(rt->perm));
        json_object_set_new(op, "x-permission", json_string(perm_name(rt->perm)));
        json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]", "bearer", "cookie"));
    }
    if (rt->unchecked)
        strbuf_addf(&d, " No object check by the dispatcher: %s.", rt->unchecked);
    json_object_set_new(op, "description", json_string(d.buf));
    strbuf_release(&d);

    json_t *params = parameters(rt, oh);
    if (json_array_size(params))
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);

    bool body = false;
    if (rt->body) {
        bool required = false;
        for (size_t i = 0; i < rt->nbody; i++)
            required |= rt->body[i].required;
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:o}}}", "required", required, "content",
                                      "application/json", "schema",
                                      body_schema(rt->body, rt->nbody)));
        body = true;
    } else if (oh && (oh->flags & OH_UPLOAD)) {
        json_t *c = json_object();
        json_object_set_new(c, "image/jpeg", binary());
        json_object_set_new(c, "image/png", binary());
        json_object_set_new(c, "image/webp", binary());
        json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}", "required", 1, "content", c));
        body = true;
    } else if (is_write(rt->method) && oh && (oh->flags & OH_JSON)) {
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s, s:b}}}}", "required", 0, "content",
                                      "application/json", "schema", "type", "object",
                                      "additionalProperties", 1));
        body = true;
    }

    json_t *responses = json_object();
    bool created = oh && (oh->flags & OH_201) && is_write(rt->method);
    if (!created || (oh->flags & OH_200))
        json_object_set_new(responses, "200", success(rt, oh, resource, used, false));
    if (created)
        json_object_set_new(responses, "201", success(rt, oh, resource, used, true));
    errors(rt, responses, body);
    json_object_set_new(op, "responses", responses);
    return op;
}

/* True for the routes that write the resource itself: POST /api/v1/<tag>
 * (create) and PUT/PATCH /api/v1/<tag>/{id} (update). */
static bool writes_resource(const struct route *rt, const char *tag)
{
    const char *rest = api_rest(rt->pattern);
    size_t n = strlen(tag);
    if (strncmp(rest, tag, n) != 0)
        return false;
    if (strcmp(rt->method, "POST") == 0)
        return rest[n] == '\0';
    return (strcmp(rt->method, "PUT") == 0 || strcmp(rt->method, "PATCH") == 0) &&
           rest[n] == '/' && rest[n + 1] == '{' && !strchr(strchr(rest + n + 1, '}'), '/');
}

/* A resource's schema: its id and the fields its create and update bodies
 * name, with their types; the answers carry more (names, instants as ISO
 * 8601, allowed_actions ...), so other properties are allowed. */
static json_t *resource_schema(const char *resource)
{
    json_t *props = json_pack("{s:{s:s}}", "id", "type", "integer");
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        char tag[48], name[64];
        route_tag(rt, tag, sizeof(tag));
        resource_name(tag, name, sizeof(name));
        if (strcmp(name, resource) != 0 || !rt->body || !writes_resource(rt, tag))
            continue;
        for (size_t k = 0; k < rt->nbody; k++)
            if (!json_object_get(props, rt->body[k].name)) {
                json_t *f = field_schema(&rt->body[k]);
                json_object_del(f, "minLength"); /* stored values, not input rules */
                json_object_del(f, "minimum");
                json_object_del(f, "maximum");
                json_object_del(f, "minItems");
                json_object_set_new(props, rt->body[k].name, f);
            }
    }
    return json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                     "additionalProperties", 1);
}

static json_t *error_response(const char *what)
{
    return json_pack("{s:s, s:{s:{s:o}}}", "description", what, "content", "application/json",
                     "schema", ref("schemas", "Error"));
}

json_t *openapi_document(void)
{
    json_t *paths = json_object(), *tags = json_object(), *used = json_object();
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        json_t *item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        char method[8];
        size_t k;
        for (k = 0; rt->method[k] && k < sizeof(method) - 1; k++)
            method[k] = (char)(rt->method[k] | 0x20);
        method[k] = '\0';
        json_object_set_new(item, method, operation(rt, tags, used));
    }

    json_t *schemas = json_object();
    json_object_set_new(
        schemas, "Error",
        json_pack("{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s, s:b}}, s:[s, s]}}, s:[s]}",
                  "type", "object", "properties", "error", "type", "object", "properties", "code",
                  "type", "string", "message", "type", "string", "field", "type", "string",
                  "nullable", 1, "required", "code", "message", "required", "error"));
    const char *name;
    json_t *v;
    json_object_foreach(used, name, v)
    {
        size_t n = strlen(name);
        if (n > 4 && strcmp(name + n - 4, "List") == 0 && json_object_get(used, name) &&
            !json_object_get(schemas, name)) {
            char base[64];
            snprintf(base, sizeof(base), "%.*s", (int)(n - 4), name);
            if (json_object_get(used, base)) {
                json_object_set_new(
                    schemas, name,
                    json_pack("{s:s, s:{s:{s:s, s:o}, s:{s:s}, s:{s:s}, s:{s:s}}, s:[s, s, s, s]}",
                              "type", "object", "properties", "items", "type", "array", "items",
                              ref("schemas", base), "total", "type", "integer", "page", "type",
                              "integer", "per_page", "type", "integer", "required", "items",
                              "total", "page", "per_page"));
                continue;
            }
        }
        if (!json_object_get(schemas, name))
            json_object_set_new(schemas, name, resource_schema(name));
    }
    json_decref(used);

    json_t *taglist = json_array();
    const char *t;
    json_object_foreach(tags, t, v)
    {
        json_array_append_new(taglist, json_pack("{s:s, s:s}", "name", t, "description",
                                                 json_string_value(v)));
    }
    json_decref(tags);

    json_t *responses = json_object();
    json_object_set_new(responses, "BadRequest",
                        error_response("Malformed request: bad JSON, unknown field, wrong type"));
    json_object_set_new(responses, "Unauthenticated", error_response("Not signed in"));
    json_object_set_new(responses, "Forbidden",
                        error_response("Signed in without the permission, CSRF token missing, "
                                       "or the password must be changed first"));
    json_object_set_new(responses, "NotFound",
                        error_response("No such object in the subtrees the caller can see"));
    json_object_set_new(responses, "Conflict",
                        error_response("The object changed or a unique value is taken"));
    json_object_set_new(responses, "Unprocessable",
                        error_response("A missing or out-of-range field, or a refused action"));
    json_object_set_new(responses, "TooLarge", error_response("The request body is too large"));
    json_object_set_new(responses, "TooManyRequests",
                        error_response("The client's budget of signed-out requests is spent"));
    json_object_set_new(responses, "Unavailable",
                        error_response("The database is busy or unavailable (Retry-After)"));

    return json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s}}, s:[{s:s, s:s}], s:o, s:o, "
        "s:{s:o, s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}}}",
        "openapi", "3.0.3", "info", "title", "xiaoan 校安 API", "version", "1", "description",
        "School safety risk prevention and control (学校安全风险防控). Generated from the "
        "server's route table, validation tables and handlers.",
        "license", "name", "Proprietary",
        "servers", "url", "http://127.0.0.1:8080", "description", "a local server",
        "tags", taglist, "paths", paths, "components", "schemas", schemas, "responses",
        responses, "securitySchemes", "bearer", "type", "http", "scheme", "bearer",
        "description", "Authorization: Bearer <session token of POST /api/v1/login>", "cookie",
        "type", "apiKey", "in", "cookie", "name", "xa_session", "description",
        "The session cookie of POST /api/v1/login; writes also send X-CSRF-Token");
}

int api_openapi(struct req *r)
{
    json_t *doc = openapi_document();
    if (!doc)
        return http_error(r, 500, "internal", NULL, "openapi");
    return http_json(r, 200, doc);
}
