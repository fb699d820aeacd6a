// Builds one IR graph from one ONNX graph: keeps the ONNX-name → IR-value map
// with each value's layout, creates IR tensors and ops, and inserts a
// Transpose only where a consumer needs a layout the producer did not give.
import type { AttrValue, DType, Graph, Model, Op, Tensor } from '../../../ir/types';
import { ModelFormatError } from '../../errors';
import type { HostTensor } from './host';
import { irDType } from './host';
import { identity, isIdentity, permute, samePerm, transposeBetween } from './layout';
import { permuteHost } from './host';

export interface Value {
  /** IR tensor id; created lazily for constants that only feed host folding. */
  id?: string;
  /** IR = transpose(onnx, perm). */
  perm: number[];
  /** ONNX-order dims, -1 unknown; null when even the rank is unknown. */
  shape: number[] | null;
  dtype: DType;
  /** Known value in ONNX layout. */
  host?: HostTensor;
  name: string;
}

export interface ImportOptions {
  /** ONNX default-domain opset version. */
  opset: number;
}

export class GraphBuilder {
  readonly graph: Graph;
  private readonly values = new Map<string, Value>();
  private readonly layoutCache = new Map<string, string>();
  private nextId = 0;
  /** Op types we could not map, for reporting. */
  readonly customOps: string[] = [];

  constructor(readonly model: Model, name: string, readonly opset: number) {
    this.graph = { name, tensors: new Map(), ops: [], inputs: [], outputs: [] };
  }

  dtypeOf(code: number, where: string): DType {
    return irDType(code, where);
  }

  /** Shapes/dtypes from value_info, used when an op's own rule cannot tell. */
  readonly hints = new Map<string, { dtype: DType; shape: number[] | null }>();

  uid(prefix: string): string {
    return `${prefix}${this.nextId++}`;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  value(name: string, where: string): Value {
    const v = this.values.get(name);
    if (!v) throw new ModelFormatError('dangling-tensor', `value '${name}' is not defined`, where);
    return v;
  }

  optional(name: string | undefined): Value | undefined {
    return name ? this.values.get(name) : undefined;
  }

  define(name: string, v: Value): void {
    if (name !== '') this.values.set(name, v);
  }

  /** Adds an IR tensor for a value held in `perm`. */
  addTensor(name: string, dtype: DType, onnxShape: number[] | null, perm: number[], host?: HostTensor): string {
    const id = this.uid('t');
    const shape = onnxShape ? permute(onnxShape, perm) : [];
    const t: Tensor = { id, name, shape, dtype };
    if (host) {
      const held = isIdentity(perm) ? host : permuteHost(host, perm);
      if (held.data) t.data = held.data;
      if (held.bytes) t.bytes = held.bytes;
    }
    this.graph.tensors.set(id, t);
    return id;
  }

  addOp(type: string, name: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue>): Op {
    const op: Op = { id: this.uid('op'), type, name, inputs, outputs, attrs };
    this.graph.ops.push(op);
    return op;
  }

  /** A new non-constant value produced in `perm`; returns its IR tensor id. */
  output(name: string, dtype: DType, shape: number[] | null, perm: number[]): string {
    const id = this.addTensor(name, dtype, shape, perm);
    this.define(name, { id, perm, shape, dtype, name });
    return id;
  }

  /** A constant value known on the host (no IR tensor until used). */
  constant(name: string, host: HostTensor): Value {
    const v: Value = { perm: identity(host.dims.length), shape: host.dims, dtype: host.dtype, host, name };
    this.define(name, v);
    return v;
  }

  /** Makes the IR tensor id for `v` held in `perm`, inserting a Transpose or permuting constant data. */
  tensorIn(v: Value, perm: number[]): string {
    if (v.host) {
      const key = `${v.name}|const|${perm.join(',')}`;
      let id = this.layoutCache.get(key);
      if (!id) {
        id = this.addTensor(v.name, v.dtype, v.host.dims, perm, v.host);
        this.layoutCache.set(key, id);
      }
      return id;
    }
    if (!v.id) throw new ModelFormatError('dangling-tensor', `value '${v.name}' has no tensor`);
    if (samePerm(v.perm, perm) || v.shape === null) return v.id;
    const key = `${v.id}|${perm.join(',')}`;
    const cached = this.layoutCache.get(key);
    if (cached) return cached;
    const id = this.addTensor(v.name, v.dtype, v.shape, perm);
    this.addOp('Transpose', `${v.name}/to_layout`, [v.id], [id], { perm: transposeBetween(v.perm, perm) });
    this.layoutCache.set(key, id);
    return id;
  }

  /** IR tensor id of `v` in plain ONNX layout. */
  plain(v: Value): string {
    return this.tensorIn(v, identity(v.shape?.length ?? v.perm.length));
  }

  /** Small IR constant (e.g. an operand for shape math). */
  constTensor(name: string, host: HostTensor): string {
    return this.addTensor(name, host.dtype, host.dims, identity(host.dims.length), host);
  }
}

