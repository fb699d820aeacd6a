// Detection events from the per-chunk scores: one phrase keeps the score
// above threshold for several 80 ms chunks (the classifier sees the last
// 1.28 s), so a run of chunks at or above threshold is one event, and a run
// starting within `refractorySec` of the previous event's end is merged into
// it (upstream openWakeWord debounces the same way). Warm-up scores never
// count. Pure, so the threshold can change and the events be recomputed.
import type { WakeWordScore } from './pipeline';

export interface WakeWordDetection {
  /** Stream time at the end of the first chunk at or above threshold. */
  startSec: number;
  /** End of the last such chunk. */
  endSec: number;
  /** Time and value of the highest score in the event. */
  peakSec: number;
  peakScore: number;
}

export const REFRACTORY_SEC = 1;

export function wakeWordDetections(scores: readonly WakeWordScore[], threshold: number, refractorySec = REFRACTORY_SEC): WakeWordDetection[] {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const events: WakeWordDetection[] = [];
  let current: WakeWordDetection | undefined;
  let previousChunk = -2;
  for (const s of scores) {
    const hit = !s.warmUp && s.score >= threshold;
    if (!hit) continue;
    const contiguous = current && s.chunk === previousChunk + 1;
    const withinRefractory = current && s.endSec - current.endSec <= refractorySec;
    if (current && (contiguous || withinRefractory)) {
      current.endSec = s.endSec;
      if (s.score > current.peakScore) {
        current.peakScore = s.score;
        current.peakSec = s.endSec;
      }
    } else {
      current = { startSec: s.endSec, endSec: s.endSec, peakSec: s.endSec, peakScore: s.score };
      events.push(current);
    }
    previousChunk = s.chunk;
  }
  return events;
}
