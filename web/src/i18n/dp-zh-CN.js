/* zh-CN strings of the dual-prevention screens (risk register, patrols,
 * hazards). Merged into zh-CN.js. */
export default {
  dashboard: { majorOpen: '重大隐患', totalSub: '累计排查 {n} 条' },
  common: { delete: '删除', photo: '照片', print: '打印' },
  menu: {
    hazards: '隐患台账', supervision: '挂牌督办', risks: '风险点登记', riskMap: '四色风险图',
    checklists: '排查清单', plans: '巡查计划', patrols: '巡查记录'
  },
  hazardAction: {
    assign: '交办整改', start: '开始整改', submit: '提交验收', verify: '验收通过', reject: '验收不通过',
    close: '销号', reopen: '重新打开', supervise: '挂牌督办', approve_plan: '批准整改方案',
    forward: '移交相关部门', recheck: '回头看复查', escalate: '超期升级', report: '上报', create: '上报',
    five: '落实“五落实”', overdue: '整改超期', recheck_due: '到期待回头看'
  },
  hazardSource: {
    patrol: '日常巡查', self_check: '自查', inspection: '督查检查', covert: '暗查暗访',
    whistle: '群众举报', department: '其他部门', other: '其他'
  },
  hazard: {
    ledger: '隐患排查治理台账', report: '上报隐患', title: '隐患标题', titlePh: '简要描述隐患，如：二楼走廊灭火器过期',
    school: '所属学校', category: '隐患类别', grade: '隐患等级', status: '状态', source: '来源',
    location: '具体位置', locationPh: '如：教学楼二层东侧走廊', description: '隐患描述', foundAt: '发现时间',
    deadline: '整改期限', rectifier: '整改责任人', reporter: '发现人', overdue: '超期', onlyOverdue: '只看超期',
    supervised: '挂牌督办', escalated: '已升级', rebounds: '反弹次数', number: '编号', photos: '现场照片',
    beforePhotos: '隐患照片', afterPhotos: '整改后照片', noPhotos: '暂无照片', history: '处置记录',
    nextActions: '可执行操作', noActions: '当前无需您处理', info: '基本信息', keywordPh: '搜索隐患标题',
    orgFilter: '单位（含下级）', created: '隐患已上报', done: '操作成功', offCampus: '校园周边（校外）隐患',
    note: '说明', notePh: '填写处置说明', reason: '原因', reasonPh: '请说明原因', department: '移交部门',
    departmentPh: '如：县交通运输局', pass: '复查结论', passYes: '已整改到位', passNo: '出现反弹',
    pickRectifier: '选择整改责任人', deadlineHint: '一般隐患默认 24 小时内整改；重大隐患必须指定期限',
    actionTitle: '{action}：{title}', uploadHint: '可拍照或选择图片，单张不超过 5 MB', uploading: '正在上传照片…',
    five: '五落实', fiveTitle: '重大隐患“五落实”', fiveEdit: '填写五落实', fiveResponsible: '责任人',
    fiveMeasures: '整改措施', fiveFunds: '整改资金（元）', fiveDeadline: '整改时限', fivePlan: '应急预案',
    safeguards: '临时防范措施', fiveComplete: '五落实已全部落实', fiveIncomplete: '五落实尚未全部落实',
    planApproved: '整改方案已批准', planPending: '整改方案待校长批准', notice: '整改通知书',
    escalatedTo: '已升级至 {org}', forwardedTo: '已移交：{dept}', closedAt: '销号时间', fromState: '由 {from} 变为 {to}',
    system: '系统', supervisionTitle: '挂牌督办隐患', supervisionSub: '县级及以上教育行政部门挂牌督办的重大隐患',
    majorOnly: '只看重大隐患', view: '查看', backToList: '返回台账'
  },
  risk: {
    title: '风险点登记', create: '新增风险点', name: '风险点名称', namePh: '如：食堂后厨燃气间',
    location: '位置', locationPh: '如：食堂一楼东侧', category: '类别', level: '风险等级', factors: '危险有害因素',
    accidents: '可能导致的事故', measures: '管控措施', controlLevel: '管控层级', responsible: '责任人',
    frequency: '巡查频次', assess: '风险评价', assessTitle: '风险评价：{name}', method: '评价方法',
    lec: 'LEC 作业条件危险性分析法', ls: 'LS 风险矩阵法', l: '可能性 L', e: '暴露频率 E', c: '后果 C', s: '严重性 S',
    d: '风险值 D = L × E × C', r: '风险值 R = L × S', result: '评价结果', qr: '二维码', qrTitle: '风险点二维码：{name}',
    qrHint: '打印后张贴在风险点现场，巡查人员扫码即可打开巡查表', print: '打印', lastAssessed: '最近评价',
    school: '所属学校', keywordPh: '搜索风险点名称', schoolRequired: '请先选择学校', assessed: '评价完成：{level}',
    history: '评价记录', none: '未评估', patrolLink: '打开巡查表'
  },
  controlLevel: { school: '学校级', department: '部门级', team: '班组级', post: '岗位级' },
  frequency: { daily: '每日', weekly: '每周', monthly: '每月' },
  riskColor: { red: '红', orange: '橙', yellow: '黄', blue: '蓝' },
  patrol: {
    title: '巡查记录', scanTitle: '风险点巡查', point: '风险点', items: '检查项目', pass: '合格', fail: '不合格',
    na: '不适用', note: '备注', notePh: '发现的问题或说明', photo: '拍照取证', submit: '提交巡查记录',
    submitted: '巡查记录已提交', hazardsOpened: '已生成 {n} 条隐患，请跟进整改', viewHazard: '查看隐患',
    failNeedsNote: '不合格项请填写问题说明', checkedIn: '扫码签到时间', noItems: '该风险点尚未配置检查项目',
    done: '巡查完成', again: '返回工作台', allPass: '全部合格', standard: '标准', method: '方法',
    draftRestored: '已恢复未提交的草稿', badToken: '二维码无效或不属于您所在学校', overallNote: '巡查总体情况',
    when: '巡查时间', by: '巡查人', result: '结果', failed: '不合格项', plans: '巡查计划', planName: '计划名称',
    assignees: '巡查人员', points: '巡查点位', missed: '漏巡点位', createPlan: '新建巡查计划'
  },
  checklist: {
    title: '排查清单', templates: '清单模板', items: '检查项', content: '检查内容', standard: '检查标准',
    method: '检查方法', weight: '分值', copy: '复制到学校', name: '清单名称', school: '学校', category: '类别'
  },
  riskMap: {
    title: '四色风险分布图', noPlan: '该学校尚未上传校园平面图', legend: '图例', schools: '学校风险分布',
    pickSchool: '选择学校查看校园四色图', count: '{n} 个'
  }
}
