'use client';

// int8 quantization of the user's model: how images become inputs (one feed
// per image input), which images calibrate (bundled samples and/or the
// user's own), the quantizer's options, progress, and the result with its
// per-layer error on an image of the reader's choice (the int8 explorer).
// The work runs in the converter worker.

import { useState } from 'react';
import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import type { RgbaImage } from '@/lib/engines/preprocess';
import { NORMALISATIONS, type Normalisation } from '@/lib/inspect/byom/feed';
import { sha256Hex } from '@/lib/inspect/byom/hash';
import type { CalibrationImage, FeedImage, ModelSummary, ProbeReport, QuantizedFile } from '@/lib/inspect/byom/protocol';
import type { IoType, ObserverKind } from '@/lib/quantize';
import { decodeImageRgba, feedImage } from '@/lib/inspect/byom/pixels';
import { LayerErrorReport } from '@/components/inspector/layer-error-report';
import { ProbeImagePicker } from '@/components/inspector/probe-image-picker';
import { ResultFile } from './result-file';
import type { ByomFailure } from '@/lib/inspect/byom/protocol';

const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

export interface ImageSource {
  name: string;
  blob: () => Promise<Blob>;
}

/** Comma-separated numbers, or null when any is not a number. */
function parseList(text: string): number[] | null {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length || parts.length > 3) return null;
  const values = parts.map(Number);
  return values.every(Number.isFinite) ? values : null;
}

function FeedEditor({ name, feed, onChange }: { name: string; feed: ImageFeed; onChange: (f: ImageFeed) => void }) {
  const [scaleText, setScaleText] = useState(feed.scale.join(', '));
  const [offsetText, setOffsetText] = useState(feed.offset.join(', '));
  const grey = feed.colourOrder === 'grayscale';
  const preset = (Object.entries(NORMALISATIONS) as [Normalisation, (typeof NORMALISATIONS)[Normalisation]][]).find(
    ([, n]) => n.scale.join() === feed.scale.join() && n.offset.join() === feed.offset.join(),
  )?.[0];
  const setNumbers = (scale: string, offset: string) => {
    setScaleText(scale);
    setOffsetText(offset);
    const s = parseList(scale);
    const o = parseList(offset);
    if (s && o) onChange({ ...feed, scale: s, offset: o });
  };
  return (
    <fieldset className="space-y-2 rounded border border-slate-300 p-3 dark:border-slate-700" data-feed={name}>
      <legend className="px-1 text-sm font-semibold">
        Input <code>{name}</code>: {feed.size[0]}×{feed.size[1]} {grey ? 'greyscale' : 'colour'}, {feed.layout}, {feed.dtype}
      </legend>
      <div className="flex flex-wrap gap-3 text-sm">
        {!grey && (
          <label className="flex flex-col">
            <span>Channel order</span>
            <select className={control} value={feed.colourOrder} onChange={(e) => onChange({ ...feed, colourOrder: e.target.value as ImageFeed['colourOrder'] })}>
              <option value="RGB">RGB</option>
              <option value="BGR">BGR</option>
            </select>
          </label>
        )}
        <label className="flex flex-col">
          <span>Resize</span>
          <select className={control} value={feed.fit} onChange={(e) => onChange({ ...feed, fit: e.target.value as ImageFeed['fit'] })}>
            <option value="stretch">stretch to fit</option>
            <option value="letterbox">letterbox (keep aspect)</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span>Normalisation</span>
          <select
            className={control}
            value={preset ?? 'custom'}
            onChange={(e) => {
              const n = NORMALISATIONS[e.target.value as Normalisation];
              if (n) setNumbers(n.scale.join(', '), n.offset.join(', '));
            }}
          >
            {Object.entries(NORMALISATIONS).map(([k, n]) => <option key={k} value={k}>{n.label}</option>)}
            <option value="custom" disabled>custom</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span>Scale (per channel)</span>
          <input className={control} value={scaleText} onChange={(e) => setNumbers(e.target.value, offsetText)} aria-invalid={!parseList(scaleText)} />
        </label>
        <label className="flex flex-col">
          <span>Offset (per channel)</span>
          <input className={control} value={offsetText} onChange={(e) => setNumbers(scaleText, e.target.value)} aria-invalid={!parseList(offsetText)} />
        </label>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">value = pixel × scale + offset, per channel in the order above.</p>
    </fieldset>
  );
}

function Failure({ failure }: { failure: ByomFailure }) {
  if (failure.unsupported?.length) {
    return (
      <div role="alert" className="space-y-1 text-sm text-red-800 dark:text-red-200" data-testid="int8-error" data-code={failure.code}>
        <p>This model cannot be quantized to int8: these op types have no int8 path.</p>
        <ul className="list-disc pl-6">
          {failure.unsupported.map((u) => (
            <li key={u.type} data-op-type={u.type}>
              <strong>{u.type}</strong> ({u.ops.length} op{u.ops.length === 1 ? '' : 's'}, e.g. <code>{u.ops[0]}</code>): {u.reason}
            </li>
          ))}
        </ul>
        <p>Needed: an int8 kernel for each (TFLite&apos;s int8 spec), or a model that computes these parts outside the network (e.g. pre- or post-processing in code). The float32 file above still works.</p>
      </div>
    );
  }
  return <p role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="int8-error" data-code={failure.code}>Quantization failed: {failure.message}</p>;
}

/**
 * The int8 explorer: accumulated per-layer error of the int8 file just made,
 * on the first calibration image, then on whichever image the reader picks.
 */
function Int8Explorer(props: {
  feeds: Record<string, ImageFeed>;
  samples: string[];
  calibration: readonly FeedImage[];
  probe: ProbeReport | null;
  probeError: string | null;
  probing: boolean;
  onProbe: (image: FeedImage) => void;
}) {
  const { probe, probeError, probing } = props;
  return (
    <div className="space-y-2" data-testid="int8-explorer" data-busy={probing || undefined}>
      <h4 className="text-sm font-semibold">Per-layer int8 error</h4>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        The int8 file runs in the official TFLite runtime with every int8 activation as an extra output; each is dequantized and compared with the same tensor
        of the float model on the same image. The inspector above colours the graph with the same figures (overlay &ldquo;int8 error per layer&rdquo;).
      </p>
      <ProbeImagePicker feeds={props.feeds} samples={props.samples} prepared={props.calibration} busy={probing} onMeasure={props.onProbe} />
      {probing && <p role="status" className="text-sm" data-testid="probe-progress">Measuring every layer on the chosen image…</p>}
      {probeError && <p role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="probe-error">The per-layer measurement failed: {probeError}</p>}
      {probe && <LayerErrorReport report={probe} />}
    </div>
  );
}

export interface QuantizeArgs {
  images: CalibrationImage[];
  feeds: Record<string, ImageFeed>;
  observer: ObserverKind;
  inputType: IoType;
  outputType: IoType;
}

export function QuantizePanel(props: {
  summary: ModelSummary;
  feeds: Record<string, ImageFeed>;
  notImages: string[];
  onFeedChange: (name: string, feed: ImageFeed) => void;
  samples: string[];
  busy: boolean;
  progress: { done: number; total: number; phase: string } | null;
  result: QuantizedFile | null;
  failure: ByomFailure | null;
  onQuantize: (args: QuantizeArgs) => void;
  onError: (message: string) => void;
  /** The feeds and images the result was made with. */
  quantizedWith: QuantizeArgs | null;
  probe: ProbeReport | null;
  probeError: string | null;
  probing: boolean;
  onProbe: (image: FeedImage) => void;
}) {
  const { feeds, notImages, samples, busy, progress, result, failure } = props;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(samples));
  const [own, setOwn] = useState<File[]>([]);
  const [observer, setObserver] = useState<ObserverKind>('minmax');
  const [inputType, setInputType] = useState<IoType>('float32');
  const [outputType, setOutputType] = useState<IoType>('float32');
  const [preparing, setPreparing] = useState(false);

  const sources: ImageSource[] = [
    ...samples.filter((s) => chosen.has(s)).map((s) => ({ name: s.slice(s.lastIndexOf('/') + 1), blob: async () => {
      const r = await fetch(s);
      if (!r.ok) throw new Error(`sample ${s}: HTTP ${r.status}`);
      return r.blob();
    } })),
    ...own.map((f) => ({ name: f.name, blob: async () => f })),
  ];

  const start = async () => {
    setPreparing(true);
    try {
      const images: CalibrationImage[] = [];
      for (const src of sources) {
        const blob = await src.blob();
        // Decoded here, fitted by lib code (not a canvas), so `npx zoo quantize` can make the same pixels.
        const rgba = await decodeImageRgba(blob, src.name);
        const pixels: Record<string, RgbaImage> = {};
        for (const [name, feed] of Object.entries(feeds)) pixels[name] = feedImage(rgba, feed);
        images.push({ name: src.name, bytes: blob.size, sha256: await sha256Hex(new Uint8Array(await blob.arrayBuffer())), pixels });
      }
      props.onQuantize({ images, feeds, observer, inputType, outputType });
    } catch (err) {
      props.onError((err as Error).message);
    } finally {
      setPreparing(false);
    }
  };

  const canRun = notImages.length === 0 && Object.keys(feeds).length > 0 && sources.length > 0;
  return (
    <div className="space-y-3" data-testid="quantize-panel">
      {notImages.length > 0 ? (
        <p role="note" className="text-sm" data-testid="quantize-unavailable">
          Calibration here feeds images, and {notImages.length === 1 ? 'this input is' : 'these inputs are'} not images: {notImages.join('; ')}.
          The float32 conversion above is unaffected.
        </p>
      ) : (
        Object.entries(feeds).map(([name, feed]) => <FeedEditor key={name} name={name} feed={feed} onChange={(f) => props.onFeedChange(name, f)} />)
      )}
      <fieldset className="space-y-1 text-sm">
        <legend className="font-semibold">Calibration images</legend>
        <div className="flex flex-wrap gap-3">
          {samples.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={chosen.has(s)}
                onChange={(e) => setChosen((c) => {
                  const next = new Set(c);
                  if (e.target.checked) next.add(s);
                  else next.delete(s);
                  return next;
                })}
              />
              {s.slice(s.lastIndexOf('/') + 1)}
            </label>
          ))}
        </div>
        <label className="flex flex-col">
          <span>Your own images (read in this browser only)</span>
          <input type="file" accept="image/*" multiple onChange={(e) => setOwn(Array.from(e.target.files ?? []))} />
        </label>
        <p className="text-xs text-slate-600 dark:text-slate-400">{sources.length} image{sources.length === 1 ? '' : 's'}, each used once.</p>
      </fieldset>
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="flex flex-col">
          <span>Range observer</span>
          <select className={control} value={observer} onChange={(e) => setObserver(e.target.value as ObserverKind)}>
            <option value="minmax">min/max</option>
            <option value="percentile">percentile (99.99)</option>
            <option value="mse">least squared error</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span>Input type</span>
          <select className={control} value={inputType} onChange={(e) => setInputType(e.target.value as IoType)}>
            <option value="float32">float32 (quantized inside)</option>
            <option value="int8">int8</option>
            <option value="uint8">uint8</option>
          </select>
        </label>
        <label className="flex flex-col">
          <span>Output type</span>
          <select className={control} value={outputType} onChange={(e) => setOutputType(e.target.value as IoType)}>
            <option value="float32">float32 (dequantized inside)</option>
            <option value="int8">int8</option>
            <option value="uint8">uint8</option>
          </select>
        </label>
      </div>
      <button type="button" disabled={!canRun || busy || preparing} onClick={() => void start()} className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-50">
        Quantize to int8
      </button>
      {(busy || preparing) && (
        <div role="status" className="text-sm" data-testid="quantize-progress">
          {preparing ? 'Reading the calibration images…' : progress ? `${progress.phase}: ${progress.done} of ${progress.total}` : 'Working…'}
          {progress && !preparing && <progress className="ml-2 align-middle" max={progress.total} value={progress.done} />}
        </div>
      )}
      {failure && <Failure failure={failure} />}
      {result && (
        <div className="space-y-2" data-testid="int8-result">
          <ResultFile name={result.path} data={result.data} sha256={result.sha256} type="application/octet-stream" testId="int8-file" />
          <ul className="list-disc pl-6 text-xs">
            {result.notes.map((n) => <li key={n}>{n}</li>)}
            <li>{result.requantizeOps} requantize ops inserted; calibrated with EdgeZoo&apos;s executor ({result.backend}); {(result.ms / 1000).toFixed(1)} s.</li>
          </ul>
          {props.quantizedWith && (
            <Int8Explorer
              feeds={props.quantizedWith.feeds}
              samples={samples}
              calibration={props.quantizedWith.images}
              probe={props.probe}
              probeError={props.probeError}
              probing={props.probing}
              onProbe={props.onProbe}
            />
          )}
        </div>
      )}
    </div>
  );
}
