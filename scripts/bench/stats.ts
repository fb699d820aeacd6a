// Timing statistics and the run-count rule, shared by the page (which decides
// when to stop timing) and the report (which summarises what came back).

import type { RunPolicy } from './cases';

function sorted(values: readonly number[]): number[] {
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError(`timings must be finite numbers, got ${values.join(', ')}`);
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in (0, 100]): the smallest value with at least p% of the runs at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return NaN;
  const s = sorted(values);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

/** True when another timed run should start, given the runs so far. */
export function wantsAnotherRun(policy: RunPolicy, ms: readonly number[]): boolean {
  if (ms.length < policy.minRuns) return true;
  if (ms.length >= policy.maxRuns) return false;
  const spent = ms.reduce((a, b) => a + b, 0);
  // Stop before a run that would most likely overshoot the budget.
  const next = median(ms);
  return spent + next <= policy.budgetMs;
}

/** Billions of multiply-accumulates per second for `macs` done in `ms`. */
export function gmacPerSecond(macs: number, ms: number): number {
  return macs / (ms * 1e6);
}

/** The fastest a model of `macs` could run at `gmacs` GMAC/s: its compute floor, in ms. */
export function floorMs(macs: number | null, gmacs: number | undefined): number | undefined {
  if (macs === null || gmacs === undefined || !(gmacs > 0)) return undefined;
  return macs / (gmacs * 1e6);
}
