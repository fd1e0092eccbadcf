#!/usr/bin/env node
// Image decode speed in @mediadna/media (imports its built dist/): jpeg-js (pure JS) against
// wasm-vips at full size and with shrink-on-load 2/4/8, and pngjs against wasm-vips, on one
// 1920x1080 (default) photo. Build first: npx tsc -b packages/media
//   node bench/media-image-decode.bench.mjs [--input photo.jpg] [--width 1920 --height 1080] [--time 2000]
// Without --input it makes the test JPEG (q85, 4:2:0) from a Debian wallpaper of the corpus
// cache, or from the bundled sample when the corpus is absent.
import { readFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { decodeImage } from '../packages/media/dist/image/decode.js';
import { loadVips } from '../packages/media/dist/image/vips.js';
import { decodeJpegJs } from '../packages/media/dist/image/jpeg.js';
import { decodePngJs } from '../packages/media/dist/image/png.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    time: { type: 'string', default: '2000' },
  },
});
const width = Number(values.width);
const height = Number(values.height);
const vips = await loadVips();

function makeInputs() {
  const wallpaper = '/tmp/corpus-dev/.cache/x/lomiri-wallpapers-16.04/usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg';
  const source = existsSync(wallpaper) ? wallpaper : new URL('../fixtures/images/samples/sunset.jpg', import.meta.url);
  const thumb = vips.Image.thumbnailBuffer(readFileSync(source), width, { height, crop: 'centre', size: 'both' });
  try {
    return { bytes: thumb.writeToBuffer('.jpg', { Q: 85, subsample_mode: 'on' }), png: thumb.writeToBuffer('.png'), source: String(source) };
  } finally {
    thumb.delete();
  }
}
const made = makeInputs();
const { bytes, source } = values.input ? { bytes: new Uint8Array(readFileSync(values.input)), source: values.input } : made;
const png = made.png;

function vipsDecode(shrink, input = bytes) {
  const image = input === bytes ? vips.Image.jpegloadBuffer(bytes, { shrink, access: 'sequential' }) : vips.Image.newFromBuffer(input, '', { access: 'sequential' });
  const rgba = image.bandjoin(255);
  try {
    return rgba.writeToMemory();
  } finally {
    rgba.delete();
    image.delete();
  }
}

const bench = new Bench({ time: Number(values.time), warmupIterations: 3 });
bench
  .add('jpeg-js full size (baseline)', async () => { await decodeJpegJs(bytes, 1e8); })
  .add('wasm-vips jpegload full size', () => { vipsDecode(1); })
  .add('wasm-vips jpegload shrink 2', () => { vipsDecode(2); })
  .add('wasm-vips jpegload shrink 4', () => { vipsDecode(4); })
  .add('wasm-vips jpegload shrink 8', () => { vipsDecode(8); })
  .add('decodeImage JPEG (default rule)', async () => { await decodeImage(bytes); })
  .add('decodeImage JPEG minSide 256 (shrink 4)', async () => { await decodeImage(bytes, { minSide: 256 }); })
  .add('pngjs PNG full size', async () => { await decodePngJs(png); })
  .add('wasm-vips pngload full size', () => { vipsDecode(1, png); })
  .add('decodeImage PNG (default rule)', async () => { await decodeImage(png); });
await bench.run();

const baseline = bench.tasks[0].result.latency.mean;
console.log(`input: ${width}x${height} JPEG q85 ${bytes.length} bytes and PNG ${png.length} bytes, from ${source}`);
console.log(`machine: ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, wasm-vips concurrency ${vips.concurrency()}`);
console.log('| task | mean ms | ops/s | vs jpeg-js full size |');
console.log('|---|---|---|---|');
for (const task of bench.tasks) {
  const mean = task.result.latency.mean;
  console.log(`| ${task.name} | ${mean.toFixed(1)} | ${(1000 / mean).toFixed(1)} | ${(baseline / mean).toFixed(1)}x |`);
}
