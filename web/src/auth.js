/* Who is signed in. Kept in memory only: the session itself is an
 * HttpOnly cookie; the CSRF token is re-read from GET /me after a reload. */
import { reactive } from 'vue'

export const auth = reactive({
  me: null,        /* the GET /me body, or null when signed out */
  csrf: '',        /* X-CSRF-Token for writes */
  perms: new Set(),
  loaded: false    /* true once we asked the server who we are */
})

export function setMe (me, csrf) {
  auth.me = me
  auth.csrf = csrf || (me && me.csrf_token) || auth.csrf || ''
  auth.perms = new Set((me && me.permissions) || [])
  auth.loaded = true
}

export function clearAuth () {
  auth.me = null
  auth.csrf = ''
  auth.perms = new Set()
  auth.loaded = true
}

/* can('org.write') — true when the user holds the permission. A missing
 * or empty perm means "any signed-in user". */
export function can (perm) {
  if (!perm) return !!auth.me
  if (Array.isArray(perm)) return perm.some(p => auth.perms.has(p))
  return auth.perms.has(perm)
}

/* The org nodes the user's roles are bound to, without repeats; the first
 * is the user's home org. These are the roots of every org picker. */
export function rootOrgs () {
  const me = auth.me
  if (!me) return []
  const seen = new Map()
  if (me.org) seen.set(me.org.id, { id: me.org.id, name: me.org.name, kind: me.org.kind, path: me.org.path })
  for (const r of me.roles || []) {
    if (!seen.has(r.org_id)) seen.set(r.org_id, { id: r.org_id, name: r.org_name, kind: r.org_kind })
  }
  /* drop nodes that sit below another root */
  const list = [...seen.values()]
  return list.filter(o => !list.some(p => p !== o && p.path && o.path && o.path.startsWith(p.path)))
}
