/* Screens of safety education, emergency plans and drills, duty rosters, incident reports.
 * routes: children of the signed-in layout (meta.title, meta.perm as in
 * router.js); publicRoutes: reachable signed out (meta.public: true);
 * menu: groups or entries appended to the left menu (see menu.js);
 * messages: merged into the zh-CN / en message tables. Do not import
 * i18n/index.js here (it imports this file). */
import { Reading, AlarmClock, Calendar, Bell } from '@element-plus/icons-vue'

export const routes = [
  { path: 'education', name: 'education', component: () => import('../views/EducationView.vue'), meta: { title: 'menu.education', perm: 'education.read' } },
  { path: 'drills', name: 'drills', component: () => import('../views/DrillsView.vue'), meta: { title: 'menu.drills', perm: 'drill.read' } },
  { path: 'duty', name: 'duty', component: () => import('../views/DutyView.vue'), meta: { title: 'menu.duty', perm: 'duty.read' } },
  { path: 'incidents', name: 'incidents', component: () => import('../views/IncidentsView.vue'), meta: { title: 'menu.incidents', perm: 'incident.read' } }
]
export const publicRoutes = []
export const menu = [
  {
    group: 'menu.programme',
    items: [
      { path: '/education', title: 'menu.education', icon: Reading, perm: 'education.read' },
      { path: '/drills', title: 'menu.drills', icon: AlarmClock, perm: 'drill.read' },
      { path: '/duty', title: 'menu.duty', icon: Calendar, perm: 'duty.read' },
      { path: '/incidents', title: 'menu.incidents', icon: Bell, perm: 'incident.read' }
    ]
  }
]

const zh = {
  menu: { programme: '安全工作', education: '安全教育', drills: '应急演练', duty: '值班值守', incidents: '突发事件' },
  prog: {
    c: {
      org: '单位', school: '学校', schools: '学校数', region: '区域', rate: '达标率', compliant: '达标', notCompliant: '未达标',
      drill: '下钻', upLevel: '返回上级', current: '当前范围', date: '日期', from: '开始日期', to: '结束日期',
      save: '保存', submit: '提交', saved: '已保存', view: '查看', title: '标题', category: '类别', note: '说明',
      noClasses: '本学期尚无课时记录', schoolOnly: '请选择一所学校'
    },
    edu: {
      pageTitle: '安全教育', pageSub: '每班每学期安全教育不少于 10 课时；主题日、季节性专题一览',
      tabCompliance: '课时达标', tabLessons: '授课记录', tabCalendar: '安全教育日历',
      semester: '学期', semesterOf: '{y} 年{t}', spring: '春季学期', autumn: '秋季学期',
      classes: '班级数', classesRecorded: '有记录班级', classesCompliant: '达标班级', classesMissing: '无记录班级',
      hours: '课时', totalHours: '总课时', classRate: '班级达标率', schoolsCompliant: '达标学校',
      className: '班级', topic: '主题', teacher: '授课教师', lessons: '节数', missingHours: '尚缺课时',
      record: '登记授课', recordTitle: '登记安全教育课', classPh: '如：三年级2班', topicPh: '如：防溺水安全教育',
      created: '已登记', deleteConfirm: '删除这条授课记录？', deleted: '已删除',
      calAdd: '添加日历条目', calTitle: '添加安全教育日历条目', calKind: '类型', calTitleF: '名称', calRange: '起止日期',
      calDesc: '说明', calEmpty: '该时间段没有日历条目', calOwner: '发布单位', month: '{m} 月'
    },
    calKind: { themed_day: '主题日', themed_week: '主题周', themed_month: '主题月', seasonal: '季节性专题', holiday: '节假日' },
    res: {
      tab: '应急资源', teams: '应急队伍', supplies: '应急物资', addTeam: '新建队伍', addSupply: '登记物资',
      teamName: '队伍名称', duties: '职责', members: '成员', memberName: '姓名', memberRole: '分工', memberPhone: '电话',
      addMember: '添加成员', item: '物资名称', quantity: '数量', unit: '单位', place: '存放位置', keeper: '保管人',
      expiry: '有效期至', noExpiry: '长期有效', expired: '已过期', expiring: '30 天内到期', ok: '有效',
      restock: '更新', remove: '删除', saved: '已保存', removed: '已删除', removeConfirm: '确定删除？', owner: '所属单位',
      expiredN: '已过期物资', expiringN: '即将到期物资', teamsN: '应急队伍', suppliesN: '物资种类', people: '{n} 人'
    },
    drill: {
      pageTitle: '应急演练', pageSub: '中小学每月至少一次、幼儿园每季度至少一次；低层建筑 2 分钟内完成疏散',
      tabCompliance: '演练达标', tabRecords: '演练记录', tabPlans: '应急预案',
      year: '年度', cadence: '频次', drills: '演练次数', missed: '缺演练期数', slow: '疏散超时', periods: '各期情况',
      periodsDone: '已完成期数', schoolsCompliant: '达标学校', record: '登记演练', recordTitle: '登记应急演练',
      theme: '演练主题', participants: '参演人数', duration: '演练时长（分钟）', evacuation: '疏散用时（秒）',
      evaluation: '效果评估', rating: '评价', plan: '依据预案', photos: '现场照片', created: '演练已登记',
      evacSlow: '疏散超过 2 分钟', sec: '{n} 秒', min: '{n} 分钟', people: '{n} 人', detail: '演练详情',
      countedMonths: '计入考核的月份', allMonths: '全年各月', monthsInherited: '沿用上级教育局设置', setMonths: '设置计入月份',
      monthsHint: '勾选的月份计入演练达标和年度考核；未勾选的月份（如暑假）不要求演练。默认全年各月。', month: '{m} 月'
    },
    cadence: { monthly: '每月', quarterly: '每季度' },
    periodStatus: { ok: '已演练', missed: '缺', pending: '本期待演练', future: '未到期', exempt: '不计入' },
    drillTheme: {
      earthquake: '地震', fire: '消防疏散', terror: '防恐防暴', school_bus: '校车事故', stampede: '防踩踏',
      epidemic: '传染病疫情', drowning: '防溺水', flood: '防汛', other: '其他'
    },
    drillRating: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' },
    plan: {
      create: '新建预案', createTitle: '新建应急预案', kind: '预案类型', theme: '适用事件', version: '版本',
      content: '预案正文', effective: '生效日期', history: '修订历史', revise: '修订预案', reviseTitle: '修订：{title}',
      reviseNote: '修订说明', created: '预案已创建', revised: '已修订为第 {v} 版', by: '修订人', chars: '{n} 字',
      current: '现行第 {v} 版',
      unit: '所属单位', unitHint: '教育局登记本局的总体应急预案和专项预案；选择学校则登记该校的预案'
    },
    planKind: { overall: '总体预案', special: '专项预案', onsite: '现场处置方案' },
    planTheme: {
      general: '综合', earthquake: '地震', fire: '火灾', terror: '防恐防暴', school_bus: '校车事故', stampede: '踩踏',
      epidemic: '传染病疫情', drowning: '溺水', food: '食品安全', flood: '防汛', other: '其他'
    },
    duty: {
      pageTitle: '值班值守', pageSub: '领导带班、节假日和特殊时期 24 小时值班；值班表在值班期开始前报送教育局，开始后报送记为补报',
      tabRosters: '值班表', tabGaps: '缺口与迟报', create: '新建值班表', createTitle: '新建值班表', kind: '类型',
      period: '值班期', state: '状态', gaps: '缺口', late: '逾期未报送', lateFiled: '补报', publishable: '可报送', publish: '报送教育局',
      publishLateConfirm: '值班期已经开始，本次报送将记为补报。报送后不能再修改，确定报送？',
      published: '已报送', publishedAt: '报送时间', editor: '排班', leader: '带班领导', staff: '值班人员',
      is24h: '24 小时', phone: '值班电话', fill: '按首日补齐', saveSlots: '保存排班', noGaps: '没有缺口，可以报送',
      gapList: '缺口 {n} 处', rosters: '值班表数', withGaps: '有缺口', lateN: '逾期或补报', holidaysUncovered: '假期无值班表',
      holiday: '假期', reason: '原因', publishConfirm: '报送后不能再修改，确定报送？', publishedOk: '已报送教育局',
      created: '值班表已创建', titlePh: '如：2026 年元旦假期值班表', frozen: '已报送，不能修改'
    },
    rosterKind: { routine: '日常', holiday: '节假日', special: '特殊时期' },
    rosterState: { draft: '草稿', published: '已报送' },
    gapReason: { no_slot: '未排班', no_leader: '缺带班领导', not_24h: '未安排 24 小时值班', no_roster: '假期无值班表' },
    incident: {
      pageTitle: '突发事件', pageSub: '先口头快报、后书面报告；迟报、漏报、瞒报自动标记',
      quick: '快报事件', quickTitle: '突发事件快报', grade: '事件等级', state: '状态', occurredAt: '发生时间',
      reportedAt: '报告时间', summary: '简要情况', deaths: '死亡', injuries: '受伤', hazards: '关联隐患',
      quickDue: '快报时限', writtenDue: '书面报告时限', writtenAt: '书面报告时间', written: '书面报告',
      writeReport: '提交书面报告', cause: '事件原因', handling: '处置情况', measures: '整改措施',
      source: '来源', lateOnly: '迟报/漏报', onTime: '按时报送', created: '已快报，请在时限内提交书面报告',
      writtenOk: '书面报告已提交', detail: '事件详情', link: '关联隐患', linkOk: '已关联',
      summaryPh: '时间、地点、经过、伤亡和已采取的措施', titlePh: '如：学生课间摔伤', casualties: '伤亡',
      serious: '其中重伤', accident: '事故',
      gradeRule: '按国家生产安全事故等级自动确定：死亡 3 人以下且重伤 10 人以下为一般；3–9 人或 10–49 人为较大；10–29 人或 50–99 人为重大；30 人以上或 100 人以上为特别重大'
    },
    incidentGrade: { general: '一般', larger: '较大', major: '重大', especially_major: '特别重大' },
    incidentState: { quick: '已快报', written: '已书面报告' },
    incidentFlag: { quick_late: '快报迟报', written_late: '书面迟报', written_missing: '书面漏报', concealed: '瞒报' },
    incidentSource: { school: '学校报送', discovered: '教育局发现' }
  }
}

const en = {
  menu: { programme: 'Safety work', education: 'Education', drills: 'Drills', duty: 'Duty', incidents: 'Incidents' },
  prog: {
    c: {
      org: 'Org', school: 'School', schools: 'Schools', region: 'Region', rate: 'Rate', compliant: 'Compliant', notCompliant: 'Not compliant',
      drill: 'Drill down', upLevel: 'Up', current: 'Scope', date: 'Date', from: 'From', to: 'To',
      save: 'Save', submit: 'Submit', saved: 'Saved', view: 'View', title: 'Title', category: 'Category', note: 'Note',
      noClasses: 'No class hours this semester', schoolOnly: 'Pick a school'
    },
    edu: {
      pageTitle: 'Safety education', pageSub: 'At least 10 class hours per class per semester; themed days and seasonal topics',
      tabCompliance: 'Class hours', tabLessons: 'Lessons', tabCalendar: 'Calendar',
      semester: 'Semester', semesterOf: '{y} {t}', spring: 'spring', autumn: 'autumn',
      classes: 'Classes', classesRecorded: 'Recorded', classesCompliant: 'Compliant classes', classesMissing: 'No record',
      hours: 'Hours', totalHours: 'Total hours', classRate: 'Class rate', schoolsCompliant: 'Compliant schools',
      className: 'Class', topic: 'Topic', teacher: 'Teacher', lessons: 'Lessons', missingHours: 'Missing hours',
      record: 'Record lesson', recordTitle: 'Record a safety lesson', classPh: 'e.g. Grade 3 Class 2', topicPh: 'e.g. Drowning prevention',
      created: 'Recorded', deleteConfirm: 'Delete this lesson?', deleted: 'Deleted',
      calAdd: 'Add entry', calTitle: 'Add a calendar entry', calKind: 'Kind', calTitleF: 'Title', calRange: 'Dates',
      calDesc: 'Description', calEmpty: 'No entries in this period', calOwner: 'Set by', month: 'Month {m}'
    },
    calKind: { themed_day: 'Themed day', themed_week: 'Themed week', themed_month: 'Themed month', seasonal: 'Seasonal', holiday: 'Holiday' },
    res: {
      tab: 'Resources', teams: 'Teams', supplies: 'Supplies', addTeam: 'New team', addSupply: 'Add supply',
      teamName: 'Team', duties: 'Duties', members: 'Members', memberName: 'Name', memberRole: 'Role', memberPhone: 'Phone',
      addMember: 'Add member', item: 'Item', quantity: 'Quantity', unit: 'Unit', place: 'Place', keeper: 'Keeper',
      expiry: 'Expires', noExpiry: 'No expiry', expired: 'Expired', expiring: 'Expiring in 30 days', ok: 'Valid',
      restock: 'Update', remove: 'Remove', saved: 'Saved', removed: 'Removed', removeConfirm: 'Remove?', owner: 'Unit',
      expiredN: 'Expired', expiringN: 'Expiring', teamsN: 'Teams', suppliesN: 'Supplies', people: '{n}'
    },
    drill: {
      pageTitle: 'Emergency drills', pageSub: 'Schools monthly, kindergartens quarterly; evacuate a low building within 2 minutes',
      tabCompliance: 'Compliance', tabRecords: 'Drills', tabPlans: 'Emergency plans',
      year: 'Year', cadence: 'Cadence', drills: 'Drills', missed: 'Missed', slow: 'Slow evacuations', periods: 'Periods',
      periodsDone: 'Done', schoolsCompliant: 'Compliant schools', record: 'Record drill', recordTitle: 'Record a drill',
      theme: 'Theme', participants: 'Participants', duration: 'Duration (min)', evacuation: 'Evacuation (s)',
      evaluation: 'Evaluation', rating: 'Rating', plan: 'Plan', photos: 'Photos', created: 'Drill recorded',
      evacSlow: 'Over 2 minutes', sec: '{n} s', min: '{n} min', people: '{n}', detail: 'Drill',
      countedMonths: 'Counted months', allMonths: 'Every month', monthsInherited: 'set by a bureau above', setMonths: 'Set counted months',
      monthsHint: 'Drills are required and assessed in the ticked months only. Default: every month.', month: 'Month {m}'
    },
    cadence: { monthly: 'Monthly', quarterly: 'Quarterly' },
    periodStatus: { ok: 'Done', missed: 'Missed', pending: 'Due', future: 'Future', exempt: 'Not counted' },
    drillTheme: {
      earthquake: 'Earthquake', fire: 'Fire', terror: 'Terror attack', school_bus: 'School bus', stampede: 'Stampede',
      epidemic: 'Epidemic', drowning: 'Drowning', flood: 'Flood', other: 'Other'
    },
    drillRating: { excellent: 'Excellent', good: 'Good', pass: 'Pass', fail: 'Fail' },
    plan: {
      create: 'New plan', createTitle: 'New emergency plan', kind: 'Kind', theme: 'Theme', version: 'Version',
      content: 'Text', effective: 'Effective', history: 'History', revise: 'Revise', reviseTitle: 'Revise: {title}',
      reviseNote: 'Revision note', created: 'Plan created', revised: 'Now version {v}', by: 'By', chars: '{n} chars',
      current: 'Version {v}',
      unit: 'Unit', unitHint: 'A bureau files its own overall and special plans; pick a school to file the school\'s'
    },
    planKind: { overall: 'Overall', special: 'Special', onsite: 'On-site' },
    planTheme: {
      general: 'General', earthquake: 'Earthquake', fire: 'Fire', terror: 'Terror', school_bus: 'School bus', stampede: 'Stampede',
      epidemic: 'Epidemic', drowning: 'Drowning', food: 'Food safety', flood: 'Flood', other: 'Other'
    },
    duty: {
      pageTitle: 'Duty rosters', pageSub: 'Leader on duty; 24-hour duty on holidays; publish before the period starts',
      tabRosters: 'Rosters', tabGaps: 'Gaps', create: 'New roster', createTitle: 'New roster', kind: 'Kind',
      period: 'Period', state: 'State', gaps: 'Gaps', late: 'Overdue', lateFiled: 'Filed late', publishable: 'Ready', publish: 'Publish',
      publishLateConfirm: 'The period has started; this will be recorded as a late filing. Publish now?',
      published: 'Published', publishedAt: 'Published at', editor: 'Slots', leader: 'Leader', staff: 'Staff',
      is24h: '24 h', phone: 'Phone', fill: 'Copy first day', saveSlots: 'Save slots', noGaps: 'No gaps: ready to publish',
      gapList: '{n} gaps', rosters: 'Rosters', withGaps: 'With gaps', lateN: 'Late', holidaysUncovered: 'Holidays uncovered',
      holiday: 'Holiday', reason: 'Reason', publishConfirm: 'Publishing freezes the roster. Publish?', publishedOk: 'Published',
      created: 'Roster created', titlePh: 'e.g. New Year holiday duty', frozen: 'Published: read only'
    },
    rosterKind: { routine: 'Routine', holiday: 'Holiday', special: 'Special period' },
    rosterState: { draft: 'Draft', published: 'Published' },
    gapReason: { no_slot: 'No slot', no_leader: 'No leader', not_24h: 'Not 24 h', no_roster: 'No roster' },
    incident: {
      pageTitle: 'Incidents', pageSub: 'Quick report first, written report later; late, missing and concealed reports flagged',
      quick: 'Quick report', quickTitle: 'Quick incident report', grade: 'Grade', state: 'State', occurredAt: 'Occurred',
      reportedAt: 'Reported', summary: 'Summary', deaths: 'Deaths', injuries: 'Injuries', hazards: 'Hazards',
      quickDue: 'Quick report due', writtenDue: 'Written report due', writtenAt: 'Written at', written: 'Written report',
      writeReport: 'Written report', cause: 'Cause', handling: 'Handling', measures: 'Measures',
      source: 'Source', lateOnly: 'Late / missing', onTime: 'On time', created: 'Reported; file the written report in time',
      writtenOk: 'Written report filed', detail: 'Incident', link: 'Link hazards', linkOk: 'Linked',
      summaryPh: 'When, where, what happened, casualties, actions taken', titlePh: 'e.g. Pupil fell in the corridor', casualties: 'Casualties',
      serious: 'seriously', accident: '',
      gradeRule: 'Set by the national accident grades from deaths and serious injuries'
    },
    incidentGrade: { general: 'General', larger: 'Larger', major: 'Major', especially_major: 'Especially major' },
    incidentState: { quick: 'Quick', written: 'Written' },
    incidentFlag: { quick_late: 'Late', written_late: 'Written late', written_missing: 'Written missing', concealed: 'Concealed' },
    incidentSource: { school: 'School', discovered: 'Found by bureau' }
  }
}

export const messages = { 'zh-CN': zh, en }
