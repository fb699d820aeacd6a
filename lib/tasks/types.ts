// What a vision model's outputs mean, in a form the demo can draw: every
// catalogue task decodes its raw output tensors into one of a few result
// kinds (detections, mask, keypoints, classes, text), and one overlay
// renderer per kind draws them over the frame. Decoders are pure and run in
// Node (tests against real model outputs) and in the browser.

import type { ImageFeed } from '../catalogue/recipe-schema';
import { fitRect } from '../engines/preprocess';
import type { EngineTensor } from '../engines/types';

/** A point in normalised coordinates of the source frame: (0, 0) top-left, (1, 1) bottom-right. */
export interface Point {
  x: number;
  y: number;
}

export interface ScoredPoint extends Point {
  score: number;
  /** e.g. "left wrist"; absent for anonymous landmarks (face mesh). */
  name?: string;
}

/** Axis-aligned box in normalised frame coordinates. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Detection {
  box: Box;
  score: number;
  /** Class label (COCO name, "face", "text"). */
  label: string;
  keypoints?: ScoredPoint[];
  /** Text boxes: the quadrilateral corners in normalised frame coordinates, clockwise from top-left. */
  quad?: [Point, Point, Point, Point];
  /** Recognised text, when a recogniser ran on the box. */
  text?: string;
  /** Class probabilities, highest first, when a classifier ran on the box (its best is `label`). */
  classes?: { label: string; score: number }[];
}

export type TaskResult =
  | { kind: 'detections'; detections: Detection[] }
  /**
   * Per-pixel foreground probability over the frame's visible region:
   * `data` is width × height, row-major, values in [0, 1], covering the whole
   * source frame (letterbox bars already removed).
   */
  | { kind: 'mask'; width: number; height: number; data: Float32Array; label: string }
  /** One or more skeletons/landmark sets; `edges` index into each instance's points; `label` e.g. a hand's handedness. */
  | { kind: 'keypoints'; instances: { points: ScoredPoint[]; score: number; label?: string }[]; edges: [number, number][] }
  /** Classes sorted by probability, highest first. */
  | { kind: 'classes'; classes: { label: string; score: number }[] }
  /** Recognised text of a whole input (a cropped text line). */
  | { kind: 'text'; text: string; score: number; perChar?: number[] };

/** The user's controls (MediaPipe-demo style). */
export interface TaskOptions {
  /** Drop results scoring below this (0–1). */
  scoreThreshold: number;
  /** Keep at most this many detections/instances. */
  maxResults: number;
}

export const DEFAULT_TASK_OPTIONS: TaskOptions = { scoreThreshold: 0.5, maxResults: 5 };

/** A demo's starting options: a page of text holds dozens of lines, where a camera frame holds a few faces or people. */
export function defaultTaskOptions(task: string): TaskOptions {
  return task.startsWith('text-') ? { ...DEFAULT_TASK_OPTIONS, maxResults: 30 } : DEFAULT_TASK_OPTIONS;
}

export interface DecodeContext {
  /** Size of the source frame the feed was made from, px. */
  frame: { width: number; height: number };
  /** The image feed that made the graph's input (size, fit). */
  feed: ImageFeed;
  options: TaskOptions;
}

/**
 * Decodes one graph's outputs. `outputs` are in the graph's output order with
 * the engine's names (names differ between the source file and our artifacts,
 * so decoders should find tensors by shape/position and use names only as a
 * hint), data in the model file's own layout.
 */
export type TaskDecoder = (outputs: EngineTensor[], ctx: DecodeContext) => TaskResult;

/** Maps a point normalised to the graph input back to the normalised source frame, undoing a letterbox. */
export function inputToFrame(p: Point, ctx: Pick<DecodeContext, 'frame' | 'feed'>): Point {
  const [w, h] = ctx.feed.size;
  // The same rectangle the pre-processing drew the frame into (rounded the same way).
  const r = fitRect(ctx.frame.width, ctx.frame.height, ctx.feed);
  return { x: (p.x * w - r.x) / r.width, y: (p.y * h - r.y) / r.height };
}
