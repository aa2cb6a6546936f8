/* Patrol records made without a network: kept in localStorage and sent
 * when the phone is online again (the 'online' event, app start, or a
 * retry). The server records the phone's scan time and its own arrival
 * time, so a late upload is visible as such. */
import { ref } from 'vue'
import { request } from './api.js'

const KEY = 'xiaoan.patrol.queue'
export const queuedCount = ref(0)
let sending = false

function read () {
  try { return JSON.parse(localStorage.getItem(KEY) || '[]') } catch (e) { return [] }
}
function write (q) {
  try { localStorage.setItem(KEY, JSON.stringify(q)) } catch (e) { /* storage full */ }
  queuedCount.value = q.length
}

/* Keeps a record body to send later. */
export function queuePatrol (body) {
  const q = read()
  q.push({ body, queued_at: Date.now() })
  write(q)
}

/* Sends what is queued, oldest first; stops at the first network error.
 * A record the server refuses (4xx) is dropped so it cannot block the
 * rest. Returns how many were sent. */
export async function flushPatrols () {
  if (sending) return 0
  sending = true
  let sent = 0
  try {
    let q = read()
    while (q.length) {
      try {
        await request('POST', '/patrols', { body: q[0].body, quiet: true })
        sent++
      } catch (e) {
        if (e.status === 0 || e.status >= 500) break
      }
      q = read().slice(1)
      write(q)
    }
  } finally {
    sending = false
  }
  return sent
}

queuedCount.value = read().length
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => { flushPatrols() })
  /* and every 20 s while something waits (an 'online' event can be missed) */
  setInterval(() => { if (queuedCount.value && navigator.onLine !== false) flushPatrols() }, 20000)
}
