// Typed view of a TensorFlow.js graph model (model.json + weight shards) after
// validation. Mirrors TF's GraphDef JSON closely so the importer can map ops
// without re-reading raw JSON.

/** JSON values we keep verbatim (userDefinedMetadata). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A TensorFlow DataType enum name as written in JSON: 'DT_FLOAT', 'DT_INT32', …; numeric enums are normalised to names. */
export type TfDataType = string;

/** TensorShapeProto: `dims` with -1 for unknown sizes; `unknownRank` when even the rank is unknown. */
export interface TfShape {
  dims: number[];
  unknownRank: boolean;
}

/** TensorProto as found in attrs: dtype and shape; converted graph models keep values in the weights. */
export interface TfTensorAttr {
  dtype: TfDataType;
  shape: TfShape;
}

export interface TfAttrList {
  s: string[];
  i: number[];
  f: number[];
  b: boolean[];
  type: TfDataType[];
  shape: TfShape[];
  func: string[];
}

/** One decoded AttrValue. `s` is base64 in the file; we keep the decoded text. */
export type TfAttr =
  | { kind: 's'; value: string }
  | { kind: 'i'; value: number }
  | { kind: 'f'; value: number }
  | { kind: 'b'; value: boolean }
  | { kind: 'type'; value: TfDataType }
  | { kind: 'shape'; value: TfShape }
  | { kind: 'tensor'; value: TfTensorAttr }
  | { kind: 'list'; value: TfAttrList }
  | { kind: 'func'; value: string }
  | { kind: 'placeholder'; value: string };

/** A data input "name" or "name:2" (output index 2). */
export interface TfInputRef {
  node: string;
  index: number;
}

export interface TfjsNode {
  name: string;
  op: string;
  /** Data inputs in order. */
  inputs: TfInputRef[];
  /** Control dependencies ("^name"): ordering only, no data. */
  controlInputs: string[];
  attrs: Record<string, TfAttr>;
}

export interface TfjsFunctionArg {
  name: string;
  type: TfDataType;
}

/** A FunctionDef from modelTopology.library (TF2 control-flow bodies). */
export interface TfjsFunction {
  name: string;
  inputArgs: TfjsFunctionArg[];
  outputArgs: TfjsFunctionArg[];
  nodes: TfjsNode[];
  /** Output arg name → "node:out:index" style reference inside the body. */
  ret: Record<string, string>;
}

export interface TfjsTensorInfo {
  /** Tensor reference, e.g. "input:0". */
  name: string;
  dtype: TfDataType;
  shape: TfShape;
}

export interface TfjsSignature {
  /** Key → tensor info, in file order. */
  inputs: [string, TfjsTensorInfo][];
  outputs: [string, TfjsTensorInfo][];
}

/** Element dtypes a weights manifest can declare. */
export type TfjsWeightDType = 'float32' | 'int32' | 'bool' | 'string' | 'complex64';

export interface TfjsQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  /** Affine parameters (uint8/uint16): real = q * scale + min. */
  scale?: number;
  min?: number;
  originalDtype?: string;
}

interface TfjsWeightBase {
  name: string;
  shape: number[];
  /** Index of the manifest group the weight came from. */
  group: number;
  /** How it was stored; values below are already dequantized. */
  quantization?: TfjsQuantization;
}

/** A decoded weight. complex64 values interleave (re, im). Strings are raw bytes per element. */
export type TfjsWeight = TfjsWeightBase &
  (
    | { dtype: 'float32'; values: Float32Array }
    | { dtype: 'int32'; values: Int32Array }
    | { dtype: 'bool'; values: Uint8Array }
    | { dtype: 'complex64'; values: Float32Array }
    | { dtype: 'string'; values: Uint8Array[] }
  );

export interface TfjsWeightGroup {
  paths: string[];
  /** Bytes the manifest implies; equals the shards' total after a successful read. */
  byteLength: number;
}

export interface TfjsModel {
  format: 'graph-model';
  generatedBy?: string;
  convertedBy?: string;
  /** GraphDef versions.producer, when present. */
  producer?: number;
  nodes: TfjsNode[];
  functions: TfjsFunction[];
  signature?: TfjsSignature;
  userDefinedMetadata?: Record<string, JsonValue>;
  weightGroups: TfjsWeightGroup[];
  /** Weights by name (Const node names in converted graphs). */
  weights: Map<string, TfjsWeight>;
}
