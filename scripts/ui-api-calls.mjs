#!/usr/bin/env node
/* The web UI's API calls as a TypeScript file that type-checks only when
 * each one names a path and method of the OpenAPI document (issue 16
 * item 7).
 *
 * usage: node scripts/ui-api-calls.mjs [web/src] > calls.ts
 *   (next to openapi.d.ts made by openapi-typescript; then tsc --noEmit)
 *
 * Found in web/src/**.{js,vue}: api.get/post/put/patch/del/upload(path...),
 * request('METHOD', path...), download(path...) (GET), '/api/v1/...' in
 * templates (img src: GET), <RemindButton url=...> (POST) and
 * <ExportButtons path=...> / <ReportHead path=...> (GET). A path is a string, a template literal or
 * a concatenation (a ternary of them gives each branch); what is computed
 * (${id}, + x +) stands for one path segment. A call whose path the script
 * cannot read is listed on stderr and fails the check, so a new way of
 * calling the server has to be taught here. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = process.argv[2] || 'web/src'
const HOLE = '\u0000'

function files (dir) {
  const out = []
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) out.push(...files(p))
    else if (/\.(js|vue|mjs)$/.test(n)) out.push(p)
  }
  return out
}

/* The expression starting at s[i] up to a top-level ',' or ')'. */
function expression (s, i, inAttr = false) {
  let depth = 0
  const start = i
  for (; i < s.length; i++) {
    const c = s[i]
    if (c === '"' && inAttr) break /* the end of a Vue attribute's value */
    if (c === "'" || c === '"') {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === '\\') i++
    } else if (c === '`') {
      i = templateEnd(s, i)
    } else if (c === '(' || c === '[' || c === '{') {
      depth++
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break
      depth--
    } else if (c === ',' && depth === 0) {
      break
    }
  }
  return s.slice(start, i).trim()
}

function templateEnd (s, i) {
  for (i++; i < s.length && s[i] !== '`'; i++) {
    if (s[i] === '\\') i++
    else if (s[i] === '$' && s[i + 1] === '{') {
      let d = 1
      for (i += 2; d && i < s.length; i++) {
        if (s[i] === '{') d++
        else if (s[i] === '}') d--
        else if (s[i] === '`') i = templateEnd(s, i)
      }
      i--
    }
  }
  return i
}

/* Splits at top-level occurrences of op ('+', '?', ':'). */
function splitTop (e, op) {
  const parts = []
  let depth = 0
  let last = 0
  for (let i = 0; i < e.length; i++) {
    const c = e[i]
    if (c === "'" || c === '"') {
      for (i++; i < e.length && e[i] !== c; i++) if (e[i] === '\\') i++
    } else if (c === '`') {
      i = templateEnd(e, i)
    } else if ('([{'.includes(c)) {
      depth++
    } else if (')]}'.includes(c)) {
      depth--
    } else if (c === op && depth === 0) {
      parts.push(e.slice(last, i).trim())
      last = i + 1
    }
  }
  parts.push(e.slice(last).trim())
  return parts
}

/* The paths an expression may be, with HOLE for computed parts; null when
 * it does not start with a literal. src: the file, for a local lookup
 * table (const path = { a: '/x', b: '/y' }[tab]). */
function paths (e, src = '') {
  e = e.trim()
  const q = splitTop(e, '?')
  if (q.length === 2) {
    const alts = splitTop(q[1], ':')
    if (alts.length === 2) {
      const a = paths(alts[0], src)
      const b = paths(alts[1], src)
      return a && b ? [...a, ...b] : null
    }
  }
  let m
  if ((m = /^[A-Za-z_$][\w$]*$/.exec(e)) && src) {
    const t = new RegExp('\\b(?:const|let)\\s+' + e + '\\s*=\\s*\\{([^}]*)\\}\\[').exec(src)
    if (t) {
      const vals = [...t[1].matchAll(/:\s*'([^']*)'/g)].map((v) => v[1])
      if (vals.length && vals.every((v) => v.startsWith('/'))) return vals
    }
  }
  let outs = ['']
  for (const [k, part] of splitTop(e, '+').entries()) {
    let alts
    if ((m = /^'([^']*)'$/.exec(part)) || (m = /^"([^"]*)"$/.exec(part))) {
      alts = [m[1]]
    } else if (part.startsWith('`') && part.endsWith('`')) {
      alts = [part.slice(1, -1).replace(/\$\{[^}]*\}/g, HOLE)]
    } else if (part.startsWith('(') && part.endsWith(')') && paths(part.slice(1, -1), src)) {
      alts = paths(part.slice(1, -1), src)
    } else {
      if (k === 0) return null
      alts = [HOLE]
    }
    outs = outs.flatMap((o) => alts.map((a) => o + a))
  }
  return outs.every((o) => o.startsWith('/')) ? outs : null
}

function segments (path) {
  let p = path.split('?')[0]
  if (!p.startsWith('/api/v1/')) p = '/api/v1' + p
  return p.split('/').map((s) => (s.includes(HOLE) ? ':' : s))
}

const calls = []
const unread = []
function add (file, src, index, method, expr) {
  const line = src.slice(0, index).split('\n').length
  const ps = paths(expr, src)
  const where = `${relative(process.cwd(), file)}:${line}`
  if (!ps) {
    unread.push(`${where}: ${method} ${expr}`)
    return
  }
  for (const p of ps) calls.push({ where, method, p, segs: segments(p) })
}

const METHOD = { get: 'get', post: 'post', put: 'put', patch: 'patch', del: 'delete', upload: 'post' }
for (const f of files(root)) {
  const src = readFileSync(f, 'utf8')
  if (f.endsWith('api.js') || f.endsWith('download.js')) continue /* the doors themselves */
  let m
  const rx = /\bapi\.(get|post|put|patch|del|upload)\(\s*/g
  while ((m = rx.exec(src))) {
    const e = expression(src, m.index + m[0].length)
    if (/^props\.(url|path)$/.test(e)) continue /* from the component's attribute, below */
    add(f, src, m.index, METHOD[m[1]], e)
  }
  const rq = /\brequest\(\s*'([A-Z]+)'\s*,\s*/g
  while ((m = rq.exec(src))) add(f, src, m.index, m[1].toLowerCase(), expression(src, m.index + m[0].length))
  const dl = /\bdownload\(\s*/g
  while ((m = dl.exec(src))) {
    const e = expression(src, m.index + m[0].length)
    if (/^props\.(url|path)$/.test(e) || e === 'path') continue
    add(f, src, m.index, 'get', e)
  }
  const lit = /(['"`])\/api\/v1\//g
  while ((m = lit.exec(src))) {
    /* a URL in a template or string: the whole expression around it */
    const j = m.index
    const inAttr = m[1] !== '"' && /="[^"]*$/.test(src.slice(Math.max(0, j - 300), j))
    const e = expression(src, j, inAttr)
    add(f, src, j, 'get', e.replace(/^(['"`])\/api\/v1/, '$1'))
  }
  const attr = /<(RemindButton|ExportButtons|ReportHead)\b[^>]*?\s(:?)(url|path)="([^"]*)"/g
  while ((m = attr.exec(src))) {
    const e = m[2] ? m[4] : `'${m[4]}'`
    if (e === 'path' || e === 'url') continue /* a component handing on its own prop */
    add(f, src, m.index, m[1] === 'RemindButton' ? 'post' : 'get', e)
  }
}

const out = []
out.push('/* Generated by scripts/ui-api-calls.mjs: the web UI\'s API calls against')
out.push(' * the generated OpenAPI types; a call the server does not route fails. */')
out.push("import type { paths } from './openapi';")
out.push(`
type Split<S extends string> = S extends \`\${infer A}/\${infer B}\` ? [A, ...Split<B>] : [S];
type SegOk<U, P> = U extends ':' ? true : P extends \`{\${string}}\` ? true : U extends P ? true : false;
type SegsOk<U extends string[], P extends string[]> = U extends [infer U1, ...infer UR extends string[]]
  ? P extends [infer P1, ...infer PR extends string[]]
    ? SegOk<U1, P1> extends true ? SegsOk<UR, PR> : false
    : false
  : P extends [] ? true : false;
type HasMethod<P extends keyof paths, M extends string> = M extends keyof paths[P]
  ? undefined extends paths[P][M] ? false : true
  : false;
type Routes<M extends string, U extends string[]> = {
  [P in keyof paths & string]: SegsOk<U, Split<P>> extends true ? (HasMethod<P, M> extends true ? P : never) : never;
}[keyof paths & string];
type Routed<M extends string, U extends string[]> = [Routes<M, U>] extends [never] ? false : true;

/* success bodies are typed, not undefined */
type Json<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer B } } } } ? B : never;
type Typed<B, Shape> = [B] extends [never] ? false : unknown extends B ? false : B extends Shape ? true : false;
const meId: Typed<Json<'/api/v1/me', 'get', 200>, { id?: number }> = true;
const hazardList: Typed<Json<'/api/v1/hazards', 'get', 200>, { items: unknown[]; total: number }> = true;
void meId; void hazardList;
`)
calls.forEach((c, i) => {
  const shown = c.p.replaceAll(HOLE, '${…}').replace(/\*\//g, '*_/')
  out.push(`/* ${c.where}: ${c.method.toUpperCase()} ${shown} */`)
  out.push(`const call${i}: Routed<'${c.method}', [${c.segs.map((s) => `'${s.replace(/'/g, "\\'")}'`).join(', ')}]> = true; void call${i};`)
})
process.stdout.write(out.join('\n') + '\n')
process.stderr.write(`ui-api-calls: ${calls.length} calls from ${root}\n`)
if (unread.length) {
  process.stderr.write('ui-api-calls: paths the script cannot read (teach it, or call through api.*):\n  ' + unread.join('\n  ') + '\n')
  process.exit(1)
}
