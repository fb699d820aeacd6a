// Runs a converted .tflite from memory with the site's own engines (the
// official TFLite web runtime, or EdgeZoo's executor), in a worker of its
// own so their TF.js backends never meet the converter's.

import { TfjsEngine } from '../../engines/tfjs-engine';
import { TfliteEngine } from '../../engines/tflite-engine';
import type { Engine, EngineInfo, EngineTensor } from '../../engines/types';

export type RunEngine = 'tflite' | 'tfjs';

export type RunRequest =
  | { type: 'load'; id: number; engine: RunEngine; bytes: Uint8Array }
  | { type: 'run'; id: number; inputs: EngineTensor[] };

export type RunResponse =
  | { type: 'loaded'; id: number; info: EngineInfo }
  | { type: 'result'; id: number; outputs: EngineTensor[]; ms: number }
  | { type: 'error'; id: number; message: string };

interface WorkerScope {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
let engine: Engine | undefined;

async function handle(req: RunRequest): Promise<void> {
  if (req.type === 'load') {
    engine?.dispose();
    engine = undefined;
    const next: Engine = req.engine === 'tflite' ? new TfliteEngine() : new TfjsEngine();
    const info = await next.load({ entry: 'model.tflite', files: { 'model.tflite': req.bytes }, format: 'tflite' }, { backend: req.engine === 'tfjs' ? 'wasm' : 'auto', runtimesBase: '/runtimes/' });
    engine = next;
    scope.postMessage({ type: 'loaded', id: req.id, info });
    return;
  }
  if (!engine) throw new Error('no model is loaded');
  const { outputs, ms } = await engine.run(req.inputs, 1);
  // Outputs may view a wasm heap: copy them out before the next run reuses it.
  scope.postMessage({ type: 'result', id: req.id, outputs: outputs.map((t) => ({ ...t, data: t.data.slice() })), ms: ms[0] ?? 0 });
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const req = e.data;
  queue = queue.then(() => handle(req).catch((err: unknown) => scope.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) })));
};
