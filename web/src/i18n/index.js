/* vue-i18n in composition mode. Messages are compiled at runtime by the
 * JIT compiler into ASTs (no eval), which the CSP requires. */
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'
import dpZh from './dp-zh-CN.js'
import dpEn from './dp-en.js'
import scZh from './screens-zh-CN.js'
import scEn from './screens-en.js'
import { parts } from '../parts/index.js'

/* deep merge b into a (new keys and nested groups) */
function merge (a, b) {
  for (const [k, v] of Object.entries(b)) {
    if (v && typeof v === 'object' && a[k] && typeof a[k] === 'object') merge(a[k], v)
    else a[k] = v
  }
  return a
}
merge(zhCN, dpZh)
merge(en, dpEn)
merge(zhCN, scZh)
merge(en, scEn)
for (const p of parts) {
  merge(zhCN, p.messages['zh-CN'])
  merge(en, p.messages.en)
}

const KEY = 'xiaoan.locale'
function initial () {
  try {
    const v = window.localStorage.getItem(KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch (e) { /* private mode */ }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  missingWarn: false,
  fallbackWarn: false,
  messages: { 'zh-CN': zhCN, en }
})

export function setLocale (loc) {
  i18n.global.locale.value = loc
  document.documentElement.lang = loc
  document.title = i18n.global.t('app.title')
  try { window.localStorage.setItem(KEY, loc) } catch (e) { /* ignore */ }
}

/* label('category', 'fire') -> '消防'; unknown keys fall back to the raw
 * value so data-defined codes (a bureau's own category) still show. */
export function label (ns, key) {
  if (key === null || key === undefined || key === '') return ''
  const k = ns + '.' + key
  return i18n.global.te(k) ? i18n.global.t(k) : String(key)
}
