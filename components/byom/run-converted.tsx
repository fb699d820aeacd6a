'use client';

// Runs a converted file in this browser with the site's engines (official
// TFLite web runtime or EdgeZoo's executor) and shows every output as raw
// numbers: shape, range, mean and largest values. Image inputs get a sample
// through the same feed as calibration; other inputs are fed zeros (said so).

import { useEffect, useRef, useState } from 'react';
import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import { imageToTensor } from '@/lib/engines/preprocess';
import { summarise, type TensorSummary } from '@/lib/engines/tensor';
import type { EngineInfo, EngineTensor } from '@/lib/engines/types';
import { RunClient } from '@/lib/inspect/byom/client';
import { irLayout } from '@/lib/inspect/byom/feed';
import type { ConvertedFile } from '@/lib/inspect/byom/protocol';
import type { RunEngine } from '@/lib/inspect/byom/run-worker';
import { fetchImage } from '@/components/demo/decode-image';
import { feedPixels } from '@/lib/engines/frame';
import { OutputTable } from '@/components/demo/output-table';

const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

function inputTensor(io: ConvertedFile['inputs'][number], feed: ImageFeed | undefined, relaid: boolean, bitmap: ImageBitmap | undefined): { tensor: EngineTensor; note: string } {
  // A dynamic (batch) dim runs as 1.
  const shape = io.shape.map((d) => Math.max(d, 1));
  const n = shape.reduce((a, d) => a * d, 1);
  if (feed && bitmap) {
    // The converted file is NHWC where the importer relaid an NCHW (ONNX) input, else laid out as the source.
    const real = imageToTensor(feedPixels(bitmap, feed), { ...feed, layout: irLayout(feed, relaid) }, io.name);
    if ((io.dtype === 'int8' || io.dtype === 'uint8') && io.quant) {
      const [lo, hi] = io.dtype === 'int8' ? [-128, 127] : [0, 255];
      const { scale, zeroPoint } = io.quant;
      const q = Array.from(real.data as Float32Array, (v) => Math.min(hi, Math.max(lo, Math.round(v / scale) + zeroPoint)));
      return { tensor: { name: io.name, shape, dtype: io.dtype, data: io.dtype === 'int8' ? Int8Array.from(q) : Uint8Array.from(q) }, note: `${io.name}: the image, quantized with scale ${scale.toPrecision(3)}, zero point ${zeroPoint}` };
    }
    return { tensor: { ...real, shape }, note: `${io.name}: the image through its feed` };
  }
  const data = io.dtype === 'int32' ? new Int32Array(n) : io.dtype === 'int8' ? new Int8Array(n) : io.dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  const dtype: EngineTensor['dtype'] = io.dtype === 'int32' || io.dtype === 'int8' || io.dtype === 'uint8' ? io.dtype : 'float32';
  return { tensor: { name: io.name, shape, dtype, data }, note: `${io.name}: zeros (not an image input)` };
}

export function RunConverted({ files, feeds, relaid, samples }: { files: ConvertedFile[]; feeds: Record<string, ImageFeed>; relaid: ReadonlySet<string>; samples: string[] }) {
  const [which, setWhich] = useState(files[0]?.path ?? '');
  const [engine, setEngine] = useState<RunEngine>('tflite');
  const [sample, setSample] = useState(samples[0] ?? '');
  const [status, setStatus] = useState<'idle' | 'running' | 'done' | 'error'>('idle');
  const [error, setError] = useState('');
  const [info, setInfo] = useState<EngineInfo | null>(null);
  const [outputs, setOutputs] = useState<TensorSummary[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [ms, setMs] = useState(0);
  const client = useRef<RunClient | null>(null);
  const loaded = useRef('');
  useEffect(() => () => client.current?.terminate(), []);

  const file = files.find((f) => f.path === which) ?? files[0];
  if (!file) return null;

  const run = async () => {
    setStatus('running');
    setError('');
    try {
      client.current ??= new RunClient();
      const key = `${file.path}|${file.sha256}|${engine}`;
      if (loaded.current !== key) {
        loaded.current = '';
        setInfo(await client.current.load(engine, file.data));
        loaded.current = key;
      }
      const needsImage = file.inputs.some((i) => feeds[i.name]);
      const bitmap = needsImage && sample ? await fetchImage(sample) : undefined;
      const fed = file.inputs.map((io) => inputTensor(io, feeds[io.name], relaid.has(io.name), bitmap));
      bitmap?.close();
      const r = await client.current.run(fed.map((f) => f.tensor));
      setNotes(fed.map((f) => f.note));
      setOutputs(r.outputs.map((o) => summarise(o)));
      setMs(r.ms);
      setStatus('done');
    } catch (err) {
      setError((err as Error).message);
      setStatus('error');
    }
  };

  return (
    <div className="space-y-3" data-testid="byom-run" data-status={status}>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          <span>File</span>
          <select className={control} value={file.path} onChange={(e) => setWhich(e.target.value)}>
            {files.map((f) => <option key={f.path} value={f.path}>{f.path}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          <span>Engine</span>
          <select className={control} value={engine} onChange={(e) => setEngine(e.target.value as RunEngine)}>
            <option value="tflite">TFLite web runtime (official)</option>
            <option value="tfjs">EdgeZoo executor (TF.js, wasm)</option>
          </select>
        </label>
        {file.inputs.some((i) => feeds[i.name]) && (
          <label className="flex flex-col">
            <span>Image</span>
            <select className={control} value={sample} onChange={(e) => setSample(e.target.value)}>
              {samples.map((s) => <option key={s} value={s}>{s.slice(s.lastIndexOf('/') + 1)}</option>)}
            </select>
          </label>
        )}
        <button type="button" onClick={() => void run()} disabled={status === 'running'} className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-600 disabled:opacity-50">
          Run
        </button>
      </div>
      {status === 'running' && <p role="status" className="text-sm">Running…</p>}
      {error && <p role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="byom-run-error">The run failed: {error}</p>}
      {status === 'done' && (
        <div className="space-y-2">
          <p className="text-sm">
            {info ? `${info.backend}; ` : ''}one inference in {ms.toFixed(1)} ms. Inputs: {notes.join('; ')}.
          </p>
          <OutputTable outputs={outputs} />
        </div>
      )}
    </div>
  );
}
