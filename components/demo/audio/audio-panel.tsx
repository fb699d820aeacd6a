'use client';

// Runs an audio catalogue model (openWakeWord "hey jarvis" or Silero VAD) in
// this browser, live from the microphone or on a bundled sample / uploaded
// file: audio → 16 kHz (lib/audio) → the task's streaming pipeline in
// inference workers (one per stage) → a timeline with the threshold,
// detections or speech segments, and timings. The latest results are on
// window.__edgezooAudio for tests.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { AudioDecodeError, decodeAudioFile, MODEL_SAMPLE_RATE } from '@/lib/audio/decode';
import { levelOf, type Level } from '@/lib/audio/level';
import { explainMicrophoneError, listMicrophones, openMicrophone, type MicrophoneDevice, type MicrophoneSession } from '@/lib/audio/microphone';
import { StreamingResampler } from '@/lib/audio/resample';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import { median } from '@/lib/engines/tensor';
import { ENGINE_BACKENDS, ENGINE_NAMES, type BackendRequest, type EngineId } from '@/lib/engines/types';
import { segmentOptions, VadSegmenter, type SpeechSegment, type VadFrame } from '@/lib/tasks/voice-activity';
import { DETECTION_THRESHOLD, wakeWordDetections, type WakeWordDetection, type WakeWordScore } from '@/lib/tasks/wake-word';
import type { AudioDemoModel, AudioVariantId } from './audio-model';
import { AudioTaskSession, chunkSeconds, type ChunkTiming, type StageInfo, type TaskUpdate } from './audio-session';
import { LevelMeter } from './level-meter';
import { DetectionList, Readouts, SegmentList } from './results';
import { Timeline, type TimelinePoint } from './timeline';

/** Timings kept for the median readout. */
const TIMING_WINDOW = 50;
/** Seconds of the live timeline. */
const LIVE_WINDOW_SEC = 10;
/** A live session stops itself after this long, so memory stays bounded. */
const MAX_LIVE_SEC = 600;
/** Microphone audio waiting for inference beyond this is dropped (and reported). */
const MAX_BACKLOG_SEC = 5;
/** File/sample audio is scored in blocks of this many seconds, with a repaint between blocks. */
const FILE_BLOCK_SEC = 0.5;

type Activity = 'idle' | 'loading' | 'listening' | 'processing';
type Outcome = 'none' | 'done' | 'error';

export interface AudioDemoResults {
  model: string;
  task: AudioDemoModel['task'];
  status: Activity | Outcome;
  /** What was scored: "microphone: …", "sample: hey-jarvis.wav", "upload: …". */
  source: string;
  engine: string;
  backends: string[];
  threshold: number;
  processedSec: number;
  scores: { t: number; score: number; warmUp: boolean }[];
  detections: WakeWordDetection[];
  probabilities: { t: number; p: number }[];
  segments: SpeechSegment[];
  inferenceMs: number;
  rtf: number;
  micSampleRate?: number;
  /** Loudest microphone sample since listening started, dBFS (shows the audio really arrives). */
  micPeakDb?: number;
  error: string;
  micError: string;
  uploadError: string;
  /** Runs finished (files/samples) or stopped (microphone). */
  runs: number;
}

declare global {
  interface Window {
    __edgezooAudio?: AudioDemoResults;
  }
}

interface StreamData {
  scores: WakeWordScore[];
  frames: VadFrame[];
  timings: ChunkTiming[];
  processedSec: number;
}

const emptyData = (): StreamData => ({ scores: [], frames: [], timings: [], processedSec: 0 });

function concat(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

const fileName = (url: string) => url.slice(url.lastIndexOf('/') + 1);

export function AudioPanel({ model }: { model: AudioDemoModel }) {
  const isWake = model.task === 'wake-word';
  const chunkSec = chunkSeconds(model.task);
  const [variantId, setVariantId] = useState<AudioVariantId>(model.variants[0].id);
  const variant = model.variants.find((v) => v.id === variantId) ?? model.variants[0];
  const [engineChoice, setEngine] = useState<EngineId>(variant.engines[0]);
  const engine = variant.engines.includes(engineChoice) ? engineChoice : variant.engines[0];
  // Small streaming models: wasm avoids per-call GPU dispatch and readback, which cost more than the compute.
  const [backend, setBackend] = useState<BackendRequest>('wasm');
  const [threshold, setThreshold] = useState(isWake ? DETECTION_THRESHOLD : 0.5);
  const [activity, setActivity] = useState<Activity>('idle');
  const [outcome, setOutcome] = useState<Outcome>('none');
  const [source, setSource] = useState('');
  const [sample, setSample] = useState(model.samples[0] ?? '');
  const [devices, setDevices] = useState<MicrophoneDevice[]>([]);
  const [deviceId, setDeviceId] = useState('');
  const [level, setLevel] = useState<Level>();
  const [progress, setProgress] = useState<DownloadProgress>();
  const [stages, setStages] = useState<StageInfo[]>([]);
  const [capture, setCapture] = useState<{ sampleRate: number; label: string; settings: MediaTrackSettings }>();
  const [clip, setClip] = useState<{ audioSec: number; wallMs: number }>();
  const [error, setError] = useState('');
  const [micError, setMicError] = useState('');
  const [uploadError, setUploadError] = useState('');
  const [dragging, setDragging] = useState(false);
  const [droppedSec, setDroppedSec] = useState(0);
  const [runs, setRuns] = useState(0);
  const [d, setData] = useState<StreamData>(emptyData);
  // Stream time scored so far, readable by the capture loop without waiting for a render.
  const processedSec = useRef(0);
  const levelQueued = useRef(false);

  const session = useRef<{ key: string; task: AudioTaskSession } | null>(null);
  const mic = useRef<MicrophoneSession | null>(null);
  const resampler = useRef<StreamingResampler | null>(null);
  const queue = useRef<Float32Array[]>([]);
  const pumping = useRef(false);
  const runId = useRef(0);
  const latestLevel = useRef<Level | undefined>(undefined);
  const micPeakDb = useRef<number | undefined>(undefined);

  /** The meter follows the latest block, at most once per animation frame. */
  const showLevel = useCallback((l: Level | undefined) => {
    latestLevel.current = l;
    if (levelQueued.current) return;
    levelQueued.current = true;
    requestAnimationFrame(() => {
      levelQueued.current = false;
      setLevel(latestLevel.current);
    });
  }, []);

  const refreshDevices = useCallback(() => {
    listMicrophones().then(setDevices, () => setDevices([]));
  }, []);

  useEffect(() => {
    refreshDevices();
    const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    md?.addEventListener?.('devicechange', refreshDevices);
    const run = runId;
    const micRef = mic;
    const sessionRef = session;
    return () => {
      md?.removeEventListener?.('devicechange', refreshDevices);
      run.current++;
      void micRef.current?.stop();
      sessionRef.current?.task.dispose();
    };
  }, [refreshDevices]);

  /** The loaded pipeline for the current variant/engine/backend, loading it when they changed. */
  const ensureSession = useCallback(async (): Promise<AudioTaskSession> => {
    const key = `${variant.id}|${engine}|${backend}`;
    if (session.current?.key === key) return session.current.task;
    session.current?.task.dispose();
    session.current = null;
    setStages([]);
    setActivity('loading');
    const task = await AudioTaskSession.load(model, variant, engine, backend, setProgress);
    session.current = { key, task };
    setStages(task.stages);
    return task;
  }, [model, variant, engine, backend]);

  const ingest = useCallback((u: TaskUpdate) => {
    const last = u.kind === 'wake-word' ? u.scores[u.scores.length - 1] : u.frames[u.frames.length - 1];
    if (!last) return;
    processedSec.current = last.endSec;
    setData((prev) => ({
      scores: u.kind === 'wake-word' ? prev.scores.concat(u.scores) : prev.scores,
      frames: u.kind === 'voice-activity-detection' ? prev.frames.concat(u.frames) : prev.frames,
      timings: prev.timings.concat(u.timings).slice(-TIMING_WINDOW),
      processedSec: last.endSec,
    }));
  }, []);

  const startRun = useCallback(async (label: string) => {
    const id = ++runId.current;
    setError('');
    setOutcome('none');
    setClip(undefined);
    setDroppedSec(0);
    setSource(label);
    setData(emptyData());
    processedSec.current = 0;
    micPeakDb.current = undefined;
    const task = await ensureSession();
    task.reset();
    return { id, task };
  }, [ensureSession]);

  const stopMicrophone = useCallback(async () => {
    const m = mic.current;
    mic.current = null;
    queue.current = [];
    if (!m) return;
    runId.current++;
    await m.stop();
    showLevel(undefined);
    setActivity('idle');
    setOutcome('done');
    setRuns((n) => n + 1);
  }, [showLevel]);

  /** Scores queued microphone audio, one batch at a time, in order. */
  const pump = useCallback(async (id: number, task: AudioTaskSession) => {
    if (pumping.current) return;
    pumping.current = true;
    try {
      while (queue.current.length > 0 && id === runId.current) {
        let samples = concat(queue.current.splice(0));
        const excess = samples.length - MAX_BACKLOG_SEC * MODEL_SAMPLE_RATE;
        if (excess > 0) {
          // Inference fell behind: skip the oldest audio rather than lag further and further.
          samples = samples.slice(excess);
          setDroppedSec((s) => s + excess / MODEL_SAMPLE_RATE);
        }
        ingest(await task.process(samples));
        if (processedSec.current >= MAX_LIVE_SEC) {
          await stopMicrophone();
          setError(`Listening stopped after ${MAX_LIVE_SEC / 60} minutes; start again to continue.`);
        }
      }
    } catch (err) {
      await stopMicrophone();
      setError(`Inference failed: ${err instanceof Error ? err.message : String(err)}`);
      setOutcome('error');
    } finally {
      pumping.current = false;
    }
  }, [ingest, stopMicrophone]);

  const startMicrophone = useCallback(async () => {
    setMicError('');
    let started: { id: number; task: AudioTaskSession };
    try {
      started = await startRun('microphone');
    } catch (err) {
      setError(`The model could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
      setActivity('idle');
      setOutcome('error');
      return;
    }
    const { id, task } = started;
    resampler.current = null;
    try {
      const m = await openMicrophone({
        deviceId: deviceId || undefined,
        onBlock: (block) => {
          if (id !== runId.current) return;
          const l = levelOf(block);
          micPeakDb.current = Math.max(micPeakDb.current ?? -Infinity, l.peakDb);
          showLevel(l);
          const r = resampler.current;
          if (!r) return;
          const out = r.push(block);
          if (out.length) queue.current.push(out);
          void pump(id, task);
        },
        onEnded: () => {
          setMicError('The microphone stopped (unplugged, or access was withdrawn).');
          void stopMicrophone();
        },
      });
      if (id !== runId.current) {
        await m.stop();
        return;
      }
      resampler.current = new StreamingResampler(m.sampleRate, MODEL_SAMPLE_RATE);
      mic.current = m;
      setCapture({ sampleRate: m.sampleRate, label: m.label, settings: m.settings });
      setSource(`microphone: ${m.label}`);
      if (m.deviceId) setDeviceId(m.deviceId);
      setActivity('listening');
      refreshDevices(); // labels appear once permission is granted
    } catch (err) {
      setMicError(explainMicrophoneError(err).message);
      setActivity('idle');
      setOutcome('error');
    }
  }, [startRun, deviceId, pump, stopMicrophone, refreshDevices, showLevel]);

  const runClip = useCallback(async (getSamples: () => Promise<Float32Array>, label: string) => {
    await stopMicrophone();
    setUploadError('');
    setCapture(undefined);
    let samples: Float32Array;
    try {
      samples = await getSamples();
    } catch (err) {
      setUploadError(err instanceof AudioDecodeError ? err.message : `${label} could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    try {
      const { id, task } = await startRun(label);
      setActivity('processing');
      const t0 = performance.now();
      const block = Math.round(FILE_BLOCK_SEC * MODEL_SAMPLE_RATE);
      for (let at = 0; at < samples.length; at += block) {
        if (id !== runId.current) return;
        ingest(await task.process(samples.subarray(at, at + block)));
      }
      setClip({ audioSec: samples.length / MODEL_SAMPLE_RATE, wallMs: performance.now() - t0 });
      setOutcome('done');
      setRuns((n) => n + 1);
    } catch (err) {
      setError(`${label}: ${err instanceof Error ? err.message : String(err)}`);
      setOutcome('error');
    } finally {
      setActivity('idle');
    }
  }, [stopMicrophone, startRun, ingest]);

  const runSample = useCallback(() => {
    if (!sample) return;
    void runClip(async () => {
      const res = await fetch(sample);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await decodeAudioFile(await res.arrayBuffer(), fileName(sample))).samples;
    }, `sample: ${fileName(sample)}`);
  }, [sample, runClip]);

  const acceptFile = useCallback((file: File | undefined) => {
    if (!file) return;
    void runClip(async () => (await decodeAudioFile(await file.arrayBuffer(), file.name)).samples, `upload: ${file.name}`);
  }, [runClip]);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    acceptFile(e.dataTransfer.files[0]);
  };

  // ---- derived view of the stream (recomputed per update; the data is bounded by MAX_LIVE_SEC) ----
  const listening = activity === 'listening';
  const view = useMemo(() => {
    if (isWake) {
      const points: TimelinePoint[] = d.scores.map((s) => ({ t: s.endSec, v: s.score }));
      const detections = wakeWordDetections(d.scores, threshold);
      const firstReal = d.scores.find((s) => !s.warmUp);
      return { points, detections, segments: [] as SpeechSegment[], mutedBefore: firstReal ? firstReal.endSec : Infinity };
    }
    const seg = new VadSegmenter(segmentOptions(threshold));
    for (const f of d.frames) seg.push(f.probability);
    const segments = seg.segments().map((s) => (listening ? s : { startSec: s.startSec, endSec: s.endSec }));
    const points: TimelinePoint[] = d.frames.map((f) => ({ t: f.endSec, v: f.probability }));
    return { points, detections: [] as WakeWordDetection[], segments, mutedBefore: undefined };
  }, [threshold, isWake, listening, d]);

  const to = listening ? Math.max(LIVE_WINDOW_SEC, d.processedSec) : Math.max(d.processedSec, 1);
  const from = listening ? Math.max(0, to - LIVE_WINDOW_SEC) : 0;
  const status: AudioDemoResults['status'] = activity !== 'idle' ? activity : outcome;

  useEffect(() => {
    window.__edgezooAudio = {
      model: model.key,
      task: model.task,
      status,
      source,
      engine,
      backends: stages.map((s) => s.info.backend),
      threshold,
      processedSec: d.processedSec,
      scores: d.scores.map((s) => ({ t: s.endSec, score: s.score, warmUp: s.warmUp })),
      detections: view.detections,
      probabilities: d.frames.map((f) => ({ t: f.endSec, p: f.probability })),
      segments: view.segments,
      inferenceMs: median(d.timings.map((t) => t.inferenceMs)),
      rtf: median(d.timings.map((t) => t.wallMs)) / (chunkSec * 1000),
      micSampleRate: capture?.sampleRate,
      micPeakDb: micPeakDb.current,
      error,
      micError,
      uploadError,
      runs,
    };
  }, [model, status, source, engine, stages, threshold, d, view, chunkSec, capture, error, micError, uploadError, runs]);

  const busy = activity === 'loading' || activity === 'processing';
  const select = 'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900';
  const button = 'rounded px-4 py-1.5 font-medium text-white disabled:opacity-50';
  const offThreshold = isWake ? undefined : segmentOptions(threshold).negThreshold;

  return (
    <section
      aria-labelledby="audio-panel-title"
      className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
      data-testid="audio-panel"
      data-status={status}
      data-runs={runs}
      data-detections={view.detections.length}
      data-segments={view.segments.length}
    >
      <h2 id="audio-panel-title" className="text-xl font-semibold">Try it in the browser</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {isWake
          ? 'Say “hey jarvis”. The model scores the last 1.28 s of audio every 80 ms; a detection is a run of scores at or above the threshold (the first 1.2 s after a start are warm-up and never count).'
          : 'Speak, or score a clip. Silero VAD gives a speech probability every 32 ms; speech starts at the threshold and ends after 100 ms below the lower off threshold (threshold − 0.15), as in Silero’s own get_speech_timestamps.'}
      </p>

      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label className="flex flex-col gap-1">
          Model files
          <select className={select} value={variant.id} disabled={busy || listening} onChange={(e) => { setVariantId(e.target.value as AudioVariantId); setBackend('wasm'); }}>
            {model.variants.map((v) => <option key={v.id} value={v.id}>{v.label} — {(v.bytes / 1e6).toFixed(1)} MB</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Engine
          <select className={select} value={engine} disabled={busy || listening} onChange={(e) => { setEngine(e.target.value as EngineId); setBackend('wasm'); }}>
            {variant.engines.map((id) => <option key={id} value={id}>{ENGINE_NAMES[id]}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Backend
          <select className={select} value={backend} disabled={busy || listening} onChange={(e) => setBackend(e.target.value as BackendRequest)}>
            {ENGINE_BACKENDS[engine].map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Threshold: <span className="tabular-nums" data-testid="threshold-value">{threshold.toFixed(2)}{offThreshold !== undefined ? ` (off below ${offThreshold.toFixed(2)})` : ''}</span>
          <input type="range" min={0.05} max={0.95} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} aria-label="Threshold" />
        </label>
      </div>
      {variant.note && <p className="text-xs text-slate-600 dark:text-slate-400">{variant.note}</p>}

      <fieldset className="space-y-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
        <legend className="px-1 font-medium">Microphone</legend>
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1">
            Input device
            <select className={select} value={deviceId} disabled={listening || busy} onChange={(e) => setDeviceId(e.target.value)} aria-label="Input device">
              <option value="">Browser default</option>
              {devices.filter((dev) => dev.deviceId && dev.deviceId !== 'default').map((dev) => <option key={dev.deviceId} value={dev.deviceId}>{dev.label}</option>)}
            </select>
          </label>
          {listening ? (
            <button type="button" className={`${button} bg-red-700 hover:bg-red-800`} onClick={() => void stopMicrophone()}>Stop listening</button>
          ) : (
            <button type="button" className={`${button} bg-blue-700 hover:bg-blue-800`} disabled={busy} onClick={() => void startMicrophone()}>Start microphone</button>
          )}
        </div>
        {listening && <LevelMeter level={level} />}
        {micError && <p role="alert" data-testid="mic-error" className="text-red-700 dark:text-red-400">{micError}</p>}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Audio is taken raw (echo cancellation, noise suppression and auto gain off), resampled to 16 kHz here, and never leaves this page.
        </p>
      </fieldset>

      <fieldset className="space-y-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
        <legend className="px-1 font-medium">Clip</legend>
        <div className="flex flex-wrap items-end gap-3">
          {model.samples.length > 0 && (
            <label className="flex flex-col gap-1">
              Sample clip
              <select className={select} value={sample} disabled={busy} onChange={(e) => setSample(e.target.value)} aria-label="Sample clip">
                {model.samples.map((s) => <option key={s} value={s}>{fileName(s)}</option>)}
              </select>
            </label>
          )}
          <button type="button" className={`${button} bg-blue-700 hover:bg-blue-800`} disabled={busy || !sample} onClick={runSample}>Score sample</button>
        </div>
        <div
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`rounded border-2 border-dashed p-3 ${dragging ? 'border-blue-600 bg-blue-50 dark:bg-blue-950' : 'border-slate-300 dark:border-slate-700'}`}
        >
          <label className="cursor-pointer">
            Drop an audio file here or <span className="underline">choose one</span> (WAV, MP3, OGG… up to 10 minutes; it is decoded and scored on this device)
            <input type="file" accept="audio/*,.wav,.mp3,.ogg,.flac,.m4a" className="sr-only" data-testid="audio-upload" disabled={busy} onChange={(e) => { acceptFile(e.target.files?.[0]); e.target.value = ''; }} />
          </label>
        </div>
        {uploadError && <p role="alert" data-testid="upload-error" className="text-red-700 dark:text-red-400">{uploadError}</p>}
      </fieldset>

      {activity === 'loading' && progress && progress.total > 0 && (
        <div className="text-sm">
          <progress max={progress.total} value={progress.loaded} className="w-64 align-middle" aria-label="Model download" />{' '}
          {(progress.loaded / 1e6).toFixed(2)} / {(progress.total / 1e6).toFixed(2)} MB
          {progress.fromCache > 0 && ` (${(progress.fromCache / 1e6).toFixed(2)} MB from this browser's cache)`}
        </div>
      )}
      {error && <p role="alert" data-testid="audio-error" className="text-sm text-red-700 dark:text-red-400">{error}</p>}

      <div className="space-y-1">
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          <span data-testid="audio-source">{source ? `Scoring ${source}` : 'Nothing scored yet'}{activity === 'processing' ? '…' : ''}</span>
          <span className="tabular-nums">{d.processedSec.toFixed(2)} s</span>
        </div>
        <Timeline
          points={view.points}
          from={from}
          to={to}
          threshold={threshold}
          offThreshold={offThreshold}
          spans={view.segments}
          markers={view.detections.map((x) => x.peakSec)}
          mutedBefore={view.mutedBefore}
          label={isWake ? `“hey jarvis” score over time, threshold ${threshold.toFixed(2)}, ${view.detections.length} detections` : `Speech probability over time, threshold ${threshold.toFixed(2)}, ${view.segments.length} speech segments`}
        />
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {isWake
            ? 'Blue: score; grey: warm-up; red dashes: threshold; purple lines: detections.'
            : 'Blue: speech probability; red dashes: threshold; orange dots: off threshold; green: speech segments.'}
        </p>
      </div>

      {isWake ? <DetectionList detections={view.detections} /> : <SegmentList segments={view.segments} />}

      <Readouts stages={stages} timings={d.timings} chunkSec={chunkSec} clip={clip} capture={listening ? capture : undefined} droppedSec={droppedSec} />
    </section>
  );
}
