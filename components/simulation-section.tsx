'use client';

import Link from 'next/link';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { readMeasurement, type BrowserMeasurement } from '@/lib/engines/measured';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '@/lib/catalogue/format';
import type { CompactLayer, LayerFile, ModelSimulation, VariantId } from '@/lib/catalogue/simulation';

export interface TargetLabel {
  id: string;
  name: string;
  runtime: string;
  npu: string | null;
  /** e.g. "±14 % median error (n=15)", or why there is none. */
  error: string;
}

// localStorage does not notify this tab of its own writes; the value is read when the page renders.
const noSubscription = () => () => {};
const readMeasurementJson = (modelKey: string) => {
  const m = readMeasurement(modelKey);
  return m ? JSON.stringify(m) : null;
};

function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

function LayerTable({ href, variant, target }: { href: string; variant: VariantId; target: string }) {
  const [file, setFile] = useState<LayerFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetch(href)
      .then((r) => (r.ok ? (r.json() as Promise<LayerFile>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((f) => live && setFile(f))
      .catch((e: Error) => live && setError(`Could not load the per-layer estimates: ${e.message}`));
    return () => {
      live = false;
    };
  }, [href]);
  if (error) return <p role="alert">{error}</p>;
  if (!file) return <p role="status">Loading per-layer estimates…</p>;
  const graphs = Object.entries(file[variant]?.[target] ?? {});
  return (
    <div className="space-y-4">
      {graphs.map(([graph, rows]) => {
        const total = rows.reduce((a, r) => a + r[3], 0);
        return (
          <div key={graph} className="max-h-96 overflow-auto">
            {graphs.length > 1 && <h4 className="font-semibold">{graph}</h4>}
            <table className="w-full text-xs" data-testid="layer-table">
              <caption className="sr-only">Per-layer estimate for {graph}</caption>
              <thead className="sticky top-0 bg-white dark:bg-slate-950">
                <tr className="border-b border-slate-300 dark:border-slate-700">
                  <th scope="col" className="px-1 py-1 text-left">#</th>
                  <th scope="col" className="px-1 py-1 text-left">Layer</th>
                  <th scope="col" className="px-1 py-1 text-left">Op</th>
                  <th scope="col" className="px-1 py-1 text-left">Runs on</th>
                  <th scope="col" className="px-1 py-1 text-right">Time</th>
                  <th scope="col" className="px-1 py-1 text-right">Share</th>
                  <th scope="col" className="px-1 py-1 text-left">Bound</th>
                  <th scope="col" className="px-1 py-1 text-right">Output</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r: CompactLayer, i) => (
                  <tr key={i} className="border-b border-slate-100 dark:border-slate-900">
                    <td className="px-1 tabular-nums">{i + 1}</td>
                    <td className="max-w-64 truncate px-1" title={r[0]}>{r[0]}</td>
                    <td className="px-1">{r[1]}</td>
                    <td className="px-1" title={r[6] || undefined}>{r[2] === 'cpu-fallback' ? `CPU (fallback: ${r[6]})` : r[2].toUpperCase()}</td>
                    <td className="px-1 text-right tabular-nums">{r[3] < 0.01 ? '<0.01' : r[3].toFixed(2)} ms</td>
                    <td className="px-1 text-right tabular-nums">{total ? ((100 * r[3]) / total).toFixed(1) : '0'} %</td>
                    <td className="px-1">{r[4]}</td>
                    <td className="px-1 text-right tabular-nums">{formatBytes(r[5])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}

/** Target comparison for one model: chart, table and on-demand per-layer rows. All figures are simulated. */
export function SimulationSection({
  simulation,
  targets,
  modelKey,
  assumptions,
}: {
  simulation: ModelSimulation;
  targets: TargetLabel[];
  modelKey: string;
  /** The cost model's assumptions in words, shown with the numbers. */
  assumptions: readonly string[];
}) {
  const measured = useSyncExternalStore(noSubscription, () => readMeasurementJson(modelKey), () => null);
  const browser = measured ? (JSON.parse(measured) as BrowserMeasurement) : null;
  const [variantId, setVariantId] = useState<VariantId>(simulation.variants.some((v) => v.id === 'int8') ? 'int8' : simulation.variants[0].id);
  const [layersFor, setLayersFor] = useState<string>('');
  const variant = simulation.variants.find((v) => v.id === variantId) ?? simulation.variants[0];
  const label = (id: string) => targets.find((t) => t.id === id);
  const data = variant.targets.map((e) => ({ name: label(e.targetId)?.name ?? e.targetId, ms: Number(e.latencyMs.toPrecision(3)), fits: e.fits }));
  // A log axis from just below the fastest to just above the slowest target, so every bar shows.
  const domain: [number, number] = [Math.min(...data.map((d) => d.ms)) / 2, Math.max(...data.map((d) => d.ms)) * 1.5];

  return (
    <div className="space-y-4">
      <p className="text-sm">
        <strong>Simulated, not measured.</strong> Estimates from EdgeZoo&apos;s target simulator for {variant.basis}. The
        error column is the simulator&apos;s own median error against published measurements on that target;{' '}
        <Link href="/about/simulator" className="underline">how the simulator works and how well it fits</Link>.
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer">Assumptions behind these estimates</summary>
        <ul className="mt-1 list-disc space-y-1 pl-6">
          {assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">Variant</legend>
        {simulation.variants.map((v) => (
          <label key={v.id} className="flex items-center gap-1">
            <input type="radio" name="sim-variant" value={v.id} checked={v.id === variantId} onChange={() => setVariantId(v.id)} />
            {v.id}
          </label>
        ))}
      </fieldset>
      <div className="h-80 w-full" role="img" aria-label={`Simulated ${variant.id} latency per target, log scale; the table below lists the same figures`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 24, right: 24 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" scale="log" domain={domain} allowDataOverflow unit=" ms" tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v) => [`${String(v)} ms`, 'latency']} />
            <Bar dataKey="ms" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.name} fill={d.fits ? '#047857' : '#b91c1c'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="sim-table">
          <caption className="sr-only">Simulated latency, memory and fit per target ({variant.id})</caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              <th scope="col" className="px-2 py-1 text-left">Target</th>
              <th scope="col" className="px-2 py-1 text-right">Latency</th>
              <th scope="col" className="px-2 py-1 text-left">NPU</th>
              <th scope="col" className="px-2 py-1 text-right">Peak RAM</th>
              <th scope="col" className="px-2 py-1 text-right">Flash</th>
              <th scope="col" className="px-2 py-1 text-left">Fits?</th>
              <th scope="col" className="px-2 py-1 text-left">Simulator error</th>
              <th scope="col" className="px-2 py-1 text-left">Layers</th>
            </tr>
          </thead>
          <tbody>
            {browser && (
              <tr data-target="browser" className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900">
                <td className="px-2 py-1">
                  This browser (measured)
                  <div className="text-xs text-slate-600 dark:text-slate-400">
                    {browser.engine} on {browser.backend}, graph {browser.graph}, median of {browser.runs} runs
                  </div>
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{formatMs(browser.medianMs)}</td>
                <td className="px-2 py-1 text-xs" colSpan={6}>
                  Measured by the <Link href={`/run/${modelKey}`} className="underline">in-browser demo</Link> on this device ({browser.at.slice(0, 10)}); the source model as downloaded.
                </td>
              </tr>
            )}
            {variant.targets.map((e) => {
              const t = label(e.targetId);
              return (
                <tr key={e.targetId} data-target={e.targetId} className="border-b border-slate-200 dark:border-slate-800">
                  <td className="px-2 py-1">
                    {t?.name ?? e.targetId}
                    <div className="text-xs text-slate-600 dark:text-slate-400">{t?.runtime}</div>
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatMs(e.latencyMs)}</td>
                  <td className="px-2 py-1 text-xs">
                    {!t?.npu
                      ? '—'
                      : e.npuOpShare === 0
                        ? 'no op runs on the NPU'
                        : `${Math.round(e.npuOpShare * 100)} % of ops${e.cpuOnlyMs !== null ? `; CPU only ${formatMs(e.cpuOnlyMs)}` : ''}${e.slowerOnNpu ? ' — slower on the NPU' : ''}`}
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {formatBytes(e.peakRamBytes)}
                    <div className="text-xs text-slate-600 dark:text-slate-400">{e.ramRegion}</div>
                  </td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {formatBytes(e.flashBytes)}
                    <div className="text-xs text-slate-600 dark:text-slate-400">{e.flashRegion}</div>
                  </td>
                  <td className="px-2 py-1">{e.fits ? `yes (${Math.round(e.marginPct)} % left)` : 'no'}</td>
                  <td className="px-2 py-1 text-xs">{t?.error}</td>
                  <td className="px-2 py-1">
                    <button
                      type="button"
                      className="text-xs underline"
                      aria-expanded={layersFor === e.targetId}
                      onClick={() => setLayersFor(layersFor === e.targetId ? '' : e.targetId)}
                    >
                      {layersFor === e.targetId ? 'Hide' : 'Per layer'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {layersFor && (
        <section aria-label={`Per-layer estimate on ${label(layersFor)?.name ?? layersFor}`} className="rounded border border-slate-200 p-3 dark:border-slate-800">
          <h3 className="mb-2 font-semibold">Per layer on {label(layersFor)?.name} ({variant.id})</h3>
          <LayerTable href={simulation.layersHref} variant={variant.id} target={layersFor} />
        </section>
      )}
    </div>
  );
}
