/*
 * config.h - the process-wide settings of `xiaoan serve` that code below the
 * command line reads (the HTTP edge, handlers that build links, jobs).
 *
 * main.c fills xa_cfg once, before any thread starts; afterwards it is
 * read-only. Strings point into argv or the environment and live as long as
 * the process. NULL / 0 / false mean "not set".
 */
#ifndef XA_CONFIG_H
#define XA_CONFIG_H

#include "core/compat.h"

#define XA_TRUSTED_PROXY_MAX 16

struct xa_config {
    /* --public-url: the address users reach the service at
     * ("https://xiaoan.example.gov.cn"); every generated link (QR codes,
     * push messages, documents) starts with it, never with the Host header.
     * A root-bureau setting may supply it when the flag is absent. */
    const char *public_url;
    /* --trusted-proxy CIDR (repeatable): hops whose X-Forwarded-For is
     * believed when finding the client address. */
    const char *trusted_proxy[XA_TRUSTED_PROXY_MAX];
    int ntrusted_proxy;
    /* --test-clock: POST /admin/run-jobs may run the jobs "as of" a future
     * time (tests only; refused otherwise). */
    bool test_clock;
    /* --log-level: "debug", "info", "warn", "error" (NULL = info). */
    const char *log_level;
    /* --metrics-token (or XIAOAN_METRICS_TOKEN): GET /metrics answers only
     * with "Authorization: Bearer <token>"; unset, /metrics is refused. */
    const char *metrics_token;
};

extern struct xa_config xa_cfg;

/* The release and the commit it was built from (Makefile: XA_COMMIT). */
#define XA_VERSION "1.0.0"
extern const char xa_build_commit[];

#endif
