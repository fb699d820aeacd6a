// The official TFLite web runtime (@tensorflow/tfjs-tflite: TFLite + XNNPACK
// compiled to wasm), running the .tflite exactly as downloaded. Its wasm and
// glue are self-hosted under <runtimesBase>tflite/.

import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../exec';
import { median } from './tensor';
import { loadTfliteRuntime, type TfliteModule } from './tflite-runtime';
import { parseProfilingSummary, profileNodes } from './tflite-profile';
import type { Engine, EngineInfo, EngineLoadOptions, EngineProfile, EngineRunResult, EngineTensor, ModelBytes, ProfileOptions, TensorDType } from './types';

type TfliteModel = Awaited<ReturnType<TfliteModule['loadTFLiteModel']>>;

/** The profiler keeps one entry per node and delegate operator per run; room for large graphs and many runs. */
const PROFILE_BUFFER_ENTRIES = 1 << 16;

function defaultThreads(): number {
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (serve.mjs sends COOP/COEP).
  if (!globalThis.crossOriginIsolated) return -1;
  return Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
}

function threadCount(requested: number | undefined): number {
  if (requested === undefined) return defaultThreads();
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`threads must be a whole number of at least 1, got ${requested}`);
  if (requested > 1 && !globalThis.crossOriginIsolated) throw new Error(`${requested} threads need a cross-origin isolated page (SharedArrayBuffer); this one is not`);
  return requested;
}

function outputDType(d: tf.DataType): TensorDType {
  return d === 'int32' ? 'int32' : d === 'bool' ? 'bool' : 'float32';
}

/** Frees a runner's wasm memory: TFLiteModel has no public release, its runner does. */
function release(model: TfliteModel): void {
  (model as unknown as { modelRunner?: { cleanUp?: () => void } }).modelRunner?.cleanUp?.();
}

export class TfliteEngine implements Engine {
  private model?: TfliteModel;
  private runtime?: { tflite: TfliteModule; buffer: ArrayBuffer; numThreads: number; backend: string };

  async load(bytes: ModelBytes, opts: EngineLoadOptions): Promise<EngineInfo> {
    if (bytes.format !== 'tflite') throw new Error(`the TFLite runtime runs .tflite files, not ${bytes.format}`);
    // bytes.inputValues: the runtime runs the file as it is, so frozen inputs stay inputs (listed
    // in EngineInfo.inputs) and the caller feeds those values.
    const t0 = performance.now();
    const numThreads = threadCount(opts.threads);
    // tfjs-tflite hands results back as tfjs-core tensors; the cpu backend holds them without extra copies.
    await useBackend({ backend: 'cpu' });
    const tflite = await loadTfliteRuntime(opts.runtimesBase);
    const file = bytes.files[bytes.entry];
    if (!file) throw new Error(`${bytes.entry} is missing`);
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    this.model = await tflite.loadTFLiteModel(buffer, { numThreads });
    const features = await tflite.getWasmFeatures();
    const build = `${features.simd ? 'SIMD' : 'no SIMD'}${numThreads > 1 && features.multiThreading ? `, ${numThreads} threads` : ', 1 thread'}`;
    const backend = `wasm (XNNPACK, ${build})`;
    this.runtime = { tflite, buffer, numThreads, backend };
    return {
      engine: 'tflite',
      backend,
      note:
        opts.backend === 'auto' || opts.backend === 'wasm'
          ? `the TFLite web runtime has one backend: wasm with XNNPACK (${build})`
          : `${opts.backend} is not available in the TFLite web runtime; using wasm with XNNPACK (${build})`,
      inputs: this.model.inputs.map((t) => ({ name: t.name, shape: [...(t.shape ?? [])], dtype: t.dtype })),
      outputs: this.model.outputs.map((t) => ({ name: t.name, shape: [...(t.shape ?? [])], dtype: t.dtype })),
      loadMs: performance.now() - t0,
    };
  }

  /** One inference on `model`; outputs read back (so the time covers the whole call). */
  private static infer(model: TfliteModel, fed: tf.NamedTensorMap): EngineTensor[] {
    const result = model.predict(fed);
    const named: tf.NamedTensorMap = result instanceof tf.Tensor ? { [model.outputs[0].name]: result } : (result as tf.NamedTensorMap);
    return Object.entries(named).map(([name, t]) => {
      const data = t.dataSync() as Float32Array | Int32Array | Uint8Array;
      const out: EngineTensor = { name, shape: [...t.shape], dtype: outputDType(t.dtype), data };
      t.dispose();
      return out;
    });
  }

  private static feed(inputs: EngineTensor[]): tf.NamedTensorMap {
    const fed: tf.NamedTensorMap = {};
    for (const t of inputs) {
      if (t.data instanceof BigInt64Array) throw new Error(`input ${t.name}: int64 is not fed through the TFLite runtime`);
      // tfjs tensors hold int8/uint8 as int32; the runtime narrows them back to the model input's own type.
      const data = t.dtype === 'float32' || t.data instanceof Int32Array ? t.data : Int32Array.from(t.data);
      fed[t.name] = tf.tensor(data, t.shape, t.dtype === 'float32' ? 'float32' : 'int32');
    }
    return fed;
  }

  async run(inputs: EngineTensor[], repeats: number): Promise<EngineRunResult> {
    const model = this.model;
    if (!model) throw new Error('no model loaded');
    const fed = TfliteEngine.feed(inputs);
    const ms: number[] = [];
    let outputs: EngineTensor[] = [];
    try {
      for (let i = 0; i < Math.max(1, repeats); i++) {
        const t0 = performance.now();
        outputs = TfliteEngine.infer(model, fed);
        ms.push(performance.now() - t0);
      }
    } finally {
      for (const t of Object.values(fed)) t.dispose();
    }
    return { outputs, ms };
  }

  /**
   * Loads a second instance of the model with the runtime's profiler on (it adds a little to
   * every node, so the plain instance stays as it is), runs it once to warm up and `runs` times
   * more, then reads the profiler's summary once: per node, the mean of the calls after the first.
   */
  async profile(inputs: EngineTensor[], opts: ProfileOptions): Promise<EngineProfile> {
    const { model, runtime } = this;
    if (!model || !runtime) throw new Error('no model loaded');
    const profiler = await runtime.tflite.loadTFLiteModel(runtime.buffer, { numThreads: runtime.numThreads, enableProfiling: true, maxProfilingBufferEntries: PROFILE_BUFFER_ENTRIES });
    const fed = TfliteEngine.feed(inputs);
    try {
      TfliteEngine.infer(profiler, fed);
      const profiled: number[] = [];
      for (let i = 0; i < Math.max(1, opts.runs); i++) {
        const t0 = performance.now();
        TfliteEngine.infer(profiler, fed);
        profiled.push(performance.now() - t0);
      }
      const summary = parseProfilingSummary(profiler.getProfilingSummary());
      for (let i = 0; i < opts.warmup; i++) TfliteEngine.infer(model, fed);
      const plain: number[] = [];
      for (let i = 0; i < Math.max(1, opts.runs); i++) {
        const t0 = performance.now();
        TfliteEngine.infer(model, fed);
        plain.push(performance.now() - t0);
      }
      return {
        engine: 'tflite',
        backend: runtime.backend,
        runs: profiled.length,
        warmup: 1,
        profiledMs: median(profiled),
        plainMs: median(plain),
        nodes: profileNodes(summary),
        method: `the TFLite runtime's own profiler (a microsecond timer per node, and per XNNPACK operator inside a delegate partition) on a second instance of the model with profiling on: per node the mean of ${profiled.length} runs after one warm-up run (the runtime reports means, not medians).`,
      };
    } finally {
      for (const t of Object.values(fed)) t.dispose();
      release(profiler);
    }
  }

  dispose(): void {
    // Dropping the model lets its runner's heap be reused with the module.
    if (this.model) release(this.model);
    this.model = undefined;
    this.runtime = undefined;
  }
}
