// TfliteModel → .tflite bytes with the flatbuffers Builder. Fields equal to
// their schema default are omitted, as flatc does, so parse(write(m)) equals m.
// Buffers and custom options marked external are placed after the flatbuffer
// (the large-model layout) at offsets computed here.

import { Builder } from 'flatbuffers';
import { ModelFormatError } from '../errors';
import {
  BUILTIN_OPTIONS2_UNION,
  BUILTIN_OPTIONS_UNION,
  optionFields,
  type BuiltinOptions,
  type OptionTableName,
} from './option-tables';
import { DIMENSION_TYPES, FILE_IDENTIFIER, SPARSE_INDEX_VECTOR_TYPES, tensorTypeCode } from './schema';
import type {
  TfliteBuffer,
  TfliteModel,
  TfliteOperator,
  TfliteQuantization,
  TfliteSparseIndexVector,
  TfliteSparsity,
  TfliteSubgraph,
  TfliteTensor,
  TfliteTensorMap,
} from './types';
import { validateTflite } from './validate';

type Offset = number;

const EXTERNAL_ALIGN = 16;

export interface WriteTfliteOptions {
  /** Skip the cross-reference checks (for crafting deliberately broken test files). */
  skipValidation?: boolean;
}

export function writeTflite(model: TfliteModel, options: WriteTfliteOptions = {}): Uint8Array {
  if (!options.skipValidation) validateTflite(model);
  const external = collectExternal(model);
  if (external.length === 0) return build(model, () => 0n);

  // Offsets of external data depend on the flatbuffer's size, which does not
  // depend on their values (u64 fields are fixed width): build, measure, rebuild.
  const draft = build(model, () => 2n);
  const offsets = new Map<Uint8Array, bigint>();
  let pos = align(draft.length, EXTERNAL_ALIGN);
  for (const data of external) {
    offsets.set(data, BigInt(pos));
    pos = align(pos + data.length, EXTERNAL_ALIGN);
  }
  const flat = build(model, (data) => offsets.get(data) ?? 0n);
  if (flat.length !== draft.length) throw new Error('tflite writer: flatbuffer size changed between passes');
  const out = new Uint8Array(pos);
  out.set(flat, 0);
  for (const data of external) out.set(data, Number(offsets.get(data)));
  return out;
}

/** One Operator table as a standalone flatbuffer (options only); see decodeOperatorOptions. */
export function encodeOperatorOptions(
  op: Pick<TfliteOperator, 'builtinOptions' | 'builtinOptions2' | 'customOptions' | 'customOptionsFormat'>,
): Uint8Array {
  const b = new Builder(256);
  const w = new Writer(b, () => 0n);
  const root = w.operator({ ...op, opcodeIndex: 0, inputs: [], outputs: [], customOptionsExternal: false, mutatingVariableInputs: [], intermediates: [] });
  b.finish(root);
  return b.asUint8Array().slice();
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** External payloads in file order: buffers first, then custom options. */
function collectExternal(model: TfliteModel): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of model.buffers) if (b.external) out.push(b.data);
  for (const sg of model.subgraphs) for (const op of sg.operators) if (op.customOptionsExternal && op.customOptions) out.push(op.customOptions);
  return out;
}

function build(model: TfliteModel, externalOffset: (data: Uint8Array) => bigint): Uint8Array {
  const dataBytes = model.buffers.reduce((n, b) => n + (b.external ? 0 : b.data.length), 0);
  const b = new Builder(dataBytes + 1024 * 1024);
  const w = new Writer(b, externalOffset);
  const root = w.model(model);
  b.finish(root, FILE_IDENTIFIER);
  // The builder fills its buffer from the end; copy so callers get a compact array.
  return b.asUint8Array().slice();
}

class Writer {
  constructor(
    private readonly b: Builder,
    private readonly externalOffset: (data: Uint8Array) => bigint,
  ) {}

  // ---- vectors ------------------------------------------------------------
  private i32s(values: readonly number[]): Offset {
    this.b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.b.addInt32(values[i]);
    return this.b.endVector();
  }
  private u16s(values: readonly number[]): Offset {
    this.b.startVector(2, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.b.addInt16(values[i]);
    return this.b.endVector();
  }
  private f32s(values: readonly number[]): Offset {
    this.b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.b.addFloat32(values[i]);
    return this.b.endVector();
  }
  private i64s(values: readonly bigint[]): Offset {
    this.b.startVector(8, values.length, 8);
    for (let i = values.length - 1; i >= 0; i--) this.b.addInt64(values[i]);
    return this.b.endVector();
  }
  private bytes(data: Uint8Array, alignment = 1): Offset {
    // prep leaves the data start aligned; createByteVector then needs no padding.
    if (alignment > 1) this.b.prep(alignment, data.length);
    return this.b.createByteVector(data);
  }
  private offsets(values: readonly Offset[]): Offset {
    this.b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.b.addOffset(values[i]);
    return this.b.endVector();
  }
  private str(s: string | null): Offset {
    return s === null ? 0 : this.b.createString(s);
  }

  // ---- scalars: written only when different from the default --------------
  private int8(slot: number, v: number, d = 0): void {
    this.b.addFieldInt8(slot, v, v === d ? d : null);
  }
  private int16(slot: number, v: number, d = 0): void {
    this.b.addFieldInt16(slot, v, v === d ? d : null);
  }
  private int32(slot: number, v: number, d = 0): void {
    this.b.addFieldInt32(slot, v, v === d ? d : null);
  }
  private int64(slot: number, v: bigint, d = 0n): void {
    this.b.addFieldInt64(slot, v, v === d ? d : null);
  }
  private float32(slot: number, v: number, d = 0): void {
    // Object.is keeps -0 and NaN distinct from a 0 default.
    this.b.addFieldFloat32(slot, v, Object.is(v, d) ? d : null);
  }
  private float64(slot: number, v: number, d = 0): void {
    this.b.addFieldFloat64(slot, v, Object.is(v, d) ? d : null);
  }
  private bool(slot: number, v: boolean, d = false): void {
    this.b.addFieldInt8(slot, v ? 1 : 0, v === d ? (d ? 1 : 0) : null);
  }
  private offset(slot: number, off: Offset): void {
    if (off) this.b.addFieldOffset(slot, off, 0);
  }

  // ---- tables -------------------------------------------------------------
  model(m: TfliteModel): Offset {
    const codes = this.offsets(
      m.operatorCodes.map((c) => {
        const custom = this.str(c.customCode);
        this.b.startObject(4);
        this.int8(0, c.deprecatedBuiltinCode);
        this.offset(1, custom);
        this.int32(2, c.version, 1);
        this.int32(3, c.builtinCode);
        return this.b.endObject();
      }),
    );
    const subgraphs = this.offsets(m.subgraphs.map((s) => this.subgraph(s)));
    const description = this.str(m.description);
    const buffers = this.offsets(m.buffers.map((buf) => this.buffer(buf)));
    const metadataBuffer = m.metadataBuffer.length ? this.i32s(m.metadataBuffer) : 0;
    const metadata = m.metadata.length
      ? this.offsets(
          m.metadata.map((md) => {
            const name = this.str(md.name);
            this.b.startObject(2);
            this.offset(0, name);
            this.int32(1, md.buffer);
            return this.b.endObject();
          }),
        )
      : 0;
    const signatures = m.signatureDefs.length
      ? this.offsets(
          m.signatureDefs.map((sig) => {
            const inputs = this.tensorMaps(sig.inputs);
            const outputs = this.tensorMaps(sig.outputs);
            const key = this.str(sig.signatureKey);
            this.b.startObject(5);
            this.offset(0, inputs);
            this.offset(1, outputs);
            this.offset(2, key);
            this.int32(4, sig.subgraphIndex);
            return this.b.endObject();
          }),
        )
      : 0;
    this.b.startObject(8);
    this.int32(0, m.version);
    this.offset(1, codes);
    this.offset(2, subgraphs);
    this.offset(3, description);
    this.offset(4, buffers);
    this.offset(5, metadataBuffer);
    this.offset(6, metadata);
    this.offset(7, signatures);
    return this.b.endObject();
  }

  private tensorMaps(maps: TfliteTensorMap[]): Offset {
    return this.offsets(
      maps.map((m) => {
        const name = this.str(m.name);
        this.b.startObject(2);
        this.offset(0, name);
        this.int32(1, m.tensorIndex);
        return this.b.endObject();
      }),
    );
  }

  private buffer(buf: TfliteBuffer): Offset {
    if (buf.external) {
      this.b.startObject(3);
      this.int64(1, this.externalOffset(buf.data));
      this.int64(2, BigInt(buf.data.length));
      return this.b.endObject();
    }
    // An empty vector is written only when the source had one: the runtime tells it from an absent field.
    const data = buf.data.length || buf.emptyDataVector === true ? this.bytes(buf.data, 16) : 0;
    this.b.startObject(3);
    this.offset(0, data);
    return this.b.endObject();
  }

  private subgraph(s: TfliteSubgraph): Offset {
    const tensors = this.offsets(s.tensors.map((t) => this.tensor(t)));
    const inputs = this.i32s(s.inputs);
    const outputs = this.i32s(s.outputs);
    const operators = this.offsets(s.operators.map((op) => this.operator(op)));
    const name = this.str(s.name);
    this.b.startObject(5);
    this.offset(0, tensors);
    this.offset(1, inputs);
    this.offset(2, outputs);
    this.offset(3, operators);
    this.offset(4, name);
    return this.b.endObject();
  }

  private tensor(t: TfliteTensor): Offset {
    const shape = this.i32s(t.shape);
    const name = this.str(t.name);
    const quant = t.quantization ? this.quantization(t.quantization) : 0;
    const sparsity = t.sparsity ? this.sparsity(t.sparsity) : 0;
    const signature = t.shapeSignature ? this.i32s(t.shapeSignature) : 0;
    const variants = t.variantTensors.length
      ? this.offsets(
          t.variantTensors.map((v) => {
            const vshape = this.i32s(v.shape);
            this.b.startObject(3);
            this.offset(0, vshape);
            this.int8(1, tensorTypeCode(v.type));
            this.bool(2, v.hasRank);
            return this.b.endObject();
          }),
        )
      : 0;
    this.b.startObject(10);
    this.offset(0, shape);
    this.int8(1, tensorTypeCode(t.type));
    this.int32(2, t.buffer);
    this.offset(3, name);
    this.offset(4, quant);
    this.bool(5, t.isVariable);
    this.offset(6, sparsity);
    this.offset(7, signature);
    this.bool(8, t.hasRank);
    this.offset(9, variants);
    return this.b.endObject();
  }

  private quantization(q: TfliteQuantization): Offset {
    const min = q.min.length ? this.f32s(q.min) : 0;
    const max = q.max.length ? this.f32s(q.max) : 0;
    const scale = q.scale.length ? this.f32s(q.scale) : 0;
    const zero = q.zeroPoint.length ? this.i64s(q.zeroPoint) : 0;
    let details = 0;
    if (q.custom) {
      const custom = this.bytes(q.custom, 16);
      this.b.startObject(1);
      this.offset(0, custom);
      details = this.b.endObject();
    }
    this.b.startObject(7);
    this.offset(0, min);
    this.offset(1, max);
    this.offset(2, scale);
    this.offset(3, zero);
    if (details) {
      this.int8(4, 1);
      this.offset(5, details);
    }
    this.int32(6, q.quantizedDimension);
    return this.b.endObject();
  }

  private sparsity(s: TfliteSparsity): Offset {
    const order = this.i32s(s.traversalOrder);
    const blockMap = s.blockMap.length ? this.i32s(s.blockMap) : 0;
    const dims = this.offsets(
      s.dimMetadata.map((d) => {
        const segments = d.arraySegments ? this.indexVector(d.arraySegments) : 0;
        const indices = d.arrayIndices ? this.indexVector(d.arrayIndices) : 0;
        this.b.startObject(6);
        this.int8(0, DIMENSION_TYPES.indexOf(d.format));
        this.int32(1, d.denseSize);
        if (d.arraySegments) this.int8(2, SPARSE_INDEX_VECTOR_TYPES.indexOf(d.arraySegments.type) + 1);
        this.offset(3, segments);
        if (d.arrayIndices) this.int8(4, SPARSE_INDEX_VECTOR_TYPES.indexOf(d.arrayIndices.type) + 1);
        this.offset(5, indices);
        return this.b.endObject();
      }),
    );
    this.b.startObject(3);
    this.offset(0, order);
    this.offset(1, blockMap);
    this.offset(2, dims);
    return this.b.endObject();
  }

  private indexVector(v: TfliteSparseIndexVector): Offset {
    const values =
      v.type === 'Int32Vector' ? this.i32s(v.values)
      : v.type === 'Uint16Vector' ? this.u16s(v.values)
      : this.bytes(Uint8Array.from(v.values), 4);
    this.b.startObject(1);
    this.offset(0, values);
    return this.b.endObject();
  }

  operator(op: TfliteOperator): Offset {
    const inputs = this.i32s(op.inputs);
    const outputs = this.i32s(op.outputs);
    const options = this.options(op.builtinOptions, BUILTIN_OPTIONS_UNION);
    const options2 = this.options(op.builtinOptions2, BUILTIN_OPTIONS2_UNION);
    const inline = op.customOptions && !op.customOptionsExternal;
    const custom = inline && op.customOptions ? this.bytes(op.customOptions) : 0;
    const mutating = op.mutatingVariableInputs.length
      ? this.bytes(Uint8Array.from(op.mutatingVariableInputs, (v) => (v ? 1 : 0)))
      : 0;
    const intermediates = op.intermediates.length ? this.i32s(op.intermediates) : 0;
    this.b.startObject(13);
    this.int32(0, op.opcodeIndex);
    this.offset(1, inputs);
    this.offset(2, outputs);
    if (options) {
      this.int8(3, options.typeId);
      this.offset(4, options.table);
    }
    this.offset(5, custom);
    this.int8(6, op.customOptionsFormat);
    this.offset(7, mutating);
    this.offset(8, intermediates);
    if (op.customOptionsExternal && op.customOptions) {
      this.int64(9, this.externalOffset(op.customOptions));
      this.int64(10, BigInt(op.customOptions.length));
    }
    if (options2) {
      this.int8(11, options2.typeId);
      this.offset(12, options2.table);
    }
    return this.b.endObject();
  }

  private options(
    options: BuiltinOptions | null,
    union: readonly OptionTableName[],
  ): { typeId: number; table: Offset } | null {
    if (!options) return null;
    if (options.table === 'unknown') {
      throw new ModelFormatError('unsupported', `cannot write builtin options of unknown union type ${options.typeId}`);
    }
    const typeId = union.indexOf(options.table) + 1;
    if (typeId === 0) throw new ModelFormatError('unsupported', `${options.table} does not belong in this options union`);
    return { typeId, table: this.optionsTable(options.table, options) };
  }

  /** Encodes an option table by walking its field list (option-tables.ts). */
  private optionsTable(table: OptionTableName, values: object): Offset {
    const fields = optionFields(table);
    const get = (name: string): unknown => (values as Record<string, unknown>)[name];
    // Offsets (strings, vectors) must be created before the table starts.
    const refs = fields.map(([name, kind]) => {
      const v = get(name);
      switch (kind) {
        case 'string': return typeof v === 'string' && v !== '' ? this.b.createString(v) : 0;
        case '[i32]': case '[u32]': return isNumbers(v) && v.length ? this.i32s(v) : 0;
        case '[f32]': return isNumbers(v) && v.length ? this.f32s(v) : 0;
        case '[i64]': return Array.isArray(v) && v.length ? this.i64s(v.map((x) => BigInt(x))) : 0;
        case '[bool]': return Array.isArray(v) && v.length ? this.bytes(Uint8Array.from(v, (x) => (x ? 1 : 0))) : 0;
        case '[u8]': return v instanceof Uint8Array && v.length ? this.bytes(v) : 0;
        default: return 0;
      }
    });
    this.b.startObject(fields.length);
    fields.forEach(([name, kind, dflt], slot) => {
      const v = get(name);
      const num = typeof dflt === 'number' ? dflt : 0;
      switch (kind) {
        case 'deprecated': return;
        case 'bool': this.bool(slot, v === true, dflt === true); return;
        case 'i8': case 'u8': this.int8(slot, toNumber(v), num); return;
        case 'i16': case 'u16': this.int16(slot, toNumber(v), num); return;
        case 'i32': case 'u32': this.int32(slot, toNumber(v), num); return;
        case 'i64': this.int64(slot, typeof v === 'bigint' ? v : BigInt(toNumber(v)), BigInt(num)); return;
        case 'f32': this.float32(slot, toNumber(v), num); return;
        case 'f64': this.float64(slot, toNumber(v), num); return;
        default: this.offset(slot, refs[slot]);
      }
    });
    return this.b.endObject();
  }
}

function isNumbers(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}
