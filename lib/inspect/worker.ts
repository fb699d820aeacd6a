// The inspector's worker: imports the model (downloaded or handed over as
// bytes) into the IR off the page's thread, builds the graph views, and runs
// the target simulator on request. One model per worker.

import { fetchModelFiles } from '../engines/model-cache';
import { inferShapes } from '../ir/infer';
import { loadModel } from '../ir/load';
import type { Model } from '../ir/types';
import { simulate } from '../targets';
import type { InspectRequest, InspectResponse, InspectSource } from './protocol';
import { buildModelView } from './view';

interface WorkerScope {
  onmessage: ((e: MessageEvent<InspectRequest>) => void) | null;
  postMessage(message: InspectResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
let model: Model | undefined;

async function sourceFiles(source: InspectSource, id: number): Promise<Record<string, Uint8Array>> {
  if (source.kind === 'bytes') return source.files;
  const bytes = await fetchModelFiles(source.files, (progress) => scope.postMessage({ type: 'progress', id, progress }));
  return Object.fromEntries(source.files.map((f, i) => [f.path, bytes[i]]));
}

async function handle(req: InspectRequest): Promise<void> {
  switch (req.type) {
    case 'open': {
      const started = performance.now();
      const files = await sourceFiles(req.source, req.id);
      const { entry, format, inputShapes, inputValues } = req.source;
      const loaded = loadModel({ entry, readFile: (p) => files[p], format, inputShapes, inputValues });
      // ONNX input shapes are applied at import (NCHW, as in the file); the others after it.
      inferShapes(loaded, loaded.sourceFormat === 'onnx' ? {} : { inputShapes });
      model = loaded;
      scope.postMessage({ type: 'opened', id: req.id, view: buildModelView(loaded), ms: performance.now() - started });
      return;
    }
    case 'simulate': {
      if (!model) throw new Error('no model is open');
      const r = simulate(model, req.targetId, { assumeDtype: req.assumeDtype });
      scope.postMessage({
        type: 'simulated',
        id: req.id,
        simulation: {
          targetId: r.target.id,
          targetName: r.target.name,
          latencyMs: r.totals.latencyMs,
          dtype: r.dtype.description,
          rows: r.layers.map(({ opId, name, type, runsOn, fallbackReason, timeMs, bound }) => ({ opId, name, type, runsOn, timeMs, bound, ...(fallbackReason ? { fallbackReason } : {}) })),
          warnings: r.warnings,
        },
      });
      return;
    }
  }
}

// One request at a time, in order.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const req = e.data;
  queue = queue.then(() =>
    handle(req).catch((err: unknown) => {
      scope.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
    }),
  );
};
