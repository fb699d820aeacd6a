// Plain typed view of an ONNX ModelProto, as produced by `readOnnx`. Names
// follow onnx.proto in camelCase; every payload has been validated (sizes,
// dims, references), so consumers need no further defensive checks.

/** ONNX TensorProto.DataType code (1 = FLOAT, 7 = INT64, …); see data-types.ts. */
export type OnnxDataType = number;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: OnnxDataType;
  /**
   * Element payload as little-endian bytes, whether the file used raw_data or
   * the typed *_data fields (re-encoded here so there is one path). Empty for
   * strings. Always a fresh, 8-byte-aligned copy that consumers may view as a
   * TypedArray.
   */
  raw: Uint8Array;
  /** string_data for STRING tensors. */
  strings?: Uint8Array[];
}

/** A dimension: a static size, a symbolic name, or null when absent. */
export type OnnxDim = number | string | null;

export type OnnxType =
  | { kind: 'tensor'; elemType: OnnxDataType; /** null: rank unknown */ shape: OnnxDim[] | null }
  | { kind: 'sequence' | 'map' | 'optional' | 'sparse-tensor' | 'unknown' };

export interface OnnxValueInfo {
  name: string;
  type: OnnxType;
}

export type OnnxAttribute =
  | { type: 'float'; value: number }
  /** int64 attrs beyond ±2^53 are clamped to ±Number.MAX_SAFE_INTEGER ("to the end" sentinels stay huge). */
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: OnnxTensor }
  | { type: 'graph'; value: OnnxGraph }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] }
  | { type: 'tensors'; value: OnnxTensor[] }
  | { type: 'graphs'; value: OnnxGraph[] }
  /** Inside a FunctionProto: refers to an attribute of the calling node. */
  | { type: 'ref'; value: string };

export interface OnnxNode {
  name: string;
  opType: string;
  /** '' for the default ONNX domain ('ai.onnx' is normalised to ''). */
  domain: string;
  /** '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  /** Null-prototype record keyed by attribute name. */
  attributes: Record<string, OnnxAttribute>;
}

export interface OnnxGraph {
  name: string;
  /** Topologically ordered (the reader sorts and rejects cycles). */
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
}

export interface OnnxOpsetImport {
  domain: string;
  version: number;
}

export interface OnnxFunction {
  name: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  nodes: OnnxNode[];
  opsetImports: OnnxOpsetImport[];
}

export interface OnnxModel {
  irVersion: number;
  opsetImports: OnnxOpsetImport[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graph: OnnxGraph;
  /** metadata_props; later duplicates win. */
  metadata: Record<string, string>;
  functions: OnnxFunction[];
}
