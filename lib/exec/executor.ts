// Runs an IR Model with tfjs-core ops on the chosen backend.
//
// Lifetimes: constants are uploaded once and kept (as are weight re-layouts
// and ops that depend only on constants, evaluated at creation). Per run,
// every intermediate is freed right after its last reader; each kernel runs
// in tf.tidy so its temporaries never escape. A failed run frees what it made.

import * as tf from '@tensorflow/tfjs-core';
import { ModelFormatError } from '../formats/errors';
import type { Model, Tensor } from '../ir/types';
import { type BackendName, useBackend } from './backend';
import { uploadConstant } from './constants';
import type { KernelContext } from './kernels';
import { runtimeDType } from './kernels/quantize';
import { readInts } from './kernels/util';
import { countUses, type GraphPlan, NOT_PRECOMPUTABLE, planModel, type Step } from './plan';
import type { Executor, ExecutorOptions, InputData, InputTensor, OutputTensor, RunOptions, RunResult } from './types';

interface GraphState {
  plan: GraphPlan;
  /** Uploaded constants and precomputed constant-only results, by tensor id. */
  constants: Map<string, tf.Tensor>;
  /** Steps left to run per call (constant-only ops removed). */
  steps: Step[];
  uses: Map<string, number>;
}

function lookupTensor(plan: GraphPlan, id: string): Tensor {
  const t = plan.graph.tensors.get(id);
  if (!t) throw new ModelFormatError('dangling-tensor', `tensor ${id} does not exist in graph ${plan.graph.name}`);
  return t;
}

function toInputTensor(t: Tensor, value: InputTensor): tf.Tensor {
  const dtype = runtimeDType(t.dtype);
  if (!dtype) throw new ModelFormatError('unsupported', `input ${t.name} is ${t.dtype}, which the executor cannot feed`);
  const numbers = (d: InputData): number[] | Float32Array | Int32Array =>
    d instanceof BigInt64Array || d instanceof BigUint64Array ? Array.from(d, Number) : (d as Float32Array | Int32Array);
  const data = numbers(value.data);
  if (dtype === 'float32') return tf.tensor(data instanceof Float32Array ? data : Float32Array.from(data), value.shape, 'float32');
  if (dtype === 'int32') return tf.tensor(data instanceof Int32Array ? data : Int32Array.from(data), value.shape, 'int32');
  return tf.tensor(Uint8Array.from(data, (v) => (v ? 1 : 0)), value.shape, 'bool');
}

async function readTensor(t: tf.Tensor): Promise<OutputTensor> {
  const data = await t.data();
  const dtype = t.dtype === 'int32' || t.dtype === 'bool' ? t.dtype : 'float32';
  return { shape: [...t.shape], dtype, data: data as Float32Array | Int32Array | Uint8Array };
}

/** One run of one graph: its fed inputs, live intermediates and how many readers each still has. */
interface GraphRun {
  gi: number;
  state: GraphState;
  external: Map<string, tf.Tensor>;
  values: Map<string, tf.Tensor>;
  remaining: Map<string, number>;
  keep: ReadonlySet<string>;
  captured: Map<string, tf.Tensor>;
}

/** Reads one value of `t`, which waits for the GPU work that makes it (and, queues being in order, all before it). */
async function firstValue(t: tf.Tensor): Promise<void> {
  if (t.size === 0) return;
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), [0], [1]));
  try {
    await one.data();
  } finally {
    one.dispose();
  }
}

class TfjsExecutor implements Executor {
  private readonly graphs: GraphState[];
  /** Tensors kept for the executor's life; a kernel returning one gets a clone so runs never free them. */
  private readonly persistent = new Set<tf.Tensor>();
  private readonly prepared = new Map<string, tf.Tensor>();
  private disposed = false;

  constructor(private readonly model: Model, readonly backend: BackendName) {
    this.graphs = planModel(model).map((plan) => this.upload(plan));
    this.graphs.forEach((_, gi) => this.precompute(gi));
  }

  private keep(t: tf.Tensor): tf.Tensor {
    tf.keep(t);
    this.persistent.add(t);
    return t;
  }

  private upload(plan: GraphPlan): GraphState {
    const constants = new Map<string, tf.Tensor>();
    for (const id of plan.constantIds) {
      const t = uploadConstant(lookupTensor(plan, id));
      if (t) constants.set(id, this.keep(t));
    }
    return { plan, constants, steps: plan.steps, uses: countUses(plan.steps, plan.graph.outputs) };
  }

  /**
   * Evaluates the ops whose inputs are all constants once (float16 →
   * float32 Dequantize of weights, shape arithmetic), so runs skip them and
   * weight re-layouts downstream are cached. Constants only they read are freed.
   */
  private precompute(gi: number): void {
    const state = this.graphs[gi];
    const remaining: Step[] = [];
    for (const step of state.steps) {
      const ready = !NOT_PRECOMPUTABLE.has(step.op.type) &&
        step.op.inputs.every((id) => id === '' || state.constants.has(id));
      if (!ready) {
        remaining.push(step);
        continue;
      }
      try {
        const outs = this.runStep(gi, step, new Map());
        step.op.outputs.forEach((id, k) => {
          const t = outs[k];
          if (id !== '' && t) state.constants.set(id, this.keep(t));
          else t?.dispose();
        });
      } catch {
        // Left for run time, where the same error surfaces with the run.
        remaining.push(step);
      }
    }
    state.steps = remaining;
    state.uses = countUses(remaining, state.plan.graph.outputs);
    for (const [id, t] of state.constants) {
      if (state.uses.has(id)) continue;
      t.dispose();
      this.persistent.delete(t);
      state.constants.delete(id);
    }
  }

  private context(gi: number, step: Step, inputs: (tf.Tensor | undefined)[]): KernelContext {
    const state = this.graphs[gi];
    const { op } = step;
    const info = (id: string | undefined): Tensor | undefined => (id ? lookupTensor(state.plan, id) : undefined);
    return {
      op,
      inputs,
      inputInfo: (i) => info(op.inputs[i]),
      outputInfo: (i) => lookupTensor(state.plan, op.outputs[i]),
      input: (i) => {
        const t = inputs[i];
        if (!t) throw new ModelFormatError('bad-value', `${op.type} ${op.name || op.id} is missing input ${i}`);
        return t;
      },
      prepared: (i, tag, make) => {
        const id = op.inputs[i];
        const x = inputs[i];
        if (!x) throw new ModelFormatError('bad-value', `${op.type} ${op.name || op.id} is missing input ${i}`);
        if (!state.constants.has(id)) return make(x);
        const key = `${gi}\u0000${id}\u0000${tag}`;
        let t = this.prepared.get(key);
        if (!t) {
          t = this.keep(make(x));
          this.prepared.set(key, t);
        }
        return t;
      },
      operand: (name) => {
        const index = step.operandInputs.get(name);
        const carrier = index === undefined ? undefined : inputs[index];
        if (carrier) return readInts(carrier);
        const v = step.attrs[name];
        if (!Array.isArray(v) || !v.every((e) => typeof e === 'number')) {
          throw new ModelFormatError('bad-value', `${op.type} ${op.name || op.id} has no value for ${name}`);
        }
        return v as number[];
      },
      runGraph: (index, graphInputs) => this.runGraph(index, graphInputs, new Set(), new Map()),
    };
  }

  /** Runs one op; the returned tensors are new (never an input or a kept tensor). */
  private runStep(gi: number, step: Step, values: Map<string, tf.Tensor>, external?: Map<string, tf.Tensor>): tf.Tensor[] {
    const state = this.graphs[gi];
    const inputs = step.op.inputs.map((id) => {
      if (id === '') return undefined;
      const t = values.get(id) ?? external?.get(id) ?? state.constants.get(id);
      if (!t) throw new ModelFormatError('dangling-tensor', `tensor ${id} has no value when ${step.op.type} ${step.op.name || step.op.id} runs`);
      return t;
    });
    const ctx = this.context(gi, step, inputs);
    return tf.tidy(() => step.kernel(ctx, step.attrs as never).map((t) =>
      inputs.includes(t) || this.persistent.has(t) ? tf.clone(t) : t));
  }

  /** Checks a graph's inputs and sets up the bookkeeping of one run of it. */
  private beginRun(gi: number, inputs: tf.Tensor[], keep: ReadonlySet<string>, captured: Map<string, tf.Tensor>): GraphRun {
    const state = this.graphs[gi];
    if (!state) throw new ModelFormatError('bad-value', `the model has no graph ${gi}`);
    const graph = state.plan.graph;
    if (inputs.length !== graph.inputs.length) {
      throw new ModelFormatError('bad-value', `graph ${graph.name} takes ${graph.inputs.length} inputs, got ${inputs.length}`);
    }
    const external = new Map(graph.inputs.map((id, i) => [id, inputs[i]]));
    const values = new Map<string, tf.Tensor>();
    for (const id of keep) {
      const t = external.get(id) ?? state.constants.get(id);
      if (t) captured.set(id, tf.clone(t));
    }
    return { gi, state, external, values, remaining: new Map(state.uses), keep, captured };
  }

  /** Frees a tensor after its last reader (moving it into `captured` when kept). */
  private release(run: GraphRun, id: string): void {
    const t = run.values.get(id);
    if (!t) return;
    run.values.delete(id);
    if (run.keep.has(id)) run.captured.set(id, t);
    else t.dispose();
  }

  /** Runs one step of a graph run and stores its outputs; returns them (still owned by the run). */
  private step(run: GraphRun, step: Step): tf.Tensor[] {
    const outs = this.runStep(run.gi, step, run.values, run.external);
    step.op.outputs.forEach((id, k) => {
      const t = outs[k];
      if (id === '') { t?.dispose(); return; }
      if (!t) throw new ModelFormatError('bad-value', `${step.op.type} ${step.op.name || step.op.id} produced no output ${k}`);
      run.values.set(id, t);
    });
    for (const t of outs.slice(step.op.outputs.length)) t.dispose();
    return outs.slice(0, step.op.outputs.length).filter((t, k) => step.op.outputs[k] !== '' && !!t);
  }

  /** After a step: frees its outputs nobody reads and inputs it was the last reader of. */
  private settle(run: GraphRun, step: Step): void {
    for (const id of step.op.outputs) if (id !== '' && !run.remaining.get(id)) this.release(run, id);
    for (const id of step.op.inputs) {
      if (id === '') continue;
      const left = (run.remaining.get(id) ?? 0) - 1;
      run.remaining.set(id, left);
      if (left <= 0) this.release(run, id);
    }
  }

  /** The graph outputs (owned by the caller) once every step ran; frees the rest. */
  private finish(run: GraphRun): tf.Tensor[] {
    const graph = run.state.plan.graph;
    const results = graph.outputs.map((id) => {
      const owned = run.values.get(id);
      if (owned) {
        run.values.delete(id);
        if (run.keep.has(id)) run.captured.set(id, tf.clone(owned));
        return owned;
      }
      const other = run.external.get(id) ?? run.state.constants.get(id);
      if (!other) throw new ModelFormatError('dangling-tensor', `output ${id} of graph ${graph.name} was never computed`);
      return tf.clone(other);
    });
    for (const id of [...run.values.keys()]) this.release(run, id);
    return results;
  }

  private abort(run: GraphRun): void {
    for (const t of run.values.values()) t.dispose();
    for (const t of run.captured.values()) t.dispose();
    run.captured.clear();
  }

  /**
   * Runs graph `gi` on `inputs` (in graph-input order, owned by the caller).
   * Returns the graph outputs, owned by the caller; tensors listed in `keep`
   * are moved into `captured` instead of being freed.
   */
  runGraph(gi: number, inputs: tf.Tensor[], keep: ReadonlySet<string>, captured: Map<string, tf.Tensor>): tf.Tensor[] {
    const run = this.beginRun(gi, inputs, keep, captured);
    try {
      for (const step of run.state.steps) {
        this.step(run, step);
        this.settle(run, step);
      }
      return this.finish(run);
    } catch (err) {
      this.abort(run);
      throw err;
    }
  }

  /**
   * runGraph with every step timed: after each step the backend is made to
   * finish it (GPU backends: a one-value read of each output, which waits for
   * the queue; wasm and cpu kernels return when done) so its time is its own.
   * Those syncs keep the GPU from overlapping ops and add a readback per op,
   * so a profiled run is slower than a plain one; the per-op shares are what
   * it is for. Ops precomputed at load take no time here and are absent.
   */
  private async runGraphTimed(gi: number, inputs: tf.Tensor[], keep: ReadonlySet<string>, captured: Map<string, tf.Tensor>, times: Map<string, number>): Promise<tf.Tensor[]> {
    const run = this.beginRun(gi, inputs, keep, captured);
    const gpu = this.backend === 'webgl' || this.backend === 'webgpu';
    try {
      // Back-to-back intervals: an op's time runs from the end of the one before to its own end
      // (its kernel, the sync, and freeing what it read last), so the ops add up to the whole
      // graph and no op falls between timer ticks (5 µs in a cross-origin isolated page).
      let last = performance.now();
      for (const step of run.state.steps) {
        const outs = this.step(run, step);
        if (gpu) await Promise.all(outs.map((t) => firstValue(t)));
        this.settle(run, step);
        const now = performance.now();
        times.set(step.op.id, (times.get(step.op.id) ?? 0) + now - last);
        last = now;
      }
      return this.finish(run);
    } catch (err) {
      this.abort(run);
      throw err;
    }
  }

  private resolveCapture(ids: readonly string[]): Set<string> {
    const graph = this.graphs[0].plan.graph;
    const byName = new Map<string, string>();
    for (const t of graph.tensors.values()) if (!byName.has(t.name)) byName.set(t.name, t.id);
    return new Set(ids.map((key) => {
      const id = graph.tensors.has(key) ? key : byName.get(key);
      if (!id) throw new ModelFormatError('bad-value', `cannot capture ${key}: no such tensor in graph ${graph.name}`);
      return id;
    }));
  }

  async run(inputs: Record<string, InputTensor>, opts: RunOptions = {}): Promise<RunResult> {
    if (this.disposed) throw new Error('the executor was disposed');
    const graph = this.graphs[0].plan.graph;
    const keep = this.resolveCapture(opts.capture ?? []);
    const fed = graph.inputs.map((id) => {
      const t = lookupTensor(this.graphs[0].plan, id);
      const value = inputs[t.name] ?? inputs[id];
      if (!value) throw new ModelFormatError('bad-value', `missing input ${t.name}; the model takes ${graph.inputs.map((i) => lookupTensor(this.graphs[0].plan, i).name).join(', ')}`);
      return toInputTensor(t, value);
    });
    const captured = new Map<string, tf.Tensor>();
    const times = opts.profile ? new Map<string, number>() : undefined;
    let results: tf.Tensor[] = [];
    try {
      const t0 = performance.now();
      results = times ? await this.runGraphTimed(0, fed, keep, captured, times) : this.runGraph(0, fed, keep, captured);
      const graphMs = performance.now() - t0;
      const names = graph.outputs.map((id) => lookupTensor(this.graphs[0].plan, id).name);
      const outputs: Record<string, OutputTensor> = {};
      for (let i = 0; i < results.length; i++) {
        const unique = names.indexOf(names[i]) === names.lastIndexOf(names[i]);
        outputs[unique ? names[i] : graph.outputs[i]] = await readTensor(results[i]);
      }
      const capturedOut: Record<string, OutputTensor> = {};
      for (const [id, t] of captured) capturedOut[id] = await readTensor(t);
      return times ? { outputs, captured: capturedOut, profile: { graphMs, opMs: Object.fromEntries(times) } } : { outputs, captured: capturedOut };
    } finally {
      for (const t of [...fed, ...results, ...captured.values()]) t.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.persistent) t.dispose();
    this.persistent.clear();
    this.prepared.clear();
    for (const g of this.graphs) g.constants.clear();
  }
}

/**
 * Prepares `model` for running on a TF.js backend (default wasm; cpu when the
 * requested backend cannot start). Inputs are fed in the IR's layout: NHWC for
 * ONNX inputs marked `layout:<name>` = 'NCHW' in the model's metadata.
 */
export async function createExecutor(model: Model, opts: ExecutorOptions = {}): Promise<Executor> {
  const backend = await useBackend(opts);
  return new TfjsExecutor(model, backend);
}
