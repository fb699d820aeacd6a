// ONNX Runtime Web. WebGPU (its JSEP build) when an adapter exists and the
// session builds there, otherwise wasm; the plain wasm build is loaded when
// WebGPU is not wanted, so the larger WebGPU binary is fetched only when used.
// Runtime files are self-hosted under <runtimesBase>ort/.

import type * as Ort from 'onnxruntime-web';
import { softwareWebgpu } from './software-gpu';
import { webgpuUnavailable } from './webgpu';
import type { Engine, EngineInfo, EngineLoadOptions, EngineRunResult, EngineTensor, ModelBytes, TensorDType, TensorInfo } from './types';

type OrtModule = typeof Ort;
type Provider = 'webgpu' | 'wasm';


function threadCount(): number {
  return globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2))) : 1;
}

async function importOrt(provider: Provider, runtimesBase: string): Promise<OrtModule> {
  const ort: OrtModule = provider === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web');
  // Absolute URL: the runtime resolves its .mjs/.wasm from here, never from a CDN.
  ort.env.wasm.wasmPaths = new URL(`${runtimesBase}ort/`, globalThis.location.href).href;
  ort.env.wasm.numThreads = threadCount();
  ort.env.logLevel = 'error';
  return ort;
}

function metadataInfo(names: readonly string[], meta: readonly Ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return names.map((name, i) => {
    const m = meta[i];
    if (m && m.isTensor) return { name, shape: m.shape.map((d) => (typeof d === 'number' ? d : -1)), dtype: m.type };
    return { name, shape: [], dtype: 'unknown' };
  });
}

function toEngineTensor(name: string, t: Ort.Tensor): EngineTensor {
  const dims = [...t.dims];
  switch (t.type) {
    case 'float32':
      return { name, shape: dims, dtype: 'float32', data: t.data as Float32Array };
    case 'int32':
      return { name, shape: dims, dtype: 'int32', data: t.data as Int32Array };
    case 'int64':
      return { name, shape: dims, dtype: 'int64', data: t.data as BigInt64Array };
    case 'uint8':
    case 'bool':
      return { name, shape: dims, dtype: t.type as TensorDType, data: t.data as Uint8Array };
    case 'int8':
      return { name, shape: dims, dtype: 'int8', data: t.data as Int8Array };
    default:
      throw new Error(`output ${name} is ${t.type}, which the demo cannot show`);
  }
}

export class OrtEngine implements Engine {
  private session?: Ort.InferenceSession;
  private ort?: OrtModule;

  async load(bytes: ModelBytes, opts: EngineLoadOptions): Promise<EngineInfo> {
    if (bytes.format !== 'onnx') throw new Error(`ONNX Runtime runs .onnx files, not ${bytes.format}`);
    const file = bytes.files[bytes.entry];
    if (!file) throw new Error(`${bytes.entry} is missing`);
    // bytes.inputValues: ONNX Runtime runs the file as it is, so frozen inputs stay inputs (listed
    // in EngineInfo.inputs) and the caller feeds those values.
    const t0 = performance.now();
    const skipped: string[] = [];
    const order: Provider[] = opts.backend === 'auto' || opts.backend === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
    if (opts.backend === 'webgl') skipped.push('webgl: this demo runs ONNX Runtime on webgpu or wasm only');
    for (const provider of order) {
      if (provider === 'webgpu') {
        const why = (await webgpuUnavailable()) ?? (opts.backend === 'auto' ? await softwareWebgpu() : undefined);
        if (why) {
          skipped.push(`webgpu: ${why}`);
          continue;
        }
      }
      try {
        const ort = await importOrt(provider, opts.runtimesBase);
        const session = await ort.InferenceSession.create(file, { executionProviders: [provider], graphOptimizationLevel: 'all' });
        this.session = session;
        this.ort = ort;
        const threads = provider === 'wasm' ? `, ${ort.env.wasm.numThreads} thread${ort.env.wasm.numThreads === 1 ? '' : 's'}` : '';
        const backend = `${provider}${threads}`;
        return {
          engine: 'ort',
          backend,
          note: skipped.length ? `${backend} (fell back; ${skipped.join('; ')})` : opts.backend === 'auto' ? `auto: ${provider} is the fastest that works here` : `${provider} as requested`,
          inputs: metadataInfo(session.inputNames, session.inputMetadata),
          outputs: metadataInfo(session.outputNames, session.outputMetadata),
          loadMs: performance.now() - t0,
        };
      } catch (err) {
        skipped.push(`${provider}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    throw new Error(`ONNX Runtime could not load this model (${skipped.join('; ')})`);
  }

  async run(inputs: EngineTensor[], repeats: number): Promise<EngineRunResult> {
    const { session, ort } = this;
    if (!session || !ort) throw new Error('no model loaded');
    const feeds: Record<string, Ort.Tensor> = {};
    for (const t of inputs) feeds[t.name] = new ort.Tensor(t.dtype === 'bool' ? 'bool' : t.dtype, t.data, t.shape);
    const ms: number[] = [];
    let last: Ort.InferenceSession.ReturnType | undefined;
    for (let i = 0; i < Math.max(1, repeats); i++) {
      const t0 = performance.now();
      last = await session.run(feeds);
      ms.push(performance.now() - t0);
    }
    const outputs = session.outputNames.map((name) => {
      const t = last?.[name];
      if (!t) throw new Error(`output ${name} missing from the run`);
      return toEngineTensor(name, t);
    });
    return { outputs, ms };
  }

  dispose(): void {
    void this.session?.release();
    this.session = undefined;
  }
}
