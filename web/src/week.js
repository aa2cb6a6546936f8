/* ISO weeks and months in Asia/Shanghai, as the report API names them:
 * "2026-W47", "2026-11", dates "2026-11-23". */
const TZ = 8 * 3600 * 1000
const DAY = 86400 * 1000

function cn (ms) { return new Date(ms + TZ) }

export function isoWeek (ms = Date.now()) {
  const d = cn(ms)
  const day = (d.getUTCDay() + 6) % 7
  const thu = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3))
  const w = 1 + Math.floor((thu - Date.UTC(thu.getUTCFullYear(), 0, 1)) / (7 * DAY))
  return `${thu.getUTCFullYear()}-W${String(w).padStart(2, '0')}`
}

/* the week before / after a "YYYY-Www" label */
export function shiftWeek (label, n) {
  const m = /^(\d{4})-W(\d{2})$/.exec(label)
  if (!m) return isoWeek()
  /* Monday of week 1 is the Monday of the week holding 4 January */
  const jan4 = Date.UTC(Number(m[1]), 0, 4)
  const dow = (new Date(jan4).getUTCDay() + 6) % 7
  const monday = jan4 - dow * DAY + (Number(m[2]) - 1) * 7 * DAY
  return isoWeek(monday - TZ + 12 * 3600 * 1000 + n * 7 * DAY)
}

export function today () { return cn(Date.now()).toISOString().slice(0, 10) }
export function thisMonth () { return today().slice(0, 7) }
export function daysAgo (n) { return cn(Date.now() - n * DAY).toISOString().slice(0, 10) }
export function shiftMonth (label, n) {
  const [y, m] = label.split('-').map(Number)
  const d = new Date(Date.UTC(y, m - 1 + n, 1))
  return d.toISOString().slice(0, 7)
}
