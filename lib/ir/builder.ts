// Builds IR graphs by hand (tests, reference architectures): each addOp
// infers its outputs' shapes and dtypes from the op table right away.

import { ModelFormatError } from '../formats/errors';
import { encodeConstant } from './dtype';
import { requireOpDef } from './ops';
import { buildContext } from './ops/context';
import type { AttrsOf, OpType } from './attrs';
import type { AttrValue, DType, Graph, Model, Op, Quantization, SourceFormat, Tensor, TensorData } from './types';

export interface AddOpOptions {
  name?: string;
  /** Output count, for ops whose count the attrs do not fix (Custom, If, While). */
  outputs?: number;
  /** Shapes/dtypes for outputs the rules cannot derive (Custom, Quantize's integer type). */
  outputShapes?: number[][];
  outputDtypes?: DType[];
  outputQuant?: (Quantization | undefined)[];
}

export class GraphBuilder {
  private readonly graph: Graph;
  private nextTensor = 0;
  private nextOp = 0;

  constructor(name = 'main') {
    this.graph = { name, tensors: new Map(), ops: [], inputs: [], outputs: [] };
  }

  private addTensor(t: Omit<Tensor, 'id'>): string {
    const id = `t${this.nextTensor++}`;
    this.graph.tensors.set(id, { id, ...t });
    return id;
  }

  addInput(name: string, shape: number[], dtype: DType = 'float32', quant?: Quantization): string {
    const id = this.addTensor({ name, shape: [...shape], dtype, ...(quant ? { quant } : {}) });
    this.graph.inputs.push(id);
    return id;
  }

  /** A constant from numbers (encoded as `dtype`) or a ready payload. */
  addConst(name: string, shape: number[], values: ArrayLike<number> | TensorData, dtype: DType = 'float32', quant?: Quantization): string {
    const isTyped = ArrayBuffer.isView(values);
    const payload = isTyped && !(values instanceof Uint8Array && dtype !== 'uint8')
      ? { data: values as TensorData }
      : isTyped
        ? { bytes: values as Uint8Array }
        : encodeConstant(dtype, values as ArrayLike<number>);
    return this.addTensor({ name, shape: [...shape], dtype, ...payload, ...(quant ? { quant } : {}) });
  }

  /** Adds an op (attr defaults from the op table filled in) and returns its output tensor ids. */
  addOp<T extends OpType>(type: T, inputs: string[], attrs: Partial<AttrsOf<T>> = {}, opts: AddOpOptions = {}): string[] {
    const id = `op${this.nextOp++}`;
    const name = opts.name ?? `${type.toLowerCase()}_${this.nextOp}`;
    const op: Op = { id, type, name, inputs: [...inputs], outputs: [], attrs: {} };
    const def = requireOpDef(op);
    op.attrs = { ...(def.defaults ?? {}), ...attrs } as Record<string, AttrValue>;
    const count = opts.outputs ?? def.outputCount?.(op.attrs as Partial<AttrsOf<OpType>>, inputs.length) ?? 1;
    for (let k = 0; k < count; k++) {
      op.outputs.push(this.addTensor({
        name: count === 1 ? name : `${name}:${k}`,
        shape: opts.outputShapes?.[k] ?? [],
        dtype: opts.outputDtypes?.[k] ?? 'float32',
        ...(opts.outputQuant?.[k] ? { quant: opts.outputQuant[k] } : {}),
      }));
    }
    const outs = def.infer(buildContext(op, this.graph));
    if (outs.length !== count) {
      throw new ModelFormatError('bad-value', `${type} defines ${outs.length} outputs, ${count} were requested`, `op ${id}`);
    }
    outs.forEach((out, k) => {
      const t = this.graph.tensors.get(op.outputs[k]) as Tensor;
      if (out.shape && !opts.outputShapes?.[k]) t.shape = out.shape;
      if (out.dtype && !opts.outputDtypes?.[k]) t.dtype = out.dtype;
    });
    this.graph.ops.push(op);
    return op.outputs;
  }

  /** The one output of a single-output op. */
  add<T extends OpType>(type: T, inputs: string[], attrs: Partial<AttrsOf<T>> = {}, opts: AddOpOptions = {}): string {
    const outs = this.addOp(type, inputs, attrs, opts);
    if (outs.length !== 1) throw new ModelFormatError('bad-value', `${type} has ${outs.length} outputs; use addOp`);
    return outs[0];
  }

  tensor(id: string): Tensor {
    const t = this.graph.tensors.get(id);
    if (!t) throw new ModelFormatError('dangling-tensor', `no tensor ${id}`);
    return t;
  }

  markOutputs(...ids: string[]): this {
    this.graph.outputs.push(...ids);
    return this;
  }

  build(): Graph {
    return this.graph;
  }

  toModel(sourceFormat: SourceFormat = 'tflite'): Model {
    return { graphs: [this.graph], sourceFormat, metadata: {} };
  }
}
