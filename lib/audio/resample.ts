// Sample-rate conversion for the audio demos: a Kaiser-windowed sinc
// low-pass evaluated at each output instant (band-limited interpolation), so
// it handles any pair of integer rates (48 kHz → 16 kHz, 44.1 kHz → 16 kHz,
// 8 kHz → 16 kHz) with one code path. Downsampling moves the cutoff below
// the output's Nyquist frequency, which is what keeps the microphone's
// 8–24 kHz content from aliasing into the band the models listen to.
//
// Streaming and whole-buffer conversion give bit-identical results: the
// whole-buffer function is the streaming one fed once and flushed.

export interface ResamplerOptions {
  /** −6 dB point as a fraction of the lower Nyquist frequency (default 0.9: 7.2 kHz for 16 kHz output). */
  cutoff?: number;
  /** Sinc zero crossings on each side of the kernel centre (default 24); more = sharper transition band. */
  zeroCrossings?: number;
  /** Kaiser window β (default 8, ≈ 80 dB stopband). */
  beta?: number;
}

/** Kernel table resolution: entries per input sample; linear interpolation between them keeps errors near −120 dB. */
const TABLE_RESOLUTION = 512;

/** Zeroth-order modified Bessel function of the first kind (power series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function checkRate(rate: number, what: string): number {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`${what} sample rate must be a positive number, got ${rate}`);
  const r = Math.round(rate);
  if (Math.abs(r - rate) > 1e-6) throw new RangeError(`${what} sample rate must be a whole number of Hz, got ${rate}`);
  return r;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Converts a stream of samples at `inRate` to `outRate`; push blocks of any size, `flush` at the end. */
export class StreamingResampler {
  readonly inRate: number;
  readonly outRate: number;
  /** Kernel half-width in input samples. */
  private readonly halfWidth: number;
  /** h(|t|) sampled every 1/TABLE_RESOLUTION input samples, t in input samples. */
  private readonly table: Float32Array;
  /** Reduced ratio: output k sits at input position k·step/den. */
  private readonly step: number;
  private readonly den: number;
  /** Input held for kernels still to be evaluated; buffer[0] is input sample `base`. */
  private buffer = new Float32Array(0);
  private base = 0;
  /** Input samples received so far. */
  private received = 0;
  /** Index of the next output sample. */
  private next = 0;

  constructor(inRate: number, outRate: number, opts: ResamplerOptions = {}) {
    this.inRate = checkRate(inRate, 'input');
    this.outRate = checkRate(outRate, 'output');
    const cutoff = opts.cutoff ?? 0.9;
    const zeroCrossings = opts.zeroCrossings ?? 24;
    const beta = opts.beta ?? 8;
    if (!(cutoff > 0 && cutoff <= 1)) throw new RangeError(`cutoff must be in (0, 1], got ${cutoff}`);
    if (!(zeroCrossings >= 1)) throw new RangeError(`zeroCrossings must be ≥ 1, got ${zeroCrossings}`);
    const g = gcd(this.inRate, this.outRate);
    this.step = this.inRate / g;
    this.den = this.outRate / g;
    // Cutoff in cycles per input sample; the ideal low-pass is 2fc·sinc(2fc·t), unity gain at DC.
    const fc = 0.5 * Math.min(1, this.outRate / this.inRate) * cutoff;
    this.halfWidth = zeroCrossings / (2 * fc);
    const n = Math.ceil(this.halfWidth * TABLE_RESOLUTION) + 2;
    this.table = new Float32Array(n);
    const i0beta = besselI0(beta);
    for (let i = 0; i < n; i++) {
      const t = i / TABLE_RESOLUTION;
      const u = t / this.halfWidth;
      if (u >= 1) continue;
      const x = 2 * fc * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      this.table[i] = 2 * fc * sinc * (besselI0(beta * Math.sqrt(1 - u * u)) / i0beta);
    }
  }

  /** Output samples one input sample takes to come out (the kernel's half-width): the converter's latency. */
  get latencyInputSamples(): number {
    return Math.ceil(this.halfWidth);
  }

  /** Number of output samples a whole signal of `inputLength` samples converts to. */
  outputLength(inputLength: number): number {
    return Math.ceil((inputLength * this.den) / this.step);
  }

  /** Adds input; returns every output sample whose kernel now lies within the input received. */
  push(input: Float32Array): Float32Array {
    this.append(input);
    return this.produce(this.received);
  }

  /** Ends the stream: the outputs still owed for the input so far, computed with zeros after its end. */
  flush(): Float32Array {
    const total = this.outputLength(this.received);
    // Zeros after the end complete the last kernels; they are not input, so `received` stays.
    const pad = this.latencyInputSamples + 2;
    this.append(new Float32Array(pad), false);
    return this.produce(this.received + pad, total);
  }

  /** Forgets all input, as a new stream. */
  reset(): void {
    this.buffer = new Float32Array(0);
    this.base = 0;
    this.received = 0;
    this.next = 0;
  }

  private append(input: Float32Array, isInput = true): void {
    const merged = new Float32Array(this.buffer.length + input.length);
    merged.set(this.buffer);
    merged.set(input, this.buffer.length);
    this.buffer = merged;
    if (isInput) this.received += input.length;
  }

  /** Outputs whose last kernel tap is below `available`, at most up to output index `limit`. */
  private produce(available: number, limit = Infinity): Float32Array {
    const out: number[] = [];
    const w = this.halfWidth;
    for (;;) {
      if (this.next >= limit) break;
      // Exact position k·step/den as integer + fraction, so long streams never drift.
      const num = this.next * this.step;
      const whole = Math.floor(num / this.den);
      const pos = whole + (num - whole * this.den) / this.den;
      const last = Math.floor(pos + w);
      if (last >= available) break;
      const first = Math.ceil(pos - w);
      let acc = 0;
      for (let n = Math.max(first, this.base); n <= last; n++) {
        const d = Math.abs(n - pos) * TABLE_RESOLUTION;
        const i = Math.floor(d);
        const f = d - i;
        acc += this.buffer[n - this.base] * (this.table[i] + (this.table[i + 1] - this.table[i]) * f);
      }
      out.push(acc);
      this.next++;
    }
    // Drop input no future kernel reaches (the next output's first tap onward is kept).
    const nextPos = (this.next * this.step) / this.den;
    const keepFrom = Math.max(this.base, Math.min(this.base + this.buffer.length, Math.ceil(nextPos - w) - 1));
    if (keepFrom > this.base) {
      this.buffer = this.buffer.slice(keepFrom - this.base);
      this.base = keepFrom;
    }
    return Float32Array.from(out);
  }
}

/** Converts a whole signal from `inRate` to `outRate` (zeros assumed outside it). Same rate: a copy. */
export function resample(input: Float32Array, inRate: number, outRate: number, opts: ResamplerOptions = {}): Float32Array {
  if (checkRate(inRate, 'input') === checkRate(outRate, 'output')) return input.slice();
  const r = new StreamingResampler(inRate, outRate, opts);
  const head = r.push(input);
  const tail = r.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
