/*
 * test_push.c - the pure rules of push channels (src/domain/push.c):
 * address checks, backoff with jitter, the 钉钉 signature (checked against a
 * value computed independently with Node's crypto), the webhook HMAC
 * header, robot markdown bodies, SMS template filling (JSON and form
 * escaping), links from the public address, the email message.
 */
#include "core/compat.h"
#include "t.h"
#include "domain/push.h"
#include <jansson.h>
#include <sodium.h>

static void test_urls(void)
{
    static const char *const http[] = {"https", "http", NULL};
    static const char *const smtp[] = {"smtp", "smtps", NULL};
    T_CHECK(push_url_ok("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", http));
    T_CHECK(push_url_ok("http://127.0.0.1:8080/x", http));
    T_CHECK(!push_url_ok("ftp://x.cn/", http));
    T_CHECK(!push_url_ok("https://", http));
    T_CHECK(!push_url_ok("https:///path", http));
    T_CHECK(!push_url_ok("https://a b.cn/", http));
    T_CHECK(!push_url_ok("https://a.cn/\n", http));
    T_CHECK(!push_url_ok("javascript:alert(1)", http));
    T_CHECK(!push_url_ok(NULL, http));
    T_CHECK(push_url_ok("smtps://smtp.example.cn:465", smtp));
    T_CHECK(!push_url_ok("https://smtp.example.cn", smtp));
    T_CHECK(push_email_ok("a.b@example.cn"));
    T_CHECK(!push_email_ok("a@b"));
    T_CHECK(!push_email_ok("a@@b.cn"));
    T_CHECK(!push_email_ok("<a@b.cn>"));
    T_CHECK(!push_email_ok("a@b.cn\r\nBcc: c@d.cn"));
    T_CHECK(!push_email_ok("@b.cn"));
}

static void test_backoff(void)
{
    /* 1st failure: [base/2, base]; doubles; capped */
    for (uint32_t rnd = 0; rnd < 2000; rnd += 97) {
        int64_t d1 = push_backoff_ms(1, 1000, 60000, rnd);
        T_CHECK(d1 >= 500 && d1 <= 1000);
        int64_t d3 = push_backoff_ms(3, 1000, 60000, rnd);
        T_CHECK(d3 >= 2000 && d3 <= 4000);
        int64_t d30 = push_backoff_ms(30, 1000, 60000, rnd);
        T_CHECK(d30 >= 30000 && d30 <= 60000);
    }
    T_EQ_INT(push_backoff_ms(1, 1000, 60000, 0), 500);
    T_EQ_INT(push_backoff_ms(1, 1000, 60000, 500), 1000);
    T_CHECK(push_backoff_ms(1, 1, 1, 7) >= 1);
    T_CHECK(push_backoff_ms(1000, INT64_MAX / 2, INT64_MAX / 2, 1) > 0);
}

static void test_signatures(void)
{
    struct strbuf q = STRBUF_INIT;
    push_dingtalk_query(&q, "SECtest", 1577808000000LL);
    T_EQ_STR(q.buf, "timestamp=1577808000000&sign=XHi7WpB%2BbLwQq5Rz0PrkJ6p9pXsd593WTWgii6qJ3uw%3D");
    strbuf_release(&q);
    char h[100];
    push_hmac_header(h, sizeof(h), "k", "{\"a\":1}", 7);
    T_EQ_STR(h, "sha256=c3a92ff9e274cdcce27a58c15a78ec6dcbbdbd0038a87e7a11baef2028fd8bff");
}

static void test_bodies(void)
{
    char link[200];
    push_link(link, sizeof(link), "https://xiaoan.example.gov.cn/", "/hazards/12");
    T_EQ_STR(link, "https://xiaoan.example.gov.cn/hazards/12");
    push_link(link, sizeof(link), NULL, "/hazards/12");
    T_EQ_STR(link, "");
    push_link(link, sizeof(link), "https://x.cn", "");
    T_EQ_STR(link, "");
    struct push_item it = {.idem_key = "7:e:hazard:12:assign", .msg_kind = "hazard_assigned",
                           .title = "隐患交办：\"消防\"通道", .body = "请整改", .link = link,
                           .org_name = "华容县教育局", .at_iso = "2026-12-03T10:00:00+08:00"};
    push_link(link, sizeof(link), "https://x.cn", "/hazards/12");
    struct strbuf b = STRBUF_INIT;
    push_wecom_json(&b, &it);
    json_t *j = json_loads(b.buf, 0, NULL);
    T_EQ_STR(json_string_value(json_object_get(j, "msgtype")), "markdown");
    const char *md = json_string_value(json_object_get(json_object_get(j, "markdown"), "content"));
    T_CHECK(md && strstr(md, "**隐患交办：\"消防\"通道**") && strstr(md, "(https://x.cn/hazards/12)"));
    json_decref(j);
    strbuf_reset(&b);
    push_dingtalk_json(&b, &it);
    j = json_loads(b.buf, 0, NULL);
    T_EQ_STR(json_string_value(json_object_get(json_object_get(j, "markdown"), "title")),
             "隐患交办：\"消防\"通道");
    json_decref(j);
    strbuf_reset(&b);
    push_webhook_json(&b, &it);
    j = json_loads(b.buf, 0, NULL);
    T_EQ_STR(json_string_value(json_object_get(j, "idempotency_key")), "7:e:hazard:12:assign");
    T_EQ_STR(json_string_value(json_object_get(j, "kind_name")), "隐患交办给我");
    T_EQ_STR(json_string_value(json_object_get(j, "org")), "华容县教育局");
    json_decref(j);
    /* SMS: JSON templates get JSON escaping, others URL encoding */
    strbuf_reset(&b);
    push_fill_template(&b, " {\"to\":\"{phone}\",\"msg\":\"{text}\",\"t\":\"{token}\"}", "138",
                       "a\"b\n", "tk");
    T_EQ_STR(b.buf, " {\"to\":\"138\",\"msg\":\"a\\\"b\\n\",\"t\":\"tk\"}");
    strbuf_reset(&b);
    push_fill_template(&b, "to={phone}&msg={text}", "138", "安 &=", NULL);
    T_EQ_STR(b.buf, "to=138&msg=%E5%AE%89%20%26%3D");
    T_CHECK(push_template_ok("{phone}{text}"));
    T_CHECK(!push_template_ok("{phone}"));
    strbuf_reset(&b);
    push_sms_text(&b, &it);
    T_EQ_STR(b.buf, "【校安】隐患交办：\"消防\"通道：请整改 https://x.cn/hazards/12");
    /* email: headers, encoded subject, Message-ID from the key */
    strbuf_reset(&b);
    push_email_message(&b, "xiaoan@x.cn", "a@x.cn", "Thu, 03 Dec 2026 02:00:00 +0000", &it);
    T_CHECK(strstr(b.buf, "From: xiaoan@x.cn\r\nTo: a@x.cn\r\n") != NULL);
    T_CHECK(strstr(b.buf, "Subject: =?UTF-8?B?") != NULL);
    T_CHECK(strstr(b.buf, "Message-ID: <7.e.hazard.12.assign@xiaoan>\r\n") != NULL);
    T_CHECK(strstr(b.buf, "\r\n\r\n") != NULL);
    strbuf_release(&b);
    T_CHECK(push_kind_is_group("wecom") && push_kind_is_group("webhook") && !push_kind_is_group("sms"));
    T_CHECK(push_kind_is_sensitive("tipoff_received") && !push_kind_is_sensitive("hazard_assigned"));
    T_CHECK(push_name_find(push_msg_kinds, "hazard_assigned") != NULL);
    T_CHECK(push_name_find(push_msg_kinds, "nope") == NULL);
}

/* The channel as shown and audited: secrets masked, names in Chinese. */
static void test_public(void)
{
    T_CHECK(push_field_is_secret("dingtalk", "secret"));
    T_CHECK(push_field_is_secret("wecom", "url"));
    T_CHECK(!push_field_is_secret("webhook", "url"));
    T_CHECK(!push_field_is_secret("email", "smtp_user"));
    T_CHECK(push_channel_public(NULL) == NULL);
    json_t *row = json_pack("{s:s, s:{s:s}, s:[s]}", "kind", "dingtalk", "secret", "url",
                            "https://oapi.dingtalk.com/robot/send?access_token=x", "msg_kinds",
                            "hazard_assigned");
    row = push_channel_public(row);
    T_CHECK(json_object_get(row, "secret") == NULL);
    json_t *m = json_object_get(row, "secrets");
    T_EQ_STR(json_string_value(json_object_get(m, "url")), "已设置");
    T_EQ_STR(json_string_value(json_object_get(m, "secret")), "未设置");
    T_EQ_STR(json_string_value(json_object_get(row, "kind_name")), "钉钉群机器人");
    T_EQ_STR(json_string_value(json_array_get(json_object_get(row, "msg_kind_names"), 0)),
             "隐患交办给我");
    json_decref(row);
}

void t_main(void)
{
    test_public();
    if (sodium_init() < 0)
        abort();
    test_urls();
    test_backoff();
    test_signatures();
    test_bodies();
}
