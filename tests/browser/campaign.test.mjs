/* Campaign screens on their main path: a county bureau drafts a campaign
 * (a blank title is refused next to the field), fills the default stages'
 * tasks and publishes it to its schools; the school's safety officer sees
 * the tasks on a phone and submits one with its counts; the bureau sees the
 * progress change, accepts the report, and the list shows the progress bar.
 *
 * The world (county, schools, users) is made through the API as the admin. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, settle, apiCall, acceptAccount, digits, pickOption, DESKTOP, PHONE } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Cmp#' + RUN + 'x'
const TITLE = '防溺水专项行动' + RUN
let browser, admin, w

function assertClean (bad, what) {
  assert.deepEqual(bad.dialogs, [], what + ': no dialog may fire')
  assert.deepEqual(bad.csp, [], what + ': no CSP violation')
  assert.deepEqual(bad.errors, [], what + ': no page error')
  assert.deepEqual(bad.foreign, [], what + ': no request leaves our origin')
}

async function ok (res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  return res.body
}

async function mkUser (page, orgId, role, name) {
  const username = role.replace('_', '') + 'c' + RUN + digits(2)
  await ok(await apiCall(page, 'POST', '/users', { username, password: PW, name, org_id: orgId, roles: [{ role, org_id: orgId }] }))
  await acceptAccount(username, PW)
  return { username, name }
}

async function world (page) {
  const me = (await apiCall(page, 'GET', '/me')).body
  let parent = me.org
  if (parent.kind === 'province') {
    parent = await ok(await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'city', name: '行动市' + RUN, code: digits(6) }))
  }
  const county = await ok(await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'county', name: '行动县' + RUN, code: digits(6) }))
  const other = await ok(await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'county', name: '邻县' + RUN, code: digits(6) }))
  const mkSchool = (org, name) => apiCall(page, 'POST', '/orgs', {
    parent_id: org.id, kind: 'school', name: name + RUN, code: digits(10), school_type: 'primary', students: 900, classes: 18, staff: 60
  }).then(r => ok(r))
  const school = await mkSchool(county, '河口小学')
  const school2 = await mkSchool(county, '城南中学')
  const outside = await mkSchool(other, '邻县小学')
  const officer = await mkUser(page, school.id, 'safety_officer', '周安全' + RUN)
  const bureau = await mkUser(page, county.id, 'bureau_admin', '林科长' + RUN)
  return { county, school, school2, outside, officer, bureau }
}

describe('campaign screens', () => {
  let campaignId, bureau
  before(async () => {
    browser = await launch()
    admin = await newPage(browser, DESKTOP)
    await login(admin.page)
    w = await world(admin.page)
  })
  after(async () => { if (browser) await browser.close() })

  test('the bureau drafts a campaign with stages and tasks and publishes it', async () => {
    bureau = await newPage(browser, DESKTOP)
    const { page, bad } = bureau
    await login(page, w.bureau.username, PW)
    await page.locator('[data-test="menu-campaigns"]').click()
    await page.waitForURL(/\/campaigns$/)
    await page.locator('[data-test="camp-create"]').click()
    const dlg = page.locator('.el-dialog[data-test="camp-editor"]')
    await dlg.waitFor()
    /* three default stages, the first with one task */
    await dlg.locator('[data-test="ce-stage-2"]').waitFor()
    assert.equal(await dlg.locator('[data-test="ce-stage-name-0"] input, input[data-test="ce-stage-name-0"]').first().inputValue(), '动员部署')
    await dlg.locator('[data-test="ce-save"]').click()
    const err = dlg.locator('[data-test="ce-title"] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /title|名称|长度/)
    await dlg.locator('[data-test="ce-title"] input').fill(TITLE)
    await dlg.locator('[data-test="ce-task-title-0-0"] input, input[data-test="ce-task-title-0-0"]').first().fill('召开防溺水专题会议')
    await dlg.locator('[data-test="ce-add-task-1"]').click()
    await dlg.locator('[data-test="ce-task-title-1-0"] input, input[data-test="ce-task-title-1-0"]').first().fill('排查周边危险水域')
    await pickOption(page, dlg.locator('[data-test="ce-task-counts-1-0"] .el-select__wrapper'), '发现隐患')
    await page.keyboard.press('Escape').catch(() => {})
    await shot(page, 'campaign-editor-desktop')
    await dlg.locator('[data-test="ce-save"]').click()
    await page.waitForURL(/\/campaigns\/\d+$/)
    campaignId = Number(page.url().match(/campaigns\/(\d+)/)[1])
    await page.locator('[data-test="camp-state"]', { hasText: '草稿' }).waitFor()
    const draft = (await apiCall(page, 'GET', `/campaigns/${campaignId}`)).body
    assert.equal(draft.title, TITLE)
    assert.deepEqual(draft.stages.map(s => s.tasks.length), [1, 1, 0])
    assert.deepEqual(draft.stages[1].tasks[0].count_fields, [{ key: 'hazards_found', label: '发现隐患' }])

    await page.locator('[data-test="camp-publish"]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator('[data-test="camp-state"]', { hasText: '进行中' }).waitFor()
    /* progress per school: both schools of the county, none outside */
    await page.locator(`[data-test="camp-row-${w.school.id}"]`).waitFor()
    await page.locator(`[data-test="camp-row-${w.school2.id}"]`).waitFor()
    assert.equal(await page.locator(`[data-test="camp-row-${w.outside.id}"]`).count(), 0)
    assert.equal(await page.locator(`[data-test="camp-row-done-${w.school.id}"]`).innerText(), '0/2')
    await shot(page, 'campaign-progress-desktop')
    assertClean(bad, 'bureau desktop')
  })

  test('the school submits a task on a phone', async () => {
    const ph = await newPage(browser, PHONE)
    const { page, bad } = ph
    try {
      await login(page, w.officer.username, PW)
      await page.goto('/campaign-tasks')
      const list = page.locator('[data-test="ct-list"]')
      await list.locator('.card', { hasText: '排查周边危险水域' }).waitFor()
      assert.equal(await list.locator('.card').count(), 2)
      await settle(page)
      await shot(page, 'campaign-tasks-phone')
      const tasks = (await apiCall(page, 'GET', `/campaign-tasks?campaign_id=${campaignId}`)).body.items
      const t2 = tasks.find(t => t.task_title === '排查周边危险水域')
      await page.locator(`[data-test="ct-submit-${t2.id}"]`).click()
      const dlg = page.locator('.el-dialog[data-test="camp-submit-dialog"]')
      await dlg.waitFor()
      /* counts are required: the error lands on the field */
      await dlg.locator('[data-test="cs-text"] textarea').fill('排查河塘 3 处，均已设置警示牌')
      await dlg.locator('[data-test="cs-submit"]').click()
      await dlg.locator('[data-test="cs-count-hazards_found"] .el-form-item__error').waitFor()
      await dlg.locator('[data-test="cs-count-hazards_found"] input').fill('3')
      await shot(page, 'campaign-submit-phone')
      const box = await dlg.boundingBox()
      assert.ok(box.width >= 360, 'the dialog takes (almost) the full phone width')
      await dlg.locator('[data-test="cs-submit"]').click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(`[data-test="ct-state-${t2.id}"]`, { hasText: '待审核' }).waitFor()
      const after = (await apiCall(page, 'GET', `/campaign-tasks/${t2.id}`)).body
      assert.equal(after.state, 'submitted')
      assert.deepEqual(after.counts, { hazards_found: 3 })
      assertClean(bad, 'school phone')
    } finally { await ph.ctx.close() }
  })

  test('the bureau sees the progress change and accepts the report', async () => {
    const { page, bad } = bureau
    await page.goto(`/campaigns/${campaignId}`)
    await page.locator(`[data-test="camp-row-done-${w.school.id}"]`, { hasText: '1/2' }).waitFor()
    assert.equal(await page.locator(`[data-test="camp-row-done-${w.school2.id}"]`).innerText(), '0/2')
    /* a school row opens its reports */
    await page.locator(`[data-test="camp-row-${w.school.id}"]`).click()
    await page.locator('[data-test="camp-review-org"]').waitFor()
    const card = page.locator('[data-test="ct-list"] .card', { hasText: '排查周边危险水域' })
    await card.waitFor()
    await card.locator('[data-test^="ct-accept-"]').click()
    await card.locator('[data-test^="ct-state-"]', { hasText: '已通过' }).waitFor()
    await shot(page, 'campaign-review-desktop')
    await page.goto('/campaigns')
    const pct = page.locator(`[data-test="camp-pct-${campaignId}"]`)
    await pct.waitFor()
    assert.match(await pct.innerText(), /25%/)
    await shot(page, 'campaigns-desktop')
    assertClean(bad, 'bureau review')

    const ph = await newPage(browser, PHONE)
    try {
      await login(ph.page, w.bureau.username, PW)
      await ph.page.goto(`/campaigns/${campaignId}`)
      await ph.page.locator(`[data-test="camp-row-${w.school.id}"]`).waitFor()
      await shot(ph.page, 'campaign-progress-phone')
      await ph.page.goto('/campaigns')
      await ph.page.locator(`[data-test="camp-${campaignId}"]`).waitFor()
      await shot(ph.page, 'campaigns-phone')
      /* the editor on a phone: one column, full-width dialog */
      await ph.page.locator('[data-test="camp-create"]').click()
      const ed = ph.page.locator('.el-dialog[data-test="camp-editor"]')
      await ed.locator('[data-test="ce-stage-2"]').waitFor()
      await shot(ph.page, 'campaign-editor-phone')
      assert.ok((await ed.boundingBox()).width >= 360)
      assertClean(ph.bad, 'bureau phone')
    } finally { await ph.ctx.close() }
  })
})
