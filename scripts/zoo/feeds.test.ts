import { describe, expect, it } from 'vitest';
import type { Conversion, ConversionGraph } from '../../lib/catalogue/recipe-schema';
import { buildFeedSets } from './feeds';
import type { Runtime } from './runtimes';
import type { Tensor } from './samples';

const graph = {
  graph: 'vad',
  inputs: [
    { name: 'input', feed: { kind: 'audio', sampleRateHz: 16000, windowSamples: 576, hopSamples: 512, scale: 1 / 32768, leadInSamples: 64 } },
    { name: 'state', feed: { kind: 'recurrent-state', shape: [2], output: 'stateN' } },
  ],
  steps: [{ step: 'import' }],
  validation: { outputRanges: {} },
} as unknown as ConversionGraph;

/** A stand-in model: stateN = state + [1, first input sample]. */
function counter(): Runtime & { calls: number } {
  const rt = {
    calls: 0,
    async run([input, state]: Tensor[]): Promise<Tensor[]> {
      rt.calls++;
      return [{ data: Float32Array.of(0), shape: [1, 1] }, { data: Float32Array.of(state.data[0] + 1, input.data[0]), shape: [2] }];
    },
    close() {},
  };
  return rt;
}

describe('recurrent-state feeds', () => {
  it('stream each file: zeros first, then the graph\'s own previous stateN; calibration picks whole samples', async () => {
    const conversion = { calibration: { files: ['audio/hey-jarvis.wav'], count: 5, seed: 3, minCrop: 0.6 }, validation: { files: ['audio/silence-noise.wav', 'audio/hey-jarvis-2.wav'] } } as unknown as Conversion;
    const rt = counter();
    const sets = await buildFeedSets(conversion, graph, new Map([['vad', rt]]), ['output', 'stateN']);
    const firstOf = (file: string) => sets.validationLabels.indexOf(`${file}#0`);
    for (const file of ['audio/silence-noise.wav', 'audio/hey-jarvis-2.wav']) {
      const at = firstOf(file);
      expect(Array.from(sets.validation[at][1].data)).toEqual([0, 0]);
      // Sample k of the file carries k steps of state, and the previous window's first sample.
      for (let k = 1; k < 4; k++) {
        const s = sets.validation[at + k];
        expect(s[1].data[0]).toBe(k);
        expect(s[1].data[1]).toBeCloseTo(sets.validation[at + k - 1][0].data[0], 7);
      }
    }
    expect(sets.calibration).toHaveLength(5);
    for (const [input, state] of sets.calibration) {
      expect(input.shape).toEqual([1, 576]);
      expect(state.shape).toEqual([2]);
    }
    // States differ across the picked samples (they are not all the zero start state).
    expect(new Set(sets.calibration.map(([, s]) => s.data[0])).size).toBeGreaterThan(1);
  });
});
