// The bring-your-own-model worker: holds the user's files, imports them,
// simulates every target, converts to float32 and int8 .tflite. Nothing is
// sent anywhere; results go back to the page only.

import * as tf from '@tensorflow/tfjs-core';
import { createExecutor, type Executor, type InputTensor } from '../../exec';
import { ModelFormatError } from '../../formats/errors';
import { summarizeModel } from '../../ir/accounting';
import { foldConstants } from '../../ir/fold';
import { importTflite } from '../../ir/import/tflite';
import type { Model } from '../../ir/types';
import { Int8UnsupportedError, MissingRangeError } from '../../quantize';
import { simulate, TARGETS, type SimulationResult } from '../../targets';
import { buildModelView } from '../view';
import type { ByomFailure, ByomRequest, ByomResponse, ConvertedFile, ModelSummary, OpenRequest, TargetRow, VariantEstimate } from './protocol';
import { sha256Hex } from './hash';
import { irInputTensor } from './feed';
import { activationErrors } from './layer-error';
import { convertFp32, importSource, prepareInt8Source, quantizeInt8, quantizeSteps } from './pipeline';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ByomRequest>) => void) | null;
  postMessage(message: ByomResponse, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const RUNTIMES = '/runtimes/';

let source: OpenRequest | undefined;
let model: Model | undefined;

function nchw(shape: number[]): number[] {
  return shape.length === 4 ? [shape[0], shape[3], shape[1], shape[2]] : shape;
}

async function open(req: OpenRequest): Promise<ModelSummary> {
  const started = performance.now();
  const m = importSource(req);
  source = req;
  model = m;
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

/** Our executor on wasm (single-threaded SIMD build, as the run page uses), cpu when wasm cannot start. */
async function executorFor(m: Model): Promise<Executor> {
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return createExecutor(m, { backend: 'wasm', wasmPaths: `${RUNTIMES}tfjs-wasm/` });
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
      if (req.images.length === 0) throw new Error('calibration needs at least one image');
      const started = performance.now();
      scope.postMessage({ type: 'progress', id: req.id, done: 0, total: req.images.length, phase: 'preparing the float model' });
      const { model: float, notes, steps } = prepareInt8Source(source, { recordChanges: true });
      const g = float.graphs[0];
      const inputNames = g.inputs.map((id) => g.tensors.get(id)?.name ?? id);
      const missing = inputNames.filter((n) => !req.feeds[n]);
      if (missing.length) throw new Error(`calibration needs an image feed for every input; ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} none (only image inputs can be calibrated here)`);
      const samples: Record<string, InputTensor>[] = req.images.map((img) =>
        Object.fromEntries(inputNames.map((n) => {
          const px = img.pixels[n];
          if (!px) throw new Error(`calibration image ${img.name} has no pixels for input ${n}`);
          return [n, irInputTensor(px, req.feeds[n], float.metadata[`layout:${n}`] === 'NCHW')];
        })),
      );
      const exec = await executorFor(float);
      try {
        const result = await quantizeInt8(float, exec, samples, { observer: req.observer, inputType: req.inputType, outputType: req.outputType }, (done, total) =>
          scope.postMessage({ type: 'progress', id: req.id, done, total, phase: 'calibrating' }),
        );
        scope.postMessage({ type: 'progress', id: req.id, done: 1, total: 1, phase: 'measuring per-layer error' });
        const capture = result.report.tensors.filter((t) => t.role === 'activation' || t.role === 'input' || t.role === 'output').map((t) => t.id).filter((id) => g.tensors.has(id));
        const { captured } = await exec.run(samples[0], { capture });
        const producer = new Map<string, string>();
        for (const op of g.ops) for (const o of op.outputs) producer.set(o, op.type);
        const layerErrors = activationErrors(result.report, captured, (id) => producer.get(id) ?? 'input');
        const file = { ...(await hashed(req.fileName, result.model, result.bytes, started)), changes: [...(steps ?? []), ...quantizeSteps(float, result.model)] };
        const backend = exec.backend;
        scope.postMessage(
          {
            type: 'quantized',
            id: req.id,
            file: { ...file, notes: [...notes, `${samples.length} calibration images, ${result.ranges.size} activation ranges (${req.observer})`], requantizeOps: result.report.requantizeOps, backend, layerErrors },
          },
          [result.bytes.buffer as ArrayBuffer],
        );
      } finally {
        exec.dispose();
      }
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
