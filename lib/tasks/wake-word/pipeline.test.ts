// The openWakeWord pipeline on real clips, with onnxruntime-node and with our
// executor on the IR-imported models: both must find "hey jarvis" in the two
// positive clips, stay quiet on the negatives, and agree score by score.
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecipeGraph, type LoadedGraph } from '../../exec/testing/catalogue';
import { wavSamples } from '../../exec/testing/samples';
import { CHUNK_SAMPLES, WARM_UP_CHUNKS, WakeWordStream, peakScore, scoreClip, type WakeWordScore } from './pipeline';
import { executorModels, type ModelRunner, type WakeWordModels } from './runner';

const RECIPE = 'audio/wake-word/openwakeword-hey-jarvis';

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

const CLIPS = [
  { file: 'hey-jarvis.wav', positive: true },
  { file: 'hey-jarvis-2.wav', positive: true },
  { file: 'negative-speech.wav', positive: false },
  { file: 'silence-noise.wav', positive: false },
];

describe('openWakeWord pipeline (hey_jarvis)', () => {
  let graphs: Record<'melspectrogram' | 'embedding' | 'classifier', LoadedGraph>;
  let reference: WakeWordModels;
  let ours: WakeWordModels;

  beforeAll(async () => {
    graphs = {
      melspectrogram: loadRecipeGraph(RECIPE, 'melspectrogram'),
      embedding: loadRecipeGraph(RECIPE, 'embedding'),
      classifier: loadRecipeGraph(RECIPE, 'classifier'),
    };
    reference = {
      melspectrogram: await ortRunner(graphs.melspectrogram.bytes),
      embedding: await ortRunner(graphs.embedding.bytes),
      classifier: await ortRunner(graphs.classifier.bytes),
    };
    ours = await executorModels({
      melspectrogram: graphs.melspectrogram.model, embedding: graphs.embedding.model, classifier: graphs.classifier.model,
    }, { backend: 'wasm' });
  }, 60_000);

  afterAll(() => {
    for (const m of [reference, ours]) for (const r of Object.values(m ?? {}) as ModelRunner[]) r.dispose?.();
  });

  it.each(CLIPS)('$file: both runners agree and detect only "hey jarvis"', async ({ file, positive }) => {
    const { samples, sampleRate } = wavSamples(file);
    expect(sampleRate).toBe(16000);
    const ref = await scoreClip(reference, samples);
    const mine = await scoreClip(ours, samples);
    expect(ref).toHaveLength(Math.floor(samples.length / CHUNK_SAMPLES));
    expect(mine.map((s) => s.chunk)).toEqual(ref.map((s) => s.chunk));
    const maxDiff = Math.max(...ref.map((s, i) => Math.abs(s.score - mine[i].score)));
    const detections = (scores: WakeWordScore[]) => scores.filter((s) => s.detected).map((s) => s.chunk);
    console.log(`${file}: peak onnxruntime ${peakScore(ref).toFixed(5)}, executor ${peakScore(mine).toFixed(5)}; `
      + `max |Δscore| ${maxDiff.toExponential(2)}; detections at ${JSON.stringify(detections(ref).map((c) => ((c + 1) * 0.08).toFixed(2)))} s`);
    expect(maxDiff).toBeLessThanOrEqual(1e-3);
    for (const scores of [ref, mine]) {
      if (positive) {
        expect(peakScore(scores)).toBeGreaterThanOrEqual(0.9);
        expect(detections(scores).length).toBeGreaterThan(0);
      } else {
        expect(peakScore(scores)).toBeLessThan(0.05);
        expect(detections(scores)).toEqual([]);
      }
    }
    expect(detections(mine)).toEqual(detections(ref));
  }, 60_000);
});

describe('WakeWordStream chunking', () => {
  it('scores the same whatever sizes the audio arrives in', async () => {
    const runner = async (id: string) => ortRunner(loadRecipeGraph(RECIPE, id).bytes);
    const models: WakeWordModels = { melspectrogram: await runner('melspectrogram'), embedding: await runner('embedding'), classifier: await runner('classifier') };
    const { samples } = wavSamples('hey-jarvis.wav');
    const clip = samples.subarray(0, 30 * CHUNK_SAMPLES + 700);
    const whole = await scoreClip(models, clip);
    const stream = new WakeWordStream(models);
    const pieces: WakeWordScore[] = [];
    for (let at = 0; at < clip.length; at += 999) pieces.push(...await stream.push(clip.subarray(at, at + 999)));
    expect(whole).toHaveLength(30);
    expect(pieces).toEqual(whole);
    expect(whole.filter((s) => s.warmUp)).toHaveLength(WARM_UP_CHUNKS - 1);
    stream.reset();
    expect(await stream.push(clip)).toEqual(whole);
    for (const r of Object.values(models) as ModelRunner[]) r.dispose?.();
  }, 60_000);
});
