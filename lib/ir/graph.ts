// Structural checks and rewrites of one graph: validation, topological order,
// dead-code removal, producer/consumer maps, cloning.

import { ModelFormatError } from '../formats/errors';
import { isConstant } from './dtype';
import { getOpDef } from './ops';
import type { AttrValue, Graph, Op, Tensor } from './types';

function opWhere(graph: Graph, op: Op): string {
  return `graph "${graph.name}" / op ${op.id} (${op.type}${op.name ? ` "${op.name}"` : ''})`;
}

/** The op producing each tensor. Throws 'bad-value' when a tensor is produced twice. */
export function producers(graph: Graph): Map<string, Op> {
  const map = new Map<string, Op>();
  for (const op of graph.ops) {
    for (const id of op.outputs) {
      const prior = map.get(id);
      if (prior) {
        throw new ModelFormatError('bad-value', `tensor ${id} is produced by both op ${prior.id} and op ${op.id}`, opWhere(graph, op));
      }
      map.set(id, op);
    }
  }
  return map;
}

export interface Use {
  op: Op;
  /** Input position in op.inputs. */
  index: number;
}

/** Every use of each tensor as an op input, in op order. */
export function consumers(graph: Graph): Map<string, Use[]> {
  const map = new Map<string, Use[]>();
  for (const op of graph.ops) {
    op.inputs.forEach((id, index) => {
      if (id === '') return;
      const uses = map.get(id);
      if (uses) uses.push({ op, index });
      else map.set(id, [{ op, index }]);
    });
  }
  return map;
}

/**
 * Orders graph.ops so every op follows the producers of its inputs (stable:
 * ops keep their relative order where free). Throws 'cycle' naming an op on
 * the cycle and the tensor that closes it.
 */
export function sortTopologically(graph: Graph): void {
  const producedBy = producers(graph);
  const pending = new Map<Op, number>();
  const dependents = new Map<Op, Op[]>();
  for (const op of graph.ops) {
    const deps = new Set<Op>();
    for (const id of op.inputs) {
      const p = id === '' ? undefined : producedBy.get(id);
      if (p) deps.add(p);
    }
    pending.set(op, deps.size);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(op);
      else dependents.set(d, [op]);
    }
  }
  const order: Op[] = [];
  const ready = graph.ops.filter((op) => pending.get(op) === 0);
  // Process in original order for a stable result.
  const position = new Map(graph.ops.map((op, i) => [op, i]));
  while (ready.length) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const op = ready.shift() as Op;
    order.push(op);
    for (const d of dependents.get(op) ?? []) {
      const left = (pending.get(d) ?? 0) - 1;
      pending.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (order.length !== graph.ops.length) {
    const stuck = graph.ops.find((op) => (pending.get(op) ?? 0) > 0) as Op;
    const closing = stuck.inputs.find((id) => {
      const p = producedBy.get(id);
      return p !== undefined && (pending.get(p) ?? 0) > 0;
    });
    throw new ModelFormatError('cycle', `op depends on itself through tensor ${closing ?? '?'}`, opWhere(graph, stuck));
  }
  graph.ops = order;
}

/**
 * Checks that the graph is well formed and sorts it topologically:
 * every op input is a graph input, a constant or produced exactly once (or a
 * recurrent state input); graph inputs and outputs exist; op ids are unique;
 * no cycles. Throws ModelFormatError 'dangling-tensor', 'cycle' or 'bad-value'.
 */
export function validateGraph(graph: Graph): void {
  const ids = new Set<string>();
  for (const op of graph.ops) {
    if (ids.has(op.id)) throw new ModelFormatError('bad-value', `op id ${op.id} is used twice`, `graph "${graph.name}"`);
    ids.add(op.id);
  }
  for (const id of graph.inputs) {
    if (!graph.tensors.has(id)) throw new ModelFormatError('dangling-tensor', `graph input ${id} does not exist`, `graph "${graph.name}"`);
  }
  const producedBy = producers(graph);
  const inputs = new Set(graph.inputs);
  for (const op of graph.ops) {
    const state = new Set(getOpDef(op.type)?.stateInputs ?? []);
    for (const id of op.outputs) {
      if (!graph.tensors.has(id)) throw new ModelFormatError('dangling-tensor', `output tensor ${id} does not exist`, opWhere(graph, op));
      if (inputs.has(id)) throw new ModelFormatError('bad-value', `op writes graph input ${id}`, opWhere(graph, op));
    }
    op.inputs.forEach((id, i) => {
      if (id === '') return;
      const t = graph.tensors.get(id);
      if (!t) throw new ModelFormatError('dangling-tensor', `input ${i} refers to missing tensor ${id}`, opWhere(graph, op));
      if (!inputs.has(id) && !isConstant(t) && !producedBy.has(id) && !state.has(i)) {
        throw new ModelFormatError('dangling-tensor', `input ${i} tensor ${id} is not a graph input, constant or op output`, opWhere(graph, op));
      }
    });
  }
  for (const id of graph.outputs) {
    const t = graph.tensors.get(id);
    if (!t) throw new ModelFormatError('dangling-tensor', `graph output ${id} does not exist`, `graph "${graph.name}"`);
    if (!inputs.has(id) && !isConstant(t) && !producedBy.has(id)) {
      throw new ModelFormatError('dangling-tensor', `graph output ${id} is never produced`, `graph "${graph.name}"`);
    }
  }
  sortTopologically(graph);
}

export interface DeadCodeResult {
  removedOps: number;
  removedTensors: number;
}

/**
 * Drops ops none of whose outputs reach a graph output, then tensors no
 * remaining op or graph interface refers to. Graph inputs are kept even when
 * unused: they are the graph's signature.
 */
export function removeDeadCode(graph: Graph): DeadCodeResult {
  const producedBy = producers(graph);
  const live = new Set<Op>();
  const stack = graph.outputs.map((id) => producedBy.get(id)).filter((op): op is Op => op !== undefined);
  while (stack.length) {
    const op = stack.pop() as Op;
    if (live.has(op)) continue;
    live.add(op);
    for (const id of op.inputs) {
      const p = id === '' ? undefined : producedBy.get(id);
      if (p && !live.has(p)) stack.push(p);
    }
  }
  const before = graph.ops.length;
  graph.ops = graph.ops.filter((op) => live.has(op));
  const used = new Set<string>([...graph.inputs, ...graph.outputs]);
  for (const op of graph.ops) for (const id of [...op.inputs, ...op.outputs]) if (id !== '') used.add(id);
  let removedTensors = 0;
  for (const id of [...graph.tensors.keys()]) {
    if (!used.has(id)) {
      graph.tensors.delete(id);
      removedTensors++;
    }
  }
  return { removedOps: before - graph.ops.length, removedTensors };
}

function cloneTensor(t: Tensor, copyData: boolean): Tensor {
  const copy: Tensor = { ...t, shape: [...t.shape] };
  if (t.quant) {
    copy.quant = { ...t.quant, scale: [...t.quant.scale], zeroPoint: [...t.quant.zeroPoint] };
    if (t.quant.min) copy.quant.min = [...t.quant.min];
    if (t.quant.max) copy.quant.max = [...t.quant.max];
  }
  if (copyData && t.data) copy.data = t.data.slice();
  if (copyData && t.bytes) copy.bytes = t.bytes.slice();
  return copy;
}

function copyAttr(v: AttrValue): AttrValue {
  if (v instanceof Uint8Array) return v.slice();
  return Array.isArray(v) ? (v.slice() as AttrValue) : v;
}

/**
 * A copy that passes can rewrite freely. Constant payloads are shared unless
 * `copyData` (they are treated as immutable; copying weights is expensive).
 */
export function cloneGraph(graph: Graph, opts: { copyData?: boolean } = {}): Graph {
  const copyData = opts.copyData ?? false;
  return {
    name: graph.name,
    tensors: new Map([...graph.tensors].map(([id, t]) => [id, cloneTensor(t, copyData)])),
    ops: graph.ops.map((op) => ({
      ...op,
      inputs: [...op.inputs],
      outputs: [...op.outputs],
      attrs: Object.fromEntries(Object.entries(op.attrs).map(([k, v]) => [k, copyAttr(v)])),
    })),
    inputs: [...graph.inputs],
    outputs: [...graph.outputs],
  };
}
