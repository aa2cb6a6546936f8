/* Screens of the responsibility system (SPEC §6): responsibility lists and
 * their templates, yearly responsibility letters, campus grid zones.
 * routes: children of the signed-in layout (meta.title, meta.perm as in
 * router.js); publicRoutes: reachable signed out (meta.public: true);
 * menu: groups or entries appended to the left menu (see menu.js);
 * messages: merged into the zh-CN / en message tables. Do not import
 * i18n/index.js here (it imports this file). */
import { Memo, EditPen, Grid } from '@element-plus/icons-vue'

export const routes = [
  { path: 'resp/lists', name: 'resp-lists', component: () => import('../views/RespListsView.vue'), meta: { title: 'menu.respLists', perm: 'resp.read' } },
  { path: 'resp/letters', name: 'resp-letters', component: () => import('../views/RespLettersView.vue'), meta: { title: 'menu.respLetters', perm: ['resp.read', 'resp.sign'] } },
  { path: 'resp/grid', name: 'resp-grid', component: () => import('../views/RespGridView.vue'), meta: { title: 'menu.respGrid', perm: 'resp.read' } }
]
export const publicRoutes = []

/* A row of the duty-items editor (RespItemsEditor.vue). */
let itemSeq = 0
export function respItem (content = '') { itemSeq += 1; return { key: 'ri' + itemSeq, content } }
/* Level and post codes, in display order (resp.target.* labels). */
export const respLevels = ['county', 'township', 'school']
export const respPosts = ['principal', 'party_secretary', 'vice_principal', 'safety_officer', 'dean', 'class_teacher',
  'teacher', 'pe_teacher', 'lab_teacher', 'doorkeeper', 'security', 'canteen', 'driver', 'dorm_keeper', 'school_doctor',
  'logistics', 'other']
export const menu = [
  {
    group: 'menu.responsibility',
    items: [
      { path: '/resp/lists', title: 'menu.respLists', icon: Memo, perm: 'resp.read' },
      { path: '/resp/letters', title: 'menu.respLetters', icon: EditPen, perm: ['resp.read', 'resp.sign'] },
      { path: '/resp/grid', title: 'menu.respGrid', icon: Grid, perm: 'resp.read' }
    ]
  }
]

const zh = {
  menu: { responsibility: '责任体系', respLists: '责任清单', respLetters: '责任书', respGrid: '网格管理' },
  resp: {
    c: {
      org: '单位', school: '学校', year: '年度', name: '名称', items: '责任条目', itemsN: '{n} 条', edit: '编辑',
      delete: '删除', deleted: '已删除', save: '保存', view: '查看', description: '说明', person: '人员',
      kind: '类型', target: '层级 / 岗位', none: '—', orgFilter: '全部单位', kindFilter: '全部类型',
      targetFilter: '全部层级/岗位', itemPh: '一条责任，例如：每日晨检并记录学生到校情况', addItem: '添加条目',
      deleteConfirm: '确定删除“{name}”？', confirmTitle: '请确认'
    },
    kind: { level: '层级清单', post: '岗位清单' },
    target: {
      county: '县级', township: '乡镇级', school: '学校级',
      principal: '校长', party_secretary: '党组织书记', vice_principal: '副校长', safety_officer: '分管安全干部',
      dean: '中层干部', class_teacher: '班主任', teacher: '任课教师', pe_teacher: '体育教师', lab_teacher: '实验员',
      doorkeeper: '门卫', security: '保安', canteen: '食堂从业人员', driver: '校车驾驶员', dorm_keeper: '宿管员',
      school_doctor: '校医', logistics: '后勤人员', other: '其他岗位'
    },
    list: {
      pageTitle: '责任清单', pageSub: '县、乡镇、学校三级和学校各岗位的安全责任清单：教育局制定模板，各单位生成本单位清单并落实到人',
      tabLists: '本单位清单', tabTemplates: '清单模板', create: '建立清单', createTitle: '建立责任清单', editTitle: '编辑责任清单',
      fromTemplate: '依据模板', ownList: '自行编制', source: '来源', template: '模板', holders: '岗位人员',
      holdersPh: '选择担任该岗位的人员', created: '责任清单已建立', saved: '已保存', useTemplate: '生成本单位清单',
      noHolders: '未指定', copyNote: '从模板复制条目，生成后可以修改本单位的条目', tplOrg: '制定单位',
      detailTitle: '{name}', orgFirst: '请先选择单位', empty: '还没有责任清单', mine: '只看我担任的岗位'
    },
    tpl: {
      create: '新建模板', createTitle: '新建责任清单模板', created: '模板已发布', descPh: '适用范围、依据文件等',
      empty: '上级教育局尚未发布模板'
    },
    letter: {
      pageTitle: '安全责任书', pageSub: '每年逐级签订安全责任书：县局对校长，校长对教职工；本人在系统中签署，签署情况实时汇总',
      tabMine: '我的责任书', tabProgress: '签署情况', tabAll: '全部责任书', issue: '发放责任书', issueTitle: '发放年度安全责任书',
      title: '标题', titlePh: '默认：{y} 年度安全工作目标责任书', list: '依据清单', listPh: '可选：从本单位责任清单生成内容',
      content: '责任书内容', contentPh: '不选清单时请填写责任书正文', people: '签订人员', peoplePh: '选择本单位及下级单位的人员',
      selectAll: '全选', issued: '已发放 {n} 份责任书', issuer: '发放单位', addressee: '签订人', status: '状态',
      issuedAt: '发放时间', signedAt: '签署时间', sign: '签署', signTitle: '签署责任书', signNote: '签署意见（可选）',
      signNotePh: '如：已阅读，承诺认真履行安全职责', signConfirm: '确认签署', signed: '已签署', signedOk: '签署成功',
      pending: '待签署', mineEmpty: '暂无需要您签署的责任书', total: '应签', signedN: '已签', pendingN: '未签',
      rate: '签署率', byOrg: '各单位签署情况', unsigned: '尚未签署人员', allSigned: '全部已签署',
      withdraw: '撤回', withdrawConfirm: '撤回发给 {name} 的责任书？', withdrawn: '已撤回', readMore: '展开全文', readLess: '收起',
      statusFilter: '全部状态', anyRole: '全部角色'
    },
    letterStatus: { pending: '待签署', signed: '已签署' },
    zone: {
      pageTitle: '网格化管理', pageSub: '校园划分网格，每个网格实名落实责任人，明确风险点和巡查职责',
      create: '新建网格', createTitle: '新建校园网格', editTitle: '编辑网格：{name}', name: '网格名称', namePh: '如：教学楼区域',
      responsible: '网格责任人', responsiblePh: '选择本校人员（实名）', frequency: '巡查要求', frequencyPh: '如：每日两次（早、午）',
      plan: '巡查计划', planPh: '可选：关联巡查计划', points: '风险点', pointsPh: '选择本校风险点（一个风险点只属于一个网格）',
      pointsN: '{n} 个风险点', maxLevel: '最高风险', created: '网格已建立', saved: '已保存', mine: '只看我负责的',
      empty: '还没有网格', noPoints: '未划入风险点', schoolFirst: '请先选择学校', zones: '网格数', covered: '已划入风险点',
      majorZones: '含重大风险网格', inOther: '已属于：{name}'
    }
  }
}

const en = {
  menu: { responsibility: 'Responsibility', respLists: 'Duty lists', respLetters: 'Letters', respGrid: 'Grid zones' },
  resp: {
    c: {
      org: 'Org', school: 'School', year: 'Year', name: 'Name', items: 'Duties', itemsN: '{n} items', edit: 'Edit',
      delete: 'Delete', deleted: 'Deleted', save: 'Save', view: 'View', description: 'Description', person: 'Person',
      kind: 'Kind', target: 'Level / post', none: '—', orgFilter: 'All orgs', kindFilter: 'All kinds',
      targetFilter: 'All levels/posts', itemPh: 'One duty, e.g. morning check of pupils', addItem: 'Add item',
      deleteConfirm: 'Delete "{name}"?', confirmTitle: 'Please confirm'
    },
    kind: { level: 'Level list', post: 'Post list' },
    target: {
      county: 'County', township: 'Township', school: 'School',
      principal: 'Principal', party_secretary: 'Party secretary', vice_principal: 'Vice principal', safety_officer: 'Safety officer',
      dean: 'Middle manager', class_teacher: 'Class teacher', teacher: 'Teacher', pe_teacher: 'PE teacher', lab_teacher: 'Lab technician',
      doorkeeper: 'Doorkeeper', security: 'Security guard', canteen: 'Canteen staff', driver: 'School bus driver', dorm_keeper: 'Dorm keeper',
      school_doctor: 'School doctor', logistics: 'Logistics', other: 'Other post'
    },
    list: {
      pageTitle: 'Responsibility lists', pageSub: 'Lists for county, township and school levels and for every school post, made from bureau templates',
      tabLists: 'Lists', tabTemplates: 'Templates', create: 'New list', createTitle: 'New responsibility list', editTitle: 'Edit list',
      fromTemplate: 'From a template', ownList: 'Own list', source: 'Source', template: 'Template', holders: 'Post holders',
      holdersPh: 'People holding this post', created: 'List created', saved: 'Saved', useTemplate: 'Make our list',
      noHolders: 'None', copyNote: 'Items are copied from the template and can be edited afterwards', tplOrg: 'Issued by',
      detailTitle: '{name}', orgFirst: 'Pick an org first', empty: 'No lists yet', mine: 'Only my posts'
    },
    tpl: {
      create: 'New template', createTitle: 'New list template', created: 'Template published', descPh: 'Scope, basis documents',
      empty: 'No templates from the bureau yet'
    },
    letter: {
      pageTitle: 'Responsibility letters', pageSub: 'Yearly safety letters signed level by level, in the system, by each person',
      tabMine: 'My letters', tabProgress: 'Progress', tabAll: 'All letters', issue: 'Issue letters', issueTitle: 'Issue yearly letters',
      title: 'Title', titlePh: 'Default: safety letter {y}', list: 'Based on list', listPh: 'Optional: content from one of our lists',
      content: 'Content', contentPh: 'Required without a list', people: 'Addressees', peoplePh: 'People of this org and below',
      selectAll: 'All', issued: '{n} letters issued', issuer: 'Issued by', addressee: 'Addressee', status: 'Status',
      issuedAt: 'Issued', signedAt: 'Signed', sign: 'Sign', signTitle: 'Sign the letter', signNote: 'Note (optional)',
      signNotePh: 'e.g. Read and accepted', signConfirm: 'Sign now', signed: 'Signed', signedOk: 'Signed',
      pending: 'Pending', mineEmpty: 'No letters for you to sign', total: 'Issued', signedN: 'Signed', pendingN: 'Pending',
      rate: 'Signed rate', byOrg: 'By org', unsigned: 'Not signed yet', allSigned: 'Everyone has signed',
      withdraw: 'Withdraw', withdrawConfirm: 'Withdraw the letter to {name}?', withdrawn: 'Withdrawn', readMore: 'Read all', readLess: 'Less',
      statusFilter: 'Any status', anyRole: 'Any role'
    },
    letterStatus: { pending: 'Pending', signed: 'Signed' },
    zone: {
      pageTitle: 'Grid management', pageSub: 'Campus zones, each with a named person, its risk points and patrol duty',
      create: 'New zone', createTitle: 'New campus zone', editTitle: 'Edit zone: {name}', name: 'Zone name', namePh: 'e.g. Teaching building',
      responsible: 'Responsible', responsiblePh: 'A person of the school', frequency: 'Patrol duty', frequencyPh: 'e.g. twice a day',
      plan: 'Patrol plan', planPh: 'Optional', points: 'Risk points', pointsPh: 'Points of the school (one zone each)',
      pointsN: '{n} points', maxLevel: 'Highest risk', created: 'Zone created', saved: 'Saved', mine: 'Only mine',
      empty: 'No zones yet', noPoints: 'No risk points', schoolFirst: 'Pick a school first', zones: 'Zones', covered: 'Points covered',
      majorZones: 'Zones with major risk', inOther: 'In: {name}'
    }
  }
}

export const messages = { 'zh-CN': zh, en }
