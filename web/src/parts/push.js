/* Screens of the push channels (推送渠道): an org's ways out to 企业微信 /
 * 钉钉 groups, a webhook, SMS and email, and the status of their outbox.
 * (See parts/assess.js for what each export means.) */
import { Promotion } from '@element-plus/icons-vue'

export const routes = [
  { path: 'push-channels', name: 'push-channels', component: () => import('../views/PushChannelsView.vue'), meta: { title: 'menu.pushChannels', perm: 'push.manage' } }
]
export const publicRoutes = []
export const menu = [
  {
    group: 'menu.pushGroup',
    items: [
      { path: '/push-channels', title: 'menu.pushChannels', icon: Promotion, perm: 'push.manage' }
    ]
  }
]

const zh = {
  menu: { pushGroup: '消息推送', pushChannels: '推送渠道' },
  user: { email: '邮箱' },
  push: {
    title: '推送渠道',
    sub: '把站内消息推送到企业微信群、钉钉群、业务系统、短信或电子邮件；失败自动重试，多次失败进入死信等待处理',
    add: '添加渠道', edit: '编辑渠道', org: '所属单位', allOrgs: '全部可管理单位', kind: '渠道类型', name: '渠道名称',
    namePh: '如：县局安全工作群', enabled: '启用', disabled: '已停用', msgKinds: '推送的消息类型', allKinds: '全部类型',
    someKinds: '只推送选中的类型', maxTries: '最多尝试次数', maxTriesHint: '超过后进入死信，可在推送记录中手动重试',
    url: '推送地址', wecomUrl: '机器人 Webhook 地址', dingUrl: '机器人 Webhook 地址', secret: '签名密钥（加签）',
    hookSecret: '签名密钥', template: '请求体模板', templateHint: "用 {'{phone}'} 表示手机号、{'{text}'} 表示短信内容，{'{token}'} 表示网关令牌",
    token: '网关令牌', smtpUrl: 'SMTP 服务器', smtpUser: 'SMTP 用户名', smtpPassword: 'SMTP 密码', mailFrom: '发件人地址',
    secretSet: '已设置，留空则保持不变', secretUnset: '未设置',
    secretHint: '密钥保存后不再显示',
    wecomHelp: '在企业微信群里添加“群机器人”，复制它的 Webhook 地址。',
    dingHelp: '在钉钉群里添加“自定义机器人”，安全设置选择“加签”，复制 Webhook 地址和以 SEC 开头的密钥。',
    webhookHelp: '每次推送以 JSON 发送，请求头 X-Xiaoan-Signature 为 sha256=请求体的 HMAC-SHA256，X-Xiaoan-Idempotency-Key 可用于去重。',
    smsHelp: '按短信平台的接口填写地址和请求体模板；接收人为消息接收人在账号中登记的手机号。',
    emailHelp: '接收人为消息接收人在账号中登记的邮箱。',
    pending: '待发送', sent: '已发送', dead: '失败', lastError: '最近错误', lastSent: '最近发送', never: '尚未发送',
    test: '发送测试', testSent: '测试消息已排队，稍后查看推送记录', outbox: '推送记录', del: '删除',
    delConfirm: '删除渠道“{name}”？删除后不再推送，已有推送记录保留。', deleted: '已删除', saved: '已保存',
    empty: '还没有推送渠道。添加一个，把待办和提醒送到大家常用的群里。',
    st: { all: '全部', pending: '待发送', sent: '已发送', dead: '失败（死信）' },
    col: { at: '时间', title: '内容', to: '接收人', state: '状态', tries: '尝试', error: '错误', group: '群/系统' },
    retry: '重试', retried: '已重新排队', kinds: '类型'
  }
}
const en = {
  menu: { pushGroup: 'Notifications', pushChannels: 'Push channels' },
  user: { email: 'Email' },
  push: {
    title: 'Push channels',
    sub: 'Push in-app messages to WeCom or DingTalk groups, a webhook, SMS or email; failures are retried, then dead-lettered',
    add: 'Add channel', edit: 'Edit channel', org: 'Organisation', allOrgs: 'All organisations', kind: 'Kind', name: 'Name',
    namePh: 'e.g. county safety group', enabled: 'Enabled', disabled: 'Disabled', msgKinds: 'Message kinds', allKinds: 'All kinds',
    someKinds: 'Only the chosen kinds', maxTries: 'Max tries', maxTriesHint: 'Then dead-lettered; retry from the outbox',
    url: 'URL', wecomUrl: 'Robot webhook URL', dingUrl: 'Robot webhook URL', secret: 'Signing secret',
    hookSecret: 'Signing secret', template: 'Body template', templateHint: "{'{phone}'}, {'{text}'} and {'{token}'} are filled in",
    token: 'Gateway token', smtpUrl: 'SMTP server', smtpUser: 'SMTP user', smtpPassword: 'SMTP password', mailFrom: 'From address',
    secretSet: 'Set; leave empty to keep', secretUnset: 'Not set', secretHint: 'Secrets are not shown after saving',
    wecomHelp: 'Add a group robot in WeCom and copy its webhook URL.',
    dingHelp: 'Add a custom robot in DingTalk with signing, copy the webhook URL and the SEC… secret.',
    webhookHelp: 'JSON body; X-Xiaoan-Signature is sha256=HMAC-SHA256 of the body; X-Xiaoan-Idempotency-Key dedupes.',
    smsHelp: 'Gateway URL and body template; recipients are the phones on the users\' accounts.',
    emailHelp: 'Recipients are the email addresses on the users\' accounts.',
    pending: 'Pending', sent: 'Sent', dead: 'Failed', lastError: 'Last error', lastSent: 'Last sent', never: 'Never',
    test: 'Send test', testSent: 'Test message queued', outbox: 'Outbox', del: 'Delete',
    delConfirm: 'Delete channel "{name}"?', deleted: 'Deleted', saved: 'Saved',
    empty: 'No push channels yet.',
    st: { all: 'All', pending: 'Pending', sent: 'Sent', dead: 'Dead' },
    col: { at: 'Time', title: 'Message', to: 'Recipient', state: 'State', tries: 'Tries', error: 'Error', group: 'Group' },
    retry: 'Retry', retried: 'Queued again', kinds: 'Kinds'
  }
}
export const messages = { 'zh-CN': zh, en }
