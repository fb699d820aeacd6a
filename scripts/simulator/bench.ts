// Times simulate() for every catalogue model (each graph of each recipe) on
// every target, with the recipe's fixed input shapes. "cold" is the first
// target of a model: it includes building the target-independent op profile
// and arena plan; later targets reuse them. Usage: npx tsx scripts/simulator/bench.ts

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { inferShapes } from '../../lib/ir/infer';
import { loadModel } from '../../lib/ir/load';
import { simulate, TARGETS } from '../../lib/targets';
import type { ArtifactsManifest } from '../../lib/catalogue/manifest';
import type { Model } from '../../lib/ir/types';
import { loadAllRecipes, ROOT } from '../catalogue/load-recipes';

const BUDGET_MS = 50;
const { recipes } = loadAllRecipes();
const rows: { model: string; macs: number; coldMs: number; warmMaxMs: number; fastest: string }[] = [];
let worst = 0;

/** Times simulate() of one model on every target and records the row. */
function timeTargets(name: string, model: Model): void {
  const times: number[] = [];
  let best = { id: '', ms: Infinity };
  let macs = 0;
  for (const t of TARGETS) {
    const start = performance.now();
    const r = simulate(model, t.id);
    times.push(performance.now() - start);
    macs = r.totals.macs;
    if (r.totals.latencyMs < best.ms) best = { id: t.id, ms: r.totals.latencyMs };
  }
  const coldMs = times[0];
  const warmMaxMs = Math.max(...times.slice(1));
  worst = Math.max(worst, coldMs, warmMaxMs);
  rows.push({ model: name, macs, coldMs, warmMaxMs, fastest: `${best.id} ${best.ms.toFixed(2)} ms` });
}
for (const { recipe, packageDir } of recipes) {
  for (const g of recipe.graphs) {
    const readFile = (rel: string): Uint8Array | undefined => {
      try {
        return new Uint8Array(readFileSync(path.join(packageDir, path.dirname(g.file), rel)));
      } catch {
        return undefined;
      }
    };
    const model = loadModel({ entry: path.basename(g.file), readFile, format: g.format, inputShapes: g.inputShapes });
    inferShapes(model, g.format === 'onnx' ? {} : { inputShapes: g.inputShapes });
    timeTargets(`${recipe.id}/${g.id}`, model);
  }
}
// The artifacts `npm run zoo` built (fp32 and int8 .tflite), when present.
const manifest = path.join(ROOT, 'zoo/artifacts.json');
if (existsSync(manifest)) {
  const { recipes: built } = JSON.parse(readFileSync(manifest, 'utf8')) as ArtifactsManifest;
  for (const r of Object.values(built)) {
    for (const a of r.graphs.flatMap((g) => g.artifacts)) {
      const bytes = new Uint8Array(readFileSync(path.join(ROOT, 'public', a.href)));
      const model = loadModel({ entry: path.basename(a.href), readFile: () => bytes, format: 'tflite' });
      inferShapes(model);
      timeTargets(`${path.basename(a.href)}`, model);
    }
  }
}

console.log(`simulate() on ${rows.length} catalogue graphs and artifacts × ${TARGETS.length} targets (budget ${BUDGET_MS} ms per model-target pair)\n`);
console.log('| graph | MACs | cold ms (1st target, incl. profile) | max warm ms | fastest target |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows) console.log(`| ${r.model} | ${(r.macs / 1e6).toFixed(1)} M | ${r.coldMs.toFixed(2)} | ${r.warmMaxMs.toFixed(2)} | ${r.fastest} |`);
console.log(`\nworst pair: ${worst.toFixed(2)} ms — ${worst < BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget`);
process.exitCode = worst < BUDGET_MS ? 0 : 1;
