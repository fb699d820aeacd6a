import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Conversion, ConversionGraph } from '../../lib/catalogue/recipe-schema';
import { buildFeedSets } from './feeds';
import type { Runtime } from './runtimes';
import { SAMPLES_DIR, type Tensor } from './samples';

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
    const conversion = { calibration: { files: ['audio/hey-jarvis.wav'], regions: [], count: 5, seed: 3, minCrop: 0.6 }, validation: { files: ['audio/silence-noise.wav', 'audio/hey-jarvis-2.wav'], regions: [] } } as unknown as Conversion;
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

describe('image regions', () => {
  const feed = { kind: 'image', size: [60, 40], fit: 'stretch', colourOrder: 'RGB', scale: [1], offset: [0], layout: 'NHWC', dtype: 'float32' } as const;
  const imageGraph = { graph: 'g', inputs: [{ name: 'x', feed }], steps: [{ step: 'import' }], validation: { outputRanges: {} } } as unknown as ConversionGraph;
  const region = { file: 'images/basketball.jpg', box: [430, 215, 60, 40] as [number, number, number, number], label: 'a hand' };

  it('validate on the region\'s own pixels (a box the feed\'s size needs no resampling) and calibrate on it and crops of it', async () => {
    const conversion = {
      calibration: { files: ['images/coffee.jpg'], regions: [region], count: 6, seed: 1, minCrop: 0.6 },
      validation: { files: ['images/fruits.jpg'], regions: [region] },
    } as unknown as Conversion;
    const sets = await buildFeedSets(conversion, imageGraph, new Map());
    expect(sets.validationLabels).toEqual(['images/fruits.jpg', 'images/basketball.jpg [430, 215, 60, 40] (a hand)']);
    const { data, info } = await sharp(path.join(SAMPLES_DIR, region.file)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const got = sets.validation[1][0].data;
    let maxDiff = 0;
    for (let y = 0; y < 40; y++) for (let x = 0; x < 60; x++) for (let c = 0; c < 3; c++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[(y * 60 + x) * 3 + c] - data[((215 + y) * info.width + 430 + x) * info.channels + c]));
    }
    expect(maxDiff).toBe(0);
    // Calibration: the file, the region whole (the same pixels), then seeded crops of each in turn.
    expect(sets.calibration).toHaveLength(6);
    expect(Array.from(sets.calibration[1][0].data)).toEqual(Array.from(got));
    expect(Array.from(sets.calibration[3][0].data)).not.toEqual(Array.from(got));
  });

  it('say which region reaches outside its image', async () => {
    const conversion = {
      calibration: { files: ['images/coffee.jpg'], regions: [], count: 1, seed: 1, minCrop: 0.6 },
      validation: { files: [], regions: [{ ...region, box: [600, 450, 60, 40] }] },
    } as unknown as Conversion;
    await expect(buildFeedSets(conversion, imageGraph, new Map())).rejects.toThrow('images/basketball.jpg: region [600, 450, 60, 40] reaches outside the 640×480 image');
  });
});
