// BlazeFace decoders on the real source models, run by our executor on real
// samples with the input built as the browser builds it.

import { afterAll, describe, expect, it } from 'vitest';
import type { EngineTensor } from '../../engines/types';
import { KNOWN_REGIONS } from '../testing/known-regions';
import { disposeRecipeRunners, loadFrame, runRecipe } from '../testing/recipe-runner';
import type { Detection, TaskResult } from '../types';
import { FACE_KEYPOINTS } from './blazeface';
import { decoders } from './index';

const MODELS = ['blazeface-short-range', 'blazeface-full-range'] as const;
const astronaut = KNOWN_REGIONS['astronaut.jpg'];
/** Keypoints must land within this many pixels of the hand-read feature centres. */
const FEATURE_TOLERANCE_PX = 12;
const near = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);

afterAll(disposeRecipeRunners);

function detections(r: TaskResult): Detection[] {
  if (r.kind !== 'detections') throw new Error(`expected detections, got ${r.kind}`);
  return r.detections;
}

async function detect(model: string, image: string, opts: Parameters<typeof runRecipe>[2] = {}, crop?: Parameters<typeof loadFrame>[1]) {
  const frame = await loadFrame(image, crop);
  const { outputs, ctx } = await runRecipe(`vision/face-detection/${model}`, frame, opts);
  // Pixel coordinates of the frame, for comparison with hand-read regions.
  const px = (d: Detection) => ({
    box: { x0: d.box.x0 * frame.width, y0: d.box.y0 * frame.height, x1: d.box.x1 * frame.width, y1: d.box.y1 * frame.height },
    keypoints: (d.keypoints ?? []).map((k) => ({ name: k.name, x: k.x * frame.width, y: k.y * frame.height })),
  });
  return { dets: detections(decoders[model](outputs, ctx)), px, outputs, ctx };
}

function expectFaceInRegion(box: { x0: number; y0: number; x1: number; y1: number }) {
  const r = astronaut.face;
  expect(box.x0).toBeGreaterThanOrEqual(r.x0);
  expect(box.y0).toBeGreaterThanOrEqual(r.y0);
  expect(box.x1).toBeLessThanOrEqual(r.x1);
  expect(box.y1).toBeLessThanOrEqual(r.y1);
  // A face box, not a sliver: 60–130 px wide and about square in this 1:1 photo.
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  expect(w).toBeGreaterThan(60);
  expect(w).toBeLessThan(130);
  expect(h / w).toBeGreaterThan(0.8);
  expect(h / w).toBeLessThan(1.25);
}

describe.each(MODELS)('%s', (model) => {
  it('finds exactly one face on astronaut.jpg, inside the known face region, with keypoints on the features', async () => {
    const { dets, px } = await detect(model, 'astronaut.jpg');
    expect(dets).toHaveLength(1);
    const [face] = dets;
    expect(face.label).toBe('face');
    expect(face.score).toBeGreaterThan(0.85);
    const { box, keypoints } = px(face);
    console.log(`${model} astronaut: score ${face.score.toFixed(3)}, box [${[box.x0, box.y0, box.x1, box.y1].map(Math.round).join(', ')}] px`);
    expectFaceInRegion(box);

    expect(keypoints.map((k) => k.name)).toEqual([...FACE_KEYPOINTS]);
    const [rightEye, leftEye, nose, mouth, rightEar, leftEar] = keypoints;
    expect(near(rightEye, astronaut.rightEye)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(leftEye, astronaut.leftEye)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(nose, astronaut.noseTip)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(mouth, astronaut.mouthCentre)).toBeLessThan(FEATURE_TOLERANCE_PX);
    // Anatomical order of a frontal, unmirrored face: the subject's right is on the image's left.
    expect(rightEar.x).toBeLessThan(rightEye.x);
    expect(rightEye.x).toBeLessThan(nose.x);
    expect(nose.x).toBeLessThan(leftEye.x);
    expect(leftEye.x).toBeLessThan(leftEar.x);
    expect(Math.max(rightEye.y, leftEye.y)).toBeLessThan(nose.y);
    expect(nose.y).toBeLessThan(mouth.y);
    for (const k of [rightEye, leftEye, nose, mouth]) {
      expect(k.x).toBeGreaterThan(box.x0);
      expect(k.x).toBeLessThan(box.x1);
      expect(k.y).toBeGreaterThan(box.y0);
      expect(k.y).toBeLessThan(box.y1);
    }
    // BlazeFace has no per-keypoint confidence: each carries the detection's score.
    for (const k of face.keypoints ?? []) expect(k.score).toBe(face.score);
  });

  it('finds no face on fruits.jpg', async () => {
    const { dets } = await detect(model, 'fruits.jpg');
    expect(dets).toEqual([]);
  });

  it('removes a letterbox: the face on a 512×300 crop lands in the same pixels', async () => {
    // Top 300 rows of astronaut.jpg, letterboxed into the square input (bars above and below).
    const { dets, px, ctx } = await detect(model, 'astronaut.jpg', { feed: { fit: 'letterbox' } }, { left: 0, top: 0, width: 512, height: 300 });
    expect(ctx.feed.fit).toBe('letterbox');
    expect(dets).toHaveLength(1);
    const { box, keypoints } = px(dets[0]);
    expectFaceInRegion(box);
    // Without the bars removed, y would be off by ~20 px here.
    expect(near(keypoints[0], astronaut.rightEye)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(keypoints[1], astronaut.leftEye)).toBeLessThan(FEATURE_TOLERANCE_PX);
  });

  it('applies the score threshold and max results from the options', async () => {
    const strict = await detect(model, 'astronaut.jpg', { options: { scoreThreshold: 0.999 } });
    expect(strict.dets).toEqual([]);
    const none = await detect(model, 'astronaut.jpg', { options: { maxResults: 0 } });
    expect(none.dets).toEqual([]);
  });

  it('names what is wrong with outputs that are not BlazeFace outputs', async () => {
    const { ctx } = await detect(model, 'fruits.jpg');
    const wrong: EngineTensor[] = [{ name: 'x', shape: [1, 10, 16], dtype: 'float32', data: new Float32Array(160) }, { name: 'y', shape: [1, 10, 1], dtype: 'float32', data: new Float32Array(10) }];
    expect(() => decoders[model](wrong, ctx)).toThrow(/cover 10 anchors; this model's anchor layout has (896|2304)/);
    expect(() => decoders[model]([], ctx)).toThrow(/expects a \[1, n, 16\] box output/);
  });
});
