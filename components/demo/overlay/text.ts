// Text recognition of the whole input: the string as a caption along the bottom.

import type { TaskResult } from '@/lib/tasks/types';
import { fontPx, percent, type Viewport } from './geometry';

type TextResult = Extract<TaskResult, { kind: 'text' }>;

export function drawText(ctx: CanvasRenderingContext2D, vp: Viewport, r: TextResult): void {
  const size = Math.round(fontPx(vp) * 1.3);
  const pad = Math.round(8 * vp.scale);
  const caption = r.text ? `“${r.text}” ${percent(r.score)}` : 'no text recognised';
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.65)';
  ctx.fillRect(0, vp.height - size - 2 * pad, vp.width, size + 2 * pad);
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'bottom';
  ctx.fillText(caption, pad, vp.height - pad, vp.width - 2 * pad);
}
