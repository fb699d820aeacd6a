'use client';

// Runs a catalogue model in this browser: pick a graph, engine and backend
// (auto by default), feed a bundled sample or an uploaded image, and see what
// ran, how fast, and a summary of every output. Inference happens in a Web
// Worker (lib/engines). The last result is also exposed for tests on
// window.__edgezooLastRun and as data-* attributes on the panel.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { EngineClient } from '@/lib/engines/client';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import { imageToTensor } from '@/lib/engines/preprocess';
import { saveMeasurement } from '@/lib/engines/measured';
import { checksum, median, summarise, type TensorSummary } from '@/lib/engines/tensor';
import { ENGINE_BACKENDS, ENGINE_NAMES, ENGINES_FOR_FORMAT, type BackendRequest, type EngineId, type EngineInfo, type EngineTensor } from '@/lib/engines/types';
import { decodeImage, feedPixels, fetchImage, ImageDecodeError } from './decode-image';
import type { DemoGraph, DemoModel } from './demo-model';
import { unsupportedReason } from './demo-model';
import { OutputTable } from './output-table';

/** Inferences per click; the timing shown is the median of the last TIMING_WINDOW. */
const REPEATS = 3;
const TIMING_WINDOW = 10;

export interface LastRun {
  model: string;
  graph: string;
  engine: EngineId;
  backend: string;
  note: string;
  inputs: { name: string; shape: number[]; dtype: string; checksum: string; data: EngineTensor['data'] }[];
  outputs: (TensorSummary & { data: EngineTensor['data'] })[];
  ms: number[];
  medianMs: number;
}

declare global {
  interface Window {
    __edgezooLastRun?: LastRun;
  }
}

type Status = 'idle' | 'loading' | 'running' | 'done' | 'error';
type Source = { kind: 'sample'; url: string } | { kind: 'upload'; name: string };

function buildInputs(g: DemoGraph, bitmap: ImageBitmap | undefined): EngineTensor[] {
  return g.inputs.map((i): EngineTensor => {
    const feed = i.feed;
    if (feed?.kind === 'image') {
      if (!bitmap) throw new Error('no image chosen');
      return imageToTensor(feedPixels(bitmap, feed), feed, i.name);
    }
    if (feed?.kind === 'constant') {
      const n = feed.shape.reduce((a, b) => a * b, 1);
      if (feed.dtype === 'int64') return { name: i.name, shape: feed.shape, dtype: 'int64', data: new BigInt64Array(n).fill(BigInt(feed.value)) };
      if (feed.dtype === 'int32') return { name: i.name, shape: feed.shape, dtype: 'int32', data: new Int32Array(n).fill(feed.value) };
      return { name: i.name, shape: feed.shape, dtype: 'float32', data: new Float32Array(n).fill(feed.value) };
    }
    throw new Error(`input ${i.name} cannot be fed by the demo`);
  });
}

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
}

export function RunPanel({ model }: { model: DemoModel }) {
  const runnable = model.graphs.filter((g) => !unsupportedReason(g));
  const [graphId, setGraphId] = useState((runnable[0] ?? model.graphs[0]).id);
  const graph = model.graphs.find((g) => g.id === graphId) ?? model.graphs[0];
  const engines = ENGINES_FOR_FORMAT[graph.format];
  const [engine, setEngine] = useState<EngineId>(engines[0]);
  const [backend, setBackend] = useState<BackendRequest>('auto');
  const [source, setSource] = useState<Source | undefined>(model.samples[0] ? { kind: 'sample', url: model.samples[0] } : undefined);
  const [status, setStatus] = useState<Status>('idle');
  const [progress, setProgress] = useState<DownloadProgress>();
  const [info, setInfo] = useState<EngineInfo>();
  const [times, setTimes] = useState<number[]>([]);
  const [outputs, setOutputs] = useState<TensorSummary[]>([]);
  const [inputChecksum, setInputChecksum] = useState('');
  const [runCount, setRunCount] = useState(0);
  const [error, setError] = useState('');
  const [uploadError, setUploadError] = useState('');
  const [dragging, setDragging] = useState(false);

  const client = useRef<EngineClient | null>(null);
  const loadedKey = useRef('');
  // Timings of the current load; a ref so back-to-back runs never read a stale window.
  const timesRef = useRef<number[]>([]);
  // The engine info of the current load, readable in the same call that loaded it (state updates only after a render).
  const loadedInfo = useRef<EngineInfo | undefined>(undefined);
  const bitmap = useRef<ImageBitmap | undefined>(undefined);
  const bitmapOf = useRef('');

  useEffect(() => () => client.current?.terminate(), []);

  const reason = unsupportedReason(graph);
  const activeEngine = engines.includes(engine) ? engine : engines[0];

  const run = useCallback(async () => {
    setError('');
    try {
      if (!client.current) client.current = new EngineClient();
      const needsImage = graph.inputs.some((i) => i.feed?.kind === 'image');
      if (needsImage) {
        if (!source) throw new Error('choose a sample or upload an image first');
        if (source.kind === 'sample' && bitmapOf.current !== source.url) {
          bitmap.current = await fetchImage(source.url);
          bitmapOf.current = source.url;
        }
      }
      const inputs = buildInputs(graph, bitmap.current);
      const key = `${graph.id}|${activeEngine}|${backend}`;
      if (loadedKey.current !== key) {
        setStatus('loading');
        setInfo(undefined);
        timesRef.current = [];
        loadedKey.current = '';
        const loaded = await client.current.load(
          { engine: activeEngine, backend, format: graph.format, entry: graph.entry, files: graph.files, inputShapes: graph.inputShapes },
          setProgress,
        );
        loadedKey.current = key;
        loadedInfo.current = loaded;
        setInfo(loaded);
      }
      setStatus('running');
      const result = await client.current.run(inputs, REPEATS);
      const summaries = result.outputs.map((o) => summarise(o));
      const window10 = [...timesRef.current, ...result.ms].slice(-TIMING_WINDOW);
      timesRef.current = window10;
      setTimes(window10);
      setOutputs(summaries);
      const inputSums = inputs.map((t) => checksum(t.data));
      setInputChecksum(inputSums.join(','));
      const current = loadedInfo.current;
      window.__edgezooLastRun = {
        model: model.key,
        graph: graph.id,
        engine: activeEngine,
        backend: current?.backend ?? '',
        note: current?.note ?? '',
        inputs: inputs.map((t, i) => ({ name: t.name, shape: t.shape, dtype: t.dtype, checksum: inputSums[i], data: t.data })),
        outputs: summaries.map((s, i) => ({ ...s, data: result.outputs[i].data })),
        ms: result.ms,
        medianMs: median(window10),
      };
      saveMeasurement(model.key, {
        medianMs: median(window10),
        runs: window10.length,
        engine: activeEngine,
        backend: current?.backend ?? '',
        graph: graph.id,
        at: new Date().toISOString(),
      });
      setRunCount((n) => n + 1);
      setStatus('done');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setStatus('error');
    }
  }, [graph, activeEngine, backend, source, model.key]);

  const acceptFile = useCallback(async (file: File | undefined) => {
    if (!file) return;
    setUploadError('');
    try {
      const decoded = await decodeImage(file, `“${file.name}”`);
      bitmap.current = decoded;
      bitmapOf.current = `upload:${file.name}`;
      setSource({ kind: 'upload', name: file.name });
    } catch (err) {
      setUploadError(err instanceof ImageDecodeError ? err.message : `“${file.name}” could not be opened: ${String(err)}`);
    }
  }, []);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    void acceptFile(e.dataTransfer.files[0]);
  };

  const busy = status === 'loading' || status === 'running';
  const select = 'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900';

  return (
    <section
      aria-labelledby="run-panel-title"
      className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
      data-testid="run-panel"
      data-status={status}
      data-run-count={runCount}
      data-engine={info?.engine ?? ''}
      data-backend={info?.backend ?? ''}
      data-input-checksum={inputChecksum}
      data-output-checksums={outputs.map((o) => `${o.name}=${o.checksum}`).join(';')}
    >
      <h2 id="run-panel-title" className="text-xl font-semibold">Try it in the browser</h2>

      <div className="flex flex-wrap items-end gap-4 text-sm">
        {model.graphs.length > 1 && (
          <label className="flex flex-col gap-1">
            Graph
            <select className={select} value={graph.id} disabled={busy} onChange={(e) => { setGraphId(e.target.value); setEngine(ENGINES_FOR_FORMAT[model.graphs.find((g) => g.id === e.target.value)?.format ?? 'tfjs'][0]); setBackend('auto'); }}>
              {model.graphs.map((g) => <option key={g.id} value={g.id}>{g.id} ({g.format})</option>)}
            </select>
          </label>
        )}
        <label className="flex flex-col gap-1">
          Engine
          <select className={select} value={activeEngine} disabled={busy} onChange={(e) => { setEngine(e.target.value as EngineId); setBackend('auto'); }}>
            {engines.map((id) => <option key={id} value={id}>{ENGINE_NAMES[id]}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Backend
          <select className={select} value={backend} disabled={busy} onChange={(e) => setBackend(e.target.value as BackendRequest)}>
            {ENGINE_BACKENDS[activeEngine].map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        {model.samples.length > 0 && (
          <label className="flex flex-col gap-1">
            Sample image
            <select className={select} value={source?.kind === 'sample' ? source.url : ''} disabled={busy} onChange={(e) => setSource({ kind: 'sample', url: e.target.value })}>
              {source?.kind === 'upload' && <option value="">{source.name} (uploaded)</option>}
              {model.samples.map((s) => <option key={s} value={s}>{s.slice(s.lastIndexOf('/') + 1)}</option>)}
            </select>
          </label>
        )}
        <button type="button" onClick={() => void run()} disabled={busy || !!reason} className="rounded bg-blue-700 px-4 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-50">
          {status === 'loading' ? 'Loading…' : status === 'running' ? 'Running…' : 'Run'}
        </button>
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
          <input type="file" accept="image/*" className="sr-only" data-testid="image-upload" onChange={(e) => void acceptFile(e.target.files?.[0])} />
        </label>
        {source && <span className="ml-2 text-slate-600 dark:text-slate-400">Using: {source.kind === 'sample' ? source.url.slice(source.url.lastIndexOf('/') + 1) : `${source.name} (uploaded)`}</span>}
      </div>
      {uploadError && <p role="alert" data-testid="upload-error" className="text-sm text-red-700 dark:text-red-400">{uploadError}</p>}

      {progress && progress.total > 0 && (status === 'loading' || progress.loaded < progress.total) && (
        <div className="text-sm">
          <progress max={progress.total} value={progress.loaded} className="w-64 align-middle" aria-label="Model download" />{' '}
          {formatMB(progress.loaded)} / {formatMB(progress.total)}
          {progress.fromCache > 0 && ` (${formatMB(progress.fromCache)} from this browser's cache)`}
        </div>
      )}

      {info && (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" data-testid="engine-info">
          <dt className="font-medium">Engine</dt>
          <dd>{ENGINE_NAMES[info.engine]}</dd>
          <dt className="font-medium">Backend used</dt>
          <dd data-testid="backend-used">{info.backend}</dd>
          <dt className="font-medium">Why</dt>
          <dd data-testid="backend-note">{info.note}</dd>
          <dt className="font-medium">Load</dt>
          <dd>{info.loadMs.toFixed(0)} ms</dd>
          {times.length > 0 && (
            <>
              <dt className="font-medium">Inference</dt>
              <dd data-testid="inference-ms">{median(times).toFixed(2)} ms (median of the last {times.length} runs)</dd>
            </>
          )}
        </dl>
      )}

      {error && <p role="alert" data-testid="run-error" className="text-sm text-red-700 dark:text-red-400">{error}</p>}

      {outputs.length > 0 && <OutputTable outputs={outputs} />}
    </section>
  );
}
