/* Rules held to the seeds, on screen (issue 12 item 8): a school reports on
 * a phone a one-death drowning and the form grades it 一般 from the counts
 * (no grade to pick); a 两会 special-period roster filed after its start is
 * accepted and shown as 补报; the county sets the months in which drills
 * count; the county vetoes a school with its reasons and the ranking shows
 * why. Desktop and 390 px phone screenshots.
 *
 * The world is made through the API as the admin. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, shot, apiCall, digits, pickOption, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Prg#' + RUN + 'x'
let browser, admin, w
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
const addDays = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 864e5).toISOString().slice(0, 10)
const MONTH = Number(today().slice(5, 7))

const user = (page, orgId, role, name, tag) => mkUser(page, orgId, role, name, role.replace('_', '') + tag + RUN, PW)
async function world (page) {
  const county = await mkCounty(page, '规则市' + RUN, '规则县' + RUN)
  const s1 = await mkSchool(page, county.id, '东湖小学' + RUN)
  const s2 = await mkSchool(page, county.id, '西山小学' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '孙科长' + RUN, 'b')
  const officer = await user(page, s1.id, 'safety_officer', '周干事' + RUN, 'o')
  const principal = await user(page, s1.id, 'principal', '吴校长' + RUN, 'p')
  const teacher = await user(page, s1.id, 'staff', '郑老师' + RUN, 't')
  return { county, s1, s2, bureau, officer, principal, teacher }
}

describe('rules held to the seeds', () => {
  before(async () => { ({ browser, admin, w } = await startAsAdmin(world)) })
  after(async () => { if (browser) await browser.close() })

  test('phone: a one-death drowning is graded 一般 from the counts', async () => {
    const { page, bad } = await newPage(browser, PHONE)
    await login(page, w.officer.username, PW)
    await page.goto('/incidents')
    await page.locator('[data-test="incident-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="incident-dialog"]')
    await dlg.waitFor()
    assert.equal(await dlg.locator('[data-test="in-grade"] .el-radio-button').count(), 0, 'no grade to pick')
    await dlg.locator('[data-test="in-title"] input').fill('学生周末溺水' + RUN)
    await pickOption(page, dlg.locator('[data-test="in-category"] .el-select__wrapper'), '防溺水')
    await dlg.locator('[data-test="in-deaths"] input').fill('1')
    await dlg.locator('[data-test="in-deaths"] input').blur()
    await dlg.locator('[data-test="in-grade-value"]', { hasText: '一般事故' }).waitFor()
    await dlg.locator('[data-test="in-serious"] input').fill('12')
    await dlg.locator('[data-test="in-serious"] input').blur()
    await dlg.locator('[data-test="in-injuries"] input').fill('12')
    await dlg.locator('[data-test="in-injuries"] input').blur()
    await dlg.locator('[data-test="in-grade-value"]', { hasText: '较大事故' }).waitFor()
    await dlg.locator('[data-test="in-serious"] input').fill('0')
    await dlg.locator('[data-test="in-serious"] input').blur()
    await dlg.locator('[data-test="in-grade-value"]', { hasText: '一般事故' }).waitFor()
    await dlg.locator('[data-test="in-summary"] textarea').fill('周六下午一名学生与同伴到村旁河道游泳，不幸溺亡。')
    await shot(page, 'prog2-incident-grade-phone')
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 400, 'no horizontal page scroll: ' + wide)
    await dlg.locator('[data-test="in-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const list = (await apiCall(page, 'GET', '/incidents')).body.items
    const inc = list.find(i => i.title === '学生周末溺水' + RUN)
    assert.equal(inc.grade, 'general')
    assert.equal(inc.deaths, 1)
    assertClean(bad, 'incident on a phone')
  })

  test('a 两会 roster filed after its start is accepted as 补报', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.officer.username, PW)
    /* a 两会 roster of the school, drafted, whose period started today */
    const days = [today(), addDays(today(), 1)]
    w.roster = await ok(await apiCall(page, 'POST', '/duty-rosters', {
      school_id: w.s1.id, title: '两会期间 24 小时值班' + RUN, kind: 'special', start_date: days[0], end_date: days[1],
      slots: days.map(d => ({ date: d, leader_id: w.principal.id, staff_ids: [w.officer.id], is_24h: true, phone: '0730-8123456' }))
    }))
    await page.goto('/duty')
    await page.locator(`[data-test="roster-late-${w.roster.id}"]`, { hasText: '逾期未报送' }).waitFor()
    await page.locator(`[data-test="roster-${w.roster.id}"]`).click()
    const ed = page.locator('.el-dialog[data-test="roster-editor"]')
    await ed.waitFor()
    await ed.locator('[data-test="roster-publish"]').click()
    await page.locator('.el-message-box', { hasText: '补报' }).waitFor()
    await page.locator('.el-message-box .el-button--primary').click()
    await ed.locator('[data-test="roster-state"]', { hasText: '已报送' }).waitFor()
    await ed.locator('[data-test="roster-late"]', { hasText: '补报' }).waitFor()
    await shot(page, 'prog2-roster-late-desktop')
    const r = (await apiCall(page, 'GET', `/duty-rosters/${w.roster.id}`)).body
    assert.equal(r.state, 'published')
    assert.equal(r.published_late, true)
    assertClean(bad, 'late roster')
  })

  test('the county sets the counted drill months; compliance follows', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.goto('/drills')
    await page.locator('[data-test="drill-months-text"]', { hasText: '全年各月' }).waitFor()
    await page.locator('[data-test="drill-months-edit"]').click()
    const dlg = page.locator('.el-dialog[data-test="drill-months-dialog"]')
    await dlg.waitFor()
    await dlg.locator(`[data-test="drill-month-${MONTH}"]`).click()
    await shot(page, 'prog2-drill-months-dialog-desktop')
    await dlg.locator('[data-test="drill-months-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="drill-months-text"]', { hasNotText: '全年' }).waitFor()
    assert.doesNotMatch(await page.locator('[data-test="drill-months-text"]').innerText(), /全年/)
    const set = (await apiCall(page, 'GET', `/drill-settings?org=${w.county.id}`)).body
    assert.equal(set.months.length, 11)
    assert.ok(!set.months.includes(MONTH))
    const comp = (await apiCall(page, 'GET', `/drills/compliance?org=${w.county.id}`)).body
    assert.equal(comp.schools[0].periods[MONTH - 1].status, 'exempt')
    await shot(page, 'prog2-drill-months-desktop')
    assertClean(bad, 'drill months')
  })

  test('the county vetoes a school with its reasons; the ranking shows why', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.goto('/assessment')
    await page.locator('[data-test="as-compute"]').click()
    await page.locator('[data-test="as-run-state"]').waitFor()
    await page.locator('[data-test="as-veto"]').click()
    const dlg = page.locator('.el-dialog[data-test="as-veto-form"]')
    await dlg.waitFor()
    /* no reason: refused, the field says why */
    await pickOption(page, dlg.locator('[data-test="as-veto-org"] .el-select__wrapper'), w.s2.name)
    await dlg.locator('[data-test="as-veto-save"]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await dlg.locator('.el-form-item__error').first().waitFor()
    await dlg.locator('[data-test="as-veto-kind"]').getByText('造成严重负面影响').click()
    await dlg.locator('textarea[data-test="as-veto-reason"], [data-test="as-veto-reason"] textarea').first().fill('学生欺凌事件处置不当，引发网络舆情' + RUN)
    await dlg.locator('[data-test="as-veto-save"]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="as-compute"]').click()
    await page.locator(`[data-test="as-result-${w.s2.id}"]`, { hasText: '一票否决' }).waitFor()
    await page.locator(`[data-test="as-school-table"] .el-table__row`, { hasText: w.s2.name }).locator('.el-table__expand-icon').click()
    const why = page.locator(`[data-test="as-why-${w.s2.id}"]`)
    await why.waitFor()
    assert.match(await why.innerText(), /造成严重负面影响/)
    assert.match(await why.innerText(), new RegExp('引发网络舆情' + RUN))
    await page.locator('[data-test="as-scheme"] .el-collapse-item__header', { hasText: '一票否决记录' }).click()
    await page.locator('[data-test="as-veto-table"]', { hasText: RUN }).waitFor()
    await shot(page, 'prog2-veto-desktop')
    assertClean(bad, 'veto')

    const ph = await newPage(browser, PHONE)
    await login(ph.page, w.bureau.username, PW)
    await ph.page.goto('/assessment')
    await ph.page.locator(`[data-test="as-result-${w.s2.id}"]`, { hasText: '否决' }).waitFor()
    const wide = await ph.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 400, 'no horizontal page scroll: ' + wide)
    await shot(ph.page, 'prog2-veto-phone')
    assertClean(ph.bad, 'veto on a phone')
  })

  test('accountability: the county records a decision; the principal reads it on a phone; teachers do not', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.locator('[data-test="menu-accountability"]').click()
    await page.waitForURL(/\/accountability/)
    await page.locator('[data-test="acc-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="acc-form"]')
    await dlg.waitFor()
    /* nothing filled: the server names the unit */
    await dlg.locator('[data-test="acc-f-save"]').click()
    await dlg.locator('.el-form-item__error').first().waitFor()
    await dlg.locator('[data-test="acc-f-org"] .el-select__wrapper').click()
    const pop = page.locator('.xa-org-picker:visible')
    await pop.locator('.el-tree-node__content', { hasText: w.county.name }).locator('.el-tree-node__expand-icon').click()
    await pop.locator('.el-tree-node__content', { hasText: w.s1.name }).click()
    await dlg.locator('[data-test="acc-f-person"] input').fill('吴校长' + RUN)
    await dlg.locator('[data-test="acc-f-title"] input').fill('校长')
    await pickOption(page, dlg.locator('[data-test="acc-f-measure"] .el-select__wrapper'), '诫勉')
    await dlg.locator('[data-test="acc-f-reason"] textarea').fill('两会期间值班表逾期报送，节假日无领导带班' + RUN)
    await shot(page, 'prog2-acc-form-desktop')
    await dlg.locator('[data-test="acc-f-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const list = (await apiCall(page, 'GET', '/accountability')).body
    const rec = list.items.find(x => x.reason.includes(RUN))
    assert.equal(rec.measure, 'admonish')
    assert.match(rec.decision_no, /〔\d{4}〕\d+号$/)
    await page.locator(`[data-test="acc-measure-${rec.id}"]`, { hasText: '诫勉' }).waitFor()
    await shot(page, 'prog2-acc-list-desktop')
    assertClean(bad, 'accountability desk')

    const ph = await newPage(browser, PHONE)
    await login(ph.page, w.principal.username, PW)
    await ph.page.goto('/accountability')
    await ph.page.locator(`[data-test="acc-${rec.id}"]`).waitFor()
    assert.equal(await ph.page.locator('[data-test="acc-create"]').count(), 0, 'a school records no accountability')
    const wide = await ph.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 400, 'no horizontal page scroll: ' + wide)
    await shot(ph.page, 'prog2-acc-principal-phone')
    await ph.page.locator(`[data-test="acc-${rec.id}"]`).click()
    await ph.page.locator('.el-dialog[data-test="acc-view"]', { hasText: rec.decision_no }).waitFor()
    await shot(ph.page, 'prog2-acc-view-phone')
    assertClean(ph.bad, 'accountability phone')

    const tp = await newPage(browser, PHONE)
    await login(tp.page, w.teacher.username, PW)
    assert.equal(await tp.page.locator('[data-test="menu-accountability"]').count(), 0, 'no menu entry for teachers')
    const denied = await apiCall(tp.page, 'GET', '/accountability')
    assert.equal(denied.status, 403)
  })
})
