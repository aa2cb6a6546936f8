/* Push channels (推送渠道) in the browser: a county bureau admin on a desk
 * adds a 企业微信 robot (the key is masked after saving), sends a test
 * message that a loopback robot receives, is told which field is missing
 * for a 钉钉 robot, finds a dead push in the outbox drawer and retries it;
 * a principal on a phone sees only the school's channel and its counts.
 * The world is made through the API as the admin. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { newPage, login, shot, apiCall, digits, input, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Push#' + RUN + 'x'
const RPORT = 19530 + (Number(RUN) % 10)
const KEY = 'k' + RUN + '-secret'
let browser, admin, w
const got = []
let failing = true
const robot = http.createServer((req, res) => {
  let b = ''
  req.on('data', (d) => { b += d })
  req.on('end', () => {
    if (req.url.startsWith('/bad') && failing) { res.writeHead(500); res.end('down'); return }
    got.push({ url: req.url, key: req.headers['x-xiaoan-idempotency-key'], body: JSON.parse(b || '{}') })
    res.setHeader('Content-Type', 'application/json')
    res.end('{"errcode":0,"errmsg":"ok"}')
  })
})

const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, role.replace('_', '') + 'q' + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '推送市' + RUN, '推送县' + RUN)
  const school = await mkSchool(page, county.id, '推送小学' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '钱科长' + RUN)
  const principal = await user(page, school.id, 'principal', '孙校长' + RUN)
  return { county, school, bureau, principal }
}

async function until (fn, what, ms = 15000) {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out: ' + what)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('push channels', () => {
  before(async () => {
    await new Promise((r) => robot.listen(RPORT, '127.0.0.1', r))
    ;({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => {
    if (browser) await browser.close()
    robot.close()
  })

  test('a county admin adds a 企业微信 robot, the key is masked, a test message arrives', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.goto('/push-channels')
    await page.locator('[data-test="push-empty"]').waitFor()
    await shot(page, 'push-empty-desk')
    await page.locator('[data-test="push-add"]').click()
    await page.locator('[data-test="push-dialog"]').waitFor()
    await input(page, 'push-f-name').fill('县局安全工作群')
    await input(page, 'push-f-url').fill(`http://127.0.0.1:${RPORT}/cgi-bin/webhook/send?key=${KEY}`)
    await shot(page, 'push-editor-desk')
    await page.locator('[data-test="push-save"]').click()
    const card = page.locator('[data-test^="push-card-"]').first()
    await card.waitFor()
    assert.match(await card.innerText(), /县局安全工作群[\s\S]*企业微信群机器人[\s\S]*推送县/)
    assert.ok(!(await page.content()).includes(KEY), 'the robot key is not in the page')
    // edit: the secret shows as set, not its value
    await card.locator('[data-test^="push-edit-"]').click()
    const ph = await input(page, 'push-f-url').getAttribute('placeholder')
    assert.equal(ph, '已设置，留空则保持不变')
    assert.equal(await input(page, 'push-f-url').inputValue(), '')
    await page.keyboard.press('Escape')
    // send a test message: the loopback robot gets it
    const id = (await card.getAttribute('data-test')).replace('push-card-', '')
    await page.locator(`[data-test="push-test-${id}"]`).click()
    await until(() => got.some((g) => g.url.includes(KEY) && g.body.markdown?.content.includes('推送测试：县局安全工作群')), 'the test push')
    await page.reload()
    await until(async () => (await page.locator(`[data-test="push-card-${id}"] [data-test="push-sent"]`).innerText()) === '1', 'sent count 1')
    await shot(page, 'push-channels-desk')
    assertClean(bad, 'push channels desk')
  })

  test('a 钉钉 robot without its secret is refused, naming the field', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    await page.goto('/push-channels')
    await page.locator('[data-test="push-add"]').click()
    await page.locator('[data-test="push-kind-dingtalk"]').click()
    await input(page, 'push-f-name').fill('县局钉钉群')
    await input(page, 'push-f-url').fill('https://oapi.dingtalk.com/robot/send?access_token=abc')
    await page.locator('[data-test="push-save"]').click()
    const item = page.locator('.el-form-item', { has: page.locator('input[data-test="push-f-secret"], [data-test="push-f-secret"] input') })
    await item.locator('.el-form-item__error').waitFor()
    assert.match(await item.locator('.el-form-item__error').innerText(), /请填写签名密钥/)
    await shot(page, 'push-editor-error-desk')
    await page.keyboard.press('Escape')
    assertClean(bad, 'dingtalk validation')
  })

  test('a dead push shows in the outbox and is retried', async () => {
    const { page, bad } = await newPage(browser, DESKTOP)
    await login(page, w.bureau.username, PW)
    const ch = await ok(await apiCall(page, 'POST', '/push-channels', { org_id: w.county.id, kind: 'webhook', name: '县政务平台', url: `http://127.0.0.1:${RPORT}/bad`, secret: 's' + RUN, max_tries: 1 }))
    await ok(await apiCall(page, 'POST', `/push-channels/${ch.id}/test`, {}), 202)
    await until(async () => (await apiCall(page, 'GET', `/push-channels/${ch.id}`)).body.dead === 1, 'dead letter')
    await page.goto('/push-channels')
    await page.locator(`[data-test="push-error-${ch.id}"]`).waitFor()
    assert.match(await page.locator(`[data-test="push-error-${ch.id}"]`).innerText(), /HTTP 500/)
    await page.locator(`[data-test="push-outbox-${ch.id}"]`).click()
    const retry = page.locator('[data-test^="push-retry-"]').first()
    await retry.waitFor()
    await shot(page, 'push-outbox-dead-desk')
    failing = false
    await retry.click()
    await until(async () => (await apiCall(page, 'GET', `/push-channels/${ch.id}`)).body.sent === 1, 'sent after retry')
    assertClean(bad, 'outbox')
  })

  test('a principal on a phone sees the school\'s channel only', async () => {
    const { page, bad } = await newPage(browser, PHONE)
    await login(page, w.principal.username, PW)
    await ok(await apiCall(page, 'POST', '/push-channels', { org_id: w.school.id, kind: 'wecom', name: '学校安全群', url: `http://127.0.0.1:${RPORT}/cgi-bin/webhook/send?key=s${RUN}`, msg_kinds: ['hazard_assigned', 'hazard_overdue'] }))
    await page.goto('/push-channels')
    const cards = page.locator('[data-test^="push-card-"]')
    await cards.first().waitFor()
    assert.equal(await cards.count(), 1)
    const text = await cards.first().innerText()
    assert.match(text, /学校安全群/)
    assert.match(text, /隐患交办给我、隐患整改逾期/)
    assert.ok(!text.includes('县局'))
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(wide <= 392, `no sideways scrolling on a phone (${wide})`)
    await shot(page, 'push-channels-phone')
    await cards.first().locator('[data-test^="push-edit-"]').click()
    await page.locator('[data-test="push-dialog"]').waitFor()
    assert.equal(await page.locator('[data-test="push-f-kinds"] label.is-checked').count(), 2, 'the chosen kinds are ticked')
    await shot(page, 'push-editor-phone')
    // untick one and save: the card follows
    await page.locator('[data-test="push-mk-hazard_overdue"]').click()
    await page.locator('[data-test="push-save"]').click()
    await page.locator('[data-test="push-dialog"]').waitFor({ state: 'hidden' })
    await page.waitForFunction(() => /类型：隐患交办给我\s/.test(document.querySelector('[data-test^="push-card-"]').innerText))
    // a test from the phone, then its outbox
    const card = cards.first()
    await card.locator('[data-test^="push-test-"]').click()
    await until(() => got.some((g) => g.url.includes('key=s' + RUN)), 'the school test push')
    await card.locator('[data-test^="push-outbox-"]').click()
    await page.locator('[data-test="push-rows"] .el-table__row').first().waitFor()
    assert.match(await page.locator('[data-test="push-rows"]').innerText(), /推送测试：学校安全群[\s\S]*已发送/)
    await shot(page, 'push-outbox-phone')
    assertClean(bad, 'push channels phone')
  })
})
