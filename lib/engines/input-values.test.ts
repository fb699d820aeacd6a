// Inputs frozen at load (ModelBytes.inputValues, the recipe's inputValues):
// Silero VAD v5's ONNX source runs on our executor engine with sr = 16000
// folded in, and follows onnxruntime-node on real clips.

import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../exec';
import { readRecipe, sourcePath } from '../exec/testing/catalogue';
import { wavSamples } from '../exec/testing/samples';
import { engineVadModel } from '../tasks/voice-activity/engine-model';
import { vadProbabilities, type VadModel } from '../tasks/voice-activity/stream';
import { TfjsEngine } from './tfjs-engine';

const SILERO = 'audio/voice-activity-detection/silero-vad';

function clip(name: string): Float32Array {
  const { samples, sampleRate } = wavSamples(name);
  expect(sampleRate).toBe(16000);
  return samples.map((v) => v / 32768);
}

describe('Silero VAD v5 ONNX source on the executor engine, sr frozen by inputValues', () => {
  const recipe = readRecipe(SILERO);
  const graph = recipe.graphs[0] as (typeof recipe.graphs)[number] & { inputValues?: Record<string, number[]> };
  const bytes = new Uint8Array(readFileSync(sourcePath(recipe, graph)));
  let session: ort.InferenceSession;
  let reference: VadModel;
  const engine = new TfjsEngine();

  beforeAll(async () => {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    reference = {
      async run(input, state) {
        const out = await session.run({
          input: new ort.Tensor('float32', input, [1, input.length]),
          state: new ort.Tensor('float32', state, [2, 1, 128]),
          sr: new ort.Tensor('int64', BigInt64Array.from([16000n]), []),
        });
        return { probability: (out.output.data as Float32Array)[0], state: Float32Array.from(out.stateN.data as Float32Array) };
      },
    };
    expect(await useBackend({ backend: 'wasm' })).toBe('wasm');
  });
  afterAll(async () => {
    engine.dispose();
    await session?.release();
  });

  it('loads with the recipe values: sr is no longer an input', async () => {
    expect(graph.inputValues).toEqual({ sr: [16000] });
    const info = await engine.load(
      { entry: 'silero_vad_v5.onnx', files: { 'silero_vad_v5.onnx': bytes }, format: 'onnx', inputShapes: graph.inputShapes, inputValues: graph.inputValues },
      { backend: 'wasm', runtimesBase: '/unused/' },
    );
    expect(info.backend).toBe('wasm');
    expect(info.inputs.map((i) => [i.name, i.shape])).toEqual([['input', [1, 576]], ['state', [2, 1, 128]]]);
  });

  // Stated tolerance: speech probabilities within 1e-4 of onnxruntime-node on every 32 ms hop.
  it.each(['hey-jarvis.wav', 'silence-noise.wav'])('%s: probabilities follow onnxruntime-node within 1e-4', async (file) => {
    const info = await engine.load(
      { entry: 'silero_vad_v5.onnx', files: { 'silero_vad_v5.onnx': bytes }, format: 'onnx', inputShapes: graph.inputShapes, inputValues: graph.inputValues },
      { backend: 'wasm', runtimesBase: '/unused/' },
    );
    const x = clip(file);
    const ref = await vadProbabilities(reference, x);
    const ours = await vadProbabilities(engineVadModel(engine, { inputs: info.inputs }), x);
    expect(ours).toHaveLength(ref.length);
    const diffs = ours.map((f, i) => Math.abs(f.probability - ref[i].probability));
    const peak = Math.max(...ref.map((f) => f.probability));
    console.log(`${file}: ${ours.length} hops, peak p ${peak.toFixed(3)}, max |Δp| vs onnxruntime-node ${Math.max(...diffs).toExponential(2)}`);
    expect(Math.max(...diffs)).toBeLessThanOrEqual(1e-4);
    // The clips are real tests of the values: speech in one, none in the other.
    if (file === 'hey-jarvis.wav') expect(peak).toBeGreaterThan(0.9);
    else expect(peak).toBeLessThan(0.35);
  });
});
