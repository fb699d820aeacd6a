// Field lists of every builtin option table in schema.fbs, as data. The reader
// and writer walk these lists, so every option table round-trips and each one
// is decoded into a typed object. A field's position in its list is its
// flatbuffer field id; deprecated fields keep their slot as 'deprecated'.

/** Wire kinds used by option fields. Enums are stored as their integer kind. */
export type FieldKind =
  | 'bool' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'f32' | 'f64' | 'string'
  | '[i32]' | '[u32]' | '[i64]' | '[f32]' | '[bool]' | '[u8]'
  | 'deprecated';

export type FieldSpec = readonly [name: string, kind: FieldKind, defaultValue?: number | boolean];

type KindValue<K extends FieldKind> = K extends 'bool'
  ? boolean
  : K extends 'i64'
    ? bigint
    : K extends 'string'
      ? string
      : K extends '[i64]'
        ? bigint[]
        : K extends '[bool]'
          ? boolean[]
          : K extends '[u8]'
            ? Uint8Array
            : K extends '[i32]' | '[u32]' | '[f32]'
              ? number[]
              : number;

const ACT = 'fused_activation_function';

export const OPTION_TABLES = {
  Conv2DOptions: [['padding', 'i8'], ['stride_w', 'i32'], ['stride_h', 'i32'], [ACT, 'i8'], ['dilation_w_factor', 'i32', 1], ['dilation_h_factor', 'i32', 1], ['quantized_bias_type', 'i8']],
  DepthwiseConv2DOptions: [['padding', 'i8'], ['stride_w', 'i32'], ['stride_h', 'i32'], ['depth_multiplier', 'i32'], [ACT, 'i8'], ['dilation_w_factor', 'i32', 1], ['dilation_h_factor', 'i32', 1]],
  ConcatEmbeddingsOptions: [['num_channels', 'i32'], ['num_columns_per_channel', '[i32]'], ['embedding_dim_per_channel', '[i32]']],
  LSHProjectionOptions: [['type', 'i8']],
  Pool2DOptions: [['padding', 'i8'], ['stride_w', 'i32'], ['stride_h', 'i32'], ['filter_width', 'i32'], ['filter_height', 'i32'], [ACT, 'i8']],
  SVDFOptions: [['rank', 'i32'], [ACT, 'i8'], ['asymmetric_quantize_inputs', 'bool']],
  RNNOptions: [[ACT, 'i8'], ['asymmetric_quantize_inputs', 'bool']],
  FullyConnectedOptions: [[ACT, 'i8'], ['weights_format', 'i8'], ['keep_num_dims', 'bool'], ['asymmetric_quantize_inputs', 'bool'], ['quantized_bias_type', 'i8']],
  SoftmaxOptions: [['beta', 'f32']],
  ConcatenationOptions: [['axis', 'i32'], [ACT, 'i8']],
  AddOptions: [[ACT, 'i8'], ['pot_scale_int16', 'bool', true]],
  L2NormOptions: [[ACT, 'i8']],
  LocalResponseNormalizationOptions: [['radius', 'i32'], ['bias', 'f32'], ['alpha', 'f32'], ['beta', 'f32']],
  LSTMOptions: [[ACT, 'i8'], ['cell_clip', 'f32'], ['proj_clip', 'f32'], ['kernel_type', 'i8'], ['asymmetric_quantize_inputs', 'bool']],
  ResizeBilinearOptions: [['new_height', 'deprecated'], ['new_width', 'deprecated'], ['align_corners', 'bool'], ['half_pixel_centers', 'bool']],
  CallOptions: [['subgraph', 'u32']],
  ReshapeOptions: [['new_shape', '[i32]']],
  SkipGramOptions: [['ngram_size', 'i32'], ['max_skip_size', 'i32'], ['include_all_ngrams', 'bool']],
  SpaceToDepthOptions: [['block_size', 'i32']],
  EmbeddingLookupSparseOptions: [['combiner', 'i8']],
  MulOptions: [[ACT, 'i8']],
  PadOptions: [],
  GatherOptions: [['axis', 'i32'], ['batch_dims', 'i32']],
  BatchToSpaceNDOptions: [],
  SpaceToBatchNDOptions: [],
  TransposeOptions: [],
  ReducerOptions: [['keep_dims', 'bool']],
  SubOptions: [[ACT, 'i8'], ['pot_scale_int16', 'bool', true]],
  DivOptions: [[ACT, 'i8']],
  SqueezeOptions: [['squeeze_dims', '[i32]']],
  SequenceRNNOptions: [['time_major', 'bool'], [ACT, 'i8'], ['asymmetric_quantize_inputs', 'bool']],
  StridedSliceOptions: [['begin_mask', 'i32'], ['end_mask', 'i32'], ['ellipsis_mask', 'i32'], ['new_axis_mask', 'i32'], ['shrink_axis_mask', 'i32'], ['offset', 'bool']],
  ExpOptions: [],
  TopKV2Options: [],
  SplitOptions: [['num_splits', 'i32']],
  LogSoftmaxOptions: [],
  CastOptions: [['in_data_type', 'i8'], ['out_data_type', 'i8']],
  DequantizeOptions: [],
  MaximumMinimumOptions: [],
  ArgMaxOptions: [['output_type', 'i8']],
  LessOptions: [],
  NegOptions: [],
  PadV2Options: [],
  GreaterOptions: [],
  GreaterEqualOptions: [],
  LessEqualOptions: [],
  SelectOptions: [],
  SliceOptions: [],
  TransposeConvOptions: [['padding', 'i8'], ['stride_w', 'i32'], ['stride_h', 'i32'], [ACT, 'i8'], ['quantized_bias_type', 'i8']],
  SparseToDenseOptions: [['validate_indices', 'bool']],
  TileOptions: [],
  ExpandDimsOptions: [],
  EqualOptions: [],
  NotEqualOptions: [],
  ShapeOptions: [['out_type', 'i8']],
  PowOptions: [],
  ArgMinOptions: [['output_type', 'i8']],
  FakeQuantOptions: [['min', 'f32'], ['max', 'f32'], ['num_bits', 'i32'], ['narrow_range', 'bool']],
  PackOptions: [['values_count', 'i32'], ['axis', 'i32']],
  LogicalOrOptions: [],
  OneHotOptions: [['axis', 'i32']],
  LogicalAndOptions: [],
  LogicalNotOptions: [],
  UnpackOptions: [['num', 'i32'], ['axis', 'i32']],
  FloorDivOptions: [],
  SquareOptions: [],
  ZerosLikeOptions: [],
  FillOptions: [],
  BidirectionalSequenceLSTMOptions: [[ACT, 'i8'], ['cell_clip', 'f32'], ['proj_clip', 'f32'], ['merge_outputs', 'bool'], ['time_major', 'bool', true], ['asymmetric_quantize_inputs', 'bool']],
  BidirectionalSequenceRNNOptions: [['time_major', 'bool'], [ACT, 'i8'], ['merge_outputs', 'bool'], ['asymmetric_quantize_inputs', 'bool']],
  UnidirectionalSequenceLSTMOptions: [[ACT, 'i8'], ['cell_clip', 'f32'], ['proj_clip', 'f32'], ['time_major', 'bool'], ['asymmetric_quantize_inputs', 'bool'], ['diagonal_recurrent_tensors', 'bool']],
  FloorModOptions: [],
  RangeOptions: [],
  ResizeNearestNeighborOptions: [['align_corners', 'bool'], ['half_pixel_centers', 'bool']],
  LeakyReluOptions: [['alpha', 'f32']],
  SquaredDifferenceOptions: [],
  MirrorPadOptions: [['mode', 'i8']],
  AbsOptions: [],
  SplitVOptions: [['num_splits', 'i32']],
  UniqueOptions: [['idx_out_type', 'i8', 2]],
  ReverseV2Options: [],
  AddNOptions: [],
  GatherNdOptions: [],
  CosOptions: [],
  WhereOptions: [],
  RankOptions: [],
  ReverseSequenceOptions: [['seq_dim', 'i32'], ['batch_dim', 'i32']],
  MatrixDiagOptions: [],
  QuantizeOptions: [],
  MatrixSetDiagOptions: [],
  HardSwishOptions: [],
  IfOptions: [['then_subgraph_index', 'i32'], ['else_subgraph_index', 'i32']],
  WhileOptions: [['cond_subgraph_index', 'i32'], ['body_subgraph_index', 'i32']],
  DepthToSpaceOptions: [['block_size', 'i32']],
  NonMaxSuppressionV4Options: [],
  NonMaxSuppressionV5Options: [],
  ScatterNdOptions: [],
  SelectV2Options: [],
  DensifyOptions: [],
  SegmentSumOptions: [],
  BatchMatMulOptions: [['adj_x', 'bool'], ['adj_y', 'bool'], ['asymmetric_quantize_inputs', 'bool']],
  CumsumOptions: [['exclusive', 'bool'], ['reverse', 'bool']],
  CallOnceOptions: [['init_subgraph_index', 'i32']],
  BroadcastToOptions: [],
  Rfft2dOptions: [],
  Conv3DOptions: [['padding', 'i8'], ['stride_d', 'i32'], ['stride_w', 'i32'], ['stride_h', 'i32'], [ACT, 'i8'], ['dilation_d_factor', 'i32', 1], ['dilation_w_factor', 'i32', 1], ['dilation_h_factor', 'i32', 1]],
  HashtableOptions: [['table_id', 'i32'], ['key_dtype', 'i8'], ['value_dtype', 'i8']],
  HashtableFindOptions: [],
  HashtableImportOptions: [],
  HashtableSizeOptions: [],
  VarHandleOptions: [['container', 'string'], ['shared_name', 'string']],
  ReadVariableOptions: [],
  AssignVariableOptions: [],
  RandomOptions: [['seed', 'i64'], ['seed2', 'i64']],
  BucketizeOptions: [['boundaries', '[f32]']],
  GeluOptions: [['approximate', 'bool']],
  DynamicUpdateSliceOptions: [],
  UnsortedSegmentProdOptions: [],
  UnsortedSegmentMaxOptions: [],
  UnsortedSegmentMinOptions: [],
  UnsortedSegmentSumOptions: [],
  ATan2Options: [],
  SignOptions: [],
  BitcastOptions: [],
  BitwiseXorOptions: [],
  RightShiftOptions: [],
  // ---- union BuiltinOptions2 -------------------------------------------------
  StablehloConcatenateOptions: [['dimension', 'i64']],
  StablehloBroadcastInDimOptions: [['broadcast_dimensions', '[i64]']],
  StablehloSliceOptions: [['start_indices', '[i64]'], ['limit_indices', '[i64]'], ['strides', '[i64]']],
  StablehloConvolutionOptions: [
    ['window_strides', '[i64]'], ['padding', '[i64]'], ['lhs_dilation', '[i64]'], ['rhs_dilation', '[i64]'],
    ['window_reversal', '[bool]'], ['input_batch_dimension', 'i64'], ['input_feature_dimension', 'i64'],
    ['input_spatial_dimensions', '[i64]'], ['kernel_input_feature_dimension', 'i64'],
    ['kernel_output_feature_dimension', 'i64'], ['kernel_spatial_dimensions', '[i64]'],
    ['output_batch_dimension', 'i64'], ['output_feature_dimension', 'i64'], ['output_spatial_dimensions', '[i64]'],
    ['feature_group_count', 'i64'], ['batch_group_count', 'i64'], ['precision_config', '[u32]'],
  ],
  StablehloCustomCallOptions: [['call_target_name', 'string'], ['has_side_effect', 'bool'], ['backend_config', 'string'], ['api_version', 'i32'], ['called_computations', '[i32]'], ['custom_attributes', '[u8]']],
  StablehloReduceOptions: [['dimensions', '[i64]'], ['body_subgraph_index', 'i32']],
  StablehloScatterOptions: [['indices_are_sorted', 'bool'], ['update_window_dims', '[i64]'], ['inserted_window_dims', '[i64]'], ['scatter_dims_to_operand_dims', '[i64]'], ['index_vector_dim', 'i64'], ['unique_indices', 'bool'], ['update_computation_subgraph_index', 'i32']],
  StablehloCompareOptions: [['comparison_direction', 'u32'], ['compare_type', 'u32']],
  StablehloDynamicSliceOptions: [['slice_sizes', '[i64]']],
  StablehloPadOptions: [['edge_padding_low', '[i64]'], ['edge_padding_high', '[i64]'], ['interior_padding', '[i64]']],
  StablehloIotaOptions: [['iota_dimension', 'i64']],
  StablehloDotGeneralOptions: [['lhs_batching_dimensions', '[i64]'], ['rhs_batching_dimensions', '[i64]'], ['lhs_contracting_dimensions', '[i64]'], ['rhs_contracting_dimensions', '[i64]'], ['precision_config', '[u32]']],
  StablehloReduceWindowOptions: [['window_dimensions', '[i64]'], ['window_strides', '[i64]'], ['base_dilations', '[i64]'], ['window_dilations', '[i64]'], ['padding', '[i64]'], ['body_subgraph_index', 'i32']],
  StablehloSortOptions: [['dimension', 'i64'], ['is_stable', 'bool'], ['comparator_subgraph_index', 'i32']],
  StablehloWhileOptions: [['cond_subgraph_index', 'i32'], ['body_subgraph_index', 'i32']],
  StablehloGatherOptions: [['offset_dims', '[i64]'], ['collapsed_slice_dims', '[i64]'], ['start_index_map', '[i64]'], ['index_vector_dim', 'i64'], ['slice_sizes', '[i64]'], ['indices_are_sorted', 'bool']],
  StablehloTransposeOptions: [['permutation', '[i64]']],
  DilateOptions: [],
  StablehloRngBitGeneratorOptions: [['algorithm', 'i8']],
  ReduceWindowOptions: [['reduce_function', 'i32']],
} as const satisfies Record<string, readonly FieldSpec[]>;

export type OptionTableName = keyof typeof OPTION_TABLES;

type FieldsOf<T extends OptionTableName> = (typeof OPTION_TABLES)[T][number];

/** Decoded values of one option table, keyed by schema field name. */
export type OptionValues<T extends OptionTableName> = {
  [F in FieldsOf<T> as F[1] extends 'deprecated' ? never : F[0]]: KindValue<F[1]>;
};

/** A decoded option table: `table` names it, the rest are its fields. */
export type KnownOptions = { [T in OptionTableName]: { table: T } & OptionValues<T> }[OptionTableName];

/**
 * An option union member newer than this schema. Reading keeps the type id so
 * tools can report it; writing refuses it, because the table's fields cannot be
 * re-encoded without knowing their types.
 */
export interface UnknownOptions {
  table: 'unknown';
  typeId: number;
}

export type BuiltinOptions = KnownOptions | UnknownOptions;

/** union BuiltinOptions, by type id - 1. */
export const BUILTIN_OPTIONS_UNION: readonly OptionTableName[] = [
  'Conv2DOptions', 'DepthwiseConv2DOptions', 'ConcatEmbeddingsOptions', 'LSHProjectionOptions',
  'Pool2DOptions', 'SVDFOptions', 'RNNOptions', 'FullyConnectedOptions', 'SoftmaxOptions',
  'ConcatenationOptions', 'AddOptions', 'L2NormOptions', 'LocalResponseNormalizationOptions',
  'LSTMOptions', 'ResizeBilinearOptions', 'CallOptions', 'ReshapeOptions', 'SkipGramOptions',
  'SpaceToDepthOptions', 'EmbeddingLookupSparseOptions', 'MulOptions', 'PadOptions', 'GatherOptions',
  'BatchToSpaceNDOptions', 'SpaceToBatchNDOptions', 'TransposeOptions', 'ReducerOptions', 'SubOptions',
  'DivOptions', 'SqueezeOptions', 'SequenceRNNOptions', 'StridedSliceOptions', 'ExpOptions',
  'TopKV2Options', 'SplitOptions', 'LogSoftmaxOptions', 'CastOptions', 'DequantizeOptions',
  'MaximumMinimumOptions', 'ArgMaxOptions', 'LessOptions', 'NegOptions', 'PadV2Options',
  'GreaterOptions', 'GreaterEqualOptions', 'LessEqualOptions', 'SelectOptions', 'SliceOptions',
  'TransposeConvOptions', 'SparseToDenseOptions', 'TileOptions', 'ExpandDimsOptions', 'EqualOptions',
  'NotEqualOptions', 'ShapeOptions', 'PowOptions', 'ArgMinOptions', 'FakeQuantOptions', 'PackOptions',
  'LogicalOrOptions', 'OneHotOptions', 'LogicalAndOptions', 'LogicalNotOptions', 'UnpackOptions',
  'FloorDivOptions', 'SquareOptions', 'ZerosLikeOptions', 'FillOptions',
  'BidirectionalSequenceLSTMOptions', 'BidirectionalSequenceRNNOptions',
  'UnidirectionalSequenceLSTMOptions', 'FloorModOptions', 'RangeOptions',
  'ResizeNearestNeighborOptions', 'LeakyReluOptions', 'SquaredDifferenceOptions', 'MirrorPadOptions',
  'AbsOptions', 'SplitVOptions', 'UniqueOptions', 'ReverseV2Options', 'AddNOptions', 'GatherNdOptions',
  'CosOptions', 'WhereOptions', 'RankOptions', 'ReverseSequenceOptions', 'MatrixDiagOptions',
  'QuantizeOptions', 'MatrixSetDiagOptions', 'HardSwishOptions', 'IfOptions', 'WhileOptions',
  'DepthToSpaceOptions', 'NonMaxSuppressionV4Options', 'NonMaxSuppressionV5Options', 'ScatterNdOptions',
  'SelectV2Options', 'DensifyOptions', 'SegmentSumOptions', 'BatchMatMulOptions', 'CumsumOptions',
  'CallOnceOptions', 'BroadcastToOptions', 'Rfft2dOptions', 'Conv3DOptions', 'HashtableOptions',
  'HashtableFindOptions', 'HashtableImportOptions', 'HashtableSizeOptions', 'VarHandleOptions',
  'ReadVariableOptions', 'AssignVariableOptions', 'RandomOptions', 'BucketizeOptions', 'GeluOptions',
  'DynamicUpdateSliceOptions', 'UnsortedSegmentProdOptions', 'UnsortedSegmentMaxOptions',
  'UnsortedSegmentMinOptions', 'UnsortedSegmentSumOptions', 'ATan2Options', 'SignOptions',
  'BitcastOptions', 'BitwiseXorOptions', 'RightShiftOptions',
];

/** union BuiltinOptions2, by type id - 1. */
export const BUILTIN_OPTIONS2_UNION: readonly OptionTableName[] = [
  'StablehloConcatenateOptions', 'StablehloBroadcastInDimOptions', 'StablehloSliceOptions',
  'StablehloConvolutionOptions', 'StablehloCustomCallOptions', 'StablehloReduceOptions',
  'StablehloScatterOptions', 'StablehloCompareOptions', 'StablehloDynamicSliceOptions',
  'StablehloPadOptions', 'StablehloIotaOptions', 'StablehloDotGeneralOptions',
  'StablehloReduceWindowOptions', 'StablehloSortOptions', 'StablehloWhileOptions',
  'StablehloGatherOptions', 'StablehloTransposeOptions', 'DilateOptions',
  'StablehloRngBitGeneratorOptions', 'ReduceWindowOptions',
];

export function optionFields(table: OptionTableName): readonly FieldSpec[] {
  return OPTION_TABLES[table];
}

/** A table's options with every field at its schema default (for building models). */
export function defaultOptions<T extends OptionTableName>(table: T): { table: T } & OptionValues<T> {
  const out: Record<string, unknown> = { table };
  for (const [name, kind, dflt] of optionFields(table)) {
    if (kind === 'deprecated') continue;
    out[name] = defaultValueOf(kind, dflt);
  }
  return out as { table: T } & OptionValues<T>;
}

export function defaultValueOf(kind: FieldKind, dflt: number | boolean | undefined): unknown {
  switch (kind) {
    case 'bool': return dflt === true;
    case 'i64': return BigInt(typeof dflt === 'number' ? dflt : 0);
    case 'string': return '';
    case '[u8]': return new Uint8Array(0);
    case '[i32]': case '[u32]': case '[i64]': case '[f32]': case '[bool]': return [];
    default: return typeof dflt === 'number' ? dflt : 0;
  }
}
