'use client';

// The inspector's "measured time in this browser" overlay: runs the model it
// shows on a live engine in this browser (our executor on a TF.js backend, or
// the official TFLite runtime), times every op over several runs, and hands
// the result, mapped onto the graph, to the inspector to colour and list.
// The engine runs in its own worker, started only when asked.

import { useEffect, useId, useRef, useState } from 'react';
import { EngineClient } from '@/lib/engines/client';
import { ENGINE_BACKENDS, ENGINE_NAMES, ENGINES_FOR_FORMAT, type BackendRequest, type EngineId, type ModelBytes } from '@/lib/engines/types';
import { formatMs, measuredOverlay, type MeasuredOverlay } from '@/lib/inspect/measured-overlay';
import type { InspectSource } from '@/lib/inspect/protocol';
import type { GraphView } from '@/lib/inspect/view';

const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

const BACKEND_LABELS: Record<BackendRequest, string> = { auto: 'Auto (fastest that works)', webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM' };
const THREAD_CHOICES = ['default', '1', '2', '4'] as const;
type ThreadChoice = (typeof THREAD_CHOICES)[number];

function formatOf(source: InspectSource): ModelBytes['format'] {
  if (source.format) return source.format;
  const e = source.entry.toLowerCase();
  return e.endsWith('.tflite') ? 'tflite' : e.endsWith('.onnx') ? 'onnx' : 'tfjs';
}

/** Engines that can time each op of this format: ONNX Runtime Web gives no per-op times here. */
export function profilingEngines(format: ModelBytes['format']): EngineId[] {
  return ENGINES_FOR_FORMAT[format].filter((e) => e !== 'ort');
}

type Phase = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'done' } | { kind: 'error'; message: string };

export function ProfilePanel({ source, graph, measured, onMeasured }: {
  source: InspectSource;
  /** The main graph of the same file, whose ops the times are mapped onto. */
  graph: GraphView;
  measured: MeasuredOverlay | null;
  onMeasured: (overlay: MeasuredOverlay | null) => void;
}) {
  const ids = useId();
  const format = formatOf(source);
  const engines = profilingEngines(format);
  const [engine, setEngine] = useState<EngineId>(engines[0] ?? 'tfjs');
  const [backend, setBackend] = useState<BackendRequest>('wasm');
  const [threads, setThreads] = useState<ThreadChoice>('default');
  const [runs, setRuns] = useState(10);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const client = useRef<EngineClient | null>(null);
  const loaded = useRef('');
  const live = useRef(true);
  // Rendered only on the client (the inspector loads on demand), so the page's isolation is known here.
  const [isolated] = useState(() => globalThis.crossOriginIsolated === true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      client.current?.terminate();
      client.current = null;
    };
  }, []);

  const backends = ENGINE_BACKENDS[engine];
  const chosenBackend = backends.includes(backend) ? backend : backends[0];

  const profile = async () => {
    const n = Math.round(runs);
    if (!Number.isFinite(n) || n < 1 || n > 200) {
      setPhase({ kind: 'error', message: `runs must be a whole number from 1 to 200, got ${runs}` });
      return;
    }
    try {
      client.current ??= new EngineClient();
      const c = client.current;
      const key = `${engine}|${chosenBackend}|${threads}`;
      if (loaded.current !== key) {
        loaded.current = '';
        setPhase({ kind: 'busy', text: `Loading the model on ${ENGINE_NAMES[engine]}…` });
        await c.load({
          engine,
          backend: chosenBackend,
          format,
          entry: source.entry,
          files: source.kind === 'fetch' ? source.files : [],
          ...(source.kind === 'bytes' ? { bytes: source.files } : {}),
          inputShapes: source.inputShapes,
          inputValues: source.inputValues,
          ...(engine === 'tflite' && threads !== 'default' ? { threads: Number(threads) } : {}),
        });
        loaded.current = key;
      }
      if (!live.current) return;
      setPhase({ kind: 'busy', text: `Profiling: ${n} timed runs after a warm-up…` });
      const result = await c.profile({ runs: n, warmup: 2 });
      if (!live.current) return;
      onMeasured(measuredOverlay(graph, result));
      setPhase({ kind: 'done' });
    } catch (err) {
      if (!live.current) return;
      // A failed load leaves the worker without a model: the next try loads again.
      loaded.current = '';
      setPhase({ kind: 'error', message: (err as Error).message });
    }
  };

  if (!engines.length) return <p className="text-sm">No engine of this site can time the ops of a {format} file.</p>;
  const busy = phase.kind === 'busy';

  return (
    <section className="space-y-2 rounded border border-slate-300 p-3 text-sm dark:border-slate-700" aria-labelledby={`${ids}-title`} data-testid="profile-panel">
      <h3 id={`${ids}-title`} className="font-semibold">Measured time per op in this browser</h3>
      <p className="text-slate-600 dark:text-slate-400">
        Runs this file here on seeded synthetic inputs (floats uniform in −1…1, integers zero) and times every op. Times are this device&apos;s, with
        this engine and backend; the simulator&apos;s overlay estimates edge targets instead.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col">
          <span id={`${ids}-engine`}>Engine</span>
          <select aria-labelledby={`${ids}-engine`} className={control} value={engine} disabled={busy} onChange={(e) => setEngine(e.target.value as EngineId)}>
            {engines.map((id) => <option key={id} value={id}>{ENGINE_NAMES[id]}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          <span id={`${ids}-backend`}>Backend</span>
          <select aria-labelledby={`${ids}-backend`} className={control} value={chosenBackend} disabled={busy || backends.length < 2} onChange={(e) => setBackend(e.target.value as BackendRequest)}>
            {backends.map((b) => <option key={b} value={b}>{BACKEND_LABELS[b]}</option>)}
          </select>
        </label>
        {engine === 'tflite' && (
          <label className="flex flex-col">
            <span id={`${ids}-threads`}>Threads</span>
            <select aria-labelledby={`${ids}-threads`} className={control} value={threads} disabled={busy} onChange={(e) => setThreads(e.target.value as ThreadChoice)}>
              {THREAD_CHOICES.map((t) => (
                <option key={t} value={t} disabled={t !== 'default' && t !== '1' && !isolated}>
                  {t === 'default' ? 'Default (half the cores, at most 4)' : t}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="flex flex-col">
          <span id={`${ids}-runs`}>Timed runs</span>
          <input aria-labelledby={`${ids}-runs`} type="number" min={1} max={200} className={`${control} w-24`} value={runs} disabled={busy} onChange={(e) => setRuns(Number(e.target.value))} />
        </label>
        <button type="button" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-600 disabled:opacity-60" onClick={() => void profile()} disabled={busy}>
          Profile
        </button>
      </div>
      <p role="status" data-testid="profile-status" data-phase={phase.kind}>
        {phase.kind === 'busy' ? phase.text : phase.kind === 'done' ? 'Profiled.' : ''}
      </p>
      {phase.kind === 'error' && <p role="alert" className="text-red-700 dark:text-red-300">Profiling failed: {phase.message}</p>}
      {measured && <MeasuredSummary measured={measured} />}
    </section>
  );
}

function MeasuredSummary({ measured }: { measured: MeasuredOverlay }) {
  const name = ENGINE_NAMES[measured.engine as EngineId] ?? measured.engine;
  return (
    <div className="space-y-1" data-testid="measured-legend">
      <p>
        {name} on {measured.backend}: the ops took <strong>{formatMs(measured.totalMs)}</strong> per run; a profiled run took {formatMs(measured.profiledMs)}, a
        plain one {formatMs(measured.plainMs)} (median of {measured.runs}).
        {measured.unattributedMs > 0 && ` ${formatMs(measured.unattributedMs)} of it belongs to no single op (the runtime's own overhead around them).`}
      </p>
      <p>How: {measured.method}</p>
      <p>Colour: share of the measured total, pale (none) to deep red (25 % or more). ≈ marks ops the runtime timed as one, each shown with an even share.</p>
      {measured.notes.map((n) => <p key={n} className="text-amber-800 dark:text-amber-300">{n}</p>)}
    </div>
  );
}
