// The inference worker: downloads (through the model cache), loads and runs
// one engine at a time, so the page never blocks on model work.

import { prepareDecoder } from '../tasks/registry';
import type { TaskResult } from '../tasks/types';
import { createEngine } from './create-engine';
import { feedPixels } from './frame';
import { fetchModelFiles } from './model-cache';
import { decodeOutputs, processFrame, type FrameResult, type PipelineSpec } from './pipeline';
import type { ModelFileRef, WorkerRequest, WorkerResponse } from './protocol';
import { frameTransferables, transferables } from './protocol';
import { syntheticInputs } from './synthetic-inputs';
import type { Engine, EngineInfo, EngineTensor } from './types';

interface WorkerScope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

/** Outputs that view a wasm heap must be copied out before the next run overwrites them. */
function owned(t: EngineTensor): EngineTensor {
  return { ...t, data: t.data.slice() };
}

/** A result's buffers must be its own: a decoder may hand back a view of an output that lives in a wasm heap. */
function ownedResult(r: TaskResult | undefined): TaskResult | undefined {
  return r?.kind === 'mask' ? { ...r, data: r.data.slice() } : r;
}

function ownedFrame(r: FrameResult): FrameResult {
  return { ...r, result: ownedResult(r.result), inputs: r.inputs?.map(owned), outputs: r.outputs?.map(owned) };
}

let engine: Engine | undefined;
let engineInfo: EngineInfo | undefined;
let pipeline: PipelineSpec | undefined;
/** The last still frame's outputs (owned copies), so new options re-decode without another inference. */
let lastFrame: Pick<FrameResult, 'frame' | 'outputs'> | undefined;
// Requests are handled one at a time, in order, so a run never races a load.
let queue: Promise<void> = Promise.resolve();

async function downloaded(files: ModelFileRef[], id: number): Promise<Record<string, Uint8Array>> {
  const bytes = await fetchModelFiles(files, (progress) => scope.postMessage({ type: 'progress', id, progress }));
  return Object.fromEntries(files.map((f, i) => [f.path, bytes[i]]));
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load': {
      engine?.dispose();
      engine = undefined;
      engineInfo = undefined;
      pipeline = undefined;
      lastFrame = undefined;
      const files = req.bytes ?? await downloaded(req.files, req.id);
      const next = createEngine(req.engine);
      const info = await next.load(
        { entry: req.entry, files, format: req.format, inputShapes: req.inputShapes, inputValues: req.inputValues },
        { backend: req.backend, runtimesBase: req.runtimesBase, threads: req.threads },
      );
      const extra = req.pipeline?.decoderFiles ?? [];
      if (req.pipeline && extra.length) {
        const got = await fetchModelFiles(extra, (progress) => scope.postMessage({ type: 'progress', id: req.id, progress }));
        prepareDecoder(req.pipeline.task, req.pipeline.model, Object.fromEntries(extra.map((f, i) => [f.name, got[i]])));
      }
      engine = next;
      engineInfo = info;
      pipeline = req.pipeline;
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
    case 'frame': {
      const { bitmap } = req;
      try {
        if (!engine) throw new Error('no model is loaded');
        if (!pipeline) throw new Error('the loaded model has no frame pipeline');
        const result = ownedFrame(await processFrame(engine, pipeline, bitmap, (feed) => feedPixels(bitmap, feed), req));
        lastFrame = result.outputs ? { frame: result.frame, outputs: result.outputs.map(owned) } : undefined;
        scope.postMessage({ type: 'frame-result', id: req.id, ...result }, frameTransferables(result));
      } finally {
        bitmap.close();
      }
      return;
    }
    case 'redecode': {
      if (!pipeline || !lastFrame?.outputs) throw new Error('there is no still frame to decode again');
      const t0 = performance.now();
      const decoded = decodeOutputs(pipeline, lastFrame.outputs, lastFrame.frame, req.options);
      const result: FrameResult = { frame: lastFrame.frame, ...decoded, result: ownedResult(decoded.result), timings: { preMs: 0, inferMs: [], postMs: performance.now() - t0 } };
      scope.postMessage({ type: 'frame-result', id: req.id, ...result }, frameTransferables(result));
      return;
    }
    case 'profile': {
      if (!engine || !engineInfo) throw new Error('no model is loaded');
      if (!engine.profile) throw new Error(`${engineInfo.engine} cannot time each op; pick the EdgeZoo executor or the TFLite runtime`);
      if (!Number.isInteger(req.runs) || req.runs < 1 || req.runs > 1000) throw new Error(`runs must be a whole number from 1 to 1000, got ${req.runs}`);
      if (!Number.isInteger(req.warmup) || req.warmup < 0 || req.warmup > 100) throw new Error(`warmup must be a whole number from 0 to 100, got ${req.warmup}`);
      const profile = await engine.profile(syntheticInputs(engineInfo.inputs), { runs: req.runs, warmup: req.warmup });
      scope.postMessage({ type: 'profiled', id: req.id, profile });
      return;
    }
    case 'dispose':
      engine?.dispose();
      engine = undefined;
      engineInfo = undefined;
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
