// The int8 probe (lib/quantize/probe) inside a browser worker: the float side
// on our executor (wasm, as the run page uses it), the int8 side in the
// official TFLite web runtime (@tensorflow/tfjs-tflite, self-hosted under
// /runtimes/tflite/, loaded as lib/engines/tflite-engine loads it).
// Worker-only. The two share TF.js's one active backend: the executor runs
// first, then the TFLite engine (which switches to cpu); nothing of the
// executor's runs in between.

import * as tf from '@tensorflow/tfjs-core';
import { createExecutor, type Executor } from '../exec';
import { TfliteEngine } from '../engines/tflite-engine';
import type { TensorDType } from '../engines/types';
import type { Model } from '../ir/types';
import { probeInt8, type FloatTensor, type OfficialTfliteRunner, type ProbeOptions, type ProbeResult } from '../quantize';

export const RUNTIMES = '/runtimes/';

/** Our executor on wasm (single-threaded SIMD build, as the run page uses), cpu when wasm cannot start. */
export async function wasmExecutor(m: Model): Promise<Executor> {
  await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return createExecutor(m, { backend: 'wasm', wasmPaths: `${RUNTIMES}tfjs-wasm/` });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const ENGINE_DTYPES: ReadonlySet<string> = new Set<TensorDType>(['float32', 'int32', 'uint8', 'int8']);

/**
 * The official runtime as the probe's runner. The loaded model is kept for
 * the next call with the same bytes (the same probe on another image): the
 * web runtime cannot release a model, so loading it again would only grow
 * its heap.
 */
export function tfliteWebRunner(runtimesBase = RUNTIMES): OfficialTfliteRunner {
  let loaded: { bytes: Uint8Array; engine: TfliteEngine } | null = null;
  return async (bytes, inputs) => {
    if (!loaded || !sameBytes(loaded.bytes, bytes)) {
      loaded?.engine.dispose();
      loaded = null;
      const engine = new TfliteEngine();
      await engine.load({ entry: 'probe.tflite', files: { 'probe.tflite': bytes }, format: 'tflite' }, { backend: 'wasm', runtimesBase });
      loaded = { bytes, engine };
    }
    const fed = inputs.map((i) => {
      if (!ENGINE_DTYPES.has(i.dtype)) throw new Error(`input ${i.name}: ${i.dtype} is not fed to the TFLite web runtime`);
      return { name: i.name, shape: i.shape, dtype: i.dtype as TensorDType, data: i.data };
    });
    const { outputs } = await loaded.engine.run(fed, 1);
    return outputs.map((o) => ({ name: o.name, shape: o.shape, data: o.data instanceof BigInt64Array ? Float64Array.from(o.data, Number) : o.data }));
  };
}

export interface BrowserProbe extends ProbeResult {
  ms: number;
  /** Where the float side ran (wasm, or cpu when wasm could not start). */
  floatBackend: string;
}

/** One probe: a fresh executor for the float model (disposed after), the runner for the int8 side. */
export async function probeInWorker(
  float: Model,
  quantized: Model,
  sample: Readonly<Record<string, FloatTensor>>,
  official: OfficialTfliteRunner,
  opts: ProbeOptions,
): Promise<BrowserProbe> {
  const started = performance.now();
  const exec = await wasmExecutor(float);
  try {
    const floatBackend = exec.backend;
    const result = await probeInt8(float, quantized, sample, { float: exec, official }, opts);
    return { ...result, ms: performance.now() - started, floatBackend };
  } finally {
    exec.dispose();
  }
}
