'use client';

// The same graph as a table, one row per op in execution order: the path for
// keyboards and screen readers, and for readers who prefer rows to boxes.
// Each row's button selects the op (details panel, drawing).

import { formatCount, formatShape } from '@/lib/catalogue/format';
import { formatMs, type MeasuredOverlay } from '@/lib/inspect/measured-overlay';
import { PLACEMENT_LABELS, type LayerOverlay } from '@/lib/inspect/overlay';
import type { GraphView, NodeView, TensorView } from '@/lib/inspect/view';

function tensorList(ids: string[], tensors: Record<string, TensorView>, constants: boolean): string {
  return ids
    .filter((id) => id !== '' && (constants ? tensors[id]?.constant || tensors[id]?.fromConstants : !tensors[id]?.constant && !tensors[id]?.fromConstants))
    .map((id) => {
      const t = tensors[id];
      return t ? `${formatShape(t.shape)} ${t.dtype}${t.quant ? ' q' : ''}` : id;
    })
    .join('; ');
}

/** The measured time cell: this op's time, marked as an even share where the runtime timed several ops as one. */
function MeasuredCell({ measured, node, className }: { measured: MeasuredOverlay; node: NodeView; className: string }) {
  const e = measured.byOp[node.id];
  if (!e) return <td className={className}>{node.constantOnly ? 'at load' : ''}</td>;
  return (
    <td className={className} data-ms={e.ms} title={e.span ? `${e.span.ops} ops timed as one (${e.span.what}): ${formatMs(e.span.ms)} together` : undefined}>
      {e.span ? '≈' : ''}{formatMs(e.ms)}
    </td>
  );
}

export function LayerTable({ graph, overlay, measured = null, selected, matches, onSelect, showConstantOnly }: {
  graph: GraphView;
  overlay: LayerOverlay | null;
  /** Time measured in this browser, shown in a column of its own. */
  measured?: MeasuredOverlay | null;
  selected: string | null;
  matches: ReadonlySet<string>;
  onSelect: (nodeId: string) => void;
  showConstantOnly: boolean;
}) {
  const rows: NodeView[] = graph.nodes.filter((n) => n.kind === 'op' && (showConstantOnly || !n.constantOnly));
  const td = 'px-1 py-0.5 align-top';
  return (
    <div className="max-h-[28rem] overflow-auto rounded border border-slate-300 dark:border-slate-700">
      <table className="w-full text-xs" data-testid="inspector-layer-table">
        <caption className="sr-only">
          {rows.length} ops of {graph.name} in execution order, with their input and output shapes, parameters and MACs
          {overlay ? ' and simulated time' : ''}
          {measured ? ' and the time measured in this browser' : ''}
        </caption>
        <thead className="sticky top-0 bg-white dark:bg-slate-950">
          <tr className="border-b border-slate-300 text-left dark:border-slate-700">
            <th scope="col" className={td}>#</th>
            <th scope="col" className={td}>Op</th>
            <th scope="col" className={td}>Name</th>
            <th scope="col" className={td}>Inputs</th>
            <th scope="col" className={td}>Weights</th>
            <th scope="col" className={td}>Outputs</th>
            <th scope="col" className={`${td} text-right`}>Params</th>
            <th scope="col" className={`${td} text-right`}>MACs</th>
            {overlay && <th scope="col" className={`${td} text-right`}>Time</th>}
            {overlay && <th scope="col" className={td}>Runs on</th>}
            {measured && <th scope="col" className={`${td} text-right`}>Measured</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => {
            const e = overlay?.byOp[n.id];
            const isSel = selected === n.id;
            return (
              <tr
                key={n.id}
                data-node={n.id}
                aria-selected={isSel}
                className={`border-b border-slate-100 dark:border-slate-900 ${isSel ? 'bg-brand-50 dark:bg-slate-800' : matches.has(n.id) ? 'bg-amber-50 dark:bg-amber-950' : ''}`}
              >
                <td className={`${td} tabular-nums`}>{n.order + 1}</td>
                <td className={td}>
                  <button type="button" className="text-left font-medium underline" onClick={() => onSelect(n.id)} aria-label={`Select ${n.type} ${n.name}`}>
                    {n.type}
                    {n.customCode ? ` (${n.customCode})` : ''}
                  </button>
                </td>
                <td className={`${td} max-w-56 break-all`}>{n.name}</td>
                <td className={`${td} font-mono`}>{tensorList(n.inputs, graph.tensors, false)}</td>
                <td className={`${td} font-mono`}>{tensorList(n.inputs, graph.tensors, true)}</td>
                <td className={`${td} font-mono`}>{tensorList(n.outputs, graph.tensors, false)}</td>
                <td className={`${td} text-right tabular-nums`}>{n.params ? formatCount(n.params) : ''}</td>
                <td className={`${td} text-right tabular-nums`}>{n.macs === null ? 'unknown' : n.macs ? formatCount(n.macs) : ''}</td>
                {overlay && <td className={`${td} text-right tabular-nums`}>{e ? `${e.timeMs < 0.01 ? '<0.01' : e.timeMs.toFixed(2)} ms` : ''}</td>}
                {overlay && <td className={td}>{n.customCode ? 'unsupported' : e ? `${PLACEMENT_LABELS[e.runsOn]}${e.fallbackReason ? `: ${e.fallbackReason}` : ''}` : ''}</td>}
                {measured && <MeasuredCell measured={measured} node={n} className={`${td} text-right tabular-nums`} />}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
