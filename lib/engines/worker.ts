// The inference worker: downloads (through the model cache), loads and runs
// one engine at a time, so the page never blocks on model work.

import { fetchModelFiles } from './model-cache';
import { OrtEngine } from './ort-engine';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { transferables } from './protocol';
import { TfjsEngine } from './tfjs-engine';
import { TfliteEngine } from './tflite-engine';
import type { Engine, EngineId, EngineTensor } from './types';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

function createEngine(id: EngineId): Engine {
  switch (id) {
    case 'tfjs':
      return new TfjsEngine();
    case 'tflite':
      return new TfliteEngine();
    case 'ort':
      return new OrtEngine();
  }
}

/** Outputs that view a wasm heap must be copied out before the next run overwrites them. */
function owned(t: EngineTensor): EngineTensor {
  return { ...t, data: t.data.slice() };
}

let engine: Engine | undefined;
// Requests are handled one at a time, in order, so a run never races a load.
let queue: Promise<void> = Promise.resolve();

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load': {
      engine?.dispose();
      engine = undefined;
      const bytes = await fetchModelFiles(req.files, (progress) => scope.postMessage({ type: 'progress', id: req.id, progress }));
      const files = Object.fromEntries(req.files.map((f, i) => [f.path, bytes[i]]));
      const next = createEngine(req.engine);
      const info = await next.load({ entry: req.entry, files, format: req.format, inputShapes: req.inputShapes }, { backend: req.backend, runtimesBase: req.runtimesBase });
      engine = next;
      scope.postMessage({ type: 'loaded', id: req.id, info });
      return;
    }
    case 'run': {
      if (!engine) throw new Error('no model is loaded');
      const { outputs, ms } = await engine.run(req.inputs, req.repeats);
      const copies = outputs.map(owned);
      scope.postMessage({ type: 'result', id: req.id, outputs: copies, ms }, transferables(copies));
      return;
    }
    case 'dispose':
      engine?.dispose();
      engine = undefined;
      scope.postMessage({ type: 'disposed', id: req.id });
      return;
  }
}

scope.onmessage = (e) => {
  const req = e.data;
  queue = queue.then(() =>
    handle(req).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      scope.postMessage({ type: 'error', id: req.id, message });
    }),
  );
};
