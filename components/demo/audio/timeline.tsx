'use client';

// A score/probability timeline on a canvas: the values over time, the
// threshold (and VAD's lower off threshold), shaded speech segments and
// detection markers. Redrawn whenever its props change; sized to its box and
// the device pixel ratio.

import { useEffect, useRef } from 'react';

export interface TimelinePoint {
  t: number;
  v: number;
}

export interface TimelineProps {
  points: readonly TimelinePoint[];
  /** Visible time range in seconds. */
  from: number;
  to: number;
  threshold: number;
  offThreshold?: number;
  /** Shaded spans (speech segments). */
  spans?: readonly { startSec: number; endSec: number }[];
  /** Vertical markers (detections). */
  markers?: readonly number[];
  /** Points before this time are drawn muted (the wake-word warm-up). */
  mutedBefore?: number;
  label: string;
  height?: number;
}

export function Timeline({ points, from, to, threshold, offThreshold, spans = [], markers = [], mutedBefore, label, height = 160 }: TimelineProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth;
    const h = c.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const style = getComputedStyle(c);
    const ink = style.color || '#334155';
    const padL = 28;
    const padB = 18;
    const plotW = Math.max(1, w - padL - 4);
    const plotH = Math.max(1, h - padB - 6);
    const span = Math.max(1e-6, to - from);
    const x = (t: number) => padL + ((t - from) / span) * plotW;
    const y = (v: number) => 6 + (1 - Math.min(1, Math.max(0, v))) * plotH;

    ctx.fillStyle = 'rgba(34, 197, 94, 0.25)';
    for (const s of spans) {
      const x0 = Math.max(padL, x(s.startSec));
      const x1 = Math.min(padL + plotW, x(s.endSec));
      if (x1 > x0) ctx.fillRect(x0, 6, x1 - x0, plotH);
    }

    // Axes and grid: 0, 0.5, 1 and a tick per second (every 5 s beyond 20 s).
    ctx.strokeStyle = ink;
    ctx.globalAlpha = 0.25;
    ctx.lineWidth = 1;
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = ink;
    for (const v of [0, 0.5, 1]) {
      ctx.beginPath();
      ctx.moveTo(padL, y(v));
      ctx.lineTo(padL + plotW, y(v));
      ctx.stroke();
    }
    ctx.globalAlpha = 0.8;
    for (const v of [0, 0.5, 1]) ctx.fillText(v.toFixed(1), 2, y(v) + 3);
    const step = span > 60 ? 10 : span > 20 ? 5 : 1;
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      ctx.fillText(`${t}s`, x(t) - 6, h - 4);
    }
    ctx.globalAlpha = 1;

    const line = (v: number, dash: number[], colour: string) => {
      ctx.strokeStyle = colour;
      ctx.setLineDash(dash);
      ctx.beginPath();
      ctx.moveTo(padL, y(v));
      ctx.lineTo(padL + plotW, y(v));
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line(threshold, [6, 4], '#dc2626');
    if (offThreshold !== undefined) line(offThreshold, [2, 3], '#f97316');

    ctx.strokeStyle = '#7c3aed';
    ctx.lineWidth = 2;
    for (const m of markers) {
      if (m < from || m > to) continue;
      ctx.beginPath();
      ctx.moveTo(x(m), 6);
      ctx.lineTo(x(m), 6 + plotH);
      ctx.stroke();
    }

    ctx.lineWidth = 1.5;
    let started = false;
    let muted: boolean | undefined;
    let prev: TimelinePoint | undefined;
    for (const p of points) {
      if (p.t < from - 1 || p.t > to + 1) continue;
      const isMuted = mutedBefore !== undefined && p.t < mutedBefore;
      if (isMuted !== muted) {
        // A new colour: finish the old path and start the new one at the previous point, so the line stays joined.
        if (started) ctx.stroke();
        ctx.strokeStyle = isMuted ? 'rgba(100, 116, 139, 0.6)' : '#2563eb';
        ctx.beginPath();
        started = false;
        if (prev) {
          ctx.moveTo(x(prev.t), y(prev.v));
          started = true;
        }
        muted = isMuted;
      }
      if (started) ctx.lineTo(x(p.t), y(p.v));
      else ctx.moveTo(x(p.t), y(p.v));
      started = true;
      prev = p;
    }
    if (started) ctx.stroke();
  }, [points, from, to, threshold, offThreshold, spans, markers, mutedBefore]);

  return (
    <canvas
      ref={canvas}
      role="img"
      aria-label={label}
      className="block w-full rounded border border-slate-300 text-slate-700 dark:border-slate-700 dark:text-slate-300"
      style={{ height }}
    />
  );
}
