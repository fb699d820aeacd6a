// Hand landmark decoder on the real MediaPipe model, run by our executor on a
// hand crop of messi5.jpg built as the browser builds the input.

import { afterAll, describe, expect, it } from 'vitest';
import type { EngineTensor } from '../../engines/types';
import { KNOWN_REGIONS } from '../testing/known-regions';
import { disposeRecipeRunners, loadFrame, runRecipe, type Crop, type RunOptions } from '../testing/recipe-runner';
import type { TaskResult } from '../types';
import { decodeHandedness, HAND_CONNECTIONS, HAND_LANDMARKS } from './hand-landmark';
import { decoders } from './index';

const decode = decoders['hand-landmark-lite'];
const messi = KNOWN_REGIONS['messi5.jpg'];
/**
 * 64 px square around Messi's left hand, turned 90° anticlockwise so the
 * fingers point up, as MediaPipe rotates its hand crops.
 */
const HAND_CROP: Crop = { left: 330, top: 130, width: 64, height: 64 };
const UPRIGHT = -90;

afterAll(disposeRecipeRunners);

type Keypoints = Extract<TaskResult, { kind: 'keypoints' }>;

async function hand(image: string, crop: Crop, rotate: number, run: RunOptions = {}) {
  const frame = await loadFrame(image, crop, rotate);
  const { outputs, ctx } = await runRecipe('vision/hand-landmarks/hand-landmark-lite', frame, run);
  const result = decode(outputs, ctx);
  if (result.kind !== 'keypoints') throw new Error(`expected keypoints, got ${result.kind}`);
  return { result: result as Keypoints, outputs, ctx };
}

describe('hand-landmark-lite', () => {
  it('edges are MediaPipe\'s 21 hand connections, a tree over the 21 landmarks', () => {
    expect(HAND_CONNECTIONS).toHaveLength(21);
    const seen = new Set(HAND_CONNECTIONS.flat());
    expect(seen.size).toBe(21);
    expect(Math.max(...seen)).toBe(20);
  });

  it('finds the hand on an upright crop and puts the landmarks on it', async () => {
    const { result, outputs } = await hand('messi5.jpg', HAND_CROP, UPRIGHT);
    expect(result.instances).toHaveLength(1);
    const [h] = result.instances;
    const handedness = decodeHandedness(outputs);
    console.log(`hand-landmark-lite messi5: presence ${h.score.toFixed(3)}, handedness ${handedness.label} ${handedness.score.toFixed(3)}`);
    expect(h.score).toBeGreaterThan(0.9);
    expect(h.points.map((p) => p.name)).toEqual([...HAND_LANDMARKS]);
    expect(result.edges).toBe(HAND_CONNECTIONS);
    expect(handedness.score).toBeGreaterThanOrEqual(0.5);
    expect(handedness.score).toBeLessThanOrEqual(1);

    // Back to messi5.jpg pixels: undo the anticlockwise turn ((u, v) in the turned crop was (W − v, u)).
    const photo = h.points.map((p) => ({ x: HAND_CROP.left + HAND_CROP.width * (1 - p.y), y: HAND_CROP.top + HAND_CROP.height * p.x }));
    const r = messi.leftHand;
    for (const p of photo) {
      expect(p.x).toBeGreaterThan(r.x0);
      expect(p.x).toBeLessThan(r.x1);
      expect(p.y).toBeGreaterThan(r.y0);
      expect(p.y).toBeLessThan(r.y1);
    }
    // Upright crop: the wrist is the lowest landmark, and every fingertip lies farther from it than its finger's base.
    const [wrist] = h.points;
    expect(Math.max(...h.points.map((p) => p.y))).toBe(wrist.y);
    const dist = (i: number) => Math.hypot(h.points[i].x - wrist.x, h.points[i].y - wrist.y);
    for (const [base, tip] of [[1, 4], [5, 8], [9, 12], [13, 16], [17, 20]]) expect(dist(tip)).toBeGreaterThan(dist(base));
    // The fingers point up: every fingertip is above every finger base (MCP).
    const tipsLowest = Math.max(...[8, 12, 16, 20].map((i) => h.points[i].y));
    const basesHighest = Math.min(...[5, 9, 13, 17].map((i) => h.points[i].y));
    expect(tipsLowest).toBeLessThan(basesHighest);
  });

  it('reports no hand on a crop of fruits.jpg', async () => {
    const crop = { left: 100, top: 100, width: 100, height: 100 };
    expect((await hand('fruits.jpg', crop, 0)).result.instances).toEqual([]);
    const all = await hand('fruits.jpg', crop, 0, { options: { scoreThreshold: 0 } });
    expect(all.result.instances[0].score).toBeLessThan(0.05);
  });

  it('reads outputs by source name when a runtime lists them in another order', async () => {
    const { outputs, ctx } = await hand('messi5.jpg', HAND_CROP, UPRIGHT);
    const reversed = [...outputs].reverse();
    expect(decode(reversed, ctx)).toEqual(decode(outputs, ctx));
    expect(decodeHandedness(reversed)).toEqual(decodeHandedness(outputs));
  });

  it('names what is wrong with outputs that are not the hand model\'s', async () => {
    const { ctx } = await hand('messi5.jpg', HAND_CROP, UPRIGHT);
    const wrong: EngineTensor = { name: 'x', shape: [1, 63], dtype: 'float32', data: new Float32Array(63) };
    expect(() => decode([wrong], ctx)).toThrow(/two 1-value scores \(presence, handedness\); got x \[1, 63\]/);
  });
});
