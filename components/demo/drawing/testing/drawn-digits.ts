// Digits as a hand draws them on the pad: polylines in a unit box (x right,
// y down), one array per pen stroke, written the way people write them
// (a "7" with a slanted stem, a "1" with a flag, a "0" as one closed loop
// that starts at the top). Shared by the unit test and the e2e test, which
// replays them with the mouse.

import type { Stroke } from '../rasterise-glyph';

/** An ellipse from angle a0 to a1 (radians, 0 = right, clockwise on screen), n segments. */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, n = 24): Stroke {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / n;
    return { x: cx + rx * Math.cos(a), y: cy + ry * Math.sin(a) };
  });
}

const pts = (...xy: number[]): Stroke => Array.from({ length: xy.length / 2 }, (_, i) => ({ x: xy[2 * i], y: xy[2 * i + 1] }));

export const DRAWN_DIGITS: Record<number, Stroke[]> = {
  0: [arc(0.5, 0.5, 0.24, 0.34, -Math.PI / 2, (3 * Math.PI) / 2, 32)],
  1: [pts(0.4, 0.28, 0.55, 0.15, 0.53, 0.85)],
  2: [[...arc(0.5, 0.33, 0.2, 0.18, Math.PI * 1.1, Math.PI * 2.25, 16), ...pts(0.3, 0.85, 0.72, 0.85)]],
  3: [[...arc(0.48, 0.32, 0.18, 0.17, Math.PI * 1.15, Math.PI * 2.5, 16), ...arc(0.48, 0.67, 0.2, 0.18, -Math.PI * 0.5, Math.PI * 0.85, 16)]],
  4: [pts(0.6, 0.15, 0.28, 0.62, 0.75, 0.62), pts(0.6, 0.35, 0.6, 0.85)],
  5: [[...pts(0.7, 0.16, 0.36, 0.16, 0.33, 0.45), ...arc(0.5, 0.63, 0.21, 0.21, -Math.PI * 0.75, Math.PI * 0.8, 18)]],
  6: [[...arc(0.62, 0.42, 0.3, 0.3, -Math.PI * 0.45, -Math.PI, 8), ...arc(0.5, 0.66, 0.19, 0.19, Math.PI, Math.PI * 3, 20)]],
  7: [pts(0.28, 0.17, 0.72, 0.17, 0.45, 0.85)],
  8: [[...arc(0.5, 0.32, 0.16, 0.16, Math.PI * 0.5, Math.PI * 2.5, 16), ...arc(0.5, 0.67, 0.2, 0.19, -Math.PI * 0.5, Math.PI * 1.5, 18)]],
  9: [[...arc(0.48, 0.34, 0.18, 0.18, 0, Math.PI * 2, 20), ...pts(0.66, 0.34, 0.6, 0.85)]],
};
