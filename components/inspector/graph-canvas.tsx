'use client';

// The graph drawing: ELK's boxes and edges as SVG, with pan (drag, wheel,
// arrow keys) and zoom (Ctrl+wheel, pinch, +/−, buttons). Colours are inline
// attributes, not classes, so the exported SVG looks the same on its own.

import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import type { Unit } from '@/lib/inspect/collapse';
import { MAX_LINE_CHARS, unitLines, type GraphLayout } from '@/lib/inspect/layout';
import { sqnrColour } from '@/lib/inspect/error-overlay';
import { groupMeasured, type MeasuredOverlay } from '@/lib/inspect/measured-overlay';
import { groupEstimate, heatColour, type LayerOverlay } from '@/lib/inspect/overlay';

export type OverlayMode = 'none' | 'time' | 'placement' | 'error' | 'measured';

const CATEGORY_FILL: Record<string, string> = {
  conv: '#dbeafe',
  depthwise: '#e0e7ff',
  'transpose-conv': '#dbeafe',
  dense: '#ede9fe',
  matmul: '#ede9fe',
  elementwise: '#f1f5f9',
  activation: '#fef3c7',
  normalization: '#fce7f3',
  pool: '#dcfce7',
  reduce: '#dcfce7',
  resize: '#e0f2fe',
  'data-movement': '#f5f5f4',
  shape: '#f5f5f4',
  quantize: '#ccfbf1',
  recurrent: '#fae8ff',
  postprocess: '#ffedd5',
  control: '#ffedd5',
  custom: '#fee2e2',
  interface: '#d1fae5',
};

export const PLACEMENT_FILL = { npu: '#bfdbfe', cpu: '#e2e8f0', 'cpu-fallback': '#fed7aa', unsupported: '#fecaca' } as const;

interface View {
  x: number;
  y: number;
  k: number;
}

export interface CanvasHandle {
  /** Centres the box of a unit in the viewport. */
  focusUnit(id: string): void;
  fit(): void;
  /** The drawing at full size as standalone SVG text. */
  svgText(): string | null;
}

interface Props {
  layout: GraphLayout;
  units: Unit[];
  selected: string | null;
  matches: ReadonlySet<string>;
  current: string | null;
  overlay: LayerOverlay | null;
  overlayMode: OverlayMode;
  /** int8 error overlay: a box's worst output SQNR (dB), or null where none was measured. */
  errorOf?: (u: Unit) => number | null;
  /** Time measured in this browser (overlay mode 'measured'). */
  measured?: MeasuredOverlay | null;
  onSelect: (unitId: string) => void;
  label: string;
}

const HEIGHT = 560;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const truncate = (s: string) => (s.length > MAX_LINE_CHARS ? `${s.slice(0, MAX_LINE_CHARS - 1)}…` : s);

function unitFill(u: Unit, overlay: LayerOverlay | null, mode: OverlayMode, errorOf?: (u: Unit) => number | null, measured?: MeasuredOverlay | null): string {
  if (mode === 'measured' && measured) {
    const e = u.group ? groupMeasured(measured, u.group) : u.node ? measured.byOp[u.node.id] : undefined;
    if (e) return heatColour(e.share);
  }
  if (mode === 'error' && errorOf) {
    const db = errorOf(u);
    return db === null ? '#f1f5f9' : sqnrColour(db);
  }
  if ((mode === 'time' || mode === 'placement') && overlay) {
    if (u.node?.customCode) return PLACEMENT_FILL.unsupported;
    const e = u.group ? groupEstimate(overlay, u.group) : u.node ? overlay.byOp[u.node.id] : undefined;
    if (e) return mode === 'time' ? heatColour(e.share) : PLACEMENT_FILL[e.runsOn];
  }
  if (u.group) return '#f8fafc';
  return CATEGORY_FILL[u.node?.category ?? ''] ?? '#f1f5f9';
}

export const GraphCanvas = forwardRef<CanvasHandle, Props>(function GraphCanvas(
  { layout, units, selected, matches, current, overlay, overlayMode, errorOf, measured, onSelect, label },
  ref,
) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ px: number; py: number; x: number; y: number; moved: boolean } | null>(null);

  const width = () => box.current?.clientWidth ?? 800;

  const fit = useCallback(() => {
    // Fit the width (graphs are tall), top-aligned; never enlarge past 1:1.
    const w = width();
    const k = clamp(Math.min(w / (layout.width + 40), 1), 0.05, 1);
    setView({ k, x: (w - layout.width * k) / 2, y: 20 });
  }, [layout]);

  useEffect(() => fit(), [fit]);

  const focusUnit = useCallback(
    (id: string) => {
      const b = layout.boxes[id];
      if (!b) return;
      setView((v) => {
        const k = Math.max(v.k, 0.8);
        return { k, x: width() / 2 - (b.x + b.width / 2) * k, y: HEIGHT / 2 - (b.y + b.height / 2) * k };
      });
    },
    [layout],
  );

  useImperativeHandle(ref, () => ({
    focusUnit,
    fit,
    svgText: () => {
      const el = svg.current;
      if (!el) return null;
      const copy = el.cloneNode(true) as SVGSVGElement;
      copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
      copy.setAttribute('width', String(Math.ceil(layout.width + 20)));
      copy.setAttribute('height', String(Math.ceil(layout.height + 20)));
      copy.setAttribute('viewBox', `-10 -10 ${Math.ceil(layout.width + 20)} ${Math.ceil(layout.height + 20)}`);
      copy.querySelector('[data-viewport]')?.removeAttribute('transform');
      return new XMLSerializer().serializeToString(copy);
    },
  }), [focusUnit, fit, layout]);

  // Wheel pans; Ctrl+wheel (and trackpad pinch, which sends it) zooms around the pointer.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      setView((v) => {
        if (!e.ctrlKey && !e.metaKey) return { ...v, x: v.x - e.deltaX, y: v.y - e.deltaY };
        const k = clamp(v.k * Math.exp(-e.deltaY * 0.002), 0.03, 4);
        return { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
      });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const zoom = (factor: number) =>
    setView((v) => {
      const k = clamp(v.k * factor, 0.03, 4);
      const cx = width() / 2;
      const cy = HEIGHT / 2;
      return { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = 60;
    const moves: Record<string, [number, number]> = { ArrowUp: [0, step], ArrowDown: [0, -step], ArrowLeft: [step, 0], ArrowRight: [-step, 0] };
    if (moves[e.key]) {
      e.preventDefault();
      const [dx, dy] = moves[e.key];
      setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      zoom(1.25);
    } else if (e.key === '-') {
      e.preventDefault();
      zoom(0.8);
    } else if (e.key === '0') {
      e.preventDefault();
      fit();
    }
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    drag.current = { px: e.clientX, py: e.clientY, x: view.x, y: view.y, moved: false };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.px;
    const dy = e.clientY - d.py;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!d.moved) box.current?.setPointerCapture(e.pointerId);
    d.moved = true;
    setView((v) => ({ ...v, x: d.x + dx, y: d.y + dy }));
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) {
      box.current?.releasePointerCapture(e.pointerId);
      return;
    }
    const target = (e.target as Element).closest('[data-unit]');
    const id = target?.getAttribute('data-unit');
    if (id) onSelect(id);
  };

  return (
    <div className="relative">
      <div
        ref={box}
        role="application"
        aria-roledescription="graph drawing"
        aria-label={`${label}. Arrow keys pan, plus and minus zoom, 0 fits. The layer table below lists the same ops.`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        className="h-[560px] cursor-grab touch-none overflow-hidden rounded border border-slate-300 bg-white select-none active:cursor-grabbing dark:border-slate-700 dark:bg-slate-900"
        data-testid="graph-canvas"
      >
        <svg ref={svg} width="100%" height={HEIGHT} aria-hidden="true" fontFamily="ui-sans-serif, system-ui, sans-serif" fontSize="12">
          <defs>
            <marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill="#94a3b8" />
            </marker>
          </defs>
          <g data-viewport transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
            {layout.edges.map((e) => (
              <polyline key={e.id} points={e.points.map((p) => p.join(',')).join(' ')} fill="none" stroke="#94a3b8" strokeWidth="1.2" markerEnd="url(#arrow)" />
            ))}
            {units.map((u) => {
              const b = layout.boxes[u.id];
              if (!b) return null;
              const [top, bottom] = unitLines(u);
              const isSel = selected === u.id;
              const isCur = current === u.id;
              const isMatch = matches.has(u.id);
              const stroke = isSel ? '#065f46' : isCur ? '#dc2626' : isMatch ? '#f59e0b' : u.group ? '#64748b' : '#94a3b8';
              return (
                <g key={u.id} data-unit={u.id} data-match={isMatch || undefined} data-sqnr={overlayMode === 'error' ? errorOf?.(u) ?? undefined : undefined} transform={`translate(${b.x},${b.y})`} style={{ cursor: 'pointer' }}>
                  <title>{u.group ? `${u.group.label}: ${u.group.members.length} ops (${u.group.summary}). Click to select; expand it in the details panel.` : `${top}: ${bottom}`}</title>
                  {u.group && <rect x={3} y={3} width={b.width} height={b.height} rx={6} fill="#e2e8f0" stroke="#94a3b8" />}
                  <rect width={b.width} height={b.height} rx={6} fill={unitFill(u, overlay, overlayMode, errorOf, measured)} stroke={stroke} strokeWidth={isSel || isCur || isMatch ? 3 : 1} />
                  <text x={8} y={16} fontWeight="600" fill="#0f172a">{truncate(top)}</text>
                  <text x={8} y={32} fill="#334155">{truncate(bottom)}</text>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <div className="absolute top-2 right-2 flex gap-1">
        <button type="button" onClick={() => zoom(1.25)} className="rounded border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-800" aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoom(0.8)} className="rounded border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-800" aria-label="Zoom out">−</button>
        <button type="button" onClick={fit} className="rounded border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-800">Fit</button>
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Drag or wheel to pan, Ctrl + wheel (or pinch) to zoom; click a box for its details. Zoom {Math.round(view.k * 100)} %.</p>
    </div>
  );
});
