'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { formatBytes, formatCount, FORMAT_NAMES } from '@/lib/catalogue/format';
import {
  applyTableState,
  FACETS,
  facetOptions,
  parseTableState,
  serializeTableState,
  SIZE_BUCKETS,
  type Facet,
  type ModelRow,
  type SortKey,
  type TableState,
} from '@/lib/catalogue/table';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Model' },
  { key: 'inputShape', label: 'Input shape' },
  { key: 'params', label: 'Params', numeric: true },
  { key: 'macs', label: 'MACs', numeric: true },
  { key: 'fileBytes', label: 'File size', numeric: true },
  { key: 'precision', label: 'Precision' },
  { key: 'format', label: 'Source format' },
  { key: 'licence', label: 'Licence' },
];

const FACET_LABELS: Record<Facet, string> = { format: 'Source format', precision: 'Precision', size: 'File size', licence: 'Licence' };

function optionLabel(facet: Facet, value: string): string {
  if (facet === 'format') return FORMAT_NAMES[value] ?? value;
  if (facet === 'size') return SIZE_BUCKETS.find((b) => b.id === value)?.label ?? value;
  return value;
}

function cell(row: ModelRow, key: SortKey) {
  switch (key) {
    case 'name':
      return (
        <Link href={row.href} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
          {row.name}
        </Link>
      );
    case 'params':
      return formatCount(row.params);
    case 'macs':
      return formatCount(row.macs);
    case 'fileBytes':
      return formatBytes(row.fileBytes);
    case 'format':
      return FORMAT_NAMES[row.format] ?? row.format;
    default:
      return row[key];
  }
}

/** Renders the table for a given state; `onChange` is absent in the static (pre-hydration) render. */
export function ModelTableView({
  rows,
  query,
  onChange,
  targets,
}: {
  rows: ModelRow[];
  /** Targets for the "runs on" filter. */
  targets: { id: string; name: string }[];
  /** The URL's query string (without "?"). */
  query: string;
  onChange?: (next: TableState) => void;
}) {
  const state = parseTableState(new URLSearchParams(query));
  const shown = applyTableState([...rows], state);

  const toggleFilter = (facet: Facet, value: string) => {
    const current = state.filters[facet];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    onChange?.({ ...state, filters: { ...state.filters, [facet]: next } });
  };
  const sortBy = (key: SortKey) =>
    onChange?.({ ...state, sort: key, dir: state.sort === key && state.dir === 'asc' ? 'desc' : 'asc' });

  const setFits = (patch: Partial<NonNullable<TableState['fits']>> | null) => {
    const base = state.fits ?? { target: '', maxMs: null, variant: 'int8' as const };
    const next = patch === null ? null : { ...base, ...patch };
    onChange?.({ ...state, fits: next && next.target ? next : null });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
      <form aria-label="Filters" className="space-y-4" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="space-y-1 text-sm">
          <legend className="font-semibold">Runs on (simulated)</legend>
          <label className="block">
            <span className="sr-only">Target</span>
            <select
              value={state.fits?.target ?? ''}
              onChange={(e) => setFits(e.target.value ? { target: e.target.value } : null)}
              disabled={!onChange}
              aria-label="Target"
              className="w-full rounded border border-slate-300 bg-white px-1 py-1 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="">any target</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            under
            <input
              type="number"
              min={1}
              inputMode="numeric"
              value={state.fits?.maxMs ?? ''}
              onChange={(e) => setFits({ maxMs: e.target.value ? Number(e.target.value) : null })}
              disabled={!onChange || !state.fits}
              aria-label="Maximum latency in milliseconds"
              className="w-20 rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
            />
            ms
          </label>
          <label className="flex items-center gap-1">
            as
            <select
              value={state.fits?.variant ?? 'int8'}
              onChange={(e) => setFits({ variant: e.target.value === 'fp32' ? 'fp32' : 'int8' })}
              disabled={!onChange || !state.fits}
              aria-label="Variant"
              className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="int8">int8</option>
              <option value="fp32">fp32</option>
            </select>
          </label>
        </fieldset>
        {FACETS.map((facet) => (
          <fieldset key={facet}>
            <legend className="text-sm font-semibold">{FACET_LABELS[facet]}</legend>
            {facetOptions(rows, facet).map((o) => (
              <label key={o.value} className="mt-1 flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={facet}
                  value={o.value}
                  checked={state.filters[facet].includes(o.value)}
                  onChange={() => toggleFilter(facet, o.value)}
                  disabled={!onChange}
                />
                {optionLabel(facet, o.value)} <span className="text-slate-600 dark:text-slate-400">({o.count})</span>
              </label>
            ))}
          </fieldset>
        ))}
      </form>
      <div className="overflow-x-auto">
        <p role="status" className="mb-2 text-sm text-slate-600 dark:text-slate-400">
          Showing {shown.length} of {rows.length} models
        </p>
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Models of this task; column headers sort the table</caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              {COLUMNS.map((c) => {
                const active = state.sort === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                    className={`px-2 py-2 ${c.numeric ? 'text-right' : 'text-left'}`}
                  >
                    <button type="button" onClick={() => sortBy(c.key)} disabled={!onChange} className="font-semibold hover:underline">
                      {c.label}
                      <span aria-hidden="true">{active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-model={r.id} className="border-b border-slate-200 dark:border-slate-800">
                {COLUMNS.map((c) => (
                  <td key={c.key} className={`px-2 py-2 ${c.numeric ? 'whitespace-nowrap text-right tabular-nums' : ''}`}>
                    {cell(r, c.key)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The live table: its state is the URL's query string. */
export function ModelTable({ rows, targets }: { rows: ModelRow[]; targets: { id: string; name: string }[] }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const onChange = (next: TableState) => {
    const qs = serializeTableState(next);
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  return <ModelTableView rows={rows} targets={targets} query={params.toString()} onChange={onChange} />;
}
