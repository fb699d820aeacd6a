// Silero VAD v5 streaming on the real sample clips, with onnxruntime-node and
// with our executor (in-process through the engine adapter, as the browser
// worker runs it), and the Silero-style segmentation of its probabilities.
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TfjsEngine } from '../../engines/tfjs-engine';
import { useBackend } from '../../exec';
import { exportTflite } from '../../ir/export/tflite';
import { loadRecipeGraph, type LoadedGraph } from '../../exec/testing/catalogue';
import { wavSamples } from '../../exec/testing/samples';
import { engineVadModel } from './engine-model';
import { speechSegments, VadSegmenter, segmentOptions, type SpeechSegment } from './segments';
import { VAD_HOP_SAMPLES, VadStream, vadProbabilities, type VadFrame, type VadModel } from './stream';

const SILERO = 'audio/voice-activity-detection/silero-vad';

function ortVad(session: ort.InferenceSession): VadModel {
  return {
    async run(input, state) {
      const out = await session.run({
        input: new ort.Tensor('float32', input, [1, input.length]),
        state: new ort.Tensor('float32', state, [2, 1, 128]),
        sr: new ort.Tensor('int64', BigInt64Array.from([16000n]), []),
      });
      return { probability: (out.output.data as Float32Array)[0], state: Float32Array.from(out.stateN.data as Float32Array) };
    },
  };
}

/** 16 kHz samples of a sample clip in [-1, 1]. */
function clip(name: string): Float32Array {
  const { samples, sampleRate } = wavSamples(name);
  expect(sampleRate).toBe(16000);
  return samples.map((v) => v / 32768);
}

/** Where the clip is louder than −30 dBFS: the speech, since the clips pad it with digital silence. */
function loudExtent(x: Float32Array): { startSec: number; endSec: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) > 10 ** (-30 / 20)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return { startSec: first / 16000, endSec: last / 16000 };
}

const probs = (frames: VadFrame[]) => frames.map((f) => f.probability);
const fmt = (s: SpeechSegment[]) => JSON.stringify(s.map((x) => [+x.startSec.toFixed(3), +x.endSec.toFixed(3)]));

describe('Silero VAD v5 stream on the sample clips', () => {
  let graph: LoadedGraph;
  let session: ort.InferenceSession;
  let reference: VadModel;
  const engines: TfjsEngine[] = [];

  beforeAll(async () => {
    graph = loadRecipeGraph(SILERO);
    session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: 1 });
    reference = ortVad(session);
    // Node: the wasm backend starts from node_modules, so the engine's runtimesBase is never used.
    expect(await useBackend({ backend: 'wasm' })).toBe('wasm');
  });
  afterAll(async () => {
    engines.forEach((e) => e.dispose());
    await session?.release();
  });

  // Stated tolerances: one segment per spoken phrase, starting within 0.1 s of where the clip gets
  // louder than −30 dBFS and ending within 0.15 s of where it falls back (Silero pads 30 ms and
  // needs 100 ms of silence to close); nothing at all in quiet white noise.
  it.each(['hey-jarvis.wav', 'hey-jarvis-2.wav', 'negative-speech.wav'])('%s: one speech segment where the speech is', async (file) => {
    const x = clip(file);
    const frames = await vadProbabilities(reference, x);
    expect(frames).toHaveLength(Math.floor(x.length / VAD_HOP_SAMPLES));
    const segments = speechSegments(probs(frames));
    const loud = loudExtent(x);
    console.log(`${file}: loud ${loud.startSec.toFixed(3)}–${loud.endSec.toFixed(3)} s; segments ${fmt(segments)}; peak p ${Math.max(...probs(frames)).toFixed(3)}`);
    expect(segments).toHaveLength(1);
    expect(Math.abs(segments[0].startSec - loud.startSec)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(segments[0].endSec - loud.endSec)).toBeLessThanOrEqual(0.15);
    // Silence before and after the phrase: well under the 0.35 off threshold.
    expect(Math.max(...frames.filter((f) => f.endSec < loud.startSec - 0.1).map((f) => f.probability))).toBeLessThan(0.1);
  });

  it('silence-noise.wav: no speech', async () => {
    const frames = await vadProbabilities(reference, clip('silence-noise.wav'));
    console.log(`silence-noise.wav: peak p ${Math.max(...probs(frames)).toFixed(3)}`);
    expect(Math.max(...probs(frames))).toBeLessThan(0.35);
    expect(speechSegments(probs(frames))).toEqual([]);
  });

  it('carries the state: chunked pushes match one push, reset matches a new stream, and a stateless run differs', async () => {
    const x = clip('negative-speech.wav');
    const whole = await vadProbabilities(reference, x);
    const stream = new VadStream(reference);
    const pieces: VadFrame[] = [];
    for (let at = 0; at < x.length; at += 700) pieces.push(...await stream.push(x.subarray(at, at + 700)));
    expect(pieces).toEqual(whole);
    stream.reset();
    expect(await stream.push(x)).toEqual(whole);
    // Dropping the recurrent state (zeros every call) changes the output: the state input matters.
    const stateless: VadModel = { run: (input) => reference.run(input, new Float32Array(256)) };
    const forgetful = await vadProbabilities(stateless, x);
    const maxDiff = Math.max(...forgetful.map((f, i) => Math.abs(f.probability - whole[i].probability)));
    console.log(`stateless vs stateful max |Δp| ${maxDiff.toFixed(3)}`);
    expect(maxDiff).toBeGreaterThan(0.05);
  });

  // The browser's executor path: our fp32 .tflite export (sr frozen to 16 kHz, so the adapter
  // feeds only input and state) on the executor engine, in-process, through the engine adapter.
  // (The executor engine cannot take the ONNX source: its load-time warm-up feeds sr = 0, which
  // selects the 8 kHz branch; the demo runs the ONNX on ONNX Runtime Web instead.)
  it('executor engine on the fp32 .tflite export follows onnxruntime-node within 1e-4', async () => {
    const engine = new TfjsEngine();
    engines.push(engine);
    const bytes = exportTflite(loadRecipeGraph(SILERO, undefined, { inputValues: { sr: [16000] } }).model);
    const info = await engine.load({ entry: 'silero.tflite', files: { 'silero.tflite': bytes }, format: 'tflite' }, { backend: 'wasm', runtimesBase: '/unused/' });
    expect(info.inputs.map((i) => i.name)).toEqual(['input', 'state']);
    let calls = 0;
    const model = engineVadModel(engine, { inputs: info.inputs, onRun: () => calls++ });
    for (const file of ['hey-jarvis.wav', 'silence-noise.wav']) {
      const x = clip(file);
      const ref = await vadProbabilities(reference, x);
      const ours = await vadProbabilities(model, x);
      const maxDiff = Math.max(...ours.map((f, i) => Math.abs(f.probability - ref[i].probability)));
      console.log(`executor engine, fp32 .tflite, ${file}: max |Δp| vs onnxruntime-node ${maxDiff.toExponential(2)}`);
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
      expect(speechSegments(probs(ours))).toEqual(speechSegments(probs(ref)));
    }
    expect(calls).toBe(Math.floor(clip('hey-jarvis.wav').length / 512) + Math.floor(clip('silence-noise.wav').length / 512));
  });
});

describe('VadSegmenter (Silero get_speech_timestamps rules, 32 ms hops)', () => {
  const hop = 512 / 16000;
  const run = (spec: [number, number][]) => spec.flatMap(([p, n]) => Array<number>(n).fill(p));

  it('starts at 0.5, holds down to 0.35 (hysteresis), pads 30 ms each side', () => {
    const p = run([[0.1, 10], [0.6, 10], [0.4, 10], [0.6, 10], [0.1, 20]]);
    const s = speechSegments(p);
    expect(s).toHaveLength(1);
    expect(s[0].startSec).toBeCloseTo(10 * hop - 0.03, 6);
    expect(s[0].endSec).toBeCloseTo(40 * hop + 0.03, 6);
    // Without hysteresis (off threshold = on threshold) the 0.4 run splits it.
    expect(speechSegments(p, { negThreshold: 0.5 })).toHaveLength(2);
  });

  // Silero ends speech at a quiet hop ≥ 100 ms after the first quiet hop: 5 quiet hops (160 ms) in all.
  it('needs quiet lasting 100 ms past its first hop to end a segment: a 128 ms dip does not split, 160 ms does', () => {
    expect(speechSegments(run([[0.1, 5], [0.9, 10], [0.1, 4], [0.9, 10], [0.1, 10]]))).toHaveLength(1);
    const split = speechSegments(run([[0.1, 5], [0.9, 10], [0.1, 5], [0.9, 10], [0.1, 10]]));
    expect(split).toHaveLength(2);
    // The end is the first quiet hop, padded.
    expect(split[0].endSec).toBeCloseTo(15 * hop + 0.03, 6);
    expect(split[1].startSec).toBeCloseTo(20 * hop - 0.03, 6);
  });

  it('drops speech not longer than 250 ms (7 hops = 224 ms) and keeps 8 hops (256 ms)', () => {
    expect(speechSegments(run([[0.1, 5], [0.9, 7], [0.1, 10]]))).toEqual([]);
    expect(speechSegments(run([[0.1, 5], [0.9, 8], [0.1, 10]]))).toHaveLength(1);
  });

  it('keeps a run still going at the end, ending with the audio; streams it as open', () => {
    const seg = new VadSegmenter();
    for (const p of run([[0.1, 5], [0.9, 20]])) seg.push(p);
    expect(seg.speaking).toBe(true);
    const s = seg.segments();
    expect(s).toHaveLength(1);
    expect(s[0].open).toBe(true);
    expect(s[0].endSec).toBeCloseTo(25 * hop, 6);
    for (const p of run([[0.1, 10]])) seg.push(p);
    expect(seg.speaking).toBe(false);
    expect(seg.segments()[0].open).toBeUndefined();
  });

  it('halves the gap between segments closer than twice the padding', () => {
    // With a 10 ms minimum silence two runs 2 hops (64 ms) apart stay separate, closer than 2 × 40 ms pads.
    const s = speechSegments(run([[0.1, 5], [0.9, 10], [0.1, 2], [0.9, 10], [0.1, 10]]), { minSilenceMs: 10, speechPadMs: 40 });
    expect(s).toHaveLength(2);
    expect(s[0].endSec).toBeCloseTo(s[1].startSec, 3);
    expect(s[0].endSec).toBeCloseTo(16 * hop, 3);
  });

  it('follows the threshold it is given and rejects impossible options', () => {
    const p = run([[0.1, 5], [0.45, 10], [0.1, 10]]);
    expect(speechSegments(p)).toEqual([]);
    expect(speechSegments(p, segmentOptions(0.4))).toHaveLength(1);
    expect(() => new VadSegmenter({ threshold: 1.5 })).toThrow(/threshold must be between 0 and 1, got 1.5/);
    expect(() => new VadSegmenter({ threshold: 0.3, negThreshold: 0.4 })).toThrow(/negThreshold/);
  });
});
