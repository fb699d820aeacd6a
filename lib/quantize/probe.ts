// Per-layer error of the real int8 network on one input: every int8
// activation as the official TFLite runtime computes it, dequantized, against
// the same tensor of the float model (our executor). The error is the one
// accumulated through every layer before it, not just the tensor's own
// rounding. How: a "probe" copy of the int8 model lists each int8 activation
// as a graph output too; it is exported with lib/ir/export/tflite and run by
// a runner the caller passes in (Node tests: the runtime's wasm driven
// directly; browsers: @tensorflow/tfjs-tflite), so lib stays isomorphic.
//
// Only tensors with a float twin are compared: the same id (a quantizeModel
// result keeps the float model's ids) or the same name (two files imported
// separately). Tensors the quantizer adds (QUANTIZE of a float input, an int8
// op before the final DEQUANTIZE) take the twin of the float value they carry.

import { elementCount, isConstant } from '../ir/dtype';
import type { DType, Graph, Model, Tensor } from '../ir/types';
import { exportTflite } from '../ir/export/tflite';
import { getOpDef } from '../ir/ops';
import { OP_RULES } from './op-rules';
import { compareActivation, dequantize, quantizeToGrid, type ActivationError, type Grid } from './probe-stats';

export { worstFirst, type ActivationError, type Grid } from './probe-stats';

export type ProbeTensorData = Float32Array | Int32Array | Uint8Array | Int8Array;

export interface ProbeRunnerInput {
  name: string;
  dtype: DType;
  shape: number[];
  data: ProbeTensorData;
}

export interface ProbeRunnerOutput {
  name: string;
  shape: number[];
  data: ArrayLike<number>;
}

/** Runs .tflite bytes in the official TFLite runtime: inputs in the model's input order; outputs with their tensor names. */
export type OfficialTfliteRunner = (model: Uint8Array, inputs: ProbeRunnerInput[]) => Promise<ProbeRunnerOutput[]>;

export interface FloatTensor {
  data: ArrayLike<number>;
  shape: number[];
}

/** The float side: lib/exec's Executor satisfies it. */
export interface FloatCaptureRunner {
  run(inputs: Record<string, { data: Float32Array | Int32Array | Uint8Array; shape: number[] }>, opts: { capture: string[] }): Promise<{ captured: Record<string, { data: ArrayLike<number> }> }>;
}

export interface ProbeOptions {
  /** How an int8 tensor finds its float twin: 'id' for a quantizeModel result, 'name' for separately imported files. */
  match: 'id' | 'name';
  /**
   * Parameters to quantize the sample with for int8/uint8 inputs, by input
   * name; default the input tensor's own. The run page and the zoo build use
   * zoo/artifacts.json's (the quantizer's float64 scale, which the file rounds
   * to float32): on exact half steps the two round differently.
   */
  inputQuant?: Readonly<Record<string, { scale: number; zeroPoint: number }>>;
}

export interface LayerProbe extends ActivationError {
  /** Tensor id in the int8 graph. */
  tensor: string;
  /** Id of its twin in the float graph. */
  floatTensor: string;
  name: string;
  /** Op type that makes the tensor in the int8 graph; 'input' for a graph input. */
  producer: string;
  /** Index of that op in the int8 graph's (topological) op list; -1 for inputs. */
  position: number;
  dtype: DType;
  shape: number[];
  /** The int8 grid; null for float tensors (dequantized outputs). */
  grid: Grid | null;
  /** The tensor is (or carries the value of) a graph output. */
  isOutput: boolean;
  /**
   * Made by an op that only moves values at its input's int8 grid (reshape, transpose, slice, pad…):
   * it adds no error of its own, its figures repeat what came in.
   */
  movesOnly: boolean;
}

export interface ProbeResult {
  /** In graph order (inputs first). */
  layers: LayerProbe[];
  /** int8 activations with no float twin (renamed or fused by the quantizer), by name. */
  unmatched: string[];
}

/** Prefix of the probe model's output names: unique, so runners that key outputs by name cannot mix them up. */
const PROBE_OUTPUT = 'edgezoo_probe_';

const gridOf = (t: Tensor): Grid | null =>
  (t.dtype === 'int8' || t.dtype === 'uint8') && t.quant && t.quant.scale.length === 1
    ? { type: t.dtype, scale: t.quant.scale[0], zeroPoint: t.quant.zeroPoint[0] ?? 0 }
    : null;

/** Data-movement and shape ops quantized at their input's grid copy int8 values exactly (op-rules 'same'). */
function movesOnly(opType: string): boolean {
  const category = getOpDef(opType)?.category;
  return (category === 'data-movement' || category === 'shape') && OP_RULES[opType]?.kind === 'same';
}

/** Non-constant tensors of the float graph by name, names that repeat left out (they cannot be told apart). */
function uniqueNames(g: Graph): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const t of g.tensors.values()) if (!isConstant(t)) seen.set(t.name, seen.has(t.name) ? null : t.id);
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
}

interface Candidate {
  tensor: Tensor;
  twin: string;
  producer: string;
  position: number;
}

/** The int8 graph's tensors worth comparing, each with its float twin; inputs first, then in op order. */
function candidates(float: Graph, q: Graph, match: ProbeOptions['match']): { list: Candidate[]; unmatched: string[] } {
  const byName = match === 'name' ? uniqueNames(float) : null;
  const twinOf = (id: string): string | undefined => {
    const t = q.tensors.get(id);
    if (!t) return undefined;
    if (byName) return byName.get(t.name);
    const f = float.tensors.get(id);
    return f && !isConstant(f) ? id : undefined;
  };
  const dequantizedBy = new Map<string, string>();
  for (const op of q.ops) if (op.type === 'Dequantize' && op.inputs[0]) dequantizedBy.set(op.inputs[0], op.outputs[0]);
  const list: Candidate[] = [];
  const unmatched: string[] = [];
  const withInt8Twin = new Set<string>();
  const consider = (id: string, producer: string, position: number, carried: string | undefined) => {
    const t = q.tensors.get(id);
    if (!t || isConstant(t)) return;
    const grid = gridOf(t);
    const isFloatOutput = !grid && t.dtype === 'float32' && q.outputs.includes(id);
    if (!grid && !isFloatOutput) return;
    // The same real value under another id: a QUANTIZE's float input, or the DEQUANTIZE after an int8 output.
    const twin = twinOf(id) ?? (carried ? twinOf(carried) : undefined) ?? (dequantizedBy.has(id) ? twinOf(dequantizedBy.get(id)!) : undefined);
    if (!twin) {
      if (grid) unmatched.push(t.name);
      return;
    }
    // A dequantized output repeats the int8 tensor before it exactly; keep the int8 one (it has a grid).
    if (!grid && withInt8Twin.has(twin)) return;
    if (grid) withInt8Twin.add(twin);
    list.push({ tensor: t, twin, producer, position });
  };
  for (const id of q.inputs) consider(id, 'input', -1, undefined);
  q.ops.forEach((op, i) => {
    const carried = op.type === 'Quantize' ? op.inputs[0] : undefined;
    for (const id of op.outputs) if (id) consider(id, op.type, i, carried);
  });
  return { list, unmatched };
}

/** A copy of the int8 model whose graph 0 also outputs `tensors`, every output renamed `edgezoo_probe_<k>`. */
export function buildProbeModel(quantized: Model, tensors: readonly string[]): { model: Model; outputs: string[] } {
  const [g, ...rest] = quantized.graphs;
  if (!g) throw new Error('the int8 model has no graphs');
  const outputs = [...new Set([...g.outputs, ...tensors])];
  const renamed = new Map(g.tensors);
  outputs.forEach((id, k) => {
    const t = g.tensors.get(id);
    if (!t) throw new Error(`the int8 model has no tensor ${id}`);
    renamed.set(id, { ...t, name: `${PROBE_OUTPUT}${k}` });
  });
  return { model: { ...quantized, graphs: [{ ...g, tensors: renamed, outputs }, ...rest] }, outputs };
}

function sampleFor(sample: Readonly<Record<string, FloatTensor>>, t: Tensor): FloatTensor {
  const value = sample[t.name] ?? sample[t.id];
  if (!value) throw new Error(`the sample has no value for the float model's input ${t.name} (it has ${Object.keys(sample).join(', ') || 'none'})`);
  return value;
}

/** The grid an int8/uint8 input is fed on: the caller's parameters for it, else its own. */
function inputGrid(q: Tensor, override: ProbeOptions['inputQuant']): Grid | null {
  const own = gridOf(q);
  const given = override?.[q.name];
  return own && given ? { type: own.type, scale: given.scale, zeroPoint: given.zeroPoint } : own;
}

/** The float sample as the int8 model's input: quantized on `grid` where it is int8/uint8. */
function int8Input(q: Tensor, value: FloatTensor, grid: Grid | null): ProbeRunnerInput {
  const n = elementCount(q.shape);
  if (n !== null && n !== value.data.length) {
    throw new Error(`input ${q.name}: the sample holds ${value.data.length} values but the int8 model's input [${q.shape.join(', ')}] holds ${n}`);
  }
  const shape = q.shape.every((d) => d >= 0) ? [...q.shape] : [...value.shape];
  if (grid) return { name: q.name, dtype: q.dtype, shape, data: quantizeToGrid(value.data, grid) };
  if (q.dtype === 'float32') return { name: q.name, dtype: q.dtype, shape, data: Float32Array.from(value.data) };
  if (q.dtype === 'int32') return { name: q.name, dtype: q.dtype, shape, data: Int32Array.from(value.data) };
  throw new Error(`input ${q.name}: the probe feeds float32, int32, int8 and uint8 inputs, not ${q.dtype}`);
}

/**
 * Runs `sample` (float model input name → value, in the IR's layout) through
 * both models and compares every int8 activation that has a float twin.
 */
export async function probeInt8(
  float: Model,
  quantized: Model,
  sample: Readonly<Record<string, FloatTensor>>,
  runners: { float: FloatCaptureRunner; official: OfficialTfliteRunner },
  opts: ProbeOptions,
): Promise<ProbeResult> {
  const fg = float.graphs[0];
  const qg = quantized.graphs[0];
  if (!fg || !qg) throw new Error('both models need a main graph');
  const { list, unmatched } = candidates(fg, qg, opts.match);

  // The int8 model's inputs, from the float sample by twin.
  const fed = new Map<string, ProbeRunnerInput>();
  const floatFeeds: Record<string, { data: Float32Array | Int32Array | Uint8Array; shape: number[] }> = {};
  for (const t of fg.inputs.map((id) => fg.tensors.get(id)!)) {
    const v = sampleFor(sample, t);
    floatFeeds[t.name] = { data: v.data instanceof Int32Array || v.data instanceof Uint8Array ? v.data : Float32Array.from(v.data), shape: [...v.shape] };
  }
  const inputs = qg.inputs.map((id) => {
    const q = qg.tensors.get(id)!;
    const twin = opts.match === 'id' ? (fg.inputs.includes(id) ? id : undefined) : fg.inputs.find((f) => fg.tensors.get(f)?.name === q.name);
    if (!twin) throw new Error(`the int8 model's input ${q.name} is not an input of the float model`);
    const input = int8Input(q, sampleFor(sample, fg.tensors.get(twin)!), inputGrid(q, opts.inputQuant));
    fed.set(id, input);
    return input;
  });

  const probed = list.filter((c) => c.position >= 0);
  const { model: probeModel, outputs } = buildProbeModel(quantized, probed.map((c) => c.tensor.id));
  const { captured } = await runners.float.run(floatFeeds, { capture: [...new Set(probed.map((c) => c.twin))] });
  const results = await runners.official(exportTflite(probeModel), inputs);
  const byName = new Map(results.map((r) => [r.name, r]));
  const valueOf = (id: string): ArrayLike<number> => {
    const k = outputs.indexOf(id);
    const r = byName.get(`${PROBE_OUTPUT}${k}`) ?? (results.length === outputs.length ? results[k] : undefined);
    if (!r) throw new Error(`the TFLite runtime returned no value for ${qg.tensors.get(id)?.name ?? id}`);
    return r.data;
  };

  const floatOutputs = new Set(fg.outputs);
  const layers: LayerProbe[] = [];
  for (const c of list) {
    const grid = c.position < 0 ? inputGrid(c.tensor, opts.inputQuant) : gridOf(c.tensor);
    const reference = c.position < 0 ? sampleFor(sample, fg.tensors.get(c.twin)!).data : captured[c.twin]?.data;
    if (!reference) throw new Error(`the float model did not return ${fg.tensors.get(c.twin)?.name ?? c.twin}`);
    const stored = c.position < 0 ? fed.get(c.tensor.id)!.data : valueOf(c.tensor.id);
    // Shapes can differ where the quantizer reshaped around an op (both sides are whole tensors): compare only like with like.
    if (stored.length !== reference.length) {
      unmatched.push(c.tensor.name);
      continue;
    }
    const test = grid ? dequantize(stored, grid) : stored;
    layers.push({
      ...compareActivation(reference, test, grid),
      tensor: c.tensor.id,
      floatTensor: c.twin,
      name: c.tensor.name,
      producer: c.producer,
      position: c.position,
      dtype: c.tensor.dtype,
      shape: [...c.tensor.shape],
      grid,
      isOutput: floatOutputs.has(c.twin) || qg.outputs.includes(c.tensor.id),
      movesOnly: movesOnly(c.producer),
    });
  }
  return { layers, unmatched };
}
