// Node-only test helper, run as a script (tsx) by the e2e specs, whose
// loader cannot import lib/targets' JSON device files: the simulator's
// figures for a model file, computed the way a page computes them.
//   tsx lib/inspect/testing/simulate-reference.ts '<SimulateReferenceRequest as JSON>'
// Prints { [targetId]: { asStored, fp32, int8: { latencyMs, layers } } } as JSON.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { foldConstants } from '../../ir/fold';
import { simulate } from '../../targets';
import { importSource } from '../byom/pipeline';

export interface SimulateReferenceRequest {
  /** Absolute paths; the first is the entry. */
  files: string[];
  inputShapes?: Record<string, number[]>;
  inputValues?: Record<string, number[]>;
  targets: string[];
  /** Fold constant-only ops first, as /byom does (the inspector overlay does not). */
  fold: boolean;
}

const req = JSON.parse(process.argv[2] ?? '{}') as SimulateReferenceRequest;
const files = Object.fromEntries(req.files.map((f) => [path.basename(f), new Uint8Array(readFileSync(f))]));
const model = importSource({ entry: path.basename(req.files[0]), files, inputShapes: req.inputShapes, inputValues: req.inputValues });
if (req.fold) foldConstants(model);
const out: Record<string, Record<string, { latencyMs: number; layers: { opId: string; timeMs: number; runsOn: string }[] }>> = {};
for (const t of req.targets) {
  out[t] = {};
  for (const [k, assumeDtype] of [['asStored', undefined], ['fp32', 'float32'], ['int8', 'int8']] as const) {
    const r = simulate(model, t, assumeDtype ? { assumeDtype } : {});
    out[t][k] = { latencyMs: r.totals.latencyMs, layers: r.layers.map((l) => ({ opId: l.opId, timeMs: l.timeMs, runsOn: l.runsOn })) };
  }
}
process.stdout.write(JSON.stringify(out));
