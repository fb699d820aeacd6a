// Face mesh decoder on the real TF.js model, run by our executor on a face
// crop of astronaut.jpg built as the browser builds the input.

import { afterAll, describe, expect, it } from 'vitest';
import type { EngineTensor } from '../../engines/types';
import { KNOWN_REGIONS } from '../testing/known-regions';
import { disposeRecipeRunners, loadFrame, runRecipe, type Crop, type RunOptions } from '../testing/recipe-runner';
import type { TaskResult } from '../types';
import { FACE_MESH_CONTOURS, FACE_OVAL, MESH_POINTS } from './contours';
import { decoders } from './index';

const astronaut = KNOWN_REGIONS['astronaut.jpg'];
/** A square crop around the known face region (centre 225, 122; side 152 px), as a detector-driven crop would be. */
const FACE_CROP: Crop = { left: 149, top: 46, width: 152, height: 152 };
const FEATURE_TOLERANCE_PX = 12;

afterAll(disposeRecipeRunners);

type Keypoints = Extract<TaskResult, { kind: 'keypoints' }>;

async function mesh(image: string, crop: Crop, run: RunOptions = {}) {
  const frame = await loadFrame(image, crop);
  const { outputs, ctx } = await runRecipe('vision/face-landmarks/facemesh', frame, run);
  const result = decoders.facemesh(outputs, ctx);
  if (result.kind !== 'keypoints') throw new Error(`expected keypoints, got ${result.kind}`);
  return { result: result as Keypoints, outputs, ctx };
}

describe('facemesh', () => {
  it('edges are MediaPipe\'s 124 contour edges over the 468 landmarks', () => {
    expect(FACE_MESH_CONTOURS).toHaveLength(124);
    expect(FACE_MESH_CONTOURS.every(([a, b]) => a >= 0 && a < 468 && b >= 0 && b < 468 && a !== b)).toBe(true);
    expect(new Set(FACE_MESH_CONTOURS.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`)).size).toBe(124);
  });

  it('puts 468 landmarks on the astronaut\'s face in the right places', async () => {
    const { result } = await mesh('astronaut.jpg', FACE_CROP);
    expect(result.instances).toHaveLength(1);
    const [face] = result.instances;
    console.log(`facemesh astronaut: face score ${face.score.toFixed(4)}`);
    expect(face.score).toBeGreaterThan(0.9);
    expect(face.points).toHaveLength(468);
    expect(result.edges).toBe(FACE_MESH_CONTOURS);
    // Every landmark inside the crop (normalised to it), then in pixels of the photo.
    for (const p of face.points) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(1);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(1);
      expect(p.score).toBe(face.score);
    }
    const px = (i: number) => ({ x: FACE_CROP.left + face.points[i].x * FACE_CROP.width, y: FACE_CROP.top + face.points[i].y * FACE_CROP.height });
    const mid = (a: number, b: number) => ({ x: (px(a).x + px(b).x) / 2, y: (px(a).y + px(b).y) / 2 });
    const near = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);
    expect(near(px(MESH_POINTS.noseTip), astronaut.noseTip)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(mid(MESH_POINTS.rightEyeOuter, MESH_POINTS.rightEyeInner), astronaut.rightEye)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(mid(MESH_POINTS.leftEyeInner, MESH_POINTS.leftEyeOuter), astronaut.leftEye)).toBeLessThan(FEATURE_TOLERANCE_PX);
    expect(near(px(MESH_POINTS.upperLipCentre), astronaut.mouthCentre)).toBeLessThan(FEATURE_TOLERANCE_PX);
    // Anatomical order of a frontal, unmirrored face.
    const xs = [MESH_POINTS.rightEyeOuter, MESH_POINTS.rightEyeInner, MESH_POINTS.leftEyeInner, MESH_POINTS.leftEyeOuter].map((i) => px(i).x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    const ys = [MESH_POINTS.foreheadTop, MESH_POINTS.noseTip, MESH_POINTS.upperLipCentre, MESH_POINTS.chin].map((i) => px(i).y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    // The face outline stays within the known face region.
    const region = astronaut.face;
    for (const i of FACE_OVAL) {
      const p = px(i);
      expect(p.x).toBeGreaterThan(region.x0);
      expect(p.x).toBeLessThan(region.x1);
      expect(p.y).toBeGreaterThan(region.y0);
      expect(p.y).toBeLessThan(region.y1);
    }
  });

  it('reports no face on a crop of fruits.jpg', async () => {
    const crop = { left: 100, top: 100, width: 152, height: 152 };
    expect((await mesh('fruits.jpg', crop)).result.instances).toEqual([]);
    const all = await mesh('fruits.jpg', crop, { options: { scoreThreshold: 0 } });
    expect(all.result.instances[0].score).toBeLessThan(0.01);
  });

  it('names what is wrong with outputs that are not the face mesh outputs', async () => {
    const { ctx } = await mesh('astronaut.jpg', FACE_CROP);
    const wrong: EngineTensor = { name: 'x', shape: [1, 63], dtype: 'float32', data: new Float32Array(63) };
    expect(() => decoders.facemesh([wrong], ctx)).toThrow(/expects a 1404-value mesh output and a 1-value face score; got x \[1, 63\]/);
  });
});
