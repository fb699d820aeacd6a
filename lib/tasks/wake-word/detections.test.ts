// Detection events on real clips (onnxruntime-node scores), and the pipeline
// through the engine adapter on our .tflite exports (executor engine and the
// official TFLite runtime, in-process), which keep the embedding's input NHWC.
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TfjsEngine } from '../../engines/tfjs-engine';
import { useBackend } from '../../exec';
import { loadRecipeGraph } from '../../exec/testing/catalogue';
import { wavSamples } from '../../exec/testing/samples';
import { exportTflite } from '../../ir/export/tflite';
import { runOfficialTflite } from '../../formats/tflite/testing/official-runtime';
import type { TensorRunner } from '../../audio/tensor-runner';
import { wakeWordDetections } from './detections';
import { engineModelRunner } from './engine-runner';
import { CHUNK_SAMPLES, scoreClip, type WakeWordScore } from './pipeline';
import type { ModelRunner, WakeWordModels } from './runner';

const RECIPE = 'audio/wake-word/openwakeword-hey-jarvis';
const STAGES = ['melspectrogram', 'embedding', 'classifier'] as const;

async function ortRunner(bytes: Uint8Array): Promise<ModelRunner> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  return {
    async run(data, shape) {
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, shape) });
      return Float32Array.from(out[session.outputNames[0]].data as Float32Array);
    },
    dispose: () => { void session.release(); },
  };
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('wake-word detection events', () => {
  let reference: WakeWordModels;
  const engines: TfjsEngine[] = [];

  beforeAll(async () => {
    const [melspectrogram, embedding, classifier] = await Promise.all(STAGES.map((id) => ortRunner(loadRecipeGraph(RECIPE, id).bytes)));
    reference = { melspectrogram, embedding, classifier };
    expect(await useBackend({ backend: 'wasm' })).toBe('wasm');
  }, 60_000);
  afterAll(() => {
    for (const r of Object.values(reference ?? {}) as ModelRunner[]) r.dispose?.();
    engines.forEach((e) => e.dispose());
  });

  // The two "hey jarvis" clips back to back, then the negative and the noise: one event per
  // phrase, each peaking within 1.28 s (the classifier's window) after the phrase ends
  // (phrase ends: 1.79 s and 3.10 + 1.85 s), none for the rest.
  it('one event per "hey jarvis", none for other speech or noise', async () => {
    const clips = ['hey-jarvis.wav', 'hey-jarvis-2.wav', 'negative-speech.wav', 'silence-noise.wav'].map((f) => wavSamples(f).samples);
    const scores = await scoreClip(reference, concat(...clips));
    const events = wakeWordDetections(scores, 0.5);
    console.log(`events: ${JSON.stringify(events.map((e) => ({ start: e.startSec.toFixed(2), end: e.endSec.toFixed(2), peak: e.peakScore.toFixed(3) })))}`);
    expect(events).toHaveLength(2);
    const phraseEnds = [1.79, clips[0].length / 16000 + 1.85];
    events.forEach((e, i) => {
      expect(e.peakScore).toBeGreaterThanOrEqual(0.9);
      expect(e.startSec).toBeGreaterThan(phraseEnds[i] - 1);
      expect(e.peakSec - phraseEnds[i]).toBeLessThanOrEqual(1.28);
      expect(e.peakSec).toBeGreaterThanOrEqual(e.startSec);
      expect(e.endSec).toBeGreaterThanOrEqual(e.peakSec);
    });
    // A threshold above every score finds nothing; the events are not an artefact of the grouping.
    expect(wakeWordDetections(scores, Math.min(1, Math.max(...scores.map((s) => s.score)) + 1e-6))).toEqual([]);
  }, 60_000);

  it('merges hits within the refractory time, splits beyond it, and ignores warm-up', () => {
    const at = (chunk: number, score: number, warmUp = false): WakeWordScore => ({ chunk, endSec: ((chunk + 1) * CHUNK_SAMPLES) / 16000, score, warmUp, detected: false });
    const scores = [at(0, 0.9, true), at(20, 0.6), at(21, 0.8), at(22, 0.2), at(25, 0.7), at(40, 0.9)];
    const events = wakeWordDetections(scores, 0.5);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ startSec: 21 * 0.08, endSec: 26 * 0.08, peakSec: 22 * 0.08, peakScore: 0.8 });
    expect(events[1].startSec).toBeCloseTo(41 * 0.08, 9);
    expect(wakeWordDetections(scores, 0.5, 0)).toHaveLength(3);
    expect(() => wakeWordDetections(scores, 0)).toThrow(/threshold must be in \(0, 1\], got 0/);
  });

  // The demo's .tflite variant: our fp32 exports, mel and classifier on the executor engine
  // in-process, the embedding on the official TFLite runtime (the browser's 'tflite' engine), which
  // holds inputs to the file's shape. The embedding export takes [1, 32, 1, 76] (NHWC of the ONNX
  // [1, 76, 32, 1]), so the adapter must permute; without it the runtime refuses the input.
  it('engine adapter on the fp32 .tflite exports matches onnxruntime-node within 1e-3', async () => {
    const official = (bytes: Uint8Array): TensorRunner => ({
      async run(inputs) {
        const t0 = performance.now();
        const outs = await runOfficialTflite(bytes, inputs.map((t) => ({ data: t.data as Float32Array, shape: t.shape })));
        return { outputs: outs.map((o) => ({ name: o.name, shape: o.shape, dtype: 'float32', data: o.data })), ms: [performance.now() - t0] };
      },
    });
    const runners: ModelRunner[] = [];
    let embeddingBytes: Uint8Array = new Uint8Array(0);
    for (const id of STAGES) {
      const bytes = exportTflite(loadRecipeGraph(RECIPE, id).model);
      if (id === 'embedding') {
        embeddingBytes = bytes;
        runners.push(engineModelRunner(official(bytes), { inputName: 'input_1', inputToNhwc: true, outputFromNhwc: true }));
        continue;
      }
      const engine = new TfjsEngine();
      engines.push(engine);
      const info = await engine.load({ entry: `${id}.tflite`, files: { [`${id}.tflite`]: bytes }, format: 'tflite' }, { backend: 'wasm', runtimesBase: '/unused/' });
      runners.push(engineModelRunner(engine, { inputName: info.inputs[0].name, outputFromNhwc: id === 'melspectrogram' }));
    }
    const models: WakeWordModels = { melspectrogram: runners[0], embedding: runners[1], classifier: runners[2] };
    for (const file of ['hey-jarvis.wav', 'negative-speech.wav']) {
      const { samples } = wavSamples(file);
      const ref = await scoreClip(reference, samples);
      const ours = await scoreClip(models, samples);
      const maxDiff = Math.max(...ref.map((s, i) => Math.abs(s.score - ours[i].score)));
      console.log(`${file}: .tflite exports (embedding on the official TFLite runtime), max |Δscore| ${maxDiff.toExponential(2)}`);
      expect(maxDiff).toBeLessThanOrEqual(1e-3);
      expect(wakeWordDetections(ours, 0.5)).toHaveLength(file === 'hey-jarvis.wav' ? 1 : 0);
    }
    const unpermuted = engineModelRunner(official(embeddingBytes), { inputName: 'input_1' });
    await expect(unpermuted.run(new Float32Array(76 * 32), [1, 76, 32, 1])).rejects.toThrow(/input 0 \(input_1\) expects \[1,32,1,76\]/);
  }, 120_000);
});
