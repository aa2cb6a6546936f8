/*
 * words.c - code -> Chinese word tables (words.h).
 */
#include "core/compat.h"
#include "domain/words.h"

struct word {
    const char *code, *zh;
};

static const char *lookup(const struct word *w, size_t n, const char *code)
{
    if (!code)
        return "";
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w[i].code, code))
            return w[i].zh;
    return code;
}

#define LOOKUP(table, code) lookup(table, XA_ARRAY_LEN(table), code)

static const struct word hazard_actions[] = {
    {"report", "上报隐患"},       {"create", "上报隐患"},      {"assign", "交办整改"},
    {"start", "开始整改"},        {"submit", "整改完成，提交验收"}, {"verify", "验收通过"},
    {"reject", "验收不通过"},     {"close", "销号"},           {"reopen", "重新打开"},
    {"supervise", "挂牌督办"},    {"approve_plan", "批准整改方案"}, {"forward", "移交相关部门"},
    {"escalate", "超期升级"},     {"recheck", "回头看复查"},   {"five", "落实“五落实”"},
    {"overdue", "整改超期"},      {"recheck_due", "到期待回头看"},
};

static const struct word hazard_states[] = {
    {"reported", "已上报"},  {"assigned", "已交办"}, {"rectifying", "整改中"},
    {"submitted", "待验收"}, {"verified", "已验收"}, {"closed", "已销号"},
    {"forwarded", "已移交"},
};

static const struct word hazard_sources[] = {
    {"patrol", "日常巡查"}, {"self_check", "自查"},   {"inspection", "督查检查"},
    {"covert", "暗查暗访"}, {"whistle", "群众举报"},  {"department", "部门移交"},
    {"other", "其他"},
};

static const struct word audit_actions[] = {
    {"create", "新建"},        {"update", "修改"},       {"delete", "删除"},
    {"login", "登录"},         {"logout", "退出登录"},   {"login_failed", "登录失败"},
    {"publish", "发布"},       {"submit", "提交"},       {"sign", "签订"},
    {"withdraw", "撤回"},      {"close", "关闭"},        {"accept", "受理"},
    {"reject", "退回"},        {"reply", "答复"},        {"reward", "奖励"},
    {"lift", "撤销"},          {"finalize", "定稿"},     {"compute", "计算"},
    {"assess", "评估"},        {"return", "退回"},       {"issue", "签发"},
    {"upload", "上传"},        {"password", "修改密码"}, {"reset_password", "重置密码"},
    {"assign", "交办整改"},    {"start", "开始整改"},    {"verify", "验收通过"},
    {"reopen", "重新打开"},    {"supervise", "挂牌督办"}, {"approve_plan", "批准整改方案"},
    {"forward", "移交相关部门"}, {"escalate", "超期升级"}, {"recheck", "回头看复查"},
    {"five", "落实“五落实”"},  {"report", "上报"},       {"overdue", "整改超期"},
    {"written", "书面报告"},   {"regrade", "重新分级"},  {"link", "关联"},
    {"revise", "修订"},        {"summary", "总结"},
    {"urge", "催办"},          {"notice", "下达整改通知书"}, {"conclude", "记录移交处理结果"},
    {"recheck_due", "到期待回头看"}, {"assign_overdue", "交办超时"}, {"remind", "催办提醒"},
    {"retry", "重新推送"},     {"test", "测试推送"},
    {"explain", "学校说明"},   {"review", "核查认定"},  {"resubmit", "重新提交"},
};

static const struct word entities[] = {
    {"org", "组织机构"},            {"user", "用户"},                {"session", "登录会话"},
    {"hazard", "隐患"},             {"hazard_settings", "隐患治理参数"}, {"category", "隐患类别"},
    {"risk_point", "风险点"},       {"assessment", "风险评估"},      {"checklist", "排查清单"},
    {"checklist_template", "排查清单模板"}, {"patrol_plan", "巡查计划"}, {"patrol", "巡查记录"},
    {"patrol_record", "巡查记录"},  {"photo", "照片"},               {"weekly_report", "周报"},
    {"report_settings", "周报设置"}, {"lesson", "安全教育课"},       {"emergency_plan", "应急预案"},
    {"drill", "应急演练"},          {"duty_roster", "值班表"},       {"incident", "安全事故"},
    {"resp_template", "责任清单模板"}, {"resp_list", "责任清单"},    {"resp_letter", "安全责任书"},
    {"grid_zone", "网格区域"},      {"campaign", "专项行动"},        {"campaign_task", "专项任务"},
    {"campaign_submission", "专项任务报送"}, {"inspection", "督导检查"}, {"inspection_finding", "检查发现问题"},
    {"interview", "约谈"},          {"yellow_card", "黄牌警告"},     {"supervision_notice", "通报"},
    {"assess_scheme", "考核方案"},  {"assess_adjustment", "考核加减分"}, {"assess_run", "考核结果"},
    {"bus", "校车"},                {"driver", "校车驾驶人"},        {"visit", "来访登记"},
    {"assess_veto", "考核一票否决"}, {"emergency_team", "应急队伍"}, {"emergency_supply", "应急物资"},
    {"accountability", "问责"},     {"drill_settings", "演练设置"},  {"push_channel", "推送渠道"},
    {"push_outbox", "推送消息"},    {"truth_flag", "需关注线索"},    {"truth_rule", "线索规则"},
    {"tipoff", "举报"},             {"tipoff_reply", "举报答复"},    {"school_bus", "校车"},
    {"bus_driver", "校车驾驶员"},   {"visitor", "来访登记"},         {"gate_visit", "来访登记"},
    {"petition", "信访"},           {"grading_thresholds", "分级标准"}, {"edu_calendar", "安全教育日历"},
    {"public_url", "对外访问地址"}, {"bulletin", "月通报"},          {"notice", "整改通知书"},
    {"campus_plan", "校园平面图"},
};

const char *words_hazard_action(const char *code) { return LOOKUP(hazard_actions, code); }
const char *words_hazard_state(const char *code) { return LOOKUP(hazard_states, code); }
const char *words_hazard_source(const char *code) { return LOOKUP(hazard_sources, code); }
const char *words_audit_action(const char *code) { return LOOKUP(audit_actions, code); }
const char *words_entity(const char *code) { return LOOKUP(entities, code); }
