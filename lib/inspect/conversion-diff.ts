// Source → float32 → int8, node by node: chains the per-step edit logs of
// lib/passes/change-log.ts so every op of the source graph can be followed
// to the op(s) it became in each converted graph, and back.
//
// A conversion is a set of chains, each a list of steps starting from the
// source graph: the catalogue's float32 chain is its passes plus the fp32
// export, its int8 chain the same passes plus quantize and the int8 export;
// the bring-your-own-model page converts to float32 and to int8 separately.
// An op no step touched keeps its id from the source to the end, so only the
// ops the edits name are tracked; every other op maps to itself.
//
// Pure and isomorphic: the model page and the BYOM page both call it.

import { UnionFind, unpackEdits, type NodeEdit, type OpRef, type PackedEdits } from '../passes/change-log';

export type { NodeEdit, OpRef } from '../passes/change-log';

export interface ChainStep {
  /** Unique across the chains of one conversion; chains share a step by sharing its id. */
  id: string;
  /** e.g. "pass:fold-batch-norm", "quantize", "export:int8". */
  step: string;
  edits: NodeEdit[];
}

export interface ConversionChain {
  /** Column name of the graph the chain ends in, e.g. "float32", "int8". */
  name: string;
  steps: ChainStep[];
}

/** One edit as a row of the mapping lists it. */
export interface RowChange {
  stepId: string;
  step: string;
  kind: NodeEdit['kind'];
  label: string;
}

/** Ops connected by the conversion: source ops and what each chain made of them. */
export interface MappingRow {
  source: OpRef[];
  /** By chain name: the ops in that chain's final graph. */
  targets: Record<string, OpRef[]>;
  changes: RowChange[];
  /** Only dtype changes (the int8 quantizer retyping an op in place). */
  retypedOnly: boolean;
}

/** Where one chain took each op it touched. */
export interface ChainTrace {
  /** Final op id → the source op ids it descends from (empty: inserted). Touched ops only. */
  origins: Map<string, string[]>;
  /** Source op id → final op ids (empty: removed). Touched ops only; any other op maps to itself. */
  descendants: Map<string, string[]>;
  /** Ops as the final graph has them. */
  finalOps: Map<string, OpRef>;
}

export interface ConversionMapping {
  /** "source" then every chain's name. */
  columns: string[];
  rows: MappingRow[];
  /** Ops as the source graph has them (touched ones). */
  sourceOps: Map<string, OpRef>;
  traces: Record<string, ChainTrace>;
  /** Every step of every chain once, in order of first appearance. */
  steps: ChainStep[];
  /** Edit key (`${step id}#${index in the step}`) → the rows listing it. */
  editRows: Map<string, number[]>;
}

/** Key of the `index`th edit of step `stepId` in ConversionMapping.editRows. */
export const editKey = (stepId: string, index: number) => `${stepId}#${index}`;

export const SOURCE = 'source';

/** What one edit concerns, to list it in the right row: source ops, or the op it inserted from nothing. */
interface Anchor {
  sources: string[];
  inserted?: string;
}

interface Traced {
  trace: ChainTrace;
  /** Edit key (`${stepId}#${index}`) → what it concerns; a retyped edit, one anchor per op. */
  anchors: Map<string, Anchor[]>;
}

/** Follows one chain from the source graph to its end. */
function traceChain(chain: ConversionChain, sourceOps: Map<string, OpRef>): Traced {
  // Op id (at the current step) → the source ops it descends from, for every op a step has tracked.
  let current = new Map<string, Set<string>>();
  const tracked = new Set<string>();
  const touched = new Set<string>();
  const refs = new Map<string, OpRef>();
  const anchors: Traced['anchors'] = new Map();
  const originsOf = (id: string, ref: OpRef): Set<string> => {
    const known = current.get(id);
    if (known) return known;
    // Never tracked before: a source op, unchanged so far.
    if (!sourceOps.has(id)) sourceOps.set(id, ref);
    touched.add(id);
    return new Set([id]);
  };
  const track = (next: Map<string, Set<string>>, op: OpRef, origins: Set<string>) => {
    next.set(op.id, origins);
    refs.set(op.id, op);
    tracked.add(op.id);
  };
  for (const step of chain.steps) {
    // Ops the step starts from are named as they are before it; the first time one is seen, that is the source's op.
    for (const edit of step.edits) {
      for (const op of edit.kind === 'retyped' ? edit.ops : edit.before) if (!current.has(op.id) && !sourceOps.has(op.id)) sourceOps.set(op.id, op);
    }
    const next = new Map(current);
    const folded: [OpRef, Set<string>][] = [];
    step.edits.forEach((edit, i) => {
      const key = editKey(step.id, i);
      if (edit.kind === 'retyped') {
        anchors.set(key, edit.ops.map((op) => {
          const origins = originsOf(op.id, op);
          track(next, op, origins);
          return { sources: [...origins] };
        }));
        return;
      }
      const origins = new Set<string>();
      for (const op of edit.before) for (const s of originsOf(op.id, op)) origins.add(s);
      // An op inserted from nothing belongs with the ops it was inserted beside.
      if (edit.before.length === 0) for (const op of edit.beside ?? []) for (const s of originsOf(op.id, op)) origins.add(s);
      for (const op of edit.before) {
        next.delete(op.id);
        refs.delete(op.id);
        tracked.add(op.id);
      }
      for (const op of edit.after) track(next, op, new Set(origins));
      // A constant read by one op is that op's now (folded weights); one read by many belongs to none of them.
      if (edit.into?.length === 1) folded.push([edit.into[0], origins]);
      anchors.set(key, [{ sources: [...origins], ...(origins.size === 0 && edit.after[0] ? { inserted: edit.after[0].id } : {}) }]);
    });
    for (const [op, origins] of folded) track(next, op, new Set([...(next.get(op.id) ?? originsOf(op.id, op)), ...origins]));
    current = next;
  }
  const origins = new Map<string, string[]>();
  const descendants = new Map<string, string[]>();
  const finalOps = new Map<string, OpRef>();
  for (const s of touched) descendants.set(s, tracked.has(s) ? [] : [s]);
  for (const [id, from] of current) {
    origins.set(id, [...from]);
    finalOps.set(id, refs.get(id) as OpRef);
    for (const s of from) descendants.set(s, [...(descendants.get(s) ?? []), id]);
  }
  return { trace: { origins, descendants, finalOps }, anchors };
}

/** The node mapping of a conversion: rows of connected ops across the source and every chain's result. */
export function mapConversion(chains: ConversionChain[]): ConversionMapping {
  const sourceOps = new Map<string, OpRef>();
  const traced = new Map(chains.map((c) => [c.name, traceChain(c, sourceOps)]));
  const uf = new UnionFind();
  const nodes = new Set<string>();
  const node = (column: string, id: string) => {
    const key = `${column}\u0000${id}`;
    nodes.add(key);
    return key;
  };
  const touchedSources = new Set<string>();
  for (const { trace } of traced.values()) for (const s of trace.descendants.keys()) touchedSources.add(s);
  for (const [name, { trace, anchors }] of traced) {
    for (const s of touchedSources) {
      // Source ops this chain left alone are themselves in its result.
      const key = node(SOURCE, s);
      for (const d of trace.descendants.get(s) ?? [s]) uf.union(key, node(name, d));
    }
    for (const [f, from] of trace.origins) if (from.length === 0) node(name, f);
    // The ops of one edit stay together even when it leaves nothing behind (a chain folded away).
    for (const list of anchors.values()) {
      for (const a of list) {
        const keys = [...a.sources.map((s) => node(SOURCE, s)), ...(a.inserted !== undefined ? [node(name, a.inserted)] : [])];
        for (const k of keys.slice(1)) uf.union(keys[0], k);
      }
    }
  }
  const rowIndex = new Map<string, number>();
  const rows: MappingRow[] = [];
  const rowFor = (key: string): MappingRow => {
    const root = uf.find(key);
    let i = rowIndex.get(root);
    if (i === undefined) {
      i = rows.length;
      rowIndex.set(root, i);
      rows.push({ source: [], targets: Object.fromEntries(chains.map((c) => [c.name, []])), changes: [], retypedOnly: true });
    }
    return rows[i];
  };
  for (const key of nodes) {
    const [column, id] = key.split('\u0000');
    const row = rowFor(key);
    if (column === SOURCE) row.source.push(sourceOps.get(id) as OpRef);
    else row.targets[column].push(traced.get(column)?.trace.finalOps.get(id) ?? (sourceOps.get(id) as OpRef));
  }
  const steps: ChainStep[] = [];
  const seen = new Set<string>();
  const rowsOfEdit = new Map<string, Set<MappingRow>>();
  for (const chain of chains) {
    const { anchors } = traced.get(chain.name) as Traced;
    for (const step of chain.steps) {
      if (!steps.some((s) => s.id === step.id)) steps.push(step);
      step.edits.forEach((edit, i) => {
        for (const a of anchors.get(editKey(step.id, i)) ?? []) {
          const at = a.sources.length ? node(SOURCE, a.sources[0]) : a.inserted !== undefined ? node(chain.name, a.inserted) : undefined;
          if (at === undefined) continue;
          const row = rowFor(at);
          const k = editKey(step.id, i);
          rowsOfEdit.set(k, (rowsOfEdit.get(k) ?? new Set()).add(row));
          // Chains share their passes: list a shared edit once per row.
          const key = `${rowIndex.get(uf.find(at))}\u0000${step.id}#${i}`;
          if (seen.has(key)) continue;
          seen.add(key);
          row.changes.push({ stepId: step.id, step: step.step, kind: edit.kind, label: edit.label });
          if (edit.kind !== 'retyped') row.retypedOnly = false;
        }
      });
    }
  }
  const order = (ops: OpRef[]) => ops.sort((a, b) => opOrder(a.id) - opOrder(b.id) || a.id.localeCompare(b.id));
  for (const row of rows) {
    order(row.source);
    for (const ops of Object.values(row.targets)) order(ops);
  }
  rows.sort((a, b) => firstOrder(a) - firstOrder(b));
  const traces = Object.fromEntries([...traced].map(([name, t]) => [name, t.trace]));
  const listed = rows.filter((r) => r.changes.length > 0);
  const at = new Map(listed.map((r, i) => [r, i]));
  const editRows = new Map([...rowsOfEdit].map(([k, set]) => [k, [...set].map((r) => at.get(r)).filter((i): i is number => i !== undefined).sort((a, b) => a - b)]));
  return { columns: [SOURCE, ...chains.map((c) => c.name)], rows: listed, sourceOps, traces, steps, editRows };
}

/** Importers number ops ("op12", "Conv_3"): order rows by that number so they follow the graph. */
function opOrder(id: string): number {
  const m = /(\d+)(?!.*\d)/.exec(id);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

function firstOrder(row: MappingRow): number {
  const ops = row.source.length ? row.source : Object.values(row.targets).flat();
  return ops.length ? Math.min(...ops.map((o) => opOrder(o.id))) : Number.MAX_SAFE_INTEGER;
}

/** The ops in every column that correspond to op `id` of `column` (itself included). */
export function counterparts(mapping: ConversionMapping, column: string, id: string): Record<string, string[]> {
  const descendantsOf = (chain: string, sources: string[]): string[] => {
    const trace = mapping.traces[chain];
    return [...new Set(sources.flatMap((s) => trace.descendants.get(s) ?? [s]))];
  };
  let sources: string[];
  if (column === SOURCE) sources = [id];
  else sources = mapping.traces[column]?.origins.get(id) ?? [id];
  const out: Record<string, string[]> = { [SOURCE]: sources };
  for (const chain of Object.keys(mapping.traces)) out[chain] = descendantsOf(chain, sources);
  // An op inserted from nothing has no source: it is only itself.
  if (column !== SOURCE && sources.length === 0) out[column] = [id];
  return out;
}

/** Step record as the zoo manifest stores it (zoo/artifacts.json). */
export interface RecordedStep {
  step: string;
  edits?: PackedEdits;
}

/**
 * The chains a catalogue build went through, from its step records: passes
 * are shared, export:fp32 ends the float32 chain, quantize and export:int8
 * the int8 one. A chain is left out when its artifact was not published
 * (`variants`) or a step of it has no edit log (built before edits were
 * recorded).
 */
export function recipeChains(records: RecordedStep[], variants: { fp32: boolean; int8: boolean }): ConversionChain[] {
  const shared: ChainStep[] = [];
  let complete = true;
  let quantize: ChainStep | null = null;
  const chains: ConversionChain[] = [];
  for (const r of records) {
    if (r.step === 'import' || r.step.startsWith('validate:')) continue;
    const step = r.edits ? { id: r.step, step: r.step, edits: unpackEdits(r.edits) } : null;
    if (r.step.startsWith('pass:')) {
      if (step) shared.push(step);
      else complete = false;
    } else if (r.step === 'export:fp32') {
      if (step && complete && variants.fp32) chains.push({ name: 'float32', steps: [...shared, step] });
    } else if (r.step === 'quantize') {
      quantize = step;
    } else if (r.step === 'export:int8') {
      if (step && quantize && complete && variants.int8) chains.push({ name: 'int8', steps: [...shared, quantize, step] });
    }
  }
  return chains;
}

/** Edits grouped by label within a step, for listing ("110 × Dequantize removed …"). */
export function groupEdits(edits: NodeEdit[]): { label: string; kind: NodeEdit['kind']; edits: NodeEdit[]; count: number }[] {
  const groups = new Map<string, { label: string; kind: NodeEdit['kind']; edits: NodeEdit[]; count: number }>();
  for (const e of edits) {
    const g = groups.get(e.label) ?? { label: e.label, kind: e.kind, edits: [], count: 0 };
    g.edits.push(e);
    g.count += e.kind === 'retyped' ? e.ops.length : 1;
    groups.set(e.label, g);
  }
  return [...groups.values()];
}
