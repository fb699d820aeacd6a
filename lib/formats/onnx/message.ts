// Narrowing accessors for messages decoded by protobufjs reflection. Decoded
// messages are untyped; these read one field and check its runtime type, so a
// malformed file surfaces as a ModelFormatError rather than a TypeError.
import { ModelFormatError } from '../errors';

export type Message = object;

function get(m: Message, key: string): unknown {
  return Reflect.get(m, key);
}

/** True when the field was present on the wire (protobufjs sets own properties only for decoded fields). */
export function has(m: Message, key: string): boolean {
  return Object.hasOwn(m, key);
}

export function str(m: Message, key: string): string {
  const v = get(m, key);
  return typeof v === 'string' ? v : '';
}

export function bytes(m: Message, key: string): Uint8Array | undefined {
  const v = get(m, key);
  return v instanceof Uint8Array ? v : undefined;
}

export function sub(m: Message, key: string): Message | undefined {
  const v = get(m, key);
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) ? v : undefined;
}

export function list(m: Message, key: string): unknown[] {
  const v = get(m, key);
  return Array.isArray(v) ? v : [];
}

export function messages(m: Message, key: string): Message[] {
  return list(m, key).filter((v): v is Message => typeof v === 'object' && v !== null);
}

export function strings(m: Message, key: string): string[] {
  return list(m, key).filter((v): v is string => typeof v === 'string');
}

export function numbers(m: Message, key: string): number[] {
  return list(m, key).map((v) => (typeof v === 'number' ? v : NaN));
}

/** An int64/uint64 value as a bigint; protobufjs yields a number or a Long {low, high, unsigned}. */
export function toBigInt(v: unknown): bigint {
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'object' && v !== null) {
    const low = Reflect.get(v, 'low');
    const high = Reflect.get(v, 'high');
    const unsigned = Reflect.get(v, 'unsigned') === true;
    if (typeof low === 'number' && typeof high === 'number') {
      const hi = unsigned ? BigInt(high >>> 0) : BigInt(high | 0);
      return (hi << 32n) | BigInt(low >>> 0);
    }
  }
  throw new ModelFormatError('bad-value', `expected a 64-bit integer, got ${typeof v}`);
}

/** An int64 as a number, clamped to the safe-integer range. */
export function toSafeNumber(v: unknown): number {
  const b = toBigInt(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  if (b < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER;
  return Number(b);
}

export function int(m: Message, key: string): number {
  return toSafeNumber(get(m, key) ?? 0);
}

export function num(m: Message, key: string): number {
  const v = get(m, key);
  return typeof v === 'number' ? v : 0;
}
