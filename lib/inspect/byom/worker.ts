// The bring-your-own-model worker: holds the user's files, imports them,
// simulates every target, converts to float32 and int8 .tflite, and measures
// the int8 model's per-layer error on an image. Nothing is sent anywhere;
// results go back to the page only.

import type { ImageFeed } from '../../catalogue/recipe-schema';
import { ModelFormatError } from '../../formats/errors';
import { summarizeModel } from '../../ir/accounting';
import { foldConstants } from '../../ir/fold';
import { importTflite } from '../../ir/import/tflite';
import type { Model } from '../../ir/types';
import { Int8UnsupportedError, MissingRangeError } from '../../quantize';
import { simulate, TARGETS, type SimulationResult } from '../../targets';
import { buildModelView } from '../view';
import { probeInWorker, tfliteWebRunner, wasmExecutor } from '../probe-browser';
import type { ByomFailure, ByomRequest, ByomResponse, ConvertedFile, FeedImage, ModelSummary, OpenRequest, ProbeReport, TargetRow, VariantEstimate } from './protocol';
import { sha256Hex } from './hash';
import { calibrationSamples, convertFp32, importSource, prepareInt8Source, quantizeInt8, quantizeSteps } from './pipeline';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ByomRequest>) => void) | null;
  postMessage(message: ByomResponse, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

let source: OpenRequest | undefined;
let model: Model | undefined;
/** The last int8 result and what it was made from, for measuring it on other images. */
let quantized: { float: Model; int8: Model; feeds: Record<string, ImageFeed> } | undefined;
const official = tfliteWebRunner();

function nchw(shape: number[]): number[] {
  return shape.length === 4 ? [shape[0], shape[3], shape[1], shape[2]] : shape;
}

async function open(req: OpenRequest): Promise<ModelSummary> {
  const started = performance.now();
  const m = importSource(req);
  source = req;
  model = m;
  quantized = undefined;
  const s = summarizeModel(m);
  const relaid = (name: string) => m.metadata[`layout:${name}`] === 'NCHW';
  const files = await Promise.all(Object.entries(req.files).map(async ([path, bytes]) => ({ path, bytes: bytes.length, sha256: await sha256Hex(bytes) })));
  return {
    format: m.sourceFormat,
    inputs: s.inputs.map((t) => ({ name: t.name, shape: relaid(t.name) ? nchw(t.shape) : [...t.shape], dtype: t.dtype, relaidOut: relaid(t.name) })),
    outputs: s.outputs.map((t) => ({ name: t.name, shape: relaid(t.name) ? nchw(t.shape) : [...t.shape], dtype: t.dtype })),
    opCount: s.opCount,
    params: s.params,
    macs: s.macs,
    opHistogram: s.opHistogram,
    customOps: buildModelView(m).customOps,
    files,
    ms: performance.now() - started,
  };
}

function estimate(r: SimulationResult): VariantEstimate {
  return {
    latencyMs: r.totals.latencyMs,
    fits: r.totals.fits,
    peakRamBytes: r.totals.peakActivationBytes,
    flashBytes: r.totals.weightBytes,
    opsOnNpu: r.totals.opsOnNpu,
    opsOnCpu: r.totals.opsOnCpu,
    fallbackOps: r.layers.filter((l) => l.runsOn === 'cpu-fallback').length,
    verdict: r.npuComparison?.verdict ?? null,
  };
}

function simulateAll(m: Model): TargetRow[] {
  // Runtimes fold constant-only ops (weight DEQUANTIZE) at load; simulate what they run, as the catalogue does.
  const folded = structuredClone(m);
  foldConstants(folded);
  return TARGETS.map((t) => ({
    id: t.id,
    name: t.name,
    npu: t.npu?.name ?? null,
    fp32: estimate(simulate(folded, t.id, { assumeDtype: 'float32' })),
    int8: estimate(simulate(folded, t.id, { assumeDtype: 'int8' })),
  }));
}

function ioOf(m: Model, ids: string[]): ConvertedFile['inputs'] {
  const g = m.graphs[0];
  return ids.map((id) => {
    const t = g.tensors.get(id);
    const q = t?.quant && t.quant.scale.length === 1 ? { scale: t.quant.scale[0], zeroPoint: t.quant.zeroPoint[0] ?? 0 } : undefined;
    return { name: t?.name ?? id, shape: t ? [...t.shape] : [], dtype: t?.dtype ?? 'float32', ...(q ? { quant: q } : {}) };
  });
}

async function hashed(fileName: string, m: Model, bytes: Uint8Array, started: number): Promise<ConvertedFile> {
  // What the written file holds (export folds weight DEQUANTIZE, adds PAD before explicit-padding convs, …), read back.
  const opHistogram: Record<string, number> = {};
  for (const g of importTflite(bytes).graphs) for (const op of g.ops) opHistogram[op.type] = (opHistogram[op.type] ?? 0) + 1;
  return {
    path: fileName, bytes: bytes.length, sha256: await sha256Hex(bytes), data: bytes, opHistogram,
    inputs: ioOf(m, m.graphs[0].inputs), outputs: ioOf(m, m.graphs[0].outputs), ms: performance.now() - started,
  };
}

/** The int8 model's accumulated per-layer error on one image: its activations from the official runtime against the float model's. */
async function probe(img: FeedImage): Promise<ProbeReport> {
  if (!quantized) throw new Error('quantize the model first');
  const { float, int8, feeds } = quantized;
  const r = await probeInWorker(float, int8, calibrationSamples(float, [img], feeds)[0], official, { match: 'id' });
  return { image: img.name, layers: r.layers, unmatched: r.unmatched, ms: r.ms, floatBackend: r.floatBackend };
}

async function handle(req: ByomRequest): Promise<void> {
  switch (req.type) {
    case 'open': {
      const summary = await open({ entry: req.entry, format: req.format, files: req.files, inputShapes: req.inputShapes, inputValues: req.inputValues });
      scope.postMessage({ type: 'opened', id: req.id, summary });
      return;
    }
    case 'simulate': {
      if (!model) throw new Error('no model is open');
      scope.postMessage({ type: 'simulated', id: req.id, targets: simulateAll(model) });
      return;
    }
    case 'convert': {
      if (!source) throw new Error('no model is open');
      const started = performance.now();
      const { model: m, bytes, steps } = convertFp32(source, { recordChanges: true });
      const file = { ...(await hashed(req.fileName, m, bytes, started)), changes: steps };
      scope.postMessage({ type: 'converted', id: req.id, file }, [bytes.buffer as ArrayBuffer]);
      return;
    }
    case 'quantize': {
      if (!source) throw new Error('no model is open');
      quantized = undefined;
      const started = performance.now();
      scope.postMessage({ type: 'progress', id: req.id, done: 0, total: req.images.length, phase: 'preparing the float model' });
      const { model: float, notes, steps } = prepareInt8Source(source, { recordChanges: true });
      const samples = calibrationSamples(float, req.images, req.feeds);
      const exec = await wasmExecutor(float);
      let result;
      try {
        result = await quantizeInt8(float, exec, samples, { observer: req.observer, inputType: req.inputType, outputType: req.outputType }, (done, total) =>
          scope.postMessage({ type: 'progress', id: req.id, done, total, phase: 'calibrating' }),
        );
      } finally {
        exec.dispose();
      }
      const backend = exec.backend;
      quantized = { float, int8: result.model, feeds: req.feeds };
      const file = { ...(await hashed(req.fileName, result.model, result.bytes, started)), changes: [...(steps ?? []), ...quantizeSteps(float, result.model)] };
      scope.postMessage({ type: 'progress', id: req.id, done: 1, total: 1, phase: 'measuring per-layer error (official TFLite runtime)' });
      // The file is delivered even when the measurement fails (e.g. the runtime refuses the probe copy); the page says why.
      const measured = await probe(req.images[0]).then((p) => ({ probe: p, probeError: null }), (err: unknown) => ({ probe: null, probeError: err instanceof Error ? err.message : String(err) }));
      scope.postMessage(
        {
          type: 'quantized',
          id: req.id,
          file: { ...file, notes: [...notes, `${samples.length} calibration images, ${result.ranges.size} activation ranges (${req.observer})`], requantizeOps: result.report.requantizeOps, backend, ...measured },
        },
        [result.bytes.buffer as ArrayBuffer],
      );
      return;
    }
    case 'probe': {
      scope.postMessage({ type: 'probed', id: req.id, report: await probe(req.image) });
      return;
    }
  }
}

function failure(err: unknown): ByomFailure {
  if (err instanceof Int8UnsupportedError) return { message: err.message, code: err.code, unsupported: err.unsupported };
  if (err instanceof MissingRangeError) return { message: err.message, code: err.code };
  if (err instanceof ModelFormatError) return { message: err.message, code: err.code };
  return { message: err instanceof Error ? err.message : String(err) };
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const req = e.data;
  queue = queue.then(() => handle(req).catch((err: unknown) => scope.postMessage({ type: 'error', id: req.id, failure: failure(err) })));
};
