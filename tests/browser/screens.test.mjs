/* The issue-4 screens on their main path: a county bureau writes a
 * checklist template (a blank item is refused next to the item) and adds a
 * category; the school's safety officer copies the template, makes a
 * patrol plan, uploads the campus plan, places and drags risk points on
 * it, submits the weekly report and downloads it as .xlsx (a zip: "PK");
 * the county sees the submission, the monthly bulletin and the statistics
 * table, and exports the hazard ledger; then the same screens on a phone.
 *
 * The world (county, school, users, risk points) is made through the API
 * as the admin, like dual.test.mjs. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { newPage, login, shot, apiCall, digits, png, pickOption, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Scr#' + RUN + 'x'
const TPL = '校园消防安全排查清单' + RUN
const ITEM1 = '灭火器压力正常且在有效期内'
const ITEM2 = '疏散通道和安全出口畅通'
const PLAN = '教学区每日巡查' + RUN
let browser, admin, w

/* this file's users: username from the role, password PW */
const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, role.replace('_', '') + 's' + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '报表市' + RUN, '报表县' + RUN)
  const school = await mkSchool(page, county.id, '城关第二小学' + RUN, { students: 1200, classes: 24, staff: 80 })
  const officer = await user(page, school.id, 'safety_officer', '周安全' + RUN)
  const teacher = await user(page, school.id, 'staff', '陈老师' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '林科长' + RUN)
  const mkPoint = async (name, category, position, grade) => {
    const p = await ok(await apiCall(page, 'POST', '/risk-points', {
      school_id: school.id, name, location: name + '现场', category, patrol_frequency: 'daily', control_level: 'school', ...(position ? { position } : {})
    }))
    if (grade) await ok(await apiCall(page, 'POST', `/risk-points/${p.id}/assessments`, grade))
    return p
  }
  const lab = await mkPoint('化学实验室危化品柜' + RUN, 'lab', { x: 0.3, y: 0.4 }, { method: 'LS', l: 4, s: 5 })
  const gate = await mkPoint('学校正门' + RUN, 'security', { x: 0.7, y: 0.8 }, { method: 'LS', l: 2, s: 2 })
  const pond = await mkPoint('校园南侧池塘' + RUN, 'drowning', null, { method: 'LS', l: 3, s: 4 })
  /* one hazard so the reports and the ledger have a row */
  await ok(await apiCall(page, 'POST', '/hazards', { school_id: school.id, title: '实验室灭火毯缺失' + RUN, category: 'lab', grade: 'general' }))
  return { county, school, officer, teacher, bureau, lab, gate, pond }
}

/* the bytes of a download the page triggers by clicking `button` */
async function downloadOf (page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.locator(button).click()])
  const file = await dl.path()
  return { name: dl.suggestedFilename(), bytes: await readFile(file) }
}

describe('issue-4 screens', () => {
  let bureau, officer

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => { if (browser) await browser.close() })

  test('bureau admin writes a checklist template; a blank item is refused next to it', async () => {
    bureau = await newPage(browser, DESKTOP)
    const { page, bad } = bureau
    await login(page, w.bureau.username, PW)
    await page.locator('[data-test="menu-checklists"]').click()
    await page.waitForURL(/\/checklists/)
    await page.locator('[data-test="tpl-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="checklist-dialog"]')
    await dlg.waitFor()
    await pickOption(page, dlg.locator('[data-test="cl-category"] .el-select__wrapper'), '消防')
    await dlg.locator('[data-test="cl-name"] input').fill(TPL)
    await dlg.locator('[data-test="item-standard-0"] input, input[data-test="item-standard-0"]').first().fill('压力表指针在绿区')
    await dlg.locator('[data-test="cl-save"]').click()
    /* the server names items[0].content; the error sits under that item */
    const err = dlg.locator('[data-test="item-row-0"] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /\S/)
    await shot(page, 'checklist-template-error-desktop')
    await dlg.locator('input[data-test="item-content-0"], [data-test="item-content-0"] input').first().fill(ITEM1)
    await dlg.locator('[data-test="item-add"]').click()
    await dlg.locator('input[data-test="item-content-1"], [data-test="item-content-1"] input').first().fill(ITEM2)
    await dlg.locator('input[data-test="item-method-1"], [data-test="item-method-1"] input').first().fill('现场查看')
    await dlg.locator('[data-test="cl-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="tpl-table"] .el-table__row', { hasText: TPL })
    await row.waitFor()
    const tpl = (await apiCall(page, 'GET', '/checklist-templates?per_page=200')).body.items.find(t => t.name === TPL)
    assert.ok(tpl, 'template saved')
    assert.equal(tpl.org_id, w.county.id)
    assert.deepEqual(tpl.items.map(i => i.content), [ITEM1, ITEM2])
    assert.equal(tpl.items[1].method, '现场查看')
    w.tpl = tpl
    await row.locator('.el-table__expand-icon').click()
    await page.locator('[data-test="items-table"]', { hasText: ITEM2 }).waitFor()
    await shot(page, 'checklist-templates-desktop')
    assertClean(bad, 'bureau checklists')
  })

  test('categories are the root bureau\'s: a county admin reads them, the root admin adds one', async () => {
    {
      const { page } = bureau
      await page.locator('[data-test="menu-categories"]').click()
      await page.waitForURL(/\/categories/)
      await page.locator('[data-test="cat-table"] .el-table__row', { hasText: '消防' }).first().waitFor()
      assert.equal(await page.locator('[data-test="cat-create"]').count(), 0, 'no add button below the root')
    }
    const { page, bad } = admin
    await page.goto('/categories')
    await page.locator('[data-test="cat-table"] .el-table__row', { hasText: '消防' }).first().waitFor()
    await page.locator('[data-test="cat-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="cat-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="cat-f-code"] input').fill('Bad Code')
    await dlg.locator('[data-test="cat-f-name"] input').fill('研学旅行')
    await dlg.locator('[data-test="cat-save"]').click()
    await dlg.locator('[data-test="cat-f-code"] .el-form-item__error').waitFor() /* the server refuses the code */
    const code = 'trip' + RUN
    await dlg.locator('[data-test="cat-f-code"] input').fill(code)
    await dlg.locator('[data-test="cat-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator(`[data-test="cat-code-${code}"]`).waitFor()
    const cats = (await apiCall(page, 'GET', '/categories')).body.items
    assert.equal(cats.find(c => c.code === code).name_zh, '研学旅行')
    await shot(page, 'categories-desktop')
    assertClean(bad, 'root categories')
  })

  test('the school copies the template and makes a patrol plan', async () => {
    officer = await newPage(browser, DESKTOP)
    const { page, bad } = officer
    await login(page, w.officer.username, PW)
    await page.goto('/checklists')
    await page.locator(`[data-test="tpl-copy-${w.tpl.id}"]`).click()
    const dlg = page.locator('.el-dialog[data-test="copy-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="copy-school"]', { hasText: w.school.name }).waitFor() /* the own school is preselected */
    await dlg.locator('[data-test="copy-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="list-table"] .el-table__row', { hasText: TPL })
    await row.waitFor()
    assert.match(await row.innerText(), /模板复制/)
    const lists = (await apiCall(page, 'GET', `/checklists?org=${w.school.id}`)).body.items
    const copy = lists.find(l => l.name === TPL)
    assert.equal(copy.template_id, w.tpl.id)
    assert.equal(copy.item_count, 2)
    await shot(page, 'checklist-school-desktop')

    await page.locator('[data-test="menu-patrols"]').click()
    await page.waitForURL(/\/patrols/)
    await page.locator('[data-test="plan-create"]').click()
    const pd = page.locator('.el-dialog[data-test="plan-dialog"]')
    await pd.waitFor()
    await pd.locator('[data-test="plan-save"]').click()
    await pd.locator('[data-test="plan-name"] .el-form-item__error').waitFor() /* name is required */
    await pd.locator('[data-test="plan-name"] input').fill(PLAN)
    await pickOption(page, pd.locator('[data-test="plan-points"] .el-select__wrapper'), w.lab.name)
    await page.locator('.el-select-dropdown__item:visible', { hasText: w.gate.name }).first().click()
    await page.keyboard.press('Escape')
    await pickOption(page, pd.locator('[data-test="plan-assignees"] .el-select__wrapper'), w.teacher.name)
    await page.keyboard.press('Escape')
    await pd.locator('[data-test="plan-frequency"] .el-radio-button', { hasText: '每日' }).click()
    await pd.locator('[data-test="plan-save"]').click()
    await pd.waitFor({ state: 'hidden' })
    await page.locator('[data-test="plan-table"] .el-table__row', { hasText: PLAN }).waitFor()
    const plan = (await apiCall(page, 'GET', '/patrol-plans')).body.items.find(p => p.name === PLAN)
    assert.deepEqual(plan.points.map(p => p.id).sort(), [w.lab.id, w.gate.id].sort())
    assert.deepEqual(plan.assignees.map(u => u.name), [w.teacher.name])
    assert.equal(plan.frequency, 'daily')
    await shot(page, 'patrol-plans-desktop')
    /* missed patrols: the new daily points have no patrol today */
    await page.locator('.el-tabs__item', { hasText: '漏巡点位' }).click()
    await page.locator('[data-test="missed-table"] .el-table__row', { hasText: w.lab.name }).waitFor()
    await shot(page, 'patrol-missed-desktop')
    /* a patrol without a QR scan shows in the records with its flag and items */
    await ok(await apiCall(page, 'POST', '/patrols', { risk_point_id: w.gate.id, plan_id: plan.id, results: [{ content: '门卫值守在岗', result: 'pass' }, { content: '防冲撞设施完好', result: 'na' }], note: '午间巡查' }))
    await page.locator('.el-tabs__item', { hasText: '巡查记录' }).click()
    const rec = page.locator('[data-test="record-table"] .el-table__row', { hasText: w.gate.name })
    await rec.waitFor()
    assert.match(await rec.innerText(), /未扫码/)
    await rec.click()
    const rd = page.locator('.el-dialog[data-test="record-dialog"]')
    await rd.locator('.el-table__row', { hasText: '防冲撞设施完好' }).waitFor()
    assert.match(await rd.innerText(), /不适用/)
    await shot(page, 'patrol-record-desktop')
    await rd.locator('.el-dialog__headerbtn').click()
    await rd.waitFor({ state: 'hidden' })
    assertClean(bad, 'officer checklists and plans')
  })

  test('campus plan: upload, see the markers, place one and drag another', async () => {
    const { page, bad } = officer
    await page.locator('[data-test="menu-risk-map"]').click()
    await page.waitForURL(/\/risk-map/)
    await page.locator('[data-test="no-plan"]').waitFor()
    await page.locator('input[data-test="plan-upload"]').setInputFiles({ name: 'campus.png', mimeType: 'image/png', buffer: png(480, 320, [236, 240, 232]) })
    await page.waitForFunction(() => { const i = document.querySelector('img[data-test="plan-img"]'); return i && i.complete && i.naturalWidth === 480 })
    await page.locator(`[data-test="marker-${w.lab.id}"]`).waitFor()
    await page.locator(`[data-test="marker-${w.gate.id}"]`).waitFor()
    assert.equal(await page.locator(`[data-test="marker-${w.pond.id}"]`).count(), 0, 'an unplaced point has no marker')
    /* the marker sits where its position says, coloured by level */
    const plan = await page.locator('[data-test="campus-plan"]').boundingBox()
    const mk = await page.locator(`[data-test="marker-${w.lab.id}"] .pin`).boundingBox()
    assert.ok(Math.abs(mk.x + mk.width / 2 - (plan.x + 0.3 * plan.width)) < 4, 'x of the marker')
    assert.ok(Math.abs(mk.y + mk.height / 2 - (plan.y + 0.4 * plan.height)) < 4, 'y of the marker')
    const colour = await page.locator(`[data-test="marker-${w.lab.id}"] .pin`).evaluate(e => getComputedStyle(e).backgroundColor)
    assert.equal(colour, 'rgb(217, 54, 62)', 'a major point is red')

    /* place the pond with a click */
    await page.locator(`[data-test="place-${w.pond.id}"]`).click()
    await page.locator('[data-test="placing"]').waitFor()
    await page.mouse.click(plan.x + 0.5 * plan.width, plan.y + 0.25 * plan.height)
    await page.locator(`[data-test="marker-${w.pond.id}"]`).waitFor()
    await page.waitForResponse(r => r.url().endsWith(`/risk-points/${w.pond.id}`) && r.request().method() === 'PATCH').catch(() => {})
    await page.waitForFunction(() => !document.querySelector('[data-test="placing"]'))

    /* drag the gate marker to (0.8, 0.2) */
    const g = await page.locator(`[data-test="marker-${w.gate.id}"] .pin`).boundingBox()
    const saved = page.waitForResponse(r => r.url().endsWith(`/risk-points/${w.gate.id}`) && r.request().method() === 'PATCH')
    await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2)
    await page.mouse.down()
    await page.mouse.move(plan.x + 0.6 * plan.width, plan.y + 0.5 * plan.height, { steps: 4 })
    await page.mouse.move(plan.x + 0.8 * plan.width, plan.y + 0.2 * plan.height, { steps: 4 })
    await page.mouse.up()
    assert.equal((await saved).status(), 200)
    const gate = (await apiCall(page, 'GET', `/risk-points/${w.gate.id}`)).body
    assert.ok(Math.abs(gate.position.x - 0.8) < 0.02 && Math.abs(gate.position.y - 0.2) < 0.02, JSON.stringify(gate.position))
    const pond = (await apiCall(page, 'GET', `/risk-points/${w.pond.id}`)).body
    assert.ok(Math.abs(pond.position.x - 0.5) < 0.02 && Math.abs(pond.position.y - 0.25) < 0.02, JSON.stringify(pond.position))
    /* after a reload the markers stay where they were put */
    await page.reload()
    await page.locator(`[data-test="marker-${w.pond.id}"]`).waitFor()
    await page.waitForFunction(() => { const i = document.querySelector('img[data-test="plan-img"]'); return i && i.complete && i.naturalWidth > 0 })
    await shot(page, 'risk-map-school-desktop')
    assertClean(bad, 'officer risk map')
  })

  test('weekly report: the school submits; its xlsx is a zip', async () => {
    const { page, bad } = officer
    await page.locator('[data-test="menu-reports-weekly"]').click()
    await page.waitForURL(/\/reports\/weekly/)
    /* the week just ended is shown first; this week is not due yet */
    const label = await page.locator('[data-test="week-label"]').innerText()
    await page.locator('[data-test="week-next"]').click()
    await page.waitForFunction((l) => document.querySelector('[data-test="week-label"]').innerText !== l, label)
    await page.locator('[data-test="submission-status"]', { hasText: '未到期' }).waitFor()
    await page.locator('[data-test="stat-found"] .sc-value', { hasText: '1' }).waitFor()
    await page.locator('input[data-test="weekly-note"], [data-test="weekly-note"] input').first().fill('本周巡查正常，实验室灭火毯已申购')
    await page.locator('[data-test="weekly-submit"]').click()
    await page.locator('[data-test="submission-status"]', { hasText: '按时报送' }).waitFor()
    const wk = new URL(page.url()).searchParams.get('week')
    assert.match(wk, /^\d{4}-W\d{2}$/)
    w.week = wk
    const week = (await apiCall(page, 'GET', `/reports/weekly?org=${w.school.id}&week=${wk}`)).body
    assert.equal(week.submission.status, 'submitted')
    assert.equal(week.submission.record.note, '本周巡查正常，实验室灭火毯已申购')
    assert.equal(await page.locator('[data-test="weekly-submit"]').count(), 0, 'submitted once')
    await shot(page, 'weekly-school-desktop')
    const x = await downloadOf(page, '[data-test="weekly-xlsx"]')
    assert.match(x.name, /\.xlsx$/)
    assert.equal(x.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip')
    const p = await downloadOf(page, '[data-test="weekly-pdf"]')
    assert.equal(p.bytes.subarray(0, 5).toString('latin1'), '%PDF-')
    assertClean(bad, 'officer weekly report')
  })

  test('PDF links: the QR label sheet and a major hazard\'s rectification notice', async () => {
    const { page, bad } = officer
    await page.locator('[data-test="menu-risks"]').click()
    await page.locator('[data-test="risk-table"] .el-table__row', { hasText: w.lab.name }).waitFor()
    const labels = await downloadOf(page, '[data-test="risk-labels"]')
    assert.equal(labels.bytes.subarray(0, 5).toString('latin1'), '%PDF-')
    assert.match(labels.name, /\.pdf$/)
    const h = await ok(await apiCall(page, 'POST', '/hazards', {
      school_id: w.school.id, title: '实验楼外墙空鼓' + RUN, category: 'building', grade: 'major', location: '实验楼北侧'
    }))
    await page.goto('/hazards/' + h.id)
    await page.locator('[data-test="five-panel"]').waitFor()
    const notice = await downloadOf(page, '[data-test="notice-pdf"]')
    assert.equal(notice.bytes.subarray(0, 5).toString('latin1'), '%PDF-')
    await shot(page, 'hazard-major-desktop')
    assertClean(bad, 'officer pdf links')
  })

  test('the county sees who submitted, the bulletin, the statistics and the ledger', async () => {
    const { page, bad } = bureau
    await page.locator('[data-test="menu-reports-weekly"]').click()
    await page.waitForURL(/\/reports\/weekly/)
    await page.locator('[data-test="sub-missing"] .sb-n').waitFor() /* last week */
    await page.goto('/reports/weekly?week=' + w.week)
    await page.locator('[data-test="sub-submitted"] .sb-n', { hasText: '1' }).waitFor()
    await shot(page, 'weekly-county-desktop')
    /* the county moves its deadline to Monday 09:00 */
    await page.locator('[data-test="deadline-set"]').click()
    const dd = page.locator('.el-dialog[data-test="deadline-dialog"]')
    await dd.waitFor()
    await pickOption(page, dd.locator('[data-test="deadline-hour"] .el-select__wrapper'), '09 时')
    await dd.locator('[data-test="deadline-save"]').click()
    await dd.waitFor({ state: 'hidden' })
    const st = (await apiCall(page, 'GET', `/reports/settings?org=${w.school.id}`)).body
    assert.equal(st.weekly_deadline_minutes, 540, 'inherited by the school')
    await page.getByText('09:00:00').first().waitFor()

    await page.locator('[data-test="menu-reports-monthly"]').click()
    await page.locator('[data-test="bulletin-title"]', { hasText: w.county.name }).waitFor()
    await page.locator('[data-test="ranking-table"] .el-table__row', { hasText: w.school.name }).waitFor()
    await shot(page, 'monthly-county-desktop')
    const m = await downloadOf(page, '[data-test="monthly-xlsx"]')
    assert.equal(m.bytes.subarray(0, 2).toString('latin1'), 'PK')

    await page.locator('[data-test="menu-reports-statistics"]').click()
    await page.locator('[data-test="stats-units"] .el-table__row', { hasText: w.school.name }).waitFor()
    assert.equal((await page.locator('[data-test="stat-found"] .sc-value').innerText()).trim(), '2', 'the general and the major hazard')
    await shot(page, 'statistics-county-desktop')

    await page.locator('[data-test="menu-hazards"]').click()
    await page.locator('[data-test="hazard-table"] .el-table__row', { hasText: '实验室灭火毯缺失' + RUN }).waitFor()
    const l = await downloadOf(page, '[data-test="hazard-export"]')
    assert.equal(l.bytes.subarray(0, 2).toString('latin1'), 'PK', 'the ledger is an xlsx')

    await page.locator('[data-test="menu-risk-map"]').click()
    await page.locator(`[data-test="school-${w.school.id}"]`).waitFor()
    assert.match(await page.locator(`[data-test="school-${w.school.id}"]`).innerText(), /重大风险/)
    await shot(page, 'risk-map-county-desktop')
    await page.locator(`[data-test="school-${w.school.id}"]`).click()
    await page.locator(`[data-test="marker-${w.lab.id}"]`).waitFor() /* drill down to the school's plan */
    assertClean(bad, 'county reports')
  })

  test('phone: map, weekly report, plans and checklists', async () => {
    const ph = await newPage(browser, PHONE)
    const { page, bad } = ph
    try {
      await login(page, w.officer.username, PW)
      await page.goto('/risk-map')
      await page.locator(`[data-test="marker-${w.lab.id}"]`).waitFor()
      await page.waitForFunction(() => { const i = document.querySelector('img[data-test="plan-img"]'); return i && i.complete && i.naturalWidth > 0 })
      await shot(page, 'risk-map-phone')
      await page.goto('/reports/weekly?week=' + w.week)
      await page.locator('[data-test="submission-status"]', { hasText: '按时报送' }).waitFor()
      await shot(page, 'weekly-phone')
      await page.goto('/patrols')
      await page.locator('[data-test="plan-table"] .el-table__row', { hasText: PLAN }).waitFor()
      await shot(page, 'patrol-plans-phone')
      await page.goto('/checklists?tab=lists')
      await page.locator('[data-test="list-table"] .el-table__row', { hasText: TPL }).waitFor()
      await shot(page, 'checklists-phone')
      assertClean(bad, 'officer phone')
    } finally {
      await ph.ctx.close()
    }
  })
})
