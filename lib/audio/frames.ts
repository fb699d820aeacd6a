// Cuts a stream of samples into the fixed windows a model takes: `hop` new
// samples per window, each with the `leadIn` samples before them in front
// (zeros before the stream starts), as the recipes' audio feeds describe
// (Silero VAD: 512 + 64; openWakeWord's mel stage: 1,280 + 480).

export interface FrameSpec {
  /** New samples per window. */
  hop: number;
  /** Samples of the previous audio in front of each window. */
  leadIn: number;
}

export class FrameChunker {
  readonly window: number;
  private pending: Float32Array;
  /** Windows emitted so far. */
  private count = 0;

  constructor(private readonly spec: FrameSpec) {
    if (!Number.isInteger(spec.hop) || spec.hop <= 0) throw new RangeError(`hop must be a positive whole number of samples, got ${spec.hop}`);
    if (!Number.isInteger(spec.leadIn) || spec.leadIn < 0) throw new RangeError(`leadIn must be a whole number ≥ 0, got ${spec.leadIn}`);
    this.window = spec.hop + spec.leadIn;
    this.pending = new Float32Array(spec.leadIn);
  }

  /** Windows completed so far in the stream. */
  get emitted(): number {
    return this.count;
  }

  /** Adds samples; returns every window they complete (each a fresh array of `window` samples). */
  push(samples: Float32Array): Float32Array[] {
    const all = new Float32Array(this.pending.length + samples.length);
    all.set(this.pending);
    all.set(samples, this.pending.length);
    const out: Float32Array[] = [];
    let at = 0;
    for (; at + this.window <= all.length; at += this.spec.hop) out.push(all.slice(at, at + this.window));
    this.pending = all.slice(at);
    this.count += out.length;
    return out;
  }

  /** Back to the start of a stream (zero lead-in). */
  reset(): void {
    this.pending = new Float32Array(this.spec.leadIn);
    this.count = 0;
  }
}
