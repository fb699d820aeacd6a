// Attribute contracts of the IR op types. Importers must produce exactly these
// attrs; the op table (lib/ir/ops) reads them. Tensors are NHWC. Weight layouts
// follow TFLite so that export is a straight mapping:
//   Conv2D filter          [Cout, kh, kw, Cin/groups]   (OHWI)
//   DepthwiseConv2D filter [1, kh, kw, Cin*multiplier]
//   TransposeConv2D filter [Cout, kh, kw, Cin]
//   FullyConnected weights [out, in]
// Constant operands that TFLite passes as tensors (Reshape's shape, Pad's pads,
// Mean's axes, …) are attrs here once known, so passes need not chase constants.

export type Activation = 'none' | 'relu' | 'relu6' | 'relu_n1_to_1' | 'tanh' | 'sigmoid' | 'sign_bit';

/** 'same'/'valid' as in TF; explicit pads are [top, bottom, left, right]. */
export type Padding = 'same' | 'valid' | number[];

export interface OpAttrMap {
  // ---- convolution and dense ------------------------------------------
  /** inputs: [x, filter, bias?] */
  Conv2D: { strides: number[]; dilations: number[]; padding: Padding; activation: Activation; groups: number };
  /** inputs: [x, filter, bias?] */
  DepthwiseConv2D: { strides: number[]; dilations: number[]; padding: Padding; activation: Activation; depthMultiplier: number };
  /** inputs: [x, filter, bias?]; outputShape is the full NHWC output shape. */
  TransposeConv2D: { strides: number[]; padding: Padding; activation: Activation; outputShape: number[] };
  /** inputs: [x, weights, bias?]; x is flattened to [-1, in] unless keepNumDims. */
  FullyConnected: { activation: Activation; keepNumDims: boolean };
  /** inputs: [a, b]; batched over leading dims with broadcasting. */
  MatMul: { transposeA: boolean; transposeB: boolean };

  // ---- pooling, reduction ---------------------------------------------
  AveragePool2D: { filter: number[]; strides: number[]; padding: Padding; activation: Activation };
  MaxPool2D: { filter: number[]; strides: number[]; padding: Padding; activation: Activation };
  /** Reductions: axes are normalised to non-negative. */
  Mean: { axes: number[]; keepDims: boolean };
  Sum: { axes: number[]; keepDims: boolean };
  ReduceMax: { axes: number[]; keepDims: boolean };
  ReduceMin: { axes: number[]; keepDims: boolean };
  ReduceProd: { axes: number[]; keepDims: boolean };
  ArgMax: { axis: number; outputType: 'int32' | 'int64' };
  ArgMin: { axis: number; outputType: 'int32' | 'int64' };

  // ---- elementwise (numpy broadcasting) --------------------------------
  Add: { activation: Activation };
  Sub: { activation: Activation };
  Mul: { activation: Activation };
  Div: { activation: Activation };
  Pow: Record<string, never>;
  Maximum: Record<string, never>;
  Minimum: Record<string, never>;
  SquaredDifference: Record<string, never>;
  FloorDiv: Record<string, never>;
  FloorMod: Record<string, never>;
  Equal: Record<string, never>;
  NotEqual: Record<string, never>;
  Less: Record<string, never>;
  LessEqual: Record<string, never>;
  Greater: Record<string, never>;
  GreaterEqual: Record<string, never>;
  LogicalAnd: Record<string, never>;
  LogicalOr: Record<string, never>;
  LogicalNot: Record<string, never>;
  /** inputs: [condition, x, y] */
  Select: Record<string, never>;

  // ---- unary / activations ----------------------------------------------
  Relu: Record<string, never>;
  Relu6: Record<string, never>;
  ReluN1To1: Record<string, never>;
  LeakyRelu: { alpha: number };
  /** inputs: [x, alpha] */
  PRelu: Record<string, never>;
  Elu: Record<string, never>;
  Gelu: { approximate: boolean };
  HardSwish: Record<string, never>;
  Logistic: Record<string, never>;
  Tanh: Record<string, never>;
  Softmax: { axis: number; beta: number };
  LogSoftmax: { axis: number };
  Exp: Record<string, never>;
  Log: Record<string, never>;
  Sqrt: Record<string, never>;
  Rsqrt: Record<string, never>;
  Square: Record<string, never>;
  Abs: Record<string, never>;
  Neg: Record<string, never>;
  Sign: Record<string, never>;
  Floor: Record<string, never>;
  Ceil: Record<string, never>;
  Round: Record<string, never>;
  Sin: Record<string, never>;
  Cos: Record<string, never>;
  Erf: Record<string, never>;
  /** Clip to [min, max]; ±Infinity when a bound is absent. */
  Clip: { min: number; max: number };
  Cast: { to: string };

  // ---- shape and data movement -----------------------------------------
  /** newShape may contain one -1. */
  Reshape: { newShape: number[] };
  Squeeze: { axes: number[] };
  ExpandDims: { axis: number };
  Transpose: { perm: number[] };
  Concat: { axis: number; activation: Activation };
  /** Equal parts along axis. */
  Split: { axis: number; numSplits: number };
  SplitV: { axis: number; sizes: number[] };
  /** Plain slice; size -1 means to the end. */
  Slice: { begin: number[]; size: number[] };
  StridedSlice: { begin: number[]; end: number[]; strides: number[]; beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number };
  /** pads: [before, after] per dim, flattened: [b0, a0, b1, a1, …]. */
  Pad: { pads: number[]; mode: 'constant' | 'reflect' | 'symmetric'; value: number };
  Tile: { multiples: number[] };
  BroadcastTo: { shape: number[] };
  /** inputs: [params, indices] */
  Gather: { axis: number; batchDims: number };
  GatherNd: Record<string, never>;
  /** inputs: [x]; output dims [n, h, w, c] sized per `size` (h, w). */
  ResizeBilinear: { size: number[]; alignCorners: boolean; halfPixelCenters: boolean };
  ResizeNearestNeighbor: { size: number[]; alignCorners: boolean; halfPixelCenters: boolean };
  DepthToSpace: { blockSize: number };
  SpaceToDepth: { blockSize: number };
  Pack: { axis: number };
  Unpack: { axis: number; num: number };
  /** Returns the input's shape as int32 (folded when static). */
  Shape: { outType: 'int32' | 'int64' };
  Fill: Record<string, never>;
  Range: Record<string, never>;
  TopK: { k: number };
  OneHot: { axis: number };
  CumSum: { axis: number; exclusive: boolean; reverse: boolean };
  L2Normalization: { activation: Activation };
  LocalResponseNormalization: { radius: number; bias: number; alpha: number; beta: number };
  NonMaxSuppression: { maxOutputSize: number; iouThreshold: number; scoreThreshold: number; softNmsSigma: number };

  // ---- quantization and precision --------------------------------------
  Quantize: Record<string, never>;
  Dequantize: Record<string, never>;

  // ---- recurrent, control flow, custom ---------------------------------
  /** Unidirectional LSTM with TFLite's 24-input layout. */
  UnidirectionalSequenceLstm: { activation: Activation; cellClip: number; projClip: number; timeMajor: boolean };
  /** Subgraph indices into Model.graphs. inputs: [cond, ...operands] */
  If: { thenGraph: number; elseGraph: number };
  While: { condGraph: number; bodyGraph: number };
  /** A source op we keep verbatim (custom ops, unmapped builtins). */
  Custom: { customCode: string; options: Uint8Array | null; sourceFormat: string };
}

export type OpType = keyof OpAttrMap;
export type AttrsOf<T extends OpType> = OpAttrMap[T];

/**
 * Before constant folding, an op whose operand is a tensor in the source
 * (Reshape's shape, Pad's pads, a reduction's axes, Resize's size, Slice's
 * begin/size, Tile's multiples, …) may carry it as an extra input instead of
 * the attr. Shape inference reads either; `foldConstants` turns constant
 * operands into the attr and drops the input.
 */
export const OPERAND_ATTRS: Partial<Record<OpType, string[]>> = {
  Reshape: ['newShape'],
  Pad: ['pads'],
  Mean: ['axes'],
  Sum: ['axes'],
  ReduceMax: ['axes'],
  ReduceMin: ['axes'],
  ReduceProd: ['axes'],
  ResizeBilinear: ['size'],
  ResizeNearestNeighbor: ['size'],
  Slice: ['begin', 'size'],
  StridedSlice: ['begin', 'end', 'strides'],
  Tile: ['multiples'],
  BroadcastTo: ['shape'],
  Transpose: ['perm'],
  TransposeConv2D: ['outputShape'],
  SplitV: ['sizes'],
};
