// Copies the in-browser runtimes' wasm and loader files from node_modules into
// public/runtimes/, so the site serves them itself (no CDN at run time):
//   tfjs-wasm/  @tensorflow/tfjs-backend-wasm .wasm builds (the EdgeZoo executor's wasm backend)
//   tflite/     @tensorflow/tfjs-tflite wasm + emscripten glue (the official TFLite web runtime)
//   ort/        onnxruntime-web wasm + .mjs loaders: plain (wasm EP) and JSEP/asyncify (WebGPU EP)
// Run before `next build`; files are skipped when already identical in size.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEST = path.join(ROOT, 'public/runtimes');

const SETS = [
  { to: 'tfjs-wasm', from: 'node_modules/@tensorflow/tfjs-backend-wasm/dist', match: (f) => f.endsWith('.wasm') },
  { to: 'tflite', from: 'node_modules/@tensorflow/tfjs-tflite/wasm', match: (f) => /^tflite_web_api_/.test(f) },
  { to: 'ort', from: 'node_modules/onnxruntime-web/dist', match: (f) => /^ort-wasm-simd-threaded(\.jsep|\.asyncify)?\.(wasm|mjs)$/.test(f) },
];

let copied = 0;
let bytes = 0;
for (const set of SETS) {
  const from = path.join(ROOT, set.from);
  if (!existsSync(from)) throw new Error(`${set.from} is missing: run npm install`);
  const to = path.join(DEST, set.to);
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter(set.match);
  if (files.length === 0) throw new Error(`no runtime files matched in ${set.from}`);
  for (const f of files) {
    const src = path.join(from, f);
    const dst = path.join(to, f);
    const size = statSync(src).size;
    bytes += size;
    if (existsSync(dst) && statSync(dst).size === size) continue;
    copyFileSync(src, dst);
    copied++;
  }
}
console.log(`runtimes: ${copied} file(s) copied into public/runtimes (${(bytes / 1e6).toFixed(1)} MB in all)`);
