// The official TFLite web runtime (@tensorflow/tfjs-tflite: TFLite + XNNPACK
// compiled to wasm), running the .tflite exactly as downloaded. Its wasm and
// glue are self-hosted under <runtimesBase>tflite/.

import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../exec';
import { ensureImportScripts } from './classic-scripts';
import type { Engine, EngineInfo, EngineLoadOptions, EngineRunResult, EngineTensor, ModelBytes, TensorDType } from './types';

type TfliteModule = typeof import('@tensorflow/tfjs-tflite');
type TfliteModel = Awaited<ReturnType<TfliteModule['loadTFLiteModel']>>;

function threadCount(): number {
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (serve.mjs sends COOP/COEP).
  if (!globalThis.crossOriginIsolated) return -1;
  return Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
}

function outputDType(d: tf.DataType): TensorDType {
  return d === 'int32' ? 'int32' : d === 'bool' ? 'bool' : 'float32';
}

export class TfliteEngine implements Engine {
  private model?: TfliteModel;

  async load(bytes: ModelBytes, opts: EngineLoadOptions): Promise<EngineInfo> {
    if (bytes.format !== 'tflite') throw new Error(`the TFLite runtime runs .tflite files, not ${bytes.format}`);
    const t0 = performance.now();
    ensureImportScripts();
    // tfjs-tflite hands results back as tfjs-core tensors; the cpu backend holds them without extra copies.
    await useBackend({ backend: 'cpu' });
    const tflite: TfliteModule = await import('@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js');
    tflite.setWasmPath(`${opts.runtimesBase}tflite/`);
    const numThreads = threadCount();
    const file = bytes.files[bytes.entry];
    if (!file) throw new Error(`${bytes.entry} is missing`);
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    this.model = await tflite.loadTFLiteModel(buffer, { numThreads });
    const features = await tflite.getWasmFeatures();
    const build = `${features.simd ? 'SIMD' : 'no SIMD'}${numThreads > 1 && features.multiThreading ? `, ${numThreads} threads` : ', 1 thread'}`;
    return {
      engine: 'tflite',
      backend: `wasm (XNNPACK, ${build})`,
      note:
        opts.backend === 'auto' || opts.backend === 'wasm'
          ? `the TFLite web runtime has one backend: wasm with XNNPACK (${build})`
          : `${opts.backend} is not available in the TFLite web runtime; using wasm with XNNPACK (${build})`,
      inputs: this.model.inputs.map((t) => ({ name: t.name, shape: [...(t.shape ?? [])], dtype: t.dtype })),
      outputs: this.model.outputs.map((t) => ({ name: t.name, shape: [...(t.shape ?? [])], dtype: t.dtype })),
      loadMs: performance.now() - t0,
    };
  }

  async run(inputs: EngineTensor[], repeats: number): Promise<EngineRunResult> {
    const model = this.model;
    if (!model) throw new Error('no model loaded');
    const fed: tf.NamedTensorMap = {};
    for (const t of inputs) {
      if (t.data instanceof BigInt64Array) throw new Error(`input ${t.name}: int64 is not fed through the TFLite runtime`);
      // tfjs tensors hold int8/uint8 as int32; the runtime narrows them back to the model input's own type.
      const data = t.dtype === 'float32' || t.data instanceof Int32Array ? t.data : Int32Array.from(t.data);
      fed[t.name] = tf.tensor(data, t.shape, t.dtype === 'float32' ? 'float32' : 'int32');
    }
    const ms: number[] = [];
    let outputs: EngineTensor[] = [];
    try {
      for (let i = 0; i < Math.max(1, repeats); i++) {
        const t0 = performance.now();
        const result = model.predict(fed);
        const named: tf.NamedTensorMap = result instanceof tf.Tensor ? { [model.outputs[0].name]: result } : (result as tf.NamedTensorMap);
        outputs = Object.entries(named).map(([name, t]) => {
          const data = t.dataSync() as Float32Array | Int32Array | Uint8Array;
          const out: EngineTensor = { name, shape: [...t.shape], dtype: outputDType(t.dtype), data };
          t.dispose();
          return out;
        });
        ms.push(performance.now() - t0);
      }
    } finally {
      for (const t of Object.values(fed)) t.dispose();
    }
    return { outputs, ms };
  }

  dispose(): void {
    // TFLiteModel has no public release; dropping it lets the runner's heap be collected with the module.
    this.model = undefined;
  }
}
