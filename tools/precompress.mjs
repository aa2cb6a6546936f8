// precompress - copies a built web UI to OUT and writes next to every file
// that compresses well a .gz (gzip -9) and a .br (brotli, quality 11), for
// the server to pick by Accept-Encoding. Node's zlib does both, so the build
// needs nothing beyond Node (which builds the UI anyway).
//
//   node tools/precompress.mjs SRC_DIR OUT_DIR
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node tools/precompress.mjs SRC_DIR OUT_DIR');
  process.exit(2);
}
// already compressed formats gain nothing
const skip = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.woff', '.woff2', '.gz', '.br', '.zip']);
rmSync(out, { recursive: true, force: true });
let raw = 0, gz = 0, br = 0;
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const rel = path.relative(src, p);
    const dest = path.join(out, rel);
    if (statSync(p).isDirectory()) { walk(p); continue; }
    mkdirSync(path.dirname(dest), { recursive: true });
    const data = readFileSync(p);
    writeFileSync(dest, data);
    raw += data.length;
    if (skip.has(path.extname(name).toLowerCase()) || data.length < 256) continue;
    const g = gzipSync(data, { level: 9 });
    const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    // keep a compressed form only when it saves at least a tenth
    if (g.length < data.length * 0.9) { writeFileSync(dest + '.gz', g); gz += g.length; }
    if (b.length < data.length * 0.9) { writeFileSync(dest + '.br', b); br += b.length; }
  }
}
walk(src);
console.log(`precompress: ${(raw / 1024).toFixed(0)} KiB -> gzip ${(gz / 1024).toFixed(0)} KiB, brotli ${(br / 1024).toFixed(0)} KiB (compressible files)`);
