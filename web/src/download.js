/* File exports (xlsx / pdf). The file is fetched with the session cookie
 * (so the server's scope checks apply), turned into a blob and saved
 * through a temporary <a download>: no new window, no token in a URL.
 * The file name comes from Content-Disposition when the server sends one. */
import { ElMessage } from 'element-plus'
import { i18n } from './i18n/index.js'

function nameFrom (res, fallback) {
  const cd = res.headers.get('Content-Disposition') || ''
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) || /filename="?([^";]+)"?/i.exec(cd)
  if (m) {
    try { return decodeURIComponent(m[1]) } catch (e) { return m[1] }
  }
  return fallback
}

/* download('/reports/weekly', { org: 3, week: '2026-W47', format: 'xlsx' }, 'weekly.xlsx')
 * Resolves to the saved file name; shows the server's error as a toast. */
export async function download (path, params, fallbackName) {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') p.append(k, String(v))
  }
  const qs = p.toString()
  const t = i18n.global.t
  let res
  try {
    res = await fetch('/api/v1' + path + (qs ? '?' + qs : ''), { credentials: 'same-origin', cache: 'no-store' })
  } catch (e) {
    ElMessage.error(t('error.network'))
    throw e
  }
  if (!res.ok) {
    let msg = t('error.http', { status: res.status })
    try {
      const body = await res.json()
      if (body && body.error && body.error.message) msg = body.error.message
    } catch (e) { /* not JSON */ }
    ElMessage.error({ message: msg, grouping: true })
    throw new Error(msg)
  }
  const blob = await res.blob()
  const name = nameFrom(res, fallbackName || 'export')
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30000)
  ElMessage.success(t('report.downloaded', { name }))
  return name
}
