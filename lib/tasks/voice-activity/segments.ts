// Speech segments from per-hop speech probabilities, following Silero's
// get_speech_timestamps: speech starts at the first hop ≥ threshold (0.5),
// and ends once the probability has stayed below threshold − 0.15 (0.35)
// for minSilenceMs (100 ms), at the first quiet hop; segments not longer than
// minSpeechMs (250 ms) are dropped; finally each is padded by speechPadMs
// (30 ms) each side, halving the gap when two would overlap. Streaming: push
// one probability per hop; `segments()` is the padded list so far.

export interface SegmentOptions {
  threshold: number;
  /** Hysteresis: a segment ends only below this (Silero: threshold − 0.15). */
  negThreshold: number;
  minSpeechMs: number;
  minSilenceMs: number;
  speechPadMs: number;
  sampleRate: number;
  /** Samples per probability. */
  hopSamples: number;
}

export const DEFAULT_SEGMENT_OPTIONS: SegmentOptions = {
  threshold: 0.5,
  negThreshold: 0.35,
  minSpeechMs: 250,
  minSilenceMs: 100,
  speechPadMs: 30,
  sampleRate: 16000,
  hopSamples: 512,
};

/** Silero's defaults with another threshold (the off threshold follows it, 0.15 lower, at least 0.01). */
export function segmentOptions(threshold = DEFAULT_SEGMENT_OPTIONS.threshold, rest: Partial<SegmentOptions> = {}): SegmentOptions {
  return { ...DEFAULT_SEGMENT_OPTIONS, threshold, negThreshold: Math.max(threshold - 0.15, 0.01), ...rest };
}

export interface SpeechSegment {
  startSec: number;
  endSec: number;
  /** True while the stream is still inside it (end = the audio so far). */
  open?: boolean;
}

interface RawSegment {
  start: number;
  end: number;
}

function checkOptions(o: SegmentOptions): void {
  if (!(o.threshold > 0 && o.threshold < 1)) throw new RangeError(`threshold must be between 0 and 1, got ${o.threshold}`);
  if (!(o.negThreshold > 0 && o.negThreshold <= o.threshold)) throw new RangeError(`negThreshold must be in (0, threshold], got ${o.negThreshold}`);
  for (const k of ['minSpeechMs', 'minSilenceMs', 'speechPadMs'] as const) if (!(o[k] >= 0)) throw new RangeError(`${k} must be ≥ 0, got ${o[k]}`);
  if (!(o.sampleRate > 0 && o.hopSamples > 0)) throw new RangeError('sampleRate and hopSamples must be positive');
}

export class VadSegmenter {
  private readonly o: SegmentOptions;
  private readonly minSpeech: number;
  private readonly minSilence: number;
  private readonly pad: number;
  private readonly closed: RawSegment[] = [];
  private hops = 0;
  private start: number | undefined;
  private tempEnd: number | undefined;

  constructor(options: Partial<SegmentOptions> = {}) {
    this.o = { ...DEFAULT_SEGMENT_OPTIONS, ...options };
    checkOptions(this.o);
    this.minSpeech = (this.o.sampleRate * this.o.minSpeechMs) / 1000;
    this.minSilence = (this.o.sampleRate * this.o.minSilenceMs) / 1000;
    this.pad = Math.floor((this.o.sampleRate * this.o.speechPadMs) / 1000);
  }

  /** True while inside a (possibly still too short) speech run. */
  get speaking(): boolean {
    return this.start !== undefined;
  }

  /** Takes the next hop's probability. */
  push(p: number): void {
    const at = this.hops++ * this.o.hopSamples;
    if (p >= this.o.threshold && this.tempEnd !== undefined) this.tempEnd = undefined;
    if (p >= this.o.threshold && this.start === undefined) {
      this.start = at;
      return;
    }
    if (p < this.o.negThreshold && this.start !== undefined) {
      if (this.tempEnd === undefined) this.tempEnd = at;
      if (at - this.tempEnd < this.minSilence) return;
      if (this.tempEnd - this.start > this.minSpeech) this.closed.push({ start: this.start, end: this.tempEnd });
      this.start = undefined;
      this.tempEnd = undefined;
    }
  }

  /**
   * Padded segments of the audio so far. An unfinished run is included (open,
   * ending at the audio so far) once it is longer than minSpeechMs, as Silero
   * keeps a run still going when the audio ends.
   */
  segments(): SpeechSegment[] {
    const total = this.hops * this.o.hopSamples;
    const raw = this.closed.map((s) => ({ ...s }));
    const open = this.start !== undefined && total - this.start > this.minSpeech;
    if (open && this.start !== undefined) raw.push({ start: this.start, end: total });
    const padded = padSegments(raw, this.pad, total);
    const sr = this.o.sampleRate;
    return padded.map((s, i) => ({ startSec: s.start / sr, endSec: s.end / sr, ...(open && i === padded.length - 1 ? { open: true } : {}) }));
  }
}

/** Silero's padding: `pad` samples each side, splitting the gap between neighbours closer than 2·pad. */
function padSegments(raw: RawSegment[], pad: number, total: number): RawSegment[] {
  const s = raw.map((r) => ({ ...r }));
  for (let i = 0; i < s.length; i++) {
    if (i === 0) s[i].start = Math.max(0, s[i].start - pad);
    if (i !== s.length - 1) {
      const silence = s[i + 1].start - s[i].end;
      if (silence < 2 * pad) {
        s[i].end += Math.floor(silence / 2);
        s[i + 1].start = Math.max(0, s[i + 1].start - Math.floor(silence / 2));
      } else {
        s[i].end = Math.min(total, s[i].end + pad);
        s[i + 1].start = Math.max(0, s[i + 1].start - pad);
      }
    } else {
      s[i].end = Math.min(total, s[i].end + pad);
    }
  }
  return s;
}

/** Segments of a whole clip from its per-hop probabilities (the audio is hops × hopSamples long). */
export function speechSegments(probabilities: readonly number[], options: Partial<SegmentOptions> = {}): SpeechSegment[] {
  const seg = new VadSegmenter(options);
  for (const p of probabilities) seg.push(p);
  return seg.segments().map(({ startSec, endSec }) => ({ startSec, endSec }));
}
