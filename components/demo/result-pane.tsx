// The result beside the stage: the decoded result as HTML (announced for
// still pictures, silent while the camera runs), what ran and how fast, and
// below, the raw output tensors of a still run.

import type { TensorSummary } from '@/lib/engines/tensor';
import type { EngineInfo } from '@/lib/engines/types';
import type { TaskResult } from '@/lib/tasks/types';
import { OutputTable } from './output-table';
import { Readouts, type DetectorReadout, type Timings } from './readouts';
import { ResultsList } from './results-list';
import { KEYPOINT_MIN_SCORE } from './use-overlay';

export function ResultPane({
  live,
  decoded,
  info,
  timings,
  variantLabel,
  fallback,
  detector,
}: {
  live: boolean;
  decoded?: { result?: TaskResult; note?: string };
  info?: EngineInfo;
  timings?: Timings;
  variantLabel: string;
  fallback?: string;
  /** Crop models: the detector that ran first. */
  detector?: DetectorReadout;
}) {
  return (
    <div className="space-y-4">
      <section aria-labelledby="results-title" aria-live={live ? 'off' : 'polite'}>
        <h3 id="results-title" className="font-semibold">Results</h3>
        <ResultsList result={decoded?.result} note={decoded?.note} keypointMinScore={KEYPOINT_MIN_SCORE} />
      </section>
      {info && <Readouts info={info} timings={timings} variantLabel={variantLabel} fallback={fallback} detector={detector} />}
    </div>
  );
}

export function RawOutputs({ outputs }: { outputs: TensorSummary[] }) {
  if (!outputs.length) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium">Raw outputs ({outputs.length})</summary>
      <OutputTable outputs={outputs} />
    </details>
  );
}
