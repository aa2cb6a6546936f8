/*
 * errors.c - the one place a typed error (core/err.def) becomes an HTTP
 * answer: its status (from its kind), the API's error code and the
 * message a user reads. Every code in err.def has a line here;
 * tests/unit/test_errors.c fails otherwise.
 */
#include "core/compat.h"
#include "http/http.h"

static const struct {
    const char *code;    /* the API's "code" */
    const char *message; /* what the user reads */
} T[XE__COUNT] = {
    [XE_NONE] = {"ok", "成功"},
    [XE_STORE] = {"internal", "服务器内部错误"},
    [XE_NESTED_TX] = {"internal", "服务器内部错误"},
    [XE_NOT_FOUND] = {"not_found", "对象不存在"},
    [XE_FORBIDDEN] = {"forbidden", "无权执行此操作"},
    [XE_CONFLICT] = {"conflict", "当前状态不允许此操作"},
    [XE_STALE] = {"conflict", "数据已被其他人修改，请刷新后重试"},
    [XE_INVALID] = {"invalid", "填写的内容不正确"},
    [XE_REQUIRED] = {"required", "请填写必填项"},
    /* truthful records */
    [XE_TRUTH_FLAG_NOT_FOUND] = {"not_found", "该提示不存在"},
    [XE_TRUTH_RULE] = {"not_found", "没有这条规则"},
    [XE_TRUTH_PARAM] = {"invalid", "规则参数不在允许的范围内"},
    [XE_TRUTH_VERDICT] = {"invalid", "核查结论只能是“已核实”或“误报”"},
};

int http_error_status(enum xa_err e)
{
    switch (xa_err_kind(e)) {
    case XK_NONE:
        return 200;
    case XK_NOT_FOUND:
        return 404;
    case XK_FORBIDDEN:
        return 403;
    case XK_CONFLICT:
    case XK_STALE:
        return 409;
    case XK_INVALID:
        return 422;
    case XK_STORE:
        break;
    }
    return 500;
}

const char *http_error_code(enum xa_err e)
{
    return (unsigned)e < XE__COUNT && T[e].code ? T[e].code : NULL;
}

const char *http_error_message(enum xa_err e)
{
    return (unsigned)e < XE__COUNT && T[e].message ? T[e].message : NULL;
}

int http_fail(struct req *r, const struct xa_error *e)
{
    if (!e || xa_err_kind(e->code) == XK_STORE || xa_err_kind(e->code) == XK_NONE)
        return http_store_error(r);
    const char *code = http_error_code(e->code), *msg = http_error_message(e->code);
    return http_error(r, http_error_status(e->code), code ? code : "invalid", e->field, "%s",
                      msg ? msg : "请求无法完成");
}
