/*
 * push.c - /api/v1/push-channels and /push-outbox: an org's push channels
 * (企业微信 / 钉钉 group robots, a signed webhook, an SMS gateway, SMTP email)
 * configured by its admin, and the status of their outbox.
 *
 * Secrets (robot webhook addresses, which carry their key; signing secrets;
 * the gateway token; the SMTP password) are stored but never answered: a
 * channel shows "secrets": {"url": "已设置"} instead, and a PATCH that omits
 * a secret keeps it. Access follows the route table (push.manage over the
 * channel's org); another subtree's channel answers 404.
 */
#include "core/compat.h"
#include "api/api_push.h"
#include "domain/push.h"
#include "store/store_msg.h"
#include "store/store_push.h"

/* Which body fields a channel kind takes, which are required and which are
 * kept secret. */
/* The settings of each kind; which are secrets: push_field_is_secret. */
static const struct kfield {
    const char *kind, *field;
    bool required;
} kfields[] = {
    {"wecom", "url", true},       {"dingtalk", "url", true},      {"dingtalk", "secret", true},
    {"webhook", "url", true},     {"webhook", "secret", true},    {"sms", "url", true},
    {"sms", "template", true},    {"sms", "token", false},        {"email", "smtp_url", true},
    {"email", "mail_from", true}, {"email", "smtp_user", false},  {"email", "smtp_password", false},
};
static const char *const setting_fields[] = {"url",      "secret",    "template",      "token",
                                             "smtp_url", "smtp_user", "smtp_password", "mail_from"};
static const char *const field_zh[] = {"推送地址", "签名密钥",   "请求体模板", "网关令牌",
                                       "SMTP 服务器", "SMTP 用户名", "SMTP 密码", "发件人地址"};
static const char *const kind_codes[] = {"wecom", "dingtalk", "webhook", "sms", "email", NULL};

/* A member given with a value (the validator lets null stand for absent). */
static json_t *given(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_null(v) ? NULL : v;
}

static const struct kfield *kfield_of(const char *kind, const char *field)
{
    for (size_t i = 0; i < XA_ARRAY_LEN(kfields); i++)
        if (strcmp(kfields[i].kind, kind) == 0 && strcmp(kfields[i].field, field) == 0)
            return &kfields[i];
    return NULL;
}

static const char *zh_of(const char *field)
{
    for (size_t i = 0; i < XA_ARRAY_LEN(setting_fields); i++)
        if (strcmp(setting_fields[i], field) == 0)
            return field_zh[i];
    return field;
}

#define SETTINGS                                                                                   \
    {"url", V_STR, false, 0, 500, NULL}, {"secret", V_STR, false, 0, 200, NULL},                  \
        {"template", V_STR, false, 0, 2000, NULL}, {"token", V_STR, false, 0, 200, NULL},          \
        {"smtp_url", V_STR, false, 0, 500, NULL}, {"smtp_user", V_STR, false, 0, 200, NULL},       \
        {"smtp_password", V_STR, false, 0, 200, NULL}, {"mail_from", V_STR, false, 0, 254, NULL}

const struct vfield push_create_spec[] = {
    {"org_id", V_INT, true, 1, INT64_MAX, NULL},
    {"kind", V_STR, true, 0, 0, kind_codes},
    {"name", V_STR, true, 1, 40, NULL},
    {"enabled", V_BOOL, false, 0, 0, NULL},
    {"msg_kinds", V_ARR, false, 0, 40, NULL},
    {"max_tries", V_INT, false, 1, 20, NULL},
    SETTINGS,
};
const struct vfield push_update_spec[] = {
    {"name", V_STR, false, 1, 40, NULL},
    {"enabled", V_BOOL, false, 0, 0, NULL},
    {"msg_kinds", V_ARR, false, 0, 40, NULL},
    {"max_tries", V_INT, false, 1, 20, NULL},
    SETTINGS,
};

int api_push_channel_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_push_channel_locate(s, id, path, len);
}

int api_push_outbox_locate(struct store *s, int64_t id, char *path, size_t len)
{
    return store_push_outbox_locate(s, id, path, len);
}

/* The channel as answered (domain/push.h). Takes row (stolen). */
static json_t *channel_public(json_t *row)
{
    return push_channel_public(row);
}

int api_push_kinds(struct req *r)
{
    json_t *ch = json_array(), *mk = json_array();
    for (const struct push_name *p = push_channel_kinds; p->code; p++)
        json_array_append_new(ch, json_pack("{s:s, s:s}", "code", p->code, "name", p->zh));
    for (const struct push_name *p = push_msg_kinds; p->code; p++)
        if (strcmp(p->code, "push_test") != 0)
            json_array_append_new(mk, json_pack("{s:s, s:s}", "code", p->code, "name", p->zh));
    return http_json(r, 200, json_pack("{s:o, s:o}", "channel_kinds", ch, "msg_kinds", mk));
}

int api_push_channel_list(struct req *r)
{
    json_t *items = store_push_channel_list(r->store, &r->scope, r->org_id ? r->org_path : NULL);
    if (!items)
        return http_store_error(r);
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o) json_decref(channel_public(json_incref(o)));
    return http_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total",
                                       (json_int_t)json_array_size(items)));
}

/*
 * Checks the body against the channel kind and merges it into config and
 * secret (objects owned by the caller, holding the current values on an
 * update). 0, or -1 after an error answer.
 */
static int read_settings(struct req *r, const char *kind, json_t *config, json_t *secret)
{
    static const char *const http_schemes[] = {"https", "http", NULL};
    static const char *const smtp_schemes[] = {"smtp", "smtps", NULL};
    for (size_t i = 0; i < XA_ARRAY_LEN(setting_fields); i++) {
        const char *f = setting_fields[i];
        json_t *v = given(r->json, f);
        if (!v)
            continue;
        const struct kfield *kf = kfield_of(kind, f);
        const struct push_name *kn = push_name_find(push_channel_kinds, kind);
        if (!kf)
            return http_error(r, 422, "invalid", f, "%s渠道不使用“%s”", kn ? kn->zh : "",
                              zh_of(f)),
                   -1;
        const char *s = json_string_value(v);
        if (*s) {
            bool ok = true;
            const char *why = "";
            if (strcmp(f, "url") == 0) {
                ok = push_url_ok(s, http_schemes);
                why = "推送地址应以 https:// 或 http:// 开头，且不含空格";
            } else if (strcmp(f, "smtp_url") == 0) {
                ok = push_url_ok(s, smtp_schemes);
                why = "SMTP 服务器应写成 smtp://主机:端口 或 smtps://主机:端口";
            } else if (strcmp(f, "mail_from") == 0) {
                ok = push_email_ok(s);
                why = "发件人地址格式不正确";
            } else if (strcmp(f, "template") == 0) {
                ok = push_template_ok(s);
                why = "请求体模板必须包含 {phone} 和 {text}";
            }
            if (!ok)
                return http_error(r, 422, "invalid", f, "%s", why), -1;
        }
        json_t *into = push_field_is_secret(kf->kind, kf->field) ? secret : config;
        if (*s)
            json_object_set(into, f, v);
        else
            json_object_del(into, f);
    }
    for (size_t i = 0; i < XA_ARRAY_LEN(kfields); i++) {
        if (strcmp(kfields[i].kind, kind) != 0 || !kfields[i].required)
            continue;
        json_t *into = push_field_is_secret(kind, kfields[i].field) ? secret : config;
        if (!json_object_get(into, kfields[i].field))
            return http_error(r, 422, "required", kfields[i].field, "请填写%s",
                              zh_of(kfields[i].field)),
                   -1;
    }
    return 0;
}

/* msg_kinds: a list of known kinds, no repeats; into *out as JSON text. */
static int read_kinds(struct req *r, char **out)
{
    json_t *a = given(r->json, "msg_kinds");
    size_t i, j;
    json_t *v;
    json_array_foreach(a, i, v) {
        const char *k = json_string_value(v);
        const struct push_name *m = k ? push_name_find(push_msg_kinds, k) : NULL;
        if (!json_is_string(v))
            return http_error(r, 400, "invalid_type", "msg_kinds", "消息类型应为文字"), -1;
        if (!m || strcmp(k, "push_test") == 0)
            return http_error(r, 422, "invalid", "msg_kinds", "未知的消息类型：%s", k), -1;
        for (j = 0; j < i; j++)
            if (strcmp(json_string_value(json_array_get(a, j)), k) == 0)
                return http_error(r, 422, "invalid", "msg_kinds", "消息类型重复：%s", m->zh),
                       -1;
    }
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    *out = arena_strdup(r->arena, s ? s : "[]");
    free(s);
    return 0;
}

static char *dump(struct req *r, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    char *out = arena_strdup(r->arena, s ? s : "{}");
    free(s);
    return out;
}

int api_push_channel_create(struct req *r)
{
    if (VALIDATE(r, r->json, push_create_spec))
        return 0;
    struct push_channel_in in = {.org_id = r->org_id, .org_path = r->org_path};
    in.kind = api_str(r->json, "kind");
    in.name = api_str(r->json, "name");
    json_t *en = given(r->json, "enabled");
    in.enabled = en ? json_is_true(en) : true;
    in.max_tries = given(r->json, "max_tries") ? api_int(r->json, "max_tries") : 8;
    char *kinds = NULL;
    if (read_kinds(r, &kinds))
        return 0;
    in.msg_kinds_json = kinds;
    json_t *config = json_object(), *secret = json_object();
    int rc = read_settings(r, in.kind, config, secret);
    in.config_json = dump(r, config);
    in.secret_json = dump(r, secret);
    json_decref(config);
    json_decref(secret);
    if (rc)
        return 0;
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_push_channel_create(&c, &in, &after) < 0)
        return api_fail(r, &c);
    return api_commit(r, &c, 201, after);
}

int api_push_channel_get(struct req *r)
{
    json_t *row = store_push_channel_get(r->store, r->id);
    if (!row)
        return store_errclass(r->store) ? http_store_error(r)
                                        : http_error(r, 404, "not_found", NULL, "推送渠道不存在");
    return http_json(r, 200, channel_public(row));
}

int api_push_channel_update(struct req *r)
{
    if (VALIDATE(r, r->json, push_update_spec))
        return 0;
    /* merged over the channel as it is; the change reads it again, locked */
    json_t *row = store_push_channel_get(r->store, r->id);
    if (!row)
        return store_errclass(r->store) ? http_store_error(r)
                                        : http_error(r, 404, "not_found", NULL, "推送渠道不存在");
    struct push_channel_in in = {0};
    in.kind = json_string_value(json_object_get(row, "kind"));
    const char *name = api_str(r->json, "name");
    in.name = name ? name : json_string_value(json_object_get(row, "name"));
    json_t *en = given(r->json, "enabled");
    in.enabled = en ? json_is_true(en) : json_is_true(json_object_get(row, "enabled"));
    in.max_tries = given(r->json, "max_tries") ? api_int(r->json, "max_tries")
                                               : api_int(row, "max_tries");
    char *kinds = NULL;
    if (given(r->json, "msg_kinds")) {
        if (read_kinds(r, &kinds)) {
            json_decref(row);
            return 0;
        }
    } else {
        kinds = dump(r, json_object_get(row, "msg_kinds"));
    }
    in.msg_kinds_json = kinds;
    json_t *config = json_deep_copy(json_object_get(row, "config"));
    json_t *secret = json_deep_copy(json_object_get(row, "secret"));
    if (!json_is_object(config))
        json_decref(config), config = json_object();
    if (!json_is_object(secret))
        json_decref(secret), secret = json_object();
    int rc = read_settings(r, in.kind, config, secret);
    in.config_json = dump(r, config);
    in.secret_json = dump(r, secret);
    json_decref(config);
    json_decref(secret);
    struct change c;
    if (rc || api_begin(r, &c)) {
        json_decref(row);
        return 0;
    }
    json_t *after = NULL;
    rc = store_push_channel_update(&c, r->id, &in, &after);
    json_decref(row); /* in.kind and in.name may point into it */
    if (rc)
        return api_fail(r, &c);
    return api_commit(r, &c, 200, after);
}

int api_push_channel_delete(struct req *r)
{
    struct change c;
    if (api_begin(r, &c))
        return 0;
    if (store_push_channel_delete(&c, r->id))
        return api_fail(r, &c);
    return api_commit(r, &c, 200,
                      json_pack("{s:I, s:b}", "id", (json_int_t)r->id, "deleted", 1));
}

/* A real message to the caller, marked for this channel only: it travels
 * the whole way (message, fan-out, outbox, delivery) like any other. */
int api_push_channel_test(struct req *r)
{
    if (r->json && json_object_size(r->json))
        return http_error(r, 400, "unknown_field", json_object_iter_key(json_object_iter(r->json)),
                          "发送测试消息不需要请求体字段");
    json_t *ch = store_push_channel_get(r->store, r->id);
    if (!ch)
        return store_errclass(r->store) ? http_store_error(r)
                                        : http_error(r, 404, "not_found", NULL, "推送渠道不存在");
    const char *kind = json_string_value(json_object_get(ch, "kind"));
    if (!json_is_true(json_object_get(ch, "enabled"))) {
        json_decref(ch);
        return http_error(r, 409, "conflict", "enabled", "渠道已停用，请先启用再发送测试消息");
    }
    json_t *me = store_user_get(r->store, r->user->id);
    if (!me) {
        json_decref(ch);
        return http_store_error(r);
    }
    const char *phone = api_str(me, "phone");
    bool no_email = strcmp(kind, "email") == 0 && !push_email_ok(api_str(me, "email"));
    bool no_phone = strcmp(kind, "sms") == 0 && !(phone && *phone);
    json_decref(me);
    if (no_email || no_phone) {
        json_decref(ch);
        return no_email
                   ? http_error(r, 422, "required", "email",
                                "你的账号没有填写邮箱，无法接收测试邮件")
                   : http_error(r, 422, "required", "phone",
                                "你的账号没有填写手机号，无法接收测试短信");
    }
    char title[200], body[300];
    snprintf(title, sizeof(title), "推送测试：%s", json_string_value(json_object_get(ch, "name")));
    snprintf(body, sizeof(body), "这是一条校安推送测试消息，收到即说明“%s”配置正确。",
             json_string_value(json_object_get(ch, "name")));
    struct msg_in m = {.user_id = r->user->id,
                       .org_id = api_int(ch, "org_id"),
                       .org_path = r->obj_path,
                       .kind = "push_test",
                       .title = title,
                       .body = body,
                       .link = "/push-channels",
                       .entity = "push_channel",
                       .entity_id = r->id,
                       .at = r->now};
    json_decref(ch);
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_push_channel_test(&c, r->id, &m, &after) < 0)
        return api_fail(r, &c);
    int ret = api_commit(r, &c, 202, after);
    if (r->status == 202)
        push_jobs_kick();
    return ret;
}

int api_push_outbox_list(struct req *r)
{
    static const char *const states[] = {"pending", "sent", "dead", NULL};
    const char *state = http_query(r, "state");
    if (state && *state) {
        bool ok = false;
        for (const char *const *s = states; *s; s++)
            ok = ok || strcmp(*s, state) == 0;
        if (!ok)
            return http_error(r, 400, "invalid", "state", "状态只能是 pending、sent 或 dead");
    } else {
        state = NULL;
    }
    struct page pg;
    if (http_page(r, &pg))
        return 0;
    json_t *ch = channel_public(store_push_channel_get(r->store, r->id));
    if (!ch)
        return store_errclass(r->store) ? http_store_error(r)
                                        : http_error(r, 404, "not_found", NULL, "推送渠道不存在");
    json_t *list = store_push_outbox_list(r->store, r->id, state, &pg);
    if (!list) {
        json_decref(ch);
        return http_store_error(r);
    }
    json_object_set_new(list, "channel", ch);
    return http_json(r, 200, list);
}

int api_push_outbox_retry(struct req *r)
{
    if (r->json && json_object_size(r->json))
        return http_error(r, 400, "unknown_field", json_object_iter_key(json_object_iter(r->json)),
                          "重试不需要请求体字段");
    struct change c;
    if (api_begin(r, &c))
        return 0;
    json_t *after = NULL;
    if (store_push_outbox_retry(&c, r->id, &after))
        return api_fail(r, &c);
    int ret = api_commit(r, &c, 200, after);
    if (r->status == 200)
        push_jobs_kick();
    return ret;
}
