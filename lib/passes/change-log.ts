// What a graph rewrite changed, node by node: the ops a step removed, added,
// merged or retyped, keyed by op id, so a node of the source graph can be
// followed to the node(s) it became (lib/inspect/conversion-diff.ts chains
// the steps).
//
// The log is derived by diffing a snapshot of the graph before the step with
// one after it, rather than by every pass reporting its own edits: passes
// keep op ids for the ops they keep (and tensor ids for the values they keep
// computing), so op ids plus output-tensor ids say which ops became which.
// That way no pass carries bookkeeping, nothing is recorded unless a caller
// snapshots, and a new pass is covered without extra code. A snapshot holds
// ids, types and dtypes only (no weights): O(ops + tensors) to take.

import { isConstant } from '../ir/dtype';
import { prepareForTflite } from '../ir/export/tflite-prepare';
import type { DType, Graph, Model } from '../ir/types';

/** An op as the change log names it: `type` is the custom code for custom ops. */
export interface OpRef {
  id: string;
  type: string;
  /** Name from the source file, when it differs from the id. */
  name?: string;
}

/**
 * One connected change. `replaced`: several ops became others (a fold, a
 * fusion, a lowering into several ops); `modified`: one op kept its id but
 * changed type, fused activation or constant operands; `removed` / `added`:
 * ops with no counterpart; `retyped`: ops that only changed dtype (the int8
 * quantizer's bulk), listed together under one label.
 */
export type NodeEdit =
  | {
      kind: 'replaced' | 'modified' | 'removed' | 'added';
      /** e.g. "Conv2D + Mul + Add → Conv2D (folded)". */
      label: string;
      /** Ops of the graph before the step, in graph order. */
      before: OpRef[];
      /** Ops of the graph after it, in graph order. */
      after: OpRef[];
      /** Removed ops whose results became constants: the ops (after the step) that read those constants. */
      into?: OpRef[];
      /** Added ops: the ops they feed (or, at a graph output, the ops feeding them), where they were inserted. */
      beside?: OpRef[];
    }
  | { kind: 'retyped'; label: string; ops: OpRef[] };

interface OpSnapshot {
  ref: OpRef;
  inputs: string[];
  outputs: string[];
  activation: string;
}

interface TensorSnapshot {
  dtype: DType;
  constant: boolean;
}

/** The structure of one graph at one moment. */
export interface GraphSnapshot {
  ops: OpSnapshot[];
  tensors: Map<string, TensorSnapshot>;
}

function opType(type: string, attrs: Record<string, unknown>): string {
  return type === 'Custom' && typeof attrs.customCode === 'string' && attrs.customCode ? attrs.customCode : type;
}

/** Snapshot of `graph` (ids copied: passes mutate ops in place). */
export function snapshotGraph(graph: Graph): GraphSnapshot {
  const tensors = new Map<string, TensorSnapshot>();
  for (const [id, t] of graph.tensors) tensors.set(id, { dtype: t.dtype, constant: isConstant(t) });
  const ops = graph.ops.map((op) => {
    const ref: OpRef = { id: op.id, type: opType(op.type, op.attrs) };
    if (op.name && op.name !== op.id) ref.name = op.name;
    return { ref, inputs: op.inputs.filter((i) => i !== ''), outputs: [...op.outputs], activation: typeof op.attrs.activation === 'string' ? op.attrs.activation : 'none' };
  });
  return { ops, tensors };
}

/** Main graph only: control-flow subgraphs are not followed (the recipes that keep them do not rewrite them). */
export function snapshotModel(model: Model): GraphSnapshot {
  const graph = model.graphs[0];
  return graph ? snapshotGraph(graph) : { ops: [], tensors: new Map() };
}

/** The edits between two models, e.g. a float model and its int8 quantization (which keeps op ids). */
export function diffModels(before: Model, after: Model): NodeEdit[] {
  return diffGraphs(snapshotModel(before), snapshotModel(after));
}

/** What exporting `model` to .tflite changes first (weight DEQUANTIZE folded, ONNX Clip lowered): its edits. */
export function exportEdits(model: Model): NodeEdit[] {
  return diffGraphs(snapshotModel(model), snapshotModel(prepareForTflite(model)));
}

/** Disjoint sets of string keys (iterative: fold chains can be long). */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    for (let y = x; y !== root;) {
      const next = this.parent.get(y) as string;
      this.parent.set(y, root);
      y = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

interface Indexed {
  byId: Map<string, OpSnapshot>;
  order: Map<string, number>;
  producer: Map<string, string>;
  consumers: Map<string, string[]>;
}

function index(s: GraphSnapshot): Indexed {
  const byId = new Map<string, OpSnapshot>();
  const order = new Map<string, number>();
  const producer = new Map<string, string>();
  const consumers = new Map<string, string[]>();
  s.ops.forEach((op, i) => {
    byId.set(op.ref.id, op);
    order.set(op.ref.id, i);
    for (const t of op.outputs) producer.set(t, op.ref.id);
    for (const t of op.inputs) consumers.set(t, [...(consumers.get(t) ?? []), op.ref.id]);
  });
  return { byId, order, producer, consumers };
}

/** How an op that kept its id changed; empty when it did not. */
interface KeptChange {
  type?: [string, string];
  activation?: [string, string];
  dtype?: [string, string];
  constantsRewritten?: boolean;
  operands?: [number, number];
}

function keptChange(b: OpSnapshot, a: OpSnapshot, before: GraphSnapshot, after: GraphSnapshot): KeptChange {
  const c: KeptChange = {};
  if (b.ref.type !== a.ref.type) c.type = [b.ref.type, a.ref.type];
  if (b.activation !== a.activation) c.activation = [b.activation, a.activation];
  const dtB = before.tensors.get(b.outputs[0] ?? '')?.dtype;
  const dtA = after.tensors.get(a.outputs[0] ?? '')?.dtype;
  if (dtB && dtA && dtB !== dtA) c.dtype = [dtB, dtA];
  if (b.inputs.length !== a.inputs.length) c.operands = [b.inputs.length, a.inputs.length];
  // Activations are rewired freely around a kept op (a fused neighbour, an inserted QUANTIZE), and an input folded
  // upstream becomes a constant under the same id: only a constant operand replaced by another is this op's change.
  const replaced = b.inputs.some((t, i) => a.inputs[i] !== undefined && a.inputs[i] !== t && (before.tensors.get(t)?.constant || after.tensors.get(a.inputs[i])?.constant));
  if (replaced) c.constantsRewritten = true;
  return c;
}

const isEmpty = (c: KeptChange) => Object.keys(c).length === 0;
/** Changes beyond the dtype (and the constants a dtype change rewrites). */
const isStructural = (c: KeptChange) => Boolean(c.type || c.activation || (!c.dtype && (c.constantsRewritten || c.operands)));

function notesOf(c: KeptChange, merged: boolean): string[] {
  const notes: string[] = [];
  if (c.activation) notes.push(c.activation[1] !== 'none' ? `fused ${c.activation[1]}` : `${c.activation[0]} split out`);
  if (c.dtype) notes.push(`${c.dtype[0]} → ${c.dtype[1]}`);
  else if ((c.constantsRewritten || c.operands) && merged) notes.push('folded');
  else if (c.operands && c.operands[1] < c.operands[0]) notes.push('constant operands moved into attributes');
  else if (c.constantsRewritten || c.operands) notes.push('constants rewritten');
  return notes;
}

/** "Conv2D + Relu"; past a handful, a count by type ("73 ops: Squeeze ×14, ExpandDims ×12, Conv2D ×5, …"). */
function joinTypes(ops: OpRef[]): string {
  if (ops.length <= 4) return ops.map((o) => o.type).join(' + ');
  const counts = new Map<string, number>();
  for (const o of ops) counts.set(o.type, (counts.get(o.type) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return `${ops.length} ops: ${top.slice(0, 3).map(([t, n]) => `${t} ×${n}`).join(', ')}${top.length > 3 ? ', …' : ''}`;
}

/**
 * The node-level edits that turn `before` into `after`. Ops are matched by
 * id; a removed op is tied to the op that now writes its output tensor (the
 * conv that absorbed a batch-norm Add, the host a ReLU was fused into) and to
 * its neighbours over tensors that disappeared with it; added ops are tied
 * to each other over tensors that are new, and to a kept op whose output
 * they now write when that op changed type or activation (an activation
 * split back out). Each connected group is one edit.
 */
export function diffGraphs(before: GraphSnapshot, after: GraphSnapshot): NodeEdit[] {
  const B = index(before);
  const A = index(after);
  const kept = new Map<string, KeptChange>();
  for (const [id, b] of B.byId) {
    const a = A.byId.get(id);
    if (a) kept.set(id, keptChange(b, a, before, after));
  }
  const uf = new UnionFind();
  const bKey = (id: string) => `b:${id}`;
  const aKey = (id: string) => `a:${id}`;
  for (const id of kept.keys()) uf.union(bKey(id), aKey(id));
  for (const [id, b] of B.byId) {
    if (kept.has(id)) continue;
    for (const t of b.outputs) {
      const p = A.producer.get(t);
      if (p) uf.union(bKey(id), aKey(p));
    }
  }
  for (const [id, a] of A.byId) {
    if (kept.has(id)) continue;
    for (const t of a.outputs) {
      const p = B.producer.get(t);
      const change = p !== undefined ? kept.get(p) : undefined;
      if (p !== undefined && change && isStructural(change)) uf.union(aKey(id), bKey(p));
    }
    for (const t of a.inputs) {
      const p = A.producer.get(t);
      if (p !== undefined && !before.tensors.has(t) && !kept.has(p)) uf.union(aKey(id), aKey(p));
    }
  }
  // A computed tensor that disappeared ties its producer and readers together when one of them went too
  // (constants tie nothing: readers of one weight are unrelated).
  for (const t of before.tensors.keys()) {
    const producer = B.producer.get(t);
    if (after.tensors.has(t) || producer === undefined) continue;
    const ends = [producer, ...(B.consumers.get(t) ?? [])];
    if (!ends.some((id) => !kept.has(id))) continue;
    for (const id of ends.slice(1)) uf.union(bKey(ends[0]), bKey(id));
  }

  const groups = new Map<string, { before: string[]; after: string[] }>();
  const group = (key: string) => {
    const root = uf.find(key);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { before: [], after: [] }));
    return g;
  };
  for (const op of before.ops) group(bKey(op.ref.id)).before.push(op.ref.id);
  for (const op of after.ops) group(aKey(op.ref.id)).after.push(op.ref.id);

  const edits: NodeEdit[] = [];
  const retyped = new Map<string, OpRef[]>();
  for (const g of groups.values()) {
    const refsB = g.before.map((id) => (B.byId.get(id) as OpSnapshot).ref);
    const refsA = g.after.map((id) => (A.byId.get(id) as OpSnapshot).ref);
    if (refsA.length === 0) {
      edits.push(removal(refsB, B, A, before, after));
      continue;
    }
    if (refsB.length === 0) {
      const beside = neighbours(refsA, A);
      edits.push({ kind: 'added', label: insertionLabel(refsA, A, after), before: [], after: refsA, ...(beside.length ? { beside } : {}) });
      continue;
    }
    if (refsB.length === 1 && refsA.length === 1 && refsB[0].id === refsA[0].id) {
      const change = kept.get(refsA[0].id) as KeptChange;
      if (isEmpty(change)) continue;
      if (!isStructural(change) && change.dtype) {
        const label = `${refsA[0].type} ${change.dtype[0]} → ${change.dtype[1]}`;
        retyped.set(label, [...(retyped.get(label) ?? []), refsA[0]]);
        continue;
      }
      const notes = notesOf(change, false);
      const head = change.type ? `${change.type[0]} → ${change.type[1]}` : refsA[0].type;
      edits.push({ kind: 'modified', label: notes.length ? `${head} (${notes.join(', ')})` : head, before: refsB, after: refsA });
      continue;
    }
    const afterText = refsA.length > 4
      ? joinTypes(refsA)
      : refsA
        .map((ref) => {
          const change = kept.get(ref.id);
          const notes = change ? notesOf(change, true) : [];
          return notes.length ? `${ref.type} (${notes.join(', ')})` : ref.type;
        })
        .join(' + ');
    edits.push({ kind: 'replaced', label: `${joinTypes(refsB)} → ${afterText}`, before: refsB, after: refsA });
  }
  for (const [label, ops] of retyped) edits.push({ kind: 'retyped', label, ops });
  // Roughly graph order: by the first op before the step; an inserted op just ahead of where it lands.
  const first = (e: NodeEdit) => (e.kind === 'retyped' ? B.order.get(e.ops[0].id) ?? 0 : e.before.length ? B.order.get(e.before[0].id) ?? 0 : (A.order.get(e.after[0].id) ?? 0) - 0.5);
  return edits.sort((x, y) => first(x) - first(y));
}

function removal(refs: OpRef[], B: Indexed, A: Indexed, before: GraphSnapshot, after: GraphSnapshot): NodeEdit {
  const outputs = refs.flatMap((r) => (B.byId.get(r.id) as OpSnapshot).outputs);
  const constants = outputs.filter((t) => after.tensors.get(t)?.constant);
  if (constants.length === 0) {
    const own = new Set(outputs);
    const inputs = refs.flatMap((r) => (B.byId.get(r.id) as OpSnapshot).inputs).filter((t) => !own.has(t));
    const fromConstants = inputs.length > 0 && inputs.every((t) => before.tensors.get(t)?.constant);
    return { kind: 'removed', label: `${joinTypes(refs)} ${fromConstants ? 'folded away (constant inputs, result unused)' : 'removed (result unused)'}`, before: refs, after: [] };
  }
  const readers = [...new Set(constants.flatMap((t) => A.consumers.get(t) ?? []))].sort((x, y) => (A.order.get(x) ?? 0) - (A.order.get(y) ?? 0));
  const into = readers.map((id) => (A.byId.get(id) as OpSnapshot).ref);
  // A DEQUANTIZE of stored float16 (or int8) weights: the weights are float32 constants now.
  const stored = refs.every((r) => r.type === 'Dequantize')
    ? [...new Set(refs.map((r) => before.tensors.get((B.byId.get(r.id) as OpSnapshot).inputs[0] ?? '')).filter((t) => t?.constant).map((t) => (t as TensorSnapshot).dtype))]
    : [];
  const label = stored.length ? `Dequantize removed (${stored.join('/')} weights → float32)` : `${joinTypes(refs)} folded into a constant`;
  return { kind: 'removed', label, before: refs, after: [], ...(into.length ? { into } : {}) };
}

/** The ops reading what `refs` write, or else the ops writing what they read. */
function neighbours(refs: OpRef[], A: Indexed): OpRef[] {
  const own = new Set(refs.map((r) => r.id));
  const ops = refs.map((r) => A.byId.get(r.id) as OpSnapshot);
  const pick = (ids: string[]) => [...new Set(ids)].filter((id) => !own.has(id)).sort((x, y) => (A.order.get(x) ?? 0) - (A.order.get(y) ?? 0));
  let found = pick(ops.flatMap((op) => op.outputs.flatMap((t) => A.consumers.get(t) ?? [])));
  if (!found.length) found = pick(ops.flatMap((op) => op.inputs.map((t) => A.producer.get(t)).filter((x): x is string => x !== undefined)));
  return found.map((id) => (A.byId.get(id) as OpSnapshot).ref);
}

function insertionLabel(refs: OpRef[], A: Indexed, after: GraphSnapshot): string {
  if (refs.length === 1) {
    const op = A.byId.get(refs[0].id) as OpSnapshot;
    const from = after.tensors.get(op.inputs[0] ?? '')?.dtype;
    const to = after.tensors.get(op.outputs[0] ?? '')?.dtype;
    if (from && to && from !== to) return `${refs[0].type} inserted (${from} → ${to})`;
    if (refs[0].type === 'Quantize' && from === to) return `Quantize inserted (requantize ${to} to a shared scale)`;
  }
  return `${joinTypes(refs)} inserted`;
}

// ---- compact form, for manifests -------------------------------------------

const KINDS = ['replaced', 'modified', 'removed', 'added', 'retyped'] as const;

/**
 * A step's edits with every op and label written once: the zoo manifest
 * stores this (a float16 model's 178 weight DEQUANTIZEs would otherwise
 * repeat their label and the conv they fold into 178 times).
 */
export interface PackedEdits {
  /** [id, type] or [id, type, name]. */
  ops: string[][];
  labels: string[];
  /** [kind, label, before, after, into | beside]; retyped: [kind, label, ops]. Ops and labels by index. */
  edits: (number | number[])[][];
}

export function packEdits(edits: NodeEdit[]): PackedEdits {
  const ops: string[][] = [];
  const opIndex = new Map<string, number>();
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const op = (r: OpRef): number => {
    const key = `${r.id}\u0000${r.type}\u0000${r.name ?? ''}`;
    let i = opIndex.get(key);
    if (i === undefined) {
      i = ops.length;
      opIndex.set(key, i);
      ops.push(r.name !== undefined ? [r.id, r.type, r.name] : [r.id, r.type]);
    }
    return i;
  };
  const label = (text: string): number => {
    let i = labelIndex.get(text);
    if (i === undefined) {
      i = labels.length;
      labelIndex.set(text, i);
      labels.push(text);
    }
    return i;
  };
  const packed = edits.map((e): (number | number[])[] => {
    const head = [KINDS.indexOf(e.kind), label(e.label)];
    if (e.kind === 'retyped') return [...head, e.ops.map(op)];
    const extra = e.into ?? e.beside;
    return [...head, e.before.map(op), e.after.map(op), ...(extra ? [extra.map(op)] : [])];
  });
  return { ops, labels, edits: packed };
}

export function unpackEdits(packed: PackedEdits): NodeEdit[] {
  const ref = (i: number): OpRef => {
    const [id, type, name] = packed.ops[i];
    return name !== undefined ? { id, type, name } : { id, type };
  };
  const refs = (v: number | number[] | undefined): OpRef[] => (Array.isArray(v) ? v.map(ref) : []);
  return packed.edits.map(([k, l, a, b, c]): NodeEdit => {
    const kind = KINDS[k as number];
    const label = packed.labels[l as number];
    if (kind === 'retyped') return { kind, label, ops: refs(a) };
    const edit: NodeEdit = { kind, label, before: refs(a), after: refs(b) };
    if (c !== undefined) {
      if (kind === 'added') edit.beside = refs(c);
      else edit.into = refs(c);
    }
    return edit;
  });
}
