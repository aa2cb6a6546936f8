/* The work engine's screens: the inbox (消息). The to-do card and the bell
 * live in components/ (TodoCard.vue, MessageBell.vue). See campaign.js
 * for the shape of a part. */
export const routes = [
  { path: 'messages', name: 'messages', component: () => import('../views/MessagesView.vue'), meta: { title: 'work.inbox' } }
]
export const publicRoutes = []
export const menu = []

const zh = {
  hazardAction: { remind: '催办' },
  work: {
    inbox: '消息', todo: '我的待办', todoEmpty: '暂无待办，今天的工作都完成了', more: '更多',
    unread: '未读', all: '全部', markRead: '标为已读', markAllRead: '全部已读', noMessages: '暂无消息',
    bell: '消息（{n} 条未读）', open: '查看', today: '今日工作', scan: '扫一扫', scanHint: '请用手机相机或微信“扫一扫”扫描点位上的二维码',
    scanFail: '没有识别到点位二维码，请重试或用手机相机扫描', pointsLeft: '还需巡查：', assignedToMe: '指派给我',
    patrolToday: '今日巡查', due: '截止 {d}', late: '已逾期', countMore: '{n}+',
    patrolQueued: '网络不通，巡查记录已保存在手机上', patrolQueuedHint: '网络恢复后将自动提交（待提交 {n} 条）', retryNow: '立即重试',
    remind: '催办', remindReport: '催报', remindTitle: '催办整改', remindReportTitle: '催报未报送的学校',
    remindNote: '说明（选填）', remindNotePh: '如：请于本周五前完成并上传整改照片（选填）', remindSent: '已催办',
    remindReportSent: '已催报 {n} 所学校', remindSkipped: '，{k} 所一小时内已催过', send: '发送'
  }
}
const en = {
  hazardAction: { remind: 'Reminded' },
  work: {
    inbox: 'Messages', todo: 'My to-do', todoEmpty: 'Nothing waiting on you', more: 'More',
    unread: 'Unread', all: 'All', markRead: 'Mark read', markAllRead: 'Mark all read', noMessages: 'No messages',
    bell: 'Messages ({n} unread)', open: 'Open', today: 'Today', scan: 'Scan', scanHint: 'Scan the point\'s QR code with the phone camera',
    scanFail: 'No point QR code found; try again or use the camera app', pointsLeft: 'Still to patrol: ', assignedToMe: 'Assigned to me',
    patrolToday: 'Patrols today', due: 'Due {d}', late: 'Overdue', countMore: '{n}+',
    patrolQueued: 'Offline: the patrol record is saved on this phone', patrolQueuedHint: 'It is sent when the network is back ({n} waiting)', retryNow: 'Retry now',
    remind: 'Remind', remindReport: 'Remind to report', remindTitle: 'Remind the rectifier', remindReportTitle: 'Remind schools that have not reported',
    remindNote: 'Note', remindNotePh: 'Optional', remindSent: 'Reminder sent',
    remindReportSent: '{n} schools reminded', remindSkipped: ', {k} reminded within the hour', send: 'Send'
  }
}
export const messages = { 'zh-CN': zh, en }
