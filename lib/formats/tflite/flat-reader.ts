// Bounds-checked access to flatbuffer tables and vectors. The flatbuffers
// runtime reads without checks (a bad offset gives garbage or a RangeError), so
// every position is checked here first and reported as ModelFormatError with
// the element path. A work budget proportional to the file size caps the total
// number of elements decoded, so vectors that alias one another cannot
// amplify a small hostile file into unbounded work or memory.

import { ByteBuffer } from 'flatbuffers';
import { ModelFormatError } from '../errors';

const utf8 = new TextDecoder('utf-8');

/** Joins element paths as "subgraph 0 / tensor 17". */
export function join(where: string, what: string): string {
  return where ? `${where} / ${what}` : what;
}

export class FlatReader {
  readonly bb: ByteBuffer;
  readonly length: number;
  private budget: number;

  constructor(readonly bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.length = bytes.length;
    // Real files decode far fewer elements than bytes; 4x plus slack is generous.
    this.budget = bytes.length * 4 + 65_536;
  }

  spend(count: number, where: string): void {
    this.budget -= count;
    if (this.budget < 0) {
      throw new ModelFormatError('too-large', 'file declares more elements than its size can hold (aliased or oversized vectors)', where);
    }
  }

  check(pos: number, size: number, where: string): void {
    if (!Number.isInteger(pos) || pos < 0) {
      throw new ModelFormatError('out-of-range', `offset ${pos} is outside the file`, where);
    }
    if (pos + size > this.length) {
      throw new ModelFormatError('truncated', `needs bytes ${pos}..${pos + size} but the file has ${this.length}`, where);
    }
  }

  u32(pos: number, where: string): number {
    this.check(pos, 4, where);
    return this.bb.readUint32(pos);
  }

  /** Follows a uoffset stored at `pos`. */
  deref(pos: number, where: string): number {
    const target = pos + this.u32(pos, where);
    this.check(target, 4, where);
    return target;
  }

  table(pos: number, where: string): FlatTable {
    this.check(pos, 4, where);
    this.spend(1, where);
    const vt = pos - this.bb.readInt32(pos);
    this.check(vt, 4, `${where} (vtable)`);
    const vtLen = this.bb.readUint16(vt);
    const tableLen = this.bb.readUint16(vt + 2);
    if (vtLen < 4 || vtLen % 2 !== 0) {
      throw new ModelFormatError('bad-value', `vtable size ${vtLen} is invalid`, where);
    }
    this.check(vt, vtLen, `${where} (vtable)`);
    if (tableLen < 4) throw new ModelFormatError('bad-value', `table size ${tableLen} is invalid`, where);
    this.check(pos, tableLen, where);
    return new FlatTable(this, pos, vt, vtLen, tableLen, where);
  }

  rootTable(where: string): FlatTable {
    return this.table(this.deref(0, where), where);
  }
}

/** Element sizes of the vector kinds read here. */
type VectorKind = 'i32' | 'u32' | 'i64' | 'f32' | 'u16' | 'u8' | 'bool';
const ELEM_SIZE: Record<VectorKind, number> = { i32: 4, u32: 4, i64: 8, f32: 4, u16: 2, u8: 1, bool: 1 };

export class FlatTable {
  constructor(
    private readonly r: FlatReader,
    readonly pos: number,
    private readonly vt: number,
    private readonly vtLen: number,
    private readonly tableLen: number,
    readonly where: string,
  ) {}

  /** Absolute position of an inline field, or 0 when the field is absent. */
  private field(slot: number, size: number): number {
    const entry = 4 + slot * 2;
    if (entry + 2 > this.vtLen) return 0;
    const off = this.r.bb.readUint16(this.vt + entry);
    if (off === 0) return 0;
    if (off + size > this.tableLen) {
      throw new ModelFormatError('out-of-range', `field ${slot} lies outside its table`, this.where);
    }
    return this.pos + off;
  }

  /** The whole file, for data stored outside the flatbuffer. */
  fileBytes(): Uint8Array {
    return this.r.bytes;
  }

  has(slot: number): boolean {
    return this.field(slot, 1) !== 0;
  }

  bool(slot: number, dflt = false): boolean {
    const p = this.field(slot, 1);
    return p ? this.r.bb.readUint8(p) !== 0 : dflt;
  }
  i8(slot: number, dflt = 0): number {
    const p = this.field(slot, 1);
    return p ? this.r.bb.readInt8(p) : dflt;
  }
  u8(slot: number, dflt = 0): number {
    const p = this.field(slot, 1);
    return p ? this.r.bb.readUint8(p) : dflt;
  }
  i16(slot: number, dflt = 0): number {
    const p = this.field(slot, 2);
    return p ? this.r.bb.readInt16(p) : dflt;
  }
  u16(slot: number, dflt = 0): number {
    const p = this.field(slot, 2);
    return p ? this.r.bb.readUint16(p) : dflt;
  }
  i32(slot: number, dflt = 0): number {
    const p = this.field(slot, 4);
    return p ? this.r.bb.readInt32(p) : dflt;
  }
  u32(slot: number, dflt = 0): number {
    const p = this.field(slot, 4);
    return p ? this.r.bb.readUint32(p) : dflt;
  }
  i64(slot: number, dflt = 0n): bigint {
    const p = this.field(slot, 8);
    return p ? this.r.bb.readInt64(p) : dflt;
  }
  u64(slot: number, dflt = 0n): bigint {
    const p = this.field(slot, 8);
    return p ? this.r.bb.readUint64(p) : dflt;
  }
  f32(slot: number, dflt = 0): number {
    const p = this.field(slot, 4);
    return p ? this.r.bb.readFloat32(p) : dflt;
  }
  f64(slot: number, dflt = 0): number {
    const p = this.field(slot, 8);
    return p ? this.r.bb.readFloat64(p) : dflt;
  }

  private target(slot: number, what: string): number {
    const p = this.field(slot, 4);
    return p ? this.r.deref(p, join(this.where, what)) : 0;
  }

  table(slot: number, what: string): FlatTable | null {
    const t = this.target(slot, what);
    return t ? this.r.table(t, join(this.where, what)) : null;
  }

  /** Start and length of a vector, checked to lie inside the file. */
  private vector(slot: number, elemSize: number, what: string): { start: number; length: number } | null {
    const t = this.target(slot, what);
    if (!t) return null;
    const length = this.r.bb.readUint32(t);
    const where = join(this.where, what);
    if (length * elemSize > this.r.length - t - 4) {
      throw new ModelFormatError('too-large', `declares ${length} elements, more than the file holds`, where);
    }
    return { start: t + 4, length };
  }

  string(slot: number, what: string): string | null {
    const v = this.vector(slot, 1, what);
    if (!v) return null;
    this.r.spend(v.length >>> 4, join(this.where, what));
    return utf8.decode(this.r.bytes.subarray(v.start, v.start + v.length));
  }

  /** A byte vector as a view into the file (no copy). */
  bytes(slot: number, what: string): Uint8Array | null {
    const v = this.vector(slot, 1, what);
    return v ? this.r.bytes.subarray(v.start, v.start + v.length) : null;
  }

  numbers(slot: number, kind: Exclude<VectorKind, 'i64' | 'bool'>, what: string): number[] | null {
    const size = ELEM_SIZE[kind];
    const v = this.vector(slot, size, what);
    if (!v) return null;
    this.r.spend(v.length, join(this.where, what));
    const bb = this.r.bb;
    const out = new Array<number>(v.length);
    for (let i = 0, p = v.start; i < v.length; i++, p += size) {
      out[i] =
        kind === 'i32' ? bb.readInt32(p)
        : kind === 'u32' ? bb.readUint32(p)
        : kind === 'f32' ? bb.readFloat32(p)
        : kind === 'u16' ? bb.readUint16(p)
        : bb.readUint8(p);
    }
    return out;
  }

  bigints(slot: number, what: string): bigint[] | null {
    const v = this.vector(slot, 8, what);
    if (!v) return null;
    this.r.spend(v.length, join(this.where, what));
    const out = new Array<bigint>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.r.bb.readInt64(v.start + i * 8);
    return out;
  }

  bools(slot: number, what: string): boolean[] | null {
    const v = this.vector(slot, 1, what);
    if (!v) return null;
    this.r.spend(v.length, join(this.where, what));
    const out = new Array<boolean>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.r.bytes[v.start + i] !== 0;
    return out;
  }

  /** A vector of tables; `label(i)` names element i in error messages. */
  tables(slot: number, what: string, label: (i: number) => string): FlatTable[] | null {
    const v = this.vector(slot, 4, what);
    if (!v) return null;
    this.r.spend(v.length, join(this.where, what));
    const out = new Array<FlatTable>(v.length);
    for (let i = 0; i < v.length; i++) {
      const where = join(this.where, label(i));
      out[i] = this.r.table(this.r.deref(v.start + i * 4, where), where);
    }
    return out;
  }
}
