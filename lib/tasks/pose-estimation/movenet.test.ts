// MoveNet Lightning and Thunder decoded on real photos: the source models run
// through the browser's TF.js engine on the recipe's letterboxed feed, and the
// keypoints must land on the person (regions measured in known-regions.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFeed } from '../../catalogue/recipe-schema';
import { KNOWN_REGIONS, type PixelBox } from '../testing/known-regions';
import { loadRecipeEngine, runEngine, type RecipeEngine } from '../testing/engine-runner';
import { loadFrame } from '../testing/recipe-runner';
import type { ScoredPoint, TaskResult } from '../types';
import { COCO_KEYPOINTS, COCO_SKELETON, decodeMoveNet } from './movenet';
import { decoders } from './index';

type Pose = { points: ScoredPoint[]; score: number };

function onlyPose(r: TaskResult): Pose {
  if (r.kind !== 'keypoints') throw new Error(`expected keypoints, got ${r.kind}`);
  expect(r.instances).toHaveLength(1);
  return r.instances[0];
}

const px = (p: ScoredPoint, w: number, h: number) => ({ x: p.x * w, y: p.y * h });
const inside = (p: { x: number; y: number }, b: PixelBox, margin: number) =>
  p.x >= b.x0 - margin && p.x <= b.x1 + margin && p.y >= b.y0 - margin && p.y <= b.y1 + margin;

describe('MoveNet decoder on a synthetic output', () => {
  // 548×342 letterboxed into 192×192: the image is 192×120 at y = 36, so input y = 0.5 is the frame's middle row
  // and input y = 36/192 its top edge.
  const feed: ImageFeed = { kind: 'image', size: [192, 192], fit: 'letterbox', colourOrder: 'RGB', scale: [1], offset: [0], layout: 'NHWC', dtype: 'int32' };
  const ctx = { frame: { width: 548, height: 342 }, feed, options: { scoreThreshold: 0.3, maxResults: 1 } };
  const rows = new Float32Array(17 * 3);
  for (let i = 0; i < 17; i++) rows.set([i === 0 ? 36 / 192 : 0.5, 0.25, 0.5], i * 3);

  it('reads y before x, undoes the letterbox and names the COCO points', () => {
    const pose = onlyPose(decodeMoveNet([{ name: 'Identity', shape: [1, 1, 17, 3], dtype: 'float32', data: rows }], ctx));
    expect(pose.points.map((p) => p.name)).toEqual([...COCO_KEYPOINTS]);
    expect(pose.points[0].y).toBeCloseTo(0, 6);
    expect(pose.points[1].y).toBeCloseTo(0.5, 6);
    expect(pose.points[1].x).toBeCloseTo(0.25, 6);
    expect(pose.score).toBeCloseTo(0.5, 6);
  });

  it('drops the skeleton below the threshold and rejects other shapes', () => {
    const low = decodeMoveNet([{ name: 'x', shape: [1, 1, 17, 3], dtype: 'float32', data: rows }], { ...ctx, options: { scoreThreshold: 0.6, maxResults: 1 } });
    expect(low.kind === 'keypoints' && low.instances.length).toBe(0);
    expect(() => decodeMoveNet([{ name: 'x', shape: [1, 100, 6], dtype: 'float32', data: new Float32Array(600) }], ctx)).toThrow(/\[1, 1, 17, 3\]/);
  });

  it('draws the COCO skeleton over valid indices', () => {
    expect(COCO_SKELETON).toHaveLength(18);
    for (const [a, b] of COCO_SKELETON) expect(Math.max(a, b)).toBeLessThan(17);
  });
});

for (const model of ['movenet-lightning', 'movenet-thunder'] as const) {
  describe(`${model} on sample photos`, () => {
    let re: RecipeEngine;
    beforeAll(async () => {
      re = await loadRecipeEngine(`vision/pose-estimation/${model}`);
    });
    afterAll(() => re?.engine.dispose());

    const pose = async (image: string) => {
      const frame = await loadFrame(image);
      const { outputs, ctx } = await runEngine(re, frame, { scoreThreshold: 0.2, maxResults: 1 });
      const found = onlyPose(decoders[model](outputs, ctx));
      const at = (name: string) => {
        const p = found.points.find((q) => q.name === name);
        if (!p) throw new Error(`no ${name}`);
        return px(p, frame.width, frame.height);
      };
      const confident = found.points.filter((p) => p.score >= 0.3).map((p) => ({ name: p.name, ...px(p, frame.width, frame.height) }));
      console.log(`${model} ${image}: mean score ${found.score.toFixed(3)}, ${confident.length}/17 points ≥ 0.3, nose at (${at('nose').x.toFixed(0)}, ${at('nose').y.toFixed(0)}) px`);
      return { score: found.score, at, confident };
    };

    it('messi5.jpg: the skeleton lies on Messi, upright and facing the camera', async () => {
      const { score, at, confident } = await pose('messi5.jpg');
      const { person, head } = KNOWN_REGIONS['messi5.jpg'];
      // Measured 0.58 (Lightning) and 0.60 (Thunder).
      expect(score).toBeGreaterThanOrEqual(0.5);
      expect(confident.length).toBeGreaterThanOrEqual(14);
      // Every confident point on him (10 px slack for joints at the box edge), the nose in the head box (5 px).
      for (const p of confident) expect(inside(p, person, 10), `${p.name}`).toBe(true);
      expect(inside(at('nose'), head, 5)).toBe(true);
      // Facing the camera: his left shoulder and hip appear to the image's right.
      expect(at('left shoulder').x).toBeGreaterThan(at('right shoulder').x);
      expect(at('left hip').x).toBeGreaterThan(at('right hip').x);
      // Shoulders above hips above knees (image y grows downwards).
      for (const side of ['left', 'right']) {
        expect(at(`${side} shoulder`).y).toBeLessThan(at(`${side} hip`).y);
        expect(at(`${side} hip`).y).toBeLessThan(at(`${side} knee`).y);
      }
    });

    it('basketball.jpg: the skeleton lies on one of the two players', async () => {
      const { score, at, confident } = await pose('basketball.jpg');
      const r = KNOWN_REGIONS['basketball.jpg'];
      // Both players are about equally far from the centre; which one a single-pose model takes depends on the
      // model (with bilinear resizing Lightning takes the right one, Thunder the left one): the nose says which.
      const players = [{ body: r.leftPlayer, head: r.leftPlayerHead }, { body: r.rightPlayer, head: r.rightPlayerHead }];
      const chosen = players.find((p) => inside(at('nose'), p.head, 5));
      expect(chosen, 'nose in neither head').toBeDefined();
      // Measured 0.31 (Lightning, right player seen from behind) and 0.50 (Thunder, left player).
      expect(score).toBeGreaterThanOrEqual(0.25);
      expect(confident.length).toBeGreaterThanOrEqual(6);
      for (const p of confident) expect(inside(p, chosen?.body ?? r.leftPlayer, 10), `${p.name}`).toBe(true);
    });

    it('messi5.jpg: the left wrist is at his outstretched left hand', async () => {
      const frame = await loadFrame('messi5.jpg');
      const { outputs, ctx } = await runEngine(re, frame, { scoreThreshold: 0.3, maxResults: 1 });
      const wrist = onlyPose(decoders[model](outputs, ctx)).points[9];
      expect(wrist.name).toBe('left wrist');
      // The hand box reaches the wrist; 15 px slack covers where along the forearm the model puts the joint.
      expect(inside(px(wrist, frame.width, frame.height), KNOWN_REGIONS['messi5.jpg'].leftHand, 15)).toBe(true);
    });

    for (const image of ['fruits.jpg', 'chelsea.jpg']) {
      it(`${image}: no person, so no skeleton at threshold 0.3`, async () => {
        const frame = await loadFrame(image);
        const { outputs, ctx } = await runEngine(re, frame, { scoreThreshold: 0, maxResults: 1 });
        const pose = onlyPose(decoders[model](outputs, ctx));
        console.log(`${model} ${image}: mean score ${pose.score.toFixed(3)}`);
        // Measured 0.05–0.11.
        expect(pose.score).toBeLessThan(0.2);
        const r = decoders[model](outputs, { ...ctx, options: { scoreThreshold: 0.3, maxResults: 1 } });
        expect(r.kind === 'keypoints' && r.instances.length).toBe(0);
      });
    }
  });
}
