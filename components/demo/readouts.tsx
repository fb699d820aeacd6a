// What ran and how fast: engine, the backend actually in use (and why),
// load time, and medians of the last N inferences, pre- and post-processing,
// with frames per second while the camera runs.

import { ENGINE_NAMES, type EngineInfo } from '@/lib/engines/types';
import type { DemoCropSource } from './demo-model';

export interface Timings {
  inferMs: number;
  /** How many inferences the median covers. */
  inferN: number;
  preMs: number;
  postMs: number;
  /** Crop models: the detector's time per frame (median), ms. */
  detectMs?: number;
  /** Completed frames per second (live camera only). */
  fps?: number;
  frames?: number;
  dropped?: number;
}

/** "faces" → "face", "text lines" → "text line": for "one run per …". */
const singular = (plural: string) => plural.replace(/s$/, '');

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : '–');

export interface DetectorReadout {
  source: DemoCropSource;
  info: EngineInfo;
}

export function Readouts({ info, timings, variantLabel, fallback, detector }: { info: EngineInfo; timings?: Timings; variantLabel: string; fallback?: string; detector?: DetectorReadout }) {
  return (
    <div className="space-y-2">
      {fallback && (
        <p role="status" data-testid="backend-fallback" className="rounded border border-amber-500 bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          {fallback}
        </p>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" data-testid="engine-info">
        <dt className="font-medium">Model file</dt>
        <dd>{variantLabel}</dd>
        <dt className="font-medium">Engine</dt>
        <dd>{ENGINE_NAMES[info.engine]}</dd>
        <dt className="font-medium">Backend used</dt>
        <dd data-testid="backend-used">{info.backend}</dd>
        <dt className="font-medium">Why</dt>
        <dd data-testid="backend-note">{info.note}</dd>
        <dt className="font-medium">Load</dt>
        <dd>{info.loadMs.toFixed(0)} ms</dd>
        {detector && (
          <>
            <dt className="font-medium">Detector</dt>
            <dd data-testid="detector-info">
              {detector.source.detectorName}, {detector.source.variant.label}, {detector.info.backend}
              {timings?.detectMs !== undefined && <>: {ms(timings.detectMs)} per frame (median, with its pre- and post-processing)</>}
            </dd>
          </>
        )}
        {timings && timings.inferN > 0 && (
          <>
            <dt className="font-medium">Inference</dt>
            <dd data-testid="inference-ms">{ms(timings.inferMs)} (median of the last {timings.inferN} runs{detector ? `, one per ${singular(detector.source.crop.finds)}` : ''})</dd>
            <dt className="font-medium">Pre-processing</dt>
            <dd data-testid="pre-ms">{ms(timings.preMs)} (capture, resize, tensor)</dd>
            <dt className="font-medium">Post-processing</dt>
            <dd data-testid="post-ms">{ms(timings.postMs)} (decode, draw)</dd>
          </>
        )}
        {timings?.fps !== undefined && (
          <>
            <dt className="font-medium">Frame rate</dt>
            <dd data-testid="fps">
              {timings.fps.toFixed(1)} frames/s ({timings.frames ?? 0} processed, {timings.dropped ?? 0} dropped while busy)
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
