import { describe, expect, it } from 'vitest';
import type { CaseResult, ModelCase } from './cases';
import { allRowsTable, peakRows, resultRows, summarise, summaryTable } from './report';

const policy = { warmup: 1, maxRuns: 5, minRuns: 1, budgetMs: 100 };
const base = {
  kind: 'model' as const,
  model: 'vision/face-detection/blazeface-short-range',
  graph: 'detector',
  format: 'tflite' as const,
  entry: 'x.tflite',
  files: [],
  inputs: [],
  macs: 30_760_960,
  swiftshader: false,
  policy,
};

function modelCase(id: string, extra: Partial<ModelCase>): ModelCase {
  return { ...base, id, side: 'ours', runner: 'engine', engine: 'tfjs', backend: 'wasm', variant: 'source', ...extra };
}

function ran(id: string, ms: number[], backendUsed = 'wasm'): CaseResult {
  return { id, ok: true, backendUsed, note: '', threads: 1, loadMs: 12.4, warmupMs: [ms[0]], ms };
}

const cases: ModelCase[] = [
  modelCase('a', { engine: 'tflite', variant: 'fp32', peak: 'xnnpack-fp32' }),
  modelCase('b', { peak: 'tfjs-wasm' }),
  modelCase('c', { backend: 'webgpu', swiftshader: true, peak: 'tfjs-webgpu' }),
  modelCase('d', { variant: 'int8' }),
  modelCase('e', { side: 'peer', runner: 'tfjs-tflite', engine: 'tfjs-tflite', peak: 'xnnpack-fp32' }),
  modelCase('f', { side: 'peer', runner: 'mediapipe', engine: 'mediapipe/face_detection', backend: 'webgl', swiftshader: true }),
];
const results = new Map<string, CaseResult>([
  ['a', ran('a', [5, 4, 6, 5, 30])],
  ['b', ran('b', [8, 9, 7])],
  ['c', ran('c', [400, 500], 'webgpu')],
  ['d', { id: 'd', ok: false, error: 'no TF.js backend could run this model (wasm: conv2d | int32)', backendUsed: '', note: '', threads: 0, loadMs: 0, warmupMs: [], ms: [] }],
  ['e', ran('e', [10, 12, 10])],
  ['f', ran('f', [90, 100])],
]);

describe('bench report', () => {
  const peaks = peakRows(
    [{ kind: 'peak', id: 'p', peak: 'xnnpack-fp32', runner: 'tfjs-tflite', backend: 'wasm', n: 1000, swiftshader: false, policy }],
    new Map([['p', ran('p', [100, 100, 100])]]),
  );
  const rows = resultRows(cases, results, peaks);

  it('peaks in GMAC/s and floors from them', () => {
    expect(peaks[0].gmacs).toBe(10); // 1e9 MACs in 100 ms
    expect(rows[0]).toMatchObject({ medianMs: 5, p90Ms: 30, runs: 5, warmup: 1, floorMs: 3.0761 });
    expect(rows[1].floorMs).toBeNull(); // no tfjs-wasm peak measured
    expect(rows[3]).toMatchObject({ medianMs: null, error: 'no TF.js backend could run this model (wasm: conv2d | int32)' });
  });

  it('summary: fastest of ours, of our executor and of the peers, and ours ÷ peer', () => {
    const [s] = summarise(rows);
    expect(s.ours?.engine).toBe('tflite');
    expect(s.executor?.medianMs).toBe(8);
    expect(s.peer?.runner).toBe('tfjs-tflite');
    expect(s.ratio).toBe(0.5);
  });

  it('markdown tables: one summary line per graph, labels, escaped pipes, failures spelled out', () => {
    const summary = summaryTable(rows).split('\n');
    expect(summary).toHaveLength(3);
    expect(summary[2]).toBe('| blazeface-short-range · detector | 30.8 M | tflite · wasm · fp32 | 5.00 | 30.0 | 3.08 | tfjs-tflite · wasm | 10.0 | 0.50 | tfjs · wasm · source | 8.00 |');
    const all = allRowsTable(rows);
    expect(all).toContain('| tfjs · webgpu · source (SwiftShader) | webgpu |');
    expect(all).toContain('failed: no TF.js backend could run this model (wasm: conv2d \\| int32)');
    expect(all.split('\n')).toHaveLength(2 + cases.length);
  });
});
