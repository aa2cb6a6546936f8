/* The responsibility-system screens on their main path: a county bureau
 * writes a post template (a blank duty is refused next to it), the
 * principal makes the school's class-teacher list from it and names the
 * holder, issues this year's letters from that list; a teacher signs on a
 * phone and the principal sees the progress; the safety officer divides the
 * campus into a grid zone with a named person and risk points, shown with
 * the zone's highest level (desktop and phone).
 *
 * The world (county, school, users, risk points) is made through the API
 * as the admin, like screens.test.mjs. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, shot, apiCall, digits, pickOption, settle, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Resp#' + RUN + 'x'
const TPL = '班主任安全责任清单' + RUN
const DUTY1 = '每日晨检，掌握学生到校和身体情况'
const DUTY2 = '放学清点学生人数，做好交接'
const ZONE = '后勤保障区' + RUN
const YEAR = new Date().getFullYear()
let browser, admin, w

/* this file's users: username from the role, password PW */
const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, role.replace('_', '') + 'r' + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '责任市' + RUN, '责任县' + RUN)
  const school = await mkSchool(page, county.id, '实验小学' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '郑科长' + RUN)
  const principal = await user(page, school.id, 'principal', '王校长' + RUN)
  const officer = await user(page, school.id, 'safety_officer', '赵主任' + RUN)
  const teacher = await user(page, school.id, 'staff', '刘老师' + RUN)
  const mkPoint = async (name, category, grade) => {
    const p = await ok(await apiCall(page, 'POST', '/risk-points', { school_id: school.id, name, location: name + '现场', category, patrol_frequency: 'daily' }))
    if (grade) await ok(await apiCall(page, 'POST', `/risk-points/${p.id}/assessments`, grade))
    return p
  }
  const boiler = await mkPoint('锅炉房' + RUN, 'fire', { method: 'LS', l: 4, s: 5 })
  const kitchen = await mkPoint('食堂操作间' + RUN, 'food', { method: 'LS', l: 3, s: 4 })
  return { county, school, bureau, principal, officer, teacher, boiler, kitchen }
}

describe('responsibility screens', () => {
  let bureau, principal

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => { if (browser) await browser.close() })

  test('the county bureau publishes a post template; a blank duty is refused next to it', async () => {
    bureau = await newPage(browser, DESKTOP)
    const { page, bad } = bureau
    await login(page, w.bureau.username, PW)
    await page.locator('[data-test="menu-resp-lists"]').click()
    await page.waitForURL(/\/resp\/lists/)
    await page.locator('[data-test="tpl-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="resp-list-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="rl-org"]', { hasText: w.county.name }).waitFor() /* the own county is preselected */
    await dlg.locator('[data-test="rl-kind"] .el-radio', { hasText: '岗位清单' }).click()
    await pickOption(page, dlg.locator('[data-test="rl-target"] .el-select__wrapper'), '班主任')
    await dlg.locator('[data-test="rl-name"] input').fill(TPL)
    await dlg.locator('[data-test="resp-item-add"]').click()
    await dlg.locator('[data-test="resp-item-input-1"] textarea, textarea[data-test="resp-item-input-1"]').first().fill(DUTY2)
    await dlg.locator('[data-test="rl-save"]').click()
    /* the server names items[0]; the error sits under that duty */
    const err = dlg.locator('[data-test="resp-item-0"] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /\S/)
    await dlg.locator('[data-test="resp-item-input-0"] textarea, textarea[data-test="resp-item-input-0"]').first().fill(DUTY1)
    await dlg.locator('[data-test="rl-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const tpl = (await apiCall(page, 'GET', '/resp-templates?per_page=200')).body.items.find(t => t.name === TPL)
    assert.ok(tpl, 'template saved')
    assert.equal(tpl.org_id, w.county.id)
    assert.equal(tpl.kind, 'post')
    assert.equal(tpl.target, 'class_teacher')
    assert.deepEqual(tpl.items.map(i => i.content), [DUTY1, DUTY2])
    const card = page.locator(`[data-test="tpl-${tpl.id}"]`)
    await card.waitFor()
    assert.match(await card.innerText(), new RegExp(DUTY2))
    w.tpl = tpl
    await shot(page, 'resp-templates-desktop')
    assertClean(bad, 'bureau templates')
  })

  test('the principal makes the school list from the template and names the holder', async () => {
    principal = await newPage(browser, DESKTOP)
    const { page, bad } = principal
    await login(page, w.principal.username, PW)
    await page.goto('/resp/lists?tab=templates')
    await page.locator(`[data-test="use-tpl-${w.tpl.id}"]`).click()
    const dlg = page.locator('.el-dialog[data-test="resp-list-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="rl-org"]', { hasText: w.school.name }).waitFor()
    await dlg.locator('[data-test="rl-template"]', { hasText: TPL }).waitFor() /* the chosen template is preselected */
    await pickOption(page, dlg.locator('[data-test="rl-holders"] .el-select__wrapper'), w.teacher.name)
    await page.keyboard.press('Escape')
    await dlg.locator('[data-test="rl-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const lists = (await apiCall(page, 'GET', `/resp-lists?org=${w.school.id}`)).body.items
    const list = lists.find(l => l.template_id === w.tpl.id)
    assert.ok(list, 'list made from the template')
    assert.deepEqual(list.items.map(i => i.content), [DUTY1, DUTY2])
    assert.deepEqual(list.holders.map(h => h.id), [w.teacher.id])
    await page.locator(`[data-test="holders-${list.id}"]`, { hasText: w.teacher.name }).waitFor()
    /* the same template twice is refused (409 on template_id, shown on the field) */
    await page.locator('.el-tabs__item', { hasText: '清单模板' }).click()
    await page.locator(`[data-test="use-tpl-${w.tpl.id}"]`).click()
    await dlg.waitFor()
    await dlg.locator('[data-test="rl-save"]').click()
    await dlg.locator('[data-test="rl-template"] .el-form-item__error').waitFor()
    await page.keyboard.press('Escape')
    await dlg.waitFor({ state: 'hidden' })
    w.list = list
    await page.goto('/resp/lists')
    await page.locator(`[data-test="list-${list.id}"]`).waitFor()
    await shot(page, 'resp-lists-desktop')
    assertClean(bad, 'principal lists')
  })

  test('the principal issues this year\'s letters from the list', async () => {
    const { page, bad } = principal
    await page.locator('[data-test="menu-resp-letters"]').click()
    await page.waitForURL(/\/resp\/letters/)
    await page.locator('[data-test="letter-issue"]').click()
    const dlg = page.locator('.el-dialog[data-test="letter-dialog"]')
    await dlg.waitFor()
    await pickOption(page, dlg.locator('[data-test="lt-list"] .el-select__wrapper'), TPL)
    await pickOption(page, dlg.locator('[data-test="lt-people"] .pick .el-select__wrapper'), w.teacher.name)
    await page.locator('.el-select-dropdown__item:visible', { hasText: w.officer.name }).first().click()
    await page.keyboard.press('Escape')
    await dlg.locator('[data-test="lt-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const letters = (await apiCall(page, 'GET', `/resp-letters?year=${YEAR}&issuer=${w.school.id}`)).body.items
    assert.deepEqual(letters.map(l => l.user_id).sort(), [w.teacher.id, w.officer.id].sort())
    assert.ok(letters.every(l => l.status === 'pending' && l.list_id === w.list.id))
    assert.match(letters[0].content, new RegExp(DUTY1))
    /* the progress tab: two pending */
    await page.goto('/resp/letters?tab=progress')
    await page.locator('[data-test="stat-pending"]', { hasText: '2' }).waitFor()
    await page.locator('[data-test="progress-unsigned"] .el-table__row', { hasText: w.teacher.name }).waitFor()
    await shot(page, 'resp-letters-progress-desktop')
    assertClean(bad, 'principal letters')
  })

  test('a teacher signs the letter on a phone', async () => {
    const phone = await newPage(browser, PHONE)
    const { page, bad } = phone
    await login(page, w.teacher.username, PW)
    await page.locator('[data-test="menu-toggle"]').click()
    await page.locator('[data-test="menu-resp-letters"]').click()
    await page.waitForURL(/\/resp\/letters/)
    const letter = (await apiCall(page, 'GET', '/resp-letters/mine')).body.items[0]
    assert.ok(letter, 'the teacher has a letter')
    const card = page.locator(`[data-test="my-letter-${letter.id}"]`)
    await card.waitFor()
    assert.match(await card.innerText(), /待签署/)
    await shot(page, 'resp-letters-mine-phone')
    await page.locator(`[data-test="sign-${letter.id}"]`).click()
    const dlg = page.locator('.el-dialog[data-test="sign-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="sign-note"] input, input[data-test="sign-note"]').first().fill('已阅读，承诺认真履职')
    await dlg.locator('[data-test="sign-confirm"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator(`[data-test="my-letter-status-${letter.id}"]`, { hasText: '已签署' }).waitFor()
    const after = (await apiCall(page, 'GET', `/resp-letters/${letter.id}`)).body
    assert.equal(after.status, 'signed')
    assert.equal(after.sign_note, '已阅读，承诺认真履职')
    assert.ok(after.signed_at)
    /* nothing overflows the phone's width */
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 392, 'no horizontal scroll: ' + wide)
    await shot(page, 'resp-letters-signed-phone')
    assertClean(bad, 'teacher signs on a phone')
    await phone.ctx.close()

    /* the principal's progress: one of two signed */
    const p = principal.page
    await p.goto('/resp/letters?tab=progress')
    await p.locator('[data-test="stat-signed"]', { hasText: '1' }).waitFor()
    await p.locator('[data-test="progress-unsigned"] .el-table__row', { hasText: w.officer.name }).waitFor()
    assert.equal(await p.locator('[data-test="progress-unsigned"] .el-table__row', { hasText: w.teacher.name }).count(), 0)
    assertClean(principal.bad, 'principal progress')
  })

  test('the safety officer makes a grid zone with a named person and its risk points', async () => {
    const off = await newPage(browser, DESKTOP)
    const { page, bad } = off
    await login(page, w.officer.username, PW)
    await page.locator('[data-test="menu-resp-grid"]').click()
    await page.waitForURL(/\/resp\/grid/)
    await page.locator('[data-test="zone-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="zone-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="zn-save"]').click()
    await dlg.locator('[data-test="zn-name"] .el-form-item__error').waitFor() /* name is required */
    await dlg.locator('[data-test="zn-name"] input').fill(ZONE)
    await dlg.locator('[data-test="zn-freq"] input').fill('每日两次')
    await pickOption(page, dlg.locator('[data-test="zn-person"] .el-select__wrapper'), w.teacher.name)
    await pickOption(page, dlg.locator('[data-test="zn-points"] .el-select__wrapper'), w.boiler.name)
    await page.locator('.el-select-dropdown__item:visible', { hasText: w.kitchen.name }).first().click()
    await page.keyboard.press('Escape')
    await dlg.locator('[data-test="zn-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const zone = (await apiCall(page, 'GET', '/grid-zones')).body.items.find(z => z.name === ZONE)
    assert.ok(zone, 'zone saved')
    assert.equal(zone.responsible_user_id, w.teacher.id)
    assert.deepEqual(zone.points.map(p => p.id).sort(), [w.boiler.id, w.kitchen.id].sort())
    assert.equal(zone.max_level, 'major')
    await page.locator(`[data-test="zone-person-${zone.id}"]`, { hasText: w.teacher.name }).waitFor()
    await page.locator(`[data-test="zone-points-${zone.id}"]`, { hasText: w.kitchen.name }).waitFor()
    assert.match(await page.locator(`[data-test="zone-level-${zone.id}"]`).innerText(), /重大/)
    await shot(page, 'resp-grid-desktop')
    assertClean(bad, 'officer grid')
    await off.ctx.close()

    /* the teacher sees the zones on a phone */
    const phone = await newPage(browser, PHONE)
    await login(phone.page, w.teacher.username, PW)
    await phone.page.goto('/resp/grid?mine=1')
    await phone.page.locator(`[data-test="zone-${zone.id}"]`, { hasText: w.boiler.name }).waitFor()
    await settle(phone.page)
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 392, 'no horizontal scroll: ' + wide)
    await shot(phone.page, 'resp-grid-phone')
    /* the lists of the posts the teacher holds */
    await phone.page.goto('/resp/lists?mine=1')
    await phone.page.locator(`[data-test="list-${w.list.id}"]`, { hasText: DUTY1 }).waitFor()
    assert.equal(await phone.page.locator('[data-test="list-cards"] > .card').count(), 1)
    await shot(phone.page, 'resp-lists-phone')
    assertClean(phone.bad, 'teacher grid on a phone')
    await phone.ctx.close()
  })

  test('the county issues letters to its principals, picked by role', async () => {
    const { page, bad } = bureau
    await page.goto('/resp/letters')
    await page.locator('[data-test="letter-issue"]').click()
    const dlg = page.locator('.el-dialog[data-test="letter-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="lt-org"]', { hasText: w.county.name }).waitFor()
    await dlg.locator('[data-test="lt-save"]').click()
    await dlg.locator('[data-test="lt-people"] .el-form-item__error').waitFor() /* nobody picked */
    await pickOption(page, dlg.locator('[data-test="lt-role"] .el-select__wrapper'), '校长')
    await dlg.locator('[data-test="lt-all"]').click()
    await dlg.locator('[data-test="lt-save"]').click()
    await dlg.locator('[data-test="lt-content"] .el-form-item__error').waitFor() /* no list, no text */
    await dlg.locator('[data-test="lt-content"] textarea').fill('一、校长是学校安全工作第一责任人。\n二、每月至少开展一次应急疏散演练。')
    await shot(page, 'resp-letter-issue-desktop')
    await dlg.locator('[data-test="lt-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const letters = (await apiCall(page, 'GET', `/resp-letters?year=${YEAR}&issuer=${w.county.id}`)).body.items
    assert.deepEqual(letters.map(l => l.user_id), [w.principal.id], 'only the principal, picked by role')
    assert.match(letters[0].content, /第一责任人/)
    await page.goto('/resp/letters?tab=progress')
    await page.locator('[data-test="progress-unsigned"] .el-table__row', { hasText: w.principal.name }).waitFor()
    assertClean(bad, 'county issues letters')
  })
})
