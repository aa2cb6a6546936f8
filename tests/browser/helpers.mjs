/* Shared pieces of the browser tests: Debian's chromium driven by
 * playwright-core (never a downloaded browser), the server under test at
 * XA_BASE_URL, screenshots under tests/out/screens/. */
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1'
const here = path.dirname(fileURLToPath(import.meta.url))
/* playwright-core is a devDependency of web/ (one `npm ci` there). */
const require = createRequire(path.join(here, '../../web/package.json'))
const { chromium } = require('playwright-core')

export const BASE = (process.env.XA_BASE_URL || 'http://127.0.0.1:18081').replace(/\/$/, '')
export const ADMIN = process.env.XA_ADMIN_USER || 'admin'
export const PASS = process.env.XA_ADMIN_PASS || 'Admin#2026'
export const SHOTS = path.resolve(here, '../out/screens')
mkdirSync(SHOTS, { recursive: true })

export const DESKTOP = { viewport: { width: 1366, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }
export const PHONE = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36'
}

export function launch () {
  return chromium.launch({
    executablePath: process.env.XA_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
  })
}

/* A new page that records what must never happen: JS errors, CSP
 * violations, alert/confirm dialogs, requests to anything but BASE. */
export async function newPage (browser, opts) {
  const ctx = await browser.newContext({ ...opts, baseURL: BASE })
  const page = await ctx.newPage()
  /* XA_SLOW=N emulates a slow machine: CPU N times slower and N*20 ms of
   * network latency, to shake out races that a fast laptop hides. */
  const slow = Number(process.env.XA_SLOW || 0)
  if (slow > 1) {
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slow })
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: slow * 20, downloadThroughput: -1, uploadThroughput: -1 })
  }
  const bad = { errors: [], csp: [], dialogs: [], foreign: [] }
  page.on('pageerror', e => bad.errors.push(String(e)))
  page.on('console', m => {
    const t = m.text()
    if (/Content.Security.Policy|Refused to/i.test(t)) bad.csp.push(t)
    else if (m.type() === 'error' && !/status of 4\d\d/.test(t)) bad.errors.push(t)
  })
  page.on('dialog', d => { bad.dialogs.push(d.message()); d.dismiss().catch(() => {}) })
  page.on('request', r => {
    const u = r.url()
    if (!u.startsWith(BASE) && !u.startsWith('data:') && !u.startsWith('blob:')) bad.foreign.push(u)
  })
  return { ctx, page, bad }
}

/* <input> of an el-input tagged data-test=name (the attribute lands on
 * the input or on its wrapper depending on the component). */
export function input (page, name) {
  return page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
}

export async function login (page, user = ADMIN, pass = PASS) {
  await page.goto('/login')
  await input(page, 'login-username').fill(user)
  await input(page, 'login-password').fill(pass)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL(u => !u.pathname.startsWith('/login'), { timeout: 15000 })
}

/* Waits until the page is at rest: no CSS animation or transition
 * running, no loading mask, every chart drawn. */
export async function settle (page) {
  await page.waitForFunction(() => {
    const busy = document.getAnimations().some(a => a.playState === 'running' &&
      a.effect && a.effect.getTiming().iterations !== Infinity)
    const masks = [...document.querySelectorAll('.el-loading-mask')].some(m => m.offsetParent !== null)
    const charts = [...document.querySelectorAll('.chart-box')].some(c => c.dataset.rendered !== '1')
    return !busy && !masks && !charts
  }, null, { polling: 50, timeout: 15000 })
}

export async function shot (page, name) {
  await settle(page)
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: false })
}

/* JSON API through the page's cookie session; writes carry the CSRF token. */
export async function apiCall (page, method, p, body) {
  const me = await page.request.get(BASE + '/api/v1/me')
  const csrf = (await me.json()).csrf_token
  const res = await page.request.fetch(BASE + '/api/v1' + p, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    data: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status(), body: text ? JSON.parse(text) : null }
}

/* Fails unless the page stayed clean: no dialog, CSP violation, page error or foreign request. */
export function assertClean (bad, what) {
  assert.deepEqual(bad.dialogs, [], what + ': no dialog may fire')
  assert.deepEqual(bad.csp, [], what + ': no CSP violation')
  assert.deepEqual(bad.errors, [], what + ': no page error')
  assert.deepEqual(bad.foreign, [], what + ': no request leaves our origin')
}

/* The body of an apiCall answer, asserting its status (201 unless told). */
export async function ok (res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  return res.body
}

/* A user holding one role at orgId, made through the API: { id, username, name }. */
export async function mkUser (page, orgId, role, name, username, password) {
  const u = await ok(await apiCall(page, 'POST', '/users', {
    username, password, name, org_id: orgId, roles: [{ role, org_id: orgId }]
  }))
  await acceptAccount(username, password)
  return { id: u.id, username, name }
}

/* An account an administrator made must change its password at the first
 * login; the tests keep the password they chose: change it away and back. */
export async function acceptAccount (username, password) {
  const call = async (p, body, token) => {
    const res = await fetch(BASE + '/api/v1' + p, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
      body: JSON.stringify(body)
    })
    const json = await res.json()
    assert.equal(res.status, 200, JSON.stringify(json))
    return json
  }
  const { token } = await call('/login', { username, password })
  const tmp = password + '~first'
  await call('/me/password', { current_password: password, new_password: tmp }, token)
  await call('/me/password', { current_password: tmp, new_password: password }, token)
}

/* A new county under the admin's org (a new city first when the admin sits at a province). */
export async function mkCounty (page, cityName, countyName) {
  const me = (await apiCall(page, 'GET', '/me')).body
  let parent = me.org
  if (parent.kind === 'province') {
    parent = await ok(await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'city', name: cityName, code: digits(6) }))
  }
  return ok(await apiCall(page, 'POST', '/orgs', { parent_id: parent.id, kind: 'county', name: countyName, code: digits(6) }))
}

/* A new school under countyId (a primary school of 900 pupils in 18 classes, 60 staff, unless fields say otherwise). */
export async function mkSchool (page, countyId, name, fields = {}) {
  return ok(await apiCall(page, 'POST', '/orgs', {
    parent_id: countyId, kind: 'school', name, code: digits(10), school_type: 'primary', students: 900, classes: 18, staff: 60, ...fields
  }))
}

/* Launches the browser, logs the admin in on a desktop page and builds world(page) through it: { browser, admin, w } (closes the browser on failure). */
export async function startAsAdmin (world) {
  const browser = await launch()
  const admin = await newPage(browser, DESKTOP)
  try {
    await login(admin.page)
    return { browser, admin, w: await world(admin.page) }
  } catch (e) { await browser.close(); throw e }
}

/* n random digits, first non-zero */
export function digits (n) {
  let s = String(1 + Math.floor(Math.random() * 9))
  while (s.length < n) s += Math.floor(Math.random() * 10)
  return s
}

/* Clicks a visible el-select option by its text. */
export async function pickOption (page, selectLocator, text) {
  await selectLocator.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/* A small valid PNG (w x h, one colour): photo uploads are checked by
 * magic bytes and stored by content hash, so vary the colour per use. */
import { deflateSync } from 'node:zlib'
function crc32 (buf) {
  let c, crc = 0xffffffff
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}
function chunk (type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
export function png (w, h, [r, g, b]) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  const row = Buffer.alloc(1 + w * 3)
  for (let x = 0; x < w; x++) { row[1 + x * 3] = r; row[2 + x * 3] = g; row[3 + x * 3] = b }
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}
