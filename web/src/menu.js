/* The left menu. One entry per screen; `perm` hides it from users who
 * lack the permission. */
import {
  House, OfficeBuilding, User, Document, Warning, Flag, Location, MapLocation, List, Calendar,
  Tickets, DataAnalysis, Notebook, CollectionTag
} from '@element-plus/icons-vue'
import { parts } from './parts/index.js'

export const menu = [
  { path: '/dashboard', title: 'menu.dashboard', icon: House },
  {
    group: 'menu.risk',
    items: [
      { path: '/risks', title: 'menu.risks', icon: Location, perm: 'risk.read' },
      { path: '/risk-map', title: 'menu.riskMap', icon: MapLocation, perm: 'risk.read' }
    ]
  },
  {
    group: 'menu.hazard',
    items: [
      { path: '/checklists', title: 'menu.checklists', icon: List, perm: 'checklist.read' },
      { path: '/patrols', title: 'menu.patrols', icon: Calendar, perm: 'patrol.read' },
      { path: '/hazards', title: 'menu.hazards', icon: Warning, perm: 'hazard.read' },
      { path: '/supervision', title: 'menu.supervision', icon: Flag, perm: 'hazard.read' }
    ]
  },
  ...parts.flatMap(p => p.menu),
  {
    group: 'menu.reports',
    items: [
      { path: '/reports/weekly', title: 'menu.weekly', icon: Tickets, perm: 'report.read' },
      { path: '/reports/monthly', title: 'menu.monthly', icon: Notebook, perm: 'report.read' },
      { path: '/reports/statistics', title: 'menu.statistics', icon: DataAnalysis, perm: 'report.read' }
    ]
  },
  {
    group: 'menu.system',
    items: [
      { path: '/orgs', title: 'menu.orgs', icon: OfficeBuilding, perm: 'org.read' },
      { path: '/users', title: 'menu.users', icon: User, perm: 'user.read' },
      { path: '/categories', title: 'menu.categories', icon: CollectionTag, perm: 'category.write' },
      { path: '/audit', title: 'menu.audit', icon: Document, perm: 'audit.read' }
    ]
  }
]
