/* Shared pieces of the dual-prevention screens: hazard states, grades,
 * risk levels and their colours, the category list. */
import { api } from './api.js'

export const hazardStates = ['reported', 'assigned', 'rectifying', 'submitted', 'verified', 'closed', 'forwarded']
export const openStates = ['reported', 'assigned', 'rectifying', 'submitted']
export const hazardGrades = ['general', 'major']
export const hazardSources = ['patrol', 'self_check', 'inspection', 'covert', 'whistle', 'department', 'other']
export const riskLevels = ['major', 'high', 'general', 'low']
export const levelColor = { major: '#d9363e', high: '#f08a24', general: '#e6b800', low: '#2f7fd8', none: '#a8b1bd' }
export const colorLevel = { red: 'major', orange: 'high', yellow: 'general', blue: 'low' }

/* el-tag type per hazard state */
export function stateTag (s) {
  return { reported: 'danger', assigned: 'warning', rectifying: 'warning', submitted: 'primary', verified: 'success', closed: 'success', forwarded: 'info' }[s] || 'info'
}

/* The order the action buttons appear in, and their button types. */
export const actionOrder = ['assign', 'start', 'submit', 'verify', 'reject', 'close', 'approve_plan', 'supervise', 'urge', 'notice', 'forward', 'conclude', 'regrade', 'recheck', 'reopen']
export const actionType = { assign: 'primary', start: 'primary', submit: 'primary', verify: 'success', reject: 'danger', close: 'success', approve_plan: 'primary', supervise: 'warning', forward: 'default', recheck: 'primary', reopen: 'danger', urge: 'warning', notice: 'default', conclude: 'primary', regrade: 'default' }

/* Risk level of a point, from level or colour. */
export function pointLevel (p) {
  if (!p) return 'none'
  if (p.level && levelColor[p.level]) return p.level
  if (p.colour && colorLevel[p.colour]) return colorLevel[p.colour]
  if (p.color && colorLevel[p.color]) return colorLevel[p.color]
  return 'none'
}

/* Categories are data (a bureau can add its own): GET /categories once. */
let catCache = null
/* after a category is added, renamed or retired */
export function resetCategories () { catCache = null }
export async function loadCategories () {
  if (catCache) return catCache
  try {
    const res = await api.get('/categories', { per_page: 100 }, { quiet: true })
    const items = Array.isArray(res) ? res : (res && res.items) || []
    if (items.length) catCache = items.map(c => ({ code: c.code, name: c.name_zh || c.name || c.code, name_en: c.name_en }))
  } catch (e) { /* fall back to the built-in list */ }
  return catCache || ['fire', 'food', 'traffic', 'drowning', 'bullying', 'lab', 'building', 'electrical', 'construction',
    'surroundings', 'security', 'disaster', 'epidemic', 'stampede', 'terror', 'psychological', 'sports', 'other'].map(code => ({ code, name: null }))
}

/* ISO string for a Date in Asia/Shanghai (+08:00), as the server expects. */
export function isoCn (d) {
  if (!d) return null
  const t = new Date(d.getTime() + 8 * 3600 * 1000)
  return t.toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

/* What a person reads for a hazard's state: a listed hazard verified by the
 * school waits for its supervising bureau (待督办单位销号); a forwarded one
 * is under follow-up until the bureau records the outcome. t: i18n t. */
export function hazardStateText (h, t, label) {
  if (!h) return ''
  if (h.state === 'verified' && h.supervised && h.grade === 'major') return t('loop.awaitBureau')
  if (h.state === 'forwarded') return h.forward_concluded_at ? t('loop.concluded') : t('loop.tracking')
  return label('hazardStatus', h.state)
}
/* Why it is overdue: 待交办超时 (never assigned) or 整改超期. */
export function overdueText (h, t) {
  if (!h || !h.overdue) return ''
  return h.state === 'reported' ? t('loop.assignOverdue') : t('loop.rectifyOverdue')
}
