// Our IR executor (lib/exec) as an engine. Backends are tried fastest first
// (webgpu → webgl → wasm) and each must pass a probe and a warm-up run before
// it is kept, so an adapter that exists but cannot run the model still falls
// back; "auto" also passes over software GPUs. The note records every step.

import * as tf from '@tensorflow/tfjs-core';
import { createExecutor, type Executor, type InputTensor } from '../exec';
import type { BackendName } from '../exec';
import { loadModel } from '../ir/load';
import type { Model, Tensor } from '../ir/types';
import { elementCount, median, nchwShapeToNhwc, nhwcShapeToNchw, permute4 } from './tensor';
import { softwareWebgl, softwareWebgpu } from './software-gpu';
import { webgpuUnavailable } from './webgpu';
import type { BackendRequest, Engine, EngineInfo, EngineLoadOptions, EngineProfile, EngineRunResult, EngineTensor, ModelBytes, ProfileOptions, TensorDType, TensorInfo } from './types';

type GpuBackend = Exclude<BackendName, 'cpu'>;

const ORDER: GpuBackend[] = ['webgpu', 'webgl', 'wasm'];

/** Why a backend cannot (or, under auto, should not) start here, or undefined when it may. */
async function probe(backend: GpuBackend, auto: boolean): Promise<string | undefined> {
  if (backend === 'webgpu') return (await webgpuUnavailable()) ?? (auto ? await softwareWebgpu() : undefined);
  if (backend === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas in this worker';
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'no WebGL2 context';
    return auto ? softwareWebgl(gl) : undefined;
  }
  return undefined;
}

function candidates(request: BackendRequest): GpuBackend[] {
  // An explicit request still falls back (to the slower ones after it), so the demo always runs.
  return request === 'auto' ? ORDER : ORDER.slice(ORDER.indexOf(request));
}

function tensorOf(model: Model, id: string): Tensor {
  const t = model.graphs[0].tensors.get(id);
  if (!t) throw new Error(`graph input/output ${id} does not exist`);
  return t;
}

/** The file's own layout: ONNX I/O imported as NHWC is reported (and fed) as NCHW again. */
function isNchw(model: Model, name: string, shape: readonly number[]): boolean {
  return shape.length === 4 && model.metadata[`layout:${name}`] === 'NCHW';
}

function infoOf(model: Model, t: Tensor): TensorInfo {
  return { name: t.name, shape: isNchw(model, t.name, t.shape) ? nhwcShapeToNchw(t.shape) : [...t.shape], dtype: t.dtype };
}

function zeros(t: Tensor): InputTensor | undefined {
  if (t.shape.some((d) => d < 0)) return undefined;
  const n = elementCount(t.shape);
  const data = t.dtype === 'float32' || t.dtype === 'float16' ? new Float32Array(n) : t.dtype === 'int64' ? new BigInt64Array(n) : new Int32Array(n);
  return { data, shape: t.shape };
}

/** Mean of the values without the largest (from 3 values on): robust to one stalled run, unbiased under timer rounding. */
export function meanWithoutSlowest(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const kept = xs.length >= 3 ? [...xs].sort((a, b) => a - b).slice(0, -1) : xs;
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

export class TfjsEngine implements Engine {
  private executor?: Executor;
  private model?: Model;

  async load(bytes: ModelBytes, opts: EngineLoadOptions): Promise<EngineInfo> {
    const t0 = performance.now();
    const model = loadModel({ entry: bytes.entry, readFile: (p) => bytes.files[p], format: bytes.format, inputShapes: bytes.inputShapes, inputValues: bytes.inputValues });
    const inputs = model.graphs[0].inputs.map((id) => tensorOf(model, id));
    const skipped: string[] = [];
    for (const backend of candidates(opts.backend)) {
      const why = await probe(backend, opts.backend === 'auto');
      if (why) {
        skipped.push(`${backend}: ${why}`);
        continue;
      }
      try {
        // tfjs-backend-wasm's threaded build spawns pthread workers from an inlined script that
        // breaks once the bundler minifies it ("r is not defined"); the SIMD build runs fine.
        if (backend === 'wasm') {
          await import('@tensorflow/tfjs-backend-wasm'); // registers the flag
          tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        }
        const exec = await createExecutor(model, { backend, wasmPaths: `${opts.runtimesBase}tfjs-wasm/` });
        if (exec.backend !== backend) {
          exec.dispose();
          skipped.push(`${backend}: TF.js could not initialise it`);
          continue;
        }
        const feed = Object.fromEntries(inputs.map((t) => [t.name, zeros(t)]));
        // Warm-up: compiles shaders/kernels, and proves the backend runs every op of this model.
        if (Object.values(feed).every((v) => v)) await exec.run(feed as Record<string, InputTensor>);
        this.executor = exec;
        this.model = model;
        const chosen = opts.backend === 'auto' ? `auto: ${backend} is the fastest that works here` : `${backend} as requested`;
        return {
          engine: 'tfjs',
          backend,
          note: skipped.length ? `${backend} (fell back; ${skipped.join('; ')})` : chosen,
          inputs: inputs.map((t) => infoOf(model, t)),
          outputs: model.graphs[0].outputs.map((id) => infoOf(model, tensorOf(model, id))),
          loadMs: performance.now() - t0,
        };
      } catch (err) {
        skipped.push(`${backend}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    throw new Error(`no TF.js backend could run this model (${skipped.join('; ')})`);
  }

  /** Engine tensors in the IR's layout (NCHW inputs of ONNX files re-laid NHWC). */
  private feedOf(inputs: EngineTensor[]): { executor: Executor; model: Model; feed: Record<string, InputTensor> } {
    const { executor, model } = this;
    if (!executor || !model) throw new Error('no model loaded');
    const feed: Record<string, InputTensor> = {};
    for (const t of inputs) {
      const nchw = t.shape.length === 4 && model.metadata[`layout:${t.name}`] === 'NCHW';
      feed[t.name] = nchw ? { data: permute4(t.data, t.shape, true), shape: nchwShapeToNhwc(t.shape) } : { data: t.data, shape: t.shape };
    }
    return { executor, model, feed };
  }

  async run(inputs: EngineTensor[], repeats: number): Promise<EngineRunResult> {
    const { executor, model, feed } = this.feedOf(inputs);
    const ms: number[] = [];
    let last: Awaited<ReturnType<Executor['run']>> | undefined;
    for (let i = 0; i < Math.max(1, repeats); i++) {
      const t0 = performance.now();
      last = await executor.run(feed);
      ms.push(performance.now() - t0);
    }
    const outputs = Object.entries(last?.outputs ?? {}).map(([name, o]): EngineTensor => {
      const dtype: TensorDType = o.dtype;
      if (isNchw(model, name, o.shape)) return { name, shape: nhwcShapeToNchw(o.shape), dtype, data: permute4(o.data, o.shape, false) };
      return { name, shape: o.shape, dtype, data: o.data };
    });
    return { outputs, ms };
  }

  /** Per-op times of profiled runs (lib/exec's profile mode), plain runs interleaved for comparison. */
  async profile(inputs: EngineTensor[], opts: ProfileOptions): Promise<EngineProfile> {
    const { executor, feed } = this.feedOf(inputs);
    for (let i = 0; i < opts.warmup; i++) await executor.run(feed);
    const perOp = new Map<string, number[]>();
    const profiled: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < Math.max(1, opts.runs); i++) {
      let t0 = performance.now();
      const r = await executor.run(feed, { profile: true });
      profiled.push(performance.now() - t0);
      for (const [id, ms] of Object.entries(r.profile?.opMs ?? {})) perOp.set(id, [...(perOp.get(id) ?? []), ms]);
      t0 = performance.now();
      await executor.run(feed);
      plain.push(performance.now() - t0);
    }
    const gpu = executor.backend === 'webgl' || executor.backend === 'webgpu';
    return {
      engine: 'tfjs',
      backend: executor.backend,
      runs: profiled.length,
      warmup: opts.warmup,
      profiledMs: median(profiled),
      plainMs: median(plain),
      nodes: [...perOp].map(([opId, xs]) => ({ kind: 'ir-op', opId, ms: meanWithoutSlowest(xs) })),
      method: `${gpu
        ? 'each op timed on its own: after every op the executor reads one value of its output, which waits for the GPU; that stops ops overlapping and adds a readback each, so a profiled run is slower than a plain one.'
        : `each op timed on its own (${executor.backend} kernels finish before they return, so no sync is added).`} Per op, the mean of ${profiled.length} runs leaving out its slowest (where a pause landed): the page's timer ticks in steps of microseconds, and a median of tick-rounded times is 0 for an op shorter than a tick, a mean is not.`,
    };
  }

  dispose(): void {
    this.executor?.dispose();
    this.executor = undefined;
    this.model = undefined;
  }
}
