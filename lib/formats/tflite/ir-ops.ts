// The one mapping between TFLite builtin operators and IR op types, used by the
// importer (tflite → IR) and, read in reverse, by the exporter. Each entry says
// which TFLite inputs are data inputs, which are constant operands that become
// attrs (lib/ir/attrs.ts), how options become attrs (`attrs`) and how attrs
// become options again (`options`). An entry whose `attrs` returns null means
// "these options have no IR equivalent": the op is then kept as Custom.

import type { AttrValue, DType } from '../../ir/types';
import type { Activation, OpType, Padding } from '../../ir/attrs';
import type { BuiltinOperatorName } from './schema';
import { ACTIVATIONS, PADDINGS, TENSOR_TYPES } from './schema';
import type { OptionTableName } from './option-tables';

export type Attrs = Record<string, AttrValue>;
/** Decoded option fields (option-tables.ts), or {} for ops without options. */
export type OptionFields = Record<string, unknown>;

export interface OperandSpec {
  /** TFLite input position holding the operand. */
  input: number;
  attr: string;
  /** One value (axis, k, pad value) rather than a list. */
  scalar?: boolean;
  /**
   * How to turn the raw values into the attr: 'axes' normalises negative axes
   * by the rank of data input 0, 'axis+1' by that rank + 1 (ExpandDims).
   */
  normalize?: 'axes' | 'axis+1';
}

export interface AttrContext {
  /** Shape of TFLite input i (null when absent or unknown rank). */
  inputShape(i: number): number[] | null;
  outputShape(i: number): number[] | null;
  outputDtype(i: number): DType | null;
}

/** What an exported op's options may need beyond its attrs. */
export interface ExportContext {
  inputCount: number;
  inputDtype(i: number): DType | null;
  outputDtype(i: number): DType | null;
}

export interface TfliteOpMapping {
  builtin: BuiltinOperatorName;
  ir: OpType;
  /** Option table the op carries (null: none). */
  optionsTable: OptionTableName | null;
  /** TFLite input positions that become the IR inputs, in IR order (default: all non-operand inputs). */
  dataInputs?: number[];
  operands?: OperandSpec[];
  /** Options (+ resolved operand attrs) → IR attrs; null when not representable. */
  attrs(o: OptionFields, ctx: AttrContext, operands: Attrs): Attrs | null;
  /** IR attrs → option fields, for export (ctx gives what the attrs leave implicit, e.g. PACK's input count). */
  options(attrs: Attrs, ctx: ExportContext): OptionFields;
  /** Several builtins map to one IR type; the exporter uses the entry without this flag. */
  importOnly?: boolean;
}

// ---- option field helpers ---------------------------------------------------
const num = (o: OptionFields, k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : 0);
const flag = (o: OptionFields, k: string): boolean => o[k] === true;
const attrNum = (a: Attrs, k: string): number => (typeof a[k] === 'number' ? (a[k] as number) : 0);
const attrNums = (a: Attrs, k: string): number[] => (Array.isArray(a[k]) ? (a[k] as unknown[]).map(Number) : []);

const IR_ACTIVATIONS: Record<(typeof ACTIVATIONS)[number], Activation> = {
  NONE: 'none', RELU: 'relu', RELU_N1_TO_1: 'relu_n1_to_1', RELU6: 'relu6', TANH: 'tanh', SIGN_BIT: 'sign_bit',
};

export function activationOf(o: OptionFields): Activation | null {
  const name = ACTIVATIONS[num(o, 'fused_activation_function')];
  return name === undefined ? null : IR_ACTIVATIONS[name];
}

export function activationCode(a: AttrValue): number {
  const i = Object.values(IR_ACTIVATIONS).indexOf(a as Activation);
  return i < 0 ? 0 : i;
}

function paddingOf(o: OptionFields): Padding | null {
  const p = PADDINGS[num(o, 'padding')];
  return p === 'SAME' ? 'same' : p === 'VALID' ? 'valid' : null;
}

function paddingCode(p: AttrValue): number {
  return p === 'valid' ? 1 : 0;
}

const TYPE_CODES: Partial<Record<string, number>> = { int32: 2, int64: 4 };

/** TensorType wire code of an IR dtype (FLOAT32 = 0 when unknown). */
function typeCode(d: DType | null): number {
  const i = d === null ? -1 : (TENSOR_TYPES as readonly string[]).indexOf(d.toUpperCase());
  return i < 0 ? 0 : i;
}

/** Builds attrs only when every value is known (activation/padding codes can be out of range). */
function known(attrs: Record<string, AttrValue | null>): Attrs | null {
  for (const v of Object.values(attrs)) if (v === null) return null;
  return attrs as Attrs;
}

const noAttrs = (): Attrs => ({});
const noOptions = (): OptionFields => ({});

function simple(builtin: BuiltinOperatorName, ir: OpType, optionsTable: OptionTableName | null = null, extra: Partial<TfliteOpMapping> = {}): TfliteOpMapping {
  return { builtin, ir, optionsTable, attrs: noAttrs, options: noOptions, ...extra };
}

function withActivation(builtin: BuiltinOperatorName, ir: OpType, optionsTable: OptionTableName): TfliteOpMapping {
  return {
    builtin, ir, optionsTable,
    attrs: (o) => known({ activation: activationOf(o) }),
    options: (a) => ({ fused_activation_function: activationCode(a.activation) }),
  };
}

function reducer(builtin: BuiltinOperatorName, ir: OpType): TfliteOpMapping {
  return {
    builtin, ir, optionsTable: 'ReducerOptions',
    operands: [{ input: 1, attr: 'axes', normalize: 'axes' }],
    attrs: (o, _c, ops) => ({ ...ops, keepDims: flag(o, 'keep_dims') }),
    options: (a) => ({ keep_dims: a.keepDims === true }),
  };
}

function pool(builtin: BuiltinOperatorName, ir: OpType): TfliteOpMapping {
  return {
    builtin, ir, optionsTable: 'Pool2DOptions',
    attrs: (o) => known({
      filter: [num(o, 'filter_height'), num(o, 'filter_width')],
      strides: [num(o, 'stride_h'), num(o, 'stride_w')],
      padding: paddingOf(o),
      activation: activationOf(o),
    }),
    options: (a) => {
      const [fh, fw] = attrNums(a, 'filter');
      const [sh, sw] = attrNums(a, 'strides');
      return { padding: paddingCode(a.padding), filter_height: fh, filter_width: fw, stride_h: sh, stride_w: sw, fused_activation_function: activationCode(a.activation) };
    },
  };
}

function resize(builtin: BuiltinOperatorName, ir: OpType, optionsTable: OptionTableName): TfliteOpMapping {
  return {
    builtin, ir, optionsTable,
    operands: [{ input: 1, attr: 'size' }],
    attrs: (o, _c, ops) => ({ ...ops, alignCorners: flag(o, 'align_corners'), halfPixelCenters: flag(o, 'half_pixel_centers') }),
    options: (a) => ({ align_corners: a.alignCorners === true, half_pixel_centers: a.halfPixelCenters === true }),
  };
}

/** Normalises a possibly negative axis against a rank (unknown rank: kept). */
export function normalizeAxis(axis: number, rank: number | null): number {
  return axis < 0 && rank !== null ? axis + rank : axis;
}

const rankOf = (s: number[] | null): number | null => (s ? s.length : null);

const UNARY: [BuiltinOperatorName, OpType][] = [
  ['RELU', 'Relu'], ['RELU6', 'Relu6'], ['RELU_N1_TO_1', 'ReluN1To1'], ['ELU', 'Elu'], ['HARD_SWISH', 'HardSwish'],
  ['LOGISTIC', 'Logistic'], ['TANH', 'Tanh'], ['EXP', 'Exp'], ['LOG', 'Log'], ['SQRT', 'Sqrt'], ['RSQRT', 'Rsqrt'],
  ['SQUARE', 'Square'], ['ABS', 'Abs'], ['NEG', 'Neg'], ['SIGN', 'Sign'], ['FLOOR', 'Floor'], ['CEIL', 'Ceil'],
  ['ROUND', 'Round'], ['SIN', 'Sin'], ['COS', 'Cos'], ['LOGICAL_NOT', 'LogicalNot'], ['PRELU', 'PRelu'],
  ['DEQUANTIZE', 'Dequantize'], ['QUANTIZE', 'Quantize'], ['FILL', 'Fill'], ['RANGE', 'Range'], ['GATHER_ND', 'GatherNd'],
];

const BINARY: [BuiltinOperatorName, OpType][] = [
  ['POW', 'Pow'], ['MAXIMUM', 'Maximum'], ['MINIMUM', 'Minimum'], ['SQUARED_DIFFERENCE', 'SquaredDifference'],
  ['FLOOR_DIV', 'FloorDiv'], ['FLOOR_MOD', 'FloorMod'], ['EQUAL', 'Equal'], ['NOT_EQUAL', 'NotEqual'], ['LESS', 'Less'],
  ['LESS_EQUAL', 'LessEqual'], ['GREATER', 'Greater'], ['GREATER_EQUAL', 'GreaterEqual'],
  ['LOGICAL_AND', 'LogicalAnd'], ['LOGICAL_OR', 'LogicalOr'],
];

export const TFLITE_OP_MAPPINGS: readonly TfliteOpMapping[] = [
  // ---- convolution and dense ------------------------------------------------
  {
    builtin: 'CONV_2D', ir: 'Conv2D', optionsTable: 'Conv2DOptions',
    attrs: (o, c) => {
      // Grouped conv: the filter's input depth is a fraction of the input's channels.
      const cin = c.inputShape(0)?.at(-1) ?? -1;
      const fin = c.inputShape(1)?.at(-1) ?? -1;
      const groups = cin > 0 && fin > 0 && cin % fin === 0 ? cin / fin : 1;
      if (num(o, 'quantized_bias_type') !== 0) return null;
      return known({
        strides: [num(o, 'stride_h'), num(o, 'stride_w')],
        dilations: [num(o, 'dilation_h_factor'), num(o, 'dilation_w_factor')],
        padding: paddingOf(o), activation: activationOf(o), groups,
      });
    },
    options: (a) => {
      const [sh, sw] = attrNums(a, 'strides');
      const [dh, dw] = attrNums(a, 'dilations');
      return { padding: paddingCode(a.padding), stride_h: sh, stride_w: sw, dilation_h_factor: dh, dilation_w_factor: dw, fused_activation_function: activationCode(a.activation) };
    },
  },
  {
    builtin: 'DEPTHWISE_CONV_2D', ir: 'DepthwiseConv2D', optionsTable: 'DepthwiseConv2DOptions',
    attrs: (o, c) => {
      // depth_multiplier is redundant in newer files (may be 0); the filter shape is authoritative.
      const cin = c.inputShape(0)?.at(-1) ?? -1;
      const fout = c.inputShape(1)?.at(-1) ?? -1;
      const depthMultiplier = cin > 0 && fout > 0 && fout % cin === 0 ? fout / cin : Math.max(1, num(o, 'depth_multiplier'));
      return known({
        strides: [num(o, 'stride_h'), num(o, 'stride_w')],
        dilations: [num(o, 'dilation_h_factor'), num(o, 'dilation_w_factor')],
        padding: paddingOf(o), activation: activationOf(o), depthMultiplier,
      });
    },
    options: (a) => {
      const [sh, sw] = attrNums(a, 'strides');
      const [dh, dw] = attrNums(a, 'dilations');
      return { padding: paddingCode(a.padding), stride_h: sh, stride_w: sw, dilation_h_factor: dh, dilation_w_factor: dw, depth_multiplier: attrNum(a, 'depthMultiplier'), fused_activation_function: activationCode(a.activation) };
    },
  },
  {
    // TFLite order is [output_shape, filter, x, bias?]; the IR's is [x, filter, bias?].
    builtin: 'TRANSPOSE_CONV', ir: 'TransposeConv2D', optionsTable: 'TransposeConvOptions',
    dataInputs: [2, 1, 3],
    operands: [{ input: 0, attr: 'outputShape' }],
    attrs: (o, _c, ops) => (num(o, 'quantized_bias_type') !== 0 ? null : known({
      ...ops, strides: [num(o, 'stride_h'), num(o, 'stride_w')], padding: paddingOf(o), activation: activationOf(o),
    })),
    options: (a) => {
      const [sh, sw] = attrNums(a, 'strides');
      return { padding: paddingCode(a.padding), stride_h: sh, stride_w: sw, fused_activation_function: activationCode(a.activation) };
    },
  },
  {
    builtin: 'FULLY_CONNECTED', ir: 'FullyConnected', optionsTable: 'FullyConnectedOptions',
    // Shuffled int8 weights and custom bias types have no IR equivalent.
    attrs: (o) => (num(o, 'weights_format') !== 0 || num(o, 'quantized_bias_type') !== 0 ? null
      : known({ activation: activationOf(o), keepNumDims: flag(o, 'keep_num_dims') })),
    options: (a) => ({ fused_activation_function: activationCode(a.activation), keep_num_dims: a.keepNumDims === true }),
  },
  {
    builtin: 'BATCH_MATMUL', ir: 'MatMul', optionsTable: 'BatchMatMulOptions',
    attrs: (o) => ({ transposeA: flag(o, 'adj_x'), transposeB: flag(o, 'adj_y') }),
    options: (a) => ({ adj_x: a.transposeA === true, adj_y: a.transposeB === true }),
  },

  // ---- pooling, reduction ---------------------------------------------------
  pool('AVERAGE_POOL_2D', 'AveragePool2D'),
  pool('MAX_POOL_2D', 'MaxPool2D'),
  reducer('MEAN', 'Mean'),
  reducer('SUM', 'Sum'),
  reducer('REDUCE_MAX', 'ReduceMax'),
  reducer('REDUCE_MIN', 'ReduceMin'),
  reducer('REDUCE_PROD', 'ReduceProd'),
  ...(['ARG_MAX', 'ARG_MIN'] as const).map((builtin): TfliteOpMapping => ({
    builtin, ir: builtin === 'ARG_MAX' ? 'ArgMax' : 'ArgMin', optionsTable: builtin === 'ARG_MAX' ? 'ArgMaxOptions' : 'ArgMinOptions',
    operands: [{ input: 1, attr: 'axis', scalar: true, normalize: 'axes' }],
    attrs: (o, _c, ops) => {
      const t = num(o, 'output_type');
      return t === 2 || t === 4 ? { ...ops, outputType: t === 4 ? 'int64' : 'int32' } : null;
    },
    options: (a) => ({ output_type: TYPE_CODES[String(a.outputType)] ?? 2 }),
  })),

  // ---- elementwise ----------------------------------------------------------
  withActivation('ADD', 'Add', 'AddOptions'),
  withActivation('SUB', 'Sub', 'SubOptions'),
  withActivation('MUL', 'Mul', 'MulOptions'),
  withActivation('DIV', 'Div', 'DivOptions'),
  ...BINARY.map(([b, ir]) => simple(b, ir)),
  simple('SELECT_V2', 'Select'),
  simple('SELECT', 'Select', null, { importOnly: true }),

  // ---- unary / activations --------------------------------------------------
  ...UNARY.map(([b, ir]) => simple(b, ir)),
  {
    builtin: 'LEAKY_RELU', ir: 'LeakyRelu', optionsTable: 'LeakyReluOptions',
    attrs: (o) => ({ alpha: num(o, 'alpha') }),
    options: (a) => ({ alpha: attrNum(a, 'alpha') }),
  },
  {
    builtin: 'GELU', ir: 'Gelu', optionsTable: 'GeluOptions',
    attrs: (o) => ({ approximate: flag(o, 'approximate') }),
    options: (a) => ({ approximate: a.approximate === true }),
  },
  {
    builtin: 'RELU_0_TO_1', ir: 'Clip', optionsTable: null, importOnly: true,
    attrs: () => ({ min: 0, max: 1 }),
    options: noOptions,
  },
  {
    builtin: 'SOFTMAX', ir: 'Softmax', optionsTable: 'SoftmaxOptions',
    // TFLite's softmax always runs over the last axis.
    attrs: (o, c) => ({ axis: normalizeAxis(-1, rankOf(c.inputShape(0))), beta: num(o, 'beta') }),
    options: (a) => ({ beta: attrNum(a, 'beta') }),
  },
  {
    builtin: 'LOG_SOFTMAX', ir: 'LogSoftmax', optionsTable: 'LogSoftmaxOptions',
    attrs: (_o, c) => ({ axis: normalizeAxis(-1, rankOf(c.inputShape(0))) }),
    options: noOptions,
  },
  {
    builtin: 'CAST', ir: 'Cast', optionsTable: 'CastOptions',
    attrs: (_o, c) => {
      const to = c.outputDtype(0);
      return to ? { to } : null;
    },
    options: (_a, c) => ({ in_data_type: typeCode(c.inputDtype(0)), out_data_type: typeCode(c.outputDtype(0)) }),
  },

  // ---- shape and data movement ----------------------------------------------
  {
    builtin: 'RESHAPE', ir: 'Reshape', optionsTable: 'ReshapeOptions',
    operands: [{ input: 1, attr: 'newShape' }],
    attrs: (o, c, ops) => {
      if (ops.newShape !== undefined) return ops;
      // Old files carry the shape only in options; absent both, the output shape is the answer.
      const fromOptions = Array.isArray(o.new_shape) && o.new_shape.length > 0 ? (o.new_shape as number[]) : null;
      const fallback = fromOptions ?? c.outputShape(0);
      return fallback ? { newShape: fallback } : {};
    },
    options: (a) => ({ new_shape: attrNums(a, 'newShape') }),
  },
  {
    builtin: 'SQUEEZE', ir: 'Squeeze', optionsTable: 'SqueezeOptions',
    attrs: (o, c) => {
      const rank = rankOf(c.inputShape(0));
      return { axes: (Array.isArray(o.squeeze_dims) ? (o.squeeze_dims as number[]) : []).map((d) => normalizeAxis(d, rank)) };
    },
    options: (a) => ({ squeeze_dims: attrNums(a, 'axes') }),
  },
  {
    builtin: 'EXPAND_DIMS', ir: 'ExpandDims', optionsTable: 'ExpandDimsOptions',
    operands: [{ input: 1, attr: 'axis', scalar: true, normalize: 'axis+1' }],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },
  {
    builtin: 'TRANSPOSE', ir: 'Transpose', optionsTable: 'TransposeOptions',
    operands: [{ input: 1, attr: 'perm' }],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },
  {
    builtin: 'CONCATENATION', ir: 'Concat', optionsTable: 'ConcatenationOptions',
    attrs: (o, c) => known({ axis: normalizeAxis(num(o, 'axis'), rankOf(c.outputShape(0))), activation: activationOf(o) }),
    options: (a) => ({ axis: attrNum(a, 'axis'), fused_activation_function: activationCode(a.activation) }),
  },
  {
    // TFLite order is [axis, x].
    builtin: 'SPLIT', ir: 'Split', optionsTable: 'SplitOptions',
    dataInputs: [1],
    operands: [{ input: 0, attr: 'axis', scalar: true }],
    attrs: (o, c, ops) => ({ axis: normalizeAxis(attrNum(ops, 'axis'), rankOf(c.inputShape(1))), numSplits: num(o, 'num_splits') }),
    options: (a) => ({ num_splits: attrNum(a, 'numSplits') }),
  },
  {
    builtin: 'SPLIT_V', ir: 'SplitV', optionsTable: 'SplitVOptions',
    dataInputs: [0],
    operands: [{ input: 1, attr: 'sizes' }, { input: 2, attr: 'axis', scalar: true, normalize: 'axes' }],
    attrs: (_o, _c, ops) => ops,
    options: (a) => ({ num_splits: attrNums(a, 'sizes').length }),
  },
  {
    builtin: 'SLICE', ir: 'Slice', optionsTable: 'SliceOptions',
    operands: [{ input: 1, attr: 'begin' }, { input: 2, attr: 'size' }],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },
  {
    builtin: 'STRIDED_SLICE', ir: 'StridedSlice', optionsTable: 'StridedSliceOptions',
    operands: [{ input: 1, attr: 'begin' }, { input: 2, attr: 'end' }, { input: 3, attr: 'strides' }],
    // offset=true makes `end` relative to `begin`, which the IR attrs cannot say.
    attrs: (o, _c, ops) => (flag(o, 'offset') ? null : {
      ...ops,
      beginMask: num(o, 'begin_mask'), endMask: num(o, 'end_mask'), ellipsisMask: num(o, 'ellipsis_mask'),
      newAxisMask: num(o, 'new_axis_mask'), shrinkAxisMask: num(o, 'shrink_axis_mask'),
    }),
    options: (a) => ({
      begin_mask: attrNum(a, 'beginMask'), end_mask: attrNum(a, 'endMask'), ellipsis_mask: attrNum(a, 'ellipsisMask'),
      new_axis_mask: attrNum(a, 'newAxisMask'), shrink_axis_mask: attrNum(a, 'shrinkAxisMask'),
    }),
  },
  {
    builtin: 'PAD', ir: 'Pad', optionsTable: 'PadOptions',
    operands: [{ input: 1, attr: 'pads' }],
    attrs: (_o, _c, ops) => ({ ...ops, mode: 'constant', value: 0 }),
    options: noOptions,
  },
  {
    builtin: 'PADV2', ir: 'Pad', optionsTable: 'PadV2Options', importOnly: true,
    operands: [{ input: 1, attr: 'pads' }, { input: 2, attr: 'value', scalar: true }],
    attrs: (_o, _c, ops) => ({ ...ops, mode: 'constant' }),
    options: noOptions,
  },
  {
    builtin: 'MIRROR_PAD', ir: 'Pad', optionsTable: 'MirrorPadOptions', importOnly: true,
    operands: [{ input: 1, attr: 'pads' }],
    attrs: (o, _c, ops) => {
      const mode = num(o, 'mode');
      return mode === 0 || mode === 1 ? { ...ops, mode: mode === 0 ? 'reflect' : 'symmetric', value: 0 } : null;
    },
    options: (a) => ({ mode: a.mode === 'symmetric' ? 1 : 0 }),
  },
  {
    builtin: 'TILE', ir: 'Tile', optionsTable: 'TileOptions',
    operands: [{ input: 1, attr: 'multiples' }],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },
  {
    builtin: 'BROADCAST_TO', ir: 'BroadcastTo', optionsTable: 'BroadcastToOptions',
    operands: [{ input: 1, attr: 'shape' }],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },
  {
    builtin: 'GATHER', ir: 'Gather', optionsTable: 'GatherOptions',
    attrs: (o, c) => ({ axis: normalizeAxis(num(o, 'axis'), rankOf(c.inputShape(0))), batchDims: num(o, 'batch_dims') }),
    options: (a) => ({ axis: attrNum(a, 'axis'), batch_dims: attrNum(a, 'batchDims') }),
  },
  resize('RESIZE_BILINEAR', 'ResizeBilinear', 'ResizeBilinearOptions'),
  resize('RESIZE_NEAREST_NEIGHBOR', 'ResizeNearestNeighbor', 'ResizeNearestNeighborOptions'),
  {
    builtin: 'DEPTH_TO_SPACE', ir: 'DepthToSpace', optionsTable: 'DepthToSpaceOptions',
    attrs: (o) => ({ blockSize: num(o, 'block_size') }),
    options: (a) => ({ block_size: attrNum(a, 'blockSize') }),
  },
  {
    builtin: 'SPACE_TO_DEPTH', ir: 'SpaceToDepth', optionsTable: 'SpaceToDepthOptions',
    attrs: (o) => ({ blockSize: num(o, 'block_size') }),
    options: (a) => ({ block_size: attrNum(a, 'blockSize') }),
  },
  {
    builtin: 'PACK', ir: 'Pack', optionsTable: 'PackOptions',
    attrs: (o, c) => ({ axis: normalizeAxis(num(o, 'axis'), rankOf(c.outputShape(0))) }),
    options: (a, c) => ({ axis: attrNum(a, 'axis'), values_count: c.inputCount }),
  },
  {
    builtin: 'UNPACK', ir: 'Unpack', optionsTable: 'UnpackOptions',
    attrs: (o, c) => ({ axis: normalizeAxis(num(o, 'axis'), rankOf(c.inputShape(0))), num: num(o, 'num') }),
    options: (a) => ({ axis: attrNum(a, 'axis'), num: attrNum(a, 'num') }),
  },
  {
    builtin: 'SHAPE', ir: 'Shape', optionsTable: 'ShapeOptions',
    attrs: (o) => {
      const t = num(o, 'out_type');
      // 0 (FLOAT32, the unset default) means int32 in practice.
      return t === 0 || t === 2 ? { outType: 'int32' } : t === 4 ? { outType: 'int64' } : null;
    },
    options: (a) => ({ out_type: TYPE_CODES[String(a.outType)] ?? 2 }),
  },
  {
    builtin: 'TOPK_V2', ir: 'TopK', optionsTable: 'TopKV2Options',
    operands: [{ input: 1, attr: 'k', scalar: true }],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },
  {
    builtin: 'ONE_HOT', ir: 'OneHot', optionsTable: 'OneHotOptions',
    attrs: (o) => ({ axis: num(o, 'axis') }),
    options: (a) => ({ axis: attrNum(a, 'axis') }),
  },
  {
    builtin: 'CUMSUM', ir: 'CumSum', optionsTable: 'CumsumOptions',
    operands: [{ input: 1, attr: 'axis', scalar: true, normalize: 'axes' }],
    attrs: (o, _c, ops) => ({ ...ops, exclusive: flag(o, 'exclusive'), reverse: flag(o, 'reverse') }),
    options: (a) => ({ exclusive: a.exclusive === true, reverse: a.reverse === true }),
  },
  withActivation('L2_NORMALIZATION', 'L2Normalization', 'L2NormOptions'),
  {
    builtin: 'LOCAL_RESPONSE_NORMALIZATION', ir: 'LocalResponseNormalization', optionsTable: 'LocalResponseNormalizationOptions',
    attrs: (o) => ({ radius: num(o, 'radius'), bias: num(o, 'bias'), alpha: num(o, 'alpha'), beta: num(o, 'beta') }),
    options: (a) => ({ radius: attrNum(a, 'radius'), bias: attrNum(a, 'bias'), alpha: attrNum(a, 'alpha'), beta: attrNum(a, 'beta') }),
  },
  {
    builtin: 'NON_MAX_SUPPRESSION_V5', ir: 'NonMaxSuppression', optionsTable: 'NonMaxSuppressionV5Options',
    dataInputs: [0, 1],
    operands: [
      { input: 2, attr: 'maxOutputSize', scalar: true }, { input: 3, attr: 'iouThreshold', scalar: true },
      { input: 4, attr: 'scoreThreshold', scalar: true }, { input: 5, attr: 'softNmsSigma', scalar: true },
    ],
    attrs: (_o, _c, ops) => ops,
    options: noOptions,
  },

  // ---- recurrent and control flow -------------------------------------------
  {
    builtin: 'UNIDIRECTIONAL_SEQUENCE_LSTM', ir: 'UnidirectionalSequenceLstm', optionsTable: 'UnidirectionalSequenceLSTMOptions',
    attrs: (o) => (flag(o, 'diagonal_recurrent_tensors') ? null : known({
      activation: activationOf(o), cellClip: num(o, 'cell_clip'), projClip: num(o, 'proj_clip'), timeMajor: flag(o, 'time_major'),
    })),
    options: (a) => ({ fused_activation_function: activationCode(a.activation), cell_clip: attrNum(a, 'cellClip'), proj_clip: attrNum(a, 'projClip'), time_major: a.timeMajor === true }),
  },
  {
    builtin: 'IF', ir: 'If', optionsTable: 'IfOptions',
    attrs: (o) => ({ thenGraph: num(o, 'then_subgraph_index'), elseGraph: num(o, 'else_subgraph_index') }),
    options: (a) => ({ then_subgraph_index: attrNum(a, 'thenGraph'), else_subgraph_index: attrNum(a, 'elseGraph') }),
  },
  {
    builtin: 'WHILE', ir: 'While', optionsTable: 'WhileOptions',
    attrs: (o) => ({ condGraph: num(o, 'cond_subgraph_index'), bodyGraph: num(o, 'body_subgraph_index') }),
    options: (a) => ({ cond_subgraph_index: attrNum(a, 'condGraph'), body_subgraph_index: attrNum(a, 'bodyGraph') }),
  },
];

const BY_BUILTIN = new Map<BuiltinOperatorName, TfliteOpMapping>(TFLITE_OP_MAPPINGS.map((m) => [m.builtin, m]));
const BY_IR = new Map<OpType, TfliteOpMapping>(
  TFLITE_OP_MAPPINGS.filter((m) => !m.importOnly).map((m) => [m.ir, m]),
);

export function mappingForBuiltin(name: BuiltinOperatorName): TfliteOpMapping | undefined {
  return BY_BUILTIN.get(name);
}

/** The entry the exporter uses for an IR type (PADV2/MIRROR_PAD/SELECT are import-only aliases). */
export function mappingForIrType(type: string): TfliteOpMapping | undefined {
  return BY_IR.get(type as OpType);
}
