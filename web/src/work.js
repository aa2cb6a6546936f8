/* The unread message count shown by the bell, refreshed every minute and
 * after the inbox changes it. */
import { ref } from 'vue'
import { api } from './api.js'

export const unread = ref(0)
let timer = null

export async function refreshUnread () {
  try {
    const r = await api.get('/messages/unread-count', null, { quiet: true })
    unread.value = r.unread
  } catch (e) { /* offline or signed out: keep the last count */ }
}

export function startUnreadPolling () {
  refreshUnread()
  if (!timer) timer = setInterval(refreshUnread, 60000)
}

export function stopUnreadPolling () {
  if (timer) clearInterval(timer)
  timer = null
}
