/*
 * access.c - request ids and the access log.
 *
 * Every request carries an id: the X-Request-Id a client or proxy sent when
 * it is a short token (1-64 characters of letters, digits and ._:-), else a
 * fresh random one. The id is returned in the response's X-Request-Id and
 * written on the request's access-log line, so a user's complaint, the
 * proxy's log and ours can be matched.
 */
#include "core/compat.h"
#include "core/log.h"
#include "http/http.h"
#include <sodium.h>

static bool id_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (n >= 64 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-'))
            return false;
    }
    return n > 0;
}

void http_request_id(struct req *r)
{
    const char *given = http_header_get(r, "X-Request-Id");
    if (given && id_valid(given)) {
        r->request_id = arena_strdup(r->arena, given);
        return;
    }
    unsigned char raw[12];
    randombytes_buf(raw, sizeof(raw));
    char hex[2 * sizeof(raw) + 1];
    sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
    r->request_id = arena_strdup(r->arena, hex);
}

void http_access_log(const struct req *r, size_t bytes, int64_t usec)
{
    /* the route pattern, not the path: ids in paths stay out of the log
     * aggregation, and the query string (which may hold a token) never
     * reaches the log */
    const char *route = r->route ? r->route->pattern
                        : strncmp(r->path, "/api/", 5) == 0 ? "(unknown api)"
                                                           : "(static)";
    log_msg(LOG_INFO, "access id=%s method=%s route=%s status=%d bytes=%zu ms=%.3f user=%s client=%s",
            r->request_id ? r->request_id : "-", r->method, route, r->status, bytes,
            (double)usec / 1000.0, r->user ? r->user->username : "-",
            r->client_ip ? r->client_ip : "-");
}
