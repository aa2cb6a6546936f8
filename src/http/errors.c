/*
 * errors.c - the one place a typed error (core/err.def) becomes an HTTP
 * answer: its status (from its kind), the API's error code and the
 * message a user reads. Every code in err.def has a line here;
 * tests/unit/test_change.c fails otherwise.
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
    /* accounts, orgs, risk, responsibilities */
    [XE_CATEGORY_EXISTS] = {"conflict", "分类代码已存在（含已停用的分类）"},
    [XE_CATEGORY_NOT_FOUND] = {"not_found", "分类不存在"},
    [XE_CATEGORY_KEPT] = {"invalid", "“其他”分类不能停用"},
    [XE_CHECKLIST_TEMPLATE_NOT_FOUND] = {"not_found", "清单模板不存在"},
    [XE_RESP_TEMPLATE_NOT_FOUND] = {"not_found", "责任清单模板不存在"},
    [XE_LETTER_NOT_ADDRESSEE] = {"forbidden", "只有责任书的接收人本人可以签署"},
    [XE_LETTER_SIGNED] = {"conflict", "该责任书已经签署"},
    [XE_LETTER_SIGNED_KEPT] = {"conflict", "已签署的责任书不能撤回"},
    [XE_ZONE_POINT_TAKEN] = {"conflict", "风险点已划入其他网格"},
    /* closed loop */
    [XE_HAZARD_BAD_ACTION] = {"bad_action", "未知的操作"},
    [XE_HAZARD_FORBIDDEN_ROLE] = {"forbidden_role", "当前角色无权对该隐患执行此操作"},
    [XE_HAZARD_NOT_RECTIFIER] = {"not_rectifier", "只有被指派的整改责任人可以执行此操作"},
    [XE_HAZARD_SYSTEM_ONLY] = {"system_only", "超期升级只能由系统自动执行"},
    [XE_HAZARD_VERIFIER_IS_RECTIFIER] = {"verifier_is_rectifier", "验收人不能是该隐患的整改责任人"},
    [XE_HAZARD_VERIFIER_IS_SUBMITTER] = {"verifier_is_submitter", "验收人不能是提交整改的人"},
    [XE_HAZARD_SUPERVISED_CLOSE] = {"supervised_close",
                                    "挂牌督办的隐患须由督办单位（或其上级）确认销号"},
    [XE_HAZARD_DOWNGRADE_ROLE] = {"downgrade_needs_bureau", "重大隐患降级须经督办的教育局审核同意"},
    [XE_HAZARD_BAD_STATE] = {"bad_state", "隐患当前状态不允许此操作"},
    [XE_HAZARD_NOT_MAJOR] = {"not_major", "此操作仅适用于重大隐患"},
    [XE_HAZARD_ALREADY_SUPERVISED] = {"already_supervised", "该隐患已挂牌督办"},
    [XE_HAZARD_ALREADY_APPROVED] = {"already_approved", "该隐患的整改方案已批准"},
    [XE_HAZARD_NOT_OVERDUE] = {"not_overdue", "隐患未超期，无需升级"},
    [XE_HAZARD_ESCALATION_MAX] = {"escalation_max", "隐患已升级至最高层级"},
    [XE_HAZARD_NOT_OFF_CAMPUS] = {"not_off_campus",
                                  "只有校园周边（校外）的隐患可以移交其他部门，校内隐患须由学校整改"},
    [XE_HAZARD_ALREADY_NOTICED] = {"already_noticed", "该隐患已下发整改通知书"},
    [XE_HAZARD_ALREADY_CONCLUDED] = {"already_concluded", "该移交隐患已记录处理结果"},
    [XE_HAZARD_FIVE_MISSING] = {"five_implementations_missing",
                                "重大隐患须先落实责任人、整改时限、整改措施、整改资金和应急预案（五落实）"},
    [XE_HAZARD_PLAN_NOT_APPROVED] = {"plan_not_approved",
                                     "重大隐患整改方案须经校长批准后方可开始整改"},
    [XE_HAZARD_SAFEGUARDS_MISSING] = {"safeguards_missing", "重大隐患须先落实整改期间的防范措施"},
    [XE_HAZARD_RECTIFIER_REQUIRED] = {"required", "请指定整改责任人"},
    [XE_HAZARD_DEADLINE_REQUIRED] = {"required", "重大隐患须明确整改时限"},
    [XE_HAZARD_DEADLINE_PAST] = {"deadline_in_past", "整改时限不能早于当前时间"},
    [XE_HAZARD_PHOTOS_REQUIRED] = {"photos_required", "请至少上传一张整改后照片"},
    [XE_HAZARD_SUBMIT_NOTE_REQUIRED] = {"required", "请填写整改情况说明"},
    [XE_HAZARD_CLOSE_NOTE_REQUIRED] = {"required", "请填写销号说明"},
    [XE_HAZARD_REJECT_REASON_REQUIRED] = {"required", "请填写验收不通过的原因"},
    [XE_HAZARD_REOPEN_REASON_REQUIRED] = {"required", "请填写重新整改的原因"},
    [XE_HAZARD_RECHECK_REASON_REQUIRED] = {"required", "请填写复查不合格的原因"},
    [XE_HAZARD_DEPARTMENT_REQUIRED] = {"required", "请填写移交的责任部门"},
    [XE_HAZARD_CONTACT_REQUIRED] = {"required", "请填写接收部门的联系人及电话"},
    [XE_HAZARD_FOLLOW_UP_REQUIRED] = {"required", "请填写跟踪回访日期"},
    [XE_HAZARD_FOLLOW_UP_PAST] = {"invalid", "跟踪回访日期不能早于今天"},
    [XE_HAZARD_OUTCOME_REQUIRED] = {"required", "请填写移交部门的处理结果"},
    [XE_HAZARD_GRADE_REQUIRED] = {"required", "请选择新的隐患等级"},
    [XE_HAZARD_GRADE_SAME] = {"invalid", "新的隐患等级与当前等级相同"},
    [XE_HAZARD_DOWNGRADE_REASON_REQUIRED] = {"required", "重大隐患降级须填写理由"},
    [XE_HAZARD_ONSPOT_MAJOR] = {"invalid", "重大隐患不能立行立改，须挂牌督办并按五落实整改"},
    [XE_HAZARD_ONSPOT_BEFORE_REQUIRED] = {"required", "立行立改须上传整改前照片"},
    [XE_HAZARD_ONSPOT_AFTER_REQUIRED] = {"required", "立行立改须上传整改后照片"},
    [XE_HAZARD_FIVE_RESPONSIBLE_MISSING] = {"required", "五落实未完成：请落实整改责任人"},
    [XE_HAZARD_FIVE_MEASURES_MISSING] = {"required", "五落实未完成：请填写整改措施"},
    [XE_HAZARD_FIVE_FUNDS_MISSING] = {"required", "五落实未完成：整改资金未落实"},
    [XE_HAZARD_FIVE_DEADLINE_MISSING] = {"required", "五落实未完成：请确定整改时限"},
    [XE_HAZARD_FIVE_PLAN_MISSING] = {"required", "五落实未完成：请制定整改方案和应急预案"},
    [XE_HAZARD_FIVE_PERSON_REQUIRED] = {"required",
                                        "请从本校教职工中选择整改责任人，或填写责任人姓名和电话"},
    [XE_HAZARD_FIVE_PHONE_INVALID] = {"invalid", "请填写责任人的联系电话（7 至 20 位数字）"},
    [XE_HAZARD_NOT_FOUND] = {"not_found", "隐患不存在"},
    [XE_HAZARD_CHANGED] = {"conflict", "该隐患已被其他人修改，请刷新后重试"},
    [XE_HAZARD_NOT_SCHOOL] = {"invalid", "隐患必须登记在学校下"},
    [XE_HAZARD_TITLE_REQUIRED] = {"required", "请填写隐患名称"},
    [XE_HAZARD_GRADE_INVALID] = {"invalid", "隐患等级应为 general 或 major"},
    [XE_HAZARD_SOURCE_INVALID] = {"invalid", "未知的隐患来源"},
    [XE_HAZARD_CATEGORY_INVALID] = {"invalid", "未知的隐患类别"},
    [XE_HAZARD_RISK_POINT_INVALID] = {"invalid", "风险点不存在或不属于该学校"},
    [XE_HAZARD_PATROL_RECORD_INVALID] = {"invalid", "巡查记录不存在或不属于该学校"},
    [XE_HAZARD_PHOTO_INVALID] = {"invalid", "照片不存在或不属于该学校"},
    [XE_HAZARD_RECTIFIER_INVALID] = {"invalid", "整改责任人必须是该学校或其上级的在职人员"},
    [XE_HAZARD_FIVE_NOT_MAJOR] = {"not_major", "五落实仅适用于重大隐患"},
    [XE_HAZARD_FIVE_CLOSED] = {"bad_state", "隐患已结束，不能再修改五落实"},
    [XE_HAZARD_FIVE_RESPONSIBLE_ID_INVALID] = {"invalid", "整改责任人须是本校在职教职工"},
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
    /* programme, ledgers, resources, work, push */
    [XE_ROSTER_PUBLISHED] = {"published", "值班表已报送，不能再修改"},
    [XE_INCIDENT_WRITTEN] = {"already_written", "该事件已提交书面报告"},
    [XE_PUSH_NOT_DEAD] = {"conflict", "只有进入死信的推送才能重试"},
    [XE_MESSAGE_NOT_FOUND] = {"not_found", "消息不存在"},
    [XE_REMIND_NOT_OPEN] = {"state", "该隐患已不在整改流程中，无需催办"},
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
