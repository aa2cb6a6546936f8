/* Screens of campaigns (专项行动) and special-period plans.
 * routes: children of the signed-in layout (meta.title, meta.perm as in
 * router.js); publicRoutes: reachable signed out (meta.public: true);
 * menu: groups or entries appended to the left menu (see menu.js);
 * messages: merged into the zh-CN / en message tables. Do not import
 * i18n/index.js here (it imports this file). */
import { Aim, Finished } from '@element-plus/icons-vue'

export const routes = [
  { path: 'campaigns', name: 'campaigns', component: () => import('../views/CampaignsView.vue'), meta: { title: 'menu.campaigns', perm: 'campaign.read' } },
  { path: 'campaigns/:id(\\d+)', name: 'campaign', component: () => import('../views/CampaignView.vue'), meta: { title: 'menu.campaigns', perm: 'campaign.read' } },
  { path: 'campaign-tasks', name: 'campaign-tasks', component: () => import('../views/CampaignTasksView.vue'), meta: { title: 'menu.campaignTasks', perm: 'campaign.read' } }
]
export const publicRoutes = []
export const menu = [
  {
    group: 'menu.campaign',
    items: [
      { path: '/campaigns', title: 'menu.campaigns', icon: Aim, perm: 'campaign.read' },
      { path: '/campaign-tasks', title: 'menu.campaignTasks', icon: Finished, perm: 'campaign.read' }
    ]
  }
]

const zh = {
  menu: { campaign: '专项行动', campaigns: '专项行动', campaignTasks: '任务填报与审核' },
  camp: {
    listTitle: '专项行动', listSub: '专项行动和特殊时期工作方案：分阶段部署任务，下发到辖区每所学校，跟踪进度、审核报送、总结评估',
    create: '新建行动', createTitle: '新建专项行动', editTitle: '编辑专项行动（草稿）',
    kindLabel: '类型', stateLabel: '状态', title: '名称', titlePh: '如：2026 年防溺水专项行动',
    org: '发起单位', categories: '重点领域', period: '行动期限', description: '工作要求', progress: '进度',
    schools: '学校', tasks: '任务', done: '已报送', accepted: '已通过', returned: '已退回', pending: '未报送',
    late: '迟报', overdue: '逾期未报', due: '已到期', pct: '完成率', acceptedPct: '通过率',
    stages: '阶段与任务', stage: '阶段', stageName: '阶段名称', addStage: '添加阶段', removeStage: '删除阶段',
    task: '任务', addTask: '添加任务', removeTask: '删除', taskTitle: '任务名称', requirement: '报送要求',
    dueDate: '截止日期', needText: '需文字说明', needPhoto: '需上传照片', countFields: '统计项',
    countPh: '统计项名称，如：发现隐患', addCount: '添加统计项', hazardCounts: '隐患排查统计（发现/整改）',
    stage1: '动员部署', stage2: '排查整治', stage3: '总结评估',
    saveDraft: '保存草稿', publish: '发布下发', publishConfirm: '发布后将向辖区内每所学校下发全部任务，且不能再修改阶段和任务。确定发布？',
    published: '已发布，下发任务 {n} 条', close: '结束行动', closeTitle: '结束行动并总结', closeConfirm: '结束后学校不能再报送。',
    closed: '行动已结束', del: '删除草稿', delConfirm: '删除这个草稿？', deleted: '已删除', edit: '编辑',
    tabProgress: '进度', tabStages: '阶段与任务', tabReview: '报送审核', tabSummary: '总结',
    region: '单位', drill: '下钻', school: '学校', upLevel: '返回上级',
    summary: '工作总结', summaryPh: '行动开展情况、成效、问题和下一步措施', saveSummary: '保存总结', summarySaved: '总结已保存',
    figures: '统计数据', countTotals: '学校报送的统计合计', reports: '{n} 份报送', noCounts: '本行动没有统计项',
    noCampaigns: '暂无专项行动', noTasks: '暂无任务', period2: '{a} ～ {b}',
    myTasks: '任务填报', reviewQueue: '报送审核', stateFilter: '状态', campaignFilter: '专项行动',
    submit: '填报', resubmit: '重新报送', submitTitle: '报送：{t}', text: '文字说明', textPh: '开展情况、措施、成效',
    photos: '照片', submitted: '已报送', lateHint: '已过截止日期，报送将记为迟报', returnedReason: '退回原因：{r}',
    returnBtn: '退回', acceptBtn: '通过', returnTitle: '退回报送', returnReason: '退回原因', returnPh: '请说明需要补充或修改的内容',
    returnedOk: '已退回', acceptedOk: '已通过', history: '报送记录', submissions: '第 {n} 次报送',
    viewDetail: '查看', closedHint: '行动已结束，不能再报送', dueOn: '截止 {d}', schoolCol: '学校',
    fromTo: '{a} 至 {b}', drafts: '草稿', allKinds: '全部类型', search: '搜索名称', lateTag: '迟报',
    overdueTag: '逾期', countsOf: '统计', noSubmissions: '尚无报送', by: '报送人', reviewer: '审核人',
    reviewNote: '审核意见', totalTasks: '下发任务', sumCol: '合计', reportsCol: '报送份数', needRoster: '需关联值班表', roster: '值班表', rosterPh: '选择本校已报送的值班表', noRosters: '没有已报送的值班表，请先在“值班值守”中报送'
  },
  campKind: { campaign: '专项行动', special_period: '特殊时期方案' },
  campState: { draft: '草稿', published: '进行中', closed: '已结束' },
  campTaskState: { pending: '未报送', submitted: '待审核', returned: '已退回', accepted: '已通过', overdue: '逾期未报' },
  campOutcome: { none: '待审核', returned: '退回', accepted: '通过' }
}

const en = {
  menu: { campaign: 'Campaigns', campaigns: 'Campaigns', campaignTasks: 'Tasks and review' },
  camp: {
    listTitle: 'Campaigns', listSub: 'Special actions and special-period plans: staged tasks pushed to every school, progress, review and summary',
    create: 'New campaign', createTitle: 'New campaign', editTitle: 'Edit campaign (draft)',
    kindLabel: 'Kind', stateLabel: 'State', title: 'Title', titlePh: 'e.g. Drowning prevention 2026',
    org: 'Bureau', categories: 'Categories', period: 'Period', description: 'Requirements', progress: 'Progress',
    schools: 'Schools', tasks: 'Tasks', done: 'Submitted', accepted: 'Accepted', returned: 'Returned', pending: 'Not submitted',
    late: 'Late', overdue: 'Overdue', due: 'Due', pct: 'Done', acceptedPct: 'Accepted',
    stages: 'Stages and tasks', stage: 'Stage', stageName: 'Stage name', addStage: 'Add stage', removeStage: 'Remove stage',
    task: 'Task', addTask: 'Add task', removeTask: 'Remove', taskTitle: 'Task', requirement: 'Requirement',
    dueDate: 'Due date', needText: 'Text required', needPhoto: 'Photo required', countFields: 'Counts',
    countPh: 'Count name, e.g. hazards found', addCount: 'Add count', hazardCounts: 'Hazard counts (found / rectified)',
    stage1: 'Deployment', stage2: 'Investigation and rectification', stage3: 'Summary and evaluation',
    saveDraft: 'Save draft', publish: 'Publish', publishConfirm: 'Publishing pushes every task to every school and freezes stages and tasks. Publish?',
    published: 'Published, {n} tasks pushed', close: 'Close', closeTitle: 'Close and summarise', closeConfirm: 'Schools cannot submit after closing.',
    closed: 'Closed', del: 'Delete draft', delConfirm: 'Delete this draft?', deleted: 'Deleted', edit: 'Edit',
    tabProgress: 'Progress', tabStages: 'Stages and tasks', tabReview: 'Review', tabSummary: 'Summary',
    region: 'Org', drill: 'Drill down', school: 'School', upLevel: 'Up',
    summary: 'Summary', summaryPh: 'What was done, results, problems, next steps', saveSummary: 'Save summary', summarySaved: 'Summary saved',
    figures: 'Figures', countTotals: 'Counts reported by schools', reports: '{n} reports', noCounts: 'No counts in this campaign',
    noCampaigns: 'No campaigns', noTasks: 'No tasks', period2: '{a} – {b}',
    myTasks: 'My tasks', reviewQueue: 'Review', stateFilter: 'State', campaignFilter: 'Campaign',
    submit: 'Submit', resubmit: 'Resubmit', submitTitle: 'Submit: {t}', text: 'Text', textPh: 'What was done, measures, results',
    photos: 'Photos', submitted: 'Submitted', lateHint: 'Past the due date: this submission counts as late', returnedReason: 'Returned: {r}',
    returnBtn: 'Return', acceptBtn: 'Accept', returnTitle: 'Return submission', returnReason: 'Reason', returnPh: 'What needs to be added or fixed',
    returnedOk: 'Returned', acceptedOk: 'Accepted', history: 'Submissions', submissions: 'Submission {n}',
    viewDetail: 'View', closedHint: 'Campaign closed, no more submissions', dueOn: 'Due {d}', schoolCol: 'School',
    fromTo: '{a} to {b}', drafts: 'Drafts', allKinds: 'All kinds', search: 'Search title', lateTag: 'Late',
    overdueTag: 'Overdue', countsOf: 'Counts', noSubmissions: 'No submissions yet', by: 'By', reviewer: 'Reviewer',
    reviewNote: 'Note', totalTasks: 'Tasks pushed', sumCol: 'Total', reportsCol: 'Reports', needRoster: 'Duty roster required', roster: 'Duty roster', rosterPh: 'Pick a published duty roster of the school', noRosters: 'No published roster: publish one under Duty first'
  },
  campKind: { campaign: 'Campaign', special_period: 'Special period' },
  campState: { draft: 'Draft', published: 'In progress', closed: 'Closed' },
  campTaskState: { pending: 'Not submitted', submitted: 'Awaiting review', returned: 'Returned', accepted: 'Accepted', overdue: 'Overdue' },
  campOutcome: { none: 'Awaiting review', returned: 'Returned', accepted: 'Accepted' }
}

export const messages = { 'zh-CN': zh, en }
