'use client';

// Runs a catalogue model in this browser, like MediaPipe's demos: the live
// camera (device picker, mirrored preview, start/stop), a bundled sample or
// an uploaded/dropped picture; the variant (source file, our fp32/int8
// .tflite), engine and backend; score threshold and max results. Frames go
// to a Web Worker (lib/engines) that resizes, runs and decodes them
// (lib/tasks/registry); this component captures frames (one in flight at a
// time, dropping the rest), draws the result (./overlay), lists it as HTML
// and shows timings. The latest run is exposed for tests on
// window.__edgezooLastRun and as data-* attributes on the panel.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { EngineClient } from '@/lib/engines/client';
import { FrameGate, RateMeter, RollingWindow } from '@/lib/engines/live';
import { saveMeasurement } from '@/lib/engines/measured';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import type { FrameResult } from '@/lib/engines/pipeline';
import { checksum, summarise, type TensorSummary } from '@/lib/engines/tensor';
import { ENGINE_BACKENDS, ENGINE_NAMES, type BackendRequest, type EngineId, type EngineInfo, type EngineTensor } from '@/lib/engines/types';
import { webgpuUnavailable } from '@/lib/engines/webgpu';
import { DEFAULT_TASK_OPTIONS, type TaskOptions, type TaskResult } from '@/lib/tasks/types';
import { CacheManager } from './cache-manager';
import { cameraErrorOf, listCameras, openCamera, stopStream, type CameraDevice, type CameraError } from './camera';
import { decodeImage, fetchImage, ImageDecodeError } from './decode-image';
import { engineNote, enginesFor, pipelineOf, unsupportedReason, type DemoGraph, type DemoModel, type DemoVariant, type VariantId } from './demo-model';
import { OutputTable } from './output-table';
import { drawResult, type FrameSource, type MaskMode } from './overlay';
import { Readouts, type Timings } from './readouts';
import { ResultsList } from './results-list';
import { Stage } from './stage';
import { startVideoLoop } from './video-loop';

/** Inferences per click on a still picture. */
const REPEATS = 3;
/** Timings shown are medians of the last TIMING_WINDOW values. */
const TIMING_WINDOW = 30;
/** Live readouts and the results list refresh at most this often (the overlay redraws every frame). */
const READOUT_EVERY_MS = 250;
/** Keypoints scoring below this are not drawn (MoveNet's own demos use 0.3). */
const KEYPOINT_MIN_SCORE = 0.3;

export interface LastRun {
  model: string;
  graph: string;
  variant: VariantId;
  engine: EngineId;
  backend: string;
  note: string;
  source: 'sample' | 'upload' | 'camera';
  /** Sample URL or upload file name; "camera" for live frames. */
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
  /** Live frames processed since the camera started (0 for stills). */
  frames: number;
}

declare global {
  interface Window {
    __edgezooLastRun?: LastRun;
  }
}

type Status = 'idle' | 'loading' | 'running' | 'done' | 'live' | 'error';
type Still = { kind: 'sample'; url: string } | { kind: 'upload'; name: string };

interface Selection {
  graph: DemoGraph;
  variant: DemoVariant;
  engine: EngineId;
  backend: BackendRequest;
}

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The note shown when the backend the user picked is not the one running, or undefined. */
function fallbackNote(requested: BackendRequest, info: EngineInfo | undefined, gpuMissing: string | undefined): string | undefined {
  if (!info || requested === 'auto' || info.backend.startsWith(requested)) return undefined;
  const why = info.note.match(new RegExp(`${requested}: ([^;)]+)`))?.[1] ?? (requested === 'webgpu' ? gpuMissing : undefined) ?? 'it could not start';
  return `You chose ${requested}, but it is not available here (${why}). The model runs on ${info.backend} instead: the results are the same, only the speed differs.`;
}

const stillName = (s: Still) => (s.kind === 'sample' ? s.url.slice(s.url.lastIndexOf('/') + 1) : s.name);

export function RunPanel({ model }: { model: DemoModel }) {
  const runnable = model.graphs.filter((g) => !unsupportedReason(g));
  const [graphId, setGraphId] = useState((runnable[0] ?? model.graphs[0]).id);
  const graph = model.graphs.find((g) => g.id === graphId) ?? model.graphs[0];
  const [variantId, setVariantId] = useState<VariantId>('source');
  const variant = graph.variants.find((v) => v.id === variantId) ?? graph.variants[0];
  const engines = enginesFor(variant);
  const [engine, setEngine] = useState<EngineId>(engines[0]);
  const activeEngine = engines.includes(engine) ? engine : engines[0];
  const [backend, setBackend] = useState<BackendRequest>('auto');
  const activeBackend = ENGINE_BACKENDS[activeEngine].includes(backend) ? backend : 'auto';
  const [options, setOptions] = useState<TaskOptions>(DEFAULT_TASK_OPTIONS);
  const [maskMode, setMaskMode] = useState<MaskMode>('tint');
  const [mirror, setMirror] = useState(true);
  const [still, setStill] = useState<Still | undefined>(model.samples[0] ? { kind: 'sample', url: model.samples[0] } : undefined);
  const [status, setStatus] = useState<Status>('idle');
  const [live, setLive] = useState(false);
  const [progress, setProgress] = useState<DownloadProgress>();
  const [info, setInfo] = useState<EngineInfo>();
  const [timings, setTimings] = useState<Timings>();
  const [outputs, setOutputs] = useState<TensorSummary[]>([]);
  const [decoded, setDecoded] = useState<{ result?: TaskResult; note?: string }>();
  const [inputChecksum, setInputChecksum] = useState('');
  const [runCount, setRunCount] = useState(0);
  const [frameCount, setFrameCount] = useState(0);
  const [error, setError] = useState('');
  const [uploadError, setUploadError] = useState('');
  const [cameraError, setCameraError] = useState<CameraError>();
  const [cameras, setCameras] = useState<CameraDevice[]>([]);
  const [cameraId, setCameraId] = useState('');
  const [gpuMissing, setGpuMissing] = useState<string>();
  const [cacheTick, setCacheTick] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [aspect, setAspect] = useState(4 / 3);

  const client = useRef<EngineClient | null>(null);
  const loadedKey = useRef('');
  const loadedInfo = useRef<EngineInfo | undefined>(undefined);
  const windows = useRef({ infer: new RollingWindow(TIMING_WINDOW), pre: new RollingWindow(TIMING_WINDOW), post: new RollingWindow(TIMING_WINDOW) });
  const rate = useRef(new RateMeter());
  const gate = useRef(new FrameGate());
  const stopLoop = useRef<(() => void) | undefined>(undefined);
  const stream = useRef<MediaStream | null>(null);
  const liveRef = useRef(false);
  const lastReadout = useRef(0);
  const stillBitmap = useRef<ImageBitmap | undefined>(undefined);
  const stillOf = useRef('');
  /** The last still run returned its outputs, so new options can re-decode without inference. */
  const stillDecodable = useRef(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const stillRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const lastPaint = useRef<{ result?: TaskResult; frame?: FrameSource; mirrored: boolean }>({ mirrored: false });
  // The latest choices, for the camera loop (its callbacks outlive renders).
  const current = useRef({ selection: { graph, variant, engine: activeEngine, backend: activeBackend } as Selection, options, maskMode, mirror });
  const liveFrameRef = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    current.current = { selection: { graph, variant, engine: activeEngine, backend: activeBackend }, options, maskMode, mirror };
  });

  useEffect(() => {
    let cancelled = false;
    void webgpuUnavailable().then((why) => {
      if (!cancelled) setGpuMissing(why);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const reason = unsupportedReason(graph);

  // Show the first sample before anything runs, so the stage is never an empty box.
  useEffect(() => {
    const first = model.samples[0];
    if (!first) return;
    let cancelled = false;
    fetchImage(first)
      .then((bmp) => {
        if (cancelled || stillOf.current) return;
        stillBitmap.current = bmp;
        stillOf.current = first;
        const canvas = stillRef.current;
        if (!canvas) return;
        canvas.width = bmp.width;
        canvas.height = bmp.height;
        canvas.getContext('2d')?.drawImage(bmp, 0, 0);
        setAspect(bmp.width / bmp.height);
      })
      .catch(() => {
        // The Run button reports a sample that cannot load; the preview is a nicety.
      });
    return () => {
      cancelled = true;
    };
  }, [model.samples]);

  const paint = useCallback((result: TaskResult | undefined, frame: FrameSource | undefined, mirrored: boolean) => {
    lastPaint.current = { result, frame, mirrored };
    const canvas = overlayRef.current;
    if (!canvas) return;
    const rect = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(rect.width * dpr));
    const height = Math.max(1, Math.round(rect.height * dpr));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { options: opts, maskMode: mode } = current.current;
    drawResult(ctx, { width, height, mirror: mirrored, scale: dpr }, result, { maskMode: mode, frame, keypointMinScore: KEYPOINT_MIN_SCORE, maxClasses: opts.maxResults });
  }, []);

  const repaint = useCallback(() => {
    const p = lastPaint.current;
    paint(p.result, p.frame, p.mirrored);
  }, [paint]);

  // Keep the overlay sharp and aligned when the stage changes size.
  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => repaint());
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [repaint]);

  const resetTimings = () => {
    for (const w of Object.values(windows.current)) w.clear();
    rate.current.clear();
  };

  /** Loads the selected variant on the selected engine unless it already is; true when it loaded now. */
  const ensureLoaded = useCallback(
    async (sel: Selection): Promise<boolean> => {
      if (!client.current) client.current = new EngineClient();
      const key = `${sel.graph.id}|${sel.variant.id}|${sel.engine}|${sel.backend}`;
      if (loadedKey.current === key && loadedInfo.current) return false;
      setStatus('loading');
      setInfo(undefined);
      resetTimings();
      stillDecodable.current = false;
      loadedKey.current = '';
      loadedInfo.current = undefined;
      const loaded = await client.current.load(
        {
          engine: sel.engine,
          backend: sel.backend,
          format: sel.variant.format,
          entry: sel.variant.entry,
          files: sel.variant.files,
          inputShapes: sel.variant.inputShapes,
          pipeline: pipelineOf(model, sel.graph, sel.variant),
        },
        setProgress,
      );
      loadedKey.current = key;
      loadedInfo.current = loaded;
      setInfo(loaded);
      setCacheTick((n) => n + 1);
      return true;
    },
    [model],
  );

  /** Records one frame's result: timings, overlay, the exposed run. Returns the readout snapshot. */
  const takeResult = useCallback(
    (r: FrameResult, sel: Selection, src: { source: LastRun['source']; name: string; frame?: FrameSource; captureMs: number; frames: number }): LastRun => {
      const t0 = performance.now();
      const mirrored = src.source === 'camera' && current.current.mirror;
      paint(r.result, src.frame, mirrored);
      const drawMs = performance.now() - t0;
      const w = windows.current;
      w.infer.push(...r.timings.inferMs);
      w.pre.push(src.captureMs + r.timings.preMs);
      w.post.push(r.timings.postMs + drawMs);
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
        medianMs: w.infer.median,
        preMs: src.captureMs + r.timings.preMs,
        postMs: r.timings.postMs + drawMs,
        options: current.current.options,
        result: r.result,
        decodeNote: r.decodeNote,
        frames: src.frames,
      };
      window.__edgezooLastRun = run;
      return run;
    },
    [model.key, paint],
  );

  const showReadouts = useCallback((run: LastRun, fps?: number) => {
    const w = windows.current;
    const g = gate.current;
    setTimings({
      inferMs: w.infer.median,
      inferN: w.infer.count,
      preMs: w.pre.median,
      postMs: w.post.median,
      ...(fps !== undefined ? { fps, frames: g.completed, dropped: g.dropped } : {}),
    });
    setDecoded({ result: run.result, note: run.decodeNote });
  }, []);

  const measure = useCallback(
    (sel: Selection) => {
      const w = windows.current.infer;
      if (!w.count) return;
      saveMeasurement(model.key, { medianMs: w.median, runs: w.count, engine: sel.engine, backend: loadedInfo.current?.backend ?? '', graph: sel.graph.id, at: new Date().toISOString() });
    },
    [model.key],
  );

  const stopCamera = useCallback(() => {
    const wasLive = liveRef.current;
    liveRef.current = false;
    stopLoop.current?.();
    stopLoop.current = undefined;
    stopStream(stream.current);
    stream.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setLive(false);
    if (!wasLive) return;
    setStatus((s) => (s === 'live' ? 'done' : s));
    measure(current.current.selection);
    // Back to the still picture (its overlay belonged to a camera frame).
    const bmp = stillBitmap.current;
    if (bmp) setAspect(bmp.width / bmp.height);
    paint(undefined, undefined, false);
  }, [measure, paint]);

  useEffect(
    () => () => {
      stopLoop.current?.();
      stopStream(stream.current);
      client.current?.terminate();
      // A remount (React's dev double-mount) starts a fresh worker.
      client.current = null;
      loadedKey.current = '';
      loadedInfo.current = undefined;
    },
    [],
  );

  const stillBitmapFor = async (s: Still): Promise<ImageBitmap> => {
    const id = s.kind === 'sample' ? s.url : `upload:${s.name}`;
    if (s.kind === 'sample' && stillOf.current !== id) {
      stillBitmap.current = await fetchImage(s.url);
      stillOf.current = id;
    }
    if (!stillBitmap.current || stillOf.current !== id) throw new Error('choose a sample or upload an image first');
    return stillBitmap.current;
  };

  const drawStill = (bmp: ImageBitmap) => {
    const canvas = stillRef.current;
    if (!canvas) return;
    canvas.width = bmp.width;
    canvas.height = bmp.height;
    canvas.getContext('2d')?.drawImage(bmp, 0, 0);
    setAspect(bmp.width / bmp.height);
  };

  const runStill = useCallback(
    async (target?: Still) => {
      const s = target ?? still;
      setError('');
      stopCamera();
      const sel = current.current.selection;
      try {
        if (!s) throw new Error('choose a sample or upload an image first');
        const bmp = await stillBitmapFor(s);
        drawStill(bmp);
        await ensureLoaded(sel);
        setStatus('running');
        const r = await client.current!.frame(await createImageBitmap(bmp), { options: current.current.options, repeats: REPEATS, tensors: 'all' });
        const run = takeResult(r, sel, { source: s.kind, name: stillName(s), frame: bmp, captureMs: 0, frames: 0 });
        stillDecodable.current = true;
        setOutputs(run.outputs);
        setInputChecksum(run.inputs.map((i) => i.checksum).join(','));
        showReadouts(run);
        measure(sel);
        setRunCount((n) => n + 1);
        setStatus('done');
      } catch (err) {
        setError(message(err));
        setStatus('error');
      }
    },
    [still, stopCamera, ensureLoaded, takeResult, showReadouts, measure],
  );

  /** One camera frame: capture, (re)load if the choices changed, infer + decode in the worker, draw. */
  const liveFrame = useCallback(async () => {
    const video = videoRef.current;
    if (!video || !liveRef.current) return;
    const sel = current.current.selection;
    if (await ensureLoaded(sel)) setStatus('live');
    const t0 = performance.now();
    const bitmap = await createImageBitmap(video);
    const captureMs = performance.now() - t0;
    const r = await client.current!.frame(bitmap, { options: current.current.options, repeats: 1, tensors: 'inputs' });
    if (!liveRef.current) return;
    const now = performance.now();
    rate.current.tick(now);
    const run = takeResult(r, sel, { source: 'camera', name: 'camera', frame: video, captureMs, frames: gate.current.completed + 1 });
    if (now - lastReadout.current >= READOUT_EVERY_MS) {
      lastReadout.current = now;
      showReadouts(run, rate.current.fps(now));
      setFrameCount(gate.current.completed + 1);
    }
  }, [ensureLoaded, takeResult, showReadouts]);

  useEffect(() => {
    liveFrameRef.current = liveFrame;
  }, [liveFrame]);

  const startCamera = async (deviceId?: string) => {
    setCameraError(undefined);
    setError('');
    const video = videoRef.current;
    if (!video) return;
    try {
      stopLoop.current?.();
      stopStream(stream.current);
      const s = await openCamera(deviceId || undefined);
      stream.current = s;
      video.srcObject = s;
      await video.play();
      setAspect(video.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : 4 / 3);
      setCameraId(s.getVideoTracks()[0]?.getSettings().deviceId ?? '');
      setCameras(await listCameras());
      resetTimings();
      gate.current = new FrameGate();
      liveRef.current = true;
      stillDecodable.current = false;
      setLive(true);
      setStatus('live');
      setOutputs([]);
      const onError = (err: unknown) => {
        setError(`The live demo stopped: ${message(err)}`);
        stopCamera();
        setStatus('error');
      };
      stopLoop.current = startVideoLoop(video, () => {
        gate.current.offer(() => liveFrameRef.current(), onError);
      });
    } catch (err) {
      stopStream(stream.current);
      stream.current = null;
      setCameraError(cameraErrorOf(err));
      if (liveRef.current) stopCamera();
    }
  };

  const acceptFile = async (file: File | undefined) => {
    if (!file) return;
    setUploadError('');
    let bmp: ImageBitmap;
    try {
      bmp = await decodeImage(file, `“${file.name}”`);
    } catch (err) {
      setUploadError(err instanceof ImageDecodeError ? err.message : `“${file.name}” could not be opened: ${String(err)}`);
      return;
    }
    stillBitmap.current = bmp;
    stillOf.current = `upload:${file.name}`;
    const s: Still = { kind: 'upload', name: file.name };
    setStill(s);
    await runStill(s);
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    void acceptFile(e.dataTransfer.files[0]);
  };

  /** New threshold / max results: live frames pick them up; a still picture is decoded again (no new inference). */
  const changeOptions = async (next: TaskOptions) => {
    setOptions(next);
    current.current = { ...current.current, options: next };
    if (liveRef.current || !stillDecodable.current || !client.current) return;
    try {
      const r = await client.current.redecode(next);
      const prev = window.__edgezooLastRun;
      paint(r.result, lastPaint.current.frame, false);
      if (prev) window.__edgezooLastRun = { ...prev, options: next, result: r.result, decodeNote: r.decodeNote };
      setDecoded({ result: r.result, note: r.decodeNote });
    } catch (err) {
      setError(message(err));
    }
  };

  const busy = status === 'loading' || status === 'running';
  const select = 'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900';
  const button = 'rounded px-4 py-1.5 font-medium disabled:opacity-50';
  const fallback = fallbackNote(activeBackend, info, gpuMissing);
  const resultKind = decoded?.result?.kind;
  const usesMask = resultKind === 'mask';

  const pickVariant = (id: VariantId) => {
    setVariantId(id);
    const v = graph.variants.find((x) => x.id === id) ?? graph.variants[0];
    if (!enginesFor(v).includes(engine)) {
      setEngine(enginesFor(v)[0]);
      setBackend('auto');
    }
  };

  return (
    <section
      aria-labelledby="run-panel-title"
      className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
      data-testid="run-panel"
      data-status={status}
      data-live={live ? 'true' : 'false'}
      data-run-count={runCount}
      data-frame-count={frameCount}
      data-engine={info?.engine ?? ''}
      data-backend={info?.backend ?? ''}
      data-variant={variant.id}
      data-result-kind={resultKind ?? ''}
      data-input-checksum={inputChecksum}
      data-output-checksums={outputs.map((o) => `${o.name}=${o.checksum}`).join(';')}
    >
      <h2 id="run-panel-title" className="text-xl font-semibold">Try it in the browser</h2>

      <fieldset className="flex flex-wrap items-end gap-4 text-sm" disabled={busy}>
        <legend className="sr-only">Model, engine and backend</legend>
        {model.graphs.length > 1 && (
          <label className="flex flex-col gap-1">
            Graph
            <select className={select} value={graph.id} onChange={(e) => { setGraphId(e.target.value); setVariantId('source'); setBackend('auto'); }}>
              {model.graphs.map((g) => <option key={g.id} value={g.id}>{g.id}</option>)}
            </select>
          </label>
        )}
        <label className="flex flex-col gap-1">
          Variant
          <select className={select} value={variant.id} onChange={(e) => pickVariant(e.target.value as VariantId)}>
            {graph.variants.map((v) => <option key={v.id} value={v.id}>{v.label}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Engine
          <select className={select} value={activeEngine} onChange={(e) => { setEngine(e.target.value as EngineId); setBackend('auto'); }}>
            {engines.map((id) => <option key={id} value={id}>{ENGINE_NAMES[id]}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Backend
          <select className={select} value={activeBackend} onChange={(e) => setBackend(e.target.value as BackendRequest)}>
            {ENGINE_BACKENDS[activeEngine].map((b) => (
              <option key={b} value={b}>{b === 'webgpu' && gpuMissing ? 'webgpu (not available here)' : b}</option>
            ))}
          </select>
        </label>
      </fieldset>
      {engineNote(variant) && !variant.edges && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="engine-note">
          Engines: {engineNote(variant)}.
        </p>
      )}
      {variant.edges && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="variant-edges">
          This int8 model takes {variant.edges} and runs on the TFLite runtime (the EdgeZoo executor computes in float). The demo quantizes the float input with the input tensor&apos;s scale and zero point stored in the file
          (q = round(x / scale) + zero point) and dequantizes integer outputs the same way, so the overlay reads the same values as for the float model.
        </p>
      )}
      {graph.unavailable.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Not built: {graph.unavailable.map((u) => `${u.variant} (${u.reason})`).join('; ')}
        </p>
      )}

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
            onChange={(e) => void changeOptions({ ...options, scoreThreshold: Number(e.target.value) })}
            data-testid="score-threshold"
          />
        </label>
        <label className="flex flex-col gap-1">
          Max results
          <input
            type="number"
            min={1}
            max={100}
            className={`${select} w-20`}
            value={options.maxResults}
            onChange={(e) => {
              const n = Math.round(Number(e.target.value));
              if (Number.isFinite(n) && n >= 1 && n <= 100) void changeOptions({ ...options, maxResults: n });
            }}
            data-testid="max-results"
          />
        </label>
        {usesMask && (
          <label className="flex flex-col gap-1">
            Mask display
            <select className={select} value={maskMode} onChange={(e) => { const m = e.target.value as MaskMode; setMaskMode(m); current.current = { ...current.current, maskMode: m }; repaint(); }} data-testid="mask-mode">
              <option value="tint">Tint the foreground</option>
              <option value="blur">Blur the background</option>
            </select>
          </label>
        )}
      </fieldset>

      <div className="space-y-2 text-sm">
        <div className="flex flex-wrap items-end gap-4">
          {!live ? (
            <button type="button" onClick={() => void startCamera(cameraId)} disabled={busy || !!reason} className={`${button} bg-emerald-700 text-white hover:bg-emerald-800`}>
              Start camera
            </button>
          ) : (
            <button type="button" onClick={stopCamera} className={`${button} bg-slate-700 text-white hover:bg-slate-800`}>
              Stop camera
            </button>
          )}
          {cameras.length > 0 && (
            <label className="flex flex-col gap-1">
              Camera
              <select className={select} value={cameraId} onChange={(e) => { setCameraId(e.target.value); if (live) void startCamera(e.target.value); }} data-testid="camera-select">
                {cameras.map((c) => <option key={c.deviceId} value={c.deviceId}>{c.label}</option>)}
              </select>
            </label>
          )}
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={mirror} onChange={(e) => { setMirror(e.target.checked); current.current = { ...current.current, mirror: e.target.checked }; if (liveRef.current) paint(lastPaint.current.result, lastPaint.current.frame, e.target.checked); }} />
            Mirror camera preview
          </label>
          <span aria-hidden="true" className="text-slate-600 dark:text-slate-400">or</span>
          {model.samples.length > 0 && (
            <label className="flex flex-col gap-1">
              Sample image
              <select
                className={select}
                value={still?.kind === 'sample' ? still.url : ''}
                disabled={busy}
                onChange={(e) => {
                  const s: Still = { kind: 'sample', url: e.target.value };
                  setStill(s);
                  void runStill(s);
                }}
              >
                {still?.kind === 'upload' && <option value="">{still.name} (uploaded)</option>}
                {model.samples.map((s) => <option key={s} value={s}>{s.slice(s.lastIndexOf('/') + 1)}</option>)}
              </select>
            </label>
          )}
          <button type="button" onClick={() => void runStill()} disabled={busy || !!reason} className={`${button} bg-blue-700 text-white hover:bg-blue-800`}>
            {status === 'loading' ? 'Loading…' : status === 'running' ? 'Running…' : 'Run'}
          </button>
        </div>
        {cameraError && (
          <p role="alert" data-testid="camera-error" data-problem={cameraError.problem} className="text-red-700 dark:text-red-400">
            {cameraError.message}
          </p>
        )}
      </div>

      {reason && <p className="text-sm">This graph cannot be run here yet: {reason}.</p>}

      <div
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`rounded border-2 border-dashed p-3 text-sm ${dragging ? 'border-blue-600 bg-blue-50 dark:bg-blue-950' : 'border-slate-300 dark:border-slate-700'}`}
      >
        <label className="cursor-pointer">
          Drop an image here or <span className="underline">choose a file</span>
          <input type="file" accept="image/*" className="sr-only" data-testid="image-upload" onChange={(e) => { void acceptFile(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
        {still && <span className="ml-2 text-slate-600 dark:text-slate-400">Picture: {still.kind === 'sample' ? stillName(still) : `${still.name} (uploaded)`}</span>}
      </div>
      {uploadError && <p role="alert" data-testid="upload-error" className="text-sm text-red-700 dark:text-red-400">{uploadError}</p>}

      {progress && progress.total > 0 && (status === 'loading' || progress.loaded < progress.total) && (
        <div className="text-sm">
          <progress max={progress.total} value={progress.loaded} className="w-64 align-middle" aria-label="Model download" />{' '}
          {formatMB(progress.loaded)} / {formatMB(progress.total)}
          {progress.fromCache > 0 && ` (${formatMB(progress.fromCache)} from this browser's cache)`}
        </div>
      )}

      {error && <p role="alert" data-testid="run-error" className="text-sm text-red-700 dark:text-red-400">{error}</p>}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Stage
          videoRef={videoRef}
          stillRef={stillRef}
          overlayRef={overlayRef}
          live={live}
          mirror={mirror}
          aspect={aspect}
          caption={live ? `Live camera${mirror ? ', mirrored' : ''}` : still ? `Picture: ${stillName(still)}` : 'No picture yet'}
        />
        <div className="space-y-4">
          <section aria-labelledby="results-title" aria-live={live ? 'off' : 'polite'}>
            <h3 id="results-title" className="font-semibold">Results</h3>
            <ResultsList result={decoded?.result} note={decoded?.note} keypointMinScore={KEYPOINT_MIN_SCORE} />
          </section>
          {info && <Readouts info={info} timings={timings} variantLabel={variant.label} fallback={fallback} />}
        </div>
      </div>

      {outputs.length > 0 && !live && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Raw outputs ({outputs.length})</summary>
          <OutputTable outputs={outputs} />
        </details>
      )}

      <CacheManager refreshKey={cacheTick} />
    </section>
  );
}
