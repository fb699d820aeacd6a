// The one graph IR that every importer produces and every pass, exporter,
// executor and simulator consumes. Layout is NHWC throughout: importers of
// NCHW formats (ONNX) convert weights and shapes on the way in.

export type DType =
  | 'float32'
  | 'float16'
  | 'float64'
  | 'int4'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string'
  | 'complex64'
  | 'complex128'
  | 'bfloat16';

/** Constant tensor payloads. int64/uint64 constants are narrowed to these on import only when lossless. */
export type TensorData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Affine quantization: real = scale * (q - zeroPoint). One entry per tensor, or per channel along `axis`. */
export interface Quantization {
  scale: number[];
  zeroPoint: number[];
  /** Channel axis for per-channel quantization; absent for per-tensor. */
  axis?: number;
  /** Observed float range, when the source file records it. */
  min?: number[];
  max?: number[];
}

export interface Tensor {
  /** Unique within its graph; ops refer to tensors by id. */
  id: string;
  /** Name from the source file (may repeat across graphs; not unique). */
  name: string;
  /** Dimensions; -1 marks a dimension unknown until shape inference or a fixed input shape. */
  shape: number[];
  dtype: DType;
  quant?: Quantization;
  /** Present for constants (weights, biases, folded values); raw little-endian layout of `dtype`. */
  data?: TensorData;
  /** Raw bytes of a constant whose dtype has no TypedArray (float16, string, int4, bool). */
  bytes?: Uint8Array;
}

export type AttrValue =
  | number
  | string
  | boolean
  | number[]
  | string[]
  | Uint8Array
  | null;

export interface Op {
  /** Unique within its graph. */
  id: string;
  /** IR op type from the op table (lib/ir/ops). */
  type: string;
  /** Name from the source node, for display and tracing. */
  name: string;
  /** Tensor ids; '' marks an omitted optional input (e.g. no bias). */
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface Graph {
  name: string;
  tensors: Map<string, Tensor>;
  /** Topologically ordered after `validateGraph`/`sortTopologically`. */
  ops: Op[];
  inputs: string[];
  outputs: string[];
}

export type SourceFormat = 'tflite' | 'onnx' | 'tfjs';

export interface Model {
  /** Subgraph 0 is the main graph; control-flow ops refer to others by index. */
  graphs: Graph[];
  sourceFormat: SourceFormat;
  /** Free-form provenance from the source file (producer, version, description). */
  metadata: Record<string, string>;
}
