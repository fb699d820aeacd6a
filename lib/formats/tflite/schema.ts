// Enum values of tensorflow/lite/schema/schema.fbs (TFL3). Arrays are indexed by
// the wire value, so a name's position is its code; keep entries in schema order.

/** TensorType, by wire value. */
export const TENSOR_TYPES = [
  'FLOAT32', 'FLOAT16', 'INT32', 'UINT8', 'INT64', 'STRING', 'BOOL', 'INT16', 'COMPLEX64', 'INT8',
  'FLOAT64', 'COMPLEX128', 'UINT64', 'RESOURCE', 'VARIANT', 'UINT32', 'UINT16', 'INT4', 'BFLOAT16',
  'INT2', 'UINT4', 'FLOAT8_E4M3FN', 'FLOAT8_E5M2',
] as const;
export type TfliteTensorType = (typeof TENSOR_TYPES)[number];

const TENSOR_TYPE_CODES = new Map<string, number>(TENSOR_TYPES.map((name, code) => [name, code]));
export function tensorTypeCode(type: TfliteTensorType): number {
  return TENSOR_TYPE_CODES.get(type) ?? 0;
}

/**
 * Bits per element of each tensor type; 0 where the size is not fixed
 * (STRING, RESOURCE, VARIANT), so buffer sizes cannot be checked from the shape.
 */
export const TENSOR_TYPE_BITS: Record<TfliteTensorType, number> = {
  FLOAT32: 32, FLOAT16: 16, INT32: 32, UINT8: 8, INT64: 64, STRING: 0, BOOL: 8, INT16: 16,
  COMPLEX64: 64, INT8: 8, FLOAT64: 64, COMPLEX128: 128, UINT64: 64, RESOURCE: 0, VARIANT: 0,
  UINT32: 32, UINT16: 16, INT4: 4, BFLOAT16: 16, INT2: 2, UINT4: 4, FLOAT8_E4M3FN: 8, FLOAT8_E5M2: 8,
};

/** BuiltinOperator, by wire value (int32 in builtin_code, int8 in deprecated_builtin_code). */
const BUILTIN_OPERATOR_LIST = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE',
  'DEQUANTIZE', 'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION',
  'L2_POOL_2D', 'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D',
  'MUL', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX',
  'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS', 'SKIP_GRAM', 'CALL', 'CUSTOM',
  'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER', 'BATCH_TO_SPACE_ND',
  'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE', 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP', 'TOPK_V2', 'SPLIT', 'LOG_SOFTMAX', 'DELEGATE',
  'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS', 'NEG',
  'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV',
  'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT',
  'SHAPE', 'POW', 'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK', 'LOGICAL_OR',
  'ONE_HOT', 'LOGICAL_AND', 'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV', 'REDUCE_ANY',
  'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD', 'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU',
  'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE', 'CEIL', 'REVERSE_V2', 'ADD_N',
  'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG', 'QUANTIZE',
  'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE', 'NON_MAX_SUPPRESSION_V4',
  'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM', 'BATCH_MATMUL',
  'PLACEHOLDER_FOR_GREATER_OP_CODES', 'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D', 'CONV_3D',
  'IMAG', 'REAL', 'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE',
  'REDUCE_ALL', 'CONV_3D_TRANSPOSE', 'VAR_HANDLE', 'READ_VARIABLE', 'ASSIGN_VARIABLE',
  'BROADCAST_ARGS', 'RANDOM_STANDARD_NORMAL', 'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL', 'GELU',
  'DYNAMIC_UPDATE_SLICE', 'RELU_0_TO_1', 'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX',
  'UNSORTED_SEGMENT_SUM', 'ATAN2', 'UNSORTED_SEGMENT_MIN', 'SIGN', 'BITCAST', 'BITWISE_XOR',
  'RIGHT_SHIFT', 'STABLEHLO_LOGISTIC', 'STABLEHLO_ADD', 'STABLEHLO_DIVIDE', 'STABLEHLO_MULTIPLY',
  'STABLEHLO_MAXIMUM', 'STABLEHLO_RESHAPE', 'STABLEHLO_CLAMP', 'STABLEHLO_CONCATENATE',
  'STABLEHLO_BROADCAST_IN_DIM', 'STABLEHLO_CONVOLUTION', 'STABLEHLO_SLICE', 'STABLEHLO_CUSTOM_CALL',
  'STABLEHLO_REDUCE', 'STABLEHLO_ABS', 'STABLEHLO_AND', 'STABLEHLO_COSINE', 'STABLEHLO_EXPONENTIAL',
  'STABLEHLO_FLOOR', 'STABLEHLO_LOG', 'STABLEHLO_MINIMUM', 'STABLEHLO_NEGATE', 'STABLEHLO_OR',
  'STABLEHLO_POWER', 'STABLEHLO_REMAINDER', 'STABLEHLO_RSQRT', 'STABLEHLO_SELECT',
  'STABLEHLO_SUBTRACT', 'STABLEHLO_TANH', 'STABLEHLO_SCATTER', 'STABLEHLO_COMPARE',
  'STABLEHLO_CONVERT', 'STABLEHLO_DYNAMIC_SLICE', 'STABLEHLO_DYNAMIC_UPDATE_SLICE', 'STABLEHLO_PAD',
  'STABLEHLO_IOTA', 'STABLEHLO_DOT_GENERAL', 'STABLEHLO_REDUCE_WINDOW', 'STABLEHLO_SORT',
  'STABLEHLO_WHILE', 'STABLEHLO_GATHER', 'STABLEHLO_TRANSPOSE', 'DILATE',
  'STABLEHLO_RNG_BIT_GENERATOR', 'REDUCE_WINDOW', 'STABLEHLO_COMPOSITE', 'STABLEHLO_SHIFT_LEFT',
  'STABLEHLO_CBRT', 'STABLEHLO_CASE',
] as const;

export type BuiltinOperatorName = (typeof BUILTIN_OPERATOR_LIST)[number] | 'TEMP_STREAMING_CONV_2D';

/** Code → name. The schema has one value outside the dense range (225). */
const BUILTIN_OPERATOR_BY_CODE = new Map<number, BuiltinOperatorName>([
  ...BUILTIN_OPERATOR_LIST.map((name, code): [number, BuiltinOperatorName] => [code, name]),
  [225, 'TEMP_STREAMING_CONV_2D'],
]);
const BUILTIN_OPERATOR_CODES = new Map<BuiltinOperatorName, number>(
  [...BUILTIN_OPERATOR_BY_CODE].map(([code, name]) => [name, code]),
);

export function builtinOperatorName(code: number): BuiltinOperatorName | undefined {
  return BUILTIN_OPERATOR_BY_CODE.get(code);
}

export function builtinOperatorCode(name: BuiltinOperatorName): number {
  const code = BUILTIN_OPERATOR_CODES.get(name);
  if (code === undefined) throw new Error(`unknown builtin operator ${name}`);
  return code;
}

/**
 * deprecated_builtin_code is an int8; codes above it go in builtin_code and the
 * old field holds this placeholder (schema 3a compatibility rule).
 */
export const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

/** enum Padding */
export const PADDINGS = ['SAME', 'VALID'] as const;

/** enum ActivationFunctionType */
export const ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'] as const;

/** enum MirrorPadMode */
export const MIRROR_PAD_MODES = ['REFLECT', 'SYMMETRIC'] as const;

/** enum DimensionType (sparsity) */
export const DIMENSION_TYPES = ['DENSE', 'SPARSE_CSR'] as const;
export type DimensionType = (typeof DIMENSION_TYPES)[number];

/** union SparseIndexVector, by type id - 1 */
export const SPARSE_INDEX_VECTOR_TYPES = ['Int32Vector', 'Uint16Vector', 'Uint8Vector'] as const;
export type SparseIndexVectorType = (typeof SPARSE_INDEX_VECTOR_TYPES)[number];

/** enum CustomOptionsFormat */
export const CUSTOM_OPTIONS_FORMATS = ['FLEXBUFFERS'] as const;

/** TFLite's own limit for one flatbuffer; larger models keep buffers after it, but we refuse those files. */
export const MAX_TFLITE_BYTES = 2 ** 31 - 1;

export const FILE_IDENTIFIER = 'TFL3';
