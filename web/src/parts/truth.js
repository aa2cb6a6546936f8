/* Truthful records (issue 19): the bureau's 需关注 list of schools whose
 * records look faked (走过场 / 弄虚作假), each signal with its evidence, the
 * review (已核实 / 误报), the rules with their false-flag rates and settings;
 * the school's side lists the signals about itself with an explanation form.
 * (See parts/assess.js for what each export means.) */
import { Aim } from '@element-plus/icons-vue'

export const routes = [
  { path: 'truth', name: 'truth', component: () => import('../views/TruthView.vue'), meta: { title: 'menu.truth', perm: 'inspect.read' } }
]
export const publicRoutes = []
export const menu = [
  {
    group: 'menu.truthGroup',
    items: [
      { path: '/truth', title: 'menu.truth', icon: Aim, perm: 'inspect.read' }
    ]
  }
]

const zh = {
  menu: { truthGroup: '真实性核查', truth: '需关注' },
  truth: {
    title: '需关注',
    sub: '从巡查、整改、照片和报送记录中发现可能的走过场、弄虚作假迹象。每条提示只是线索和证据，不是结论：请核实后标记“已核实”或“误报”，学校可以填写说明。',
    schoolTitle: '本校数据提示',
    schoolSub: '系统从本校的巡查、整改、照片和报送记录中发现以下情况，教育局可能会核实。如有合理原因，请填写说明。',
    allOrgs: '本辖区全部学校', openHazard: '查看隐患', openEarlier: '查看此前使用处', days: '时间范围', d30: '近30天', d90: '近90天', d365: '近一年',
    recompute: '重新计算', computed: '已重新计算：发现 {n} 条线索（用时 {ms} 毫秒）',
    empty: '暂无需关注的学校', emptySchool: '本校暂无提示',
    rank: '第 {n} 位', score: '关注分', signals: '{n} 条线索', kinds: '{n} 类',
    confirmedN: '已核实 {n}', openN: '待核实 {n}',
    plan: '安排暗查暗访', planTitle: '安排暗查暗访', planOk: '已创建暗查暗访计划',
    inspTitle: '标题', inspDate: '检查日期', inspGroup: '检查组成员', inspGroupPh: '用逗号分隔姓名',
    inspTitleDefault: '{school}暗查暗访',
    review: '核查', confirm: '已核实', falseFlag: '误报', reviewNote: '核查意见', reviewOk: '已记录核查结论',
    explain: '填写说明', explainPh: '请说明情况（例如：二维码张贴位置、夜间值班巡查等）', explainOk: '说明已提交',
    explanation: '学校说明', reviewNoteLabel: '核查意见', by: '{name} 于 {at}',
    st: { open: '待核实', confirmed: '已核实', false: '误报' },
    evidence: '证据', photos: '照片对比', earlierPhoto: '此前使用', thisPhoto: '本次',
    rules: '规则与误报率', rule: '规则', enabled: '启用', params: '参数', falseRate: '误报率',
    counts: '待核实 / 已核实 / 误报', disabled: '已停用', edit: '设置', saved: '已保存', noRate: '—',
    onlyRoot: '规则设置由省级（根节点）教育部门管理',
    patrolRule: '真实记录提示：扫码时间以服务器时间为准。相邻两个点位之间的时间应不少于步行所需（约每点30秒加步行时间），非工作时间（22时至次日6时）的巡查或扫码后超过24小时才上传的记录，会提示教育局关注。',
    r: {
      photo_near_dup: '照片疑似重复使用',
      patrol_too_fast: '巡查速度不合常理',
      patrol_off_hours: '非工作时间巡查',
      patrol_late_submit: '巡查延迟上传',
      rectify_too_fast: '整改验收过快',
      after_before_assign: '整改照片早于交办',
      after_shared: '多条隐患共用整改照片',
      all_pass_months: '长期巡查全部合格',
      hazard_rate_low: '隐患数远低于同类学校',
      reports_bulk: '周报集中补报',
      incident_late: '事故报告超时'
    },
    rd: {
      photo_near_dup: '照片与此前在其他隐患、其他巡查、其他学校使用过的照片几乎相同（经压缩、裁剪、调亮后仍能识别），或整改前照片被当作整改后照片。',
      patrol_too_fast: '相邻两个点位的打卡间隔短于“每点检查时间 + 两点距离 ÷ 步行速度”。',
      patrol_off_hours: '一次巡查中有多个点位在非工作时间打卡。',
      patrol_late_submit: '扫码时间与上传时间相差过久。',
      rectify_too_fast: '从交办到验收的时间短于该等级隐患的下限。',
      after_before_assign: '整改后照片的拍摄时间（相机记录）早于隐患交办时间。',
      after_shared: '同一张照片作为多条隐患的整改后照片。',
      all_pass_months: '连续多个月的巡查项全部合格（寒暑假无巡查的月份不计）。',
      hazard_rate_low: '近一年每百名学生的隐患数远低于同类型、同规模学校的中位数。',
      reports_bulk: '多期周报在很短时间内集中报送。',
      incident_late: '事故快报或书面报告超过规定时限。'
    },
    p: {
      max_bits: '最大差异位数（64位中）', min_point_s: '每点检查至少（秒）', walk_mps: '步行速度（米/秒）',
      campus_m: '校园平面图长边（米）', min_fast_steps: '过快段数达到', day_start_h: '工作开始（时）',
      day_end_h: '工作结束（时）', min_points: '非工作时间点位数达到', max_hours: '上传时限（小时）',
      general_min: '一般隐患下限（分钟）', major_h: '重大隐患下限（小时）', slack_min: '相机时钟容差（分钟）',
      months: '连续月数达到', min_records: '期间巡查记录至少', ratio: '低于中位数的比例', min_peers: '可比学校至少',
      min_reports: '集中报送份数达到', window_h: '时间窗口（小时）'
    },
    use: { before: '整改前照片', after: '整改后照片', patrol: '巡查照片' },
    ev: {
      before_as_after: '隐患的整改后照片与整改前照片几乎相同（差异 {d}/64 位）',
      other_hazard: '{use}与另一条隐患此前使用的照片几乎相同（差异 {d}/64 位，{at}）',
      other_patrol: '{use}与另一次巡查此前使用的照片几乎相同（差异 {d}/64 位，{at}）',
      other_school: '{use}与{school}此前使用的照片几乎相同（差异 {d}/64 位，{at}）',
      samePhoto: '（同一张照片）',
      tooFast: '{who}自 {at} 起巡查 {n} 个点位共用时 {span}，其中 {fast} 段间隔短于步行所需；最短一段 {from} → {to} 仅 {gap} 秒，至少需要 {need} 秒',
      offHours: '{who}在 {at} 的巡查有 {n} 个点位在非工作时间（{start} 时前或 {end} 时后）打卡',
      late: '{who}在 {at} 的巡查有 {n} 个点位扫码后 {h} 小时才上传（时限 {max} 小时）',
      rectify: '隐患“{title}”于 {assigned} 交办，{verified} 即验收通过，用时 {took} 分钟（下限 {floor} 分钟）',
      samePerson: '；整改人与验收人为同一人',
      afterEarly: '隐患“{title}”的整改后照片拍摄于 {taken}，早于交办时间 {assigned}',
      shared: '隐患“{title}”的整改后照片与隐患“{other}”（{school}）的整改后照片相同',
      allPass: '{from} 至 {to} 连续 {months} 个月巡查全部合格，共 {records} 条记录',
      rateLow: '近一年隐患 {hazards} 条，每百名学生 {rate} 条；同类同规模学校（{peers} 所）中位数 {median} 条',
      bulk: '{n} 期周报（{periods}）于 {at} 起 {w} 小时内集中报送，截止时间 {deadline}',
      incident: '事故“{title}”发生于 {occurred}，{parts}',
      quickLate: '快报 {reported} 超时（应在 {due} 前）',
      writtenLate: '书面报告{written}（应在 {due} 前）',
      writtenMissing: '尚未提交',
      week: '第{n}周',
      min: '{n} 分钟', sec: '{n} 秒'
    }
  }
}
const en = {
  menu: { truthGroup: 'Truthful records', truth: 'Watch list' },
  truth: {
    title: 'Watch list', sub: 'Signals of faked or perfunctory records, with evidence. A signal is a lead, not a verdict.',
    schoolTitle: 'Signals about this school', schoolSub: 'The bureau may check these. Explain where there is a reason.',
    allOrgs: 'All schools', openHazard: 'Open hazard', openEarlier: 'Open earlier use', days: 'Period', d30: '30 days', d90: '90 days', d365: 'One year', recompute: 'Recompute', computed: '{n} signals ({ms} ms)',
    empty: 'No school to watch', emptySchool: 'No signals', rank: '#{n}', score: 'Score', signals: '{n} signals', kinds: '{n} kinds',
    confirmedN: '{n} confirmed', openN: '{n} open', plan: 'Plan covert inspection', planTitle: 'Covert inspection', planOk: 'Inspection created',
    inspTitle: 'Title', inspDate: 'Date', inspGroup: 'Group', inspGroupPh: 'Names, comma separated', inspTitleDefault: '{school} covert inspection',
    review: 'Review', confirm: 'Confirmed', falseFlag: 'False flag', reviewNote: 'Note', reviewOk: 'Review saved',
    explain: 'Explain', explainPh: 'What happened', explainOk: 'Explanation sent', explanation: 'School\'s explanation', reviewNoteLabel: 'Review', by: '{name}, {at}',
    st: { open: 'Open', confirmed: 'Confirmed', false: 'False flag' }, evidence: 'Evidence', photos: 'Photos', earlierPhoto: 'Earlier', thisPhoto: 'This',
    rules: 'Rules and false-flag rates', rule: 'Rule', enabled: 'On', params: 'Parameters', falseRate: 'False rate', counts: 'Open / confirmed / false', disabled: 'Off',
    edit: 'Settings', saved: 'Saved', noRate: '—', onlyRoot: 'Rules are set by the root bureau',
    patrolRule: 'Check-in times are server times. Points checked faster than walking allows, at night, or uploaded over 24 h late are shown to the bureau.'
  }
}
export const messages = { 'zh-CN': zh, en }
