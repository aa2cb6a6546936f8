/* Screens of public county page, whistle-blowing, rewards; ledgers.
 * routes: children of the signed-in layout (meta.title, meta.perm as in
 * router.js); publicRoutes: reachable signed out (meta.public: true);
 * menu: groups or entries appended to the left menu (see menu.js);
 * messages: merged into the zh-CN / en message tables. Do not import
 * i18n/index.js here (it imports this file). */
import { ChatLineSquare, Van, User, Postcard, Files } from '@element-plus/icons-vue'

const ledger = () => import('../views/LedgerView.vue')

export const routes = [
  { path: 'tipoffs', name: 'tipoffs', component: () => import('../views/TipoffsView.vue'), meta: { title: 'menu.tipoffs', perm: 'tipoff.read' } },
  { path: 'ledgers/buses', name: 'ledger-buses', component: ledger, props: { kind: 'buses' }, meta: { title: 'menu.ledgerBuses', perm: 'ledger.read' } },
  { path: 'ledgers/drivers', name: 'ledger-drivers', component: ledger, props: { kind: 'drivers' }, meta: { title: 'menu.ledgerDrivers', perm: 'ledger.read' } },
  { path: 'ledgers/visitors', name: 'ledger-visitors', component: ledger, props: { kind: 'visitors' }, meta: { title: 'menu.ledgerVisitors', perm: 'ledger.read' } },
  { path: 'ledgers/petitions', name: 'ledger-petitions', component: ledger, props: { kind: 'petitions' }, meta: { title: 'menu.ledgerPetitions', perm: 'ledger.read' } }
]
export const publicRoutes = [
  { path: '/public/track/:code?', name: 'public-track', component: () => import('../views/PublicTrackView.vue'), meta: { public: true } },
  { path: '/public/:county(\\d{6})', name: 'public-county', component: () => import('../views/PublicCountyView.vue'), meta: { public: true } },
  { path: '/public/:county(\\d{6})/report', name: 'public-report', component: () => import('../views/TipoffReportView.vue'), meta: { public: true } }
]
export const menu = [
  {
    group: 'menu.ledgers',
    items: [
      { path: '/ledgers/buses', title: 'menu.ledgerBuses', icon: Van, perm: 'ledger.read' },
      { path: '/ledgers/drivers', title: 'menu.ledgerDrivers', icon: User, perm: 'ledger.read' },
      { path: '/ledgers/visitors', title: 'menu.ledgerVisitors', icon: Postcard, perm: 'ledger.read' },
      { path: '/ledgers/petitions', title: 'menu.ledgerPetitions', icon: Files, perm: 'ledger.read' },
      { path: '/tipoffs', title: 'menu.tipoffs', icon: ChatLineSquare, perm: 'tipoff.read' }
    ]
  }
]

const zh = {
  menu: {
    ledgers: '台账与举报', ledgerBuses: '校车', ledgerDrivers: '驾驶员', ledgerVisitors: '门卫登记',
    ledgerPetitions: '信访积案', tipoffs: '举报处理'
  },
  pub: {
    brand: '校园安全公开', countyTitle: '{name} 校园重大隐患公开', countySub: '依据校园安全公开制度，公开本县（区）学校重大隐患及整改情况，接受家长和社会监督',
    open: '整改中', closed: '已整改', total: '重大隐患', none: '目前没有公开的重大隐患', school: '学校', category: '类别',
    status: '状态', found: '发现日期', deadline: '整改期限', closedOn: '销号日期', supervised: '挂牌督办',
    report: '我要举报', track: '查询举报进度', trackPh: '输入 12 位查询码', trackGo: '查询', notFound: '没有找到这个县（区）的公开页面',
    reportTitle: '举报校园安全隐患', reportSub: '匿名举报，无需登录。提交后获得查询码，凭码查询处理进度。请如实反映，恶意举报将依法处理。',
    schoolF: '学校', schoolPh: '请选择学校', categoryF: '隐患类别', descF: '问题描述', descPh: '请描述时间、地点和看到的情况（5–2000 字）',
    locationF: '具体位置', locationPh: '如：学校后门、食堂后厨', contactF: '联系方式（选填，仅教育局可见）', contactPh: '电话或邮箱，便于核实和奖励',
    photosF: '照片（最多 3 张）', photoAdd: '拍照/选图', photoFirst: '请先选择学校', submit: '提交举报', submitted: '举报已提交',
    codeTitle: '请保存您的查询码', codeHint: '凭此码查询处理进度，查询码丢失无法找回。', copy: '复制', copied: '已复制',
    goTrack: '查询进度', again: '返回公开页', trackTitle: '举报进度查询', createdAt: '提交时间', reason: '不予受理原因',
    replies: '答复', rewarded: '已奖励', hazardClosed: '整改销号时间', back: '返回', limited: '操作过于频繁，请稍后再试'
  },
  tip: {
    pageTitle: '举报处理', pageSub: '群众匿名举报：核实后受理转为学校隐患，或说明理由不予受理；查实的举报可登记奖励',
    status: { received: '待受理', accepted: '已受理', rejected: '不予受理' },
    code: '查询码', school: '学校', category: '类别', createdAt: '举报时间', contact: '联系方式', description: '问题描述',
    location: '位置', photos: '照片', hazard: '对应隐患', viewHazard: '查看隐患', handledBy: '处理人', reason: '不予受理原因',
    accept: '受理', reject: '不予受理', reply: '答复', reward: '登记奖励', rewarded: '已奖励', grade: '隐患等级',
    grades: { general: '一般隐患', major: '重大隐患' }, title: '隐患名称', titlePh: '默认：群众举报：类别', replyF: '公开答复（举报人可见）',
    reasonF: '不予受理原因（举报人可见）', amount: '奖励金额（元）', date: '奖励日期', note: '备注', accepted: '已受理，已转为学校隐患',
    rejectedMsg: '已不予受理', replied: '已答复', rewardedMsg: '已登记奖励', detail: '举报详情', replies: '答复记录', all: '全部状态',
    publicPage: '公开页'
  },
  ledger: {
    school: '学校', export: '导出 Excel', add: '新增', edit: '编辑', delete: '删除', deleteConfirm: '删除这条记录？', deleted: '已删除', saved: '已保存',
    q: '搜索', alertOnly: '只看到期预警', insideOnly: '只看在校内', overdueOnly: '只看超期', note: '备注',
    expired: '已过期', expiring: '30 天内到期', ok: '正常',
    buses: { title: '校车台账', sub: '校车车牌、座位数、年检和保险到期；到期前 30 天预警', plate: '车牌号', seats: '核载人数', inspection: '年检有效期至', insurance: '保险有效期至', drivers: '驾驶员' },
    drivers: { title: '校车驾驶员台账', sub: '驾驶员准驾车型、驾驶证有效期和所驾校车', name: '姓名', phone: '电话', cls: '准驾车型', expiry: '驾驶证有效期至', bus: '所驾校车', noBus: '未分配' },
    visitors: { title: '门卫登记', sub: '来访人员、车辆、物品进出登记；身份证号只保留后 4 位', name: '来访人', idNumber: '身份证号', phone: '电话', reason: '事由', host: '被访人', plate: '车牌', goodsIn: '带入物品', goodsOut: '带出物品', inAt: '入校时间', outAt: '离校时间', inside: '在校内', leave: '离校', left: '已离校' },
    petitions: { title: '信访积案台账', sub: '信访积案的责任领导、办结期限和处理结果；超期未办结标红', petitioner: '信访人', subject: '信访事项', received: '受理日期', leader: '责任领导', due: '办结期限', status: '状态', open: '办理中', resolved: '已办结', result: '处理结果', resolvedOn: '办结日期', overdue: '超期', resolve: '办结' }
  }
}

const en = {
  menu: {
    ledgers: 'Ledgers & tip-offs', ledgerBuses: 'School buses', ledgerDrivers: 'Drivers', ledgerVisitors: 'Gate register',
    ledgerPetitions: 'Petitions', tipoffs: 'Tip-offs'
  },
  pub: {
    brand: 'School safety disclosure', countyTitle: '{name}: major school hazards', countySub: 'Major hazards of the schools of this county and their rectification, published for parents and the public',
    open: 'Open', closed: 'Fixed', total: 'Major hazards', none: 'No major hazards published', school: 'School', category: 'Category',
    status: 'Status', found: 'Found', deadline: 'Deadline', closedOn: 'Closed', supervised: 'Supervised',
    report: 'Report a hazard', track: 'Track a report', trackPh: '12-character code', trackGo: 'Track', notFound: 'No public page for this county',
    reportTitle: 'Report a school safety hazard', reportSub: 'Anonymous, no sign-in. You get a code to track the report.',
    schoolF: 'School', schoolPh: 'Choose the school', categoryF: 'Category', descF: 'Description', descPh: 'When, where, what you saw (5–2000 characters)',
    locationF: 'Location', locationPh: 'e.g. back gate, canteen kitchen', contactF: 'Contact (optional, bureau only)', contactPh: 'Phone or e-mail',
    photosF: 'Photos (up to 3)', photoAdd: 'Add photo', photoFirst: 'Choose the school first', submit: 'Submit', submitted: 'Report submitted',
    codeTitle: 'Keep your tracking code', codeHint: 'The code cannot be recovered if lost.', copy: 'Copy', copied: 'Copied',
    goTrack: 'Track', again: 'Back to the page', trackTitle: 'Track a report', createdAt: 'Submitted', reason: 'Reason',
    replies: 'Replies', rewarded: 'Rewarded', hazardClosed: 'Closed at', back: 'Back', limited: 'Too many requests, try later'
  },
  tip: {
    pageTitle: 'Tip-offs', pageSub: 'Anonymous reports: accept (becomes a school hazard) or reject with a reason; record rewards',
    status: { received: 'Received', accepted: 'Accepted', rejected: 'Rejected' },
    code: 'Code', school: 'School', category: 'Category', createdAt: 'Reported', contact: 'Contact', description: 'Description',
    location: 'Location', photos: 'Photos', hazard: 'Hazard', viewHazard: 'View hazard', handledBy: 'Handled by', reason: 'Reason',
    accept: 'Accept', reject: 'Reject', reply: 'Reply', reward: 'Reward', rewarded: 'Rewarded', grade: 'Grade',
    grades: { general: 'General', major: 'Major' }, title: 'Hazard title', titlePh: 'Default: tip-off: category', replyF: 'Public reply',
    reasonF: 'Public reason', amount: 'Amount (CNY)', date: 'Date', note: 'Note', accepted: 'Accepted as a hazard',
    rejectedMsg: 'Rejected', replied: 'Replied', rewardedMsg: 'Reward recorded', detail: 'Tip-off', replies: 'Replies', all: 'All',
    publicPage: 'Public page'
  },
  ledger: {
    school: 'School', export: 'Export Excel', add: 'Add', edit: 'Edit', delete: 'Delete', deleteConfirm: 'Delete this record?', deleted: 'Deleted', saved: 'Saved',
    q: 'Search', alertOnly: 'Expiring only', insideOnly: 'Still inside', overdueOnly: 'Overdue only', note: 'Note',
    expired: 'Expired', expiring: 'Expires in 30 days', ok: 'OK',
    buses: { title: 'School buses', sub: 'Plates, seats, inspection and insurance expiry', plate: 'Plate', seats: 'Seats', inspection: 'Inspection until', insurance: 'Insurance until', drivers: 'Drivers' },
    drivers: { title: 'Bus drivers', sub: 'Licence class, expiry and assigned bus', name: 'Name', phone: 'Phone', cls: 'Licence', expiry: 'Licence until', bus: 'Bus', noBus: 'None' },
    visitors: { title: 'Gate register', sub: 'Visitors, vehicles and goods in and out; id numbers keep the last 4 only', name: 'Visitor', idNumber: 'ID number', phone: 'Phone', reason: 'Reason', host: 'Host', plate: 'Plate', goodsIn: 'Goods in', goodsOut: 'Goods out', inAt: 'In', outAt: 'Out', inside: 'Inside', leave: 'Leave', left: 'Left' },
    petitions: { title: 'Backlog petitions', sub: 'Responsible leader, deadline and result', petitioner: 'Petitioner', subject: 'Subject', received: 'Received', leader: 'Leader', due: 'Deadline', status: 'Status', open: 'Open', resolved: 'Resolved', result: 'Result', resolvedOn: 'Resolved on', overdue: 'Overdue', resolve: 'Resolve' }
  }
}

export const messages = { 'zh-CN': zh, en }
