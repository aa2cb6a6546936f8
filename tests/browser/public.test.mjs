/* Public disclosure, whistle-blowing and ledgers in the browser: a signed-
 * out phone opens a county's public page (a major hazard listed), files a
 * tip-off with a photo, gets a tracking code and tracks it; the county
 * bureau sees it under 举报处理 and accepts it, and the phone's tracking
 * page follows; the school's staff adds a visitor at the gate and lets
 * them leave. The world is made through the API as the admin. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { newPage, login, shot, apiCall, digits, png, pickOption, input, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Pub#' + RUN + 'x'
let browser, admin, w

/* this file's users: username from the role, password PW */
const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, role.replace('_', '') + 'p' + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '公开市' + RUN, '公开县' + RUN)
  const school = await mkSchool(page, county.id, '实验小学' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '赵科长' + RUN)
  const staff = await user(page, school.id, 'staff', '门卫老吴' + RUN)
  const major = await ok(await apiCall(page, 'POST', '/hazards', {
    school_id: school.id, title: '综合楼外墙瓷砖空鼓' + RUN, category: 'building', grade: 'major', description: '内部记录：勿公开'
  }))
  return { county, school, bureau, staff, major }
}

describe('public page, tip-offs and ledgers', () => {
  let phone, code

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => { if (browser) await browser.close() })

  test('a signed-out phone reads the county page and files a tip-off with a photo', async () => {
    phone = await newPage(browser, PHONE)
    const { page, bad } = phone
    await page.goto('/public/' + w.county.code)
    await page.locator(`[data-test="pub-hazard-${w.major.id}"]`).waitFor()
    assert.match(await page.locator('[data-test="pub-county-title"]').innerText(), new RegExp(w.county.name))
    const body = await page.locator('body').innerText()
    assert.ok(!body.includes('内部记录'), 'no internal notes on the public page')
    assert.equal(await page.locator('[data-test="pub-open"]').innerText(), '1')
    await shot(page, 'public-county-phone')

    await page.locator('[data-test="pub-report"]').click()
    await page.waitForURL(/\/report$/)
    await pickOption(page, page.locator('[data-test="tip-school"] .el-select__wrapper'), w.school.name)
    await pickOption(page, page.locator('[data-test="tip-category"] .el-select__wrapper'), '消防')
    await page.locator('textarea[data-test="tip-description"], [data-test="tip-description"] textarea').first().fill('学校东侧消防通道被电动车堵死' + RUN)
    await input(page, 'tip-location').fill('东侧通道')
    await page.locator('input[data-test="tip-photo-input"]').setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: png(40, 30, [200, 40, Number(RUN) % 250]) })
    await page.locator('[data-test="tip-photo-0"] .del').waitFor()
    await shot(page, 'public-tipoff-form-phone')
    await page.locator('[data-test="tip-submit"]').click()
    const codeEl = page.locator('[data-test="tip-code"]')
    await codeEl.waitFor()
    code = (await codeEl.innerText()).trim()
    assert.match(code, /^[0-9A-Z]{12}$/)
    await shot(page, 'public-tipoff-code-phone')

    await page.locator('[data-test="tip-go-track"]').click()
    await page.locator('[data-test="track-status"]').waitFor()
    assert.equal((await page.locator('[data-test="track-status"]').innerText()).trim(), '已收到，待受理')
    assert.equal((await page.locator('[data-test="track-school"]').innerText()).trim(), w.school.name)
    await shot(page, 'public-track-phone')
    assertClean(bad, 'public phone')
  })

  test('the county bureau sees the tip-off and accepts it; the tracking page follows', async () => {
    const bureau = await newPage(browser, DESKTOP)
    const { page, bad } = bureau
    await login(page, w.bureau.username, PW)
    await page.locator('[data-test="menu-tipoffs"]').click()
    await page.waitForURL(/\/tipoffs/)
    const row = page.locator(`[data-test="tip-row-${code}"]`)
    await row.waitFor()
    await row.click()
    const dlg = page.locator('.el-dialog[data-test="tip-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="tip-photos"] img').first().waitFor()
    await shot(page, 'tipoffs-dialog-desktop')
    await dlg.locator('[data-test="tip-do-accept"]').click()
    await page.waitForFunction(() => /已受理/.test(document.querySelector('[data-test="tip-dialog-status"]')?.textContent || ''))
    await dlg.locator('[data-test="tip-hazard-link"]').waitFor()
    const tip = (await apiCall(page, 'GET', '/tipoffs?status=accepted')).body.items.find(x => x.code === code)
    assert.ok(tip && tip.hazard_id, 'accepted into a hazard')
    const hz = (await apiCall(page, 'GET', '/hazards/' + tip.hazard_id)).body
    assert.equal(hz.source, 'whistle')
    assert.equal(hz.photos.length, 1)
    await page.keyboard.press('Escape')
    await shot(page, 'tipoffs-desktop')
    assertClean(bad, 'bureau tipoffs')
    await bureau.ctx.close()

    const { page: p2 } = phone
    await p2.reload()
    await p2.waitForFunction(() => /已受理/.test(document.querySelector('[data-test="track-status"]')?.textContent || ''))
  })

  test('staff add a visitor at the gate, then let them leave (desktop and phone)', async () => {
    const staff = await newPage(browser, DESKTOP)
    const { page, bad } = staff
    await login(page, w.staff.username, PW)
    await page.locator('[data-test="menu-ledgers-visitors"]').click()
    await page.waitForURL(/\/ledgers\/visitors/)
    await page.locator('[data-test="ledger-add"]').click()
    const dlg = page.locator('.el-dialog[data-test="ledger-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="ledger-save"]').click()
    await dlg.locator('.el-form-item__error').first().waitFor() /* the server names the missing field */
    await input(page, 'ledger-f-name').fill('快递员' + RUN)
    await input(page, 'ledger-f-id_number').fill('340102199001015678')
    await input(page, 'ledger-f-reason').fill('送教学器材')
    await input(page, 'ledger-f-goods_in').fill('投影仪一台')
    await dlg.locator('[data-test="ledger-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="ledger-table-visitors"] .el-table__row', { hasText: '快递员' + RUN })
    await row.waitFor()
    assert.match(await row.innerText(), /\*+5678/)
    const v = (await apiCall(page, 'GET', '/ledgers/visitors?inside=1')).body.items.find(x => x.name === '快递员' + RUN)
    assert.ok(v && v.inside, 'still inside')
    await page.locator(`[data-test="flag-inside-${v.id}"]`).first().waitFor()
    await shot(page, 'ledger-visitors-desktop')
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.locator('[data-test="ledger-export"]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    assert.equal((await readFile(await dl.path())).subarray(0, 2).toString(), 'PK')
    await page.locator(`[data-test="ledger-leave-${v.id}"]`).click()
    await page.locator(`[data-test="flag-inside-${v.id}"]`).first().waitFor({ state: 'detached' })
    assert.equal((await apiCall(page, 'GET', `/ledgers/visitors/${v.id}`)).body.inside, false)
    assertClean(bad, 'staff ledgers')
    await staff.ctx.close()

    const ph = await newPage(browser, PHONE)
    await login(ph.page, w.staff.username, PW)
    await ph.page.goto('/ledgers/visitors')
    await ph.page.locator(`[data-test="ledger-row-${v.id}"]`).waitFor()
    await shot(ph.page, 'ledger-visitors-phone')
    assertClean(ph.bad, 'staff ledgers phone')
    await ph.ctx.close()
  })
})
