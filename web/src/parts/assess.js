/* Screens of supervision and yearly assessment.
 * routes: children of the signed-in layout (meta.title, meta.perm as in
 * router.js); publicRoutes: reachable signed out (meta.public: true);
 * menu: groups or entries appended to the left menu (see menu.js);
 * messages: merged into the zh-CN / en message tables. Do not import
 * i18n/index.js here (it imports this file). */
import { View, Trophy, Stamp } from '@element-plus/icons-vue'

export const routes = [
  { path: 'inspections', name: 'inspections', component: () => import('../views/InspectView.vue'), meta: { title: 'menu.inspections', perm: 'inspect.read' } },
  { path: 'assessment', name: 'assessment', component: () => import('../views/AssessView.vue'), meta: { title: 'menu.assessment', perm: 'assess.read' } },
  { path: 'accountability', name: 'accountability', component: () => import('../views/AccountabilityView.vue'), meta: { title: 'menu.accountability', perm: 'inspect.read' } }
]
export const publicRoutes = []
export const menu = [
  {
    group: 'menu.assessGroup',
    items: [
      { path: '/inspections', title: 'menu.inspections', icon: View, perm: 'inspect.read' },
      { path: '/assessment', title: 'menu.assessment', icon: Trophy, perm: 'assess.read' },
      { path: '/accountability', title: 'menu.accountability', icon: Stamp, perm: 'inspect.read' }
    ]
  }
]

const zh = {
  menu: { assessGroup: '督查考核', inspections: '督查督办', assessment: '考核评估', accountability: '问责追责' },
  acc: {
    pageTitle: '问责追责', pageSub: '上级教育局对下级单位及其人员的问责记录：约谈、通报、诫勉、处分、责令停办/停业整顿；计入年度考核',
    create: '记录问责', allYears: '全部年度', measure: '问责方式', who: '被问责对象', unitItself: '单位问责', reason: '问责事由',
    decision: '决定文号与日期', decisionNo: '决定文号', date: '决定日期', by: '决定单位', unit: '被问责单位', person: '被问责人',
    personTitle: '职务', target: '问责对象', incident: '关联事件', hazard: '关联隐患', inspection: '关联督查', detail: '问责详情',
    personPh: '姓名', titlePh: '如：分管安全副校长', reasonPh: '写明失职失责的事实和依据', noPh: '不填则按本局文号自动编号',
    created: '已记录问责，文号 {no}',
    t: { person: '人员', unit: '单位' },
    m: { interview: '约谈', notice: '通报', admonish: '诫勉', sanction: '处分', suspend: '责令停办/停业整顿' }
  },
  asx: {
    c: {
      org: '单位', school: '学校', schools: '学校', bureau: '组织单位', date: '日期', title: '标题', reason: '事由',
      state: '状态', actions: '操作', create: '新建', save: '保存', cancel: '取消', saved: '已保存', created: '已创建',
      content: '内容', category: '类别', view: '查看', pickSchool: '请选择学校', none: '无'
    },
    tab: { inspections: '督查检查', interviews: '约谈', cards: '黄牌警告', notices: '通报' },
    insp: {
      pageTitle: '督查督办', pageSub: '督查（含暗查暗访）、约谈、黄牌警告、通报批评与通报表扬',
      create: '新建督查', createTitle: '新建督查', kind: '方式', group: '督查组成员', groupPh: '姓名，用逗号或顿号分隔',
      targets: '督查学校', findings: '发现问题', findingCount: '问题数', summary: '督查总结', publish: '发布督查结果',
      publishConfirm: '发布后，被督查学校即可看到本次督查发现的问题，暗访问题同时生成隐患进入整改闭环。确定发布？',
      published: '已发布', addFinding: '登记问题', grade: '隐患等级', createHazard: '生成隐患进入整改闭环',
      hazardPending: '发布后生成隐患', hazard: '隐患', noFindings: '暂无发现问题', covertHint: '暗访：发布前学校看不到本次督查及其问题',
      photos: '照片', findingAdded: '问题已登记'
    },
    kind: { regular: '常规督查', covert: '暗访' },
    state: { draft: '未发布', published: '已发布' },
    grade: { general: '一般隐患', major: '重大隐患' },
    iv: {
      create: '记录约谈', createTitle: '记录约谈', interviewee: '约谈对象', intTitle: '职务', record: '约谈记录',
      followUp: '跟踪落实', done: '已落实', pending: '待落实', markDone: '标记已落实', by: '约谈单位'
    },
    card: {
      create: '发出黄牌警告', createTitle: '发出黄牌警告', issued: '警告日期', lift: '撤销警告', liftTitle: '撤销黄牌警告',
      liftReason: '撤销理由', lifted: '撤销日期', by: '警告单位'
    },
    cardState: { active: '警告中', lifted: '已撤销' },
    notice: {
      create: '发布通报', createTitle: '发布通报', kind: '类型', entries: '通报对象', person: '相关人员', issuer: '发布单位',
      units: '被通报单位'
    },
    noticeKind: { criticism: '通报批评', commendation: '通报表扬' },
    as: {
      pageTitle: '考核评估', pageSub: '按年度考核指标计分：隐患闭环、逾期、周报、演练、教育、事故扣分、黄牌、问责；发生亡人事故或经上级教育局认定治理不力、造成严重负面影响的一票否决',
      addVeto: '一票否决', vetoTitle: '一票否决（须写明事实和依据）', vetoKind: '否决事由', vetoes: '一票否决记录',
      vetoBy: '决定单位', vetoWhy: '否决原因', vetoConfirm: '一票否决将使该单位本年度考核结果为不合格，并记入审计日志。确定？',
      vetoReasonPh: '写明认定治理不力或造成严重负面影响的事实、依据和文件',
      year: '年度', region: '考核范围', compute: '计算考核结果', recompute: '重新计算', finalize: '定稿',
      finalizeConfirm: '定稿后本年度考核结果不能再重新计算或加减分。确定定稿？', computed: '已计算', final: '已定稿',
      runInfo: '计算时间 {t}', noRun: '本年度尚未计算考核结果', scheme: '考核指标', weight: '分值', rule: '计分规则',
      schoolRank: '学校排名', countyRank: '县（区）排名', rank: '名次', score: '得分', result: '结果', detail: '分项得分',
      adjust: '加减分', adjustments: '人工加减分', addAdjust: '加减分', adjustTitle: '人工加减分', points: '分值（负数为扣分）',
      county: '所属县（区）', mean: '学校平均分', vetoSchools: '否决学校数', deathsN: '死亡 {n} 人', vetoesN: '教育局否决 {n} 项', inherited: '沿用上级 / 默认方案',
      own: '本单位方案', facts: '依据数据', computedOk: '考核结果已计算', finalizedOk: '已定稿'
    },
    result: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格', veto: '不合格（一票否决）', vetoShort: '否决' },
    vetoKind: { ineffective: '治理不力', negative_impact: '造成严重负面影响' },
    ind: {
      hazard_closure: '隐患整改闭环率', overdue: '隐患逾期', weekly_reports: '周报按时报送', drills: '应急演练达标',
      education: '安全教育课时达标', incidents: '安全事故扣分', yellow_cards: '黄牌警告', accountability: '问责扣分', veto: '一票否决'
    },
    rule: {
      hazard_closure: '分值 × 已整改销号数 / 本年发现数', overdue: '每起逾期扣 {per} 分，扣完为止',
      weekly_reports: '分值 × 按时报送周数 / 应报周数（迟报折半）', drills: '分值 × 已演练期数 / 应演练期数',
      education: '分值 × 达标班级学期数 / 应达标数', incidents: '一般 {g} 分、较大 {l} 分、重大 {m} 分、特别重大 {e} 分每起，扣完为止',
      yellow_cards: '每张黄牌从总分扣 {per} 分',
      accountability: '每起问责从总分扣分：约谈 {i} 分、通报 {n} 分、诫勉 {a} 分、处分 {s} 分、责令停办/停业整顿 {u} 分',
      veto: '本年发生亡人事故，或上级教育局认定治理不力、造成严重负面影响的，考核不合格'
    }
  }
}

const en = {
  menu: { assessGroup: 'Supervision & assessment', inspections: 'Inspections', assessment: 'Assessment', accountability: 'Accountability' },
  acc: {
    pageTitle: 'Accountability', pageSub: 'Who below was held accountable, with which measure; counted in the yearly assessment',
    create: 'Record', allYears: 'All years', measure: 'Measure', who: 'Held accountable', unitItself: 'the unit', reason: 'Reason',
    decision: 'Decision', decisionNo: 'Decision no.', date: 'Decision date', by: 'Decided by', unit: 'Unit', person: 'Person',
    personTitle: 'Position', target: 'Target', incident: 'Incident', hazard: 'Hazard', inspection: 'Inspection', detail: 'Record',
    personPh: 'Name', titlePh: 'e.g. vice-principal for safety', reasonPh: 'The facts and the basis', noPh: 'Blank: numbered by the bureau',
    created: 'Recorded as {no}',
    t: { person: 'Person', unit: 'Unit' },
    m: { interview: 'Interview', notice: 'Notice', admonish: 'Admonition', sanction: 'Sanction', suspend: 'Suspension' }
  },
  asx: {
    c: {
      org: 'Org', school: 'School', schools: 'Schools', bureau: 'Bureau', date: 'Date', title: 'Title', reason: 'Reason',
      state: 'State', actions: 'Actions', create: 'New', save: 'Save', cancel: 'Cancel', saved: 'Saved', created: 'Created',
      content: 'Content', category: 'Category', view: 'View', pickSchool: 'Pick a school', none: 'None'
    },
    tab: { inspections: 'Inspections', interviews: 'Interviews', cards: 'Yellow cards', notices: 'Notices' },
    insp: {
      pageTitle: 'Supervision', pageSub: 'Inspections (incl. covert), interviews, yellow cards, criticism and commendation',
      create: 'New inspection', createTitle: 'New inspection', kind: 'Kind', group: 'Inspection group', groupPh: 'Names, comma separated',
      targets: 'Schools inspected', findings: 'Findings', findingCount: 'Findings', summary: 'Summary', publish: 'Publish results',
      publishConfirm: 'Once published the schools see the findings; covert findings become hazards. Publish?',
      published: 'Published', addFinding: 'Add finding', grade: 'Hazard grade', createHazard: 'Create a hazard (closed loop)',
      hazardPending: 'Hazard on publish', hazard: 'Hazard', noFindings: 'No findings yet', covertHint: 'Covert: hidden from the schools until published',
      photos: 'Photos', findingAdded: 'Finding added'
    },
    kind: { regular: 'Regular', covert: 'Covert' },
    state: { draft: 'Draft', published: 'Published' },
    grade: { general: 'General', major: 'Major' },
    iv: {
      create: 'Record interview', createTitle: 'Record interview', interviewee: 'Interviewee', intTitle: 'Position', record: 'Record',
      followUp: 'Follow-up', done: 'Done', pending: 'Pending', markDone: 'Mark done', by: 'Bureau'
    },
    card: {
      create: 'Issue yellow card', createTitle: 'Issue yellow card', issued: 'Issued', lift: 'Lift', liftTitle: 'Lift yellow card',
      liftReason: 'Reason for lifting', lifted: 'Lifted', by: 'Issued by'
    },
    cardState: { active: 'Active', lifted: 'Lifted' },
    notice: {
      create: 'Publish notice', createTitle: 'Publish notice', kind: 'Kind', entries: 'Named', person: 'People', issuer: 'Issued by',
      units: 'Units named'
    },
    noticeKind: { criticism: 'Criticism', commendation: 'Commendation' },
    as: {
      pageTitle: 'Assessment', pageSub: 'Yearly scores from documented indicators; a fatal accident or a bureau\'s reasoned veto fails the result',
      addVeto: 'Veto', vetoTitle: 'One-vote veto (with the facts)', vetoKind: 'Ground', vetoes: 'Vetoes',
      vetoBy: 'Decided by', vetoWhy: 'Why vetoed', vetoConfirm: 'The unit fails this year\'s assessment; the veto is audited. Continue?',
      vetoReasonPh: 'The facts and the basis of the decision',
      year: 'Year', region: 'Region', compute: 'Compute', recompute: 'Recompute', finalize: 'Finalise',
      finalizeConfirm: 'After finalising the year cannot be recomputed or adjusted. Finalise?', computed: 'Computed', final: 'Final',
      runInfo: 'Computed {t}', noRun: 'Not computed for this year yet', scheme: 'Indicators', weight: 'Points', rule: 'Rule',
      schoolRank: 'School ranking', countyRank: 'County ranking', rank: 'Rank', score: 'Score', result: 'Result', detail: 'Per indicator',
      adjust: 'Adjust', adjustments: 'Manual adjustments', addAdjust: 'Adjust', adjustTitle: 'Manual adjustment', points: 'Points (negative = deduction)',
      county: 'County', mean: 'School mean', vetoSchools: 'Vetoed schools', deathsN: '{n} dead', vetoesN: '{n} bureau vetoes', inherited: 'Inherited / default scheme',
      own: 'Own scheme', facts: 'Figures', computedOk: 'Scores computed', finalizedOk: 'Finalised'
    },
    result: { excellent: 'Excellent', good: 'Good', pass: 'Pass', fail: 'Fail', veto: 'Fail (veto)', vetoShort: 'Veto' },
    vetoKind: { ineffective: 'Ineffective governance', negative_impact: 'Serious negative impact' },
    ind: {
      hazard_closure: 'Hazard closure rate', overdue: 'Overdue hazards', weekly_reports: 'Weekly reports on time', drills: 'Drill compliance',
      education: 'Education hours', incidents: 'Incidents', yellow_cards: 'Yellow cards', accountability: 'Accountability', veto: 'One-vote veto'
    },
    rule: {
      hazard_closure: 'points × closed / found this year', overdue: '−{per} per overdue hazard, floor 0',
      weekly_reports: 'points × on-time weeks / weeks due (late counts half)', drills: 'points × periods drilled / periods due',
      education: 'points × compliant class-terms / due', incidents: '−{g} general, −{l} larger, −{m} major, −{e} especially major, floor 0',
      yellow_cards: '−{per} from the total per card',
      accountability: '−{i} interview, −{n} notice, −{a} admonition, −{s} sanction, −{u} suspension, per record',
      veto: 'a death this year or a bureau\'s reasoned veto fails the unit'
    }
  }
}

export const messages = { 'zh-CN': zh, en }
