// Logistic function: detectors emit raw logits for scores; this maps them to (0, 1).

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** MediaPipe clamps logits before the sigmoid (score_clipping_thresh) so huge values never overflow. */
export function clippedSigmoid(x: number, clip: number): number {
  return sigmoid(Math.max(-clip, Math.min(clip, x)));
}
