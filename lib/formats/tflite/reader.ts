// .tflite bytes → TfliteModel. Structure is decoded with bounds-checked access
// (flat-reader.ts); cross references and buffer sizes are checked afterwards
// (validate.ts). Any problem is a ModelFormatError naming the element.

import { ModelFormatError } from '../errors';
import { FlatReader, FlatTable, join } from './flat-reader';
import {
  BUILTIN_OPTIONS2_UNION,
  BUILTIN_OPTIONS_UNION,
  optionFields,
  type BuiltinOptions,
  type KnownOptions,
  type OptionTableName,
} from './option-tables';
import {
  DIMENSION_TYPES,
  FILE_IDENTIFIER,
  MAX_TFLITE_BYTES,
  SPARSE_INDEX_VECTOR_TYPES,
  TENSOR_TYPES,
  type TfliteTensorType,
} from './schema';
import type {
  TfliteBuffer,
  TfliteDimensionMetadata,
  TfliteModel,
  TfliteOperator,
  TfliteOperatorCode,
  TfliteQuantization,
  TfliteSignatureDef,
  TfliteSparseIndexVector,
  TfliteSparsity,
  TfliteSubgraph,
  TfliteTensor,
  TfliteTensorMap,
} from './types';
import { validateTflite } from './validate';

export interface ParseTfliteOptions {
  /** Refuse larger inputs (default: TFLite's 2 GB flatbuffer limit). */
  maxBytes?: number;
}

export function hasTfliteIdentifier(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 4; i++) if (bytes[4 + i] !== FILE_IDENTIFIER.charCodeAt(i)) return false;
  return true;
}

export function parseTflite(bytes: Uint8Array, options: ParseTfliteOptions = {}): TfliteModel {
  const maxBytes = options.maxBytes ?? MAX_TFLITE_BYTES;
  if (bytes.length > maxBytes) {
    throw new ModelFormatError('too-large', `file is ${bytes.length} bytes; the limit is ${maxBytes}`);
  }
  if (bytes.length < 8) throw new ModelFormatError('truncated', `file is only ${bytes.length} bytes`);
  if (!hasTfliteIdentifier(bytes)) {
    const got = Array.from(bytes.subarray(4, 8), (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '?')).join('');
    throw new ModelFormatError('bad-identifier', `file identifier is "${got}", expected "${FILE_IDENTIFIER}"`);
  }
  const r = new FlatReader(bytes);
  const model = readModel(r, r.rootTable(''));
  validateTflite(model);
  return model;
}

function readModel(r: FlatReader, t: FlatTable): TfliteModel {
  return {
    version: t.u32(0),
    operatorCodes: (t.tables(1, 'operator_codes', (i) => `operator code ${i}`) ?? []).map(readOperatorCode),
    subgraphs: (t.tables(2, 'subgraphs', (i) => `subgraph ${i}`) ?? []).map(readSubgraph),
    description: t.string(3, 'description'),
    buffers: (t.tables(4, 'buffers', (i) => `buffer ${i}`) ?? []).map((b) => readBuffer(r, b)),
    metadataBuffer: t.numbers(5, 'i32', 'metadata_buffer') ?? [],
    metadata: (t.tables(6, 'metadata', (i) => `metadata ${i}`) ?? []).map((m) => ({
      name: m.string(0, 'name'),
      buffer: m.u32(1),
    })),
    signatureDefs: (t.tables(7, 'signature_defs', (i) => `signature ${i}`) ?? []).map(readSignatureDef),
  };
}

function readOperatorCode(t: FlatTable): TfliteOperatorCode {
  return {
    deprecatedBuiltinCode: t.i8(0),
    customCode: t.string(1, 'custom_code'),
    version: t.i32(2, 1),
    builtinCode: t.i32(3),
  };
}

function readSubgraph(t: FlatTable): TfliteSubgraph {
  return {
    tensors: (t.tables(0, 'tensors', (i) => `tensor ${i}`) ?? []).map(readTensor),
    inputs: t.numbers(1, 'i32', 'inputs') ?? [],
    outputs: t.numbers(2, 'i32', 'outputs') ?? [],
    operators: (t.tables(3, 'operators', (i) => `operator ${i}`) ?? []).map(readOperator),
    name: t.string(4, 'name'),
  };
}

function tensorType(code: number, where: string): TfliteTensorType {
  const type = TENSOR_TYPES[code];
  if (type === undefined) throw new ModelFormatError('bad-value', `unknown tensor type ${code}`, where);
  return type;
}

function readTensor(t: FlatTable): TfliteTensor {
  const quant = t.table(4, 'quantization');
  const sparsity = t.table(6, 'sparsity');
  return {
    shape: t.numbers(0, 'i32', 'shape') ?? [],
    type: tensorType(t.i8(1), t.where),
    buffer: t.u32(2),
    name: t.string(3, 'name'),
    quantization: quant ? readQuantization(quant) : null,
    isVariable: t.bool(5),
    sparsity: sparsity ? readSparsity(sparsity) : null,
    shapeSignature: t.numbers(7, 'i32', 'shape_signature'),
    hasRank: t.bool(8),
    variantTensors: (t.tables(9, 'variant_tensors', (i) => `variant ${i}`) ?? []).map((v) => ({
      shape: v.numbers(0, 'i32', 'shape') ?? [],
      type: tensorType(v.i8(1), v.where),
      hasRank: v.bool(2),
    })),
  };
}

function readQuantization(t: FlatTable): TfliteQuantization {
  // details is a one-member union (CustomQuantization); other type ids are from a newer schema.
  const details = t.u8(4) === 1 ? t.table(5, 'details') : null;
  return {
    min: t.numbers(0, 'f32', 'min') ?? [],
    max: t.numbers(1, 'f32', 'max') ?? [],
    scale: t.numbers(2, 'f32', 'scale') ?? [],
    zeroPoint: t.bigints(3, 'zero_point') ?? [],
    custom: details ? (details.bytes(0, 'custom') ?? new Uint8Array(0)) : null,
    quantizedDimension: t.i32(6),
  };
}

function readSparsity(t: FlatTable): TfliteSparsity {
  return {
    traversalOrder: t.numbers(0, 'i32', 'traversal_order') ?? [],
    blockMap: t.numbers(1, 'i32', 'block_map') ?? [],
    dimMetadata: (t.tables(2, 'dim_metadata', (i) => `dim ${i}`) ?? []).map(readDimensionMetadata),
  };
}

function readDimensionMetadata(t: FlatTable): TfliteDimensionMetadata {
  const format = DIMENSION_TYPES[t.i8(0)];
  if (format === undefined) throw new ModelFormatError('bad-value', `unknown dimension format ${t.i8(0)}`, t.where);
  return {
    format,
    denseSize: t.i32(1),
    arraySegments: readSparseIndexVector(t, 2, 'array_segments'),
    arrayIndices: readSparseIndexVector(t, 4, 'array_indices'),
  };
}

function readSparseIndexVector(t: FlatTable, typeSlot: number, what: string): TfliteSparseIndexVector | null {
  const typeId = t.u8(typeSlot);
  if (typeId === 0) return null;
  const type = SPARSE_INDEX_VECTOR_TYPES[typeId - 1];
  if (type === undefined) throw new ModelFormatError('bad-value', `unknown index vector type ${typeId}`, join(t.where, what));
  const v = t.table(typeSlot + 1, what);
  if (!v) throw new ModelFormatError('bad-value', `index vector type ${type} has no value`, join(t.where, what));
  const kind = type === 'Int32Vector' ? 'i32' : type === 'Uint16Vector' ? 'u16' : 'u8';
  return { type, values: v.numbers(0, kind, 'values') ?? [] };
}

function readOperator(t: FlatTable): TfliteOperator {
  const largeOffset = t.u64(9);
  const largeSize = t.u64(10);
  const external = largeOffset > 1n;
  return {
    opcodeIndex: t.u32(0),
    inputs: t.numbers(1, 'i32', 'inputs') ?? [],
    outputs: t.numbers(2, 'i32', 'outputs') ?? [],
    builtinOptions: readOptionsUnion(t, 3, BUILTIN_OPTIONS_UNION, 'builtin_options'),
    customOptions: external
      ? externalBytes(t, largeOffset, largeSize, 'large_custom_options')
      : t.bytes(5, 'custom_options'),
    customOptionsFormat: t.i8(6),
    customOptionsExternal: external,
    mutatingVariableInputs: t.bools(7, 'mutating_variable_inputs') ?? [],
    intermediates: t.numbers(8, 'i32', 'intermediates') ?? [],
    builtinOptions2: readOptionsUnion(t, 11, BUILTIN_OPTIONS2_UNION, 'builtin_options_2'),
  };
}

function readOptionsUnion(
  t: FlatTable,
  typeSlot: number,
  union: readonly OptionTableName[],
  what: string,
): BuiltinOptions | null {
  const typeId = t.u8(typeSlot);
  if (typeId === 0) return null;
  const name = union[typeId - 1];
  if (name === undefined) return { table: 'unknown', typeId };
  const value = t.table(typeSlot + 1, what);
  if (!value) throw new ModelFormatError('bad-value', `${name} is declared but has no table`, join(t.where, what));
  return readOptionsTable(value, name);
}

/** Decodes an option table by walking its field list (option-tables.ts). */
function readOptionsTable(t: FlatTable, table: OptionTableName): KnownOptions {
  const out: Record<string, unknown> = { table };
  optionFields(table).forEach(([name, kind, dflt], slot) => {
    const num = typeof dflt === 'number' ? dflt : 0;
    switch (kind) {
      case 'deprecated': return;
      case 'bool': out[name] = t.bool(slot, dflt === true); return;
      case 'i8': out[name] = t.i8(slot, num); return;
      case 'u8': out[name] = t.u8(slot, num); return;
      case 'i16': out[name] = t.i16(slot, num); return;
      case 'u16': out[name] = t.u16(slot, num); return;
      case 'i32': out[name] = t.i32(slot, num); return;
      case 'u32': out[name] = t.u32(slot, num); return;
      case 'i64': out[name] = t.i64(slot, BigInt(num)); return;
      case 'f32': out[name] = t.f32(slot, num); return;
      case 'f64': out[name] = t.f64(slot, num); return;
      case 'string': out[name] = t.string(slot, name) ?? ''; return;
      case '[i32]': out[name] = t.numbers(slot, 'i32', name) ?? []; return;
      case '[u32]': out[name] = t.numbers(slot, 'u32', name) ?? []; return;
      case '[f32]': out[name] = t.numbers(slot, 'f32', name) ?? []; return;
      case '[i64]': out[name] = t.bigints(slot, name) ?? []; return;
      case '[bool]': out[name] = t.bools(slot, name) ?? []; return;
      case '[u8]': out[name] = t.bytes(slot, name) ?? new Uint8Array(0); return;
    }
  });
  // The field list defines the shape; this cast is the one boundary between data and type.
  return out as KnownOptions;
}

function readBuffer(r: FlatReader, t: FlatTable): TfliteBuffer {
  const offset = t.u64(1);
  const size = t.u64(2);
  if (offset > 1n) {
    return { data: externalBytes(t, offset, size, 'data'), external: { offset: Number(offset), size: Number(size) } };
  }
  const data = t.bytes(0, 'data');
  if (data === null) return { data: r.bytes.subarray(0, 0), external: null };
  // A present but empty vector is not the same file as an absent one (see TfliteBuffer.emptyDataVector).
  return data.length === 0 ? { data, external: null, emptyDataVector: true } : { data, external: null };
}

/** Bytes stored after the flatbuffer (large-model layout): offset is from the file start. */
function externalBytes(t: FlatTable, offset: bigint, size: bigint, what: string): Uint8Array {
  const bytes = t.fileBytes();
  if (offset + size > BigInt(bytes.length)) {
    throw new ModelFormatError('out-of-range', `external data ${offset}+${size} runs past the end of the file (${bytes.length} bytes)`, join(t.where, what));
  }
  return bytes.subarray(Number(offset), Number(offset + size));
}

function readSignatureDef(t: FlatTable): TfliteSignatureDef {
  const maps = (slot: number, what: string): TfliteTensorMap[] =>
    (t.tables(slot, what, (i) => `${what} ${i}`) ?? []).map((m) => ({ name: m.string(0, 'name'), tensorIndex: m.u32(1) }));
  return {
    inputs: maps(0, 'inputs'),
    outputs: maps(1, 'outputs'),
    signatureKey: t.string(2, 'signature_key'),
    subgraphIndex: t.u32(4),
  };
}

/**
 * Decodes bytes made by encodeOperatorOptions: a flatbuffer whose root is one
 * Operator table. The IR keeps unmapped builtins' options this way (losslessly).
 */
export function decodeOperatorOptions(bytes: Uint8Array): Pick<TfliteOperator, 'builtinOptions' | 'builtinOptions2' | 'customOptions' | 'customOptionsFormat'> {
  if (bytes.length < 8) throw new ModelFormatError('truncated', `operator options are only ${bytes.length} bytes`);
  const r = new FlatReader(bytes);
  const op = readOperator(r.rootTable('operator options'));
  return {
    builtinOptions: op.builtinOptions,
    builtinOptions2: op.builtinOptions2,
    customOptions: op.customOptions,
    customOptionsFormat: op.customOptionsFormat,
  };
}
