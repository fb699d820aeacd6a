// Silero VAD v5 over a stream: 512-sample (32 ms) hops at 16 kHz, each fed
// with the previous 64 samples in front and the recurrent state the last call
// returned, as the recipe's feeds say (Silero's OnnxWrapper does the same).
// Any runtime sits behind VadModel; the stream owns the context and state.
import { FrameChunker } from '../../audio/frames';

export const VAD_SAMPLE_RATE = 16000;
export const VAD_HOP_SAMPLES = 512;
export const VAD_CONTEXT_SAMPLES = 64;
export const VAD_WINDOW_SAMPLES = VAD_HOP_SAMPLES + VAD_CONTEXT_SAMPLES;
/** The state tensor is 2 × 1 × 128. */
export const VAD_STATE_SHAPE = [2, 1, 128];
export const VAD_STATE_SIZE = 256;

export interface VadStep {
  probability: number;
  /** The stateN output, to feed back as the next call's state. */
  state: Float32Array;
}

export interface VadModel {
  /** One call: `input` is 576 samples in [-1, 1] (64 context + 512 new), `state` the 2×1×128 state. */
  run(input: Float32Array, state: Float32Array): Promise<VadStep>;
  dispose?(): void;
}

export interface VadFrame {
  /** Index of the 512-sample hop. */
  index: number;
  startSec: number;
  endSec: number;
  probability: number;
}

export class VadStream {
  private chunker = new FrameChunker({ hop: VAD_HOP_SAMPLES, leadIn: VAD_CONTEXT_SAMPLES });
  private state = new Float32Array(VAD_STATE_SIZE);

  constructor(private readonly model: VadModel) {}

  /** Hops scored so far. */
  get frames(): number {
    return this.chunker.emitted;
  }

  /** `samples`: 16 kHz mono in [-1, 1]. Returns one frame per completed 512-sample hop. */
  async push(samples: Float32Array): Promise<VadFrame[]> {
    const first = this.chunker.emitted;
    const windows = this.chunker.push(samples);
    const out: VadFrame[] = [];
    for (let k = 0; k < windows.length; k++) {
      const step = await this.model.run(windows[k], this.state);
      if (step.state.length !== VAD_STATE_SIZE) throw new Error(`the VAD model returned a state of ${step.state.length} values, expected ${VAD_STATE_SIZE}`);
      if (!Number.isFinite(step.probability)) throw new Error(`the VAD model returned a probability of ${step.probability}`);
      this.state = Float32Array.from(step.state);
      const index = first + k;
      out.push({ index, startSec: (index * VAD_HOP_SAMPLES) / VAD_SAMPLE_RATE, endSec: ((index + 1) * VAD_HOP_SAMPLES) / VAD_SAMPLE_RATE, probability: step.probability });
    }
    return out;
  }

  /** A new stream: zero state and zero context (required between unrelated recordings). */
  reset(): void {
    this.chunker.reset();
    this.state = new Float32Array(VAD_STATE_SIZE);
  }
}

/** Probabilities of a whole clip (16 kHz, [-1, 1]) as one stream; a trailing partial hop is not scored. */
export async function vadProbabilities(model: VadModel, samples: Float32Array): Promise<VadFrame[]> {
  return new VadStream(model).push(samples);
}
