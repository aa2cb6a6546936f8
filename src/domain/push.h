/*
 * push.h - rules of the push channels (推送渠道): which channel and message
 * kinds exist, what a channel's address may look like, when a failed push is
 * tried again, and the exact bytes each channel sends (企业微信 and 钉钉
 * robot markdown, the signed JSON webhook, an SMS gateway body from its
 * template, an email message). Pure: no I/O, no clock, no randomness (the
 * caller passes them in).
 *
 * Push text is only what the message already says (title, body) and a link
 * into the app built from the public address; nothing else of the event,
 * so a push never tells more than the recipients may read in the app.
 */
#ifndef XA_DOMAIN_PUSH_H
#define XA_DOMAIN_PUSH_H

#include "core/compat.h"
#include "core/strbuf.h"

struct push_name {
    const char *code, *zh;
};
/* Channel kinds: wecom, dingtalk, webhook, sms, email. Zero-ended. */
extern const struct push_name push_channel_kinds[];
/* Message kinds a channel may choose from. Zero-ended. */
extern const struct push_name push_msg_kinds[];
/* The entry for code in table, or NULL. */
const struct push_name *push_name_find(const struct push_name *table, const char *code);

/* True when field of a channel of kind holds a secret (robot address,
 * signing secret, gateway token, SMTP password): kept in the channel's
 * secret, never shown again. */
bool push_field_is_secret(const char *kind, const char *field);
/* A channel row (store_push_channel_get) as the API shows it and the audit
 * records it: "secret" replaced by "secrets" (each secret field of the kind:
 * 已设置 / 未设置), kind_name and msg_kind_names in Chinese. Takes row
 * (stolen; NULL gives NULL). */
struct json_t;
struct json_t *push_channel_public(struct json_t *row);

/* True for kinds that push once per event to a group (wecom, dingtalk,
 * webhook); false for per-person ones (sms, email). */
bool push_kind_is_group(const char *kind);

/* True for message kinds whose body may tell about a whistle-blower's report
 * (tip-offs): a group robot or webhook gets only their title and link. */
bool push_kind_is_sensitive(const char *msg_kind);

/* True when url is "<scheme>://host..." for one of schemes (NULL-ended),
 * with a host, at most 500 bytes, and no space or control character. */
bool push_url_ok(const char *url, const char *const *schemes);
/* True for an address "local@domain.tld" without spaces or angle brackets. */
bool push_email_ok(const char *addr);

/* Delay before try number tries+1 after tries failures (tries >= 1):
 * base * 2^(tries-1), capped at cap, then jittered into [d/2, d] by rnd
 * (any 32-bit random number). Always >= 1. */
int64_t push_backoff_ms(int tries, int64_t base, int64_t cap, uint32_t rnd);

/* One push: what the message says and where it points. link is absolute
 * (public address + route) or "" when the service has no public address. */
struct push_item {
    const char *idem_key; /* unique per channel: the receiver's dedupe key */
    const char *msg_kind; /* message kind code */
    const char *title, *body, *link;
    const char *org_name; /* the channel's org, for the webhook JSON */
    const char *at_iso;   /* when the message was written (ISO 8601) */
};

/* The absolute link: public_url (without a trailing '/') + route; "" when
 * either is empty. */
void push_link(char *out, size_t n, const char *public_url, const char *route);

/* 企业微信群机器人: {"msgtype":"markdown","markdown":{"content":...}}. */
void push_wecom_json(struct strbuf *out, const struct push_item *it);
/* 钉钉自定义机器人: {"msgtype":"markdown","markdown":{"title","text"}}. */
void push_dingtalk_json(struct strbuf *out, const struct push_item *it);
/* The query string 钉钉 checks: "timestamp=<ms>&sign=<urlencoded base64 of
 * HMAC-SHA256(secret, "<ms>\n<secret>")>". */
void push_dingtalk_query(struct strbuf *out, const char *secret, int64_t ts_ms);
/* The generic webhook's JSON body. */
void push_webhook_json(struct strbuf *out, const struct push_item *it);
/* "sha256=<hex HMAC-SHA256(secret, body)>" into out (at least 72 bytes). */
void push_hmac_header(char *out, size_t n, const char *secret, const void *body, size_t len);

/* The short text of an SMS: "【校安】title：body link", body cut to keep the
 * whole under about 200 characters. */
void push_sms_text(struct strbuf *out, const struct push_item *it);
/* Fills a gateway template: {phone}, {text} and {token} are replaced by the
 * values, JSON-string-escaped when the template is JSON (its first non-space
 * character is '{'), URL-encoded otherwise. Other text is copied. */
void push_fill_template(struct strbuf *out, const char *tmpl, const char *phone,
                        const char *text, const char *token);
/* True when a template has both {phone} and {text}. */
bool push_template_ok(const char *tmpl);

/* A whole email (RFC 5322, UTF-8, base64 body) with Message-ID made of the
 * idempotency key; date is an RFC 5322 date ("Thu, 03 Dec 2026 10:00:00
 * +0800"). */
void push_email_message(struct strbuf *out, const char *from, const char *to, const char *date,
                        const struct push_item *it);

/* Appends s percent-encoded (RFC 3986 unreserved kept). */
void push_urlencode(struct strbuf *out, const char *s);

#endif
