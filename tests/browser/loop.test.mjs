/* The closed loop held to the seeds' rules (issue 12), as a school and its
 * county live it:
 *  - a school's safety officer reports a major hazard on a phone (390 px):
 *    it is listed for 挂牌督办 by the county at once, with a 整改通知书
 *    numbered by the county; the school rectifies and verifies it; it then
 *    waits for the county (待督办单位销号), which confirms the 销号 at a desk;
 *  - a hazard left unassigned past the assignment limit shows as overdue
 *    (待交办超时) on the county dashboard and in the ledger (test clock:
 *    POST /admin/run-jobs with a future `now`; the server runs with
 *    --test-clock).
 * Screenshots of the hazard page and the ledger on a phone and a desk. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, input, shot, apiCall, digits, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin, pickOption, png } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Loop#' + RUN + 'x'
const TITLE = '宿舍楼安全出口被封堵' + RUN
const LATE = '操场围栏破损' + RUN
let browser, admin, w

const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, 'lp' + role.replace('_', '') + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '闭环市' + RUN, '闭环县' + RUN)
  const school = await mkSchool(page, county.id, '闭环第一中学' + RUN)
  const officer = await user(page, school.id, 'safety_officer', '赵安全' + RUN)
  const principal = await user(page, school.id, 'principal', '钱校长' + RUN)
  const teacher = await user(page, school.id, 'staff', '孙老师' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '周科长' + RUN)
  return { county, school, officer, principal, teacher, bureau }
}

/* a fresh cookie session for another user on the same browser */
async function as (u, opts = DESKTOP) {
  const ctx = await newPage(browser, opts)
  await login(ctx.page, u.username, PW)
  return ctx
}

describe('hazard loop held to the seeds', () => {
  let hazardId

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => { if (browser) await browser.close() })

  test('a major hazard reported on a phone is listed by the county with a numbered notice', async () => {
    const phone = await as(w.officer, PHONE)
    const { page, bad } = phone
    await page.goto('/hazards')
    await page.locator('[data-test="hazard-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="hazard-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="hz-title"] input').fill(TITLE)
    await pickOption(page, dlg.locator('[data-test="hz-category"] .el-select__wrapper'), '消防')
    await dlg.locator('[data-test="hz-grade"] .el-radio-button', { hasText: '重大隐患' }).click()
    await dlg.locator('[data-test="hz-location"] input').fill('宿舍楼一楼东侧')
    assert.equal(await dlg.locator('[data-test="hz-onspot"]').count(), 0, 'a major hazard is never 立行立改')
    await shot(page, 'loop-report-major-phone')
    await dlg.locator('[data-test="hz-save"]').click()
    await page.waitForURL(/\/hazards\/\d+$/)
    hazardId = Number(page.url().match(/\/hazards\/(\d+)$/)[1])
    await page.locator('[data-test="hazard-title"]', { hasText: TITLE }).waitFor()
    await page.locator('[data-test="supervise-panel"]').waitFor()
    await page.locator('[data-test="supervise-org"]', { hasText: w.county.name }).waitFor()
    const no = (await page.locator('[data-test="notice-no"]').innerText()).trim()
    assert.match(no, /^闭教安〔\d{4}〕\d+号$/, 'numbered by the county (its prefix)')
    await page.locator('[data-test="five-missing"]').waitFor() /* 五落实 names what is missing */
    await shot(page, 'loop-hazard-listed-phone')
    /* 五落实 on the phone: the responsible person picked from the staff, funds 0 (not 未落实) */
    await page.locator('[data-test="five-edit"]').click()
    const fd = page.locator('.el-dialog[data-test="five-dialog"]')
    await fd.waitFor()
    await pickOption(page, fd.locator('[data-test="five-staff"] .el-select__wrapper, .el-select__wrapper[data-test="five-staff"]').first(), w.principal.name)
    await fd.locator('[data-test="funds-set"]').click()
    await shot(page, 'loop-five-phone')
    await fd.locator('[data-test="five-save"]').click()
    await fd.waitFor({ state: 'hidden' })
    await page.locator('[data-test="five-missing"]', { hasText: '整改措施' }).waitFor()
    const hv = (await apiCall(page, 'GET', '/hazards/' + hazardId)).body
    assert.equal(hv.five.responsible_id, w.principal.id)
    assert.equal(hv.five.funds, 0)
    assert.deepEqual(hv.five.missing, ['measures', 'deadline', 'plan'])
    /* JSON and PDF of the notice say the same: issued by the county */
    const n = (await apiCall(page, 'GET', `/hazards/${hazardId}/notice`)).body
    assert.equal(n.number, no)
    assert.equal(n.issuer, w.county.name)
    assert.equal(n.listed, true)
    assert.match(n.paragraphs[1], /不得擅自销号/)
    const pdf = await page.request.get(`/api/v1/hazards/${hazardId}/notice.pdf`)
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    assertClean(bad, 'officer phone')
    await phone.ctx.close()
  })

  test('the school rectifies and verifies; it waits for the county, which confirms 销号', async () => {
    const off = await as(w.officer, PHONE)
    const p = off.page
    const dl = (days) => new Date(Date.now() + days * 86400e3).toISOString()
    await ok(await apiCall(p, 'POST', `/hazards/${hazardId}/actions`, { action: 'assign', rectifier_id: w.teacher.id, deadline: dl(7) }), 200)
    await ok(await apiCall(p, 'PUT', `/hazards/${hazardId}/five`, {
      responsible_id: w.principal.id, measures: '拆除封堵物，恢复安全出口', funds: 2000, deadline: dl(6),
      plan: '整改期间启用西侧出口的应急疏散预案', safeguards: '专人值守，张贴临时疏散指示'
    }), 200)
    const pr = await as(w.principal)
    await ok(await apiCall(pr.page, 'POST', `/hazards/${hazardId}/actions`, { action: 'approve_plan' }), 200)
    await pr.ctx.close()
    const te = await as(w.teacher, PHONE)
    await ok(await apiCall(te.page, 'POST', `/hazards/${hazardId}/actions`, { action: 'start' }), 200)
    const ph = await te.page.request.post('/api/v1/photos?school_id=' + w.school.id, {
      headers: { 'Content-Type': 'image/png', 'X-CSRF-Token': (await apiCall(te.page, 'GET', '/me')).body.csrf_token },
      data: png(48, 32, [30, 160, Number(RUN) % 256])
    })
    const photoId = (await ph.json()).id
    await ok(await apiCall(te.page, 'POST', `/hazards/${hazardId}/actions`, { action: 'submit', photo_ids: [photoId], note: '封堵物已拆除' }), 200)
    await te.ctx.close()

    /* the officer verifies on the phone */
    await p.goto('/hazards/' + hazardId)
    await p.locator('[data-test="hazard-state"]', { hasText: '待验收' }).waitFor()
    await p.locator('[data-test="act-verify"]').click()
    const dlg = p.locator('.el-dialog[data-test="action-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="act-note"] textarea').fill('学校验收合格')
    await dlg.locator('[data-test="act-confirm"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await p.locator('[data-test="hazard-state"]', { hasText: '待督办单位销号' }).waitFor()
    assert.equal(await p.locator('[data-test="act-close"]').count(), 0, 'the school cannot 销号 a listed hazard')
    await p.locator('[data-test="no-actions"]').waitFor()
    await shot(p, 'loop-await-county-phone')
    assertClean(off.bad, 'officer phone')
    await off.ctx.close()

    /* the county at a desk: 催办 is recorded, then it confirms 销号 */
    const cty = await as(w.bureau)
    const c = cty.page
    await c.goto('/hazards/' + hazardId)
    await c.locator('[data-test="hazard-state"]', { hasText: '待督办单位销号' }).waitFor()
    await c.locator('[data-test="act-close"]').click()
    const cd = c.locator('.el-dialog[data-test="action-dialog"]')
    await cd.waitFor()
    await cd.locator('[data-test="act-note"] textarea').fill('经县局复核，整改到位，准予销号、摘牌')
    await shot(c, 'loop-county-close-desktop')
    await cd.locator('[data-test="act-confirm"]').click()
    await cd.waitFor({ state: 'hidden' })
    await c.locator('[data-test="hazard-state"]', { hasText: '已销号' }).waitFor()
    await shot(c, 'loop-hazard-closed-desktop')
    const h = (await apiCall(c, 'GET', '/hazards/' + hazardId)).body
    assert.equal(h.state, 'closed')
    assert.deepEqual(h.history.map(e => e.action).slice(-2), ['verify', 'close'])
    assert.equal(h.history.at(-1).actor_id, w.bureau.id)
    assertClean(cty.bad, 'county desktop')
    await cty.ctx.close()
  })

  test('a hazard left unassigned past the limit shows as overdue on the county dashboard', async () => {
    const off = await as(w.officer)
    const h = await ok(await apiCall(off.page, 'POST', '/hazards', { school_id: w.school.id, title: LATE, category: 'building', grade: 'general', location: '操场北侧' }))
    await off.ctx.close()
    /* the test clock: the sweep runs 25 hours later (assignment limit 24 h) */
    const jobs = await ok(await apiCall(admin.page, 'POST', '/admin/run-jobs', { now: new Date(Date.now() + 25 * 3600e3).toISOString() }), 200)
    assert.ok(jobs.flagged_overdue >= 1, JSON.stringify(jobs))
    const st = (await apiCall(admin.page, 'GET', `/stats?org=${w.county.id}`)).body
    assert.equal(st.assign_overdue, 1)
    assert.equal(st.major_open, 0, 'the closed major hazard is not counted')

    const cty = await as(w.bureau)
    const { page, bad } = cty
    await page.goto('/dashboard')
    await page.locator('[data-test="dash-title"]', { hasText: w.county.name }).waitFor()
    await page.locator('[data-test="card-overdue-sub"]', { hasText: '待交办超时 1' }).waitFor()
    assert.equal((await page.locator('[data-test="card-overdue"] .stat-value').innerText()).trim(), '1')
    assert.equal((await page.locator('[data-test="card-major"] .stat-value').innerText()).trim(), '0')
    await shot(page, 'loop-dashboard-county-desktop')
    /* the ledger opens on open hazards by urgency: the late one first */
    await page.goto('/hazards')
    const row = page.locator('[data-test="hazard-table"] .el-table__row').first()
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(LATE))
    await page.locator(`[data-test="hazard-overdue-${h.id}"]`, { hasText: '待交办超时' }).waitFor()
    assert.equal(await page.locator('[data-test="hazard-table"] .el-table__row', { hasText: TITLE }).count(), 0, 'closed ones are filtered out (未销号)')
    await shot(page, 'loop-ledger-desktop')
    await page.locator('[data-test="hz-filter-unclosed"]').click()
    await page.locator('[data-test="hazard-table"] .el-table__row', { hasText: TITLE }).waitFor()
    assertClean(bad, 'county desktop')
    await cty.ctx.close()

    const ph = await as(w.bureau, PHONE)
    await ph.page.goto('/hazards')
    await ph.page.locator(`[data-test="hazard-overdue-${h.id}"]`, { hasText: '待交办超时' }).waitFor()
    await shot(ph.page, 'loop-ledger-phone')
    await ph.page.goto('/hazards/' + h.id)
    await ph.page.locator('[data-test="hazard-overdue"]', { hasText: '待交办超时' }).waitFor()
    await shot(ph.page, 'loop-hazard-overdue-phone')
    assertClean(ph.bad, 'county phone')
    await ph.ctx.close()
  })
})

void input
