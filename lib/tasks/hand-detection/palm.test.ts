// Palm detector decoder on the real TF.js model (Human's handdetect), run by
// our executor on real samples with the input built as the browser builds it
// (the recipe's feed: stretched to 256 × 256, pixels / 127.5 − 1). Boxes must
// lie inside hand regions measured by eye (known-regions.ts, margins stated
// there); scenes without hands must give nothing at the default threshold.

import { afterAll, describe, expect, it } from 'vitest';
import type { EngineTensor } from '../../engines/types';
import { KNOWN_REGIONS, type PixelBox, type PixelPoint } from '../testing/known-regions';
import { disposeRecipeRunners, loadFrame, runRecipe, type Crop, type RunOptions } from '../testing/recipe-runner';
import type { DecodeContext, Detection, TaskResult } from '../types';
import { decoders } from './index';
import { palmAnchors, PALM_KEYPOINTS } from './palm';

const RECIPE = 'vision/hand-detection/palm-detection';
const decode = decoders['palm-detection'];
const messi = KNOWN_REGIONS['messi5.jpg'];
const basketball = KNOWN_REGIONS['basketball.jpg'];

afterAll(disposeRecipeRunners);

interface PixelDetection {
  score: number;
  box: PixelBox;
  keypoints: (PixelPoint & { name?: string })[];
}

/** Detections on a sample (optionally a crop of it), in pixels of the whole sample. */
async function detect(image: string, run: RunOptions = {}, crop?: Crop): Promise<{ dets: PixelDetection[]; raw: Detection[]; outputs: EngineTensor[]; ctx: DecodeContext }> {
  const frame = await loadFrame(image, crop);
  const { outputs, ctx } = await runRecipe(RECIPE, frame, run);
  const result: TaskResult = decode(outputs, ctx);
  if (result.kind !== 'detections') throw new Error(`expected detections, got ${result.kind}`);
  const left = crop?.left ?? 0;
  const top = crop?.top ?? 0;
  const px = (p: { x: number; y: number }) => ({ x: left + p.x * frame.width, y: top + p.y * frame.height });
  const dets = result.detections.map((d): PixelDetection => {
    const p0 = px({ x: d.box.x0, y: d.box.y0 });
    const p1 = px({ x: d.box.x1, y: d.box.y1 });
    return { score: d.score, box: { x0: p0.x, y0: p0.y, x1: p1.x, y1: p1.y }, keypoints: (d.keypoints ?? []).map((k) => ({ name: k.name, ...px(k) })) };
  });
  for (const d of dets) console.log(`palm ${image}${crop ? ' crop' : ''}: score ${d.score.toFixed(3)}, box [${[d.box.x0, d.box.y0, d.box.x1, d.box.y1].map(Math.round).join(', ')}] px`);
  return { dets, raw: result.detections, outputs, ctx };
}

const inside = (p: PixelPoint, r: PixelBox) => p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1;

/** A palm box inside the hand's region, palm-sized (8–60 px a side here), with every keypoint inside the region too. */
function expectPalmIn(d: PixelDetection, region: PixelBox) {
  expect(d.box.x0).toBeGreaterThanOrEqual(region.x0);
  expect(d.box.y0).toBeGreaterThanOrEqual(region.y0);
  expect(d.box.x1).toBeLessThanOrEqual(region.x1);
  expect(d.box.y1).toBeLessThanOrEqual(region.y1);
  for (const side of [d.box.x1 - d.box.x0, d.box.y1 - d.box.y0]) {
    expect(side).toBeGreaterThan(8);
    expect(side).toBeLessThan(60);
  }
  expect(d.keypoints.map((k) => k.name)).toEqual([...PALM_KEYPOINTS]);
  for (const k of d.keypoints) expect(inside(k, region), `${k.name} at (${k.x.toFixed(0)}, ${k.y.toFixed(0)})`).toBe(true);
}

/** Keypoints by name. */
function kp(d: PixelDetection): Record<string, PixelPoint> {
  return Object.fromEntries(d.keypoints.map((k) => [k.name ?? '', k]));
}

describe('palm-detection', () => {
  it('keypoints are the hand landmark model\'s wrist, finger MCPs and thumb base, in the palm model\'s order', () => {
    expect(PALM_KEYPOINTS).toEqual(['wrist', 'index finger MCP', 'middle finger MCP', 'ring finger MCP', 'pinky MCP', 'thumb CMC', 'thumb MCP']);
  });

  it('anchors: 32×32 × 2, 16×16 × 2, then 8×8 × 6 = 2944, cells row-major, anchors of a cell adjacent', () => {
    const a = palmAnchors();
    expect(a).toHaveLength(2944);
    expect(a[0]).toEqual({ x: 0.5 / 32, y: 0.5 / 32, w: 1, h: 1 });
    expect(a[1]).toEqual(a[0]);
    expect(a[2]).toEqual({ x: 1.5 / 32, y: 0.5 / 32, w: 1, h: 1 });
    expect(a[64]).toEqual({ x: 0.5 / 32, y: 1.5 / 32, w: 1, h: 1 });
    expect(a[2048]).toEqual({ x: 0.5 / 16, y: 0.5 / 16, w: 1, h: 1 });
    expect(a[2560]).toEqual({ x: 0.5 / 8, y: 0.5 / 8, w: 1, h: 1 });
    expect(a[2565]).toEqual(a[2560]);
    expect(a[2566]).toEqual({ x: 1.5 / 8, y: 0.5 / 8, w: 1, h: 1 });
    expect(a[2943]).toEqual({ x: 7.5 / 8, y: 7.5 / 8, w: 1, h: 1 });
  });

  it('finds both of Messi\'s hands on messi5.jpg, keypoints in anatomical order', async () => {
    const { dets } = await detect('messi5.jpg');
    expect(dets).toHaveLength(2);
    const [left, right] = dets;
    // The outstretched left hand is clear and large; the raised right hand is small and seen edge-on.
    expect(left.score).toBeGreaterThan(0.95);
    expect(right.score).toBeGreaterThan(0.5);
    expectPalmIn(left, messi.leftHand);
    expectPalmIn(right, messi.rightHand);

    // Left hand, fingers pointing right, thumb at the bottom: the knuckles lie right of the wrist,
    // from the index (lowest) to the pinky (highest), and the thumb MCP below the pinky MCP.
    const l = kp(left);
    for (const mcp of ['index finger MCP', 'middle finger MCP', 'ring finger MCP', 'pinky MCP']) expect(l[mcp].x - l.wrist.x).toBeGreaterThan(5);
    expect(l['index finger MCP'].y).toBeGreaterThan(l['pinky MCP'].y);
    expect(l['thumb MCP'].y).toBeGreaterThan(l['pinky MCP'].y);
    // Right hand, fingers pointing left: the knuckles lie left of the wrist.
    const r = kp(right);
    for (const mcp of ['index finger MCP', 'middle finger MCP', 'ring finger MCP', 'pinky MCP']) expect(r.wrist.x - r[mcp].x).toBeGreaterThan(3);
  });

  it('finds the raised hand of the player on the right of basketball.jpg, fingers up', async () => {
    const { dets, raw } = await detect('basketball.jpg');
    expect(dets).toHaveLength(1);
    const [hand] = dets;
    expect(raw[0].label).toBe('palm');
    expect(hand.score).toBeGreaterThan(0.7);
    expectPalmIn(hand, basketball.rightPlayerHand);
    // Fingers up: the wrist is below every finger MCP.
    const k = kp(hand);
    for (const mcp of ['index finger MCP', 'middle finger MCP', 'ring finger MCP', 'pinky MCP']) expect(k.wrist.y - k[mcp].y).toBeGreaterThan(5);
    // No per-keypoint confidence: each keypoint carries its detection's score.
    for (const p of raw[0].keypoints ?? []) expect(p.score).toBe(raw[0].score);
  });

  it('finds the left player\'s hands on the ball in the left half of basketball.jpg', async () => {
    // In the whole frame these hands score about 0.26 (the palm is ~15 px wide in the 256 px input); the left half doubles their size.
    const { dets } = await detect('basketball.jpg', {}, { left: 0, top: 0, width: 320, height: 240 });
    expect(dets).toHaveLength(1);
    expect(dets[0].score).toBeGreaterThan(0.9);
    expectPalmIn(dets[0], basketball.leftPlayerHands);
  });

  it.each(['fruits.jpg', 'chelsea.jpg', 'astronaut.jpg'])('finds no palm on %s (no hands in the picture)', async (image) => {
    expect((await detect(image)).dets).toEqual([]);
  });

  it('removes a letterbox: on a letterboxed frame Messi\'s left hand lands in the same pixels', async () => {
    const { dets, ctx } = await detect('messi5.jpg', { feed: { fit: 'letterbox' } });
    expect(ctx.feed.fit).toBe('letterbox');
    // 548×342 fits the 256 input as 256×160 between 48 px bars; the best detection must still be the left hand.
    expectPalmIn(dets[0], messi.leftHand);
  });

  it('applies the score threshold and max results from the options', async () => {
    expect((await detect('messi5.jpg', { options: { scoreThreshold: 0.9 } })).dets).toHaveLength(1);
    expect((await detect('messi5.jpg', { options: { maxResults: 1 } })).dets).toHaveLength(1);
    expect((await detect('messi5.jpg', { options: { maxResults: 0 } })).dets).toEqual([]);
  });

  it('names what is wrong with outputs that are not the palm detector\'s', async () => {
    const { ctx } = await detect('fruits.jpg');
    const short: EngineTensor = { name: 'x', shape: [1, 10, 19], dtype: 'float32', data: new Float32Array(190) };
    expect(() => decode([short], ctx)).toThrow(/covers 10 anchors; its anchor layout has 2944/);
    const face: EngineTensor = { name: 'regressors', shape: [1, 896, 16], dtype: 'float32', data: new Float32Array(896 * 16) };
    expect(() => decode([face], ctx)).toThrow(/expects a \[1, n, 19\] output \(score, box, 7 keypoints\); got regressors \[1, 896, 16\]/);
  });
});
