/* zh-CN UI strings. Message syntax is vue-i18n's: {name} interpolates;
 * avoid bare '@', '|', '{' and '}' in text. */
export default {
  app: {
    name: '校安',
    fullName: '学校安全风险防控平台',
    title: '校安 · 学校安全风险防控平台',
    slogan: '风险分级管控 · 隐患排查治理 · 四级互联互通',
    copyright: '校安 学校安全风险防控平台'
  },
  common: {
    search: '查询', reset: '重置', create: '新建', edit: '编辑', save: '保存', cancel: '取消',
    confirm: '确定', close: '关闭', refresh: '刷新', actions: '操作', detail: '详情',
    yes: '是', no: '否', none: '无', all: '全部', loading: '加载中…', empty: '暂无数据',
    back: '返回', enable: '启用', disable: '停用', enabled: '启用', disabled: '已停用',
    createdAt: '创建时间', updatedAt: '更新时间', keyword: '关键字', total: '共 {n} 条',
    saved: '已保存', created: '已创建', notAvailable: '—', more: '更多', view: '查看',
    required: '请填写{field}', select: '请选择', unit: { person: '人', class: '个', school: '所' }
  },
  error: {
    network: '网络异常，无法连接服务器',
    http: '请求失败（HTTP {status}）',
    forbidden: '没有权限执行此操作'
  },
  login: {
    title: '用户登录',
    username: '用户名', password: '密码',
    usernamePh: '请输入用户名', passwordPh: '请输入密码',
    submit: '登 录', submitting: '登录中…',
    bad: '用户名或密码错误',
    locked: '登录失败次数过多，请稍后再试',
    success: '登录成功',
    hint: '请使用教育行政部门分配的账号登录',
    features: {
      risk: '风险分级管控', riskDesc: '风险点登记、LEC/LS 评价、四色风险分布',
      hazard: '隐患排查治理', hazardDesc: '巡查发现、整改销号、回头看闭环管理',
      level: '四级互联互通', levelDesc: '省、市、县、校数据逐级汇总'
    }
  },
  password: {
    title: '修改密码', forcedTitle: '请先修改初始密码',
    hint: '修改后，其他设备上的登录将被退出。',
    forcedHint: '您的账号由管理员创建或重置，为了账号安全，请先设置只有您自己知道的新密码。',
    rule1: '至少 8 个字符', rule2: '不能包含用户名', rule3: '不能是 12345678、password 等常见密码',
    current: '当前密码', new: '新密码', again: '再次输入新密码',
    mismatch: '两次输入的新密码不一致', submit: '确认修改', done: '密码已修改'
  },
  layout: {
    collapse: '收起菜单', expand: '展开菜单', menu: '菜单',
    currentOrg: '当前单位', logout: '退出登录', logoutConfirm: '确定退出登录吗？',
    loggedOut: '已退出登录', language: '语言', profile: '个人信息'
  },
  menu: {
    dashboard: '工作台', orgs: '组织机构', users: '用户管理', audit: '审计日志',
    system: '系统管理', risk: '风险分级管控', hazard: '隐患排查治理'
  },
  role: {
    bureau_admin: '教育局安全管理员', inspector: '督查员', principal: '校长',
    safety_officer: '安全干部', staff: '教职工', auditor: '审计员'
  },
  kind: { province: '省', city: '市', county: '县（区）', township: '乡镇', school: '学校' },
  kindNode: { province: '省级', city: '市级', county: '县级', township: '乡镇', school: '学校' },
  schoolType: {
    kindergarten: '幼儿园', primary: '小学', junior: '初中', senior: '高中',
    nine_year: '九年一贯制', twelve_year: '十二年一贯制', vocational: '中职', special: '特殊教育'
  },
  hazardStatus: {
    reported: '已上报', assigned: '已交办', rectifying: '整改中', submitted: '待验收',
    verified: '已验收', closed: '已销号', forwarded: '已移交', rejected: '已驳回'
  },
  hazardGrade: { general: '一般隐患', major: '重大隐患' },
  riskLevel: { major: '重大风险', high: '较大风险', general: '一般风险', low: '低风险', none: '未评估' },
  category: {
    fire: '消防', food: '食品卫生', traffic: '交通/校车', drowning: '防溺水', bullying: '防欺凌',
    lab: '实验室/危化品', building: '校舍', electrical: '电气线路', construction: '建筑施工',
    surroundings: '校园周边', security: '治安/门卫', disaster: '防灾减灾', epidemic: '传染病',
    stampede: '防踩踏', terror: '防暴恐', psychological: '心理健康', sports: '体育活动', other: '其他'
  },
  dashboard: {
    title: '工作台',
    subtitle: '{org} 安全概况',
    schools: '学校', students: '在校学生', classes: '班级', staff: '教职工',
    hazardsOpen: '未销号隐患', overdue: '超期隐患', majorOpen: '重大隐患（未销号）',
    riskPoints: '风险点',
    byCategory: '隐患分类分布', byStatus: '隐患处置状态',
    children: '下级单位', childName: '单位名称', childKind: '类型',
    childHazards: '未销号隐患', childOverdue: '超期', childRisk: '最高风险等级',
    drill: '进入', noStats: '隐患排查模块尚未启用，暂无统计数据',
    noHazards: '暂无隐患数据', partial: '统计范围较大，仅汇总了部分下级单位',
    schoolInfo: '学校信息', notSchoolChildren: '本单位没有下级单位'
  },
  org: {
    title: '组织机构', tree: '机构树', searchPh: '搜索单位名称或代码',
    detail: '单位详情', noSelection: '请在左侧选择一个单位',
    name: '单位名称', kind: '层级', code: '代码', codeRegion: '行政区划代码（6 位）',
    codeSchool: '学校标识码（10 位）', parent: '上级单位', schoolType: '办学类型',
    students: '学生数', classes: '班级数', staff: '教职工数', address: '地址',
    path: '路径', depth: '层级深度', childCount: '下级单位数',
    createChild: '新建下级单位', editOrg: '编辑单位', createTitle: '新建下级单位（上级：{parent}）',
    editTitle: '编辑单位：{name}', toDashboard: '查看工作台', toUsers: '查看用户',
    namePh: '如：岳阳楼区第一中学', codePhRegion: '如：430602', codePhSchool: '如：2143060201',
    addressPh: '学校详细地址', noChildren: '无下级单位', loadMore: '加载更多…',
    searchResult: '搜索结果'
  },
  user: {
    title: '用户管理', username: '用户名', name: '姓名', phone: '手机号', org: '所属单位',
    roles: '角色', active: '状态', password: '密码', passwordEditPh: '留空则不修改',
    passwordPh: '至少 8 位，含字母和数字', createTitle: '新建用户', editTitle: '编辑用户：{name}',
    addRole: '添加角色', role: '角色', roleOrg: '作用单位', removeRole: '移除',
    orgFilter: '单位（含下级）', keywordPh: '用户名 / 姓名 / 手机号',
    disableConfirm: '确定停用用户“{name}”吗？停用后该用户无法登录。',
    enableConfirm: '确定启用用户“{name}”吗？',
    disabledOk: '已停用', enabledOk: '已启用', noRoles: '至少需要一个角色',
    rolesHint: '角色决定可见范围：只能看到并操作所绑定单位及其下级的数据'
  },
  audit: {
    title: '审计日志', at: '时间', user: '操作人', action: '动作', entity: '对象类型',
    entityId: '对象编号', userId: '用户 ID', org: '单位', hash: '哈希', before: '变更前',
    person: '操作人姓名', orgPick: '单位（含下级）',
    after: '变更后', nothing: '（无）', chainNote: '审计日志只增不改，逐条哈希链接，任何篡改可被发现',
    entities: { org: '组织机构', user: '用户', session: '会话', role: '角色', setting: '设置' }
  },
  action: {
    create: '新建', update: '修改', delete: '删除', login: '登录', logout: '退出',
    login_failed: '登录失败', deactivate: '停用', activate: '启用'
  },
  notFound: {
    title: '页面不存在', text: '您访问的页面不存在或已被移除。', home: '返回工作台'
  },
  forbidden: { text: '您没有访问该页面的权限。' }
}
