// A drawn symbol (pen strokes as polylines, in any units) → one model input
// cell drawn the way the training sheet's symbols are (./glyph-style): scaled
// so its larger side spans the sheet's glyph size, stroked at the sheet's
// stroke width, then moved so its centre of mass sits where the sheet's do.
// The strokes are re-drawn from their points at the cell's own resolution
// rather than downscaled from the pad's pixels, so the stroke comes out as
// wide as the sheet's however large or small the hand drew. Pure, so Node
// tests run the same arithmetic as the page.

import type { GlyphStyle } from './glyph-style';

export interface PadPoint {
  x: number;
  y: number;
}

/** One pen-down-to-pen-up stroke; a single point is a dot. */
export type Stroke = PadPoint[];

export interface GreyCell {
  width: number;
  height: number;
  /** width × height grey values, row-major. */
  data: Uint8ClampedArray;
}

/** Sub-samples per pixel along each axis: coverage comes in steps of 1/SUPERSAMPLE². */
const SUPERSAMPLE = 4;

/** Fraction of each pixel a set of round-capped strokes of width `width` covers (points in cell px). */
function coverage(strokes: PadPoint[][], width: number, [cw, ch]: [number, number]): Float64Array {
  const sw = cw * SUPERSAMPLE;
  const sh = ch * SUPERSAMPLE;
  const hit = new Uint8Array(sw * sh);
  const r2 = (width / 2) ** 2;
  for (const stroke of strokes) {
    for (let i = 0; i < stroke.length; i++) {
      const a = stroke[i];
      const b = stroke[Math.min(i + 1, stroke.length - 1)];
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len2 = dx * dx + dy * dy;
      // Only sub-samples inside the segment's box grown by the pen radius can be hit.
      const pad = width / 2;
      const sx0 = Math.max(0, Math.floor((Math.min(a.x, b.x) - pad) * SUPERSAMPLE));
      const sx1 = Math.min(sw - 1, Math.ceil((Math.max(a.x, b.x) + pad) * SUPERSAMPLE));
      const sy0 = Math.max(0, Math.floor((Math.min(a.y, b.y) - pad) * SUPERSAMPLE));
      const sy1 = Math.min(sh - 1, Math.ceil((Math.max(a.y, b.y) + pad) * SUPERSAMPLE));
      for (let sy = sy0; sy <= sy1; sy++) {
        const py = (sy + 0.5) / SUPERSAMPLE;
        for (let sx = sx0; sx <= sx1; sx++) {
          const px = (sx + 0.5) / SUPERSAMPLE;
          const t = len2 ? Math.min(1, Math.max(0, ((px - a.x) * dx + (py - a.y) * dy) / len2)) : 0;
          const ex = px - (a.x + t * dx);
          const ey = py - (a.y + t * dy);
          if (ex * ex + ey * ey <= r2) hit[sy * sw + sx] = 1;
        }
      }
    }
  }
  const out = new Float64Array(cw * ch);
  for (let sy = 0; sy < sh; sy++) for (let sx = 0; sx < sw; sx++) if (hit[sy * sw + sx]) out[Math.floor(sy / SUPERSAMPLE) * cw + Math.floor(sx / SUPERSAMPLE)] += 1 / SUPERSAMPLE ** 2;
  return out;
}

function centreOfMass(cover: Float64Array, cw: number): PadPoint | undefined {
  let m = 0;
  let mx = 0;
  let my = 0;
  cover.forEach((v, i) => {
    m += v;
    mx += v * ((i % cw) + 0.5);
    my += v * (Math.floor(i / cw) + 0.5);
  });
  return m > 0 ? { x: mx / m, y: my / m } : undefined;
}

/**
 * Renders the strokes into one cell in the sheet's style, or returns
 * undefined when there is nothing to render (no points). A lone dot stays
 * a dot one stroke wide: there is no extent to scale.
 */
export function rasteriseGlyph(strokes: readonly Stroke[], style: GlyphStyle): GreyCell | undefined {
  const points = strokes.flat();
  if (!points.length) return undefined;
  for (const p of points) if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new Error(`a stroke point is not a finite number: (${p.x}, ${p.y})`);
  const [cw, ch] = style.cell;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  const extent = Math.max(Math.max(...xs) - x0, Math.max(...ys) - y0);
  // The ink reaches half a stroke beyond the pen's centre line on each side,
  // and glyphSize counts pixels a quarter covered (another quarter pixel each side).
  const scale = extent > 0 ? Math.max(0, style.glyphSize - style.strokeWidth - 0.5) / extent : 0;
  const midX = x0 + (Math.max(...xs) - x0) / 2;
  const midY = y0 + (Math.max(...ys) - y0) / 2;
  const place = (dx: number, dy: number) => strokes.map((s) => s.map((p) => ({ x: (p.x - midX) * scale + dx, y: (p.y - midY) * scale + dy })));

  // Draw it centred by its box first, then move it so its centre of mass lands on the sheet's.
  let dx = cw / 2;
  let dy = ch / 2;
  const first = centreOfMass(coverage(place(dx, dy), style.strokeWidth, [cw, ch]), cw);
  if (first) {
    dx += style.centre[0] - first.x;
    dy += style.centre[1] - first.y;
  }
  const cover = coverage(place(dx, dy), style.strokeWidth, [cw, ch]);
  const data = new Uint8ClampedArray(cw * ch);
  cover.forEach((v, i) => {
    data[i] = Math.round(style.background + v * (style.ink - style.background));
  });
  return { width: cw, height: ch, data };
}

/** The cell as RGBA (grey in all three channels, opaque), as a canvas's ImageData holds it. */
export function greyToRgba(cell: GreyCell): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(cell.width * cell.height * 4);
  cell.data.forEach((v, i) => {
    out.set([v, v, v, 255], i * 4);
  });
  return out;
}
