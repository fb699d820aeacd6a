// Plain object model of a .tflite file (schema.fbs, TFL3). Field names follow
// the schema in camelCase; enum-valued fields keep their wire integers except
// tensor types, which are named. Parsing then writing reproduces this object.

import type { BuiltinOptions } from './option-tables';
import type { DimensionType, SparseIndexVectorType, TfliteTensorType } from './schema';

export interface TfliteModel {
  version: number;
  operatorCodes: TfliteOperatorCode[];
  subgraphs: TfliteSubgraph[];
  description: string | null;
  buffers: TfliteBuffer[];
  /** Deprecated list of buffer indices holding metadata; kept for round-trip. */
  metadataBuffer: number[];
  metadata: TfliteMetadata[];
  signatureDefs: TfliteSignatureDef[];
}

export interface TfliteOperatorCode {
  /** int8 code of schema < 3a; 127 (placeholder) when the real code is larger. */
  deprecatedBuiltinCode: number;
  customCode: string | null;
  version: number;
  builtinCode: number;
}

export interface TfliteSubgraph {
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
  name: string | null;
}

export interface TfliteTensor {
  shape: number[];
  type: TfliteTensorType;
  /** Index into TfliteModel.buffers; 0 is the empty sentinel. */
  buffer: number;
  name: string | null;
  quantization: TfliteQuantization | null;
  isVariable: boolean;
  sparsity: TfliteSparsity | null;
  /** `shape` with -1 for dimensions unknown before inference; null when absent. */
  shapeSignature: number[] | null;
  hasRank: boolean;
  variantTensors: TfliteVariantSubType[];
}

export interface TfliteQuantization {
  min: number[];
  max: number[];
  scale: number[];
  zeroPoint: bigint[];
  /** CustomQuantization bytes when the file uses the details union. */
  custom: Uint8Array | null;
  /** Channel axis of per-channel parameters (0 for per-tensor). */
  quantizedDimension: number;
}

export interface TfliteSparseIndexVector {
  type: SparseIndexVectorType;
  values: number[];
}

export interface TfliteDimensionMetadata {
  format: DimensionType;
  denseSize: number;
  arraySegments: TfliteSparseIndexVector | null;
  arrayIndices: TfliteSparseIndexVector | null;
}

export interface TfliteSparsity {
  traversalOrder: number[];
  blockMap: number[];
  dimMetadata: TfliteDimensionMetadata[];
}

export interface TfliteVariantSubType {
  shape: number[];
  type: TfliteTensorType;
  hasRank: boolean;
}

export interface TfliteOperator {
  opcodeIndex: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  builtinOptions: BuiltinOptions | null;
  builtinOptions2: BuiltinOptions | null;
  /** Custom op options (usually a flexbuffer), read from outside the flatbuffer when stored there. */
  customOptions: Uint8Array | null;
  customOptionsFormat: number;
  /** True when the file stored customOptions after the flatbuffer (large-model layout). */
  customOptionsExternal: boolean;
  mutatingVariableInputs: boolean[];
  intermediates: number[];
}

export interface TfliteBuffer {
  /** The bytes, a view into the parsed file (not a copy). Empty for non-constant tensors. */
  data: Uint8Array;
  /**
   * Where the bytes were stored when outside the flatbuffer (large-model
   * layout, offset from file start); null when inline. The writer recomputes
   * positions and only keeps the fact that the buffer is external.
   */
  external: { offset: number; size: number } | null;
  /**
   * True when the file stores an explicit zero-length `data` vector instead of
   * omitting the field (only meaningful when `data` is empty and the buffer is
   * not external). The official runtime does not treat the two alike: in
   * hey_jarvis_v0.1.tflite the RESHAPE shape tensor of shape [0] has such a
   * buffer, and omitting the vector changes the model's output. Absent means
   * false, so code building buffers need not set it.
   */
  emptyDataVector?: boolean;
}

export interface TfliteMetadata {
  name: string | null;
  buffer: number;
}

export interface TfliteTensorMap {
  name: string | null;
  tensorIndex: number;
}

export interface TfliteSignatureDef {
  inputs: TfliteTensorMap[];
  outputs: TfliteTensorMap[];
  signatureKey: string | null;
  subgraphIndex: number;
}
