/*
 * push.c - rules and wire formats of the push channels (see push.h).
 */
#include "core/compat.h"
#include "domain/push.h"
#include <jansson.h>
#include <sodium.h>

const struct push_name push_channel_kinds[] = {
    {"wecom", "企业微信群机器人"}, {"dingtalk", "钉钉群机器人"}, {"webhook", "通用 Webhook"},
    {"sms", "短信网关"},           {"email", "电子邮件"},        {NULL, NULL},
};

static const struct {
    const char *kind, *field;
} secret_fields[] = {
    {"wecom", "url"},    {"dingtalk", "url"}, {"dingtalk", "secret"},
    {"webhook", "secret"}, {"sms", "token"},  {"email", "smtp_password"},
};

bool push_field_is_secret(const char *kind, const char *field)
{
    for (size_t i = 0; i < XA_ARRAY_LEN(secret_fields); i++)
        if (kind && field && strcmp(secret_fields[i].kind, kind) == 0 &&
            strcmp(secret_fields[i].field, field) == 0)
            return true;
    return false;
}

json_t *push_channel_public(json_t *row)
{
    if (!row)
        return NULL;
    const char *kind = json_string_value(json_object_get(row, "kind"));
    json_t *secret = json_object_get(row, "secret");
    json_t *mask = json_object();
    for (size_t i = 0; i < XA_ARRAY_LEN(secret_fields); i++) {
        if (!kind || strcmp(secret_fields[i].kind, kind) != 0)
            continue;
        const char *v = json_string_value(json_object_get(secret, secret_fields[i].field));
        json_object_set_new(mask, secret_fields[i].field,
                            json_string(v && *v ? "已设置" : "未设置"));
    }
    json_object_del(row, "secret");
    json_object_set_new(row, "secrets", mask);
    const struct push_name *k = push_name_find(push_channel_kinds, kind);
    json_object_set_new(row, "kind_name", json_string(k ? k->zh : ""));
    json_t *names = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(row, "msg_kinds"), i, v) {
        const struct push_name *m = push_name_find(push_msg_kinds, json_string_value(v));
        json_array_append_new(names, json_string(m ? m->zh : json_string_value(v)));
    }
    json_object_set_new(row, "msg_kind_names", names);
    return row;
}

/* The kinds producers write (store_msg.h); a channel chooses among them. */
const struct push_name push_msg_kinds[] = {
    {"hazard_reported", "新上报隐患"},
    {"hazard_assigned", "隐患交办给我"},
    {"hazard_submitted", "隐患整改待验收"},
    {"hazard_rejected", "整改验收未通过"},
    {"hazard_reopened", "隐患反弹"},
    {"hazard_rebound", "回头看发现反弹"},
    {"hazard_closed", "隐患已销号"},
    {"hazard_due", "整改期限将至"},
    {"hazard_overdue", "隐患整改逾期"},
    {"hazard_supervised", "列入督办"},
    {"hazard_escalated", "逾期升级督办"},
    {"hazard_reminded", "收到催办"},
    {"weekly_due", "周报待报"},
    {"weekly_late", "周报逾期"},
    {"reminder", "收到催报"},
    {"campaign_published", "专项任务下发"},
    {"campaign_returned", "专项任务被退回"},
    {"letter_to_sign", "责任书待签"},
    {"tipoff_received", "收到举报"},
    {"incident_reported", "事故报告"},
    {"push_test", "推送测试"},
    {NULL, NULL},
};

const struct push_name *push_name_find(const struct push_name *table, const char *code)
{
    if (!code)
        return NULL;
    for (const struct push_name *p = table; p->code; p++)
        if (strcmp(p->code, code) == 0)
            return p;
    return NULL;
}

bool push_kind_is_group(const char *kind)
{
    return kind && (strcmp(kind, "wecom") == 0 || strcmp(kind, "dingtalk") == 0 ||
                    strcmp(kind, "webhook") == 0);
}

bool push_kind_is_sensitive(const char *msg_kind)
{
    return msg_kind && strncmp(msg_kind, "tipoff", 6) == 0;
}

bool push_url_ok(const char *url, const char *const *schemes)
{
    if (!url || strlen(url) > 500)
        return false;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return false;
    for (const char *const *s = schemes; *s; s++) {
        size_t n = strlen(*s);
        if (strncmp(url, *s, n) == 0 && strncmp(url + n, "://", 3) == 0) {
            const char *host = url + n + 3;
            return *host && *host != '/' && *host != ':' && *host != '?';
        }
    }
    return false;
}

bool push_email_ok(const char *addr)
{
    if (!addr || strlen(addr) > 254)
        return false;
    const char *at = strchr(addr, '@');
    if (!at || at == addr || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (const char *p = addr; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';' ||
            *p == '"' || *p == 0x7f)
            return false;
    return true;
}

int64_t push_backoff_ms(int tries, int64_t base, int64_t cap, uint32_t rnd)
{
    if (base < 1)
        base = 1;
    if (cap < base)
        cap = base;
    int64_t d = base;
    for (int i = 1; i < tries && d < cap; i++)
        d = d > cap / 2 ? cap : d * 2;
    if (d > cap)
        d = cap;
    int64_t half = d / 2;
    int64_t j = half + (int64_t)(rnd % (uint64_t)(d - half + 1));
    return j < 1 ? 1 : j;
}

void push_link(char *out, size_t n, const char *public_url, const char *route)
{
    if (!public_url || !*public_url || !route || !*route) {
        if (n)
            *out = 0;
        return;
    }
    size_t ul = strlen(public_url);
    while (ul && public_url[ul - 1] == '/')
        ul--;
    snprintf(out, n, "%.*s%s%s", (int)ul, public_url, route[0] == '/' ? "" : "/", route);
}

/* Appends the JSON text of v (stolen). */
static void add_json(struct strbuf *out, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(v);
    if (!s)
        abort();
    strbuf_adds(out, s);
    free(s);
}

/* Markdown of a message: a bold title, the body as a quote, the link. */
static void markdown(struct strbuf *md, const struct push_item *it, const char *head)
{
    strbuf_addf(md, "%s%s\n", head, it->title);
    if (it->body && *it->body)
        strbuf_addf(md, "\n> %s\n", it->body);
    if (it->link && *it->link)
        strbuf_addf(md, "\n[在校安中查看](%s)\n", it->link);
}

void push_wecom_json(struct strbuf *out, const struct push_item *it)
{
    struct strbuf md = STRBUF_INIT;
    strbuf_adds(&md, "**");
    strbuf_adds(&md, it->title);
    strbuf_adds(&md, "**\n");
    if (it->body && *it->body)
        strbuf_addf(&md, "> %s\n", it->body);
    if (it->link && *it->link)
        strbuf_addf(&md, "[在校安中查看](%s)\n", it->link);
    add_json(out, json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown", "content",
                            md.buf));
    strbuf_release(&md);
}

void push_dingtalk_json(struct strbuf *out, const struct push_item *it)
{
    struct strbuf md = STRBUF_INIT;
    markdown(&md, it, "#### ");
    add_json(out, json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown", "title",
                            it->title, "text", md.buf));
    strbuf_release(&md);
}

void push_urlencode(struct strbuf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            strbuf_addch(out, *p);
        } else {
            strbuf_addch(out, '%');
            strbuf_addch(out, hex[*p >> 4]);
            strbuf_addch(out, hex[*p & 15]);
        }
    }
}

void push_dingtalk_query(struct strbuf *out, const char *secret, int64_t ts_ms)
{
    char msg[64 + 512];
    int n = snprintf(msg, sizeof(msg), "%lld\n%s", (long long)ts_ms, secret);
    if (n < 0 || (size_t)n >= sizeof(msg))
        n = (int)strlen(msg);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (size_t)n);
    crypto_auth_hmacsha256_final(&st, mac);
    char b64[sodium_base64_ENCODED_LEN(sizeof(mac), sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
    strbuf_addf(out, "timestamp=%lld&sign=", (long long)ts_ms);
    push_urlencode(out, b64);
}

void push_webhook_json(struct strbuf *out, const struct push_item *it)
{
    const struct push_name *k = push_name_find(push_msg_kinds, it->msg_kind);
    add_json(out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "idempotency_key",
                            it->idem_key, "kind", it->msg_kind ? it->msg_kind : "", "kind_name",
                            k ? k->zh : "", "title", it->title, "body", it->body ? it->body : "",
                            "link", it->link ? it->link : "", "org",
                            it->org_name ? it->org_name : "",
                            "created_at", it->at_iso ? it->at_iso : ""));
}

void push_hmac_header(char *out, size_t n, const char *secret, const void *body, size_t len)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, body, len);
    crypto_auth_hmacsha256_final(&st, mac);
    char hex[2 * sizeof(mac) + 1];
    sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
    snprintf(out, n, "sha256=%s", hex);
}

/* Appends at most max UTF-8 characters of s; true when s was cut. */
static bool add_chars(struct strbuf *out, const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max) {
        i++;
        while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    strbuf_add(out, s, i);
    return s[i] != 0;
}

void push_sms_text(struct strbuf *out, const struct push_item *it)
{
    strbuf_adds(out, "【校安】");
    add_chars(out, it->title, 60);
    if (it->body && *it->body) {
        strbuf_adds(out, "：");
        if (add_chars(out, it->body, 80))
            strbuf_adds(out, "…");
    }
    if (it->link && *it->link) {
        strbuf_addch(out, ' ');
        strbuf_adds(out, it->link);
    }
}

static void add_json_escaped(struct strbuf *out, const char *s)
{
    json_t *v = json_string(s);
    char *enc = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
    json_decref(v);
    if (!enc)
        abort();
    size_t n = strlen(enc);
    strbuf_add(out, enc + 1, n >= 2 ? n - 2 : 0); /* without the quotes */
    free(enc);
}

void push_fill_template(struct strbuf *out, const char *tmpl, const char *phone,
                        const char *text, const char *token)
{
    const char *q = tmpl;
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
        q++;
    bool json = *q == '{';
    static const char *const names[] = {"{phone}", "{text}", "{token}"};
    const char *vals[] = {phone ? phone : "", text ? text : "", token ? token : ""};
    for (const char *p = tmpl; *p;) {
        bool hit = false;
        for (int i = 0; i < 3 && !hit; i++) {
            size_t n = strlen(names[i]);
            if (strncmp(p, names[i], n) == 0) {
                if (json)
                    add_json_escaped(out, vals[i]);
                else
                    push_urlencode(out, vals[i]);
                p += n;
                hit = true;
            }
        }
        if (!hit)
            strbuf_addch(out, *p++);
    }
}

bool push_template_ok(const char *tmpl)
{
    return tmpl && strstr(tmpl, "{phone}") && strstr(tmpl, "{text}");
}

/* Appends the base64 of len bytes, in lines of 76 characters. */
static void add_base64(struct strbuf *out, const void *data, size_t len, bool lines)
{
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *b = malloc(cap);
    if (!b)
        abort();
    sodium_bin2base64(b, cap, data, len, sodium_base64_VARIANT_ORIGINAL);
    size_t n = strlen(b);
    if (!lines)
        strbuf_add(out, b, n);
    for (size_t i = 0; lines && i < n; i += 76) {
        strbuf_add(out, b + i, n - i < 76 ? n - i : 76);
        strbuf_adds(out, "\r\n");
    }
    free(b);
}

void push_email_message(struct strbuf *out, const char *from, const char *to, const char *date,
                        const struct push_item *it)
{
    strbuf_addf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\n", date, from, to);
    strbuf_adds(out, "Subject: =?UTF-8?B?");
    add_base64(out, it->title, strlen(it->title), false);
    strbuf_adds(out, "?=\r\nMessage-ID: <");
    for (const char *p = it->idem_key; *p; p++) /* keep the id a plain atom */
        strbuf_addch(out, (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                                  (*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '-'
                              ? *p
                              : '.');
    strbuf_addf(out, "@xiaoan>\r\nX-Xiaoan-Idempotency-Key: %s\r\n", it->idem_key);
    strbuf_adds(out, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n");
    struct strbuf text = STRBUF_INIT;
    strbuf_addf(&text, "%s\r\n\r\n", it->title);
    if (it->body && *it->body)
        strbuf_addf(&text, "%s\r\n\r\n", it->body);
    if (it->link && *it->link)
        strbuf_addf(&text, "在校安中查看：%s\r\n\r\n", it->link);
    strbuf_adds(&text, "—— 校安（学校安全风险防控平台）自动发送，请勿回复。\r\n");
    add_base64(out, text.buf, text.len, true);
    strbuf_release(&text);
}
