/* Org tree helpers shared by the tree page and the org pickers. */
import { api } from './api.js'

/* All children of an org, fetched page by page (at most `max`). */
export async function fetchChildren (id, max = 1000) {
  const per = 100
  let page = 1
  let out = []
  for (;;) {
    const res = await api.get(`/orgs/${id}/children`, { page, per_page: per })
    const items = (res && res.items) || []
    out = out.concat(items)
    if (items.length < per || out.length >= (res.total || 0) || out.length >= max) break
    page++
  }
  return out
}

export function isLeaf (o) {
  return o.kind === 'school' || o.child_count === 0
}

/* Kinds allowed directly below a parent kind. */
export const childKinds = {
  province: ['city'],
  city: ['county'],
  county: ['township', 'school'],
  township: ['school'],
  school: []
}

export const schoolTypes = ['kindergarten', 'primary', 'junior', 'senior', 'nine_year', 'twelve_year', 'vocational', 'special']
export const roles = ['bureau_admin', 'inspector', 'principal', 'safety_officer', 'staff', 'auditor']
