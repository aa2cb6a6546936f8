/* The left menu. One entry per screen; `perm` hides it from users who
 * lack the permission. The hazard / risk modules slot in here (and as
 * routes in router.js) in the next round. */
import { House, OfficeBuilding, User, Document } from '@element-plus/icons-vue'

export const menu = [
  { path: '/dashboard', title: 'menu.dashboard', icon: House },
  /* next round:
   * { group: 'menu.risk', items: [ { path: '/risks', ... } ] },
   * { group: 'menu.hazard', items: [ { path: '/hazards', perm: 'hazard.read' ... } ] }, */
  {
    group: 'menu.system',
    items: [
      { path: '/orgs', title: 'menu.orgs', icon: OfficeBuilding, perm: 'org.read' },
      { path: '/users', title: 'menu.users', icon: User, perm: 'user.read' },
      { path: '/audit', title: 'menu.audit', icon: Document, perm: 'audit.read' }
    ]
  }
]
