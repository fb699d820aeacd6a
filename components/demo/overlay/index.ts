// One entry point for the overlay: clears the canvas and draws a TaskResult
// with the draw module for its kind.

import type { Point, TaskResult } from '@/lib/tasks/types';
import { drawClasses } from './classes';
import { drawDetections } from './detections';
import { drawCropOutlines, type Viewport } from './geometry';
import { drawKeypoints } from './keypoints';
import { drawMask, type FrameSource, type MaskMode } from './mask';
import { drawText } from './text';

export type { Viewport } from './geometry';
export type { FrameSource, MaskMode } from './mask';

export interface DrawOptions {
  maskMode: MaskMode;
  /** The frame the result belongs to, for the background-blur mode. */
  frame?: FrameSource;
  /** Keypoints scoring below this are hidden. */
  keypointMinScore: number;
  /** Class bars shown at most. */
  maxClasses: number;
  /** Crop models: the crops the model saw (normalised frame quadrilaterals), drawn faintly under the result. */
  crops?: readonly Point[][];
}

export function drawResult(ctx: CanvasRenderingContext2D, vp: Viewport, result: TaskResult | undefined, opts: DrawOptions): void {
  ctx.clearRect(0, 0, vp.width, vp.height);
  if (opts.crops) drawCropOutlines(ctx, vp, opts.crops);
  if (!result) return;
  switch (result.kind) {
    case 'detections':
      return drawDetections(ctx, vp, result.detections);
    case 'keypoints':
      return drawKeypoints(ctx, vp, result, opts.keypointMinScore);
    case 'mask':
      return drawMask(ctx, vp, result, opts.maskMode, opts.frame);
    case 'classes':
      return drawClasses(ctx, vp, result, opts.maxClasses);
    case 'text':
      return drawText(ctx, vp, result);
  }
}
