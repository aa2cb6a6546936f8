/* A printed QR code opens <base>/#/patrol/scan/<token>; the app routes by
 * path. Imported first by main.js, so the hash link becomes the path
 * before the router module reads the location. */
if (typeof window !== 'undefined' && window.location.hash.startsWith('#/')) {
  window.history.replaceState(null, '', window.location.hash.slice(1))
}
