// Typed reasons a model cannot be quantized to int8, so a recipe can show
// (and tests can assert) exactly which ops or tensors stand in the way.

/** One op type without an int8 path, with the ops of that type that block quantization. */
export interface UnsupportedOpType {
  type: string;
  reason: string;
  /** Op names (ids when unnamed) of that type in the graph. */
  ops: string[];
}

export class Int8UnsupportedError extends Error {
  override readonly name = 'Int8UnsupportedError';
  readonly code = 'int8-unsupported';

  constructor(readonly unsupported: UnsupportedOpType[]) {
    super(`cannot quantize to int8: ${unsupported.map((u) => `${u.type} (${u.reason}; ${u.ops.length} op${u.ops.length === 1 ? '' : 's'})`).join('; ')}`);
  }

  /** The op types, sorted. */
  get opTypes(): string[] {
    return this.unsupported.map((u) => u.type);
  }
}

/** Activation tensors that need a calibrated range and have none (not captured, or never finite). */
export class MissingRangeError extends Error {
  override readonly name = 'MissingRangeError';
  readonly code = 'missing-range';

  constructor(readonly tensors: string[]) {
    const shown = tensors.length > 10 ? [...tensors.slice(0, 10), `… ${tensors.length - 10} more`] : tensors;
    super(`no calibration range for ${tensors.length} tensor${tensors.length === 1 ? '' : 's'}: ${shown.join(', ')}`);
  }
}
