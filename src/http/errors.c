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
    /* reports, campaigns, assessment, public */
    [XE_CAMP_PUBLISHED] = {"state", "专项行动已发布"},
    [XE_CAMP_NOT_OPEN] = {"state", "只有进行中的专项行动可以结束"},
    [XE_CAMP_SUBMIT_SHUT] = {"state", "该任务已通过审核或行动已结束，不能提交"},
    [XE_CAMP_REVIEWED] = {"state", "该报送已被审核"},
    [XE_INSP_PUBLISHED] = {"conflict", "该督查已发布"},
    [XE_YCARD_LIFTED] = {"conflict", "该黄牌警告已撤销"},
    [XE_YCARD_LIFT_EARLY] = {"invalid", "撤销日期不能早于警告日期"},
    [XE_ASSESS_NO_RUN] = {"conflict", "本单位该年度没有待定稿的考核结果（未计算或已定稿）"},
    [XE_TIPOFF_DECIDED] = {"conflict", "该举报已处理过"},
    [XE_TIPOFF_NOT_ACCEPTED] = {"invalid", "只能奖励已受理（查实）的举报"},
    [XE_BULLETIN_ISSUED] = {"conflict", "通报已发布，不能再修改"},
    [XE_BULLETIN_TAKEN] = {"conflict", "通报已由他人发布"},
    [XE_ASSESS_IND_EMPTY] = {"invalid", "考核指标应为非空数组"},
    [XE_ASSESS_IND_TOO_MANY] = {"invalid", "考核指标过多"},
    [XE_ASSESS_IND_UNKNOWN] = {"invalid", "未知的考核指标代码"},
    [XE_ASSESS_IND_DUP] = {"invalid", "考核指标重复"},
    [XE_ASSESS_IND_WEIGHT] = {"invalid", "指标权重应为 0 到 100 之间的数"},
    [XE_ASSESS_IND_UNWEIGHTED] = {"invalid", "黄牌警告、问责扣分与一票否决不占权重（权重应为 0）"},
    [XE_ASSESS_IND_MEASURE] = {"invalid", "问责扣分标准应为 0 到 100 之间的数"},
    [XE_ASSESS_IND_PER] = {"invalid", "扣分标准应为 0 到 100 之间的数"},
    [XE_ASSESS_IND_SUM] = {"invalid", "各指标权重之和应为 100"},
    /* end: reports, campaigns, assessment, public */
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
