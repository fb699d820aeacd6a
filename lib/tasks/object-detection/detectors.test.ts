// NanoDet and CenterNet decoded on real photos: the source models run through
// the browser's TF.js engine on each recipe's own image feed, and the
// detections must name and box what is there (regions in known-regions.ts).
// Plus the GFL box arithmetic on a hand-made output.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFeed } from '../../catalogue/recipe-schema';
import type { EngineTensor } from '../../engines/types';
import { iou } from '../shared/nms';
import { KNOWN_REGIONS, type PixelBox } from '../testing/known-regions';
import { loadRecipeEngine, runEngine, type RecipeEngine } from '../testing/engine-runner';
import { loadFrame } from '../testing/recipe-runner';
import type { Box, DecodeContext, Detection, TaskResult } from '../types';
import { COCO_LABELS } from './coco-labels';
import { CENTERNET_IOU } from './centernet';
import { decoders } from './index';
import { NANODET_IOU, decodeNanoDet } from './nanodet';

const detectionsOf = (r: TaskResult): Detection[] => {
  if (r.kind !== 'detections') throw new Error(`expected detections, got ${r.kind}`);
  return r.detections;
};

const normalised = (b: PixelBox, w: number, h: number): Box => ({ x0: b.x0 / w, y0: b.y0 / h, x1: b.x1 / w, y1: b.y1 / h });
const show = (d: Detection, w: number, h: number) =>
  `${d.label} ${d.score.toFixed(2)} [${Math.round(d.box.x0 * w)}, ${Math.round(d.box.y0 * h)}, ${Math.round(d.box.x1 * w)}, ${Math.round(d.box.y1 * h)}]`;

describe('NanoDet GFL decoding on a hand-made output', () => {
  const feed: ImageFeed = { kind: 'image', size: [416, 416], fit: 'stretch', colourOrder: 'BGR', scale: [1], offset: [0], layout: 'NCHW', dtype: 'float32' };
  const ctx: DecodeContext = { frame: { width: 832, height: 416 }, feed, options: { scoreThreshold: 0.5, maxResults: 10 } };
  // Three levels (strides 8, 16, 32); one stride-8 cell (col 10, row 5: centre (84, 44)) scores 0.9 as "dog".
  const level = (cells: number, bins: number[][] | undefined, cell: number, cls: number, score: number): EngineTensor[] => {
    const s = new Float32Array(cells * 80);
    const b = new Float32Array(cells * 44);
    if (bins) {
      s[cell * 80 + cls] = score;
      bins.forEach((edge, e) => b.set(edge, (cell * 4 + e) * 11));
    }
    return [{ name: `s${cells}`, shape: [1, cells, 80], dtype: 'float32', data: s }, { name: `b${cells}`, shape: [1, cells, 44], dtype: 'float32', data: b }];
  };
  const oneHot = (k: number) => Array.from({ length: 11 }, (_, i) => (i === k ? 30 : 0));
  // Left 3 bins, top 1, right 2; bottom split evenly between bins 4 and 5 → 4.5.
  const bins = [oneHot(3), oneHot(1), oneHot(2), Array.from({ length: 11 }, (_, i) => (i === 4 || i === 5 ? 30 : 0))];
  const outputs = [...level(169, undefined, 0, 0, 0), ...level(2704, bins, 5 * 52 + 10, 16, 0.9), ...level(676, undefined, 0, 0, 0)];

  it('expects the softmaxed bins × stride around the cell centre, mapped to the frame', () => {
    const [d, ...rest] = detectionsOf(decodeNanoDet(outputs, ctx));
    expect(rest).toHaveLength(0);
    expect(d.label).toBe('dog');
    expect(d.score).toBeCloseTo(0.9, 6);
    // Input box (84 − 24, 44 − 8, 84 + 16, 44 + 36) = (60, 36, 100, 80) of 416; the frame is the input stretched ×2 in x.
    expect(d.box.x0 * 832).toBeCloseTo(120, 3);
    expect(d.box.y0 * 416).toBeCloseTo(36, 3);
    expect(d.box.x1 * 832).toBeCloseTo(200, 3);
    expect(d.box.y1 * 416).toBeCloseTo(80, 3);
  });

  it('names what is missing when the outputs are not NanoDet\'s', () => {
    expect(() => decodeNanoDet([{ name: 'x', shape: [1, 100, 6], dtype: 'float32', data: new Float32Array(600) }], ctx)).toThrow(/score and \[1, N, 4·bins\] box outputs/);
    expect(() => decodeNanoDet(outputs.slice(0, 1), ctx)).toThrow(/no box tensor/);
  });
});

interface Expectation {
  image: keyof typeof KNOWN_REGIONS;
  /** Each entry: a region that some detection with one of these labels must box with IoU ≥ minIoU. */
  find: { region: PixelBox; labels: string[]; minIoU: number }[];
  /** Labels that must not appear at all. */
  absent: string[];
}

const R = KNOWN_REGIONS;
const FRUIT = ['orange', 'apple', 'banana'];

const EXPECT: Record<'nanodet' | 'centernet', Expectation[]> = {
  nanodet: [
    { image: 'messi5.jpg', find: [{ region: R['messi5.jpg'].person, labels: ['person'], minIoU: 0.8 }, { region: R['messi5.jpg'].ball, labels: ['sports ball'], minIoU: 0.7 }], absent: ['cat', 'dog'] },
    // With the recipe's stretched feed NanoDet boxes only the right-hand player whole (letterboxed, both players).
    { image: 'basketball.jpg', find: [{ region: R['basketball.jpg'].rightPlayer, labels: ['person'], minIoU: 0.6 }], absent: ['cat', 'dog'] },
    { image: 'fruits.jpg', find: [{ region: R['fruits.jpg'].orangeWedge, labels: ['orange'], minIoU: 0.8 }, { region: R['fruits.jpg'].lime, labels: FRUIT, minIoU: 0.7 }], absent: ['person'] },
    { image: 'chelsea.jpg', find: [{ region: R['chelsea.jpg'].cat, labels: ['cat'], minIoU: 0.8 }], absent: [] },
  ],
  centernet: [
    { image: 'messi5.jpg', find: [{ region: R['messi5.jpg'].person, labels: ['person'], minIoU: 0.75 }, { region: R['messi5.jpg'].ball, labels: ['sports ball'], minIoU: 0.7 }], absent: ['cat', 'dog'] },
    { image: 'basketball.jpg', find: [{ region: R['basketball.jpg'].leftPlayer, labels: ['person'], minIoU: 0.75 }], absent: ['cat', 'dog'] },
    { image: 'fruits.jpg', find: [{ region: R['fruits.jpg'].orangeTopLeft, labels: ['orange'], minIoU: 0.7 }, { region: R['fruits.jpg'].lemonHalf, labels: FRUIT, minIoU: 0.7 }], absent: ['person'] },
    // Stretched to 512×512 CenterNet calls Chelsea a dog (a cat when letterboxed): an animal over the whole frame either way.
    { image: 'chelsea.jpg', find: [{ region: R['chelsea.jpg'].cat, labels: ['cat', 'dog'], minIoU: 0.75 }], absent: ['person'] },
  ],
};

const THRESHOLD = 0.3;
const MAX_RESULTS = 20;

for (const model of ['nanodet', 'centernet'] as const) {
  describe(`${model} on sample photos (threshold ${THRESHOLD})`, () => {
    let re: RecipeEngine;
    beforeAll(async () => {
      re = await loadRecipeEngine(`vision/object-detection/${model}`);
    });
    afterAll(() => re?.engine.dispose());

    for (const e of EXPECT[model]) {
      it(`${e.image}: ${e.find.map((f) => f.labels.join('/')).join(', ')}`, async () => {
        const frame = await loadFrame(e.image);
        const { outputs, ctx } = await runEngine(re, frame, { scoreThreshold: THRESHOLD, maxResults: MAX_RESULTS });
        const dets = detectionsOf(decoders[model](outputs, ctx));
        console.log(`${model} ${e.image}:\n  ${dets.map((d) => show(d, frame.width, frame.height)).join('\n  ')}`);

        // The options hold, boxes are inside the frame, and NMS left no same-class overlaps.
        expect(dets.length).toBeLessThanOrEqual(MAX_RESULTS);
        for (const d of dets) {
          expect(d.score).toBeGreaterThanOrEqual(THRESHOLD);
          expect(COCO_LABELS).toContain(d.label);
          expect(d.box.x0).toBeGreaterThanOrEqual(0);
          expect(d.box.y0).toBeGreaterThanOrEqual(0);
          expect(d.box.x1).toBeLessThanOrEqual(1);
          expect(d.box.y1).toBeLessThanOrEqual(1);
          expect(d.box.x1).toBeGreaterThan(d.box.x0);
          expect(d.box.y1).toBeGreaterThan(d.box.y0);
        }
        const nmsIou = model === 'nanodet' ? NANODET_IOU : CENTERNET_IOU;
        for (let i = 0; i < dets.length; i++) {
          for (let j = i + 1; j < dets.length; j++) if (dets[i].label === dets[j].label) expect(iou(dets[i].box, dets[j].box)).toBeLessThanOrEqual(nmsIou);
        }
        expect(dets.map((d) => d.score)).toEqual([...dets.map((d) => d.score)].sort((a, b) => b - a));

        for (const f of e.find) {
          const truth = normalised(f.region, frame.width, frame.height);
          const best = Math.max(0, ...dets.filter((d) => f.labels.includes(d.label)).map((d) => iou(d.box, truth)));
          expect(best, `${f.labels.join('/')} at [${f.region.x0}, ${f.region.y0}, ${f.region.x1}, ${f.region.y1}]`).toBeGreaterThanOrEqual(f.minIoU);
        }
        for (const label of e.absent) expect(dets.map((d) => d.label)).not.toContain(label);
      });
    }

    it('maxResults caps the list at the best-scoring detections', async () => {
      const frame = await loadFrame('messi5.jpg');
      const { outputs, ctx } = await runEngine(re, frame, { scoreThreshold: 0.1, maxResults: 20 });
      const all = detectionsOf(decoders[model](outputs, ctx));
      const two = detectionsOf(decoders[model](outputs, { ...ctx, options: { scoreThreshold: 0.1, maxResults: 2 } }));
      expect(all.length).toBeGreaterThan(2);
      expect(two).toEqual(all.slice(0, 2));
    });
  });
}
