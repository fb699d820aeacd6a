// Long text lines into pieces a fixed-width recogniser can read: PP-OCRv4's
// input is 320×48, so a line wider than 6.7 heights would be squeezed until
// its letters blur together. The line is cut where it is emptiest (between
// words), each piece stays under the input's aspect ratio, and the pieces'
// texts are joined with spaces.

/** Per-column "ink" of a greyscale crop: how far each column's pixels lie from the crop's background (its median). */
export function columnInk(grey: ArrayLike<number>, width: number, height: number): Float32Array {
  if (grey.length !== width * height) throw new Error(`columnInk: ${grey.length} pixels for a ${width}×${height} crop`);
  const sorted = Float32Array.from(grey).sort();
  const background = sorted[sorted.length >> 1];
  const ink = new Float32Array(width);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) ink[x] += Math.abs(grey[y * width + x] - background);
  return ink;
}

/**
 * Where to cut a line `ink.length` columns long into pieces of at most
 * `maxColumns` each: greedily, at the emptiest column (a 3-column average,
 * the latest on a tie) of the last 40 % of each piece's allowed span, so no
 * piece is shorter than 60 % of the limit but the last. Returns the cut
 * columns, ascending.
 */
export function gapCuts(ink: ArrayLike<number>, maxColumns: number): number[] {
  if (!(maxColumns >= 2)) throw new Error(`gapCuts: maxColumns must be at least 2, got ${maxColumns}`);
  const n = ink.length;
  const smooth = (i: number) => (ink[Math.max(0, i - 1)] + ink[i] + ink[Math.min(n - 1, i + 1)]) / 3;
  const cuts: number[] = [];
  let start = 0;
  while (n - start > maxColumns) {
    const from = start + Math.ceil(0.6 * maxColumns);
    const to = start + Math.floor(maxColumns);
    let best = to;
    // The latest of the emptiest columns: pieces as long as allowed.
    for (let i = to; i >= from; i--) if (smooth(i) < smooth(best)) best = i;
    cuts.push(best);
    start = best;
  }
  return cuts;
}
