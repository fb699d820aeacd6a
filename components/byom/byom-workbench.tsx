'use client';

// Bring your own model: drop or pick a .tflite, .onnx or TF.js model; it is
// read in this browser only (size checked before reading), inspected,
// simulated on every target, converted to float32 and int8 .tflite and run.
// Every download comes with its sha256 and a recipe.json saying how it was
// made. Heavy work runs in workers (lib/inspect/byom).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { formatBytes, formatCount, formatShape, FORMAT_NAMES } from '@/lib/catalogue/format';
import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import { ByomClient, ByomError } from '@/lib/inspect/byom/client';
import { guessImageFeed } from '@/lib/inspect/byom/feed';
import { ModelPickError, planModelFiles, MAX_MODEL_BYTES, type ModelFilePlan } from '@/lib/inspect/byom/files';
import type { ByomFailure, ConvertedFile, FeedImage, ModelSummary, ProbeReport, QuantizedFile, TargetRow } from '@/lib/inspect/byom/protocol';
import { buildRecipe } from '@/lib/inspect/byom/recipe';
import { overlayFromProbe, type ErrorOverlay } from '@/lib/inspect/error-overlay';
import type { BytesSource } from '@/lib/inspect/protocol';
import { explainCustomOp } from '@/lib/inspect/unsupported';
import { InspectorFiles, type InspectableFile } from '@/components/inspector/inspector-files';
import { Section } from '@/components/section';
import { ConversionDiff } from './conversion-diff';
import { droppedFiles, pickedFiles, type NamedFile } from './pick-files';
import { QuantizePanel, type QuantizeArgs } from './quantize-panel';
import { ResultFile } from './result-file';
import { RunConverted } from './run-converted';
import { SimulationTable } from './simulation-table';


const button = 'rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-50';
const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

interface Loaded {
  plan: ModelFilePlan;
  files: Record<string, Uint8Array>;
  /** Increments on every (re)open, so panels with their own state start fresh. */
  generation: number;
}

/** "1,3,224,224" → dims; null when not all positive integers. */
function parseDims(text: string): number[] | null {
  const parts = text.split(',').map((s) => s.trim());
  const dims = parts.map(Number);
  return parts.length && dims.every((d) => Number.isInteger(d) && d > 0) ? dims : null;
}

function parseValues(text: string): number[] | null {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const values = parts.map(Number);
  return parts.length && values.every(Number.isFinite) ? values : null;
}

function failureText(f: ByomFailure): string {
  return f.code ? `${f.message} (${f.code})` : f.message;
}

export function ByomWorkbench({ samples }: { samples: string[] }) {
  const client = useRef<ByomClient | null>(null);
  const [dragging, setDragging] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [openError, setOpenError] = useState<ByomFailure | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [shapeText, setShapeText] = useState<Record<string, string>>({});
  const [valueText, setValueText] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<{ shapes: Record<string, number[]>; values: Record<string, number[]> }>({ shapes: {}, values: {} });
  const [targets, setTargets] = useState<TargetRow[] | null>(null);
  const [simError, setSimError] = useState<string | null>(null);
  const [fp32, setFp32] = useState<ConvertedFile | null>(null);
  const [fp32Error, setFp32Error] = useState<ByomFailure | null>(null);
  const [int8, setInt8] = useState<QuantizedFile | null>(null);
  const [int8Error, setInt8Error] = useState<ByomFailure | null>(null);
  const [int8Progress, setInt8Progress] = useState<{ done: number; total: number; phase: string } | null>(null);
  const [int8Args, setInt8Args] = useState<QuantizeArgs | null>(null);
  const [probe, setProbe] = useState<ProbeReport | null>(null);
  const [probeError, setProbeError] = useState<string | null>(null);
  const [probing, setProbing] = useState(false);
  const [feeds, setFeeds] = useState<Record<string, ImageFeed>>({});
  const [batchNote, setBatchNote] = useState<string | null>(null);

  useEffect(() => () => client.current?.terminate(), []);

  const reset = useCallback(() => {
    setSummary(null);
    setOpenError(null);
    setTargets(null);
    setSimError(null);
    setFp32(null);
    setFp32Error(null);
    setInt8(null);
    setInt8Error(null);
    setInt8Progress(null);
    setInt8Args(null);
    setProbe(null);
    setProbeError(null);
    setBatchNote(null);
  }, []);

  const open = useCallback(async (l: Loaded, shapes: Record<string, number[]>, values: Record<string, number[]>) => {
    // A fresh worker per model: the previous one's memory goes with it.
    client.current?.terminate();
    const c = new ByomClient();
    client.current = c;
    reset();
    setApplied({ shapes, values });
    setBusy('Reading the model…');
    try {
      let s = await c.open({ entry: l.plan.entry, format: l.plan.format, files: l.files, inputShapes: shapes, inputValues: values });
      // A dynamic batch and nothing else unknown (common in TF.js and ONNX exports): run it as batch 1, visibly and editably.
      const batchOnly = s.inputs.filter((i) => !shapes[i.name] && i.shape.length > 1 && i.shape[0] < 0 && i.shape.slice(1).every((d) => d > 0));
      if (batchOnly.length) {
        shapes = { ...shapes, ...Object.fromEntries(batchOnly.map((i) => [i.name, [1, ...i.shape.slice(1)]])) };
        setApplied({ shapes, values });
        setBatchNote(`Batch size fixed to 1 for ${batchOnly.map((i) => i.name).join(', ')} (the file leaves it open); change it below.`);
        s = await c.open({ entry: l.plan.entry, format: l.plan.format, files: l.files, inputShapes: shapes, inputValues: values });
      }
      setSummary(s);
      setShapeText((prev) => Object.fromEntries(s.inputs.map((i) => [i.name, prev[i.name] ?? i.shape.map((d) => (d < 0 ? '' : String(d))).join(',')])));
      const next: Record<string, ImageFeed> = {};
      for (const i of s.inputs) {
        const g = guessImageFeed(i);
        if ('feed' in g) next[i.name] = g.feed;
      }
      setFeeds(next);
      setBusy('Simulating every target…');
      try {
        setTargets(await c.simulate());
      } catch (err) {
        setSimError((err as Error).message);
      }
    } catch (err) {
      setOpenError(err instanceof ByomError ? err.failure : { message: (err as Error).message });
    } finally {
      setBusy(null);
    }
  }, [reset]);

  const accept = useCallback(async (named: NamedFile[]) => {
    setPickError(null);
    setLoaded(null);
    reset();
    let plan: ModelFilePlan;
    try {
      plan = planModelFiles(named.map((n) => ({ path: n.path, size: n.file.size })));
    } catch (err) {
      setPickError(err instanceof ModelPickError ? err.message : String(err));
      return;
    }
    setBusy('Reading the files…');
    const files: Record<string, Uint8Array> = {};
    try {
      for (const f of plan.files) files[f.path] = new Uint8Array(await named[f.index].file.arrayBuffer());
    } catch (err) {
      setBusy(null);
      setPickError(`The files could not be read: ${(err as Error).message}`);
      return;
    }
    const l: Loaded = { plan, files, generation: Date.now() };
    setLoaded(l);
    setShapeText({});
    setValueText({});
    await open(l, {}, {});
  }, [open, reset]);

  const onDrop = async (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    await accept(await droppedFiles(e.dataTransfer));
  };

  const applyInputs = async () => {
    if (!loaded || !summary) return;
    const shapes: Record<string, number[]> = {};
    const values: Record<string, number[]> = {};
    for (const i of summary.inputs) {
      const text = (shapeText[i.name] ?? '').trim();
      const original = i.shape.map((d) => (d < 0 ? '' : String(d))).join(',');
      if (text && text !== original) {
        const dims = parseDims(text);
        if (!dims) {
          setPickError(`Input shape of ${i.name} must be positive whole numbers separated by commas, e.g. 1,3,224,224 (got "${text}").`);
          return;
        }
        shapes[i.name] = dims;
      }
    }
    for (const [name, text] of Object.entries(valueText)) {
      if (!text.trim()) continue;
      const v = parseValues(text);
      if (!v) {
        setPickError(`Frozen value of ${name} must be numbers separated by commas (got "${text}").`);
        return;
      }
      values[name] = v;
    }
    setPickError(null);
    // Keep shapes and values already applied to inputs that a freeze has since removed.
    await open({ ...loaded, generation: Date.now() }, { ...applied.shapes, ...shapes }, { ...applied.values, ...values });
  };

  const base = loaded ? loaded.plan.entry.replace(/\.(tflite|onnx|json)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'model' : 'model';

  const convert = async () => {
    const c = client.current;
    if (!c) return;
    setBusy('Converting to TFLite float32…');
    setFp32Error(null);
    try {
      setFp32(await c.convert(`${base}-fp32.tflite`));
    } catch (err) {
      setFp32Error(err instanceof ByomError ? err.failure : { message: (err as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const quantize = async (args: QuantizeArgs) => {
    const c = client.current;
    if (!c) return;
    setInt8Error(null);
    setInt8(null);
    setProbe(null);
    setProbeError(null);
    setInt8Progress({ done: 0, total: args.images.length, phase: 'starting' });
    try {
      const r = await c.quantize(`${base}-int8.tflite`, args, (done, total, phase) => setInt8Progress({ done, total, phase }));
      setInt8(r);
      setInt8Args(args);
      setProbe(r.probe);
      setProbeError(r.probeError);
    } catch (err) {
      setInt8Error(err instanceof ByomError ? err.failure : { message: (err as Error).message });
    } finally {
      setInt8Progress(null);
    }
  };

  /** The int8 explorer on another image (the worker keeps the last int8 model). */
  const measure = async (image: FeedImage) => {
    const c = client.current;
    if (!c) return;
    setProbing(true);
    setProbeError(null);
    try {
      setProbe(await c.probe(image));
    } catch (err) {
      setProbeError(err instanceof ByomError ? err.failure.message : (err as Error).message);
    } finally {
      setProbing(false);
    }
  };

  const recipe = useMemo(() => {
    if (!summary || !loaded || (!fp32 && !int8)) return null;
    const r = buildRecipe({
      source: { format: summary.format, entry: loaded.plan.entry, files: summary.files },
      inputShapes: applied.shapes,
      inputValues: applied.values,
      ...(fp32 ? { fp32: { path: fp32.path, bytes: fp32.bytes, sha256: fp32.sha256 } } : {}),
      ...(int8 && int8Args
        ? {
            int8: {
              path: int8.path, bytes: int8.bytes, sha256: int8.sha256,
              inputType: int8Args.inputType, outputType: int8Args.outputType, observer: int8Args.observer, feeds: int8Args.feeds,
              calibration: int8Args.images.map((i) => ({ path: i.name, bytes: i.bytes, sha256: i.sha256 })),
            },
          }
        : {}),
    });
    return new TextEncoder().encode(`${JSON.stringify(r, null, 2)}\n`);
  }, [summary, loaded, fp32, int8, int8Args, applied]);
  const [recipeHash, setRecipeHash] = useState('');
  useEffect(() => {
    if (!recipe) return;
    let live = true;
    void crypto.subtle.digest('SHA-256', recipe as Uint8Array<ArrayBuffer>).then((d) => {
      if (live) setRecipeHash(Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join(''));
    });
    return () => {
      live = false;
    };
  }, [recipe]);

  const inspectSource: BytesSource | null = useMemo(
    () => (loaded && summary ? { kind: 'bytes', entry: loaded.plan.entry, format: loaded.plan.format, files: loaded.files, inputShapes: applied.shapes, inputValues: applied.values } : null),
    [loaded, summary, applied],
  );

  // Keyed by the float model's tensor ids: the inspector shows the same import of the same files.
  const errorOverlay: ErrorOverlay | null = useMemo(() => (int8 && probe ? overlayFromProbe(`on ${probe.image}`, probe.layers, 'id') : null), [int8, probe]);

  // The source and the .tflite files converted from it (the TFLite runtime profiles those as they are).
  const inspectFiles: InspectableFile[] = useMemo(
    () => (inspectSource && loaded
      ? [
        { id: 'source', label: `${loaded.plan.entry} (as brought)`, source: inspectSource, errors: errorOverlay },
        ...[fp32, int8].flatMap((f) => (f ? [{ id: f.path, label: `${f.path} (converted)`, source: { kind: 'bytes' as const, entry: f.path, format: 'tflite' as const, files: { [f.path]: f.data } } }] : [])),
      ]
      : []),
    [inspectSource, loaded, errorOverlay, fp32, int8],
  );

  const dynamic = summary?.inputs.filter((i) => i.shape.some((d) => d < 0)) ?? [];
  const notImages = summary ? summary.inputs.flatMap((i) => {
    const g = guessImageFeed(i);
    return 'reason' in g ? [g.reason] : [];
  }) : [];

  return (
    <div className="space-y-10" data-testid="byom" data-busy={busy ? 'true' : 'false'}>
      <div className="space-y-3">
        <div
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => void onDrop(e)}
          className={`rounded-lg border-2 border-dashed p-6 text-center ${dragging ? 'border-brand-600 bg-brand-50 dark:bg-slate-800' : 'border-slate-300 dark:border-slate-700'}`}
          data-testid="drop-zone"
        >
          <p className="font-medium">Drop a .tflite, a .onnx, or a TF.js model.json with its .bin shards (or their folder) here</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">Up to {formatBytes(MAX_MODEL_BYTES)}. The files are read in this browser and never uploaded.</p>
          <div className="mt-3 flex flex-wrap justify-center gap-4 text-sm">
            <label className="flex flex-col items-center">
              <span>Choose files</span>
              <input type="file" multiple accept=".tflite,.onnx,.json,.bin" onChange={(e) => e.target.files && void accept(pickedFiles(e.target.files))} data-testid="pick-files" />
            </label>
            <label className="flex flex-col items-center">
              <span>Choose a folder</span>
              <input type="file" multiple {...{ webkitdirectory: '' }} onChange={(e) => e.target.files && void accept(pickedFiles(e.target.files))} data-testid="pick-folder" />
            </label>
          </div>
        </div>
        {busy && <p role="status" className="text-sm" data-testid="byom-busy">{busy}</p>}
        {pickError && <p role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="pick-error">{pickError}</p>}
        {openError && (
          <div role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="open-error" data-code={openError.code}>
            <p>This file could not be read as a model: {failureText(openError)}</p>
          </div>
        )}
      </div>

      {summary && loaded && (
        <>
          <Section id="byom-model" title="Your model">
            <div className="space-y-3" data-testid="byom-summary" data-format={summary.format} data-op-count={summary.opCount} data-params={summary.params} data-macs={summary.macs ?? 'unknown'}>
              <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
                <dt className="font-medium text-slate-600 dark:text-slate-400">Files</dt>
                <dd>
                  {summary.files.map((f) => (
                    <span key={f.path} className="block"><code>{f.path}</code> {formatBytes(f.bytes)} <span className="font-mono text-xs break-all">sha256 {f.sha256}</span></span>
                  ))}
                  {loaded.plan.ignored.length > 0 && <span className="block text-xs">Not part of the model, ignored: {loaded.plan.ignored.join(', ')}</span>}
                </dd>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Format</dt>
                <dd>{FORMAT_NAMES[summary.format]}</dd>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Inputs</dt>
                <dd>{summary.inputs.map((i) => `${i.name} ${formatShape(i.shape)} ${i.dtype}`).join('; ')}</dd>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Outputs</dt>
                <dd>{summary.outputs.map((o) => `${o.name} ${formatShape(o.shape)} ${o.dtype}`).join('; ')}</dd>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Size</dt>
                <dd>{summary.opCount} ops, {formatCount(summary.params)} parameters, {formatCount(summary.macs)} MACs</dd>
              </dl>
              {summary.customOps.length > 0 && (
                <div role="note" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" data-testid="byom-unsupported">
                  <p className="font-semibold">Ops EdgeZoo keeps opaque (no equivalent in its graph IR):</p>
                  <ul className="list-disc pl-6">
                    {summary.customOps.map((c) => {
                      const x = explainCustomOp(c);
                      return (
                        <li key={`${c.source}:${c.code}`} data-op={c.code}>
                          <strong>{x.op}</strong> ×{c.count}. Converting to TFLite: {x.tflite}. Needed: {x.needed}.
                        </li>
                      );
                    })}
                  </ul>
                </div>
              )}
              <fieldset className="space-y-2 text-sm" data-testid="input-settings">
                <legend className="font-semibold">Inputs</legend>
                {batchNote && <p data-testid="batch-note">{batchNote}</p>}
                {dynamic.length > 0 && <p>Some input dims are unknown (blank below). Set them to convert the model and estimate its cost.</p>}
                {summary.inputs.map((i) => (
                  <div key={i.name} className="flex flex-wrap items-end gap-3">
                    <label className="flex flex-col">
                      <span>Shape of <code>{i.name}</code>{i.relaidOut ? ' (NCHW, as in the file)' : ''}</span>
                      <input className={control} value={shapeText[i.name] ?? ''} onChange={(e) => setShapeText((s) => ({ ...s, [i.name]: e.target.value }))} />
                    </label>
                    <label className="flex flex-col">
                      <span>Freeze <code>{i.name}</code> to values (optional)</span>
                      <input className={control} value={valueText[i.name] ?? ''} onChange={(e) => setValueText((s) => ({ ...s, [i.name]: e.target.value }))} placeholder="e.g. 16000" />
                    </label>
                  </div>
                ))}
                {Object.keys(applied.values).length > 0 && <p>Frozen: {Object.entries(applied.values).map(([k, v]) => `${k} = ${v.join(', ')}`).join('; ')}</p>}
                <button type="button" className={button} onClick={() => void applyInputs()} disabled={!!busy}>Apply input settings</button>
              </fieldset>
            </div>
          </Section>

          <Section id="byom-inspect" title="Inspect">
            {inspectSource && (
              <InspectorFiles key={loaded.generation} label={`Graph of ${loaded.plan.entry}`} fileBase={base} files={inspectFiles} />
            )}
          </Section>

          <Section id="byom-targets" title="Simulated on every target">
            {targets ? <SimulationTable rows={targets} /> : simError ? <p role="alert" className="text-sm">Simulation failed: {simError}</p> : <p role="status" className="text-sm">Simulating…</p>}
          </Section>

          <Section id="byom-convert" title="Convert to TFLite float32">
            <div className="space-y-2" data-testid="fp32-panel">
              <p className="text-sm">The same conversion as <code>npx zoo convert</code>: import, infer shapes, lower custom ops with a builtin equivalent, write a float32 .tflite (NHWC).</p>
              <button type="button" className={button} onClick={() => void convert()} disabled={!!busy}>Convert to float32 .tflite</button>
              {fp32Error && <p role="alert" className="text-sm text-red-800 dark:text-red-200" data-testid="fp32-error" data-code={fp32Error.code}>Conversion failed: {failureText(fp32Error)}</p>}
              {fp32 && <ResultFile name={fp32.path} data={fp32.data} sha256={fp32.sha256} type="application/octet-stream" testId="fp32-file" />}
            </div>
          </Section>

          <Section id="byom-quantize" title="Quantize to int8">
            <QuantizePanel
              key={loaded.generation}
              summary={summary}
              feeds={feeds}
              notImages={notImages}
              onFeedChange={(name, feed) => setFeeds((f) => ({ ...f, [name]: feed }))}
              samples={samples}
              busy={int8Progress !== null}
              progress={int8Progress}
              result={int8}
              failure={int8Error}
              onQuantize={(a) => void quantize(a)}
              onError={(m) => setInt8Error({ message: m })}
              quantizedWith={int8 ? int8Args : null}
              probe={probe}
              probeError={probeError}
              probing={probing}
              onProbe={(image) => void measure(image)}
            />
          </Section>

          {(fp32 || int8) && (
            <Section id="byom-diff" title="Source → float32 → int8">
              <ConversionDiff source={summary} fp32={fp32} int8={int8} />
            </Section>
          )}

          {(fp32 || int8) && (
            <Section id="byom-run" title="Run the converted model">
              <RunConverted key={`${fp32?.sha256}-${int8?.sha256}`} files={[fp32, int8].filter((f): f is ConvertedFile => f !== null)} feeds={int8Args?.feeds ?? feeds} relaid={new Set(summary.inputs.filter((i) => i.relaidOut).map((i) => i.name))} samples={samples} />
            </Section>
          )}

          {recipe && (
            <Section id="byom-recipe" title="Recipe">
              <p className="text-sm">How the downloads were made: source files and outputs with their sha256, the steps, and the <code>npx zoo</code> command that writes the float32 file again.</p>
              <ResultFile name={`${base}-recipe.json`} data={recipe} sha256={recipeHash} type="application/json" testId="recipe-file" />
            </Section>
          )}
        </>
      )}
    </div>
  );
}
