/* Check items in the editors: a stable key per row for v-for. */
let seq = 0
export function blankItem (it = {}) {
  return { key: 'k' + (++seq), content: it.content || '', standard: it.standard || '', method: it.method || '', weight: it.weight != null ? Number(it.weight) : 1 }
}

/* the items as the API takes them */
export function itemsBody (items) {
  return items.map(i => {
    const o = { content: i.content.trim() }
    if (i.standard.trim()) o.standard = i.standard.trim()
    if (i.method.trim()) o.method = i.method.trim()
    if (i.weight != null) o.weight = i.weight
    return o
  })
}
