// Shared pieces of op conversion: broadcasting, elementwise layout choice,
// custom-op fallback and small shape helpers.
import type { AttrValue, DType } from '../../../ir/types';
import { ModelFormatError } from '../../errors';
import type { OnnxNode } from '../types';
import type { GraphBuilder, Value } from './builder';
import { alignRank, elementCount } from './host';
import { identity } from './layout';

export type Handler = (b: GraphBuilder, n: OnnxNode, where: string) => boolean;

export function broadcastShape(shapes: Array<number[] | null>, where: string): number[] | null {
  if (shapes.some((s) => s === null)) return null;
  const known = shapes as number[][];
  const rank = Math.max(0, ...known.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of known) {
    const off = rank - s.length;
    s.forEach((d, i) => {
      const cur = out[off + i];
      if (d === 1) return;
      if (cur === 1 || cur === -1) out[off + i] = d;
      else if (d !== -1 && d !== cur) throw new ModelFormatError('bad-shape', `cannot broadcast dims ${cur} and ${d}`, where);
    });
  }
  return out;
}

/** Layout for an op whose inputs broadcast together: that of the first full-rank activation. */
export function pickLayout(inputs: Value[], rank: number): number[] {
  const lead = inputs.find((v) => !v.host && v.shape?.length === rank);
  return lead ? lead.perm : identity(rank);
}

/** IR tensor id of `v` broadcast-aligned to `rank` and held in `perm`. */
export function alignedIn(b: GraphBuilder, v: Value, rank: number, perm: number[]): string {
  if (v.host) {
    // Single-element constants broadcast the same in every layout.
    if (elementCount(v.host.dims) === 1 || v.host.dims.length === 0) return b.tensorIn(v, identity(v.host.dims.length));
    const aligned = alignRank(v.host, rank);
    const av: Value = { ...v, host: aligned, shape: aligned.dims, perm: identity(rank), name: aligned === v.host ? v.name : `${v.name}@rank${rank}` };
    return b.tensorIn(av, perm);
  }
  const r = v.shape?.length;
  if (r === undefined || r === rank) return r === undefined ? b.plain(v) : b.tensorIn(v, perm);
  let id = b.plain(v);
  let shape = v.shape ?? [];
  for (let k = r; k < rank; k++) {
    shape = [1, ...shape];
    const next = b.addTensor(v.name, v.dtype, shape, identity(shape.length));
    b.addOp('ExpandDims', `${v.name}/expand`, [id], [next], { axis: 0 });
    id = next;
  }
  return b.tensorIn({ ...v, id, shape, perm: identity(rank), host: undefined }, perm);
}

/** Emits an elementwise IR op over broadcast inputs, keeping the leading activation's layout. */
export function elementwise(
  b: GraphBuilder, n: OnnxNode, type: string, attrs: Record<string, AttrValue>, inputs: Value[], where: string, outDtype?: DType,
): string {
  const shape = broadcastShape(inputs.map((v) => v.shape), where);
  const rank = shape?.length ?? 0;
  const perm = shape ? pickLayout(inputs, rank) : [];
  const ids = inputs.map((v) => (shape ? alignedIn(b, v, rank, perm) : b.plain(v)));
  const out = b.output(n.outputs[0], outDtype ?? inputs[0].dtype, shape, perm);
  b.addOp(type, n.name, ids, [out], attrs);
  return out;
}

export function inputsOf(b: GraphBuilder, n: OnnxNode, where: string): Array<Value | undefined> {
  return n.inputs.map((name) => (name === '' ? undefined : b.value(name, where)));
}

export function required(v: Value | undefined, what: string, where: string): Value {
  if (!v) throw new ModelFormatError('bad-value', `missing required input ${what}`, where);
  return v;
}

/** Serialises the node's scalar/list attributes as JSON for Custom op options. */
function customOptions(n: OnnxNode): Uint8Array {
  const out: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(n.attributes)) {
    if (a.type === 'tensor' || a.type === 'tensors') out[k] = '<tensor>';
    else if (a.type === 'graph' || a.type === 'graphs') out[k] = '<graph>';
    else out[k] = a.value;
  }
  return new TextEncoder().encode(JSON.stringify(out));
}

export function customCode(n: OnnxNode): string {
  return n.domain === '' ? n.opType : `${n.domain}.${n.opType}`;
}

/** Keeps a node verbatim as a Custom op; inputs/outputs in plain ONNX layout. */
export function emitCustom(b: GraphBuilder, n: OnnxNode, where: string, shapes?: Array<number[] | null>): void {
  const ins = n.inputs.map((name) => (name === '' ? '' : b.plain(b.value(name, where))));
  const first = n.inputs[0] ? b.optional(n.inputs[0]) : undefined;
  const outs = n.outputs.map((name, i) => {
    const hint = b.hints.get(name);
    const shape = shapes?.[i] ?? hint?.shape ?? null;
    return name === '' ? '' : b.output(name, hint?.dtype ?? first?.dtype ?? 'float32', shape, identity(shape?.length ?? 0));
  });
  b.customOps.push(customCode(n));
  b.addOp('Custom', n.name, ins, outs, { customCode: customCode(n), options: customOptions(n), sourceFormat: 'onnx' });
}
