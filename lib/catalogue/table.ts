import { formatShape } from './format';
import type { CatalogueModel } from './manifest';

// The task page's comparison table: rows, facets, sorting, and their
// encoding in the URL so that a link reproduces the exact view.

export interface ModelRow {
  id: string;
  name: string;
  href: string;
  inputShape: string;
  params: number;
  macs: number | null;
  fileBytes: number;
  precision: string;
  format: string;
  licence: string;
  /** Simulated latency and fit per "variant:target", for the "runs on" filter. */
  estimates: Record<string, { ms: number; fits: boolean }>;
}

export function toModelRow(m: CatalogueModel): ModelRow {
  const first = m.graphs[0].stats.inputs[0];
  return {
    id: m.id,
    name: m.name,
    href: `/${m.domain}/${m.task}/${m.id}`,
    inputShape: first ? formatShape(first.shape) : formatShape(m.input[0].shape),
    params: m.totals.params,
    macs: m.totals.macs,
    fileBytes: m.totals.fileBytes,
    precision: m.totals.precision,
    format: m.totals.sourceFormat,
    licence: m.licence.spdx,
    estimates: Object.fromEntries(
      m.simulation.variants.flatMap((v) => v.targets.map((t) => [`${v.id}:${t.targetId}`, { ms: t.latencyMs, fits: t.fits }])),
    ),
  };
}

export const SORT_KEYS = ['name', 'inputShape', 'params', 'macs', 'fileBytes', 'precision', 'format', 'licence'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const SIZE_BUCKETS = [
  { id: 'lt1', label: '< 1 MiB', test: (b: number) => b < 1 << 20 },
  { id: '1to5', label: '1–5 MiB', test: (b: number) => b >= 1 << 20 && b < 5 << 20 },
  { id: '5to20', label: '5–20 MiB', test: (b: number) => b >= 5 << 20 && b < 20 << 20 },
  { id: 'ge20', label: '≥ 20 MiB', test: (b: number) => b >= 20 << 20 },
] as const;

export const FACETS = ['format', 'precision', 'size', 'licence'] as const;
export type Facet = (typeof FACETS)[number];

/** "Runs on": keep models that fit `target` and run under `maxMs` there (simulated, for `variant`). */
export interface FitsFilter {
  target: string;
  maxMs: number | null;
  variant: 'fp32' | 'int8';
}

export interface TableState {
  sort: SortKey;
  dir: 'asc' | 'desc';
  filters: Record<Facet, string[]>;
  fits: FitsFilter | null;
}

function sizeBucket(bytes: number): string {
  return SIZE_BUCKETS.find((b) => b.test(bytes))?.id ?? 'ge20';
}

export function facetValue(row: ModelRow, facet: Facet): string {
  switch (facet) {
    case 'format':
      return row.format;
    case 'precision':
      return row.precision;
    case 'size':
      return sizeBucket(row.fileBytes);
    case 'licence':
      return row.licence;
  }
}

/** Reads the state from a query string; unknown or malformed values are ignored, never fatal. */
export function parseTableState(q: URLSearchParams): TableState {
  const sortParam = q.get('sort');
  const sort = (SORT_KEYS as readonly string[]).includes(sortParam ?? '') ? (sortParam as SortKey) : 'name';
  const dir = q.get('dir') === 'desc' ? 'desc' : 'asc';
  const filters = Object.fromEntries(
    FACETS.map((f) => [f, (q.get(f) ?? '').split(',').filter(Boolean)]),
  ) as Record<Facet, string[]>;
  const target = q.get('on');
  const maxMs = Number(q.get('maxms'));
  const fits: FitsFilter | null = target
    ? { target, maxMs: Number.isFinite(maxMs) && maxMs > 0 ? maxMs : null, variant: q.get('variant') === 'fp32' ? 'fp32' : 'int8' }
    : null;
  return { sort, dir, filters, fits };
}

/** Writes only non-default values so the plain URL stays plain. */
export function serializeTableState(s: TableState): string {
  const q = new URLSearchParams();
  if (s.sort !== 'name') q.set('sort', s.sort);
  if (s.dir !== 'asc') q.set('dir', s.dir);
  for (const f of FACETS) if (s.filters[f].length) q.set(f, [...s.filters[f]].sort().join(','));
  if (s.fits) {
    q.set('on', s.fits.target);
    if (s.fits.maxMs !== null) q.set('maxms', String(s.fits.maxMs));
    if (s.fits.variant !== 'int8') q.set('variant', s.fits.variant);
  }
  return q.toString();
}

function passesFits(row: ModelRow, f: FitsFilter | null): boolean {
  if (!f) return true;
  const e = row.estimates[`${f.variant}:${f.target}`];
  return !!e && e.fits && (f.maxMs === null || e.ms <= f.maxMs);
}

export function applyTableState(rows: ModelRow[], s: TableState): ModelRow[] {
  const kept = rows.filter((r) => FACETS.every((f) => !s.filters[f].length || s.filters[f].includes(facetValue(r, f))) && passesFits(r, s.fits));
  const sign = s.dir === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const x = a[s.sort];
    const y = b[s.sort];
    // Unknown MACs sort last in either direction.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.name.localeCompare(b.name);
  });
}

/** Facet options present in the rows, with their row counts. */
export function facetOptions(rows: ModelRow[], facet: Facet): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(facetValue(r, facet), (counts.get(facetValue(r, facet)) ?? 0) + 1);
  const order: string[] = facet === 'size' ? SIZE_BUCKETS.map((b) => b.id) : [...counts.keys()].sort();
  return order.filter((v) => counts.has(v)).map((value) => ({ value, count: counts.get(value) ?? 0 }));
}
