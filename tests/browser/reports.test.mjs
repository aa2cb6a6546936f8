/* The monthly bulletin as a 通报 a county issues: the screen opens on the
 * last complete month; the county drafts the bulletin (it ranks the
 * county's schools), edits 主送 and the text, issues it and gets a 文号 from
 * its own sequence; the issued bulletin is frozen (no edit form, the same
 * document every time). The month still running is marked 统计中 and
 * cannot be issued. Then the same on a phone. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { newPage, login, shot, apiCall, digits, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Bul#' + RUN + 'x'
let browser, admin, w

async function world (page) {
  const county = await mkCounty(page, '通报市' + RUN, '通报县' + RUN)
  const s1 = await mkSchool(page, county.id, '城关第一小学' + RUN)
  const s2 = await mkSchool(page, county.id, '南湖中学' + RUN, { school_type: 'junior' })
  const bureau = await mkUser(page, county.id, 'bureau_admin', '林科长' + RUN, 'bul' + RUN, PW)
  const officer = await mkUser(page, s1.id, 'safety_officer', '周安全' + RUN, 'buo' + RUN, PW)
  await ok(await apiCall(page, 'PATCH', `/orgs/${county.id}`, { doc_prefix: '通' + RUN + '教安' }), 200)
  return { county, s1, s2, bureau, officer }
}

const lastMonth = () => {
  const d = new Date(Date.now() + 8 * 3600e3)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)
}

describe('the county issues its monthly bulletin', () => {
  let bureau

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
    bureau = await newPage(browser, DESKTOP)
    await login(bureau.page, 'bul' + RUN, PW)
  })
  after(async () => { if (browser) await browser.close() })

  test('draft, edit, issue: a 文号 and a frozen 通报 ranking the schools', async () => {
    const { page, bad } = bureau
    await page.locator('[data-test="menu-reports-monthly"]').click()
    await page.waitForURL(/\/reports\/monthly/)
    await page.locator('[data-test="bulletin-title"]', { hasText: w.county.name }).waitFor()
    /* the last complete month, not marked 统计中 */
    const [y, m] = lastMonth().split('-').map(Number)
    await page.locator('[data-test="bulletin-title"]', { hasText: `${y} 年 ${m} 月` }).waitFor()
    assert.equal(await page.locator('[data-test="partial"]').count(), 0)
    /* the county's bulletin ranks its schools */
    await page.locator('[data-test="ranking-table"] .el-table__row', { hasText: w.s1.name }).waitFor()
    await page.locator('[data-test="ranking-table"] .el-table__row', { hasText: w.s2.name }).waitFor()
    await page.locator('[data-test="ranking-table"] th', { hasText: '学校' }).first().waitFor()

    await page.locator('[data-test="bulletin-draft"]').click()
    const rcp = page.locator('[data-test="bulletin-recipients"] input, input[data-test="bulletin-recipients"]').first()
    await rcp.waitFor()
    assert.equal(await rcp.inputValue(), '各中小学校、幼儿园')
    await rcp.fill('各中小学校')
    const text = page.locator('[data-test="bulletin-paragraphs"] textarea, textarea[data-test="bulletin-paragraphs"]').first()
    const drafted = await text.inputValue()
    assert.match(drafted, /一、总体情况/)
    await text.fill(drafted + '\n四、请各校于本月 10 日前报送整改情况。')
    await page.locator('[data-test="bulletin-save"]').click()
    await page.getByText('已保存').first().waitFor()
    await shot(page, 'bulletin-draft-desktop')

    await page.locator('[data-test="bulletin-issue"]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('.el-button--primary').click()
    await page.locator('[data-test="bulletin-state"]', { hasText: '已发布' }).waitFor()
    const no = (await page.locator('[data-test="bulletin-docno"]').innerText()).trim()
    const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear()
    assert.equal(no, `通${RUN}教安〔${year}〕1号`)
    assert.equal(await page.locator('[data-test="bulletin-issue"]').count(), 0, 'no edit form once issued')
    await page.getByText('四、请各校于本月 10 日前报送整改情况。').waitFor()
    await shot(page, 'bulletin-issued-desktop')

    /* the issued bulletin is the same document on every print */
    const list = (await apiCall(page, 'GET', `/bulletins?org=${w.county.id}&month=${lastMonth()}`)).body.items
    assert.equal(list.length, 1)
    assert.equal(list[0].state, 'issued')
    assert.equal(list[0].doc_no, no)
    const a = await apiCall(page, 'GET', `/bulletins/${list[0].id}`)
    const b = await apiCall(page, 'GET', `/bulletins/${list[0].id}`)
    assert.deepEqual(a.body, b.body)
    assert.equal(a.body.recipients, '各中小学校')
    assert.equal((await apiCall(page, 'PATCH', `/bulletins/${list[0].id}`, { title: '改' })).status, 409)
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.locator('[data-test="bulletin-pdf"]').click()])
    const bytes = await readFile(await dl.path())
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-')

    /* this month is still counting: marked, and not issuable */
    const now = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7)
    await page.goto('/reports/monthly?month=' + now)
    await page.locator('[data-test="partial"]', { hasText: '统计中' }).waitFor()
    await page.locator('[data-test="bulletin-draft"]').click()
    await page.locator('[data-test="bulletin-issue"]').waitFor()
    assert.equal(await page.locator('[data-test="bulletin-issue"]').isDisabled(), true)
    await shot(page, 'bulletin-partial-desktop')
    assertClean(bad, 'county bulletin')
  })

  test('a school corrects its submitted week: version 2 with a reason, version 1 kept', async () => {
    const ph = await newPage(browser, DESKTOP)
    const { page, bad } = ph
    try {
      await login(page, 'buo' + RUN, PW)
      await page.goto('/reports/weekly')
      await page.locator('[data-test="week-next"]').click() /* this week */
      await page.locator('[data-test="weekly-submit"]').click()
      await page.locator('[data-test="frozen-info"]', { hasText: '第 1 版' }).waitFor()
      await page.locator('[data-test="hazard-list"]').waitFor()
      await page.locator('[data-test="weekly-resubmit"]').click()
      await page.getByText('重新报送须填写更正原因').first().waitFor()
      await page.locator('[data-test="weekly-reason"] input, input[data-test="weekly-reason"]').first().fill('补报周三发现的隐患')
      await page.locator('[data-test="weekly-resubmit"]').click()
      await page.locator('[data-test="frozen-info"]', { hasText: '第 2 版' }).waitFor()
      await page.locator('[data-test="frozen-info"]', { hasText: '补报周三发现的隐患' }).waitFor()
      await page.locator('[data-test="versions"] label', { hasText: '第 1 版' }).click()
      await page.locator('[data-test="frozen-info"]', { hasText: '第 1 版' }).waitFor()
      assert.equal(await page.locator('[data-test="weekly-resubmit"]').count(), 0, 'an old version is read only')
      await shot(page, 'weekly-versions-desktop')
      assertClean(bad, 'school weekly correction')
    } finally { await ph.ctx.close() }
  })

  test('phone: the issued bulletin reads on a phone', async () => {
    const ph = await newPage(browser, PHONE)
    const { page, bad } = ph
    try {
      await login(page, 'bul' + RUN, PW)
      await page.goto('/reports/monthly')
      await page.locator('[data-test="bulletin-docno"]').waitFor()
      await page.locator('[data-test="bulletin-panel"]').scrollIntoViewIfNeeded()
      await shot(page, 'bulletin-issued-phone')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `no horizontal scroll (${overflow}px)`)
      assertClean(bad, 'phone bulletin')
    } finally { await ph.ctx.close() }
  })
})
