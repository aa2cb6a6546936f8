/* zh-CN strings of the issue-4 screens: four-colour map, checklists,
 * patrol plans and records, reports, categories. Merged into zh-CN.js. */
export default {
  menu: {
    riskMap: '四色风险图', checklists: '排查清单', patrols: '巡查管理', reports: '统计报表',
    weekly: '周报', monthly: '月通报', statistics: '统计分析', categories: '类别管理'
  },
  hazard: { noticePdf: '整改通知书（PDF）' },
  risk: {
    labels: '打印二维码标签', labelsHint: '生成本校全部风险点的二维码标签（PDF），打印后张贴到现场',
    labelsPickSchool: '请先在“单位”中选择一所学校'
  },
  riskMap: {
    title: '四色风险分布图', pickOrg: '选择单位', up: '返回上级',
    schoolSub: '学校风险点在校园平面图上的分布，按风险等级着色（红、橙、黄、蓝）',
    regionSub: '辖区内各单位、各学校按最高风险等级着色，点击可逐级查看',
    schoolMap: '学校四色图', regionMap: '区域风险分布', highest: '最高风险等级',
    plan: '校园平面图', uploadPlan: '上传平面图', replacePlan: '更换平面图', uploaded: '平面图已上传',
    tooBig: '图片不能超过 5 MB', noPlan: '该学校尚未上传校园平面图',
    placing: '在平面图上点击，放置“{name}”', place: '标注', unplaced: '未标注',
    dragHint: '拖动标记可调整风险点位置，松开后自动保存', moved: '已更新“{name}”的位置',
    points: '风险点', count: '{n} 个', children: '下级单位', schools: '学校风险分布',
    schoolCount: '{n} 所', schoolSearch: '搜索学校'
  },
  checklist: {
    title: '排查清单', sub: '教育局制定清单模板，学校复制后结合实际使用；每个检查项含标准、方法和分值',
    templates: '清单模板', schoolLists: '学校清单', createTpl: '新建清单模板', createList: '新建学校清单',
    editTpl: '编辑清单模板：{name}', editList: '编辑学校清单：{name}', ownerOrg: '制定单位', school: '学校',
    category: '类别', name: '清单名称', namePh: '如：消防安全排查清单', description: '说明',
    descriptionPh: '适用范围、使用说明等', items: '检查项', itemCount: '检查项',
    content: '检查内容', contentPh: '检查内容（必填），如：灭火器在有效期内',
    standard: '检查标准', standardPh: '检查标准，如：压力表指针在绿区', method: '检查方法', methodPh: '方法，如：查看',
    weight: '分值', addItem: '添加检查项', copy: '复制到学校', copyTitle: '复制清单模板到学校',
    targetSchool: '目标学校', copyHint: '复制后学校可自行修改；模板以后的修改不影响已复制的清单。',
    copied: '已复制到 {school}', fromTpl: '模板复制', own: '自建', nItems: '{n} 项',
    editTplHint: '修改后新复制的学校清单使用新检查项，已复制的清单保持不变。',
    editListHint: '修改检查项后，原检查项的历史巡查记录仍然保留。',
    delTplConfirm: '确定删除清单模板“{name}”吗？已复制到学校的清单不受影响。',
    delListConfirm: '确定删除学校清单“{name}”吗？', deleted: '已删除'
  },
  patrol: {
    pageTitle: '巡查管理', pageSub: '巡查计划、巡查记录与漏巡点位（天天巡查、周检、月检）',
    plans: '巡查计划', records: '巡查记录', missedTab: '漏巡点位', planNamePh: '如：后厨每日巡查',
    pickPoints: '选择本校风险点', pickAssignees: '选择巡查人员（网格员）', from: '开始日期', to: '结束日期',
    date: '日期', failN: '{n} 项不合格', checkin: '签到 / 标记', scanned: '扫码', notScanned: '未扫码',
    period: '应巡周期', noMissed: '没有漏巡的点位', flagFilter: '异常标记', recordTitle: '巡查记录：{name}',
    missedNote: '以下风险点按巡查频次应在 {date} 所在周期内巡查，但尚无巡查记录'
  },
  patrolFlag: { no_scan: '未扫码', too_fast: '间隔过短', late_upload: '延迟上传', off_hours: '非巡查时段', photo_reused: '照片重复' },
  patrolFlagHint: {
    no_scan: '未扫描现场二维码签到', too_fast: '与上一点位的巡查间隔短得不合常理',
    late_upload: '扫码与提交相隔较长（离线草稿后补交）', off_hours: '扫码时间在夜间等非巡查时段',
    photo_reused: '照片与此前记录中的照片相同'
  },
  submitStatus: { submitted: '按时报送', late: '迟报', missing: '漏报', pending: '未到期' },
  report: {
    deadlineSet: '截止设置', deadlineTitle: '周报报送截止时间', deadlineWhen: '每周截止于',
    deadlineHint: '适用于 {org} 及下级所有学校（下级单位另有设置的除外）；迟于截止时间报送记为迟报。',
    weekday1: '下周一', weekday2: '下周二', weekday3: '下周三', weekday4: '下周四', weekday5: '下周五', weekday6: '下周六', weekday7: '下周日',
    exportXlsx: '导出 Excel', exportPdf: '导出 PDF', exportLedger: '导出台账', downloaded: '已下载 {name}',
    pickOrg: '选择单位', weeklyTitle: '安全隐患排查治理周报', weeklySub: '一周一报：数据自动生成，学校确认后报送，上级查看报送情况',
    prevWeek: '上一周', nextWeek: '下一周', weekRange: '{week}（{from} 至 {to}）',
    submission: '周报报送', deadline: '报送截止', submittedAt: '报送时间', note: '说明',
    notePh: '本周情况说明（选填）', submit: '确认并报送', submittedOk: '周报已报送', submittedLate: '周报已报送（迟报）',
    foundWeek: '本周发现隐患', rectifiedWeek: '本周整改销号', openNow: '当前未整改', overdueNow: '当前逾期',
    majorOpen: '重大隐患未销号', patrolsDone: '完成巡查', patrolsPlanned: '已完成 / 计划次数', ofMajor: '其中重大 {n}',
    submitOverview: '学校报送情况', schoolsDue: '应报学校', submitRate: '已报 {p}%', noneLate: '没有迟报、漏报的学校',
    school: '学校', status: '状态', byCategory: '按类别统计', units: '下级单位', unit: '单位', found: '发现',
    rectified: '整改销号', open: '未整改', overdue: '逾期', patrols: '巡查', submitted: '已报',
    total: '合计', majorFive: '重大隐患“五落实”情况', noMajor: '暂无重大隐患',
    five_responsible: '责任人', five_measures: '措施', five_funds: '资金', five_deadline: '时限', five_plan: '预案',
    monthlyTitle: '月度通报', monthlySub: '月月通报：排名、逾期与反弹隐患、表扬与批评',
    bulletinTitle: '{org} {month} 安全隐患排查治理通报', bulletinRange: '统计区间 {from} 至 {to}，本月应报周报 {n} 周',
    commendations: '通报表扬', criticisms: '通报批评', noneThisMonth: '本月无', ranking: '综合排名',
    rank: '名次', score: '得分', foundMonth: '本月发现', closedOfFound: '已整改', rectifyRate: '整改率',
    onTimeRate: '按时报送率', formula: '排名公式', overdueList: '逾期隐患', reboundList: '反弹隐患',
    noOverdue: '无逾期隐患', noRebound: '无反弹隐患',
    statsTitle: '隐患排查治理统计分析表', statsSub: '按区域、按类别统计任意时间段的隐患发现与整改情况',
    last7: '最近 7 天', last30: '最近 30 天', thisYear: '今年', rectifyByUnit: '各单位发现数与整改率',
    statsByUnit: '按单位统计', statsByCategory: '按类别统计', foundGeneral: '一般隐患', foundMajor: '重大隐患'
  },
  category2: {
    title: '隐患类别管理', sub: '重点领域类别是数据：教育局可增加本地类别、调整名称和排序',
    create: '新增类别', editTitle: '编辑类别：{name}', code: '类别代码', codePh: '小写字母、数字或下划线，如：field_trip',
    nameZh: '中文名称', namePh: '如：研学旅行', nameEn: '英文名称', sort: '排序', builtin: '内置',
    searchPh: '搜索代码或名称', showDeleted: '显示已停用', hint: '内置类别不能停用；停用的类别不再用于新登记的风险点和隐患，历史数据保留。',
    delConfirm: '确定停用类别“{name}”吗？', deleted: '已停用'
  }
}
