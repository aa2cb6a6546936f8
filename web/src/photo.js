/* Phone photos are 12-50 MP; the server takes 5 MB at most. Before upload a
 * picked image is drawn at most MAX_SIDE px on its long side and written as
 * JPEG (quality 0.85), keeping its orientation. Small images and anything
 * the browser cannot decode are sent as they are. */
const MAX_SIDE = 1600
const QUALITY = 0.85
const SMALL = 1024 * 1024

async function decode (file) {
  if (typeof createImageBitmap === 'function') {
    try { return await createImageBitmap(file, { imageOrientation: 'from-image' }) } catch (e) { /* fall back */ }
  }
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    return img
  } finally {
    URL.revokeObjectURL(url)
  }
}

/* Returns a Blob ready to upload (the file itself when already small). */
export async function shrinkPhoto (file) {
  if (!file || !/^image\//.test(file.type || '') || file.type === 'image/gif') return file
  let img
  try { img = await decode(file) } catch (e) { return file }
  const w = img.width || img.naturalWidth, h = img.height || img.naturalHeight
  if (!w || !h) return file
  if (file.size <= SMALL && Math.max(w, h) <= MAX_SIDE) return file
  const k = Math.min(1, MAX_SIDE / Math.max(w, h))
  const cw = Math.max(1, Math.round(w * k)), ch = Math.max(1, Math.round(h * k))
  const canvas = document.createElement('canvas')
  canvas.width = cw
  canvas.height = ch
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff' /* transparent PNG areas become white, not black */
  ctx.fillRect(0, 0, cw, ch)
  ctx.drawImage(img, 0, 0, cw, ch)
  if (img.close) img.close()
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY))
  if (!blob) return file
  return blob.size < file.size || file.size > 5 * 1024 * 1024 ? blob : file
}
