// Mutable state of one TF.js → IR import: the tensors and ops emitted so far,
// Identity aliases, and lookups of constant operands.

import type { AttrValue, DType, Op, Tensor, TensorData } from '../../../ir/types';
import { ModelFormatError } from '../../errors';
import { irDTypeOf } from '../dtype';
import type { TfInputRef, TfjsModel, TfjsNode } from '../types';
import { permuteData, permuteShape } from './permute';

/**
 * Shape recorded for tensors whose shape the importer does not infer. Rank is
 * unknown too; lib/ir/infer.ts reads a declared [] on a produced tensor as
 * "rank unknown" and fills it in.
 */
export const UNKNOWN_SHAPE: readonly number[] = Object.freeze([]);

/** TF output (node, index) → IR tensor id. Output 0 keeps the bare node name. */
export function tensorIdOf(node: string, index: number): string {
  return index === 0 ? node : `${node}:${index}`;
}

export class ImportContext {
  readonly tensors = new Map<string, Tensor>();
  readonly ops: Op[] = [];
  /** Tensors whose shape is real (constants, graph inputs), not UNKNOWN_SHAPE. */
  private readonly knownShapes = new Set<string>();
  private readonly aliases = new Map<string, string>();
  private readonly derived = new Map<string, string>();
  private readonly opIds = new Set<string>();

  constructor(readonly model: TfjsModel) {}

  // ---- tensor ids -----------------------------------------------------------

  /** IR tensor id of a node's data input, following Identity aliases. */
  input(ref: TfInputRef): string {
    return this.resolve(tensorIdOf(ref.node, ref.index));
  }

  resolve(id: string): string {
    let cur = id;
    for (let hops = 0; hops < 1_000_000; hops++) {
      const next = this.aliases.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    throw new ModelFormatError('cycle', `Identity alias chain does not end at "${id}"`);
  }

  alias(from: string, to: string): void {
    this.aliases.set(from, this.resolve(to));
  }

  freshId(base: string): string {
    let id = base;
    for (let i = 1; this.tensors.has(id) || this.aliases.has(id); i++) id = `${base}_${i}`;
    return id;
  }

  // ---- tensors --------------------------------------------------------------

  declareTensor(id: string, dtype: DType, shape: readonly number[] = UNKNOWN_SHAPE, known = false): string {
    if (!this.tensors.has(id)) this.tensors.set(id, { id, name: id, shape: [...shape], dtype });
    if (known) this.knownShapes.add(id);
    return id;
  }

  addConstant(id: string, dtype: DType, shape: number[], data: TensorData | undefined, bytes?: Uint8Array): string {
    const t: Tensor = { id, name: id, shape: [...shape], dtype };
    if (data) t.data = data;
    if (bytes) t.bytes = bytes;
    this.tensors.set(id, t);
    this.knownShapes.add(id);
    return id;
  }

  /** A new scalar-or-vector constant with a unique id derived from `base`. */
  newConstant(base: string, dtype: 'float32' | 'int32', values: number[], shape: number[] = [values.length]): string {
    const data = dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
    return this.addConstant(this.freshId(base), dtype, shape, data);
  }

  tensor(id: string): Tensor | undefined {
    return this.tensors.get(id);
  }

  knownShape(id: string): number[] | undefined {
    const t = this.tensors.get(id);
    return t && this.knownShapes.has(id) ? t.shape : undefined;
  }

  isConstant(id: string): boolean {
    const t = this.tensors.get(id);
    return t !== undefined && (t.data !== undefined || t.bytes !== undefined);
  }

  /** Numeric values of a constant integer/float tensor, or undefined if not constant. */
  constValues(id: string): number[] | undefined {
    const d = this.tensors.get(id)?.data;
    if (d === undefined || d instanceof BigInt64Array || d instanceof BigUint64Array) return undefined;
    return Array.from(d);
  }

  constInts(id: string): number[] | undefined {
    const v = this.constValues(id);
    return v && v.every((x) => Number.isInteger(x)) ? v : undefined;
  }

  constScalar(id: string): number | undefined {
    const v = this.constValues(id);
    return v && v.length === 1 ? v[0] : undefined;
  }

  /** A constant rewritten into a new layout, cached so shared weights are converted once. */
  permutedConstant(id: string, perm: number[], suffix: string): string {
    const key = `${id}|${suffix}`;
    const hit = this.derived.get(key);
    if (hit) return hit;
    const t = this.tensors.get(id);
    const data = t?.data;
    if (!t || !data || data instanceof BigInt64Array || data instanceof BigUint64Array || t.shape.length !== perm.length) {
      throw new ModelFormatError('bad-value', `cannot re-layout tensor "${id}"`);
    }
    const out = this.addConstant(this.freshId(`${id}/${suffix}`), t.dtype, permuteShape(t.shape, perm), permuteData(data, t.shape, perm));
    this.derived.set(key, out);
    return out;
  }

  /** Same data, new shape (layouts that differ only in how dims are grouped). */
  reshapedConstant(id: string, shape: number[], suffix: string): string {
    const key = `${id}|${suffix}`;
    const hit = this.derived.get(key);
    if (hit) return hit;
    const t = this.tensors.get(id);
    if (!t) throw new ModelFormatError('bad-value', `cannot reshape tensor "${id}"`);
    const out = this.addConstant(this.freshId(`${id}/${suffix}`), t.dtype, shape, t.data, t.bytes);
    this.derived.set(key, out);
    return out;
  }

  // ---- ops -------------------------------------------------------------------

  addOp(type: string, name: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue>): void {
    let id = name;
    for (let i = 1; this.opIds.has(id); i++) id = `${name}_${i}`;
    this.opIds.add(id);
    this.ops.push({ id, type, name, inputs, outputs, attrs });
  }

  /** IR dtype of a TF node's output, from its type attrs. */
  outputDType(node: TfjsNode, index: number): DType {
    return outputDTypeOf(node, index);
  }
}

function typeAttr(node: TfjsNode, key: string): DType | undefined {
  const a = node.attrs[key];
  return a?.kind === 'type' ? irDTypeOf(a.value) : undefined;
}

const BOOL_OPS = new Set(['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot', 'IsNan', 'IsInf', 'IsFinite']);

export function outputDTypeOf(node: TfjsNode, index: number): DType {
  switch (node.op) {
    case 'Cast':
      return typeAttr(node, 'DstT') ?? 'float32';
    case 'Shape':
    case 'Size':
      return typeAttr(node, 'out_type') ?? 'int32';
    case 'ArgMax':
    case 'ArgMin':
      return typeAttr(node, 'output_type') ?? 'int64';
    case 'TopKV2':
      return index === 1 ? 'int32' : (typeAttr(node, 'T') ?? 'float32');
    case 'NonMaxSuppressionV3':
    case 'NonMaxSuppressionV4':
    case 'NonMaxSuppressionV5':
      return index === 1 && node.op === 'NonMaxSuppressionV5' ? (typeAttr(node, 'T') ?? 'float32') : 'int32';
    case 'Where':
      return 'int64';
    case 'Range':
      return typeAttr(node, 'Tidx') ?? 'int32';
    case 'Fill':
    case 'OneHot':
      return typeAttr(node, 'T') ?? 'float32';
  }
  if (BOOL_OPS.has(node.op)) return 'bool';
  return typeAttr(node, 'T') ?? typeAttr(node, 'dtype') ?? typeAttr(node, 'Tparams') ?? 'float32';
}
