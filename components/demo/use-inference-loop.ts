// The run panel's inference loop: still pictures (samples, uploads, the
// drawing pad) run once per click or stroke, camera frames run one at a
// time while the camera is live (FrameGate drops frames that arrive while
// one is in flight). Each result is drawn on the overlay, exposed on
// window.__edgezooLastRun for tests, and summarised for the readouts.

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { FrameResult } from '@/lib/engines/pipeline';
import { cropCorners } from '@/lib/tasks/shared/crop-region';
import { checksum, summarise, type TensorSummary } from '@/lib/engines/tensor';
import type { TaskOptions, TaskResult } from '@/lib/tasks/types';
import type { DemoModel } from './demo-model';
import type { GreyCell } from './drawing/rasterise-glyph';
import { errorMessage, type Choices, type LastRun, type RunSource, type RunStatus, type Selection } from './last-run';
import type { FrameSource } from './overlay';
import { useCamera } from './use-camera';
import { useEngineSession } from './use-engine-session';
import { useOverlay } from './use-overlay';
import { useRunTimings } from './use-run-timings';
import { stillName, useStillPicture, type Still } from './use-still-picture';

/** Inferences per click on a still picture. */
const REPEATS = 3;
/** Live readouts and the results list refresh at most this often (the overlay redraws every frame). */
const READOUT_EVERY_MS = 250;

interface FrameOrigin {
  source: RunSource;
  name: string;
  frame?: FrameSource;
  captureMs: number;
  frames: number;
}

export function useInferenceLoop(model: DemoModel, choices: RefObject<Choices>) {
  const [status, setStatus] = useState<RunStatus>('idle');
  const [outputs, setOutputs] = useState<TensorSummary[]>([]);
  const [decoded, setDecoded] = useState<{ result?: TaskResult; note?: string }>();
  const [inputChecksum, setInputChecksum] = useState('');
  const [runCount, setRunCount] = useState(0);
  const [frameCount, setFrameCount] = useState(0);
  const [error, setError] = useState('');
  const [aspect, setAspect] = useState(4 / 3);
  /** The last still run returned its outputs, so new options can re-decode without inference. */
  const stillDecodable = useRef(false);
  /** The last still run went through a crop model's detector. */
  const stillCascade = useRef(false);
  const rerunBusy = useRef(false);
  const rerunPending = useRef(false);
  const lastReadout = useRef(0);
  const liveFrameRef = useRef<() => Promise<void>>(async () => {});
  /** The drawing pad's newest cell while a drawing run is in flight (only the newest is run next). */
  const pendingDrawing = useRef<GreyCell | undefined>(undefined);
  const drawingBusy = useRef(false);

  const timings = useRunTimings();
  const overlay = useOverlay(choices);
  const camera = useCamera();
  const still = useStillPicture(model.samples, setAspect);
  const current = still.still;
  const session = useEngineSession(model, () => {
    setStatus('loading');
    timings.reset();
    stillDecodable.current = false;
  });
  // Stable members (callbacks and refs), so the callbacks below change only when they must.
  const { paint, lastPaint } = overlay;
  const { ensureLoaded, loadedInfo, loadedClient } = session;
  const { record, show: showTimings, save, gate, rate, reset: resetTimings, restartGate } = timings;
  const { videoRef, liveRef, open: openCamera, start: startLive, close: closeCamera } = camera;
  const { bitmap: stillBitmap, bitmapFor, show: showStill, setStill, stillRef, acceptUpload } = still;
  /** Crop models: whether frames go through the detector first. */
  const cropsOn = useCallback(() => !!model.cropFrom && choices.current.crops, [model.cropFrom, choices]);

  /** Records one frame's result: timings, overlay, the exposed run. Returns the readout snapshot. */
  const takeResult = useCallback(
    (r: FrameResult, sel: Selection, src: FrameOrigin): LastRun => {
      const t0 = performance.now();
      const mirrored = src.source === 'camera' && choices.current.mirror;
      paint(r.result, src.frame, mirrored, r.crops?.regions.map((region) => cropCorners(region, r.frame)));
      const { medianMs, preMs, postMs } = record(r, src.captureMs, performance.now() - t0);
      const loaded = loadedInfo.current;
      const run: LastRun = {
        model: model.key,
        graph: sel.graph.id,
        variant: sel.variant.id,
        engine: sel.engine,
        backend: loaded?.backend ?? '',
        note: loaded?.note ?? '',
        source: src.source,
        sourceName: src.name,
        frame: r.frame,
        inputs: (r.inputs ?? []).map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype, checksum: src.source === 'camera' ? '' : checksum(t.data), data: t.data })),
        outputs: (r.outputs ?? []).map((o) => ({ ...summarise(o), data: o.data })),
        ms: r.timings.inferMs,
        medianMs,
        preMs,
        postMs,
        options: choices.current.options,
        result: r.result,
        decodeNote: r.decodeNote,
        ...(r.crops ? { crops: r.crops } : {}),
        frames: src.frames,
      };
      window.__edgezooLastRun = run;
      return run;
    },
    [model.key, paint, choices, record, loadedInfo],
  );

  const showReadouts = useCallback(
    (run: LastRun, fps?: number) => {
      showTimings(fps);
      setDecoded({ result: run.result, note: run.decodeNote });
    },
    [showTimings],
  );

  const measure = useCallback((sel: Selection) => save(model.key, sel, loadedInfo.current?.backend ?? ''), [model.key, save, loadedInfo]);

  const stopCamera = useCallback(() => {
    if (!closeCamera()) return;
    setStatus((s) => (s === 'live' ? 'done' : s));
    measure(choices.current.selection);
    // Back to the still picture (its overlay belonged to a camera frame).
    const bmp = stillBitmap.current;
    if (bmp) setAspect(bmp.width / bmp.height);
    paint(undefined, undefined, false);
  }, [closeCamera, measure, choices, stillBitmap, paint]);

  const runStill = useCallback(
    async (target?: Still) => {
      const s = target ?? current;
      setError('');
      stopCamera();
      const sel = choices.current.selection;
      try {
        if (!s) throw new Error('choose a sample or upload an image first');
        const bmp = await bitmapFor(s);
        showStill(bmp);
        const crops = cropsOn();
        const { client } = await ensureLoaded(sel, crops);
        setStatus('running');
        const r = await client.frame(await createImageBitmap(bmp), { options: choices.current.options, repeats: REPEATS, tensors: 'all', crops });
        const run = takeResult(r, sel, { source: s.kind, name: stillName(s), frame: bmp, captureMs: 0, frames: 0 });
        // A cascade's crops depend on the options: new options run it again rather than re-decode.
        stillDecodable.current = !r.crops;
        stillCascade.current = !!r.crops;
        setOutputs(run.outputs);
        setInputChecksum(run.inputs.map((i) => i.checksum).join(','));
        showReadouts(run);
        measure(sel);
        setRunCount((n) => n + 1);
        setStatus('done');
      } catch (err) {
        setError(errorMessage(err));
        setStatus('error');
      }
    },
    [current, stopCamera, choices, cropsOn, bitmapFor, showStill, ensureLoaded, takeResult, showReadouts, measure],
  );

  /** A new drawing: run it now, or after the run in flight (a newer drawing replaces one still waiting). */
  const runDrawing = useCallback(
    async (cell: GreyCell) => {
      pendingDrawing.current = cell;
      if (drawingBusy.current) return;
      drawingBusy.current = true;
      try {
        for (let next: GreyCell | undefined = pendingDrawing.current; next; next = pendingDrawing.current) {
          pendingDrawing.current = undefined;
          const s: Still = { kind: 'drawing', cell: next };
          setStill(s);
          await runStill(s);
        }
      } finally {
        drawingBusy.current = false;
      }
    },
    [setStill, runStill],
  );

  /** The drawing pad was cleared: drop its picture and result. */
  const clearDrawing = useCallback(() => {
    pendingDrawing.current = undefined;
    if (current?.kind !== 'drawing') return;
    const canvas = stillRef.current;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    paint(undefined, undefined, false);
    stillDecodable.current = false;
    setDecoded(undefined);
    setOutputs([]);
  }, [current, stillRef, paint]);

  /** One camera frame: capture, (re)load if the choices changed, infer + decode in the worker, draw. */
  const liveFrame = useCallback(async () => {
    const video = videoRef.current;
    if (!video || !liveRef.current) return;
    const sel = choices.current.selection;
    const crops = cropsOn();
    const { client, loadedNow } = await ensureLoaded(sel, crops);
    if (loadedNow) setStatus('live');
    const t0 = performance.now();
    const bitmap = await createImageBitmap(video);
    const captureMs = performance.now() - t0;
    const r = await client.frame(bitmap, { options: choices.current.options, repeats: 1, tensors: 'inputs', crops });
    if (!liveRef.current) return;
    const now = performance.now();
    rate.current.tick(now);
    const run = takeResult(r, sel, { source: 'camera', name: 'camera', frame: video, captureMs, frames: gate.current.completed + 1 });
    if (now - lastReadout.current >= READOUT_EVERY_MS) {
      lastReadout.current = now;
      showReadouts(run, rate.current.fps(now));
      setFrameCount(gate.current.completed + 1);
    }
  }, [videoRef, liveRef, choices, cropsOn, ensureLoaded, rate, gate, takeResult, showReadouts]);

  useEffect(() => {
    liveFrameRef.current = liveFrame;
  }, [liveFrame]);

  const startCamera = async (deviceId?: string) => {
    setError('');
    const video = await openCamera(deviceId);
    if (!video) {
      if (liveRef.current) stopCamera();
      return;
    }
    setAspect(video.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : 4 / 3);
    resetTimings();
    restartGate();
    stillDecodable.current = false;
    setStatus('live');
    setOutputs([]);
    const onError = (err: unknown) => {
      setError(`The live demo stopped: ${errorMessage(err)}`);
      stopCamera();
      setStatus('error');
    };
    startLive(video, () => {
      gate.current.offer(() => liveFrameRef.current(), onError);
    });
  };

  const acceptFile = async (file: File | undefined) => {
    if (!file) return;
    const s = await acceptUpload(file);
    if (s) await runStill(s);
  };

  /**
   * A cascade's still picture again with new options, at most one run behind:
   * a slider drag sends many changes, and each run of a page of text takes seconds.
   */
  const rerunCascade = async () => {
    rerunPending.current = true;
    if (rerunBusy.current) return;
    rerunBusy.current = true;
    try {
      while (rerunPending.current) {
        rerunPending.current = false;
        await runStill();
      }
    } finally {
      rerunBusy.current = false;
    }
  };

  /** New threshold / max results: live frames pick them up; a still picture is decoded again (no new inference), or cut into crops again. */
  const redecode = async (next: TaskOptions) => {
    if (liveRef.current) return;
    if (stillCascade.current) return rerunCascade();
    const client = loadedClient();
    if (!stillDecodable.current || !client) return;
    try {
      const r = await client.redecode(next);
      const prev = window.__edgezooLastRun;
      paint(r.result, lastPaint.current.frame, false);
      if (prev) window.__edgezooLastRun = { ...prev, options: next, result: r.result, decodeNote: r.decodeNote };
      setDecoded({ result: r.result, note: r.decodeNote });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return {
    status,
    outputs,
    decoded,
    inputChecksum,
    runCount,
    frameCount,
    error,
    aspect,
    camera,
    still,
    overlay,
    session,
    timings: timings.timings,
    runStill,
    runDrawing,
    clearDrawing,
    startCamera,
    stopCamera,
    acceptFile,
    redecode,
  };
}
