/* Words of the hazard closed loop held to the seeds' rules (issue 12):
 * 挂牌督办, 催办, 整改通知书, 移交跟踪, 立行立改, 待交办超时, ledger filters,
 * honest patrol and 五落实 forms. Messages only (no screens of its own). */
export const routes = []
export const publicRoutes = []
export const menu = []

const zh = {
  hazardAction: {
    urge: '催办', notice: '下发整改通知书', regrade: '调整隐患等级', conclude: '记录移交处理结果',
    overdue: '超期', recheck_due: '到期回头看', five: '更新五落实'
  },
  loop: {
    assignOverdue: '待交办超时', assignDeadline: '交办时限', delisted: '已摘牌', rectifyOverdue: '整改超期', awaitBureau: '待督办单位销号',
    tracking: '已移交·跟踪中', concluded: '移交已办结', superviseTitle: '挂牌督办', superviseOrg: '督办单位',
    superviseDeadline: '督办期限', superviseReq: '督办要求', noticeNo: '通知书文号', noticeOrg: '下发单位',
    noticeAt: '下发日期', noticePdf: '整改通知书', urgeCount: '催办次数', forwardTitle: '移交跟踪',
    contact: '接收部门联系人及电话', contactPh: '如：王科长 0730-1234567', followUp: '跟踪回访日期',
    outcome: '处理结果', outcomePh: '接收部门的处理结果，如：已取缔占道摊点，回访无反弹', onspot: '立行立改',
    onspotHint: '当场已整改：须上传整改前、整改后照片，由他人验收', afterPhotos: '整改后照片', fixNote: '整改情况',
    newGrade: '新的隐患等级', downgradeHint: '重大隐患降级须经督办的教育局同意并说明理由',
    reasonRequired: '降级理由', urgeNote: '催办要求', urgePh: '如：请于本周五前完成学生分流',
    unclosed: '未销号', mine: '分配给我', foundRange: '发现日期', from: '开始日期', to: '结束日期',
    sortUrgency: '按紧急程度', sortNew: '按上报时间', offCampus: '校园周边（校外）',
    fiveStaff: '从本校教职工中选择', fiveOrName: '或填写姓名和电话', fivePhone: '责任人电话',
    fundsUnset: '未落实', fundsSet: '已落实金额', fundsHint: '“未落实”与 0 元不同：0 元表示无需资金',
    fiveMissing: '尚未落实：{items}', fiveFields: { responsible: '责任人', measures: '整改措施', funds: '整改资金', deadline: '整改时限', plan: '整改方案和应急预案' },
    answerEach: '请逐项选择检查结果（没有默认答案）', unanswered: '还有 {n} 项未作答',
    allPassConfirm: '确认以上 {n} 项检查全部合格？提交后记录将上报，不可修改。', allPassTitle: '全部合格',
    hazardTitle: '隐患标题（可修改）', notAnswered: '未作答'
  },
  riskReason: {
    current: '当前评价', changed: '风险等级将由“{from}”变为“{to}”，须填写变更理由', reason: '变更理由',
    reasonPh: '如：已加装防护栏，暴露频率降低'
  }
}

const en = {
  hazardAction: {
    urge: 'Urge', notice: 'Issue rectification notice', regrade: 'Change grade', conclude: 'Record outcome',
    overdue: 'Overdue', recheck_due: 'Re-check due', five: 'Five implementations updated'
  },
  loop: {
    assignOverdue: 'Assignment overdue', assignDeadline: 'Assign by', delisted: 'Delisted', rectifyOverdue: 'Rectification overdue', awaitBureau: 'Awaiting bureau sign-off',
    tracking: 'Forwarded, following up', concluded: 'Forwarding concluded', superviseTitle: 'Listed supervision', superviseOrg: 'Supervising bureau',
    superviseDeadline: 'Supervision deadline', superviseReq: 'Requirements', noticeNo: 'Notice number', noticeOrg: 'Issued by',
    noticeAt: 'Issued on', noticePdf: 'Rectification notice', urgeCount: 'Urged', forwardTitle: 'Forwarding follow-up',
    contact: 'Receiving contact', contactPh: 'e.g. Mr Wang 0730-1234567', followUp: 'Follow-up date',
    outcome: 'Outcome', outcomePh: 'What the receiving department did', onspot: 'Fixed on the spot',
    onspotHint: 'Already fixed: before and after photos, verified by someone else', afterPhotos: 'After photos', fixNote: 'What was done',
    newGrade: 'New grade', downgradeHint: 'Downgrading a major hazard needs the supervising bureau and a reason',
    reasonRequired: 'Reason', urgeNote: 'Request', urgePh: 'e.g. finish by Friday',
    unclosed: 'Not closed', mine: 'Assigned to me', foundRange: 'Found', from: 'From', to: 'To',
    sortUrgency: 'By urgency', sortNew: 'Newest first', offCampus: 'Off campus',
    fiveStaff: 'Pick from the school staff', fiveOrName: 'or enter a name and phone', fivePhone: 'Phone',
    fundsUnset: 'Not secured', fundsSet: 'Amount', fundsHint: '"Not secured" differs from 0 (no funds needed)',
    fiveMissing: 'Missing: {items}', fiveFields: { responsible: 'responsible person', measures: 'measures', funds: 'funds', deadline: 'deadline', plan: 'plan' },
    answerEach: 'Choose a result for every item (no default)', unanswered: '{n} items unanswered',
    allPassConfirm: 'Confirm all {n} items passed?', allPassTitle: 'All passed',
    hazardTitle: 'Hazard title (editable)', notAnswered: 'Unanswered'
  },
  riskReason: {
    current: 'Current assessment', changed: 'The level changes from {from} to {to}: give a reason', reason: 'Reason',
    reasonPh: 'e.g. guard rail installed'
  }
}

export const messages = { 'zh-CN': zh, en }
