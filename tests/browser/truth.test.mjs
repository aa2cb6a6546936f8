/* 需关注 (truthful records, issue 19) in the browser: a school's safety
 * officer "patrols" five points across the campus in seconds; a county bureau admin on a desk recomputes, finds
 * the school first in the 需关注 list with the evidence in words, marks one
 * signal 误报 and plans a covert inspection from the list; the same list on
 * a 390 px phone; the school's principal on a phone sees the signals about
 * the school and explains one. The world is made through the API. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, shot, apiCall, digits, input, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Truth#' + RUN + 'x'
let browser, admin, w

const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, role.replace('_', '') + 't' + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '核查市' + RUN, '核查县' + RUN)
  const school = await mkSchool(page, county.id, '走过场小学' + RUN)
  const honest = await mkSchool(page, county.id, '认真中学' + RUN, { school_type: 'junior' })
  const bureau = await user(page, county.id, 'bureau_admin', '周科长' + RUN)
  const principal = await user(page, school.id, 'principal', '吴校长' + RUN)
  const officer = await user(page, school.id, 'safety_officer', '郑干事' + RUN)
  return { county, school, honest, bureau, principal, officer }
}

/* The faked records, made by the school's officer through the API. */
async function fake (page) {
  const list = await ok(await apiCall(page, 'POST', '/checklists', {
    school_id: w.school.id, category: 'fire', name: '教学楼消防巡查', items: [{ content: '疏散通道畅通' }, { content: '灭火器在位有效' }]
  }))
  const pts = []
  for (const [i, [x, y]] of [[0.05, 0.05], [0.95, 0.05], [0.95, 0.95], [0.05, 0.95], [0.5, 0.5]].entries()) {
    pts.push(await ok(await apiCall(page, 'POST', '/risk-points', {
      school_id: w.school.id, name: `${i + 1}号教学楼楼梯`, category: 'fire', location: `${i + 1}号楼`,
      patrol_frequency: 'daily', checklist_id: list.id, position: { x, y }
    })))
  }
  const results = list.items.map((it) => ({ item_id: it.id, result: 'pass' }))
  for (const p of pts) await ok(await apiCall(page, 'POST', '/patrols', { risk_point_id: p.id, qr_token: p.qr_token, results }))
}

describe('需关注', () => {
  before(async () => {
    ;({ browser, admin, w } = await startAsAdmin(world))
    const o = await newPage(browser, DESKTOP)
    await login(o.page, w.officer.username, PW)
    await fake(o.page)
    await o.ctx.close()
  })
  after(async () => { if (browser) await browser.close() })

  test('a county admin on a desk recomputes and finds the school first, with the evidence in words', async () => {
    const { ctx, page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.goto('/truth')
    await page.locator('[data-test="truth-recompute"]').click()
    const card = page.locator(`[data-test="truth-school-${w.school.id}"]`)
    await card.waitFor({ timeout: 15000 })
    const first = page.locator('[data-test^="truth-school-"]').first()
    assert.equal(await first.getAttribute('data-test'), `truth-school-${w.school.id}`)
    const text = await card.innerText()
    assert.match(text, new RegExp('走过场小学' + RUN))
    assert.match(text, /巡查速度不合常理/)
    assert.match(text, /个点位共用时/)
    assert.match(text, /短于步行所需/)
    assert.doesNotMatch(text, /patrol_too_fast|undefined|NaN/)
    assert.ok(!(await page.locator(`[data-test="truth-school-${w.honest.id}"]`).count()), 'the honest school is not listed')
    await shot(page, 'truth-desk')

    // one signal is a false flag
    const flag = card.locator('[data-test^="truth-flag-"]').first()
    const fid = (await flag.getAttribute('data-test')).replace('truth-flag-', '')
    await card.locator(`[data-test="truth-review-${fid}"]`).click()
    await page.locator('[data-test="truth-review-note"] textarea, textarea[data-test="truth-review-note"]').first().fill('现场核实：二维码张贴位置不当')
    await page.locator('[data-test="truth-false"]').click()
    await page.locator('[data-test="truth-review-dialog"]').waitFor({ state: 'hidden' })

    // the rules tab shows the false-flag rate
    await page.locator('#tab-rules').click()
    await page.locator('[data-test="truth-rules"]').waitFor()
    const rules = await page.locator('[data-test="truth-rules"]').innerText()
    assert.match(rules, /误报率/)
    assert.match(rules, /100%/)
    await shot(page, 'truth-rules-desk')

    // a covert inspection planned from the list
    await page.locator('#tab-list').click()
    await page.locator(`[data-test="truth-plan-${w.school.id}"]`).click()
    await input(page, 'truth-plan-group').fill('周科长, 王督学')
    await page.locator('[data-test="truth-plan-save"]').click()
    await page.locator('[data-test="truth-plan-dialog"]').waitFor({ state: 'hidden' })
    const insp = (await apiCall(page, 'GET', '/inspections')).body
    assert.ok(insp.items.some((i) => i.kind === 'covert' && /走过场小学/.test(i.title)), JSON.stringify(insp.items.map((i) => i.title)))
    assertClean(bad, 'bureau desk')
    await ctx.close()
  })

  test('the same list on a 390 px phone', async () => {
    const { ctx, page, bad } = await newPage(browser, PHONE)
    await login(page, w.bureau.username, PW)
    await page.goto('/truth')
    await page.locator(`[data-test="truth-school-${w.school.id}"]`).waitFor({ timeout: 15000 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, 'no sideways scrolling: ' + overflow)
    await shot(page, 'truth-phone')
    assertClean(bad, 'bureau phone')
    await ctx.close()
  })

  test('the principal on a phone sees the signals about the school and explains one', async () => {
    const { ctx, page, bad } = await newPage(browser, PHONE)
    await login(page, w.principal.username, PW)
    await page.goto('/truth')
    const box = page.locator('[data-test="truth-school"]')
    await box.locator('[data-test^="truth-flag-"]').first().waitFor({ timeout: 15000 })
    assert.match(await box.innerText(), /巡查速度不合常理/)
    const btn = box.locator('[data-test^="truth-explain-"]').first()
    const fid = (await btn.getAttribute('data-test')).replace('truth-explain-', '')
    await btn.click()
    await page.locator('[data-test="truth-explain-send"]').click()
    // an empty explanation is refused next to the field
    await page.locator('[data-test="truth-explain-dialog"] .el-form-item__error').waitFor()
    await page.locator('[data-test="truth-explain-text"] textarea, textarea[data-test="truth-explain-text"]').first().fill('五个楼梯口二维码贴在同一走廊，已重新张贴。')
    await page.locator('[data-test="truth-explain-send"]').click()
    await page.locator(`[data-test="truth-explanation-${fid}"]`).waitFor()
    assert.match(await page.locator(`[data-test="truth-explanation-${fid}"]`).innerText(), /重新张贴/)
    await shot(page, 'truth-school-phone')
    assertClean(bad, 'principal phone')
    await ctx.close()
  })
})
