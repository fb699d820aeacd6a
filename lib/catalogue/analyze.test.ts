import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from './analyze';

const DIR = path.resolve(__dirname, '../../node_modules/@ricky0123/vad-web/dist');
const readFile = (p: string) => new Uint8Array(readFileSync(path.join(DIR, p)));

describe('analyzeGraph with frozen inputs', () => {
  it('Silero VAD v5 with sr frozen to 16000: sr leaves the listed inputs, the sr If and the LSTM are gone', () => {
    const base = { format: 'onnx' as const, entry: 'silero_vad_v5.onnx', readFile, inputShapes: { input: [1, 576], state: [2, 1, 128] } };
    const open = analyzeGraph(base);
    expect(open.inputs.map((t) => t.name)).toEqual(['input', 'state', 'sr']);
    const frozen = analyzeGraph({ ...base, inputValues: { sr: [16000] } });
    expect(frozen.inputs).toEqual([
      { name: 'input', shape: [1, 576], dtype: 'float32' },
      { name: 'state', shape: [2, 1, 128], dtype: 'float32' },
    ]);
    expect(frozen.opHistogram.If ?? 0).toBe(0);
    expect(frozen.unsupportedOps).toEqual([]);
  });
});
