// Turns case results into bench/results.json rows and the bench/results.md
// tables. Pure, so the summary logic (best of ours vs best peer) is tested
// on its own.

import type { CaseResult, ModelCase, PeakCase, RunPolicy, Runner, Side, Variant } from './cases';
import { floorMs, gmacPerSecond, median, percentile } from './stats';

export interface ResultRow {
  model: string;
  graph: string;
  side: Side;
  runner: Runner;
  engine: string;
  /** Backend asked for. */
  backend: string;
  /** What the runtime reports it ran on. */
  backendUsed: string;
  variant: Variant;
  swiftshader: boolean;
  threads: number;
  macs: number | null;
  warmup: number;
  runs: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** MACs / this backend's measured dense-matmul peak. */
  floorMs: number | null;
  peak: string | null;
  loadMs: number | null;
  note: string;
  error?: string;
  /** Planned but deliberately not run, and why. */
  skipped?: string;
}

export interface PeakRow {
  peak: string;
  backend: string;
  backendUsed: string;
  swiftshader: boolean;
  n: number;
  runs: number;
  medianMs: number | null;
  p90Ms: number | null;
  /** n³ / median time: billions of multiply-accumulates per second. */
  gmacs: number | null;
  note: string;
  error?: string;
}

export interface BenchResults {
  generatedBy: string;
  date: string;
  mode: 'full' | 'quick';
  durationS: number;
  machine: Record<string, string | number>;
  browser: Record<string, string | number | boolean | string[]>;
  policies: Record<string, RunPolicy>;
  peaks: PeakRow[];
  rows: ResultRow[];
}

const round = (v: number, digits = 3): number => Number(v.toPrecision(digits + 2));

function timing(r: CaseResult | undefined): { runs: number; medianMs: number | null; p90Ms: number | null } {
  if (!r?.ok || r.ms.length === 0) return { runs: r?.ms.length ?? 0, medianMs: null, p90Ms: null };
  return { runs: r.ms.length, medianMs: round(median(r.ms)), p90Ms: round(percentile(r.ms, 90)) };
}

function outcome(r: CaseResult | undefined): { error?: string; skipped?: string } {
  if (!r) return { error: 'not run' };
  if (r.skipped) return { skipped: r.skipped };
  return r.ok ? {} : { error: r.error ?? 'failed' };
}

export function peakRows(cases: readonly PeakCase[], results: ReadonlyMap<string, CaseResult>): PeakRow[] {
  return cases.map((c) => {
    const r = results.get(c.id);
    const t = timing(r);
    return {
      peak: c.peak,
      backend: c.backend,
      backendUsed: r?.backendUsed ?? '',
      swiftshader: c.swiftshader,
      n: c.n,
      ...t,
      gmacs: t.medianMs === null ? null : round(gmacPerSecond(c.n ** 3, t.medianMs)),
      note: r?.note ?? '',
      ...outcome(r),
    };
  });
}

export function resultRows(cases: readonly ModelCase[], results: ReadonlyMap<string, CaseResult>, peaks: readonly PeakRow[]): ResultRow[] {
  const gmacs = new Map(peaks.filter((p) => p.gmacs !== null).map((p) => [p.peak, p.gmacs as number]));
  return cases.map((c) => {
    const r = results.get(c.id);
    const floor = c.peak ? floorMs(c.macs, gmacs.get(c.peak)) : undefined;
    return {
      model: c.model,
      graph: c.graph,
      side: c.side,
      runner: c.runner,
      engine: c.engine,
      backend: c.backend,
      backendUsed: r?.backendUsed ?? '',
      variant: c.variant,
      swiftshader: c.swiftshader,
      threads: r?.threads ?? 0,
      macs: c.macs,
      warmup: r?.warmupMs.length ?? 0,
      ...timing(r),
      floorMs: floor === undefined ? null : round(floor),
      peak: c.peak ?? null,
      loadMs: r?.ok ? Math.round(r.loadMs) : null,
      note: r?.note ?? '',
      ...outcome(r),
    };
  });
}

export interface SummaryRow {
  model: string;
  graph: string;
  macs: number | null;
  ours?: ResultRow;
  executor?: ResultRow;
  peer?: ResultRow;
  /** ours.median / peer.median: below 1, EdgeZoo is faster. */
  ratio: number | null;
}

function fastest(rows: readonly ResultRow[]): ResultRow | undefined {
  let best: ResultRow | undefined;
  for (const r of rows) if (r.medianMs !== null && (!best || r.medianMs < (best.medianMs as number))) best = r;
  return best;
}

/** Per model graph: our fastest row, our executor's fastest, the fastest peer, and ours ÷ peer. */
export function summarise(rows: readonly ResultRow[]): SummaryRow[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const k = `${r.model}|${r.graph}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const ours = fastest(g.filter((r) => r.side === 'ours'));
    const peer = fastest(g.filter((r) => r.side === 'peer'));
    return {
      model: g[0].model,
      graph: g[0].graph,
      macs: g.find((r) => r.variant === 'source')?.macs ?? g[0].macs,
      ours,
      executor: fastest(g.filter((r) => r.side === 'ours' && r.engine === 'tfjs')),
      peer,
      ratio: ours?.medianMs && peer?.medianMs ? round(ours.medianMs / peer.medianMs) : null,
    };
  });
}

function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function macsText(v: number | null): string {
  return v === null ? '—' : v >= 1e9 ? `${(v / 1e9).toFixed(2)} G` : `${(v / 1e6).toFixed(1)} M`;
}

export function rowLabel(r: ResultRow): string {
  const variant = r.side === 'ours' ? ` · ${r.variant}` : '';
  return `${r.engine} · ${r.backend}${variant}${r.swiftshader ? ' (SwiftShader)' : ''}`;
}

const shortModel = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

/** Escapes what would break a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function summaryTable(rows: readonly ResultRow[]): string {
  const lines = [
    '| model · graph | MACs | EdgeZoo best (engine · backend · variant) | median ms | p90 ms | floor ms | best peer | peer median ms | EdgeZoo ÷ peer | our executor best | executor median ms |',
    '|---|---:|---|---:|---:|---:|---|---:|---:|---|---:|',
  ];
  for (const s of summarise(rows)) {
    lines.push(
      `| ${shortModel(s.model)} · ${s.graph} | ${macsText(s.macs)} | ${s.ours ? cell(rowLabel(s.ours)) : 'none ran'} | ${ms(s.ours?.medianMs)} | ${ms(s.ours?.p90Ms)} | ${ms(s.ours?.floorMs)} | ${s.peer ? cell(rowLabel(s.peer)) : '—'} | ${ms(s.peer?.medianMs)} | ${s.ratio === null ? '—' : s.ratio.toFixed(2)} | ${s.executor ? cell(rowLabel(s.executor)) : 'none ran'} | ${ms(s.executor?.medianMs)} |`,
    );
  }
  return lines.join('\n');
}

export function peakTable(peaks: readonly PeakRow[]): string {
  const lines = ['| peak | backend | n | runs | median ms | GMAC/s | note |', '|---|---|---:|---:|---:|---:|---|'];
  for (const p of peaks) {
    lines.push(`| ${p.peak} | ${cell(p.backendUsed || p.backend)}${p.swiftshader ? ' (SwiftShader)' : ''} | ${p.n} | ${p.runs} | ${ms(p.medianMs)} | ${p.gmacs === null ? '—' : p.gmacs.toFixed(2)} | ${cell(p.error ? `failed: ${p.error}` : p.note)} |`);
  }
  return lines.join('\n');
}

export function allRowsTable(rows: readonly ResultRow[]): string {
  const lines = ['| model · graph | side | engine · backend · variant | ran on | threads | runs | median ms | p90 ms | floor ms | load ms | note |', '|---|---|---|---|---:|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    lines.push(
      `| ${shortModel(r.model)} · ${r.graph} | ${r.side} | ${cell(rowLabel(r))} | ${cell(r.backendUsed || '—')} | ${r.threads || '—'} | ${r.runs} | ${ms(r.medianMs)} | ${ms(r.p90Ms)} | ${ms(r.floorMs)} | ${r.loadMs ?? '—'} | ${cell(r.skipped ? `skipped: ${r.skipped}` : r.error ? `failed: ${r.error}` : r.note)} |`,
    );
  }
  return lines.join('\n');
}

export function renderMarkdown(res: BenchResults): string {
  const failed = res.rows.filter((r) => r.error).length;
  const skipped = res.rows.filter((r) => r.skipped).length;
  return [
    '# EdgeZoo browser benchmark: results',
    '',
    `Generated by \`npm run bench\` (${res.generatedBy}) on ${res.date}, ${res.mode} run, ${Math.round(res.durationS)} s. Method and caveats: [README.md](README.md).`,
    '',
    `Machine: ${res.machine.cpu} (${res.machine.cores} cores), ${res.machine.os}; load average at start ${res.machine.loadStart}. Browser: ${res.browser.version} headless, crossOriginIsolated ${res.browser.crossOriginIsolated}, WebGL ${res.browser.webglRenderer}, WebGPU adapter ${res.browser.webgpuAdapter}.`,
    '',
    '## EdgeZoo vs the best peer, per model graph',
    '',
    'Median wall time of one inference (inputs in → outputs read back), fastest row of each side. EdgeZoo ÷ peer below 1 means EdgeZoo is faster. Floor = MACs ÷ the dense-matmul peak of the backend that row ran on.',
    '',
    'EdgeZoo engines (lib/engines): `tfjs` = our IR executor on TF.js, `tflite` = the official TFLite web runtime, `ort` = ONNX Runtime Web; variant `source` is the catalogue\'s original file, `fp32`/`int8` our converted artifacts. Peers run the original file with the library a user would pick instead: `tfjs-converter` (tf.loadGraphModel on tfjs-backend-wasm), `onnxruntime-web`, `tfjs-tflite` (@tensorflow/tfjs-tflite), `mediapipe/*` (the MediaPipe JS solution, whole pipeline per send(); WebGL inference, SwiftShader here). (SwiftShader) marks CPU-emulated GPU rows.',
    '',
    summaryTable(res.rows),
    '',
    '## Dense-matmul peaks',
    '',
    peakTable(res.peaks),
    '',
    `## Every row (${res.rows.length}: ${res.rows.length - failed - skipped} ran, ${failed} failed, ${skipped} skipped)`,
    '',
    allRowsTable(res.rows),
    '',
  ].join('\n');
}
