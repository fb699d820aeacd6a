'use client';

// The int8 explorer's result: per-layer error of the real int8 network on
// one image (lib/quantize/probe): SQNR along the graph as bars, then a table
// worst first (or in graph order) with cosine, the float values' range
// against the range the int8 grid holds, and the share clipped. The worst
// layers are marked in both.

import { useState } from 'react';
import { sqnrColour } from '@/lib/inspect/error-overlay';
import type { ProbeReport } from '@/lib/inspect/byom/protocol';
import type { LayerProbe } from '@/lib/quantize';
import { worstFirst } from '@/lib/quantize/probe-stats';

/** How many of the lowest-SQNR layers are marked as the worst. */
export const WORST_MARKED = 3;
const SHOWN = 12;

export function sqnrText(db: number): string {
  if (db === Infinity) return 'exact';
  if (db === -Infinity) return 'no signal';
  return `${db.toFixed(1)} dB`;
}

const num = (v: number): string => (Math.abs(v) >= 100 || (v !== 0 && Math.abs(v) < 0.01) ? v.toPrecision(3) : v.toFixed(2));

/** The float range drawn inside the range the int8 grid holds; red where it reaches past it (clipped). */
function RangeBar({ layer }: { layer: LayerProbe }) {
  const f = layer.floatRange;
  const r = layer.representable;
  if (!r || !Number.isFinite(f.min) || !Number.isFinite(f.max)) return null;
  const lo = Math.min(f.min, r.min);
  const hi = Math.max(f.max, r.max);
  const x = (v: number) => (hi > lo ? (80 * (v - lo)) / (hi - lo) : 0);
  return (
    <svg width="80" height="10" aria-hidden="true" className="inline-block align-middle">
      <rect x={x(r.min)} y="2" width={Math.max(1, x(r.max) - x(r.min))} height="6" fill="#cbd5e1" />
      <rect x={x(Math.max(f.min, r.min))} y="3" width={Math.max(1, x(Math.min(f.max, r.max)) - x(Math.max(f.min, r.min)))} height="4" fill="#2563eb" />
      {f.min < r.min && <rect x={x(f.min)} y="3" width={Math.max(1, x(r.min) - x(f.min))} height="4" fill="#dc2626" />}
      {f.max > r.max && <rect x={x(r.max)} y="3" width={Math.max(1, x(f.max) - x(r.max))} height="4" fill="#dc2626" />}
    </svg>
  );
}

/** One bar per compared tensor, in graph order, height = SQNR (0…60 dB). */
function SqnrAlongGraph({ layers, worst }: { layers: readonly LayerProbe[]; worst: ReadonlySet<string> }) {
  const w = 8;
  const h = 64;
  const height = (db: number) => (Number.isFinite(db) ? Math.max(1, Math.min(60, db)) : db > 0 ? 60 : 1) * (h / 60);
  return (
    <figure className="space-y-1">
      <svg
        viewBox={`0 0 ${layers.length * w} ${h}`}
        preserveAspectRatio="none"
        className="h-20 w-full rounded border border-slate-200 dark:border-slate-800"
        role="img"
        aria-label={`SQNR of ${layers.length} int8 activations in graph order, from ${sqnrText(layers[0]?.sqnrDb ?? NaN)} at the first to ${sqnrText(layers[layers.length - 1]?.sqnrDb ?? NaN)} at the last`}
        data-testid="sqnr-along-graph"
      >
        {layers.map((l, i) => (
          <rect key={l.tensor} x={i * w + 1} y={h - height(l.sqnrDb)} width={w - 2} height={height(l.sqnrDb)} fill={sqnrColour(l.sqnrDb)} stroke={worst.has(l.tensor) ? '#991b1b' : 'none'} strokeWidth={worst.has(l.tensor) ? 1.5 : 0}>
            <title>{`${l.name} (${l.producer}): ${sqnrText(l.sqnrDb)}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption className="text-xs text-slate-600 dark:text-slate-400">
        SQNR along the graph, input to output (bar height 0 to 60 dB, colour as in the inspector&apos;s overlay); the {WORST_MARKED} worst are outlined, leaving out ops that only move values (reshapes, transposes, slices), which repeat their input&apos;s figure.
      </figcaption>
    </figure>
  );
}

export function LayerErrorReport({ report }: { report: ProbeReport }) {
  const [order, setOrder] = useState<'worst' | 'graph'>('worst');
  const [all, setAll] = useState(false);
  const ranked = worstFirst(report.layers);
  // Ops that only move values repeat their input's figures: marking them would show one problem several times.
  const worstLayers = ranked.filter((l) => !l.movesOnly).slice(0, WORST_MARKED);
  const worst = new Set(worstLayers.map((l) => l.tensor));
  const rows = order === 'worst' ? ranked : report.layers;
  const shown = all ? rows : rows.slice(0, SHOWN);
  const outputs = report.layers.filter((l) => l.isOutput);
  if (!report.layers.length) return <p className="text-sm" data-testid="layer-errors-empty">No int8 activation of this model has a float twin to compare with.</p>;
  const td = 'px-1 py-0.5 align-top';
  return (
    <div className="space-y-2" data-testid="probe-report" data-image={report.image}>
      <p className="text-sm" data-testid="probe-summary">
        On <strong>{report.image}</strong>: {report.layers.length} int8 activations of the int8 model, run in the official TFLite runtime and dequantized,
        against the float model&apos;s (EdgeZoo&apos;s executor, {report.floatBackend}); {(report.ms / 1000).toFixed(1)} s.
        {outputs.length > 0 && <> Output{outputs.length > 1 ? 's' : ''}: {outputs.slice(0, 4).map((o) => `${o.name} ${sqnrText(o.sqnrDb)}`).join('; ')}{outputs.length > 4 ? `; ${outputs.length - 4} more in the table` : ''}.</>}
        {worstLayers[0] && <>{' '}Worst: <strong>{worstLayers[0].name}</strong> ({worstLayers[0].producer}, {sqnrText(worstLayers[0].sqnrDb)}).</>}
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Each figure is the error accumulated through every layer before it, not just the tensor&apos;s own rounding. SQNR: higher is better; below about
        20 dB deserves a look. Range: the float values (blue) inside the range the tensor&apos;s int8 grid holds (grey); red where they reach past it and clip.
      </p>
      <SqnrAlongGraph layers={report.layers} worst={worst} />
      <div className="flex gap-2 text-xs" role="group" aria-label="Row order">
        <button type="button" className="underline disabled:no-underline disabled:font-semibold" disabled={order === 'worst'} onClick={() => setOrder('worst')}>Worst first</button>
        <button type="button" className="underline disabled:no-underline disabled:font-semibold" disabled={order === 'graph'} onClick={() => setOrder('graph')}>Graph order</button>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-xs" data-testid="layer-errors">
          <caption className="sr-only">Per-layer int8 error on {report.image}, {order === 'worst' ? 'worst first' : 'in graph order'}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left dark:border-slate-700">
              <th scope="col" className={td}>#</th>
              <th scope="col" className={td}>Tensor</th>
              <th scope="col" className={td}>Made by</th>
              <th scope="col" className={`${td} text-right`}>SQNR</th>
              <th scope="col" className={`${td} text-right`}>Cosine</th>
              <th scope="col" className={`${td} text-right`}>Float range</th>
              <th scope="col" className={`${td} text-right`}>int8 range</th>
              <th scope="col" className={td}><span className="sr-only">Range drawn</span></th>
              <th scope="col" className={`${td} text-right`}>Clipped</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => {
              const isWorst = worst.has(l.tensor);
              return (
                <tr
                  key={l.tensor}
                  className={`border-b border-slate-100 dark:border-slate-900 ${isWorst ? 'bg-red-50 dark:bg-red-950' : ''}`}
                  data-worst={isWorst || undefined}
                  data-moves-only={l.movesOnly || undefined}
                  data-sqnr={Number.isFinite(l.sqnrDb) ? l.sqnrDb.toFixed(2) : String(l.sqnrDb)}
                >
                  <td className={`${td} tabular-nums`}>{l.position < 0 ? 'in' : l.position + 1}</td>
                  <td className={`${td} max-w-72 break-all`}>
                    {isWorst && <span className="mr-1 rounded bg-red-700 px-1 text-[10px] font-semibold text-white">worst</span>}
                    {l.name}
                    {l.isOutput && <span className="ml-1 whitespace-nowrap text-slate-500">(output)</span>}
                  </td>
                  <td className={td}>
                    {l.producer}
                    {l.movesOnly && <span className="ml-1 text-slate-500" title="Only moves values at its input's int8 grid: adds no error of its own">(copy)</span>}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>
                    <span aria-hidden="true" className="mr-1 inline-block h-2 w-2 rounded-full" style={{ background: sqnrColour(l.sqnrDb) }} />
                    {sqnrText(l.sqnrDb)}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{l.cosine.toFixed(4)}</td>
                  <td className={`${td} text-right tabular-nums`}>{num(l.floatRange.min)} … {num(l.floatRange.max)}</td>
                  <td className={`${td} text-right tabular-nums`}>{l.representable ? `${num(l.representable.min)} … ${num(l.representable.max)}` : 'float'}</td>
                  <td className={td}><RangeBar layer={l} /></td>
                  <td className={`${td} text-right tabular-nums ${l.clipped > 0 ? 'font-semibold text-red-800 dark:text-red-300' : ''}`}>
                    {l.representable ? `${(l.clipped * 100).toFixed(2)} %` : '–'}
                    {l.nonFinite > 0 && <span className="block font-normal text-slate-500">{l.nonFinite} non-finite float values left out</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN && (
        <button type="button" className="text-xs underline" onClick={() => setAll(!all)}>
          {all ? `Show the first ${SHOWN}` : `Show all ${rows.length}`}
        </button>
      )}
      {report.unmatched.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Not compared ({report.unmatched.length}): int8 tensors the quantizer made or renamed, with no float tensor of the same value to compare with: {report.unmatched.slice(0, 5).join(', ')}{report.unmatched.length > 5 ? ', …' : ''}.
        </p>
      )}
    </div>
  );
}
