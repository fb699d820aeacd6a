// Classification: the top classes as bars in a corner panel.

import type { TaskResult } from '@/lib/tasks/types';
import { fontPx, percent, type Viewport } from './geometry';

type ClassesResult = Extract<TaskResult, { kind: 'classes' }>;

export function drawClasses(ctx: CanvasRenderingContext2D, vp: Viewport, r: ClassesResult, max: number): void {
  const rows = r.classes.slice(0, Math.max(1, max));
  if (!rows.length) return;
  const size = fontPx(vp);
  const pad = Math.round(6 * vp.scale);
  const rowH = size + 2 * pad;
  const panelW = Math.min(vp.width - 2 * pad, Math.round(220 * vp.scale));
  ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
  ctx.fillRect(pad, pad, panelW, rows.length * rowH + pad);
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  rows.forEach((c, i) => {
    const y = pad + pad / 2 + i * rowH;
    ctx.fillStyle = '#0072B2';
    ctx.fillRect(pad * 2, y, (panelW - 2 * pad) * Math.min(1, Math.max(0, c.score)), rowH - pad / 2);
    ctx.fillStyle = '#fff';
    ctx.fillText(`${c.label} ${percent(c.score)}`, pad * 3, y + rowH / 2 - pad / 4);
  });
}
