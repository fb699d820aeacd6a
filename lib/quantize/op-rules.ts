// How each IR op type is quantized, following TFLite's int8 quantization
// spec (tensorflow.org/lite/performance/quantization_spec) and the int8
// kernels of the TFLite runtime and TFLite Micro:
//  - weighted: int8 weights with zero point 0 (per channel along the output
//    channel axis, or per tensor), int32 bias with scale s_in·s_w and zero
//    point 0; the output takes its calibrated range;
//  - free: each output takes its own calibrated range (the kernel rescales);
//  - fixed: the output parameters are fixed by the kernel (FIXED_OUTPUT_PARAMS);
//  - same: the spec requires output = input scale and zero point, so the
//    output inherits the data input's parameters;
//  - shared: every float input and the output must share one scale and zero
//    point; inputs that differ are retargeted or requantized;
//  - indexOutput: int8 inputs, integer/bool outputs (ArgMax, comparisons).

import type { Op } from '../ir/types';

export type RuleKind = 'weighted' | 'free' | 'fixed' | 'same' | 'shared' | 'indexOutput';

export interface OpRule {
  kind: RuleKind;
}

const rule = (kind: RuleKind): OpRule => ({ kind });

export const OP_RULES: Readonly<Record<string, OpRule>> = {
  Conv2D: rule('weighted'),
  DepthwiseConv2D: rule('weighted'),
  TransposeConv2D: rule('weighted'),
  FullyConnected: rule('weighted'),

  Add: rule('free'),
  Sub: rule('free'),
  Mul: rule('free'),
  SquaredDifference: rule('free'),
  Relu: rule('free'),
  Relu6: rule('free'),
  ReluN1To1: rule('free'),
  LeakyRelu: rule('free'),
  PRelu: rule('free'),
  HardSwish: rule('free'),
  Mean: rule('free'),
  Sum: rule('free'),
  // Clip with ReLU-family bounds exports as RELU/RELU6/RELU_N1_TO_1 (free); others are lowered to MAXIMUM/MINIMUM.
  Clip: rule('free'),

  Logistic: rule('fixed'),
  Tanh: rule('fixed'),
  Softmax: rule('fixed'),
  LogSoftmax: rule('fixed'),
  L2Normalization: rule('fixed'),

  Reshape: rule('same'),
  Squeeze: rule('same'),
  ExpandDims: rule('same'),
  Transpose: rule('same'),
  Pad: rule('same'),
  MaxPool2D: rule('same'),
  AveragePool2D: rule('same'),
  ResizeBilinear: rule('same'),
  ResizeNearestNeighbor: rule('same'),
  Slice: rule('same'),
  StridedSlice: rule('same'),
  Split: rule('same'),
  SplitV: rule('same'),
  Unpack: rule('same'),
  Gather: rule('same'),
  GatherNd: rule('same'),
  DepthToSpace: rule('same'),
  SpaceToDepth: rule('same'),
  ReduceMax: rule('same'),
  ReduceMin: rule('same'),
  Tile: rule('same'),
  BroadcastTo: rule('same'),

  Concat: rule('shared'),
  Pack: rule('shared'),
  Maximum: rule('shared'),
  Minimum: rule('shared'),

  ArgMax: rule('indexOutput'),
  ArgMin: rule('indexOutput'),
  Equal: rule('indexOutput'),
  NotEqual: rule('indexOutput'),
  Less: rule('indexOutput'),
  LessEqual: rule('indexOutput'),
  Greater: rule('indexOutput'),
  GreaterEqual: rule('indexOutput'),
};

/** Why an op type has no int8 path, for the ones a model is likely to contain. */
const NO_INT8_KERNEL: Readonly<Record<string, string>> = {
  Div: 'TFLite DIV has no int8 kernel (only a division by a constant is rewritten as a multiplication)',
  Pow: 'TFLite POW has no int8 kernel',
  Sqrt: 'TFLite SQRT has no int8 kernel',
  Exp: 'no int8 EXP kernel in the TFLite runtimes the zoo targets',
  Log: 'TFLite LOG has no int8 kernel',
  Erf: 'no int8 kernel',
  Sin: 'TFLite SIN has no int8 kernel',
  Cos: 'TFLite COS has no int8 kernel',
  Floor: 'TFLite FLOOR has no int8 kernel',
  Ceil: 'TFLite CEIL has no int8 kernel',
  Round: 'TFLite ROUND has no int8 kernel',
  FloorDiv: 'TFLite FLOOR_DIV has no int8 kernel',
  FloorMod: 'TFLite FLOOR_MOD has no int8 kernel',
  Cast: 'a cast from or to float has no place in a full-integer graph',
  MatMul: 'activation × activation products are not quantized by this pass (BATCH_MATMUL needs both operands calibrated per tensor)',
  If: 'control flow: subgraphs are not quantized by this pass',
  While: 'control flow: subgraphs are not quantized by this pass',
  UnidirectionalSequenceLstm: 'LSTM needs TFLite\'s int8×int16 recurrent scheme, which this pass does not implement',
  Custom: 'custom ops have float kernels only',
  Quantize: 'the model already has quantized activations',
  Dequantize: 'the model already has quantized activations',
  NonMaxSuppression: 'TFLite NON_MAX_SUPPRESSION takes float boxes and scores only',
  TopK: 'TOPK_V2 on int8 is not handled by this pass',
};

/** Null when the op has an int8 path, else the reason. Only ops that touch float tensors are asked. */
export function unsupportedReason(op: Op, floatInputs: boolean[]): string | null {
  const known = NO_INT8_KERNEL[op.type];
  if (op.type === 'Custom') return `${known} (${String(op.attrs.customCode)})`;
  if (known) return known;
  const r = OP_RULES[op.type];
  if (!r) return 'no int8 path in this quantizer';
  if (op.type === 'Conv2D' && typeof op.attrs.groups === 'number' && op.attrs.groups !== 1) return 'grouped convolution has no TFLite int8 form';
  if (r.kind === 'weighted' && !floatInputs[0]) return 'the data input is not a float tensor';
  if (op.attrs.activation === 'sign_bit') return 'fused sign_bit activation has no int8 form';
  return null;
}

/** Which custom code / activation to name when reporting: Custom ops group by code. */
export function reportedType(op: Op): string {
  return op.type === 'Custom' ? `Custom(${String(op.attrs.customCode)})` : op.type;
}
