'use client';

// Source → float32 → int8 node by node: one row per group of ops the
// conversion touched, with what each graph has in their place and the edits
// that took them there, then every step with the nodes it changed. Clicking
// a node highlights its counterparts in the other graphs. Used by the model
// pages (from the zoo manifest's edit logs) and the bring-your-own-model page
// (from the worker's conversion).

import { useMemo, useState, type ReactNode } from 'react';
import {
  counterparts, editKey, groupEdits, mapConversion, recipeChains, SOURCE,
  type ConversionChain, type MappingRow, type NodeEdit, type OpRef, type RecordedStep,
} from '@/lib/inspect/conversion-diff';

const COLUMN_TITLES: Record<string, string> = { [SOURCE]: 'Source', float32: 'float32 .tflite', int8: 'int8 .tflite' };

/** "pass:fold-batch-norm" → "fold-batch-norm", "export:fp32" → "float32 export". */
export function stepName(step: string): string {
  if (step.startsWith('pass:')) return step.slice(5);
  if (step.startsWith('export:')) return `${step.slice(7) === 'fp32' ? 'float32' : step.slice(7)} export`;
  return step;
}

interface Selection {
  column: string;
  id: string;
}

function OpButton({ op, column, selection, lit, onSelect }: {
  op: OpRef;
  column: string;
  selection: Selection | null;
  lit: boolean;
  onSelect: (s: Selection) => void;
}) {
  const pressed = selection?.column === column && selection.id === op.id;
  const tone = pressed
    ? 'border-brand-600 bg-brand-100 dark:bg-brand-900'
    : lit
      ? 'border-amber-500 bg-amber-100 dark:bg-amber-900'
      : 'border-slate-300 bg-white hover:border-brand-500 dark:border-slate-600 dark:bg-slate-900';
  return (
    <button
      type="button"
      className={`m-0.5 inline-flex max-w-full flex-col rounded border px-1.5 py-0.5 text-left text-xs ${tone}`}
      data-column={column}
      data-op={op.id}
      data-counterpart={lit && !pressed ? '' : undefined}
      aria-pressed={pressed}
      title={`${op.type} ${op.name ?? op.id} (id ${op.id})`}
      onClick={() => onSelect({ column, id: op.id })}
    >
      <span className="font-medium">{op.type}</span>
      <code className="truncate text-[11px] text-slate-600 dark:text-slate-400">{op.name ?? op.id}</code>
    </button>
  );
}

function Ops({ ops, column, selection, lit, onSelect, empty }: {
  ops: OpRef[];
  column: string;
  selection: Selection | null;
  lit: Set<string>;
  onSelect: (s: Selection) => void;
  empty: string;
}) {
  if (!ops.length) return <span className="text-xs text-slate-500">{empty}</span>;
  return <>{ops.map((op) => <OpButton key={op.id} op={op} column={column} selection={selection} lit={lit.has(`${column}\u0000${op.id}`)} onSelect={onSelect} />)}</>;
}

/** A <details> whose body is only rendered once opened (step lists run to hundreds of edits). */
function LazyDetails({ summary, children }: { summary: ReactNode; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer">{summary}</summary>
      {open && children()}
    </details>
  );
}

function EditOps({ edit }: { edit: NodeEdit }) {
  const text = (ops: OpRef[]) => ops.map((o) => `${o.type} ${o.name ?? o.id}`).join(' + ');
  if (edit.kind === 'retyped') return <span>{edit.ops.map((o) => o.name ?? o.id).join(', ')}</span>;
  const into = edit.into?.length ? ` → read by ${text(edit.into)}` : '';
  const beside = edit.beside?.length ? ` (beside ${text(edit.beside)})` : '';
  if (!edit.after.length) return <span>{text(edit.before)}{into}</span>;
  if (!edit.before.length) return <span>{text(edit.after)}{beside}</span>;
  return <span>{text(edit.before)} → {text(edit.after)}</span>;
}

/** The node mapping and the per-step edit lists of one conversion. */
export function ConversionMap({ chains }: { chains: ConversionChain[] }) {
  const mapping = useMemo(() => mapConversion(chains), [chains]);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [selectedRows, setSelectedRows] = useState<number[]>([]);
  const [showRetyped, setShowRetyped] = useState(false);

  const lit = useMemo(() => {
    const set = new Set<string>();
    if (selection) {
      for (const [column, ids] of Object.entries(counterparts(mapping, selection.column, selection.id))) for (const id of ids) set.add(`${column}\u0000${id}`);
    }
    for (const i of selectedRows) {
      const row = mapping.rows[i];
      for (const op of row.source) set.add(`${SOURCE}\u0000${op.id}`);
      for (const [column, ops] of Object.entries(row.targets)) for (const op of ops) set.add(`${column}\u0000${op.id}`);
    }
    return set;
  }, [mapping, selection, selectedRows]);

  const structural = mapping.rows.filter((r) => !r.retypedOnly).length;
  const retyped = mapping.rows.length - structural;
  const visible = (r: MappingRow, i: number) => !r.retypedOnly || showRetyped || selectedRows.includes(i);
  const chainNames = mapping.columns.slice(1);

  const select = (s: Selection) => {
    setSelectedRows([]);
    setSelection((prev) => (prev?.column === s.column && prev.id === s.id ? null : s));
  };
  const showRows = (rows: number[]) => {
    setSelection(null);
    setSelectedRows(rows);
    if (rows.length) document.getElementById(`mapping-row-${rows[0]}`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  const described = selection ? counterparts(mapping, selection.column, selection.id) : null;
  const refOf = (column: string, id: string): OpRef =>
    (column === SOURCE ? mapping.sourceOps.get(id) : mapping.traces[column]?.finalOps.get(id)) ?? mapping.sourceOps.get(id) ?? { id, type: '?' };

  if (!mapping.rows.length) {
    return (
      <p className="text-sm" data-testid="conversion-map">
        No step changed a node: {chainNames.map((c) => COLUMN_TITLES[c] ?? c).join(' and ')} {chainNames.length === 1 ? 'has' : 'have'} the source graph&apos;s nodes, under the same ids.
      </p>
    );
  }

  return (
    <div className="space-y-4" data-testid="conversion-map">
      <p className="text-sm">
        {structural} group{structural === 1 ? '' : 's'} of nodes changed structure (folded, fused, lowered, inserted or removed)
        {retyped > 0 && <>; {retyped} node{retyped === 1 ? '' : 's'} only changed data type</>}. Click a node to highlight what it became, or came from, in the other graphs.
      </p>
      {retyped > 0 && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={showRetyped} onChange={(e) => setShowRetyped(e.target.checked)} />
          Also list the {retyped} nodes that only changed data type
        </label>
      )}
      {described && selection && (
        <p className="rounded bg-slate-100 px-2 py-1 text-sm dark:bg-slate-800" data-testid="mapping-selection" aria-live="polite">
          <strong>{refOf(selection.column, selection.id).type}</strong> <code>{refOf(selection.column, selection.id).name ?? selection.id}</code> ({COLUMN_TITLES[selection.column] ?? selection.column}):{' '}
          {mapping.columns
            .filter((c) => c !== selection.column)
            .map((c) => {
              const ids = described[c] ?? [];
              return `${COLUMN_TITLES[c] ?? c}: ${ids.length ? ids.map((id) => `${refOf(c, id).type} ${refOf(c, id).name ?? id}`).join(' + ') : c === SOURCE ? 'nothing (inserted)' : 'removed'}`;
            })
            .join('; ')}
        </p>
      )}
      <div className="max-h-[32rem] overflow-auto rounded border border-slate-200 dark:border-slate-800">
        <table className="w-full text-sm" data-testid="node-mapping">
          <caption className="sr-only">Nodes the conversion changed, in the source and in each converted graph, with the edits that changed them</caption>
          <thead className="sticky top-0 bg-white dark:bg-slate-950">
            <tr className="border-b border-slate-300 text-left dark:border-slate-700">
              {mapping.columns.map((c) => <th key={c} scope="col" className="px-2 py-1">{COLUMN_TITLES[c] ?? c}</th>)}
              <th scope="col" className="px-2 py-1">What changed</th>
            </tr>
          </thead>
          <tbody>
            {mapping.rows.map((row, i) =>
              visible(row, i) ? (
                <tr
                  key={i}
                  id={`mapping-row-${i}`}
                  className={`border-b border-slate-100 align-top dark:border-slate-900 ${selectedRows.includes(i) ? 'bg-amber-50 dark:bg-amber-950' : ''}`}
                  data-row={i}
                  data-source-ops={row.source.map((o) => o.id).join(' ')}
                >
                  <td className="px-1 py-1"><Ops ops={row.source} column={SOURCE} selection={selection} lit={lit} onSelect={select} empty="(inserted)" /></td>
                  {chainNames.map((c) => (
                    <td key={c} className="px-1 py-1" data-column={c}>
                      <Ops ops={row.targets[c]} column={c} selection={selection} lit={lit} onSelect={select} empty="(removed)" />
                    </td>
                  ))}
                  <td className="px-2 py-1 text-xs">
                    <ul>
                      {row.changes.map((ch, k) => (
                        <li key={k}><span className="text-slate-600 dark:text-slate-400">{stepName(ch.step)}:</span> {ch.label}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      </div>
      <div>
        <h4 className="mb-1 font-semibold">By step</h4>
        <ol className="list-decimal space-y-2 pl-6 text-sm" data-testid="step-edits">
          {mapping.steps.map((step) => {
            const groups = groupEdits(step.edits);
            const total = groups.reduce((n, g) => n + g.count, 0);
            return (
              <li key={step.id} data-step={step.step}>
                <strong>{stepName(step.step)}</strong>{chainNames.length > 1 && step.id.includes('/') ? ` (${step.id.split('/')[0]})` : ''}:{' '}
                {total ? `${total} change${total === 1 ? '' : 's'}` : 'no node changes'}
                <ul className="mt-1 space-y-1">
                  {groups.map((g) => (
                    <li key={g.label}>
                      <LazyDetails summary={`${g.count} × ${g.label}`}>{() => (
                        <ul className="mt-1 space-y-0.5 pl-4 text-xs">
                          {g.edits.map((e) => {
                            const index = step.edits.indexOf(e);
                            const rows = mapping.editRows.get(editKey(step.id, index)) ?? [];
                            return (
                              <li key={index}>
                                <EditOps edit={e} />{' '}
                                {rows.length > 0 && (
                                  <button type="button" className="text-brand-700 underline dark:text-brand-300" onClick={() => showRows(rows)}>
                                    show
                                  </button>
                                )}
                              </li>
                            );
                          })}
                        </ul>
                      )}</LazyDetails>
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

/**
 * The node mapping of one catalogue graph, from the step records `npm run zoo`
 * wrote (packed edit logs), drawn when asked for: the page carries only the
 * packed logs.
 */
export function RecipeConversionMap({ steps, variants }: { steps: RecordedStep[]; variants: { fp32: boolean; int8: boolean } }) {
  const [shown, setShown] = useState(false);
  const chains = useMemo(() => (shown ? recipeChains(steps, variants) : []), [shown, steps, variants]);
  const logged = steps.filter((s) => s.edits);
  if (!logged.length) return <p className="text-sm">This build has no node-level edit log; run <code>npm run zoo</code> again to record one.</p>;
  const edits = logged.reduce((n, s) => n + (s.edits?.edits.length ?? 0), 0);
  if (!shown) {
    return (
      <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm hover:border-brand-500 dark:border-slate-600" onClick={() => setShown(true)} data-testid="show-conversion-map">
        Show which nodes each step changed ({edits} edit{edits === 1 ? '' : 's'} in {logged.length} step{logged.length === 1 ? '' : 's'})
      </button>
    );
  }
  if (!chains.length) return <p className="text-sm">No published variant has a complete edit log from the source.</p>;
  return <ConversionMap chains={chains} />;
}
