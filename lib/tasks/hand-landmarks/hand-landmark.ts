// MediaPipe hand landmark model: 21 landmarks (x, y, z in pixels of the 224 ×
// 224 input crop), hand presence and handedness (both sigmoid inside the
// graph), and world landmarks in metres (not drawn). x, y are normalised by
// the feed size and mapped back to the frame the crop was made from.

import type { EngineTensor } from '../../engines/types';
import { inputToFrame, type DecodeContext, type ScoredPoint, type TaskResult } from '../types';

/** MediaPipe HandLandmark order. */
export const HAND_LANDMARKS = [
  'wrist',
  'thumb CMC', 'thumb MCP', 'thumb IP', 'thumb tip',
  'index finger MCP', 'index finger PIP', 'index finger DIP', 'index finger tip',
  'middle finger MCP', 'middle finger PIP', 'middle finger DIP', 'middle finger tip',
  'ring finger MCP', 'ring finger PIP', 'ring finger DIP', 'ring finger tip',
  'pinky MCP', 'pinky PIP', 'pinky DIP', 'pinky tip',
] as const;

/** MediaPipe HAND_CONNECTIONS (mediapipe/python/solutions/hands_connections.py): palm, then each finger from its base. */
export const HAND_CONNECTIONS: [number, number][] = [
  [0, 1], [0, 5], [9, 13], [13, 17], [5, 9], [0, 17],
  [1, 2], [2, 3], [3, 4],
  [5, 6], [6, 7], [7, 8],
  [9, 10], [10, 11], [11, 12],
  [13, 14], [14, 15], [15, 16],
  [17, 18], [18, 19], [19, 20],
];

const COORDS = HAND_LANDMARKS.length * 3;

function floats(t: EngineTensor): ArrayLike<number> {
  if (t.data instanceof BigInt64Array) throw new Error(`output ${t.name} is int64; the hand landmark outputs are float`);
  return t.data;
}

interface HandOutputs {
  landmarks: ArrayLike<number>;
  presence: number;
  handedness: number;
}

/**
 * Two outputs have 63 values (image then world landmarks) and two have one
 * (presence then handedness): the source file's names (Identity, Identity_1,
 * Identity_2, Identity_3) order them when present, as a runtime may list
 * outputs in another order; otherwise the graph order does.
 */
function findOutputs(outputs: EngineTensor[]): HandOutputs {
  const sourceOrder = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3'];
  const named = sourceOrder.every((n) => outputs.some((t) => t.name === n));
  const ordered = named ? sourceOrder.map((n) => outputs.find((t) => t.name === n) as EngineTensor) : outputs;
  const wide = ordered.filter((t) => t.data.length === COORDS);
  const single = ordered.filter((t) => t.data.length === 1);
  if (wide.length < 1 || single.length < 2) {
    throw new Error(`hand landmarks expect a ${COORDS}-value landmark output and two 1-value scores (presence, handedness); got ${outputs.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}`);
  }
  return { landmarks: floats(wide[0]), presence: floats(single[0])[0], handedness: floats(single[1])[0] };
}

/**
 * Handedness as MediaPipe reports it (TensorsToClassificationCalculator, binary):
 * the score is P("Left"), its complement P("Right"), the higher one kept. The
 * model assumes a mirrored (selfie) image; for an unmirrored camera image the
 * real hand is the other one.
 */
export function decodeHandedness(outputs: EngineTensor[]): { label: 'Left' | 'Right'; score: number } {
  const { handedness } = findOutputs(outputs);
  return handedness >= 0.5 ? { label: 'Left', score: handedness } : { label: 'Right', score: 1 - handedness };
}

export function decodeHandLandmarks(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const { landmarks, presence } = findOutputs(outputs);
  const hand = decodeHandedness(outputs);
  if (presence < ctx.options.scoreThreshold || ctx.options.maxResults < 1) return { kind: 'keypoints', instances: [], edges: HAND_CONNECTIONS };
  const [w, h] = ctx.feed.size;
  const points = HAND_LANDMARKS.map((name, i): ScoredPoint => ({ ...inputToFrame({ x: landmarks[i * 3] / w, y: landmarks[i * 3 + 1] / h }, ctx), score: presence, name }));
  return { kind: 'keypoints', instances: [{ points, score: presence, label: `${hand.label} (${Math.round(hand.score * 100)} %)` }], edges: HAND_CONNECTIONS };
}
