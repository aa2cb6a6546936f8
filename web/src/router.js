import { createRouter, createWebHistory } from 'vue-router'
import { auth, setMe, clearAuth, can } from './auth.js'
import { api, setUnauthorizedHandler } from './api.js'
import { parts } from './parts/index.js'

const Layout = () => import('./layouts/AppLayout.vue')

/* meta.perm: the permission a route needs (see menu.js). meta.public:
 * reachable signed out. Hazard / risk routes join the layout's children. */
const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: 'password.title' } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', redirect: '/dashboard' },
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: 'menu.dashboard' } },
      { path: 'orgs', name: 'orgs', component: () => import('./views/OrgsView.vue'), meta: { title: 'menu.orgs', perm: 'org.read' } },
      { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: 'menu.users', perm: 'user.read' } },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: 'menu.audit', perm: 'audit.read' } },
      { path: 'hazards', name: 'hazards', component: () => import('./views/HazardsView.vue'), meta: { title: 'menu.hazards', perm: 'hazard.read' } },
      { path: 'hazards/:id(\\d+)', name: 'hazard', component: () => import('./views/HazardView.vue'), meta: { title: 'hazard.info', perm: 'hazard.read' } },
      { path: 'supervision', name: 'supervision', component: () => import('./views/HazardsView.vue'), meta: { title: 'menu.supervision', perm: 'hazard.read' } },
      { path: 'risks', name: 'risks', component: () => import('./views/RisksView.vue'), meta: { title: 'menu.risks', perm: 'risk.read' } },
      { path: 'risk-map', name: 'risk-map', component: () => import('./views/RiskMapView.vue'), meta: { title: 'menu.riskMap', perm: 'risk.read' } },
      { path: 'checklists', name: 'checklists', component: () => import('./views/ChecklistsView.vue'), meta: { title: 'menu.checklists', perm: 'checklist.read' } },
      { path: 'patrols', name: 'patrols', component: () => import('./views/PatrolsView.vue'), meta: { title: 'menu.patrols', perm: 'patrol.read' } },
      { path: 'reports/weekly', name: 'report-weekly', component: () => import('./views/WeeklyReportView.vue'), meta: { title: 'menu.weekly', perm: 'report.read' } },
      { path: 'reports/monthly', name: 'report-monthly', component: () => import('./views/MonthlyReportView.vue'), meta: { title: 'menu.monthly', perm: 'report.read' } },
      { path: 'reports/statistics', name: 'report-statistics', component: () => import('./views/StatisticsView.vue'), meta: { title: 'menu.statistics', perm: 'report.read' } },
      { path: 'categories', name: 'categories', component: () => import('./views/CategoriesView.vue'), meta: { title: 'menu.categories', perm: 'category.write' } },
      { path: 'patrol/scan/:token', name: 'patrol-scan', component: () => import('./views/PatrolScanView.vue'), meta: { title: 'patrol.scanTitle', perm: 'patrol.write' } },
      ...parts.flatMap(p => p.routes),
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: 'notFound.title' } }
    ]
  },
  ...parts.flatMap(p => p.publicRoutes),
  { path: '/:pathMatch(.*)*', name: 'notfound', component: () => import('./views/NotFoundView.vue'), meta: { public: true } }
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 })
})

/* Ask the server once per page load who we are (and the CSRF token). */
async function loadMe () {
  try {
    const me = await api.get('/me', null, { quiet: true, noAuthRedirect: true })
    setMe(me, me && me.csrf_token)
  } catch (e) {
    clearAuth()
  }
}

router.beforeEach(async (to) => {
  if (!auth.loaded) await loadMe()
  if (to.meta.public) {
    if (to.name === 'login' && auth.me) return { path: '/dashboard' }
    return true
  }
  if (!auth.me) {
    return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  /* an account an administrator made or reset chooses its own password first */
  if (auth.me.must_change_password && to.name !== 'password') {
    return { name: 'password', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.meta.perm && !can(to.meta.perm)) return { name: 'forbidden' }
  return true
})

setUnauthorizedHandler(() => {
  const cur = router.currentRoute.value
  if (cur.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: cur.fullPath } })
  }
})
