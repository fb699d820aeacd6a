// openWakeWord's streaming pipeline (melspectrogram → embedding → wake-word
// head), following upstream openwakeword/utils.py AudioFeatures and
// model.py: 16 kHz audio as raw int16 sample values, 1,280-sample chunks,
// each fed to the mel model with the previous 480 samples in front (8 mel
// frames per chunk), mel scaled x/10 + 2, a mel buffer that starts as 76
// rows of ones, one embedding per chunk from the last 76 frames, and the
// classifier on the last 16 embeddings.
import type { WakeWordModels } from './runner';

export const SAMPLE_RATE = 16000;
export const CHUNK_SAMPLES = 1280;
/** Mel model context: 3 hops of 160 samples, so a chunk yields exactly 8 new frames. */
export const MEL_CONTEXT_SAMPLES = 480;
export const MEL_BINS = 32;
export const MEL_FRAMES_PER_CHUNK = 8;
export const EMBEDDING_WINDOW_FRAMES = 76;
export const EMBEDDING_SIZE = 96;
export const CLASSIFIER_EMBEDDINGS = 16;
/**
 * Chunks (1.28 s) before the classifier sees only embeddings of real audio;
 * earlier scores depend on the start-up fill and are unreliable (upstream
 * zeroes its first 5 predictions and pre-fills with random-noise embeddings).
 */
export const WARM_UP_CHUNKS = CLASSIFIER_EMBEDDINGS;
export const DETECTION_THRESHOLD = 0.5;

export interface WakeWordScore {
  /** Index of the 80 ms chunk the score ends on. */
  chunk: number;
  /** Stream time at the end of that chunk, in seconds. */
  endSec: number;
  score: number;
  /** True while the score still depends on the start-up fill. */
  warmUp: boolean;
  /** score ≥ threshold outside the warm-up. */
  detected: boolean;
}

/** Upstream's mel post-scaling, which the embedding model was trained on. */
export function scaleMel(x: number): number {
  return x / 10 + 2;
}

/** Feeds audio of any length; scores each complete 1,280-sample chunk. */
export class WakeWordStream {
  private context = new Float32Array(MEL_CONTEXT_SAMPLES);
  private pending = new Float32Array(0);
  private mel = new Float32Array(EMBEDDING_WINDOW_FRAMES * MEL_BINS).fill(1);
  private embeddings: Float32Array[] = [];
  private chunks = 0;

  constructor(private readonly models: WakeWordModels, private readonly threshold = DETECTION_THRESHOLD) {}

  /** Forgets all audio: back to the start-up state (ones mel buffer, silent context). */
  reset(): void {
    this.context = new Float32Array(MEL_CONTEXT_SAMPLES);
    this.pending = new Float32Array(0);
    this.mel = new Float32Array(EMBEDDING_WINDOW_FRAMES * MEL_BINS).fill(1);
    this.embeddings = [];
    this.chunks = 0;
  }

  /** `samples`: 16 kHz mono as int16-range floats (not scaled to [-1, 1]). */
  async push(samples: Float32Array): Promise<WakeWordScore[]> {
    const all = new Float32Array(this.pending.length + samples.length);
    all.set(this.pending);
    all.set(samples, this.pending.length);
    const scores: WakeWordScore[] = [];
    let at = 0;
    for (; at + CHUNK_SAMPLES <= all.length; at += CHUNK_SAMPLES) scores.push(await this.step(all.subarray(at, at + CHUNK_SAMPLES)));
    this.pending = all.slice(at);
    return scores;
  }

  private async step(chunk: Float32Array): Promise<WakeWordScore> {
    if (this.embeddings.length === 0) {
      // Before any audio the classifier window holds the embedding of the all-ones mel buffer
      // (deterministic, unlike upstream's random-noise fill); it is flagged as warm-up.
      const start = await this.embed(this.mel);
      this.embeddings = Array.from({ length: CLASSIFIER_EMBEDDINGS }, () => start);
    }
    const input = new Float32Array(MEL_CONTEXT_SAMPLES + CHUNK_SAMPLES);
    input.set(this.context);
    input.set(chunk, MEL_CONTEXT_SAMPLES);
    this.context = input.slice(input.length - MEL_CONTEXT_SAMPLES);

    const frames = await this.models.melspectrogram.run(input, [1, input.length]);
    if (frames.length !== MEL_FRAMES_PER_CHUNK * MEL_BINS) {
      throw new Error(`melspectrogram gave ${frames.length / MEL_BINS} frames, expected ${MEL_FRAMES_PER_CHUNK}`);
    }
    const mel = new Float32Array(this.mel.length);
    mel.set(this.mel.subarray(frames.length));
    mel.set(frames.map(scaleMel), mel.length - frames.length);
    this.mel = mel;

    this.embeddings = [...this.embeddings.slice(1), await this.embed(mel)];
    const window = new Float32Array(CLASSIFIER_EMBEDDINGS * EMBEDDING_SIZE);
    this.embeddings.forEach((e, i) => window.set(e, i * EMBEDDING_SIZE));
    const [score] = await this.models.classifier.run(window, [1, CLASSIFIER_EMBEDDINGS, EMBEDDING_SIZE]);

    const index = this.chunks++;
    const warmUp = index < WARM_UP_CHUNKS - 1;
    return { chunk: index, endSec: ((index + 1) * CHUNK_SAMPLES) / SAMPLE_RATE, score, warmUp, detected: !warmUp && score >= this.threshold };
  }

  private async embed(mel: Float32Array): Promise<Float32Array> {
    const e = await this.models.embedding.run(mel, [1, EMBEDDING_WINDOW_FRAMES, MEL_BINS, 1]);
    if (e.length !== EMBEDDING_SIZE) throw new Error(`embedding model gave ${e.length} values, expected ${EMBEDDING_SIZE}`);
    return e;
  }
}

/** Scores a whole clip as one stream (a trailing partial chunk is not scored). */
export async function scoreClip(models: WakeWordModels, samples: Float32Array, threshold = DETECTION_THRESHOLD): Promise<WakeWordScore[]> {
  return new WakeWordStream(models, threshold).push(samples);
}

/** Highest score outside the warm-up (-Infinity when the clip is shorter than it). */
export function peakScore(scores: WakeWordScore[]): number {
  return Math.max(...scores.filter((s) => !s.warmUp).map((s) => s.score));
}
