/* Supervision and assessment screens: a county bureau makes a covert
 * inspection of two schools and records a finding (to become a hazard);
 * the school does not see it; the bureau publishes; now the school sees
 * its finding and the hazard made from it. Then the bureau computes the
 * year's assessment: the ranking shows the computed scores, and the school
 * with a fatal incident is vetoed (in red). Desktop and phone screenshots.
 *
 * The world (county, schools, users, an incident) is made through the API
 * as the admin, like screens.test.mjs. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, shot, settle, apiCall, digits, pickOption, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Asx#' + RUN + 'x'
const TITLE = '秋季开学暗访' + RUN
const FINDING = '夜间值班室无人值守' + RUN
let browser, admin, w

/* this file's users: username from the role and a tag, password PW */
const user = (page, orgId, role, name, tag) => mkUser(page, orgId, role, name, role.replace('_', '') + tag + RUN, PW)
async function world (page) {
  const county = await mkCounty(page, '督查市' + RUN, '督查县' + RUN)
  const s1 = await mkSchool(page, county.id, '城东小学' + RUN)
  const s2 = await mkSchool(page, county.id, '河西小学' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '赵科长' + RUN, 'b')
  const p1 = await user(page, s1.id, 'principal', '钱校长' + RUN, 'p')
  /* a fatal incident at s2 this year: one-vote veto */
  const occurred = new Date(Date.now() - 3 * 3600e3 + 8 * 3600e3).toISOString().slice(0, 19) + '+08:00'
  await ok(await apiCall(page, 'POST', '/incidents', {
    school_id: s2.id, title: '学生溺水' + RUN, category: 'drowning', grade: 'general', summary: '周末私自下河游泳溺亡。', occurred_at: occurred, deaths: 1
  }))
  return { county, s1, s2, bureau, p1 }
}

describe('supervision and assessment screens', () => {
  let bureau, school, inspId

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => { if (browser) await browser.close() })

  test('the bureau makes a covert inspection and records a finding', async () => {
    bureau = await newPage(browser, DESKTOP)
    const { page, bad } = bureau
    await login(page, w.bureau.username, PW)
    await page.locator('[data-test="menu-inspections"]').click()
    await page.waitForURL(/\/inspections/)
    await page.locator('[data-test="insp-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="insp-form"]')
    await dlg.waitFor()
    await pickOption(page, dlg.locator('[data-test="insp-f-schools"] .el-select__wrapper'), w.s1.name)
    await page.locator('.el-select-dropdown__item:visible', { hasText: w.s2.name }).first().click()
    await dlg.locator('[data-test="insp-f-title"] input').click() /* closes the dropdown */
    await dlg.locator('[data-test="insp-f-title"] input').fill(TITLE)
    await dlg.locator('[data-test="insp-f-kind"]').getByText('暗访').click()
    await dlg.locator('[data-test="insp-f-group"] input').fill('张督学、李科长')
    await dlg.locator('[data-test="insp-f-save"]').click()
    const view = page.locator('.el-dialog[data-test="insp-view"]')
    await view.locator('[data-test="insp-view-kind"]', { hasText: '暗访' }).waitFor()
    const list = (await apiCall(page, 'GET', '/inspections')).body.items
    const mine = list.find(i => i.title === TITLE)
    assert.ok(mine, 'inspection saved')
    assert.equal(mine.kind, 'covert')
    assert.equal(mine.target_count, 2)
    inspId = mine.id
    /* a finding at s1, to become a hazard on publishing */
    await pickOption(page, view.locator('[data-test="finding-f-school"] .el-select__wrapper'), w.s1.name)
    await view.locator('[data-test="finding-f-content"] textarea').fill(FINDING)
    await view.locator('[data-test="finding-f-save"]').click()
    await view.locator('.finding', { hasText: FINDING }).waitFor()
    await view.getByText('发布后生成隐患').waitFor()
    await shot(page, 'assess-inspection-desktop')
    await view.locator('.el-dialog__headerbtn').click()
    await view.waitFor({ state: 'hidden' })
    await page.locator(`[data-test="insp-covert-${inspId}"]`).waitFor()
    assertClean(bad, 'bureau inspection')
  })

  test('the school does not see the covert inspection before it is published', async () => {
    school = await newPage(browser, DESKTOP)
    const { page, bad } = school
    await login(page, w.p1.username, PW)
    await page.goto('/inspections')
    await page.locator('[data-test="insp-table"]').waitFor()
    await settle(page)
    assert.equal(await page.locator(`[data-test="insp-${inspId}"]`).count(), 0, 'not in the list')
    assert.equal(await page.getByText(FINDING).count(), 0, 'finding not shown')
    assert.equal((await apiCall(page, 'GET', `/inspections/${inspId}`)).status, 404)
    const hz = (await apiCall(page, 'GET', `/hazards?org=${w.s1.id}`)).body.items
    assert.ok(!hz.some(h => h.source === 'covert'), 'no covert hazard yet')
    assertClean(bad, 'school before publishing')
  })

  test('the bureau publishes; the school now sees its finding and the hazard', async () => {
    const { page, bad } = bureau
    await page.locator(`[data-test="insp-${inspId}"]`).click()
    const view = page.locator('.el-dialog[data-test="insp-view"]')
    await view.locator('[data-test="insp-publish"]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await view.locator('[data-test="insp-view-state"]', { hasText: '已发布' }).waitFor()
    await view.locator('[data-test^="insp-finding-hazard-"]').waitFor()
    assertClean(bad, 'bureau publish')

    const sp = school.page
    await sp.reload()
    await sp.locator(`[data-test="insp-${inspId}"]`).waitFor()
    await sp.locator('[data-test="finding-table"]', { hasText: FINDING }).waitFor()
    await sp.locator('[data-test^="finding-hazard-"]').first().waitFor()
    const det = await apiCall(sp, 'GET', `/inspections/${inspId}`)
    assert.equal(det.status, 200)
    assert.equal(det.body.findings.length, 1)
    assert.ok(det.body.findings[0].hazard_id > 0)
    await shot(sp, 'assess-inspections-school-desktop')
    assertClean(school.bad, 'school after publishing')
  })

  test('the ranking page shows the computed scores with the veto in red', async () => {
    const { page, bad } = bureau
    await page.locator('.el-dialog[data-test="insp-view"] .el-dialog__headerbtn').click()
    await page.locator('[data-test="menu-assessment"]').click()
    await page.waitForURL(/\/assessment/)
    await page.locator('[data-test="as-no-run"]').waitFor()
    await page.locator('[data-test="as-compute"]').click()
    await page.locator('[data-test="as-run-state"]').waitFor()
    const res = (await apiCall(page, 'GET', `/assessments/${new Date().getFullYear()}?org=${w.county.id}`)).body
    const s1 = res.schools.find(s => s.org_id === w.s1.id)
    const s2 = res.schools.find(s => s.org_id === w.s2.id)
    assert.equal(s2.result, 'veto')
    assert.equal(s1.rank, 1)
    const score1 = page.locator(`[data-test="as-score-${w.s1.id}"]`)
    await score1.waitFor()
    assert.equal((await score1.innerText()).trim(), String(s1.score))
    const veto = page.locator(`[data-test="as-result-${w.s2.id}"]`)
    assert.match(await veto.innerText(), /一票否决/)
    assert.ok(await page.locator('.veto-row', { hasText: w.s2.name }).count() === 1, 'vetoed row marked')
    const color = await veto.evaluate(el => getComputedStyle(el).backgroundColor)
    const [r, g, b] = color.match(/\d+/g).map(Number)
    assert.ok(r > 200 && g < 140 && b < 140, 'veto tag is red: ' + color)
    await page.locator(`[data-test="as-school-table"] .el-table__row`, { hasText: w.s1.name }).locator('.el-table__expand-icon').click()
    await page.locator(`[data-test="as-detail-${w.s1.id}"]`).waitFor()
    await shot(page, 'assess-ranking-desktop')
    assertClean(bad, 'bureau assessment')
  })

  test('phone: the inspections and ranking screens fit 390 px', async () => {
    const ph = await newPage(browser, PHONE)
    const { page, bad } = ph
    await login(page, w.bureau.username, PW)
    await page.goto('/assessment')
    await page.locator(`[data-test="as-score-${w.s1.id}"]`).waitFor()
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 400, 'no horizontal page scroll: ' + wide)
    await shot(page, 'assess-ranking-phone')
    await page.goto('/inspections')
    await page.locator(`[data-test="insp-${inspId}"]`).waitFor()
    await shot(page, 'assess-inspections-phone')
    await page.locator(`[data-test="insp-${inspId}"]`).click()
    await page.locator('.el-dialog[data-test="insp-view"] .finding').first().waitFor()
    await shot(page, 'assess-inspection-phone')
    assertClean(bad, 'phone')
    await ph.ctx.close()
  })
})
