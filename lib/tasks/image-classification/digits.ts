// The handwritten-digit classifier EdgeZoo trains itself
// (recipes/vision/image-classification/digits-cnn): one 10-way output whose
// index i is the digit i.

import type { EngineTensor } from '../../engines/types';
import type { DecodeContext, TaskResult } from '../types';

export const DIGIT_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** How far from 1 a sum of probabilities may be (float32 rounding, int8 artifacts' dequantised softmax). */
const PROBABILITY_SUM_TOLERANCE = 0.05;

/**
 * Class probabilities from a classifier's output: a softmax output is kept as
 * it is; anything else is taken for logits and goes through a softmax. (The
 * recipe's last layer is a softmax, but the training schema also allows a
 * linear last layer, whose outputs are logits.)
 */
export function toProbabilities(values: ArrayLike<number>): Float64Array {
  const v = Float64Array.from(values);
  let sum = 0;
  let inRange = true;
  for (const x of v) {
    sum += x;
    if (!(x >= 0 && x <= 1)) inRange = false;
  }
  if (inRange && Math.abs(sum - 1) <= PROBABILITY_SUM_TOLERANCE) return v;
  // Stable softmax: shift by the largest logit so exp never overflows.
  const max = Math.max(...v);
  let total = 0;
  for (let i = 0; i < v.length; i++) total += v[i] = Math.exp(v[i] - max);
  for (let i = 0; i < v.length; i++) v[i] /= total;
  return v;
}

export function decodeDigits(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const out = outputs.find((t) => t.data.length === DIGIT_LABELS.length);
  if (!out || !(out.data instanceof Float32Array)) {
    throw new Error(`the digit classifier expects a ${DIGIT_LABELS.length}-value float32 output; got ${outputs.map((t) => `${t.name} ${t.dtype} [${t.shape.join(', ')}]`).join(', ') || 'no outputs'}`);
  }
  for (const x of out.data) if (!Number.isFinite(x)) throw new Error(`the digit classifier's output ${out.name} holds a non-finite value (${x})`);
  const probs = toProbabilities(out.data);
  const classes = DIGIT_LABELS.map((label, i) => ({ label, score: probs[i] }))
    .sort((a, b) => b.score - a.score)
    .filter((c) => c.score >= ctx.options.scoreThreshold)
    .slice(0, ctx.options.maxResults);
  return { kind: 'classes', classes };
}
