// Shape inference: fixes input dims, then walks each graph in topological
// order applying the op table's rules. Small shape-like values (Shape →
// Gather → Concat chains) are evaluated on the side so operands computed from
// static shapes become attrs, which is what makes ONNX graphs converge.

import { ModelFormatError } from '../formats/errors';
import { elementCount, encodeConstant } from './dtype';
import { validateGraph } from './graph';
import { requireOpDef } from './ops';
import { buildContext, operandInputIndex } from './ops/context';
import { where } from './ops/shape-utils';
import type { ConstValue, OpContext, OpDef, OutputInfo } from './ops/types';
import type { Graph, Model, Op, Quantization, Tensor } from './types';

export interface InferOptions {
  /** Fixed dims for graph 0's inputs, keyed by tensor name or id. -1 leaves a dim free. */
  inputShapes?: Record<string, number[]>;
}

export interface InferResult {
  /** Operand inputs turned into attrs (see OPERAND_ATTRS). */
  operandsFolded: number;
  /** Non-constant tensors of graph 0 whose shape still has unknown dims. */
  unknownTensors: string[];
}

/** Largest side value inference evaluates: shape arithmetic is tiny, weights are not. */
const MAX_INFER_VALUE_ELEMENTS = 4096;

export interface PropagateOptions {
  /** 'fold' also materialises fully known outputs as constants and drops their ops. */
  mode: 'infer' | 'fold';
  /** Largest tensor (elements) an evaluator may read or produce. */
  maxValueElements: number;
  model?: Model;
}

export interface PropagateResult {
  operandsFolded: number;
  opsFolded: number;
}

function sameQuant(a: Quantization | undefined, b: Quantization | undefined): boolean {
  if (!a || !b) return a === b;
  return a.axis === b.axis && a.scale.join() === b.scale.join() && a.zeroPoint.join() === b.zeroPoint.join();
}

/**
 * Merges an inferred shape into a tensor: unknown declared dims are filled,
 * known ones must agree. A declared [] on a produced tensor counts as
 * "rank unknown", since some converters write that for dynamic tensors.
 */
function mergeShape(op: Op, tensor: Tensor, inferred: number[]): void {
  const declared = tensor.shape;
  if (declared.length === 0 && inferred.length > 0) {
    tensor.shape = [...inferred];
    return;
  }
  if (declared.length !== inferred.length) {
    throw new ModelFormatError('bad-shape', `tensor ${tensor.id} is declared [${declared}] but infers as [${inferred}]`, where(op));
  }
  tensor.shape = declared.map((d, i) => {
    const e = inferred[i];
    if (d >= 0 && e >= 0 && d !== e) {
      throw new ModelFormatError('bad-shape', `tensor ${tensor.id} is declared [${declared}] but infers as [${inferred}]`, where(op));
    }
    return d >= 0 ? d : e;
  });
}

/** Moves operand inputs whose values are all known into attrs and drops the inputs. */
function foldOperands(op: Op, def: OpDef, ctx: OpContext): boolean {
  const index = operandInputIndex(def, op);
  const carried = [...index].filter(([, i]) => i < op.inputs.length && op.inputs[i] !== '');
  if (carried.length === 0) return false;
  const attrs = ctx.attrs as Record<string, unknown>;
  if (carried.some(([name]) => !Array.isArray(attrs[name]))) return false;
  for (const [name] of carried) op.attrs[name] = [...(attrs[name] as number[])];
  const start = Math.min(...index.values());
  op.inputs = op.inputs.slice(0, start);
  while (op.inputs.length && op.inputs[op.inputs.length - 1] === '') op.inputs.pop();
  return true;
}

function applyOutputs(op: Op, graph: Graph, outs: OutputInfo[]): void {
  if (outs.length !== op.outputs.length) {
    throw new ModelFormatError('bad-value', `op has ${op.outputs.length} outputs, its type defines ${outs.length}`, where(op));
  }
  outs.forEach((out, k) => {
    const t = graph.tensors.get(op.outputs[k]) as Tensor;
    if (out.shape) mergeShape(op, t, out.shape);
  });
}

/** Evaluates the op's outputs when the table has an evaluator and they are small enough. */
function evaluate(def: OpDef, ctx: OpContext, graph: Graph, op: Op, limit: number): ConstValue[] | null {
  if (!def.fold) return null;
  const outs = op.outputs.map((id) => graph.tensors.get(id) as Tensor);
  if (outs.some((t) => {
    const n = elementCount(t.shape);
    return n === null || n > limit;
  })) return null;
  const quantized = [...ctx.inputs, ...ctx.outputs].some((t) => t?.quant);
  if (quantized) {
    // Only pure data movement is exact on stored integers, and only if the scale does not change.
    if (!def.foldsQuantized) return null;
    const first = ctx.inputs[0];
    if (def.type !== 'Dequantize' && !outs.every((t) => sameQuant(t.quant, first?.quant))) return null;
  }
  const values = def.fold(ctx);
  if (!values || values.length !== outs.length) return null;
  const partialIn = ctx.inputs.some((t) => t?.value()?.partial);
  return values.map((v) => (partialIn ? { ...v, partial: true } : v));
}

/** Applies the rules to every op of a graph in topological order. */
export function propagateGraph(graph: Graph, opts: PropagateOptions): PropagateResult {
  validateGraph(graph);
  const values = new Map<string, ConstValue>();
  const folded = new Set<Op>();
  let operandsFolded = 0;
  // Outputs of opaque ops (Custom, If, While) declared as [] have unknown rank;
  // whatever consumes them cannot be inferred either, and is left as declared.
  const unknownRank = new Set<string>();
  const markUnknownRank = (op: Op) => {
    for (const id of op.outputs) if (graph.tensors.get(id)?.shape.length === 0) unknownRank.add(id);
  };
  for (const op of graph.ops) {
    const def = requireOpDef(op);
    if (op.inputs.some((id) => unknownRank.has(id))) {
      markUnknownRank(op);
      continue;
    }
    const ctxOpts = { values, maxValueElements: opts.maxValueElements, model: opts.model };
    let ctx = buildContext(op, graph, ctxOpts);
    if (foldOperands(op, def, ctx)) {
      operandsFolded++;
      ctx = buildContext(op, graph, ctxOpts);
    }
    const inferred = def.infer(ctx);
    applyOutputs(op, graph, inferred);
    if (inferred.some((o) => o.shape === null)) markUnknownRank(op);
    const limit = opts.mode === 'fold' ? opts.maxValueElements : MAX_INFER_VALUE_ELEMENTS;
    const results = evaluate(def, buildContext(op, graph, ctxOpts), graph, op, limit);
    if (!results) continue;
    results.forEach((v, k) => {
      const t = graph.tensors.get(op.outputs[k]) as Tensor;
      mergeShape(op, t, v.shape);
      values.set(t.id, v);
    });
    if (opts.mode === 'fold' && results.every((v) => !v.partial) && materialise(op, graph, results)) folded.add(op);
  }
  if (folded.size) graph.ops = graph.ops.filter((op) => !folded.has(op));
  return { operandsFolded, opsFolded: folded.size };
}

/** Writes evaluated outputs into their tensors as constants; false if a dtype cannot hold them. */
function materialise(op: Op, graph: Graph, results: ConstValue[]): boolean {
  const encoded: { t: Tensor; payload: ReturnType<typeof encodeConstant> }[] = [];
  for (const [k, v] of results.entries()) {
    const t = graph.tensors.get(op.outputs[k]) as Tensor;
    if (t.dtype === 'string' || t.dtype === 'complex64' || t.dtype === 'complex128') return false;
    encoded.push({ t, payload: encodeConstant(t.dtype, v.values) });
  }
  for (const { t, payload } of encoded) {
    delete t.data;
    delete t.bytes;
    Object.assign(t, payload);
  }
  return true;
}

function fixInputShapes(graph: Graph, shapes: Record<string, number[]>): void {
  for (const [key, dims] of Object.entries(shapes)) {
    const id = graph.inputs.find((i) => i === key) ?? graph.inputs.find((i) => graph.tensors.get(i)?.name === key);
    const t = id === undefined ? undefined : graph.tensors.get(id);
    if (!t) {
      const names = graph.inputs.map((i) => graph.tensors.get(i)?.name ?? i).join(', ');
      throw new ModelFormatError('bad-value', `no graph input named "${key}" (inputs: ${names})`, `graph "${graph.name}"`);
    }
    if (t.shape.length !== dims.length && t.shape.length !== 0) {
      throw new ModelFormatError('bad-shape', `input ${t.id} has rank ${t.shape.length}, given shape [${dims}]`, `graph "${graph.name}"`);
    }
    const declared = t.shape.length ? t.shape : dims.map(() => -1);
    t.shape = declared.map((d, i) => {
      const e = dims[i];
      if (d >= 0 && e >= 0 && d !== e) {
        throw new ModelFormatError('bad-shape', `input ${t.id} has fixed dim ${i} = ${d}, given ${e}`, `graph "${graph.name}"`);
      }
      return d >= 0 ? d : e;
    });
  }
}

/**
 * Propagates shapes through every graph of the model, in place. Fixes graph
 * 0's input dims first; turns operands known from constants or static shapes
 * into attrs; throws ModelFormatError 'bad-shape' naming op and tensor when a
 * declared shape contradicts the rules. Declared dtypes are kept.
 */
export function inferShapes(model: Model, opts: InferOptions = {}): InferResult {
  const main = model.graphs[0];
  if (main && opts.inputShapes) fixInputShapes(main, opts.inputShapes);
  let operandsFolded = 0;
  // Importers append subgraphs after the graph that calls them, so one pass in
  // order lets each If/While hand its operand shapes to the bodies it calls.
  for (const graph of model.graphs) {
    operandsFolded += propagateGraph(graph, { mode: 'infer', maxValueElements: MAX_INFER_VALUE_ELEMENTS, model }).operandsFolded;
    seedSubgraphInputs(model, graph);
  }
  const unknownTensors = main
    ? [...main.tensors.values()].filter((t) => !t.data && !t.bytes && t.shape.some((d) => d < 0)).map((t) => t.id)
    : [];
  return { operandsFolded, unknownTensors };
}

/** Gives control-flow bodies the shapes of the operands they are called with, where they declare none. */
function seedSubgraphInputs(model: Model, graph: Graph): void {
  for (const op of graph.ops) {
    let bodies: number[];
    let operands: string[];
    if (op.type === 'If') {
      bodies = [Number(op.attrs.thenGraph), Number(op.attrs.elseGraph)];
      operands = op.inputs.slice(1);
    } else if (op.type === 'While') {
      bodies = [Number(op.attrs.condGraph), Number(op.attrs.bodyGraph)];
      operands = op.inputs;
    } else continue;
    for (const index of bodies) {
      const body = model.graphs[index];
      if (!body || body === graph) continue;
      body.inputs.forEach((id, k) => {
        const inner = body.tensors.get(id);
        const outer = graph.tensors.get(operands[k] ?? '');
        if (!inner || !outer || outer.shape.length === 0) return;
        const unknown = inner.shape.length === 0 || inner.shape.some((d) => d < 0);
        if (unknown && !outer.shape.some((d) => d < 0)) inner.shape = [...outer.shape];
      });
    }
  }
}
