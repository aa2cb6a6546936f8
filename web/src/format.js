/* Display helpers. Server times are ISO strings in Asia/Shanghai. */
const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
})

export function fmtTime (iso) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (isNaN(d.getTime())) return String(iso)
  const p = Object.fromEntries(fmt.formatToParts(d).map(x => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second}`
}

/* A calendar date "2026-12-03" as a document prints it: 2026年12月3日
 * (anything else as given). */
export function zhDay (ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(ymd || ''))
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (ymd || '')
}

export function fmtNum (n) {
  if (n === null || n === undefined || n === '') return '—'
  const v = Number(n)
  return isNaN(v) ? String(n) : v.toLocaleString('zh-CN')
}

/* Pretty JSON for display as text (never as HTML). */
export function prettyJson (v) {
  if (v === null || v === undefined) return ''
  try { return JSON.stringify(v, null, 2) } catch (e) { return String(v) }
}

/* '/1/4/9/' -> [1, 4, 9] */
export function pathIds (path) {
  return String(path || '').split('/').filter(Boolean).map(Number)
}
