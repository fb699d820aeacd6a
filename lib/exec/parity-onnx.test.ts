// Parity of the executor (wasm) against onnxruntime-node for every ONNX
// catalogue graph, on real inputs: sample images for PP-OCR, hey-jarvis.wav
// for openWakeWord (each stage fed the previous stage's real outputs).
// Inputs/outputs marked 'layout:<name>' = 'NCHW' are NHWC in the IR.

import { afterAll, describe, expect, it } from 'vitest';
import { exportTflite } from '../ir/export/tflite';
import { inferShapes } from '../ir/infer';
import type { Model } from '../ir/types';
import { runOfficialTflite } from '../formats/tflite/testing/official-runtime';
import { createExecutor, type Executor } from './index';
import { loadRecipeGraph } from './testing/catalogue';
import { describeParity, parity } from './testing/compare';
import { runOnnxReference } from './testing/onnx-reference';
import { imagePixels, normalise, toNchw, toNhwc, wavSamples } from './testing/samples';

const executors: Executor[] = [];
afterAll(() => executors.forEach((e) => e.dispose()));

function isNchw(model: Model, name: string): boolean {
  return model.metadata[`layout:${name}`] === 'NCHW';
}

/** Runs ours and the reference on the same NCHW-order input; compares every output in the file's layout. */
async function compare(
  label: string, graph: ReturnType<typeof loadRecipeGraph>, feeds: Record<string, { data: Float32Array | BigInt64Array; shape: number[] }>, valueRange?: number,
) {
  const exec = await createExecutor(graph.model, { backend: 'wasm' });
  executors.push(exec);
  const ours = await exec.run(Object.fromEntries(Object.entries(feeds).map(([name, v]) =>
    [name, isNchw(graph.model, name) && v.data instanceof Float32Array ? toNhwc(v.data, v.shape) : v])));
  const ref = await runOnnxReference(graph.bytes, feeds);
  for (const [name, r] of Object.entries(ref)) {
    const o = ours.outputs[name];
    expect(o, `output ${name}`).toBeDefined();
    const mine = isNchw(graph.model, name) ? toNchw(o.data as Float32Array, o.shape) : { data: o.data, shape: o.shape };
    expect(mine.shape).toEqual(r.shape);
    const p = parity(mine.data, r.data, valueRange);
    console.log(describeParity(`${label} ${name}`, p));
    expect(p.maxError).toBeLessThanOrEqual(p.tolerance);
  }
  return { ours, ref };
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

describe('executor parity with onnxruntime-node', () => {
  it('PP-OCRv4 detector on text-page.png (640×640)', async () => {
    const graph = loadRecipeGraph('text/text-detection/ppocr-v4-det');
    const img = await imagePixels('text-page.png', { width: 640, height: 640, fit: 'contain', bgr: true });
    // BGR order: mean/std are listed for B, G, R after the swap in PaddleOCR's NormalizeImage on BGR input.
    const data = normalise(img.data, 3, STD.map((s) => 1 / (255 * s)), MEAN.map((m, i) => -m / STD[i]));
    await compare('ppocr-v4-det', graph, { x: toNchw(data, [1, 640, 640, 3]) });
  });

  it('PP-OCRv4 recogniser on a text-page.png strip (48×320)', async () => {
    const graph = loadRecipeGraph('text/text-recognition/ppocr-v4-rec');
    const img = await imagePixels('text-page.png', { width: 320, height: 48, fit: 'fill', bgr: true });
    const data = normalise(img.data, 3, 2 / 255, -1);
    await compare('ppocr-v4-rec', graph, { x: toNchw(data, [1, 48, 320, 3]) });
  });

  it('openWakeWord melspectrogram → embedding → hey_jarvis on hey-jarvis.wav', async () => {
    const { samples, sampleRate } = wavSamples('hey-jarvis.wav');
    expect(sampleRate).toBe(16000);
    const mel = loadRecipeGraph('audio/wake-word/openwakeword-hey-jarvis', 'melspectrogram');
    // Stage 1: one streaming step of 1,760 raw int16-range samples, from the loud middle of the clip.
    const start = Math.max(0, Math.floor(samples.length / 2) - 880);
    const first = await compare('melspectrogram', mel, { input: { data: samples.slice(start, start + 1760), shape: [1, 1760] } });
    const melOut = Object.values(first.ref)[0];
    expect(melOut.shape[3]).toBe(32);

    // Mel frames for the whole clip: 1,280-sample hops of 1,760-sample windows, as openWakeWord streams.
    const melExec = await createExecutor(mel.model, { backend: 'wasm' });
    executors.push(melExec);
    const frames: Float32Array[] = [];
    for (let s = 0; s + 1760 <= samples.length; s += 1280) {
      const out = Object.values((await melExec.run({ input: { data: samples.slice(s, s + 1760), shape: [1, 1760] } })).outputs)[0];
      const n = out.data.length / 32;
      for (let f = 0; f < n; f++) frames.push(Float32Array.from(out.data.subarray(f * 32, f * 32 + 32), (v) => v / 10 + 2));
    }
    expect(frames.length).toBeGreaterThanOrEqual(76);

    // Stage 2: 76 real mel frames → one 96-d embedding.
    const emb = loadRecipeGraph('audio/wake-word/openwakeword-hey-jarvis', 'embedding');
    const window = (at: number) => {
      const d = new Float32Array(76 * 32);
      for (let f = 0; f < 76; f++) d.set(frames[at + f], f * 32);
      return d;
    };
    await compare('embedding', emb, { input_1: { data: window(Math.max(0, frames.length - 76)), shape: [1, 76, 32, 1] } });

    // Stage 3: 16 real embeddings (8-frame hops) → wake-word score.
    const embExec = await createExecutor(emb.model, { backend: 'wasm' });
    executors.push(embExec);
    const embeddings = new Float32Array(16 * 96);
    const last = frames.length - 76;
    for (let k = 0; k < 16; k++) {
      const at = Math.max(0, last - (15 - k) * 8);
      const v = toNhwc(window(at), [1, 76, 32, 1]);
      const out = Object.values((await embExec.run({ input_1: v })).outputs)[0];
      embeddings.set(out.data as Float32Array, k * 96);
    }
    const cls = loadRecipeGraph('audio/wake-word/openwakeword-hey-jarvis', 'classifier');
    // The output is one sigmoid probability: its nominal range [0, 1] sets the tolerance.
    const { ref } = await compare('hey_jarvis', cls, { 'x.1': { data: embeddings, shape: [1, 16, 96] } }, 1);
    const score = Object.values(ref)[0].data[0];
    console.log(`hey_jarvis score on hey-jarvis.wav: ${score}`);
  });

  // The importer folds the 16 kHz branch's constant pad chain and inlines its
  // shape-decided inner Ifs; the sr If stays, decided at run time.
  it('Silero VAD v5 on consecutive hey-jarvis.wav chunks (576 samples, carried state, 16 kHz)', async () => {
    const graph = loadRecipeGraph(SILERO);
    const exec = await createExecutor(graph.model, { backend: 'wasm' });
    executors.push(exec);
    const probs = await streamSilero(graph.bytes, 8, async (chunk, state) => {
      const out = (await exec.run({ input: { data: chunk, shape: [1, 576] }, state: { data: state, shape: [2, 1, 128] }, sr: SR_16K })).outputs;
      return { output: out.output.data as Float32Array, stateN: out.stateN.data as Float32Array, shapes: [out.output.shape, out.stateN.shape] };
    }, 'executor');
    // The middle of the clip is speech: the detector must say so by the last chunks.
    expect(Math.max(...probs)).toBeGreaterThan(0.5);
  });

  // With sr frozen to 16000 at import the sr If is inlined and the LSTM is
  // unrolled into builtin ops: the executor and the official TFLite runtime
  // (running our export) both follow onnxruntime-node over a stream of chunks.
  it('Silero VAD v5 frozen to 16 kHz: executor and official TFLite runtime (our export) match onnxruntime-node', async () => {
    const graph = loadRecipeGraph(SILERO, undefined, { inputValues: { sr: [16000] } });
    inferShapes(graph.model);
    expect(graph.model.graphs).toHaveLength(1);
    expect(graph.model.graphs[0].ops.filter((o) => o.type === 'If' || o.type === 'Custom')).toEqual([]);
    const exec = await createExecutor(graph.model, { backend: 'wasm' });
    executors.push(exec);
    const ours = await streamSilero(graph.bytes, 12, async (chunk, state) => {
      const out = (await exec.run({ input: { data: chunk, shape: [1, 576] }, state: { data: state, shape: [2, 1, 128] } })).outputs;
      return { output: out.output.data as Float32Array, stateN: out.stateN.data as Float32Array, shapes: [out.output.shape, out.stateN.shape] };
    }, 'executor (sr frozen)');
    const tflite = exportTflite(graph.model);
    const official = await streamSilero(graph.bytes, 12, async (chunk, state) => {
      const outs = await runOfficialTflite(tflite, [{ data: chunk, shape: [1, 576] }, { data: state, shape: [2, 1, 128] }]);
      const byName = (name: string) => {
        const o = outs.find((t) => t.name === name);
        if (!o) throw new Error(`the export has no output ${name}`);
        return o;
      };
      return { output: byName('output').data as Float32Array, stateN: byName('stateN').data as Float32Array, shapes: [byName('output').shape, byName('stateN').shape] };
    }, 'official TFLite runtime');
    // Both streams return the reference probabilities: the clip's middle is speech.
    expect(Math.max(...ours, ...official)).toBeGreaterThan(0.5);
  });
});

const SILERO = 'audio/voice-activity-detection/silero-vad';
const SR_16K = { data: BigInt64Array.from([16000n]), shape: [] };

type SileroStep = (chunk: Float32Array, state: Float32Array) => Promise<{ output: Float32Array; stateN: Float32Array; shapes: number[][] }>;

/**
 * Streams `count` consecutive 512-sample chunks of hey-jarvis.wav (with 64
 * samples of context, zeros for the first) through `step` and through
 * onnxruntime-node, each carrying its own state as a stream would; checks
 * every chunk's probability (nominal range 1) and state within 1e-4 × range.
 * Returns the reference probabilities.
 */
async function streamSilero(bytes: Uint8Array, count: number, step: SileroStep, label: string): Promise<number[]> {
  const { samples } = wavSamples('hey-jarvis.wav');
  let oursState = new Float32Array(2 * 128);
  let refState = new Float32Array(2 * 128);
  const start = Math.floor(samples.length / 2) - 4 * 512;
  const probs: number[] = [];
  for (let k = 0; k < count; k++) {
    const at = start + k * 512;
    const chunk = new Float32Array(576);
    if (k > 0) chunk.set(samples.subarray(at - 64, at).map((v) => v / 32768), 0);
    chunk.set(samples.subarray(at, at + 512).map((v) => v / 32768), 64);
    const ours = await step(chunk, oursState);
    const ref = await runOnnxReference(bytes, { input: { data: chunk, shape: [1, 576] }, state: { data: refState, shape: [2, 1, 128] }, sr: SR_16K });
    expect(ours.shapes).toEqual([ref.output.shape, ref.stateN.shape]);
    const p = parity(ours.output, ref.output.data, 1);
    const s = parity(ours.stateN, ref.stateN.data);
    console.log(describeParity(`silero-vad ${label} chunk ${k} output (p=${ref.output.data[0].toFixed(4)})`, p));
    console.log(describeParity(`silero-vad ${label} chunk ${k} stateN`, s));
    expect(p.maxError).toBeLessThanOrEqual(p.tolerance);
    expect(s.maxError).toBeLessThanOrEqual(s.tolerance);
    probs.push(ref.output.data[0]);
    oursState = Float32Array.from(ours.stateN);
    refState = Float32Array.from(ref.stateN.data);
  }
  return probs;
}
