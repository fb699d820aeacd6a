// IR graphs → TFLite subgraphs. Ops go through the shared mapping table
// (lib/formats/tflite/ir-ops.ts) read in reverse: attrs become options, and
// constant-operand attrs become the constant input tensors TFLite expects.
// A few IR forms need more than one TFLite op: explicit padding (a PAD before
// a VALID conv/pool), Clip (RELU-family or MAXIMUM/MINIMUM), fused
// activations TFLite has no code for (a separate op after).

import { ModelFormatError } from '../../formats/errors';
import {
  builtinOperatorCode,
  decodeOperatorOptions,
  defaultOptions,
  PLACEHOLDER_FOR_GREATER_OP_CODES,
  type BuiltinOperatorName,
  type BuiltinOptions,
  type TfliteBuffer,
  type TfliteOperator,
  type TfliteOperatorCode,
  type TfliteQuantization,
  type TfliteSubgraph,
  type TfliteTensor,
  type TfliteTensorType,
} from '../../formats/tflite';
import { mappingForBuiltin, mappingForIrType, type Attrs, type ExportContext, type OptionFields, type TfliteOpMapping } from '../../formats/tflite/ir-ops';
import { operandAttrs, requireOpDef } from '../ops';
import type { AttrValue, DType, Graph, Op, Tensor } from '../types';

/** Fused activations TFLite can encode; anything else is emitted as its own op. */
const FUSABLE = new Set(['none', 'relu', 'relu6', 'relu_n1_to_1', 'tanh', 'sign_bit']);
const SEPARATE_ACTIVATION: Partial<Record<string, BuiltinOperatorName>> = { sigmoid: 'LOGISTIC' };
const FLOAT_LOWEST = -3.4028234663852886e38;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Op types (Custom ones by source and code) that have no TFLite form, over all graphs. */
export function unexportableOpTypes(graphs: readonly Graph[]): string[] {
  const out = new Set<string>();
  for (const graph of graphs) {
    for (const op of graph.ops) {
      if (op.type === 'Custom') {
        const source = op.attrs.sourceFormat;
        if (source === 'tflite' || (source === 'tflite-builtin' && op.attrs.options instanceof Uint8Array)) continue;
        // ONNX Clip with tensor bounds is lowered before export (tflite-prepare.ts).
        if (source === 'onnx' && op.attrs.customCode === 'Clip') continue;
        out.add(`Custom(${String(source)}:${String(op.attrs.customCode)})`);
      } else if (op.type !== 'Clip' && !mappingForIrType(op.type)) {
        out.add(op.type);
      }
    }
  }
  return [...out].sort();
}

/** Buffers and operator codes shared by every subgraph of one file. */
export class ModelTables {
  readonly buffers: TfliteBuffer[] = [{ data: new Uint8Array(0), external: null }];
  readonly operatorCodes: TfliteOperatorCode[] = [];
  private readonly codeIndex = new Map<string, number>();

  addBuffer(data: Uint8Array): number {
    // A constant with zero elements (e.g. RESHAPE's shape [] for a scalar) must be an empty data
    // vector, not an absent one: the official runtime treats the two differently.
    this.buffers.push(data.length ? { data, external: null } : { data, external: null, emptyDataVector: true });
    return this.buffers.length - 1;
  }

  opcode(builtin: BuiltinOperatorName, customCode: string | null = null): number {
    const key = `${builtin}:${customCode ?? ''}`;
    let index = this.codeIndex.get(key);
    if (index === undefined) {
      const code = builtinOperatorCode(builtin);
      // Version 1: every kernel registers it, and our options use no later feature.
      this.operatorCodes.push({ deprecatedBuiltinCode: Math.min(code, PLACEHOLDER_FOR_GREATER_OP_CODES), customCode, version: 1, builtinCode: code });
      index = this.operatorCodes.length - 1;
      this.codeIndex.set(key, index);
    }
    return index;
  }
}

const tfliteType = (d: DType): TfliteTensorType => d.toUpperCase() as TfliteTensorType;

function bytesOf(t: Tensor): Uint8Array | null {
  if (t.bytes) return t.bytes.slice();
  if (t.data) return new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
  return null;
}

function quantizationOf(t: Tensor): TfliteQuantization | null {
  const q = t.quant;
  if (!q) return null;
  return {
    min: q.min ?? [], max: q.max ?? [], scale: [...q.scale], zeroPoint: q.zeroPoint.map((z) => BigInt(z)),
    custom: null, quantizedDimension: q.axis ?? 0,
  };
}

const nums = (v: AttrValue | undefined): number[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null);

/** PAD pads with zeros only: other values need PADV2, reflect/symmetric modes MIRROR_PAD (import-only entries of the same table). */
function padMapping(op: Op): TfliteOpMapping | undefined {
  if (op.attrs.mode === 'reflect' || op.attrs.mode === 'symmetric') return mappingForBuiltin('MIRROR_PAD');
  const value = op.attrs.value;
  return typeof value === 'number' && !Object.is(value, 0) ? mappingForBuiltin('PADV2') : mappingForIrType('Pad');
}

/** The [top, bottom, left, right] TF's SAME padding would use, or null when a dim is unknown. */
function samePads(inHW: number[], filter: number[], strides: number[], dilations: number[]): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < 2; i++) {
    if (inHW[i] < 0) return null;
    const effective = (filter[i] - 1) * dilations[i] + 1;
    const total = Math.max((Math.ceil(inHW[i] / strides[i]) - 1) * strides[i] + effective - inHW[i], 0);
    out.push(Math.floor(total / 2), total - Math.floor(total / 2));
  }
  return out;
}

export class SubgraphEmitter {
  private readonly tensors: TfliteTensor[] = [];
  private readonly operators: TfliteOperator[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly usedNames = new Set<string>();
  /** IR op types that have no TFLite form, collected for one error. */
  readonly unsupported = new Set<string>();

  constructor(private readonly graph: Graph, private readonly tables: ModelTables, private readonly graphIndex: number) {}

  emit(): TfliteSubgraph {
    // Graph inputs and outputs first, so their names stay as in the IR.
    const inputs = this.graph.inputs.map((id) => this.tensorIndex(id));
    const outputs = this.graph.outputs.map((id) => this.tensorIndex(id));
    for (const op of this.graph.ops) this.emitOp(op);
    return { tensors: this.tensors, inputs, outputs, operators: this.operators, name: this.graph.name || null };
  }

  private where(op: Op): string {
    return `graph ${this.graphIndex} / op ${op.id} (${op.type} "${op.name}")`;
  }

  private uniqueName(name: string): string {
    let candidate = name;
    for (let k = 1; this.usedNames.has(candidate); k++) candidate = `${name}_${k}`;
    this.usedNames.add(candidate);
    return candidate;
  }

  private pushTensor(t: Omit<TfliteTensor, 'isVariable' | 'sparsity' | 'hasRank' | 'variantTensors' | 'name'> & { name: string }): number {
    this.tensors.push({ ...t, name: this.uniqueName(t.name), isVariable: false, sparsity: null, hasRank: true, variantTensors: [] });
    return this.tensors.length - 1;
  }

  tensorIndex(id: string): number {
    if (id === '') return -1;
    const known = this.indexById.get(id);
    if (known !== undefined) return known;
    const t = this.graph.tensors.get(id);
    if (!t) throw new ModelFormatError('dangling-tensor', `tensor ${id} does not exist`, `graph ${this.graphIndex}`);
    const data = bytesOf(t);
    // An unknown batch dim is written as 1 with -1 in shape_signature, as the TFLite converter does.
    const dynamic = t.shape.some((d) => d < 0);
    const index = this.pushTensor({
      shape: t.shape.map((d) => (d < 0 ? 1 : d)),
      shapeSignature: dynamic ? [...t.shape] : null,
      type: tfliteType(t.dtype),
      // Buffer 0 means "no data" (a computed tensor); an empty constant gets its own empty buffer.
      buffer: data ? this.tables.addBuffer(data) : 0,
      name: t.name || t.id,
      quantization: quantizationOf(t),
    });
    this.indexById.set(id, index);
    return index;
  }

  private constant(name: string, type: 'INT32' | 'FLOAT32', shape: number[], values: number[]): number {
    const data = type === 'INT32'
      ? Int32Array.from(values, (v) => Math.min(INT32_MAX, Math.max(INT32_MIN, Math.trunc(v))))
      : Float32Array.from(values);
    return this.pushTensor({ shape, shapeSignature: null, type, buffer: this.tables.addBuffer(new Uint8Array(data.buffer)), name, quantization: null });
  }

  /** A fresh intermediate tensor shaped like an IR tensor (or given a shape). */
  private temp(like: string, suffix: string, shape?: number[]): number {
    const t = this.graph.tensors.get(like);
    const dims = shape ?? t?.shape ?? [];
    return this.pushTensor({
      shape: dims.map((d) => (d < 0 ? 1 : d)), shapeSignature: dims.some((d) => d < 0) ? [...dims] : null,
      type: tfliteType(t?.dtype ?? 'float32'), buffer: 0, name: `${t?.name ?? like}/${suffix}`, quantization: quantizationOf(t ?? { id: '', name: '', shape: [], dtype: 'float32' }),
    });
  }

  private operator(builtin: BuiltinOperatorName, inputs: number[], outputs: number[], options: BuiltinOptions | null, custom?: { code: string; options: Uint8Array | null }): void {
    // Trailing omitted optional inputs are dropped: kernels count inputs to find them.
    const ins = [...inputs];
    while (ins.length && ins[ins.length - 1] === -1) ins.pop();
    this.operators.push({
      opcodeIndex: this.tables.opcode(builtin, custom ? custom.code : null),
      inputs: ins, outputs, builtinOptions: options, builtinOptions2: null,
      customOptions: custom?.options ?? null, customOptionsFormat: 0, customOptionsExternal: false,
      mutatingVariableInputs: [], intermediates: [],
    });
  }

  private options(mapping: TfliteOpMapping, attrs: Attrs, op: Op): BuiltinOptions | null {
    if (!mapping.optionsTable) return null;
    const dtype = (id: string | undefined): DType | null => (id ? (this.graph.tensors.get(id)?.dtype ?? null) : null);
    const ctx: ExportContext = { inputCount: op.inputs.length, inputDtype: (i) => dtype(op.inputs[i]), outputDtype: (i) => dtype(op.outputs[i]) };
    const fields: OptionFields = mapping.options(attrs, ctx);
    return { ...defaultOptions(mapping.optionsTable), ...fields } as BuiltinOptions;
  }

  private emitOp(op: Op): void {
    if (op.type === 'Custom') return this.emitCustom(op);
    if (op.type === 'Clip') return this.emitClip(op);
    const mapping = op.type === 'Pad' ? padMapping(op) : mappingForIrType(op.type);
    if (!mapping) {
      this.unsupported.add(op.type);
      return;
    }
    let attrs: Attrs = { ...op.attrs };
    let inputs = op.inputs.map((id) => this.tensorIndex(id));
    const outputs = op.outputs.map((id) => this.tensorIndex(id));
    const def = requireOpDef(op);

    if (Array.isArray(attrs.padding)) {
      const resolved = this.resolvePadding(op, attrs, inputs);
      if (!resolved) return;
      ({ attrs, inputs } = resolved);
    }
    if (op.type === 'Reshape') {
      // A static output shape is the most direct new_shape (ONNX's 0 = "copy" needs no help then).
      const out = this.graph.tensors.get(op.outputs[0]);
      if (out && out.shape.every((d) => d >= 0)) attrs.newShape = [...out.shape];
    }
    if (op.type === 'Softmax' || op.type === 'LogSoftmax') {
      const rank = this.graph.tensors.get(op.inputs[0])?.shape.length ?? 0;
      if (attrs.axis !== rank - 1 && attrs.axis !== -1) throw new ModelFormatError('unsupported', `TFLite ${op.type} runs over the last axis only; this one uses axis ${String(attrs.axis)} of rank ${rank}`, this.where(op));
    }

    // Data inputs and operand tensors, placed at their TFLite positions.
    const operandSpecs = mapping.operands ?? [];
    const names = operandAttrs(op.type);
    const start = def.operandStart ?? op.inputs.length;
    const dataCount = Math.min(inputs.length, names.length ? start : inputs.length);
    const operandPositions = new Set(operandSpecs.map((s) => s.input));
    const dataPositions = mapping.dataInputs ?? [];
    if (!mapping.dataInputs) for (let p = 0; dataPositions.length < dataCount; p++) if (!operandPositions.has(p)) dataPositions.push(p);
    const slots: number[] = [];
    const put = (pos: number, index: number) => {
      while (slots.length <= pos) slots.push(-1);
      slots[pos] = index;
    };
    for (let k = 0; k < dataCount; k++) if (dataPositions[k] !== undefined) put(dataPositions[k], inputs[k]);
    for (const spec of operandSpecs) {
      const value = attrs[spec.attr];
      const carried = names.indexOf(spec.attr);
      const fromInput = carried >= 0 && start + carried < op.inputs.length && op.inputs[start + carried] !== '' ? inputs[start + carried] : -1;
      if (fromInput >= 0) {
        put(spec.input, fromInput);
      } else if (typeof value === 'number' || nums(value)) {
        put(spec.input, this.operandTensor(op, spec.attr, value as number | number[], spec.scalar === true));
      } else {
        throw new ModelFormatError('bad-value', `operand ${spec.attr} is neither an attr nor an input`, this.where(op));
      }
    }

    if ((op.type === 'Conv2D' || op.type === 'DepthwiseConv2D') && (slots[2] ?? -1) === -1) put(2, this.zeroBias(op));

    const activation = typeof attrs.activation === 'string' ? attrs.activation : 'none';
    if (!FUSABLE.has(activation)) {
      const separate = SEPARATE_ACTIVATION[activation];
      if (!separate) throw new ModelFormatError('unsupported', `fused activation ${activation} has no TFLite form`, this.where(op));
      const mid = this.temp(op.outputs[0], 'pre_activation');
      this.operator(mapping.builtin, slots, [mid, ...outputs.slice(1)], this.options(mapping, { ...attrs, activation: 'none' }, op));
      this.operator(separate, [mid], [outputs[0]], null);
      return;
    }
    this.operator(mapping.builtin, slots, outputs, this.options(mapping, attrs, op));
  }

  /** This runtime's CONV_2D and DEPTHWISE_CONV_2D insist on a bias; zeros change nothing. */
  private zeroBias(op: Op): number {
    const filter = this.graph.tensors.get(op.inputs[1] ?? '');
    const channels = filter?.shape.at(op.type === 'Conv2D' ? 0 : -1) ?? 0;
    if (!(channels > 0)) throw new ModelFormatError('bad-shape', 'the filter\'s output channels are unknown', this.where(op));
    return this.constant(`${op.name}/zero_bias`, 'FLOAT32', [channels], new Array<number>(channels).fill(0));
  }

  private operandTensor(op: Op, attr: string, value: number | number[], scalar: boolean): number {
    const values = typeof value === 'number' ? [value] : value;
    const name = `${op.name}/${attr}`;
    // NonMaxSuppression's thresholds and a float tensor's pad value are floats; every other operand is an int32 list.
    const inputDtype = this.graph.tensors.get(op.inputs[0])?.dtype;
    // An int8/uint8 tensor's pad value is an integer of the output's type and parameters (pad.cc).
    if (op.type === 'Pad' && attr === 'value' && (inputDtype === 'int8' || inputDtype === 'uint8')) return this.quantizedPadValue(name, op.outputs[0], values[0]);
    const isFloat = (op.type === 'NonMaxSuppression' && attr !== 'maxOutputSize') || (attr === 'value' && inputDtype === 'float32');
    // Pad's pads are [before, after] pairs per dim: a [rank, 2] tensor.
    const shape = scalar ? [] : attr === 'pads' ? [values.length / 2, 2] : [values.length];
    return this.constant(name, isFloat ? 'FLOAT32' : 'INT32', shape, values);
  }

  /**
   * PADV2's constant_values for a quantized tensor: a scalar of its integer
   * type with its scale and zero point (pad.cc refuses anything else), the
   * real `value` rounded and clamped, so −∞ or the lowest float becomes the
   * lowest integer.
   */
  private quantizedPadValue(name: string, like: string, value: number): number {
    const t = this.graph.tensors.get(like);
    const q = t?.quant;
    if (!t || !q || q.scale.length !== 1 || (t.dtype !== 'int8' && t.dtype !== 'uint8')) {
      throw new ModelFormatError('bad-value', `the padded tensor ${like} is not a per-tensor quantized int8/uint8 tensor`);
    }
    const [lo, hi] = t.dtype === 'int8' ? [-128, 127] : [0, 255];
    const level = Math.min(hi, Math.max(lo, Math.round(value / q.scale[0]) + q.zeroPoint[0]));
    const data = t.dtype === 'int8' ? Int8Array.of(level) : Uint8Array.of(level);
    return this.pushTensor({
      shape: [], shapeSignature: null, type: t.dtype === 'int8' ? 'INT8' : 'UINT8', buffer: this.tables.addBuffer(new Uint8Array(data.buffer)), name,
      quantization: { min: [], max: [], scale: [q.scale[0]], zeroPoint: [BigInt(q.zeroPoint[0])], custom: null, quantizedDimension: 0 },
    });
  }

  /**
   * Explicit [top, bottom, left, right] pads: SAME when they match TF's rule,
   * else a PAD (conv: zeros, max-pool: lowest value) in front of a VALID op.
   * Transposed convs crop instead: a VALID transposed conv then a SLICE.
   */
  private resolvePadding(op: Op, attrs: Attrs, inputs: number[]): { attrs: Attrs; inputs: number[] } | null {
    const pads = nums(attrs.padding) ?? [];
    const x = this.graph.tensors.get(op.inputs[0]);
    const filterT = this.graph.tensors.get(op.inputs[1] ?? '');
    if (!x) return null;
    if (pads.every((p) => p === 0)) return { attrs: { ...attrs, padding: 'valid' }, inputs };
    if (op.type === 'TransposeConv2D') {
      this.emitCroppedTransposeConv(op, attrs, pads, inputs);
      return null;
    }
    const strides = nums(attrs.strides) ?? [1, 1];
    const dilations = nums(attrs.dilations) ?? [1, 1];
    const filter = nums(attrs.filter) ?? (filterT ? [filterT.shape[1], filterT.shape[2]] : [1, 1]);
    const same = samePads([x.shape[1], x.shape[2]], filter, strides, dilations);
    if (same && same.every((p, i) => p === pads[i])) return { attrs: { ...attrs, padding: 'same' }, inputs };
    if (op.type === 'AveragePool2D') {
      throw new ModelFormatError('unsupported', `average pooling with explicit pads [${pads}] (not SAME) has no TFLite form`, this.where(op));
    }
    const [t, b, l, r] = pads;
    const padded = this.temp(op.inputs[0], 'padded', [x.shape[0], x.shape[1] + t + b, x.shape[2] + l + r, x.shape[3]]);
    const padsTensor = this.constant(`${op.name}/pads`, 'INT32', [4, 2], [0, 0, t, b, l, r, 0, 0]);
    if (op.type === 'MaxPool2D') {
      // The lowest value never wins the max: the lowest float, or the lowest integer at the input's parameters.
      const quantized = x.dtype === 'int8' || x.dtype === 'uint8';
      const value = quantized ? this.quantizedPadValue(`${op.name}/pad_value`, op.inputs[0], -Infinity) : this.constant(`${op.name}/pad_value`, 'FLOAT32', [], [FLOAT_LOWEST]);
      this.operator('PADV2', [inputs[0], padsTensor, value], [padded], { ...defaultOptions('PadV2Options') } as BuiltinOptions);
    } else {
      this.operator('PAD', [inputs[0], padsTensor], [padded], { ...defaultOptions('PadOptions') } as BuiltinOptions);
    }
    return { attrs: { ...attrs, padding: 'valid' }, inputs: [padded, ...inputs.slice(1)] };
  }

  private emitCroppedTransposeConv(op: Op, attrs: Attrs, pads: number[], inputs: number[]): void {
    const x = this.graph.tensors.get(op.inputs[0]);
    const w = this.graph.tensors.get(op.inputs[1] ?? '');
    const outShape = this.graph.tensors.get(op.outputs[0])?.shape;
    const strides = nums(attrs.strides) ?? [1, 1];
    if (!x || !w || !outShape) throw new ModelFormatError('bad-shape', 'transposed conv needs known input, filter and output shapes', this.where(op));
    const full = [x.shape[0], (x.shape[1] - 1) * strides[0] + w.shape[1], (x.shape[2] - 1) * strides[1] + w.shape[2], w.shape[0]];
    const wide = this.temp(op.outputs[0], 'uncropped', full);
    const mapping = mappingForIrType('TransposeConv2D');
    if (!mapping) throw new Error('TransposeConv2D has no mapping');
    const shapeT = this.constant(`${op.name}/output_shape`, 'INT32', [4], full);
    // Activation is elementwise, so fusing it before the crop gives the same values.
    this.operator('TRANSPOSE_CONV', [shapeT, inputs[1], inputs[0], inputs[2] ?? -1], [wide], this.options(mapping, { ...attrs, padding: 'valid' }, op));
    const begin = this.constant(`${op.name}/crop_begin`, 'INT32', [4], [0, pads[0], pads[2], 0]);
    const size = this.constant(`${op.name}/crop_size`, 'INT32', [4], outShape);
    this.operator('SLICE', [wide, begin, size], [this.tensorIndex(op.outputs[0])], { ...defaultOptions('SliceOptions') } as BuiltinOptions);
  }

  /** Clip as the RELU op with the same bounds when there is one, else MAXIMUM then MINIMUM. */
  private emitClip(op: Op): void {
    const lo = typeof op.attrs.min === 'number' ? op.attrs.min : -Infinity;
    const hi = typeof op.attrs.max === 'number' ? op.attrs.max : Infinity;
    const x = this.tensorIndex(op.inputs[0]);
    const y = this.tensorIndex(op.outputs[0]);
    const relu: BuiltinOperatorName | null = lo === 0 && hi === Infinity ? 'RELU' : lo === 0 && hi === 6 ? 'RELU6' : lo === -1 && hi === 1 ? 'RELU_N1_TO_1' : null;
    if (relu) return this.operator(relu, [x], [y], null);
    const steps: [BuiltinOperatorName, number][] = [];
    if (lo > -Infinity) steps.push(['MAXIMUM', lo]);
    if (hi < Infinity) steps.push(['MINIMUM', hi]);
    if (steps.length === 0) {
      // No bounds: an identity; RESHAPE to the same shape is TFLite's cheapest copy.
      const shape = this.constant(`${op.name}/shape`, 'INT32', [this.tensors[x].shape.length], this.tensors[x].shape);
      return this.operator('RESHAPE', [x, shape], [y], { ...defaultOptions('ReshapeOptions'), new_shape: this.tensors[x].shape } as BuiltinOptions);
    }
    let current = x;
    steps.forEach(([builtin, bound], k) => {
      const target = k === steps.length - 1 ? y : this.temp(op.outputs[0], builtin.toLowerCase());
      const c = this.constant(`${op.name}/${builtin.toLowerCase()}_bound`, 'FLOAT32', [], [bound]);
      this.operator(builtin, [current, c], [target], null);
      current = target;
    });
  }

  /** TFLite customs keep code and options; kept builtins decode their options; other sources cannot go. */
  private emitCustom(op: Op): void {
    const code = typeof op.attrs.customCode === 'string' ? op.attrs.customCode : '';
    const source = op.attrs.sourceFormat;
    const options = op.attrs.options instanceof Uint8Array ? op.attrs.options : null;
    const inputs = op.inputs.map((id) => this.tensorIndex(id));
    const outputs = op.outputs.map((id) => this.tensorIndex(id));
    if (source === 'tflite') {
      this.operator('CUSTOM', inputs, outputs, null, { code, options: options ? options.slice() : null });
    } else if (source === 'tflite-builtin' && options) {
      let builtin: BuiltinOperatorName;
      try {
        builtinOperatorCode(code as BuiltinOperatorName);
        builtin = code as BuiltinOperatorName;
      } catch {
        this.unsupported.add(`Custom(${code})`);
        return;
      }
      const decoded = decodeOperatorOptions(options);
      this.operators.push({
        opcodeIndex: this.tables.opcode(builtin), inputs, outputs,
        builtinOptions: decoded.builtinOptions, builtinOptions2: decoded.builtinOptions2,
        customOptions: decoded.customOptions, customOptionsFormat: decoded.customOptionsFormat, customOptionsExternal: false,
        mutatingVariableInputs: [], intermediates: [],
      });
    } else {
      this.unsupported.add(`Custom(${typeof source === 'string' ? source : '?'}:${code})`);
    }
  }
}
