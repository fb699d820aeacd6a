// EdgeZoo's own engines (lib/engines), driven exactly as the inference worker
// drives them: load with a backend request, then run(inputs, 1) per timing.

import { createEngine } from '../../../lib/engines/create-engine';
import type { BackendRequest, Engine, EngineId, EngineTensor } from '../../../lib/engines/types';
import type { ModelCase } from '../cases';
import { fetchFiles } from './files';
import type { Timed } from './timed';
import { valuePlans, valueTensor } from './values';

const ENGINE_IDS: readonly string[] = ['tfjs', 'tflite', 'ort'] satisfies EngineId[];

function engineFor(id: string): Engine {
  if (!ENGINE_IDS.includes(id)) throw new Error(`unknown engine ${id}`);
  return createEngine(id as EngineId);
}

/** "wasm (XNNPACK, SIMD, 4 threads)" → 4; engines without a pool report 1. */
function threadsOf(backend: string): number {
  const m = /(\d+) threads?/.exec(backend);
  return m ? Number(m[1]) : 1;
}

export async function openEngine(c: ModelCase, tensors: EngineTensor[]): Promise<Timed> {
  const files = await fetchFiles(c.files);
  const engine = engineFor(c.engine);
  try {
    const values = valuePlans(c.inputs);
    // As the app does: every engine is told the frozen values; our executor folds them in at load, the
    // runtimes that run the file as it is keep them as inputs, fed below.
    const inputValues = values.length ? Object.fromEntries(values.map((v) => [v.name, v.values])) : undefined;
    const info = await engine.load({ entry: c.entry, files, format: c.format, inputShapes: c.inputShapes, inputValues }, { backend: c.backend as BackendRequest, runtimesBase: '/runtimes/' });
    // Engines fall back to a slower backend rather than fail; timing that under this row's name would mislabel it.
    if (!info.backend.startsWith(c.backend)) throw new Error(`asked for ${c.backend}, the engine ran ${info.backend} (${info.note})`);
    const inputs = [...tensors];
    for (const v of values) {
      const declared = info.inputs.find((i) => i.name === v.name);
      if (declared) inputs.push(valueTensor(v, declared.dtype));
    }
    return {
      backendUsed: info.backend,
      note: info.note,
      threads: threadsOf(info.backend),
      loadMs: info.loadMs,
      runOnce: async () => (await engine.run(inputs, 1)).ms[0],
      dispose: () => engine.dispose(),
    };
  } catch (err) {
    engine.dispose();
    throw err;
  }
}
