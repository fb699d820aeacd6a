'use client';

// The model inspector: the graph drawn with ELK (top-down, laid out in a Web
// Worker), searchable, with large graphs collapsed into expandable blocks;
// a details panel for the selected op; the same ops as a table; and
// overlays of the target simulator's per-layer estimate and of the time
// each op takes in this browser (profile-panel.tsx). The model is
// imported in the inspector's own worker, so the page never blocks.

import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatBytes, formatCount, formatShape, FORMAT_NAMES } from '@/lib/catalogue/format';
import type { DownloadProgress } from '@/lib/engines/model-cache';
import { InspectClient } from '@/lib/inspect/client';
import { COLLAPSE_THRESHOLD, groupOps, visibleGraph, type OpGroup, type Unit } from '@/lib/inspect/collapse';
import { createElk } from '@/lib/inspect/elk-client';
import { layoutGraph, type ElkLike, type GraphLayout } from '@/lib/inspect/layout';
import { groupError, nodeError, resolveErrorOverlay, sqnrColour, type ErrorOverlay } from '@/lib/inspect/error-overlay';
import { overlayFromLayers, PLACEMENT_LABELS, type LayerOverlay } from '@/lib/inspect/overlay';
import type { InspectSource, SimulationSummary } from '@/lib/inspect/protocol';
import { searchNodes } from '@/lib/inspect/search';
import { explainCustomOp } from '@/lib/inspect/unsupported';
import type { ModelView } from '@/lib/inspect/view';
import { TARGETS } from '@/lib/targets';
import { saveBlob, svgToPng } from './download';
import { GraphCanvas, PLACEMENT_FILL, type CanvasHandle, type OverlayMode } from './graph-canvas';
import { LayerTable } from './layer-table';
import { NodeDetails } from './node-details';
import { ProfilePanel } from './profile-panel';
import type { MeasuredOverlay } from '@/lib/inspect/measured-overlay';

type Status = 'loading' | 'ready' | 'error';
type DtypeChoice = 'as-stored' | 'int8' | 'float32';

const control = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';

export function Inspector({ source, label, fileBase, errors: int8Errors = null }: {
  source: InspectSource;
  label: string;
  fileBase: string;
  /** Per-tensor int8 error to colour the graph with (the int8 explorer's, on bring your own model and model pages). */
  errors?: ErrorOverlay | null;
}) {
  const ids = useId();
  const client = useRef<InspectClient | null>(null);
  const elk = useRef<(ElkLike & { terminate(): void }) | null>(null);
  const canvas = useRef<CanvasHandle>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [model, setModel] = useState<ModelView | null>(null);
  const [graphIndex, setGraphIndex] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [showConstantOnly, setShowConstantOnly] = useState(false);
  // The latest layout, with the drawing it was made for (a newer drawing means one is under way).
  const [laid, setLaid] = useState<{ for: object; layout: GraphLayout } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const [overlayMode, setOverlayMode] = useState<OverlayMode>('none');
  const [targetId, setTargetId] = useState(TARGETS[0]?.id ?? '');
  const [dtype, setDtype] = useState<DtypeChoice>('as-stored');
  const [sim, setSim] = useState<{ key: string; summary?: SimulationSummary; error?: string } | null>(null);
  const [measured, setMeasured] = useState<MeasuredOverlay | null>(null);
  const pendingFocus = useRef<string | null>(null);

  useEffect(() => {
    const c = new InspectClient();
    const e = createElk();
    client.current = c;
    elk.current = e;
    c.open(source, setProgress)
      .then(({ view }) => {
        setModel(view);
        setStatus('ready');
      })
      .catch((err: Error) => {
        setError(err.message);
        setStatus('error');
      });
    return () => {
      c.terminate();
      e.terminate();
      client.current = null;
      elk.current = null;
    };
  }, [source]);

  const graph = model?.graphs[graphIndex] ?? null;
  const errors = useMemo(() => (int8Errors && model ? resolveErrorOverlay(int8Errors, model.graphs[0]) : null), [int8Errors, model]);
  const drawnOps = useMemo(() => graph?.nodes.filter((n) => n.kind === 'op' && (showConstantOnly || !n.constantOnly)).length ?? 0, [graph, showConstantOnly]);
  const groups: OpGroup[] = useMemo(() => (graph && drawnOps > COLLAPSE_THRESHOLD ? groupOps(graph, { showConstantOnly }) : []), [graph, drawnOps, showConstantOnly]);
  const visible = useMemo(() => (graph ? visibleGraph(graph, groups, expanded, { showConstantOnly }) : null), [graph, groups, expanded, showConstantOnly]);
  const groupOf = useMemo(() => {
    const m = new Map<string, OpGroup>();
    for (const g of groups) for (const id of g.members) m.set(id, g);
    return m;
  }, [groups]);

  // Lay out whenever what is drawn changes; a newer request supersedes an older one.
  useEffect(() => {
    const e = elk.current;
    if (!visible || !e) return;
    let live = true;
    layoutGraph(e, visible.units, visible.edges)
      .then((l) => live && setLaid({ for: visible, layout: l }))
      .catch((err: Error) => live && setError(`layout failed: ${err.message}`));
    return () => {
      live = false;
    };
  }, [visible]);

  const layout = laid?.layout ?? null;
  const layingOut = !!visible && laid?.for !== visible;

  useEffect(() => {
    const id = pendingFocus.current;
    if (layout && id && layout.boxes[id]) {
      pendingFocus.current = null;
      canvas.current?.focusUnit(id);
    }
  }, [layout]);

  /** The box a node is drawn in: itself, or its collapsed block. */
  const unitOfNode = useCallback((nodeId: string): string => {
    const g = groupOf.get(nodeId);
    return g && !expanded.has(g.id) && g.members.length > 1 ? g.id : nodeId;
  }, [groupOf, expanded]);

  /** Selects a node, expanding its block if collapsed, and brings it into view. */
  const reveal = useCallback((nodeId: string) => {
    const g = groupOf.get(nodeId);
    setSelected(nodeId);
    if (g && !expanded.has(g.id) && g.members.length > 1) {
      setExpanded((s) => new Set([...s, g.id]));
      pendingFocus.current = nodeId;
    } else {
      canvas.current?.focusUnit(nodeId);
    }
  }, [groupOf, expanded]);

  const matches = useMemo(() => (graph ? searchNodes(graph.nodes.filter((n) => showConstantOnly || !n.constantOnly), query) : []), [graph, query, showConstantOnly]);
  const matchUnits = useMemo(() => new Set(matches.map((n) => unitOfNode(n.id))), [matches, unitOfNode]);
  const matchNodes = useMemo(() => new Set(matches.map((n) => n.id)), [matches]);
  const current = matches.length ? matches[Math.min(matchIndex, matches.length - 1)] : null;

  const jump = (delta: number) => {
    if (!matches.length) return;
    const next = (matchIndex + delta + matches.length) % matches.length;
    setMatchIndex(next);
    reveal(matches[next].id);
  };

  // Overlay: the simulator runs in the inspector's worker, on the main graph.
  useEffect(() => {
    const c = client.current;
    if ((overlayMode !== 'time' && overlayMode !== 'placement') || !c || status !== 'ready') return;
    let live = true;
    const key = `${targetId}|${dtype}`;
    c.simulate(targetId, dtype === 'as-stored' ? undefined : dtype)
      .then((summary) => live && setSim({ key, summary }))
      .catch((err: Error) => live && setSim({ key, error: err.message }));
    return () => {
      live = false;
    };
  }, [overlayMode, targetId, dtype, status]);
  const simNow = sim && sim.key === `${targetId}|${dtype}` ? sim : null;
  const simulation = simNow?.summary ?? null;
  const simError = simNow?.error ?? null;
  const overlay: LayerOverlay | null = useMemo(
    () => ((overlayMode === 'time' || overlayMode === 'placement') && simulation && graphIndex === 0 ? overlayFromLayers(simulation.targetId, simulation.rows) : null),
    [overlayMode, simulation, graphIndex],
  );

  const nodeById = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph]);
  const errorOf = useCallback(
    (u: Unit): number | null => {
      if (!errors) return null;
      const e = u.group ? groupError(errors, u.group, nodeById) : u.node ? nodeError(errors, u.node) : null;
      return e ? e.sqnrDb : null;
    },
    [errors, nodeById],
  );

  const exportSvg = () => {
    const text = canvas.current?.svgText();
    if (text) saveBlob(new Blob([text], { type: 'image/svg+xml' }), `${fileBase}.svg`);
  };
  const exportPng = async () => {
    const text = canvas.current?.svgText();
    if (!text || !layout) return;
    try {
      saveBlob(await svgToPng(text, layout.width + 20, layout.height + 20), `${fileBase}.png`);
    } catch (err) {
      setError(`PNG export failed: ${(err as Error).message}`);
    }
  };

  if (status === 'error' && !model) {
    return <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="inspector-error">The model could not be inspected: {error}</p>;
  }
  if (!model || !graph || !visible) {
    const pct = progress && progress.total ? Math.round((100 * progress.loaded) / progress.total) : null;
    return (
      <p role="status" className="text-sm" data-testid="inspector-loading">
        {progress && pct !== null && pct < 100 ? `Downloading the model: ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${pct} %)…` : 'Reading the model…'}
      </p>
    );
  }

  const selectedNode = selected ? graph.nodes.find((n) => n.id === selected) ?? null : null;
  const selectedGroup = selected ? groups.find((g) => g.id === selected) ?? null : null;
  const targetName = TARGETS.find((t) => t.id === targetId)?.name ?? targetId;
  const inputs = graph.nodes.filter((n) => n.kind === 'input');
  const outputs = graph.nodes.filter((n) => n.kind === 'output');
  const tensorText = (id: string) => {
    const t = graph.tensors[id];
    return t ? `${t.name} ${formatShape(t.shape)} ${t.dtype}` : id;
  };

  return (
    <div
      className="space-y-3"
      data-testid="inspector"
      data-status={layingOut ? 'layout' : 'ready'}
      data-op-count={graph.totals.ops}
      data-unit-count={visible.units.length}
      data-group-count={groups.length}
    >
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="font-medium text-slate-600 dark:text-slate-400">Format</dt>
        <dd>{FORMAT_NAMES[model.format] ?? model.format}{model.metadata.producer ? ` (produced by ${model.metadata.producer})` : ''}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Inputs</dt>
        <dd>{inputs.map((n) => tensorText(n.outputs[0])).join('; ') || 'none'}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Outputs</dt>
        <dd>{outputs.map((n) => tensorText(n.inputs[0])).join('; ')}</dd>
        <dt className="font-medium text-slate-600 dark:text-slate-400">Ops / params / MACs</dt>
        <dd data-testid="inspector-totals">{graph.totals.ops} ops, {formatCount(graph.totals.params)} parameters, {formatCount(graph.totals.macs)} MACs</dd>
        {model.customOps.length > 0 && (
          <>
            <dt className="font-medium text-red-700 dark:text-red-300">Unsupported ops</dt>
            <dd data-testid="inspector-unsupported">
              <ul className="list-disc pl-5">
                {model.customOps.map((c) => {
                  const x = explainCustomOp(c);
                  return <li key={`${c.source}:${c.code}`}><strong>{x.op}</strong> ×{c.count}: converting to TFLite: {x.tflite}. Needed: {x.needed}.</li>;
                })}
              </ul>
            </dd>
          </>
        )}
      </dl>

      <div className="flex flex-wrap items-end gap-3 text-sm" role="toolbar" aria-label="Inspector controls">
        {model.graphs.length > 1 && (
          <label className="flex flex-col">
            <span id={`${ids}-graph`}>Graph</span>
            <select aria-labelledby={`${ids}-graph`} className={control} value={graphIndex} onChange={(e) => { setGraphIndex(Number(e.target.value)); setExpanded(new Set()); setSelected(null); }}>
              {model.graphs.map((g, i) => <option key={i} value={i}>{i === 0 ? `main (${g.totals.ops} ops)` : `subgraph ${i}: ${g.name} (${g.totals.ops} ops)`}</option>)}
            </select>
          </label>
        )}
        <label className="flex flex-col">
          <span>Search name or op type</span>
          <input
            type="search"
            className={control}
            value={query}
            onChange={(e) => { setQuery(e.target.value); setMatchIndex(0); }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || !matches.length) return;
              e.preventDefault();
              // The first Enter goes to the current match; later ones step through the rest.
              if (current && selected !== current.id && !e.shiftKey) reveal(current.id);
              else jump(e.shiftKey ? -1 : 1);
            }}
            placeholder="e.g. Conv2D or block_3"
            aria-describedby={`${ids}-matches`}
          />
        </label>
        <span id={`${ids}-matches`} role="status" className="pb-1" data-testid="search-count">
          {query ? `${matches.length ? `${Math.min(matchIndex, matches.length - 1) + 1} of ${matches.length}` : 'no'} match${matches.length === 1 ? '' : 'es'}` : ''}
        </span>
        <button type="button" className={control} onClick={() => jump(-1)} disabled={!matches.length}>Previous</button>
        <button type="button" className={control} onClick={() => jump(1)} disabled={!matches.length}>Next</button>
        <label className="flex flex-col">
          <span id={`${ids}-overlay`}>Overlay</span>
          <select aria-labelledby={`${ids}-overlay`} className={control} value={overlayMode} onChange={(e) => setOverlayMode(e.target.value as OverlayMode)}>
            <option value="none">None (op categories)</option>
            <option value="time">Simulated time per layer (heat map)</option>
            <option value="placement">NPU / CPU / fallback placement</option>
            <option value="measured">Measured time in this browser (heat map)</option>
            {errors && <option value="error">int8 error per layer</option>}
          </select>
        </label>
        {(overlayMode === 'time' || overlayMode === 'placement') && (
          <>
            <label className="flex flex-col">
              <span id={`${ids}-target`}>Target</span>
              <select aria-labelledby={`${ids}-target`} className={control} value={targetId} onChange={(e) => setTargetId(e.target.value)}>
                {TARGETS.map((t) => <option key={t.id} value={t.id}>{t.name}{t.npu ? ` (${t.npu.name})` : ''}</option>)}
              </select>
            </label>
            <label className="flex flex-col">
              <span id={`${ids}-dtype`}>Precision</span>
              <select aria-labelledby={`${ids}-dtype`} className={control} value={dtype} onChange={(e) => setDtype(e.target.value as DtypeChoice)}>
                <option value="as-stored">As stored in the file</option>
                <option value="int8">As int8</option>
                <option value="float32">As float32</option>
              </select>
            </label>
          </>
        )}
        <label className="flex items-center gap-1 pb-1">
          <input type="checkbox" checked={showConstantOnly} onChange={(e) => { setShowConstantOnly(e.target.checked); setExpanded(new Set()); }} />
          Show load-time ops (e.g. weight DEQUANTIZE)
        </label>
        {groups.length > 0 && (
          <>
            <button type="button" className={control} onClick={() => setExpanded(new Set(groups.map((g) => g.id)))}>Expand all</button>
            <button type="button" className={control} onClick={() => setExpanded(new Set())}>Collapse all</button>
          </>
        )}
        <button type="button" className={control} onClick={exportSvg} disabled={!layout}>Export SVG</button>
        <button type="button" className={control} onClick={() => void exportPng()} disabled={!layout}>Export PNG</button>
      </div>

      {groups.length > 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {drawnOps} ops are drawn as {groups.filter((g) => g.members.length > 1).length} blocks of consecutive ops; select a block to expand it. Search expands the block of the op it finds.
        </p>
      )}
      {overlay && simulation && (
        <div className="text-sm" data-testid="overlay-legend">
          <p>
            {simulation.targetName}: {simulation.latencyMs.toFixed(2)} ms simulated ({simulation.dtype}).{' '}
            {overlayMode === 'time' ? 'Colour: share of the latency, pale (none) to deep red (25 % or more).' : 'Colour: where each op runs.'}
          </p>
          {overlayMode === 'placement' && (
            <ul className="flex flex-wrap gap-3">
              {(['npu', 'cpu', 'cpu-fallback'] as const).map((p) => (
                <li key={p} className="flex items-center gap-1"><span aria-hidden="true" className="inline-block h-3 w-3 rounded" style={{ background: PLACEMENT_FILL[p] }} />{PLACEMENT_LABELS[p]}</li>
              ))}
              <li className="flex items-center gap-1"><span aria-hidden="true" className="inline-block h-3 w-3 rounded" style={{ background: PLACEMENT_FILL.unsupported }} />unsupported (custom op)</li>
            </ul>
          )}
          {simulation.warnings.map((w) => <p key={w} className="text-amber-800 dark:text-amber-300">{w}</p>)}
        </div>
      )}
      {overlayMode === 'error' && errors && (
        <div className="text-sm" data-testid="error-legend">
          <p>
            int8 error of each op&apos;s output {errors.label}: SQNR of the int8 model&apos;s activation (official TFLite runtime, dequantized) against the
            float model&apos;s, accumulated through every layer before it. Colour from red (5 dB or less) through yellow (about 20 dB) to green (40 dB or more); grey where the output is not a tensor of the int8 graph
            (fused into the op before it, or folded).
          </p>
          <p className="flex gap-3">
            {[5, 20, 40].map((db) => <span key={db} className="flex items-center gap-1"><span aria-hidden="true" className="inline-block h-3 w-3 rounded" style={{ background: sqnrColour(db) }} />{db} dB</span>)}
          </p>
        </div>
      )}
      {overlayMode === 'measured' && graphIndex === 0 && <ProfilePanel source={source} graph={model.graphs[0]} measured={measured} onMeasured={setMeasured} />}
      {overlayMode !== 'none' && graphIndex !== 0 && <p className="text-sm">The overlays cover the main graph; pick it to see them.</p>}
      {simError && <p role="alert" className="text-sm text-red-700 dark:text-red-300">Simulation failed: {simError}</p>}
      {error && status !== 'error' && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{error}</p>}

      <div className="grid gap-3 lg:grid-cols-[1fr_22rem]">
        <div>
          {layout ? (
            <GraphCanvas
              ref={canvas}
              layout={layout}
              units={visible.units}
              selected={selected ? unitOfNode(selected) : null}
              matches={matchUnits}
              current={current ? unitOfNode(current.id) : null}
              overlay={overlay}
              overlayMode={overlayMode}
              errorOf={errors && graphIndex === 0 ? errorOf : undefined}
              measured={overlayMode === 'measured' && graphIndex === 0 ? measured : null}
              onSelect={setSelected}
              label={`${label}: ${visible.units.length} boxes`}
            />
          ) : (
            <p role="status" className="text-sm">Laying out {visible.units.length} boxes…</p>
          )}
          {layingOut && layout && <p role="status" className="text-xs">Updating the layout…</p>}
        </div>
        <NodeDetails
          graph={graph}
          node={selectedNode}
          group={selectedGroup}
          overlay={overlay}
          errors={graphIndex === 0 ? errors : null}
          measured={overlayMode === 'measured' && graphIndex === 0 ? measured : null}
          targetName={targetName}
          onExpand={(id) => { setExpanded((s) => new Set([...s, id])); setSelected(null); pendingFocus.current = groups.find((g) => g.id === id)?.members[0] ?? null; }}
          onSelectNode={reveal}
        />
      </div>

      <details className="text-sm" open>
        <summary className="cursor-pointer font-semibold">Layer table ({drawnOps} ops)</summary>
        <LayerTable graph={graph} overlay={overlay} measured={overlayMode === 'measured' && graphIndex === 0 ? measured : null} selected={selected} matches={matchNodes} onSelect={reveal} showConstantOnly={showConstantOnly} />
      </details>
    </div>
  );
}
