/* isMobile: true below 768 px (teachers use phones). */
import { ref } from 'vue'

export const isMobile = ref(typeof window !== 'undefined' && window.innerWidth < 768)
if (typeof window !== 'undefined') {
  window.addEventListener('resize', () => { isMobile.value = window.innerWidth < 768 })
}
