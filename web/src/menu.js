/* The left menu. One entry per screen; `perm` hides it from users who
 * lack the permission. The hazard / risk modules slot in here (and as
 * routes in router.js) in the next round. */
import { House, OfficeBuilding, User, Document, Warning, Flag, Location } from '@element-plus/icons-vue'

export const menu = [
  { path: '/dashboard', title: 'menu.dashboard', icon: House },
  {
    group: 'menu.risk',
    items: [
      { path: '/risks', title: 'menu.risks', icon: Location, perm: 'risk.read' }
    ]
  },
  {
    group: 'menu.hazard',
    items: [
      { path: '/hazards', title: 'menu.hazards', icon: Warning, perm: 'hazard.read' },
      { path: '/supervision', title: 'menu.supervision', icon: Flag, perm: 'hazard.read' }
    ]
  },
  {
    group: 'menu.system',
    items: [
      { path: '/orgs', title: 'menu.orgs', icon: OfficeBuilding, perm: 'org.read' },
      { path: '/users', title: 'menu.users', icon: User, perm: 'user.read' },
      { path: '/audit', title: 'menu.audit', icon: Document, perm: 'audit.read' }
    ]
  }
]
