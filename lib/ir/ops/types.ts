// The shape of one op-table entry. Everything about an IR op type (its
// category, attr contract, shape rule, cost, folding) lives in its entry so
// passes never switch on op types themselves.

import type { AttrsOf, OpType } from '../attrs';
import type { DType, Model, Op, Quantization } from '../types';

/** Coarse kinds used by the simulator and displays. */
export type OpCategory =
  | 'conv'
  | 'depthwise'
  | 'transpose-conv'
  | 'dense'
  | 'matmul'
  | 'elementwise'
  | 'activation'
  | 'normalization'
  | 'pool'
  | 'reduce'
  | 'resize'
  | 'data-movement'
  | 'shape'
  | 'quantize'
  | 'recurrent'
  | 'postprocess'
  | 'control'
  | 'custom';

/**
 * Known contents of a tensor, as float64 whatever the dtype. During shape
 * inference an element may be NaN: unknown (e.g. a Shape of a dim that is
 * still -1). Folding only ever materialises fully known values.
 */
export interface ConstValue {
  dtype: DType;
  shape: number[];
  values: Float64Array;
  /** Set when some elements are unknown (NaN) rather than computed NaNs; spreads to everything derived. */
  partial?: boolean;
}

/** What a rule sees of one tensor. */
export interface TensorInfo {
  id: string;
  shape: number[];
  dtype: DType;
  quant?: Quantization;
  /** True for constant tensors (data or bytes present). */
  isConstant: boolean;
  /** Contents when known (a constant, or computed from static shapes); read lazily because weights are large. */
  value(): ConstValue | null;
}

/** An inferred output: null shape = rank unknown, null dtype = not derivable; both keep what the tensor declares. */
export interface OutputInfo {
  shape: number[] | null;
  dtype: DType | null;
}

/**
 * Operand attrs (OPERAND_ATTRS) may still be carried as inputs when a rule
 * runs; the context then gives them as null if the operand is not constant.
 * Keep this in step with OPERAND_ATTRS (a test checks).
 */
export interface OperandAttrKeys {
  Reshape: 'newShape';
  Pad: 'pads';
  Mean: 'axes';
  Sum: 'axes';
  ReduceMax: 'axes';
  ReduceMin: 'axes';
  ReduceProd: 'axes';
  ResizeBilinear: 'size';
  ResizeNearestNeighbor: 'size';
  Slice: 'begin' | 'size';
  StridedSlice: 'begin' | 'end' | 'strides';
  Tile: 'multiples';
  BroadcastTo: 'shape';
  Transpose: 'perm';
  TransposeConv2D: 'outputShape';
  SplitV: 'sizes';
}

type OperandKeysOf<T extends OpType> = T extends keyof OperandAttrKeys ? OperandAttrKeys[T] : never;

/** Attrs as a rule sees them: validated, with operand attrs null while unknown. */
export type RuleAttrs<T extends OpType> = {
  [K in keyof AttrsOf<T>]: K extends OperandKeysOf<T> ? AttrsOf<T>[K] | null : AttrsOf<T>[K];
};

export interface OpContext<T extends OpType = OpType> {
  op: Op;
  attrs: RuleAttrs<T>;
  /** One per op input; undefined where the input is omitted (''). Operand-attr inputs are included. */
  inputs: (TensorInfo | undefined)[];
  /** Outputs as currently recorded (declared by the importer, or inferred already when computing costs). */
  outputs: TensorInfo[];
  /**
   * Operand attrs whose value is partly known during inference: NaN marks an
   * unknown element. Lets Reshape keep the dims it does know (e.g. batch -1).
   */
  partialOperand(name: string): number[] | null;
  model?: Model;
}

/** Runtime check for one attr. */
export type AttrKind =
  | 'int'
  | 'number'
  | 'bool'
  | 'string'
  | 'ints'
  | 'numbers'
  | 'padding'
  | 'activation'
  | 'dtype'
  | 'bytes-or-null'
  | { oneOf: readonly string[] };

export type AttrSchema<T extends OpType> = { [K in keyof AttrsOf<T>]-?: AttrKind };

/** Only `type` drives inference of T in defineOp; shared helpers typed for several ops must not widen it. */
export interface OpDef<T extends OpType = OpType> {
  type: T;
  category: OpCategory;
  /** Runtime contract of the attrs (mirrors attrs.ts). */
  attrs: AttrSchema<NoInfer<T>>;
  /** Values a builder or importer may leave out. */
  defaults?: Partial<AttrsOf<NoInfer<T>>>;
  /** Index of the first operand-attr input (see OPERAND_ATTRS); operands follow in OPERAND_ATTRS order. */
  operandStart?: number;
  /**
   * Inputs that hold learned parameters when constant (weights, biases, PRelu
   * alpha, embedding tables, constant operands of elementwise ops): what
   * accounting counts as params.
   */
  weightInputs?: readonly number[];
  /** Inputs that may be variable tensors with no producer (recurrent state). */
  stateInputs?: readonly number[];
  /** Outputs the op has for these attrs and input count (default 1). */
  outputCount?(attrs: Partial<AttrsOf<NoInfer<T>>>, inputCount: number): number;
  /** Shape/dtype rule. Unknown dims stay -1. Throws ModelFormatError('bad-shape') on impossible inputs. */
  infer(ctx: OpContext<NoInfer<T>>): OutputInfo[];
  /** Multiply-accumulates (1 MAC = 2 ops); null when a needed dim is unknown. Absent: 0. */
  macs?(ctx: OpContext<NoInfer<T>>): number | null;
  /** Non-MAC element operations (elementwise math, comparisons, window reads). Absent: 0. */
  elementOps?(ctx: OpContext<NoInfer<T>>): number | null;
  /**
   * Constant evaluator: output values from input values (or, for Shape, from
   * input shapes). Returns null when it cannot evaluate (missing values,
   * unsupported dtype). Values may hold NaN during inference.
   */
  fold?(ctx: OpContext<NoInfer<T>>): ConstValue[] | null;
  /** Folding is exact on quantized tensors (pure data movement keeps the stored integers). */
  foldsQuantized?: boolean;
  // Later additions plug in here, keyed by the same entry: the TFLite
  // exporter mapping (builtin code + options writer) and the executor kernel.
}

export function defineOp<T extends OpType>(def: OpDef<T>): OpDef<T> {
  return def;
}
