/* The foundation screens as an education-bureau safety officer uses them:
 * sign in, read the dashboard, add a school under a county (a bad code is
 * refused next to the field), give it a user, find both in the audit log;
 * then the same on a phone; and user text is shown as text, never run.
 *
 * Run: XA_BASE_URL=http://127.0.0.1:18081 node --test tests/browser/ */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, input, shot, settle, apiCall, digits, pickOption, DESKTOP, PHONE, ADMIN, assertClean } from './helpers.mjs'

const RUN = digits(5)
let browser
let desk /* { ctx, page, bad } */
let county /* a county org the admin can see */
let school /* the school created through the UI */
const userName = 'principal' + RUN

/* A county in the admin's subtree, created through the API when the fresh
 * database has none (city under a province first when needed). */
async function ensureCounty (page) {
  const found = await apiCall(page, 'GET', '/orgs?kind=county&per_page=1')
  assert.equal(found.status, 200)
  if (found.body.items.length) return found.body.items[0]
  const me = (await apiCall(page, 'GET', '/me')).body
  let parent = me.org
  if (parent.kind === 'province') {
    const c = await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'city', name: '测试市' + RUN, code: digits(6) })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    parent = c.body
  }
  assert.ok(['city', 'province'].includes(me.org.kind), 'admin sits at a province or city, got ' + me.org.kind)
  const c = await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'county', name: '测试县' + RUN, code: digits(6) })
  assert.equal(c.status, 201, JSON.stringify(c.body))
  return c.body
}

describe('foundation', () => {
  before(async () => {
    browser = await launch()
    desk = await newPage(browser, DESKTOP)
  })
  after(async () => { if (browser) await browser.close() })

  test('login page refuses a bad password and says so', async () => {
    const { page } = desk
    await page.goto('/dashboard')
    await page.waitForURL(/\/login/)
    await page.getByText('学校安全风险防控平台').first().waitFor()
    await shot(page, 'login-desktop')
    await input(page, 'login-username').fill(ADMIN)
    await input(page, 'login-password').fill('wrong-' + RUN)
    await page.locator('[data-test="login-submit"]').click()
    const alert = page.locator('[data-test="login-error"]')
    await alert.waitFor()
    assert.match(await alert.innerText(), /\S/)
    await shot(page, 'login-error-desktop')
  })

  test('login page says when too many failures lock a name out (429)', async () => {
    const { page } = desk
    const ghost = 'ghost' + RUN /* a made-up name: the admin is never locked */
    await input(page, 'login-username').fill(ghost)
    const alert = page.locator('[data-test="login-error"]')
    for (let i = 0; i < 8; i++) {
      await input(page, 'login-password').fill('wrong-' + i)
      const answer = page.waitForResponse(r => r.url().endsWith('/api/v1/login'))
      await page.locator('[data-test="login-submit"]').click()
      if ((await answer).status() === 429) break
    }
    await page.locator('[data-test="login-error"].el-alert--warning').waitFor()
    assert.match(await alert.innerText(), /\d/, 'the server says when to retry')
    await shot(page, 'login-locked-desktop')
  })

  test('admin signs in and sees the dashboard of their org', async () => {
    const { page } = desk
    await login(page)
    await page.waitForURL(/\/dashboard/)
    const me = (await apiCall(page, 'GET', '/me')).body
    await page.locator('[data-test="dash-title"]', { hasText: me.org.name }).waitFor()
    await page.locator('[data-test="card-schools"]').waitFor()
    await page.locator('[data-test="user-name"]', { hasText: me.name }).waitFor()
    assert.equal(await page.locator('[data-test="current-org"]').innerText(), me.org.name)
    county = await ensureCounty(page)
    await page.reload()
    await page.locator('[data-test="dash-children"] .el-table__row').first().waitFor()
    await shot(page, 'dashboard-desktop')
  })

  test('dashboard drills down to a child org and back up by breadcrumb', async () => {
    const { page } = desk
    const top = (await page.locator('[data-test="dash-title"]').innerText()).trim()
    const first = page.locator('[data-test="dash-children"] .el-table__row').first()
    const name = (await first.locator('.el-link').innerText()).trim()
    await first.click()
    await page.waitForURL(/\/dashboard\?org=\d+/)
    await page.locator('[data-test="dash-title"]', { hasText: name }).waitFor()
    /* title and breadcrumb show together: the crumb back up is there now */
    const crumbs = page.locator('[data-test="dash-breadcrumb"] a')
    assert.ok(await crumbs.count() >= 1, 'a breadcrumb leads back up')
    await crumbs.first().click()
    await page.waitForURL(u => !u.search.includes('org='))
    await page.locator('[data-test="dash-title"]', { hasText: top }).waitFor()
    await page.locator('[data-test="dash-breadcrumb"]').waitFor({ state: 'detached' })
    await page.locator('[data-test="dash-children"] .el-table__row').first().waitFor()
  })

  test('org tree: a school with a bad code gets the field error, then saves', async () => {
    const { page } = desk
    await page.locator('[data-test="menu-orgs"]').click()
    await page.waitForURL(/\/orgs/)
    await page.locator('[data-test="org-tree"] .el-tree-node').first().waitFor()
    await page.locator('[data-test="org-detail-name"]').waitFor()
    await shot(page, 'orgs-desktop')

    /* find the county through the search box and open it */
    await input(page, 'org-search').fill(county.name)
    await input(page, 'org-search').press('Enter')
    await page.locator('[data-test="org-results"] .result-item', { hasText: county.name }).first().click()
    await page.locator('[data-test="org-detail-name"]', { hasText: county.name }).waitFor()

    await page.locator('[data-test="org-create-child"]').click()
    const dlg = page.locator('.el-dialog', { hasText: county.name }).filter({ has: page.locator('[data-test="org-code"]') })
    await dlg.waitFor()
    await dlg.locator('[data-test="org-kind"] .el-radio-button', { hasText: '学校' }).click()
    const schoolName = '测试实验学校' + RUN
    await dlg.locator('[data-test="org-name"] input').fill(schoolName)
    await dlg.locator('[data-test="org-code"] input').fill('12345')
    await pickOption(page, dlg.locator('[data-test="org-school-type"] .el-select__wrapper'), '九年一贯制')
    await dlg.locator('[data-test="org-students"] input').fill('960')
    await dlg.locator('[data-test="org-classes"] input').fill('24')
    await dlg.locator('[data-test="org-staff"] input').fill('75')
    await dlg.locator('[data-test="org-address"] input').fill('测试路 ' + RUN + ' 号')
    await dlg.locator('[data-test="org-save"]').click()
    const err = dlg.locator('[data-test="org-code"] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /10/, 'the server says the code wants 10 digits')
    await shot(page, 'org-dialog-error-desktop')

    const code = digits(10)
    await dlg.locator('[data-test="org-code"] input').fill(code)
    await dlg.locator('[data-test="org-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="org-detail-name"]', { hasText: schoolName }).waitFor()
    await page.locator('[data-test="org-detail"]', { hasText: code }).waitFor()
    await page.locator('[data-test="org-tree"] .tree-label', { hasText: schoolName }).waitFor()
    const list = await apiCall(page, 'GET', '/orgs?q=' + encodeURIComponent(schoolName))
    school = list.body.items.find(o => o.name === schoolName)
    assert.ok(school, 'the school exists on the server')
    assert.equal(school.code, code)
    assert.equal(school.school_type, 'nine_year')
    assert.equal(school.students, 960)
    await shot(page, 'org-created-desktop')
  })

  test('users: create a principal for the new school', async () => {
    const { page } = desk
    await page.getByRole('button', { name: '查看用户' }).click()
    await page.waitForURL(/\/users\?org_id=\d+/)
    await page.locator('[data-test="user-table"]').waitFor()
    await page.locator('[data-test="user-create"]').click()
    const dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test="user-username"]') })
    await dlg.waitFor()
    await dlg.locator('[data-test="user-username"] input').fill(userName)
    await dlg.locator('[data-test="user-name"] input').fill('王校长' + RUN)
    await dlg.locator('[data-test="user-phone"] input').fill('139' + digits(8))
    await dlg.locator('[data-test="user-password"] input').fill('School#' + RUN + 'x')
    /* the org comes preset from the filter; the first role binds to it */
    await dlg.locator('[data-test="user-org"]', { hasText: school.name }).waitFor()
    await pickOption(page, dlg.locator('[data-test="role-row-0"] .role-sel .el-select__wrapper'), '校长')
    await shot(page, 'user-dialog-desktop')
    await dlg.locator('[data-test="user-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="user-table"] .el-table__row', { hasText: userName })
    await row.waitFor()
    assert.match(await row.innerText(), /校长/)
    const u = (await apiCall(page, 'GET', '/users?q=' + userName)).body.items.find(x => x.username === userName)
    assert.ok(u, 'user exists on the server')
    assert.equal(u.org_id, school.id)
    assert.deepEqual(u.roles.map(r => [r.role, r.org_id]), [['principal', school.id]])
    await shot(page, 'users-desktop')
  })

  test('audit log shows the new user and school with before/after as text', async () => {
    const { page } = desk
    await page.locator('[data-test="menu-audit"]').click()
    await page.waitForURL(/\/audit/)
    const row = page.locator('[data-test="audit-table"] .el-table__row', { hasText: '王校长' + RUN }).first()
    await row.waitFor()
    await row.locator('.el-table__expand-icon').click()
    const pre = page.locator('[data-test^="audit-detail-"] pre', { hasText: userName }).first()
    await pre.waitFor()
    assert.match(await pre.innerText(), new RegExp('"username": "' + userName + '"'))
    await page.locator('[data-test="audit-table"] .el-table__row', { hasText: '测试实验学校' + RUN }).first().waitFor()
    await shot(page, 'audit-desktop')
  })

  test('user text is rendered as text, never as markup', async () => {
    const { page, bad } = desk
    const evil = '<script>alert(1)</script>'
    const res = await apiCall(page, 'POST', '/orgs', {
      parent_id: county.id, kind: 'school', name: evil, code: digits(10), school_type: 'primary'
    })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    /* dashboard table of the county, the org tree detail, the audit log */
    await page.goto('/dashboard?org=' + county.id)
    await page.locator('[data-test="dash-children"]').getByText(evil, { exact: true }).first().waitFor()
    await shot(page, 'xss-dashboard-desktop')
    await page.goto('/orgs')
    await input(page, 'org-search').fill('script')
    await input(page, 'org-search').press('Enter')
    await page.locator('[data-test="org-results"] .result-item', { hasText: evil }).first().click()
    await page.locator('[data-test="org-detail-name"]').getByText(evil, { exact: true }).waitFor()
    await shot(page, 'xss-orgs-desktop')
    await page.goto('/audit')
    await page.locator('[data-test="audit-table"]').getByText(evil).first().waitFor()
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script element got into the page')
    assert.deepEqual(bad.dialogs, [], 'alert() never ran')
  })

  test('English is one switch away', async () => {
    const { page } = desk
    await page.goto('/dashboard')
    await page.locator('[data-test="lang-switch"]').click()
    await page.locator('[data-test="lang-en"]').click()
    await page.locator('[data-test="menu-dashboard"]', { hasText: 'Dashboard' }).waitFor()
    await page.locator('[data-test="card-schools"]', { hasText: 'Schools' }).waitFor()
    await shot(page, 'dashboard-en-desktop')
    await page.locator('[data-test="lang-switch"]').click()
    await page.locator('.el-dropdown-menu__item:visible', { hasText: '简体中文' }).click()
    await page.locator('[data-test="menu-dashboard"]', { hasText: '工作台' }).waitFor()
  })

  test('unknown paths show the 404 page', async () => {
    const { page, bad } = desk
    await page.goto('/no/such/page')
    await page.getByText('页面不存在').first().waitFor()
    await shot(page, 'notfound-desktop')
    await page.locator('[data-test="nf-home"]').click()
    await page.waitForURL(/\/dashboard/)
    assertClean(bad, 'desktop session')
  })

  test('sign out returns to the login page', async () => {
    const { page } = desk
    await page.locator('[data-test="user-menu"]').click()
    await page.locator('[data-test="logout"]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.waitForURL(/\/login/)
    const r = await page.request.get('/api/v1/me')
    assert.equal(r.status(), 401)
  })

  test('phone: login, dashboard and the menu drawer', async () => {
    const phone = await newPage(browser, PHONE)
    const { page, bad } = phone
    try {
      await page.goto('/login')
      await input(page, 'login-username').waitFor()
      await shot(page, 'login-phone')
      await login(page)
      await page.locator('[data-test="card-schools"]').waitFor()
      assert.equal(await page.locator('.xa-aside:not(.xa-aside-drawer)').count(), 0, 'no fixed side menu on a phone')
      await shot(page, 'dashboard-phone')
      await page.locator('[data-test="menu-toggle"]').click()
      const drawer = page.locator('.el-drawer [data-test="side-menu"]')
      await drawer.waitFor()
      await settle(page) /* the slide-in has ended */
      const box = await drawer.boundingBox()
      assert.ok(box && box.x >= 0 && box.width < 390, 'the drawer slides in from the left')
      await shot(page, 'menu-drawer-phone')
      await drawer.locator('[data-test="menu-orgs"]').click()
      await page.waitForURL(/\/orgs/)
      await drawer.waitFor({ state: 'hidden' })
      await page.locator('[data-test="org-detail-name"]').waitFor()
      await shot(page, 'orgs-phone')
      await page.goto('/users')
      await page.locator('[data-test="user-table"] .el-table__row').first().waitFor()
      await shot(page, 'users-phone')
      await page.goto('/audit')
      await page.locator('[data-test="audit-table"] .el-table__row').first().waitFor()
      await shot(page, 'audit-phone')
      assertClean(bad, 'phone session')
    } finally {
      await phone.ctx.close()
    }
  })
})
