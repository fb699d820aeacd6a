// How results are filtered and shown: score threshold, max results and, for
// masks, tint or background blur. Changing them never re-runs the model
// (the panel re-decodes the last outputs or lets the next frame pick them up).

import type { TaskOptions } from '@/lib/tasks/types';
import type { MaskMode } from './overlay';
import { SELECT_CLASS } from './ui-classes';

export function ResultOptions({
  options,
  onOptions,
  maskMode,
  onMaskMode,
  usesMask,
}: {
  options: TaskOptions;
  onOptions: (next: TaskOptions) => void;
  maskMode: MaskMode;
  onMaskMode: (m: MaskMode) => void;
  /** The result is a mask: offer the mask display. */
  usesMask: boolean;
}) {
  return (
    <fieldset className="flex flex-wrap items-end gap-4 text-sm">
      <legend className="sr-only">Result options</legend>
      <label className="flex flex-col gap-1">
        Score threshold: {options.scoreThreshold.toFixed(2)}
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={options.scoreThreshold}
          onChange={(e) => onOptions({ ...options, scoreThreshold: Number(e.target.value) })}
          data-testid="score-threshold"
        />
      </label>
      <label className="flex flex-col gap-1">
        Max results
        <input
          type="number"
          min={1}
          max={100}
          className={`${SELECT_CLASS} w-20`}
          value={options.maxResults}
          onChange={(e) => {
            const n = Math.round(Number(e.target.value));
            if (Number.isFinite(n) && n >= 1 && n <= 100) onOptions({ ...options, maxResults: n });
          }}
          data-testid="max-results"
        />
      </label>
      {usesMask && (
        <label className="flex flex-col gap-1">
          Mask display
          <select className={SELECT_CLASS} value={maskMode} onChange={(e) => onMaskMode(e.target.value as MaskMode)} data-testid="mask-mode">
            <option value="tint">Tint the foreground</option>
            <option value="blur">Blur the background</option>
          </select>
        </label>
      )}
    </fieldset>
  );
}
