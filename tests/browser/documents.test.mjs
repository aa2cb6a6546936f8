/* Documents as a county bureau uses them: the hazard ledger exported as
 * .xlsx and PDF with the list's filters under a Chinese file name; a
 * hazard's 整改回执单 printed from its page; the audit log read by an
 * auditor (纪检) with people's and orgs' names, filtered by org and person —
 * on a desk and on a 390 px phone.
 *
 * Run: XA_BASE_URL=http://127.0.0.1:18081 node --test tests/browser/documents.test.mjs */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, input, shot, apiCall, digits, ok, mkUser, mkCounty, mkSchool,
  DESKTOP, PHONE, assertClean } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Passw0rd#2026'
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
let browser, admin, w

async function downloadOf (page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.locator(button).first().click()])
  return dl.suggestedFilename()
}

describe('documents', () => {
  before(async () => {
    browser = await launch()
    admin = await newPage(browser, DESKTOP)
    await login(admin.page)
    const page = admin.page
    const county = await mkCounty(page, '文书市' + RUN, '文书县' + RUN)
    const school = await mkSchool(page, county.id, '文书实验学校' + RUN)
    const bureau = await mkUser(page, county.id, 'bureau_admin', '钱局长' + RUN, 'wsj' + RUN, PW)
    const officer = await mkUser(page, school.id, 'safety_officer', '孙安全' + RUN, 'wso' + RUN, PW)
    const auditor = await mkUser(page, county.id, 'auditor', '纪检李' + RUN, 'wsa' + RUN, PW)
    const h = await ok(await apiCall(page, 'POST', '/hazards', { school_id: school.id, title: '楼道应急灯损坏' + RUN, category: 'fire', grade: 'general' }))
    w = { county, school, bureau, officer, auditor, h }
    /* the officer assigns it, so the audit log holds the officer's work */
    const o = await newPage(browser, DESKTOP)
    await login(o.page, officer.username, PW)
    await ok(await apiCall(o.page, 'POST', `/hazards/${h.id}/actions`, { action: 'assign', rectifier_id: officer.id }), 200)
    await o.ctx.close()
  })
  after(async () => { if (browser) await browser.close() })

  test('the bureau exports the ledger with its filters; files are named in Chinese', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.goto(`/hazards?org=${w.school.id}`)
    await page.locator('[data-test="hazard-export-pdf"]').waitFor()
    const pdf = await downloadOf(page, '[data-test="hazard-export-pdf"]')
    assert.equal(pdf, `${w.school.name}_隐患台账_${today()}.pdf`)
    const xlsx = await downloadOf(page, '[data-test="hazard-export"]')
    assert.equal(xlsx, `${w.school.name}_隐患台账_${today()}.xlsx`)
    await shot(page, 'documents-ledger-desktop')
    /* the hazard's receipt from its page */
    await page.goto(`/hazards/${w.h.id}`)
    await page.locator('[data-test="receipt-pdf"]').waitFor()
    const receipt = await downloadOf(page, '[data-test="receipt-pdf"]')
    assert.equal(receipt, `${w.school.name}_隐患整改回执单_${today()}.pdf`)
    /* the timeline names people, not login names */
    const timeline = await page.locator('.ev-who').allInnerTexts()
    assert.ok(timeline.includes(w.officer.name), timeline.join(' '))
    assert.ok(!timeline.some((t) => /^ws[ao]\d+$/.test(t)), 'no login names')
    await shot(page, 'documents-hazard-desktop')
    assertClean(bad, 'ledger and receipt')
  })

  test('an auditor reads the audit log by names and filters it by person', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.auditor.username, PW)
    await page.goto(`/audit?org_id=${w.school.id}`)
    await page.locator('[data-test="audit-table"] .el-table__row').first().waitFor()
    await input(page, 'audit-filter-person').fill(w.officer.name)
    await page.locator('[data-test="audit-search"]').click()
    await page.waitForURL(/person=/)
    const rows = page.locator('[data-test="audit-table"] .el-table__row')
    await rows.first().waitFor()
    const users = await page.locator('[data-test="audit-user-name"]').allInnerTexts()
    assert.ok(users.length >= 1)
    assert.ok(users.every((u) => u === w.officer.name), users.join(','))
    const orgs = await page.locator('[data-test="audit-org-name"]').allInnerTexts()
    assert.ok(orgs.every((o) => o === w.school.name), orgs.join(','))
    const text = await page.locator('[data-test="audit-table"]').innerText()
    assert.ok(text.includes('隐患') && text.includes('交办整改'), 'object types and actions in words')
    assert.ok(!/\bhazard\b|\bassign\b/.test(text), 'no codes')
    await shot(page, 'documents-audit-desktop')
    assertClean(bad, 'audit desk')
  })

  test('on a phone: the audit log and the receipt button', async () => {
    const { page, bad } = await newPage(browser, PHONE)
    await login(page, w.auditor.username, PW)
    await page.goto(`/audit?org_id=${w.school.id}&person=${encodeURIComponent(w.officer.name)}`)
    await page.locator('[data-test="audit-table"] .el-table__row').first().waitFor()
    const text = await page.locator('[data-test="audit-table"]').innerText()
    assert.ok(text.includes(w.officer.name) && text.includes(w.school.name), text.slice(0, 200))
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 392, `no sideways scroll (${width})`)
    await shot(page, 'documents-audit-phone')
    const o = await newPage(browser, PHONE)
    await login(o.page, w.officer.username, PW)
    await o.page.goto(`/hazards/${w.h.id}`)
    await o.page.locator('[data-test="receipt-pdf"]').waitFor()
    await shot(o.page, 'documents-hazard-phone')
    assertClean(bad, 'audit phone')
    assertClean(o.bad, 'hazard phone')
  })
})
