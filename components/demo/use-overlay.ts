// The overlay canvas over the stage: draws a result at the canvas's device
// pixel size, remembers what it drew so it can redraw it (new mask mode, new
// size), and keeps it sharp and aligned when the stage is resized.

import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { Point, TaskResult } from '@/lib/tasks/types';
import type { Choices } from './last-run';
import { drawResult, type FrameSource } from './overlay';

/** Keypoints scoring below this are not drawn (MoveNet's own demos use 0.3). */
export const KEYPOINT_MIN_SCORE = 0.3;

export interface PaintedFrame {
  result?: TaskResult;
  frame?: FrameSource;
  mirrored: boolean;
  /** Crop models: the crops the model saw, as quadrilaterals in normalised frame coordinates. */
  crops?: Point[][];
}

export function useOverlay(choices: RefObject<Choices>) {
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const lastPaint = useRef<PaintedFrame>({ mirrored: false });

  const paint = useCallback(
    (result: TaskResult | undefined, frame: FrameSource | undefined, mirrored: boolean, crops?: Point[][]) => {
      lastPaint.current = { result, frame, mirrored, crops };
      const canvas = overlayRef.current;
      if (!canvas) return;
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(rect.width * dpr));
      const height = Math.max(1, Math.round(rect.height * dpr));
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const { options, maskMode } = choices.current;
      drawResult(ctx, { width, height, mirror: mirrored, scale: dpr }, result, { maskMode, frame, keypointMinScore: KEYPOINT_MIN_SCORE, maxClasses: options.maxResults, crops });
    },
    [choices],
  );

  const repaint = useCallback(() => {
    const p = lastPaint.current;
    paint(p.result, p.frame, p.mirrored, p.crops);
  }, [paint]);

  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => repaint());
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [repaint]);

  return { overlayRef, paint, repaint, lastPaint };
}
