/* The one door to the server. Every call goes to our own /api/v1 with the
 * session cookie; writes carry X-CSRF-Token. The CSRF token lives in
 * memory only (auth.js), re-read from GET /me after a reload.
 *
 * Errors: the server answers 4xx/5xx with
 *   {"error":{"code":"invalid","message":"中文说明","field":"name"}}
 * request() throws an ApiError carrying status, code, message and field.
 * Unless the caller passes {quiet:true}, an error without a field (or any
 * error when the caller does not handle fields) is shown as a toast.
 * A 401 on any call except login/me sends the user to the login page. */
import { ElMessage } from 'element-plus'
import { auth, clearAuth } from './auth.js'
import { i18n } from './i18n/index.js'

export class ApiError extends Error {
  constructor (status, code, message, field, body) {
    super(message)
    this.status = status
    this.code = code
    this.field = field || null
    this.body = body || null
  }
}

let onUnauthorized = null
export function setUnauthorizedHandler (fn) { onUnauthorized = fn }

function qs (params) {
  if (!params) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    p.append(k, String(v))
  }
  const s = p.toString()
  return s ? '?' + s : ''
}

/* request(method, path, {params, body, quiet, fields, noAuthRedirect})
 *   path:   relative to /api/v1, e.g. '/orgs'
 *   fields: true when the caller shows err.field next to a form field,
 *           so a field error is not toasted.
 * Returns the parsed JSON body (or null for an empty body). */
export async function request (method, path, opts = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' }
  if (opts.raw !== undefined) {
    /* a file or blob sent as it is (photo upload) */
    headers['Content-Type'] = opts.raw.type || 'application/octet-stream'
    init.body = opts.raw
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (method !== 'GET' && method !== 'HEAD' && auth.csrf) {
    headers['X-CSRF-Token'] = auth.csrf
  }
  const t = i18n.global.t
  let res
  try {
    res = await fetch('/api/v1' + path + qs(opts.params), init)
  } catch (e) {
    const err = new ApiError(0, 'network', t('error.network'))
    if (!opts.quiet) ElMessage.error(err.message)
    throw err
  }
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch (e) { data = null }
  }
  if (res.ok) return data
  const e = (data && data.error) || {}
  const err = new ApiError(res.status, e.code || 'http_' + res.status,
    e.message || t('error.http', { status: res.status }), e.field, data)
  if (res.status === 401 && !opts.noAuthRedirect) {
    clearAuth()
    if (onUnauthorized) onUnauthorized()
    throw err
  }
  if (!opts.quiet && !(opts.fields && err.field)) {
    ElMessage.error({ message: err.message, grouping: true })
  }
  throw err
}

export const api = {
  get: (path, params, opts = {}) => request('GET', path, { ...opts, params }),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
  /* POST a file as the raw request body, e.g. upload('/photos', file, { school_id }) */
  upload: (path, file, params, opts = {}) => request('POST', path, { ...opts, params, raw: file })
}
