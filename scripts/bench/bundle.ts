// Bundles the bench page and its worker with esbuild into a temporary folder
// the bench server serves at /bench/. Not minified: tfjs-backend-wasm's
// inlined pthread worker script breaks under minification.

import { build } from 'esbuild';
import path from 'node:path';

const PAGE = path.join(import.meta.dirname, 'page');

export const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>EdgeZoo browser bench</title></head>
<body><p>EdgeZoo browser bench: driven by scripts/bench/run.ts.</p><script type="module" src="/bench/main.js"></script></body></html>
`;

export async function bundlePage(outdir: string): Promise<void> {
  const result = await build({
    entryPoints: { main: path.join(PAGE, 'main.ts'), worker: path.join(PAGE, 'worker.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
    // Node-only branches of the emscripten glue; never taken in the browser.
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'module', 'url', 'node:*'],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  if (result.errors.length) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join('; ')}`);
}
