/* The safety-programme screens (issue 7) on their main paths, each with a
 * refusal the user sees: the school's safety officer records lessons (0
 * hours is refused on the hours field), a drill with a photo (0
 * participants refused), an emergency plan and its revision (a revision
 * without a note refused), and a holiday duty roster (publishing with gaps
 * refused and shown, then filled and published); a teacher makes a quick
 * incident report on a phone (no summary refused) and the written report
 * (no cause refused). The county bureau watches its compliance figures
 * change after the school acts. Desktop and phone screenshots.
 *
 * The world (county, two schools, users) is made through the API as the
 * admin, like screens.test.mjs. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, shot, apiCall, digits, png, pickOption, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Prg#' + RUN + 'x'
const DAY = 864e5
const cnDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10)
const TODAY = cnDay(Date.now())
let browser, w

/* this file's users: username from the role, password PW */
const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, 'pg' + role.replace('_', '') + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '工作市' + RUN, '工作县' + RUN)
  const school = await mkSchool(page, county.id, '实验小学' + RUN, { students: 600, classes: 2, staff: 40 })
  const kg = await mkSchool(page, county.id, '阳光幼儿园' + RUN, { school_type: 'kindergarten', students: 200, classes: 3, staff: 20 })
  const principal = await user(page, school.id, 'principal', '王校长' + RUN)
  const officer = await user(page, school.id, 'safety_officer', '周安全' + RUN)
  const teacher = await user(page, school.id, 'staff', '陈老师' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '林科长' + RUN)
  const hazard = await ok(await apiCall(page, 'POST', '/hazards', { school_id: school.id, title: '走廊地面湿滑' + RUN, category: 'other', grade: 'general' }))
  return { county, school, kg, principal, officer, teacher, bureau, hazard }
}

/* the el-form-item's error text under data-test=name */
async function fieldError (scope, name) {
  const err = scope.locator(`[data-test="${name}"] .el-form-item__error`)
  await err.waitFor()
  const text = (await err.innerText()).trim()
  assert.match(text, /\S/)
  return text
}

async function stat (page, key) {
  return (await page.locator(`[data-test="stat-${key}"] .sc-value`).innerText()).replace(/\s+/g, '')
}

describe('issue-7 programme screens', () => {
  let admin, officer, bureau

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
    officer = await newPage(browser, DESKTOP)
    await login(officer.page, w.officer.username, PW)
    bureau = await newPage(browser, DESKTOP)
    await login(bureau.page, w.bureau.username, PW)
  })
  after(async () => { if (browser) await browser.close() })

  test('education: a lesson of 0 hours is refused on the field; the bureau sees class hours rise', async () => {
    /* the bureau's figures first */
    const bp = bureau.page
    await bp.locator('[data-test="menu-education"]').click()
    await bp.waitForURL(/\/education/)
    await bp.locator(`[data-test="edu-ok-${w.school.id}"]`).waitFor()
    assert.equal(await stat(bp, 'edu-classes-ok'), '0/5', 'declared classes of both schools, none compliant')
    assert.equal(await stat(bp, 'edu-schools-ok'), '0')

    const { page, bad } = officer
    await page.locator('[data-test="menu-education"]').click()
    await page.waitForURL(/\/education/)
    await page.locator('[data-test="lesson-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="lesson-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="ls-class"] input').fill('一年级1班')
    await dlg.locator('[data-test="ls-topic"] input').fill('防溺水安全教育' + RUN)
    await dlg.locator('[data-test="ls-hours"] input').fill('0')
    await dlg.locator('[data-test="ls-topic"] input').click()
    await dlg.locator('[data-test="ls-save"]').click()
    assert.match(await fieldError(dlg, 'ls-hours'), /课时/)
    assert.equal((await apiCall(page, 'GET', '/lessons')).body.total, 0, 'nothing written')
    await shot(page, 'education-lesson-error-desktop')
    await dlg.locator('[data-test="ls-hours"] input').fill('6')
    await dlg.locator('[data-test="ls-topic"] input').click()
    await dlg.locator('[data-test="ls-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    /* a second lesson brings the class to 10 hours */
    await dlg.page().locator('[data-test="lesson-create"]').click()
    await dlg.waitFor()
    await dlg.locator('[data-test="ls-class"] input').fill('一年级1班')
    await dlg.locator('[data-test="ls-topic"] input').fill('消防安全' + RUN)
    await dlg.locator('[data-test="ls-hours"] input').fill('4')
    await dlg.locator('[data-test="ls-topic"] input').click()
    await dlg.locator('[data-test="ls-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const lessons = (await apiCall(page, 'GET', '/lessons')).body.items
    assert.deepEqual(lessons.map(l => [l.class_name, l.hours]).sort(), [['一年级1班', 4], ['一年级1班', 6]])
    const cls = page.locator('[data-test="edu-classes"] .el-table__row', { hasText: '一年级1班' })
    await cls.waitFor()
    assert.match(await cls.innerText(), /10 \/ 10/)
    await shot(page, 'education-classes-desktop')
    await page.locator('.el-tabs__item', { hasText: '授课记录' }).click()
    await page.locator('[data-test="lesson-table"] .el-table__row', { hasText: '消防安全' + RUN }).waitFor()
    await page.locator('.el-tabs__item', { hasText: '安全教育日历' }).click()
    await page.locator('[data-test="cal-months"]').waitFor()
    assertClean(bad, 'officer education')

    /* the bureau reloads: one class of five now compliant; drill into the school */
    await bp.reload()
    await bp.locator(`[data-test="edu-ok-${w.school.id}"]`).waitFor()
    await bp.waitForFunction(() => (document.querySelector('[data-test="stat-edu-classes-ok"] .sc-value')?.innerText || '').replace(/\s+/g, '') === '1/5')
    await shot(bp, 'education-bureau-desktop')
    await bp.locator(`[data-test="edu-school-${w.school.id}"]`).click()
    await bp.locator('[data-test="edu-classes"] .el-table__row', { hasText: '一年级1班' }).waitFor()
    await bp.locator(`[data-test="prog-trail-${w.county.id}"]`).click()
    await bp.locator(`[data-test="edu-ok-${w.kg.id}"]`).waitFor()
    assertClean(bureau.bad, 'bureau education')
  })

  test('drills: 0 participants is refused; a drill with a photo and a slow evacuation; the bureau count rises', async () => {
    const bp = bureau.page
    await bp.goto('/drills')
    await bp.locator(`[data-test="drill-ok-${w.school.id}"]`).waitFor()
    assert.equal(await stat(bp, 'drill-count'), '0')

    const { page, bad } = officer
    await page.goto('/drills?tab=records')
    await page.locator('[data-test="drill-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="drill-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="dr-duration"] input').fill('25')
    await dlg.locator('[data-test="dr-evac"] input').fill('150')
    await dlg.locator('[data-test="dr-evaluation"] textarea').fill('疏散路线清晰，三楼东侧楼梯口拥堵' + RUN)
    await dlg.locator('[data-test="dr-evaluation"] textarea').click()
    await dlg.locator('[data-test="dr-save"]').click()
    await fieldError(dlg, 'dr-participants')
    await dlg.locator('input[data-test="dr-photo"]').setInputFiles({ name: 'drill.png', mimeType: 'image/png', buffer: png(64, 48, [30, 120, Number(RUN) % 250]) })
    await dlg.locator('[data-test="photo-thumb-0"] img').waitFor()
    await dlg.locator('[data-test="dr-participants"] input').fill('620')
    await dlg.locator('[data-test="dr-evaluation"] textarea').click()
    await page.waitForFunction(() => !document.querySelector('[data-test="dr-save"]').disabled)
    await dlg.locator('[data-test="dr-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const drills = (await apiCall(page, 'GET', '/drills')).body.items
    assert.equal(drills.length, 1)
    assert.equal(drills[0].participants, 620)
    assert.equal(drills[0].evacuation_seconds, 150)
    assert.equal(drills[0].photo_ids.length, 1)
    await page.locator(`[data-test="drill-row-${drills[0].id}"]`).click()
    const view = page.locator('.el-dialog[data-test="drill-view"]')
    await view.locator('[data-test="drill-photos"] img').waitFor()
    await view.getByText('疏散超过 2 分钟').waitFor()
    await shot(page, 'drill-detail-desktop')
    await view.locator('.el-dialog__headerbtn').click()
    await view.waitFor({ state: 'hidden' })
    assertClean(bad, 'officer drills')

    await bp.reload()
    await bp.locator(`[data-test="drill-ok-${w.school.id}"]`).waitFor()
    await bp.waitForFunction(() => document.querySelector('[data-test="stat-drill-count"] .sc-value')?.innerText.trim() === '1')
    const row = bp.locator('[data-test="drill-schools"] .el-table__row', { hasText: w.school.name })
    await row.locator('.pcell.st-ok').first().waitFor()
    assert.match(await row.innerText(), /每月/)
    assert.match(await bp.locator('[data-test="drill-schools"] .el-table__row', { hasText: w.kg.name }).innerText(), /每季度/)
    await shot(bp, 'drill-compliance-desktop')
    /* the bureau narrows to the kindergarten through the org picker, and back */
    await bp.locator('[data-test="prog-scope"] .el-select').click()
    const pop = bp.locator('.xa-org-picker:visible')
    await pop.locator('.el-tree-node__content', { hasText: w.county.name }).locator('.el-tree-node__expand-icon').click()
    await pop.locator('.el-tree-node__content', { hasText: w.kg.name }).click()
    await bp.locator(`[data-test="prog-trail-${w.county.id}"]`).waitFor()
    await bp.waitForFunction(() => document.querySelector('[data-test="stat-drill-schools"] .sc-value')?.innerText.trim().startsWith('1'))
    assert.equal(await bp.locator('[data-test="drill-schools"] .el-table__row').count(), 1)
    await bp.locator(`[data-test="prog-trail-${w.county.id}"]`).click()
    await bp.locator(`[data-test="drill-ok-${w.school.id}"]`).waitFor()
    assertClean(bureau.bad, 'bureau drills')
  })

  test('emergency plan: created, a revision without a note is refused, then revised to v2', async () => {
    const { page, bad } = officer
    await page.goto('/drills?tab=plans')
    await page.locator('[data-test="eplan-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="eplan-dialog"]')
    await dlg.waitFor()
    const title = '火灾事故专项应急预案' + RUN
    await dlg.locator('[data-test="ep-title"] input').fill(title)
    await dlg.locator('[data-test="ep-content"] textarea').fill('一、总则\n二、组织机构\n三、疏散路线：教学楼东西两侧楼梯')
    await dlg.locator('[data-test="ep-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const view = page.locator('.el-dialog[data-test="eplan-view"]')
    await view.locator('[data-test="eplan-current"]', { hasText: '1' }).waitFor()
    await view.locator('.el-tabs__item', { hasText: '修订预案' }).click()
    await view.locator('[data-test="ev-content"] textarea').fill('一、总则\n二、组织机构\n三、疏散路线：增加北侧安全出口')
    await view.locator('[data-test="ev-save"]').click()
    await fieldError(view, 'ev-note')
    await view.locator('[data-test="ev-note"] input').fill('新增北侧安全出口')
    await view.locator('[data-test="ev-save"]').click()
    await view.locator('[data-test="eplan-history"] .el-table__row', { hasText: '新增北侧安全出口' }).waitFor()
    assert.equal(await view.locator('[data-test="eplan-history"] .el-table__row').count(), 2)
    await view.locator('[data-test="eplan-current"]', { hasText: '2' }).waitFor()
    await shot(page, 'emergency-plan-history-desktop')
    await view.locator('.el-dialog__headerbtn').click()
    const plan = (await apiCall(page, 'GET', '/emergency-plans')).body.items.find(p => p.title === title)
    assert.equal(plan.current_version, 2)
    await page.locator(`[data-test="eplan-v-${plan.id}"]`, { hasText: 'v2' }).waitFor()
    assertClean(bad, 'officer plans')
  })

  test('duty: publishing a holiday roster with gaps is refused and shown; filled, it publishes; the bureau sees it', async () => {
    const { page, bad } = officer
    const start = cnDay(Date.now() + 10 * DAY), end = cnDay(Date.now() + 12 * DAY)
    await page.goto('/duty')
    await page.locator('[data-test="roster-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="roster-dialog"]')
    await dlg.waitFor()
    const title = '元旦假期值班表' + RUN
    await dlg.locator('[data-test="ro-title"] input').fill(title)
    await dlg.locator('[data-test="ro-kind"] label', { hasText: '节假日' }).click()
    const inputs = dlg.locator('[data-test="ro-range"] input')
    await inputs.nth(0).fill(start)
    await inputs.nth(0).press('Enter')
    await inputs.nth(1).fill(end)
    await inputs.nth(1).press('Enter')
    await dlg.locator('[data-test="ro-title"] input').click()
    await dlg.locator('[data-test="ro-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    const ed = page.locator('.el-dialog[data-test="roster-editor"]')
    await ed.locator(`[data-test="slot-${start}"]`).waitFor()
    assert.equal(await ed.locator('.slot:not(.hdr)').count(), 3)
    await ed.locator('[data-test="roster-gaps"]', { hasText: '3' }).waitFor()
    /* the first day: leader, staff, 24 h, phone */
    await pickOption(page, ed.locator(`[data-test="slot-${start}"] .el-select`).first(), w.principal.name)
    await pickOption(page, ed.locator(`[data-test="slot-${start}"] .el-select`).nth(1), w.teacher.name)
    await page.keyboard.press('Escape')
    await ed.locator(`[data-test="slot-${start}"] .el-switch`).click()
    await ed.locator(`[data-test="slot-${start}"] input[placeholder="值班电话"]`).fill('0730-8123456')
    await ed.locator('[data-test="roster-publish"]').click()
    const perr = ed.locator('[data-test="publish-error"]')
    await perr.waitFor()
    assert.match(await perr.innerText(), /缺口/)
    await ed.locator('[data-test="roster-gaps"]', { hasText: '2' }).waitFor()
    const mid = (await apiCall(page, 'GET', '/duty-rosters')).body.items.find(r => r.title === title)
    assert.equal(mid.state, 'draft')
    assert.equal(mid.slots.length, 1)
    assert.equal(mid.slots[0].leader_id, w.principal.id)
    assert.equal(mid.slots[0].is_24h, true)
    await shot(page, 'duty-roster-gaps-desktop')

    /* the bureau sees the draft with gaps */
    const bp = bureau.page
    await bp.goto('/duty?tab=gaps')
    await bp.locator('[data-test="gap-rosters"] .el-table__row', { hasText: title }).waitFor()
    assert.equal(await stat(bp, 'duty-with-gaps'), '1')

    await ed.locator('[data-test="slot-fill"]').click()
    await ed.locator('[data-test="roster-publish"]').click()
    await page.locator('.el-message-box').waitFor()
    await page.locator('.el-message-box .el-button--primary').click()
    await ed.locator('[data-test="roster-state"]', { hasText: '已报送' }).waitFor()
    const done = (await apiCall(page, 'GET', '/duty-rosters/' + mid.id)).body
    assert.equal(done.state, 'published')
    assert.deepEqual(done.gaps, [])
    assert.ok(done.slots.every(s => s.leader_id === w.principal.id && s.is_24h))
    await ed.locator('.el-dialog__headerbtn').click()
    await page.locator(`[data-test="roster-state-${mid.id}"]`, { hasText: '已报送' }).waitFor()
    await shot(page, 'duty-rosters-desktop')
    assertClean(bad, 'officer duty')

    await bp.reload()
    await bp.locator('[data-test="stat-duty-with-gaps"]').waitFor()
    await bp.waitForFunction(() => document.querySelector('[data-test="stat-duty-with-gaps"] .sc-value')?.innerText.trim() === '0')
    assert.equal(await bp.locator('[data-test="gap-rosters"] .el-table__row', { hasText: title }).count(), 0)
    await shot(bp, 'duty-gaps-bureau-desktop')
    assertClean(bureau.bad, 'bureau duty')
  })

  test('incident on a phone: no summary is refused; quick report, then written report (no cause refused); the bureau sees it', async () => {
    const ph = await newPage(browser, PHONE)
    const { page, bad } = ph
    try {
      await login(page, w.teacher.username, PW)
      await page.goto('/incidents')
      await page.locator('[data-test="incident-create"]').click()
      const dlg = page.locator('.el-dialog[data-test="incident-dialog"]')
      await dlg.waitFor()
      const title = '学生课间追逐摔伤' + RUN
      await dlg.locator('[data-test="in-title"] input').fill(title)
      await pickOption(page, dlg.locator('[data-test="in-category"] .el-select__wrapper'), '体育')
      await dlg.locator(`[data-test="in-hazards"] .el-select__wrapper`).click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '走廊地面湿滑' + RUN }).click()
      await dlg.locator('[data-test="in-title"] input').click()
      await dlg.locator('[data-test="in-save"]').click()
      await fieldError(dlg, 'in-summary')
      await shot(page, 'incident-quick-error-phone')
      await dlg.locator('[data-test="in-summary"] textarea').fill('二年级学生课间在走廊追逐，一人摔倒致前额擦伤，已送校医室处理并通知家长。')
      await dlg.locator('[data-test="in-save"]').click()
      await dlg.waitFor({ state: 'hidden' })
      const view = page.locator('.el-dialog[data-test="incident-view"]')
      await view.locator('[data-test="inc-view-state"]', { hasText: '已快报' }).waitFor()
      await view.locator(`[data-test="inc-hazard-${w.hazard.id}"]`).waitFor()
      await view.locator('[data-test="wr-save"]').click()
      await fieldError(view, 'wr-cause')
      await view.locator('[data-test="wr-cause"] textarea').fill('课间秩序管理不到位，拖地后未设警示牌')
      await view.locator('[data-test="wr-handling"] textarea').fill('校医包扎，家长接回')
      await view.locator('[data-test="wr-save"]').click()
      await view.locator('[data-test="inc-view-state"]', { hasText: '已书面报告' }).waitFor()
      await view.locator('[data-test="inc-cause"]').waitFor()
      await shot(page, 'incident-written-phone')
      await view.locator('.el-dialog__headerbtn').click()
      const inc = (await apiCall(page, 'GET', '/incidents')).body.items.find(i => i.title === title)
      assert.equal(inc.state, 'written')
      assert.equal(inc.source, 'school')
      assert.equal(inc.quick_late, false)
      assert.deepEqual(inc.hazard_ids, [w.hazard.id])
      await page.locator(`[data-test="inc-state-${inc.id}"]`, { hasText: '已书面报告' }).waitFor()
      await shot(page, 'incidents-phone')
      assertClean(bad, 'teacher incidents phone')

      /* the bureau's list */
      const bp = bureau.page
      await bp.goto('/incidents')
      await bp.locator(`[data-test="incident-${inc.id}"]`).waitFor()
      await shot(bp, 'incidents-bureau-desktop')
      assertClean(bureau.bad, 'bureau incidents')
    } finally {
      await ph.ctx.close()
    }
  })

  test('the four screens on a phone', async () => {
    const ph = await newPage(browser, PHONE)
    const { page, bad } = ph
    try {
      await login(page, w.officer.username, PW)
      await page.goto('/education')
      await page.locator('[data-test="edu-classes"] .el-table__row', { hasText: '一年级1班' }).waitFor()
      await shot(page, 'education-phone')
      await page.goto('/drills')
      await page.locator(`[data-test="drill-ok-${w.school.id}"]`).waitFor()
      await shot(page, 'drills-phone')
      await page.goto('/duty')
      await page.locator('[data-test="roster-table"] .el-table__row', { hasText: '元旦假期值班表' + RUN }).click()
      await page.locator('.el-dialog[data-test="roster-editor"] [data-test="roster-state"]').waitFor()
      await shot(page, 'duty-editor-phone')
      const width = await page.evaluate(() => document.querySelector('.el-dialog[data-test="roster-editor"]').getBoundingClientRect().width)
      assert.ok(width <= 390, 'the editor fits the phone')
      assertClean(bad, 'officer phone')
    } finally {
      await ph.ctx.close()
    }
    const bph = await newPage(browser, PHONE)
    try {
      await login(bph.page, w.bureau.username, PW)
      await bph.page.goto('/education')
      await bph.page.locator(`[data-test="edu-ok-${w.school.id}"]`).waitFor()
      await shot(bph.page, 'education-bureau-phone')
      await bph.page.goto('/duty')
      await bph.page.locator('[data-test="stat-duty-rosters"]').waitFor()
      await shot(bph.page, 'duty-gaps-phone')
      assertClean(bph.bad, 'bureau phone')
    } finally {
      await bph.ctx.close()
    }
  })
})
