/*
 * edge.h - decisions of the HTTP edge taken before a handler runs.
 */
#ifndef XA_EDGE_H
#define XA_EDGE_H

#include "core/compat.h"

/* Bytes of request bodies held in memory at once, per client address and in
 * total; beyond them a request is refused before its body is read. */
#define EDGE_BODY_PER_ADDR_MAX ((size_t)16 << 20)
#define EDGE_BODY_TOTAL_MAX ((size_t)256 << 20)
/* Connections one address may hold open (without a trusted proxy). */
#define EDGE_CONN_PER_ADDR 128u

/* True when addr (addr_len bytes, IPv4 or IPv6 text) lies in cidr
 * ("10.0.0.0/8", "::1/128", or a bare address). */
bool edge_cidr_match(const char *cidr, const char *addr, size_t addr_len);

/* The client address of a request from peer: the rightmost address of
 * X-Forwarded-For (xff, may be NULL) not in a --trusted-proxy range, taken
 * only when peer itself is trusted; otherwise peer. */
void edge_client_addr(const char *peer, const char *xff, char *out, size_t len);

/* Request framing: ncl Content-Length values (cls) and whether
 * Transfer-Encoding is present. -1 when the framing is ambiguous (differing
 * or malformed lengths, a length next to a transfer coding): the request
 * must be refused and the connection closed. */
int edge_framing_check(int ncl, const char *const *cls, bool chunked);

/* Reserves n bytes of body memory for addr: 0 ok, -1 over the address's
 * share, -2 over the total. Give back exactly what was taken. */
int edge_budget_take(const char *addr, size_t n);
void edge_budget_give(const char *addr, size_t n);

#endif
