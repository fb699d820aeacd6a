// Bundles lib/offline/service-worker.ts into out/sw.js after `next build`,
// with Next's build id baked in so each build gets its own site cache.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const buildId = readFileSync(path.join(ROOT, '.next/BUILD_ID'), 'utf8').trim();
if (!buildId) throw new Error('.next/BUILD_ID is empty: run `next build` first');

await build({
  entryPoints: [path.join(ROOT, 'lib/offline/service-worker.ts')],
  outfile: path.join(ROOT, 'out/sw.js'),
  bundle: true,
  format: 'iife',
  target: 'es2022',
  minify: true,
  define: { __EDGEZOO_BUILD_ID__: JSON.stringify(buildId) },
  logLevel: 'warning',
});
console.log(`service worker: out/sw.js for build ${buildId}`);
