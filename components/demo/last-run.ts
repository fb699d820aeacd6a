// What the run panel shares between its parts: the choices that decide a
// run (read by the camera loop through a ref, since its callbacks outlive
// renders), the panel's status, and the latest run as exposed for tests on
// window.__edgezooLastRun.

import type { FrameResult } from '@/lib/engines/pipeline';
import type { TensorSummary } from '@/lib/engines/tensor';
import type { BackendRequest, EngineId, EngineTensor } from '@/lib/engines/types';
import type { TaskOptions, TaskResult } from '@/lib/tasks/types';
import type { DemoGraph, DemoVariant, VariantId } from './demo-model';
import type { MaskMode } from './overlay';

export interface Selection {
  graph: DemoGraph;
  variant: DemoVariant;
  engine: EngineId;
  backend: BackendRequest;
}

/** The latest choices, for callbacks that outlive renders (the camera loop, the overlay's resize observer). */
export interface Choices {
  selection: Selection;
  options: TaskOptions;
  maskMode: MaskMode;
  mirror: boolean;
  /** Crop models: find the crops with the detector first (off: the whole picture is the crop). */
  crops: boolean;
}

export type RunStatus = 'idle' | 'loading' | 'running' | 'done' | 'live' | 'error';

export type RunSource = 'sample' | 'upload' | 'camera' | 'drawing';

export interface LastRun {
  model: string;
  graph: string;
  variant: VariantId;
  engine: EngineId;
  backend: string;
  note: string;
  source: RunSource;
  /** Sample URL or upload file name; "camera" for live frames, "drawing" for the drawing pad. */
  sourceName: string;
  /** Size of the frame the inputs were made from, px. */
  frame: { width: number; height: number };
  /** The inputs as the feeds made them (source layout, before any int8 quantization); checksum is empty for live frames. */
  inputs: { name: string; shape: number[]; dtype: string; checksum: string; data: EngineTensor['data'] }[];
  /** Raw outputs in the source model's layout (still pictures only; empty for live frames). */
  outputs: (TensorSummary & { data: EngineTensor['data'] })[];
  ms: number[];
  medianMs: number;
  preMs: number;
  postMs: number;
  options: TaskOptions;
  /** The decoded result, or why there is none. */
  result?: TaskResult;
  decodeNote?: string;
  /** Crop models run through their detector: what it found, one crop each. */
  crops?: FrameResult['crops'];
  /** Live frames processed since the camera started (0 for stills). */
  frames: number;
}

declare global {
  interface Window {
    __edgezooLastRun?: LastRun;
  }
}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
