/* The forced password change (issue 15, item 9): a teacher whose account
 * the admin just made signs in on a phone, lands on the change screen
 * (nothing else opens until done), is told why a weak password is refused,
 * sets their own, and goes on to the page they asked for; the desk user
 * changes their own password from the user menu. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { newPage, login, shot, apiCall, digits, input, DESKTOP, PHONE, assertClean, ok, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const INITIAL = 'Start#' + RUN + 'x'
const MINE = 'Mine#' + RUN + 'yz'
let browser, admin, w

async function world (page) {
  const county = await mkCounty(page, '密码市' + RUN, '密码县' + RUN)
  const school = await mkSchool(page, county.id, '密码小学' + RUN)
  const username = 'teacherpw' + RUN
  await ok(await apiCall(page, 'POST', '/users', {
    username, password: INITIAL, name: '李老师' + RUN, org_id: school.id, roles: [{ role: 'staff', org_id: school.id }]
  }))
  return { county, school, username }
}

describe('password change', () => {
  before(async () => { ({ browser, admin, w } = await startAsAdmin(world)) })
  after(async () => { if (browser) await browser.close() })

  test('a new account must choose its own password before anything else', async () => {
    const { page, bad } = await newPage(browser, PHONE)
    await page.goto('/hazards')
    await input(page, 'login-username').fill(w.username)
    await input(page, 'login-password').fill(INITIAL)
    await page.locator('[data-test="login-submit"]').click()
    await page.waitForURL(u => u.pathname === "/password" && u.searchParams.get("redirect") === "/hazards")
    assert.match(await page.locator('.pw-card h2').innerText(), /请先修改初始密码/)
    await shot(page, 'password-forced-phone')
    /* nothing else opens */
    await page.goto('/dashboard')
    await page.waitForURL(/\/password/)
    /* a weak password is refused with the reason next to the field */
    await input(page, 'pw-current').fill(INITIAL)
    await input(page, 'pw-new').fill('password123')
    await input(page, 'pw-again').fill('password123')
    await page.locator('[data-test="pw-submit"]').click()
    await page.locator('[data-test="pw-current"], .el-form-item__error').filter({ hasText: '容易被猜中' }).first().waitFor()
    await shot(page, 'password-weak-phone')
    /* mismatch is caught on the page */
    await input(page, 'pw-new').fill(MINE)
    await input(page, 'pw-again').fill(MINE + 'q')
    await page.locator('[data-test="pw-submit"]').click()
    await page.getByText('两次输入的新密码不一致').waitFor()
    await input(page, 'pw-again').fill(MINE)
    await page.locator('[data-test="pw-submit"]').click()
    /* on to the page asked for last (the dashboard, tried above) */
    await page.waitForURL(/\/dashboard/)
    assertClean(bad, 'forced change')
    await page.context().close()
    /* the new password is the one that works */
    const again = await newPage(browser, DESKTOP)
    await login(again.page, w.username, MINE)
    assert.ok(!again.page.url().includes('/password'))
    await again.page.context().close()
  })

  test('the desk user changes their own password from the user menu', async () => {
    const { page } = await newPage(browser, DESKTOP)
    await login(page, w.username, MINE)
    await page.locator('.el-dropdown').filter({ hasText: '李老师' }).first().click()
    await page.locator('[data-test="change-password"]').click()
    await page.waitForURL(/\/password/)
    assert.match(await page.locator('.pw-card h2').innerText(), /修改密码/)
    await input(page, 'pw-current').fill('not-my-password')
    await input(page, 'pw-new').fill(MINE + '2')
    await input(page, 'pw-again').fill(MINE + '2')
    await page.locator('[data-test="pw-submit"]').click()
    await page.getByText('当前密码不正确').waitFor()
    await shot(page, 'password-change-desktop')
    await page.context().close()
  })
})
