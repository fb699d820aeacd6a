// TF op name → handler, with the fewest data inputs each handler reads, so a
// malformed node is reported instead of indexing past its inputs.

import { CONV_HANDLERS } from './conv-ops';
import { FOLDING_HANDLERS } from './constant-folding';
import { ELEMENTWISE_HANDLERS } from './elementwise-ops';
import type { OpHandler } from './handler';
import { REDUCE_HANDLERS } from './reduce-ops';
import { SHAPE_HANDLERS } from './shape-ops';

export const OP_HANDLERS: Record<string, OpHandler> = {
  ...CONV_HANDLERS,
  ...ELEMENTWISE_HANDLERS,
  ...SHAPE_HANDLERS,
  ...REDUCE_HANDLERS,
  ...FOLDING_HANDLERS,
};

const BINARY = [
  'Add', 'AddV2', 'BiasAdd', 'Sub', 'Mul', 'RealDiv', 'Div', 'Pow', 'Maximum', 'Minimum', 'SquaredDifference', 'FloorDiv', 'FloorMod',
  'Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr', 'Prelu',
];

const MIN_INPUTS: Record<string, number> = {
  ...Object.fromEntries(BINARY.map((op) => [op, 2])),
  Conv2D: 2, _FusedConv2D: 2, DepthwiseConv2dNative: 2, FusedDepthwiseConv2dNative: 2, Conv2DBackpropInput: 3,
  MatMul: 2, _FusedMatMul: 2, BatchMatMul: 2, BatchMatMulV2: 2, BatchMatMulV3: 2,
  FusedBatchNorm: 5, FusedBatchNormV2: 5, FusedBatchNormV3: 5,
  Select: 3, SelectV2: 3, ClipByValue: 3,
  Reshape: 2, Transpose: 2, ExpandDims: 2, ConcatV2: 2, Concat: 2, Split: 2, SplitV: 3, Slice: 3, StridedSlice: 4,
  Tile: 2, BroadcastTo: 2, Gather: 2, GatherV2: 3, GatherNd: 2, Pad: 2, PadV2: 3, MirrorPad: 2,
  ResizeBilinear: 2, ResizeNearestNeighbor: 2, Fill: 2, Range: 3,
  Mean: 2, Sum: 2, Max: 2, Min: 2, Prod: 2, ArgMax: 2, ArgMin: 2, TopKV2: 2,
  NonMaxSuppressionV3: 5, NonMaxSuppressionV4: 5, NonMaxSuppressionV5: 6, OneHot: 4, Cumsum: 2, SparseToDense: 4,
};

export function minInputsOf(op: string): number {
  return MIN_INPUTS[op] ?? 1;
}
