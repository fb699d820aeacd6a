'use client';

import { useMemo } from 'react';
import { formatBytes } from '@/lib/catalogue/format';
import type { ConversionChain } from '@/lib/inspect/conversion-diff';
import type { ConvertedFile, ModelSummary } from '@/lib/inspect/byom/protocol';
import { ConversionMap } from '@/components/conversion-map';

/**
 * Source → float32 → int8 side by side: node by node (which source nodes
 * each step folded, fused, lowered, retyped or removed, and what it
 * inserted; click a node for its counterparts), then op types and counts in
 * each file, rows that differ marked.
 */
export function ConversionDiff({ source, fp32, int8 }: { source: ModelSummary; fp32: ConvertedFile | null; int8: ConvertedFile | null }) {
  const chains = useMemo(() => {
    const list: ConversionChain[] = [];
    if (fp32?.changes) list.push({ name: 'float32', steps: fp32.changes });
    if (int8?.changes) list.push({ name: 'int8', steps: int8.changes });
    return list;
  }, [fp32, int8]);
  return (
    <div className="space-y-6">
      {chains.length > 0 && <ConversionMap chains={chains} />}
      <OpTypeTable source={source} fp32={fp32} int8={int8} />
    </div>
  );
}

function OpTypeTable({ source, fp32, int8 }: { source: ModelSummary; fp32: ConvertedFile | null; int8: ConvertedFile | null }) {
  const columns: [string, Record<string, number>][] = [['Source', source.opHistogram]];
  if (fp32) columns.push(['float32 .tflite', fp32.opHistogram]);
  if (int8) columns.push(['int8 .tflite', int8.opHistogram]);
  const types = [...new Set(columns.flatMap(([, h]) => Object.keys(h)))].sort((a, b) => a.localeCompare(b));
  const total = (h: Record<string, number>) => Object.values(h).reduce((a, n) => a + n, 0);
  const sourceBytes = source.files.reduce((a, f) => a + f.bytes, 0);
  return (
    <table className="w-full text-sm" data-testid="conversion-diff">
      <caption className="sr-only">Op types in the source and in each converted file; changed rows are marked</caption>
      <thead>
        <tr className="border-b border-slate-300 text-left dark:border-slate-700">
          <th scope="col" className="px-2 py-1">Op type</th>
          {columns.map(([name]) => <th key={name} scope="col" className="px-2 py-1 text-right">{name}</th>)}
        </tr>
      </thead>
      <tbody>
        {types.map((t) => {
          const counts = columns.map(([, h]) => h[t] ?? 0);
          const changed = counts.some((n) => n !== counts[0]);
          return (
            <tr key={t} className={`border-b border-slate-100 dark:border-slate-900 ${changed ? 'bg-amber-50 dark:bg-amber-950' : ''}`} data-op-type={t} data-changed={changed || undefined}>
              <th scope="row" className="px-2 py-0.5 text-left font-normal">{t}{changed && <span className="sr-only"> (changed)</span>}</th>
              {counts.map((n, i) => <td key={i} className="px-2 py-0.5 text-right tabular-nums">{n || '–'}</td>)}
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr className="border-t border-slate-300 font-semibold dark:border-slate-700">
          <th scope="row" className="px-2 py-1 text-left">All ops</th>
          {columns.map(([name, h]) => <td key={name} className="px-2 py-1 text-right tabular-nums">{total(h)}</td>)}
        </tr>
        <tr>
          <th scope="row" className="px-2 py-1 text-left font-normal">File size</th>
          <td className="px-2 py-1 text-right">{formatBytes(sourceBytes)}</td>
          {fp32 && <td className="px-2 py-1 text-right">{formatBytes(fp32.bytes)}</td>}
          {int8 && <td className="px-2 py-1 text-right">{formatBytes(int8.bytes)}</td>}
        </tr>
      </tfoot>
    </table>
  );
}
