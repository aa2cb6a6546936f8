/* The work engine as a school lives it (issue 13): a principal on a phone
 * finds the new hazard in 我的待办 and assigns it; the teacher gets the
 * message and the to-do on the phone's home, rectifies with a camera-sized
 * photo (over 5 MB, downscaled in the browser before upload); a county
 * admin 催报s the schools missing a weekly report and the principal reads
 * the reminder in the inbox and the to-do.
 *
 * The world is made through the API as the admin, like dual.test.mjs. */
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { randomBytes } from 'node:crypto'
import { newPage, login, shot, settle, apiCall, digits, DESKTOP, PHONE, assertClean, ok, mkUser, mkCounty, mkSchool, startAsAdmin, png } from './helpers.mjs'

const RUN = digits(5)
const PW = 'Work#' + RUN + 'x'
const TITLE = '图书馆消防通道堆放杂物' + RUN
const MAJOR = '宿舍楼安全出口被封堵' + RUN
let browser, admin, w

const user = (page, orgId, role, name) => mkUser(page, orgId, role, name, 'w' + role.replace('_', '') + RUN, PW)

async function world (page) {
  const county = await mkCounty(page, '工作市' + RUN, '工作县' + RUN)
  const school = await mkSchool(page, county.id, '工作实验小学' + RUN)
  const school2 = await mkSchool(page, county.id, '工作第二小学' + RUN)
  const principal = await user(page, school.id, 'principal', '赵校长' + RUN)
  const teacher = await user(page, school.id, 'staff', '钱老师' + RUN)
  const bureau = await user(page, county.id, 'bureau_admin', '孙科长' + RUN)
  const hazard = await ok(await apiCall(page, 'POST', '/hazards', {
    school_id: school.id, title: TITLE, category: 'fire', grade: 'general', location: '图书馆一楼'
  }))
  const cl = await ok(await apiCall(page, 'POST', '/checklists', {
    school_id: school.id, category: 'fire', name: '消防日常巡查' + RUN,
    items: [{ content: '灭火器在位有效', standard: '压力表指针在绿区' }]
  }))
  const point = await ok(await apiCall(page, 'POST', '/risk-points', {
    school_id: school.id, name: '食堂后厨' + RUN, location: '食堂一楼', category: 'fire',
    patrol_frequency: 'daily', checklist_id: cl.id
  }))
  await ok(await apiCall(page, 'POST', '/patrol-plans', {
    school_id: school.id, name: '后厨每日巡查' + RUN, frequency: 'daily', points: [point.id], assignees: [teacher.id]
  }))
  return { county, school, school2, principal, teacher, bureau, hazard, point }
}

/* A PNG of random pixels: it does not compress, so w x h x 3 bytes. */
function noisePng (wd, ht) {
  const base = png(1, 1, [0, 0, 0])
  const sig = base.subarray(0, 8)
  const ihdrChunk = base.subarray(8, 8 + 25)
  const ihdr = Buffer.from(ihdrChunk)
  ihdr.writeUInt32BE(wd, 8); ihdr.writeUInt32BE(ht, 12)
  const rows = []
  for (let y = 0; y < ht; y++) rows.push(Buffer.concat([Buffer.from([0]), randomBytes(wd * 3)]))
  const idat = deflateSync(Buffer.concat(rows), { level: 0 })
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ih = ihdr.subarray(8, 21)
  return Buffer.concat([sig, chunk('IHDR', ih), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))])
}
function crc32 (buf) {
  let crc = 0xffffffff
  for (let n = 0; n < buf.length; n++) {
    let c = (crc ^ buf[n]) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}

describe('work engine', () => {
  let pphone, tphone, desk

  before(async () => {
    ({ browser, admin, w } = await startAsAdmin(world))
  })
  after(async () => { if (browser) await browser.close() })

  test('the principal on a phone sees the new hazard in 我的待办 and assigns it', async () => {
    pphone = await newPage(browser, PHONE)
    const { page, bad } = pphone
    await login(page, w.principal.username, PW)
    await page.goto('/dashboard')
    const card = page.locator('[data-test="todo-card"]')
    await card.locator('[data-test="todo-assign"]', { hasText: TITLE }).waitFor()
    await page.locator('[data-test="bell-count"] .el-badge__content', { hasText: /^[1-9]/ }).waitFor()
    await shot(page, 'work-principal-todo-phone')
    await card.locator('[data-test="todo-assign"] .item', { hasText: TITLE }).click()
    await page.waitForURL(new RegExp('/hazards/' + w.hazard.id + '$'))
    await page.locator('[data-test="act-assign"]').click()
    const dlg = page.locator('.el-dialog[data-test="action-dialog"]')
    await dlg.waitFor()
    await dlg.locator('[data-test="act-rectifier"] .el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: w.teacher.name }).click()
    await dlg.locator('[data-test="act-confirm"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="hazard-state"]', { hasText: '已交办' }).waitFor()
    await page.goto('/dashboard')
    await page.locator('[data-test="todo-card"]').waitFor()
    await page.waitForTimeout(300)
    assert.equal(await page.locator('[data-test="todo-assign"]', { hasText: TITLE }).count(), 0, 'no longer waiting on the principal')
    assertClean(bad, 'principal phone')
  })

  test('the teacher sees the message and the to-do, and rectifies with a >5 MB photo', async () => {
    tphone = await newPage(browser, PHONE)
    const { page, bad } = tphone
    await login(page, w.teacher.username, PW)
    await page.goto('/dashboard')
    /* the day's home: 指派给我 with the hazard, and the 扫一扫 entry */
    const mine = page.locator('[data-test="todo-rectify"]')
    await mine.waitFor()
    assert.match(await mine.innerText(), /指派给我/)
    await mine.locator('.item', { hasText: TITLE }).waitFor()
    await page.locator('[data-test="todo-scan"]').waitFor()
    /* 今日巡查 first, with the point still to scan */
    await page.locator('[data-test="todo-patrol_today"] .item', { hasText: '后厨每日巡查' + RUN }).waitFor()
    await page.locator('[data-test="todo-patrol_today"] .pt', { hasText: w.point.name }).waitFor()
    await page.locator('[data-test="bell-count"] .el-badge__content', { hasText: '1' }).waitFor()
    await shot(page, 'work-teacher-home-phone')

    await page.locator('[data-test="bell"]').click()
    await page.waitForURL(/\/messages$/)
    const msg = page.locator('.msg.unread', { hasText: '隐患交办给您整改：' + TITLE })
    await msg.waitFor()
    assert.match(await msg.innerText(), new RegExp(w.school.name))
    assert.match(await msg.innerText(), new RegExp(w.principal.name))
    await shot(page, 'work-inbox-phone')
    await msg.click()
    await page.waitForURL(new RegExp('/hazards/' + w.hazard.id + '$'))
    await page.locator('[data-test="bell-count"] .el-badge__content').waitFor({ state: 'hidden' })

    await page.locator('[data-test="act-start"]').click()
    const dlg = page.locator('.el-dialog[data-test="action-dialog"]')
    await dlg.locator('[data-test="act-confirm"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="act-submit"]').click()
    await dlg.waitFor()
    await dlg.locator('[data-test="act-note"] textarea').fill('已清理杂物，通道畅通')
    /* a camera-sized photo: 2200 x 1700 random pixels, about 11 MB as PNG */
    const big = noisePng(2200, 1700)
    assert.ok(big.length > 5 * 1024 * 1024, 'the test photo is over the server limit')
    const sent = []
    page.on('requestfinished', async (r) => {
      if (r.method() === 'POST' && /\/api\/v1\/photos/.test(r.url())) sent.push({ type: r.headers()['content-type'], size: (await r.sizes()).requestBodySize })
    })
    await dlg.locator('input[data-test="act-photo-input"]').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: big })
    await dlg.locator('[data-test="photo-thumb-0"] .thumb-del').waitFor({ timeout: 30000 })
    assert.equal(sent.length, 1)
    assert.equal(sent[0].type, 'image/jpeg', 'sent as JPEG')
    await dlg.locator('[data-test="act-confirm"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="hazard-state"]', { hasText: '待验收' }).waitFor()
    const h = (await apiCall(page, 'GET', `/hazards/${w.hazard.id}`)).body
    const after = h.photos.filter((p) => p.kind === 'after')
    assert.equal(after.length, 1)
    /* what the server stored: a JPEG under the limit, 1600 px on its long side */
    const pid = after[0].photo_id || after[0].id
    const meta = (await apiCall(page, 'GET', `/photos/${pid}/meta`)).body
    assert.equal(meta.mime, 'image/jpeg')
    assert.ok(meta.size > 0 && meta.size < 5 * 1024 * 1024, `downscaled: ${meta.size} bytes`)
    const bytes = await (await page.request.get(`/api/v1/photos/${pid}`)).body()
    let dim = null
    for (let i = 2; i + 9 < bytes.length && !dim;) {
      const mk = bytes[i + 1], len = bytes.readUInt16BE(i + 2)
      if (mk >= 0xc0 && mk <= 0xc2) dim = [bytes.readUInt16BE(i + 7), bytes.readUInt16BE(i + 5)]
      i += 2 + len
    }
    assert.deepEqual(dim, [1600, Math.round(1700 * 1600 / 2200)], 'width x height')
    assertClean(bad, 'teacher phone')
  })

  test('the patrol form keeps working offline and sends its record when the network returns', async () => {
    const { page, ctx, bad } = tphone
    await page.goto('/patrol/scan/' + w.point.qr_token)
    await page.locator('[data-test="scan-point-name"]', { hasText: w.point.name }).waitFor()
    await page.locator('[data-test="scan-item-0"]').waitFor()
    /* no default answer (issue 12): every item is answered before the form submits */
    await page.locator('[data-test="scan-pass-0"]').click()
    await ctx.setOffline(true)
    await page.locator('[data-test="scan-submit"]').click()
    await page.locator('[data-test="scan-queued"]').waitFor()
    assert.match(await page.locator('[data-test="scan-queued"]').innerText(), /待提交 1 条/)
    await shot(page, 'work-patrol-queued-phone')
    /* nothing reached the server (asked from the test side, which is not offline) */
    const before = (await apiCall(admin.page, 'GET', `/patrols?risk_point_id=${w.point.id}`)).body
    assert.equal(before.total, 0, 'nothing reached the server while offline')
    await ctx.setOffline(false)
    await page.locator('[data-test="scan-done"]').waitFor({ timeout: 20000 })
    const recs = (await apiCall(admin.page, 'GET', `/patrols?risk_point_id=${w.point.id}`)).body
    assert.equal(recs.total, 1, 'sent once')
    assert.equal(recs.items[0].patroller_id ?? w.teacher.id, w.teacher.id)
    await page.goto('/dashboard')
    await page.locator('[data-test="todo-card"]').waitFor()
    await settle(page)
    assert.equal(await page.locator('[data-test="todo-patrol_today"]').count(), 0, 'the point is patrolled')
    bad.errors = bad.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))
    assertClean(bad, 'teacher phone offline')
  })

  test('a county admin 催报s the schools missing the weekly report; the school reads it', async () => {
    desk = await newPage(browser, DESKTOP)
    const { page, bad } = desk
    await login(page, w.bureau.username, PW)
    await page.goto('/dashboard')
    await page.locator('[data-test="todo-card"]').waitFor()
    await shot(page, 'work-county-dashboard-desktop')
    await page.goto(`/reports/weekly?org=${w.county.id}`)
    const btn = page.locator('[data-test="weekly-remind"]')
    await btn.waitFor()
    await btn.click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('input').fill('请各校于今天下班前报送上周周报')
    await shot(page, 'work-weekly-remind-desktop')
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success', { hasText: '已催报 2 所学校' }).waitFor()
    /* again within the hour: the server's limit, said in words */
    await btn.click()
    await box.waitFor()
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--error', { hasText: '一小时内已催报过' }).waitFor()
    /* 催办 the hazard still waiting for its check: a general hazard, not
     * listed for 督办, so the work engine's remind button, not the loop's urge */
    await page.goto('/hazards/' + w.hazard.id)
    await page.locator('[data-test="hazard-remind"]').click()
    assert.equal(await page.locator('[data-test="act-urge"]').count(), 0, 'one 催办 on the page')
    await box.waitFor()
    await box.locator('input').fill('请学校尽快组织验收')
    await box.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success', { hasText: '已催办' }).waitFor()
    await page.locator('[data-test="hazard-timeline"]', { hasText: '催办' }).waitFor()
    await shot(page, 'work-hazard-reminded-desktop')
    /* a major hazard is listed by its county at once: its 催办 is the loop's
     * urge action (督办单位催办), the page has no separate remind button */
    const major = await ok(await apiCall(admin.page, 'POST', '/hazards', {
      school_id: w.school.id, title: MAJOR, category: 'fire', grade: 'major', location: '宿舍楼一楼'
    }))
    assert.equal(major.supervised, true)
    await page.goto('/hazards/' + major.id)
    await page.locator('[data-test="act-urge"]').click()
    assert.equal(await page.locator('[data-test="hazard-remind"]').count(), 0, 'one 催办 on the page')
    const udlg = page.locator('.el-dialog[data-test="action-dialog"]')
    await udlg.waitFor()
    await udlg.locator('[data-test="act-note"] textarea').fill('请于本周内落实五落实')
    await udlg.locator('[data-test="act-confirm"]').click()
    await udlg.waitFor({ state: 'hidden' })
    await page.locator('[data-test="hazard-timeline"]', { hasText: '请于本周内落实五落实' }).waitFor()
    bad.errors = bad.errors.filter((e) => !/429/.test(e))
    assertClean(bad, 'county desk')

    /* the principal: the message, and the reminder in the to-do */
    const p = await newPage(browser, DESKTOP)
    await login(p.page, w.principal.username, PW)
    await p.page.goto('/messages')
    await p.page.locator('.msg.unread', { hasText: /催报：\d{4}年第\d+周周报尚未报送/ }).waitFor()
    const t = (await apiCall(tphone.page, 'GET', '/messages')).body
    assert.ok(t.items.some((m) => m.title === '催办：' + TITLE && m.body.includes('请学校尽快组织验收')), 'the rectifier hears the 催办')
    assert.match(await p.page.locator('.msg', { hasText: '催报' }).first().innerText(), /请各校于今天下班前报送上周周报/)
    const urged = p.page.locator('.msg.unread', { hasText: '督办单位催办：' + MAJOR })
    await urged.waitFor()
    assert.match(await urged.innerText(), /请于本周内落实五落实/)
    await shot(p.page, 'work-inbox-desktop')
    await p.page.goto('/dashboard')
    await p.page.locator('[data-test="todo-reminded"]', { hasText: w.county.name }).waitFor()
    await shot(p.page, 'work-principal-todo-desktop')
    const pp = pphone.page
    await pp.goto('/dashboard')
    await pp.locator('[data-test="todo-reminded"]').waitFor()
    await shot(pp, 'work-principal-reminded-phone')
    assertClean(p.bad, 'principal desk')
  })
})
