'use client';

// The details of the selected box: an op (type, attributes, tensors with
// shapes, dtypes and quantization in plain words, params, MACs, weight
// statistics, simulated time, time measured in this browser) or a collapsed
// block of ops.

import { formatCount, formatShape } from '@/lib/catalogue/format';
import type { OpGroup } from '@/lib/inspect/collapse';
import { nodeError, type ErrorOverlay } from '@/lib/inspect/error-overlay';
import { formatMs, groupMeasured, type MeasuredOverlay } from '@/lib/inspect/measured-overlay';
import { groupEstimate, PLACEMENT_LABELS, type LayerOverlay, type OpEstimate } from '@/lib/inspect/overlay';
import { ENGINE_NAMES, type EngineId } from '@/lib/engines/types';
import { shortNumber } from '@/lib/inspect/quant-text';
import { explainCustomOp } from '@/lib/inspect/unsupported';
import type { GraphView, NodeView, TensorView } from '@/lib/inspect/view';
import { WeightStatsView } from './weight-histogram';

function TensorRows({ ids, tensors, title }: { ids: string[]; tensors: Record<string, TensorView>; title: string }) {
  const list = ids.filter((id) => id !== '');
  if (!list.length) return null;
  return (
    <div>
      <h4 className="mt-2 text-sm font-semibold">{title}</h4>
      <ul className="space-y-1 text-xs">
        {list.map((id) => {
          const t = tensors[id];
          if (!t) return <li key={id}>{id}</li>;
          return (
            <li key={id} className="break-all">
              <code>{t.name}</code> {formatShape(t.shape)} {t.dtype}
              {t.constant ? ' · constant' : ''}
              {t.fromConstants ? ` · ${t.fromConstants.sourceDtype} weights dequantized at load` : ''}
              {t.quant && (
                <span className="block text-slate-600 dark:text-slate-400" data-testid="quant-text">
                  {t.quant.text}
                  {!t.quant.perChannel && t.quant.shown[0] && ` (scale ${shortNumber(t.quant.shown[0].scale)}, zero point ${t.quant.shown[0].zeroPoint})`}
                  {t.quant.recorded && `; the file records an observed range ${shortNumber(t.quant.recorded.min)}…${shortNumber(t.quant.recorded.max)}`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Estimate({ e, target }: { e: OpEstimate; target: string }) {
  return (
    <p className="text-sm" data-testid="node-estimate">
      Simulated on {target}: <strong>{e.timeMs < 0.01 ? '<0.01' : e.timeMs.toFixed(2)} ms</strong> ({(e.share * 100).toFixed(1)} % of the model), runs on{' '}
      {PLACEMENT_LABELS[e.runsOn]}
      {e.fallbackReason ? ` (${e.fallbackReason})` : ''}.
    </p>
  );
}

function Measured({ measured, node, group }: { measured: MeasuredOverlay; node?: NodeView; group?: OpGroup }) {
  const where = `${ENGINE_NAMES[measured.engine as EngineId] ?? measured.engine}, ${measured.backend}`;
  if (node?.constantOnly) return <p className="text-sm" data-testid="node-measured">Measured in this browser ({where}): computed once at load, not in each run.</p>;
  const e = group ? groupMeasured(measured, group) : node ? measured.byOp[node.id] : undefined;
  if (!e) return <p className="text-sm" data-testid="node-measured">Measured in this browser ({where}): no time was reported for this op.</p>;
  const span = node ? measured.byOp[node.id]?.span : undefined;
  return (
    <p className="text-sm" data-testid="node-measured">
      Measured in this browser ({where}): <strong>{span ? '≈' : ''}{formatMs(e.ms)}</strong> per run ({(e.share * 100).toFixed(1)} % of the measured total).
      {span && ` The runtime timed it with ${span.ops - 1} other op${span.ops === 2 ? '' : 's'} as one (${span.what}): ${formatMs(span.ms)} together, shown as an even share.`}
    </p>
  );
}

function OpDetails({ node, graph, overlay, measured, errors, targetName }: { node: NodeView; graph: GraphView; overlay: LayerOverlay | null; measured: MeasuredOverlay | null; errors: ErrorOverlay | null; targetName: string }) {
  const error = errors ? nodeError(errors, node) : null;
  const weights = node.inputs.filter((id) => id !== '' && graph.tensors[id]?.stats && (graph.tensors[id].constant || graph.tensors[id].fromConstants));
  const estimate = overlay?.byOp[node.id];
  const custom = node.customCode ? explainCustomOp({ code: node.customCode, source: node.customSource ?? 'unknown', count: 1 }) : null;
  return (
    <div className="space-y-2">
      <h3 className="text-lg font-semibold break-all">
        {node.type}
        {node.customCode ? ` (${node.customCode})` : ''}
      </h3>
      <p className="text-sm break-all"><code>{node.name}</code></p>
      {custom && (
        <div role="note" className="rounded border border-red-300 bg-red-50 p-2 text-xs text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          Kept as an opaque op. Converting to TFLite: {custom.tflite}. Needed: {custom.needed}.
        </div>
      )}
      {node.kind === 'op' && (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">Category</dt>
          <dd>{node.category}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Parameters</dt>
          <dd data-testid="node-params">{node.params.toLocaleString('en-US')}</dd>
          <dt className="text-slate-600 dark:text-slate-400">MACs</dt>
          <dd data-testid="node-macs">{node.macs === null ? `unknown (${node.macsUnknownReason ?? 'dynamic shapes'})` : `${node.macs.toLocaleString('en-US')} (${formatCount(node.macs)})`}</dd>
          {node.constantOnly && (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Note</dt>
              <dd>reads constants only: runtimes compute it once, at load</dd>
            </>
          )}
        </dl>
      )}
      {estimate && <Estimate e={estimate} target={targetName} />}
      {measured && node.kind === 'op' && <Measured measured={measured} node={node} />}
      {error && (
        <p className="text-sm" data-testid="node-int8-error">
          int8 error of its output {errors?.label}: <strong>{Number.isFinite(error.sqnrDb) ? `${error.sqnrDb.toFixed(1)} dB` : 'none (exact)'}</strong> SQNR, {(error.clipped * 100).toFixed(2)} % of values clipped.
        </p>
      )}
      <TensorRows ids={node.inputs} tensors={graph.tensors} title="Inputs" />
      <TensorRows ids={node.outputs} tensors={graph.tensors} title="Outputs" />
      {node.attrs.length > 0 && (
        <div>
          <h4 className="mt-2 text-sm font-semibold">Attributes</h4>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
            {node.attrs.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-slate-600 dark:text-slate-400">{k}</dt>
                <dd className="font-mono break-all">{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {weights.length > 0 && (
        <div className="space-y-2">
          <h4 className="mt-2 text-sm font-semibold">Weights</h4>
          {weights.map((id) => {
            const t = graph.tensors[id];
            return t.stats ? <WeightStatsView key={id} name={t.fromConstants?.source ?? t.name} stats={t.stats} /> : null;
          })}
        </div>
      )}
    </div>
  );
}

function GroupDetails({ group, graph, overlay, measured, targetName, onExpand, onSelectNode }: {
  group: OpGroup;
  graph: GraphView;
  overlay: LayerOverlay | null;
  measured: MeasuredOverlay | null;
  targetName: string;
  onExpand: () => void;
  onSelectNode: (id: string) => void;
}) {
  const members = group.members.map((id) => graph.nodes.find((n) => n.id === id)).filter((n): n is NodeView => !!n);
  const params = members.reduce((a, n) => a + n.params, 0);
  const macs = members.some((n) => n.macs === null) ? null : members.reduce((a, n) => a + (n.macs ?? 0), 0);
  const estimate = overlay ? groupEstimate(overlay, group) : null;
  return (
    <div className="space-y-2">
      <h3 className="text-lg font-semibold break-all">Block of {members.length} ops</h3>
      <p className="text-sm break-all"><code>{group.label}</code></p>
      <p className="text-sm">{group.summary}</p>
      {group.repeat.of > 1 && (
        <p className="text-sm">Repeated block: {group.repeat.index} of {group.repeat.of} blocks with this exact op sequence.</p>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 text-sm">
        <dt className="text-slate-600 dark:text-slate-400">Parameters</dt>
        <dd>{params.toLocaleString('en-US')} (per op, shared weights counted per user)</dd>
        <dt className="text-slate-600 dark:text-slate-400">MACs</dt>
        <dd>{formatCount(macs)}</dd>
      </dl>
      {estimate && <Estimate e={estimate} target={targetName} />}
      {measured && <Measured measured={measured} group={group} />}
      <button type="button" onClick={onExpand} className="rounded bg-brand-700 px-3 py-1 text-sm text-white hover:bg-brand-600">Expand this block</button>
      <ol className="max-h-64 list-decimal overflow-auto pl-6 text-xs">
        {members.map((n) => (
          <li key={n.id}>
            <button type="button" className="text-left underline" onClick={() => onSelectNode(n.id)}>{n.type}</button> <span className="break-all">{n.name}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function NodeDetails(props: {
  graph: GraphView;
  node: NodeView | null;
  group: OpGroup | null;
  overlay: LayerOverlay | null;
  /** Time measured in this browser, when profiled. */
  measured?: MeasuredOverlay | null;
  errors: ErrorOverlay | null;
  targetName: string;
  onExpand: (groupId: string) => void;
  onSelectNode: (id: string) => void;
}) {
  const { graph, node, group, overlay, errors, targetName } = props;
  const measured = props.measured ?? null;
  return (
    <aside aria-label="Details of the selected op" aria-live="polite" className="rounded border border-slate-300 p-3 dark:border-slate-700" data-testid="node-details">
      {node ? (
        <OpDetails node={node} graph={graph} overlay={overlay} measured={measured} errors={errors} targetName={targetName} />
      ) : group ? (
        <GroupDetails group={group} graph={graph} overlay={overlay} measured={measured} targetName={targetName} onExpand={() => props.onExpand(group.id)} onSelectNode={props.onSelectNode} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Select a box in the drawing or a row of the layer table to see its op, attributes, tensors, quantization and weights.</p>
      )}
    </aside>
  );
}
