// The inference worker: downloads (through the model cache), loads and runs
// one engine at a time (and, for models that see crops, the detector that
// finds them), so the page never blocks on model work.

import { prepareDecoder } from '../tasks/registry';
import type { TaskResult } from '../tasks/types';
import { createEngine } from './create-engine';
import type { ImageFeed } from '../catalogue/recipe-schema';
import { processCascade, type CropStage } from './cascade';
import { cropGrey, cropPixels, feedPixels } from './frame';
import { fetchModelFiles } from './model-cache';
import { decodeOutputs, processFrame, type FrameResult, type PipelineSpec } from './pipeline';
import type { LoadSpec, ModelFileRef, WorkerRequest, WorkerResponse } from './protocol';
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
/** Crop models: the detector their frames go through first. */
let detector: (CropStage & { engine: Engine }) | undefined;
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

/** Downloads (or takes) a model's files, loads them on a new engine and readies the pipeline's decoder. */
async function loadEngine(spec: LoadSpec, id: number): Promise<{ engine: Engine; info: EngineInfo }> {
  const files = spec.bytes ?? (await downloaded(spec.files, id));
  const next = createEngine(spec.engine);
  const info = await next.load(
    { entry: spec.entry, files, format: spec.format, inputShapes: spec.inputShapes, inputValues: spec.inputValues },
    { backend: spec.backend, runtimesBase: spec.runtimesBase, threads: spec.threads },
  );
  const extra = spec.pipeline?.decoderFiles ?? [];
  if (spec.pipeline && extra.length) {
    const got = await fetchModelFiles(extra, (progress) => scope.postMessage({ type: 'progress', id, progress }));
    prepareDecoder(spec.pipeline.task, spec.pipeline.model, Object.fromEntries(extra.map((f, i) => [f.name, got[i]])));
  }
  return { engine: next, info };
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load': {
      engine?.dispose();
      engine = undefined;
      engineInfo = undefined;
      pipeline = undefined;
      lastFrame = undefined;
      const loaded = await loadEngine(req, req.id);
      engine = loaded.engine;
      engineInfo = loaded.info;
      pipeline = req.pipeline;
      scope.postMessage({ type: 'loaded', id: req.id, info: loaded.info });
      return;
    }
    case 'load-detector': {
      detector?.engine.dispose();
      detector = undefined;
      const loaded = await loadEngine(req, req.id);
      detector = { engine: loaded.engine, spec: req.pipeline, crop: req.crop };
      scope.postMessage({ type: 'loaded', id: req.id, info: loaded.info });
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
        if (req.crops && !detector) throw new Error('the detector that finds the crops is not loaded');
        const whole = (feed: ImageFeed) => feedPixels(bitmap, feed);
        const result = ownedFrame(
          req.crops && detector
            ? await processCascade(detector, engine, pipeline, bitmap, { whole, crop: (region, feed) => cropPixels(bitmap, region, feed), grey: (region, rows) => cropGrey(bitmap, region, rows) }, req)
            : await processFrame(engine, pipeline, bitmap, whole, req),
        );
        // A cascade's outputs are one crop's: new options mean new crops, so only whole frames re-decode.
        lastFrame = result.outputs && !result.crops ? { frame: result.frame, outputs: result.outputs.map(owned) } : undefined;
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
      detector?.engine.dispose();
      detector = undefined;
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
