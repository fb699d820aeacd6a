// Timing bookkeeping for the readouts: rolling medians of the last
// TIMING_WINDOW inference, pre- and post-processing times, the camera loop's
// frame gate and frame rate, and the last median saved as this browser's
// measurement for the model card.

import { useCallback, useRef, useState } from 'react';
import { FrameGate, RateMeter, RollingWindow } from '@/lib/engines/live';
import { saveMeasurement } from '@/lib/engines/measured';
import type { FrameResult } from '@/lib/engines/pipeline';
import type { Selection } from './last-run';
import type { Timings } from './readouts';

/** Timings shown are medians of the last TIMING_WINDOW values. */
const TIMING_WINDOW = 30;

export function useRunTimings() {
  const windows = useRef({ infer: new RollingWindow(TIMING_WINDOW), pre: new RollingWindow(TIMING_WINDOW), post: new RollingWindow(TIMING_WINDOW), detect: new RollingWindow(TIMING_WINDOW) });
  const rate = useRef(new RateMeter());
  const gate = useRef(new FrameGate());
  const [timings, setTimings] = useState<Timings>();

  const reset = useCallback(() => {
    for (const w of Object.values(windows.current)) w.clear();
    rate.current.clear();
  }, []);

  /** Adds one frame's times; returns the medians and this frame's pre/post times. */
  const record = useCallback((r: FrameResult, captureMs: number, drawMs: number) => {
    const w = windows.current;
    const preMs = captureMs + r.timings.preMs;
    const postMs = r.timings.postMs + drawMs;
    w.infer.push(...r.timings.inferMs);
    w.pre.push(preMs);
    w.post.push(postMs);
    if (r.timings.detectMs !== undefined) w.detect.push(r.timings.detectMs);
    return { medianMs: w.infer.median, preMs, postMs };
  }, []);

  /** A fresh gate for a new camera session (its frame counts start at 0). */
  const restartGate = useCallback(() => {
    gate.current = new FrameGate();
  }, []);

  /** Updates the readouts; with fps, the live camera's frame counts too. */
  const show = useCallback((fps?: number) => {
    const w = windows.current;
    const g = gate.current;
    setTimings({
      inferMs: w.infer.median,
      inferN: w.infer.count,
      preMs: w.pre.median,
      postMs: w.post.median,
      ...(w.detect.count ? { detectMs: w.detect.median } : {}),
      ...(fps !== undefined ? { fps, frames: g.completed, dropped: g.dropped } : {}),
    });
  }, []);

  /** Saves the inference median as this browser's measurement for the model. */
  const save = useCallback((modelKey: string, sel: Selection, backend: string) => {
    const w = windows.current.infer;
    if (!w.count) return;
    saveMeasurement(modelKey, { medianMs: w.median, runs: w.count, engine: sel.engine, backend, graph: sel.graph.id, at: new Date().toISOString() });
  }, []);

  return { timings, reset, record, show, save, restartGate, gate, rate };
}
