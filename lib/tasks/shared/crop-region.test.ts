import { describe, expect, it } from 'vitest';
import type { Detection } from '../types';
import { cropCorners, cropPointToFrame, cropRegionOf, cropTransform, placeCropResults, type CropRegion } from './crop-region';

const FRAME = { width: 640, height: 480 };
const FACE_SPEC = { square: 'long' as const, scale: 1.5, shift: [0, 0] as [number, number], rotation: { from: 0, to: 1, degrees: 0 } };

/** A face box 100×120 px at (270, 180) with eyes at the given pixel positions. */
function face(rightEye: { x: number; y: number }, leftEye: { x: number; y: number }): Detection {
  const n = (p: { x: number; y: number }) => ({ x: p.x / FRAME.width, y: p.y / FRAME.height, score: 1 });
  return { box: { x0: 270 / 640, y0: 180 / 480, x1: 370 / 640, y1: 300 / 480 }, score: 0.9, label: 'face', keypoints: [n(rightEye), n(leftEye)] };
}

function applyTransform(m: number[], p: { x: number; y: number }): { x: number; y: number } {
  const [a, b, c, d, e, f] = m;
  return { x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f };
}

describe('crop regions from detections', () => {
  it('squares and enlarges a level face around its box centre', () => {
    const r = cropRegionOf(face({ x: 300, y: 220 }, { x: 340, y: 220 }), FRAME, FACE_SPEC);
    expect(r.angle).toBeCloseTo(0, 12);
    expect(r.cx).toBeCloseTo(320, 9);
    expect(r.cy).toBeCloseTo(240, 9);
    expect(r.width).toBeCloseTo(180, 9); // longer side 120 × 1.5
    expect(r.height).toBeCloseTo(180, 9);
  });

  it('turns the crop so a tilted eye line becomes level', () => {
    // Left eye 40 px right and 40 px lower: the head leans 45° clockwise on screen.
    const r = cropRegionOf(face({ x: 300, y: 220 }, { x: 340, y: 260 }), FRAME, FACE_SPEC);
    expect(r.angle).toBeCloseTo(Math.PI / 4, 12);
    // In the crop, the eye line is horizontal: both eyes map to the same crop y.
    const toCrop = (p: { x: number; y: number }) => {
      const dx = p.x - r.cx;
      const dy = p.y - r.cy;
      return { u: dx * Math.cos(r.angle) + dy * Math.sin(r.angle), v: -dx * Math.sin(r.angle) + dy * Math.cos(r.angle) };
    };
    expect(toCrop({ x: 300, y: 220 }).v).toBeCloseTo(toCrop({ x: 340, y: 260 }).v, 9);
    expect(toCrop({ x: 340, y: 260 }).u).toBeGreaterThan(toCrop({ x: 300, y: 220 }).u);
  });

  it('points a hand up and shifts the crop towards the fingers (MediaPipe: 90°, shift −0.5 along the hand)', () => {
    // Wrist at (320, 300), middle-finger knuckle to its right at (380, 300): the hand points right.
    const d: Detection = {
      box: { x0: 300 / 640, y0: 260 / 480, x1: 400 / 640, y1: 340 / 480 },
      score: 0.9,
      label: 'palm',
      keypoints: [{ x: 320 / 640, y: 300 / 480, score: 1 }, { x: 0, y: 0, score: 1 }, { x: 380 / 640, y: 300 / 480, score: 1 }],
    };
    const r = cropRegionOf(d, FRAME, { square: 'long', scale: 2, shift: [0, -0.5], rotation: { from: 0, to: 2, degrees: 90 } });
    expect(r.angle).toBeCloseTo(Math.PI / 2, 12);
    // The crop's "up" is the frame's +x: its centre moves 0.5 × the box's height (80 px) towards the fingers.
    expect(r.cx).toBeCloseTo(350 + 40, 9);
    expect(r.cy).toBeCloseTo(300, 9);
    expect(r.width).toBeCloseTo(200, 9);
    // The fingertip side of the crop (its top edge) lies on the frame's right.
    const [tl, tr, br] = cropCorners(r, FRAME);
    expect(tl.x * 640).toBeCloseTo(390 + 100, 6);
    expect(tr.x * 640).toBeCloseTo(390 + 100, 6);
    expect(br.x * 640).toBeCloseTo(390 - 100, 6);
  });

  it('cuts a text box along its own sides', () => {
    // A 200×20 px line rising 10° to the right.
    const t = (10 * Math.PI) / 180;
    // u along the line, v across it (down on screen).
    const at = (u: number, v: number) => ({ x: (300 + u * Math.cos(t) + v * Math.sin(t)) / 640, y: (200 - u * Math.sin(t) + v * Math.cos(t)) / 480 });
    const quad: Detection['quad'] = [at(-100, -10), at(100, -10), at(100, 10), at(-100, 10)];
    const d: Detection = { box: { x0: 0, y0: 0, x1: 1, y1: 1 }, score: 0.8, label: 'text', quad };
    const r = cropRegionOf(d, FRAME, { square: 'none', scale: 1, shift: [0, 0], rotation: { from: 0, to: 1, degrees: 0 } });
    expect(r.width).toBeCloseTo(200, 6);
    expect(r.height).toBeCloseTo(20, 6);
    expect(r.cx).toBeCloseTo(300, 6);
    expect(r.cy).toBeCloseTo(200, 6);
    expect(r.angle).toBeCloseTo(-t, 9);
  });

  it('names the missing point when a detection has too few to turn by', () => {
    const d: Detection = { box: { x0: 0.1, y0: 0.1, x1: 0.2, y1: 0.2 }, score: 1, label: 'face', keypoints: [{ x: 0.1, y: 0.1, score: 1 }] };
    expect(() => cropRegionOf(d, FRAME, FACE_SPEC)).toThrow('the detection has no point 1 to turn the crop by (it has 1)');
  });
});

describe('crop ↔ frame mapping', () => {
  const region: CropRegion = { cx: 250, cy: 190, width: 160, height: 90, angle: 0.6 };

  it('maps the crop centre and corners onto the rotated rectangle', () => {
    const c = cropPointToFrame({ x: 0.5, y: 0.5 }, region, FRAME);
    expect(c.x * 640).toBeCloseTo(250, 9);
    expect(c.y * 480).toBeCloseTo(190, 9);
    const [tl, tr] = cropCorners(region, FRAME);
    expect(Math.hypot((tr.x - tl.x) * 640, (tr.y - tl.y) * 480)).toBeCloseTo(160, 9);
    expect(Math.atan2((tr.y - tl.y) * 480, (tr.x - tl.x) * 640)).toBeCloseTo(0.6, 9);
  });

  it('draws the frame so each crop point lands on its place in the model input (letterboxed here)', () => {
    const dest = { x: 0, y: 36, width: 192, height: 108 };
    const m = cropTransform(region, dest);
    for (const p of [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0.25, y: 0.75 }, { x: 1, y: 1 }]) {
      const f = cropPointToFrame(p, region, FRAME);
      const got = applyTransform(m, { x: f.x * 640, y: f.y * 480 });
      expect(got.x).toBeCloseTo(dest.x + p.x * dest.width, 9);
      expect(got.y).toBeCloseTo(dest.y + p.y * dest.height, 9);
    }
  });
});

describe('placing crop results on the frame', () => {
  const region: CropRegion = { cx: 320, cy: 240, width: 200, height: 200, angle: 0 };
  const detection: Detection = { box: { x0: 0.4, y0: 0.4, x1: 0.6, y1: 0.6 }, score: 0.95, label: 'face' };

  it('moves landmarks from crop to frame coordinates', () => {
    const placed = placeCropResults([{ detection, region, result: { kind: 'keypoints', instances: [{ score: 0.9, points: [{ x: 0, y: 0, score: 1 }, { x: 0.5, y: 1, score: 0.5 }] }], edges: [[0, 1]] } }], FRAME, 'keypoints');
    if (placed.kind !== 'keypoints') throw new Error(placed.kind);
    expect(placed.edges).toEqual([[0, 1]]);
    const [a, b] = placed.instances[0].points;
    expect(a.x * 640).toBeCloseTo(220, 9);
    expect(a.y * 480).toBeCloseTo(140, 9);
    expect(b.x * 640).toBeCloseTo(320, 9);
    expect(b.y * 480).toBeCloseTo(340, 9);
    expect(b.score).toBe(0.5);
  });

  it('labels each detector box with its classes or its text', () => {
    const classes = [{ label: 'happy', score: 0.8 }, { label: 'neutral', score: 0.15 }];
    const c = placeCropResults([{ detection, region, result: { kind: 'classes', classes } }], FRAME, 'classes');
    expect(c).toEqual({ kind: 'detections', detections: [{ box: detection.box, score: 0.8, label: 'happy', classes }] });
    // Nothing above the threshold: the face stays, under the detector's label.
    const none = placeCropResults([{ detection, region, result: { kind: 'classes', classes: [] } }], FRAME, 'classes');
    expect(none).toEqual({ kind: 'detections', detections: [{ box: detection.box, score: 0.95, label: 'face', classes: [] }] });
    const quad: Detection['quad'] = [{ x: 0.1, y: 0.2 }, { x: 0.5, y: 0.1 }, { x: 0.52, y: 0.2 }, { x: 0.12, y: 0.3 }];
    const t = placeCropResults([{ detection: { ...detection, label: 'text', quad }, region, result: { kind: 'text', text: 'EdgeZoo', score: 0.7 } }], FRAME, 'text');
    expect(t).toEqual({ kind: 'detections', detections: [{ box: { x0: 0.1, y0: 0.1, x1: 0.52, y1: 0.3 }, quad, score: 0.7, label: 'text', text: 'EdgeZoo' }] });
  });

  it('gives an empty result of the crop model\'s kind when there is nothing to crop', () => {
    expect(placeCropResults([], FRAME, 'keypoints')).toEqual({ kind: 'keypoints', instances: [], edges: [] });
    expect(placeCropResults([], FRAME, 'classes')).toEqual({ kind: 'detections', detections: [] });
    expect(placeCropResults([], FRAME, 'text')).toEqual({ kind: 'detections', detections: [] });
  });

  it('refuses results it cannot place, and crops that decoded to another kind', () => {
    expect(() => placeCropResults([{ detection, region, result: { kind: 'mask', width: 1, height: 1, data: new Float32Array(1), label: 'person' } }], FRAME, 'mask')).toThrow('a mask result cannot be placed back from crops');
    expect(() => placeCropResults([{ detection, region, result: { kind: 'text', text: 'x', score: 1 } }], FRAME, 'keypoints')).toThrow('a crop decoded to text, not keypoints');
  });
});
