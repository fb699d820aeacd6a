// Reads the TFLite runtime's profiling summary (getProfilingSummary()). Its
// per-run items (getProfilingResults()) carry whole milliseconds only, and
// with XNNPACK one item per delegate partition; the summary has microseconds
// and, under "Delegate internal", the delegate's own operators. The summary
// is meant to be read once: each call folds the whole event buffer into its
// statistics again, so earlier runs would count twice. Read once after all
// runs, it gives per node the first call's time and the mean over all calls,
// from which the mean of the calls after the first (the warm-up) follows.

import type { ProfiledNode } from './types';

export interface SummaryRow {
  /** Node type, e.g. "CONV_2D", "TfLiteXNNPackDelegate", "DelegateOpInvoke". */
  type: string;
  firstMs: number;
  avgMs: number;
  calls: number;
  /** "[out_a, out_b]:index" for interpreter nodes; "Delegate/<operator>:index" for delegate operators. */
  name: string;
}

export interface ProfilingSummary {
  nodes: SummaryRow[];
  /** The delegate's operators; names collide (and their stats merge) when there are several partitions. */
  delegateOps: SummaryRow[];
}

const DELEGATE_INTERNAL = 'Delegate internal:';

/** Rows of the first "Run Order" table in `text`. */
function runOrderRows(text: string): SummaryRow[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('Run Order'));
  if (start < 0) return [];
  const rows: SummaryRow[] = [];
  // Header line, then one row per node until a blank line.
  for (let i = start + 2; i < lines.length && lines[i].trim() !== ''; i++) {
    const cells = lines[i].split('\t').map((c) => c.trim());
    // "", type, first, avg ms, %, cdf%, mem KB, times called, name
    if (cells.length < 9) throw new Error(`unexpected TFLite profiling summary row: ${JSON.stringify(lines[i])}`);
    const [, type, first, avg, , , , calls, ...name] = cells;
    const row = { type, firstMs: Number(first), avgMs: Number(avg), calls: Number(calls), name: name.join('\t') };
    if (![row.firstMs, row.avgMs, row.calls].every(Number.isFinite)) throw new Error(`unexpected TFLite profiling summary row: ${JSON.stringify(lines[i])}`);
    rows.push(row);
  }
  return rows;
}

export function parseProfilingSummary(text: string): ProfilingSummary {
  const cut = text.indexOf(DELEGATE_INTERNAL);
  return {
    nodes: runOrderRows(cut < 0 ? text : text.slice(0, cut)),
    delegateOps: cut < 0 ? [] : runOrderRows(text.slice(cut + DELEGATE_INTERNAL.length)),
  };
}

/**
 * Mean time of one call after the first (ms): the first call of a node pays for allocation and
 * caches, so it is the warm-up left out. A node called once reports its one time.
 */
export function steadyMs(row: SummaryRow): number {
  if (row.calls <= 1) return row.avgMs;
  return Math.max(0, (row.avgMs * row.calls - row.firstMs) / (row.calls - 1));
}

/** "[a, b]:12" → outputs a, b and node index 12. */
export function parseNodeName(name: string): { outputs: string[]; index: number } | undefined {
  const m = /^\[(.*)\]:(\d+)$/.exec(name);
  if (!m) return undefined;
  return { outputs: m[1] === '' ? [] : m[1].split(', '), index: Number(m[2]) };
}

/** "Delegate/Convolution (NHWC, F32) GEMM:14" → operator "Convolution (NHWC, F32) GEMM", index 14. */
export function parseDelegateOpName(name: string): { operator: string; index: number } | undefined {
  const m = /^(?:Delegate\/)?(.*):(\d+)$/.exec(name);
  return m ? { operator: m[1], index: Number(m[2]) } : undefined;
}

const isDelegateNode = (type: string) => /delegate/i.test(type);

/** The summary's nodes; a delegate's operators only when one partition makes their names unique. */
export function profileNodes(summary: ProfilingSummary): ProfiledNode[] {
  const single = summary.nodes.filter((r) => isDelegateNode(r.type)).length === 1;
  return summary.nodes.map((row): ProfiledNode => {
    const parsed = parseNodeName(row.name);
    if (!parsed) throw new Error(`unexpected node name in the TFLite profile: ${row.name}`);
    const ms = steadyMs(row);
    if (!isDelegateNode(row.type)) return { kind: 'tflite-node', index: parsed.index, type: row.type, outputs: parsed.outputs, ms };
    const operators = single
      ? summary.delegateOps
        .flatMap((r) => {
          const p = parseDelegateOpName(r.name);
          return p ? [{ index: p.index, name: p.operator, ms: steadyMs(r) }] : [];
        })
        .sort((a, b) => a.index - b.index)
        .map(({ name, ms: t }) => ({ name, ms: t }))
      : [];
    return { kind: 'tflite-delegate', index: parsed.index, outputs: parsed.outputs, ms, ...(operators.length ? { operators } : {}) };
  });
}
