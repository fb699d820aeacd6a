// How the symbols of a training sheet sit in their cells (OpenCV's digits.png:
// white strokes on black, about 15 px tall in a 20×20 cell, centred by their
// centre of mass, strokes about 2 px wide), measured from the sheet itself so
// a drawn symbol can be rendered the same way. Pure: Node tests and the build
// measure real sheets with it.

export interface GlyphStyle {
  /** [width, height] of one cell, px: the model's input size. */
  cell: [number, number];
  /** Median of each symbol's larger ink extent (bounding box of pixels at ≥ 25 % ink), px. */
  glyphSize: number;
  /** Median intensity-weighted centre of the symbols, px from the cell's top-left corner (pixel centres at +0.5). */
  centre: [number, number];
  /** Median ink across one stroke (summed coverage of a run of inked pixels along a row or column), px. */
  strokeWidth: number;
  /** Grey value of the strokes' core and of the empty background, 0–255. */
  ink: number;
  background: number;
}

/** One greyscale sheet: `width` × `height` bytes, a grid of equal cells. */
export interface GreySheet {
  width: number;
  height: number;
  data: Uint8Array;
  cell: [number, number];
}

const median = (values: number[]): number => {
  if (!values.length) throw new Error('no values to take the median of');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Sums the ink of each run of inked pixels along a line of `n` values read by `at`. */
function runWidths(n: number, at: (i: number) => number, threshold: number, out: number[]): void {
  let run = 0;
  for (let i = 0; i <= n; i++) {
    const v = i < n ? at(i) : 0;
    if (v >= threshold) run += v;
    else if (run > 0) {
      out.push(run);
      run = 0;
    }
  }
}

/**
 * Measures every non-empty cell of a sheet. The background is the median
 * corner pixel and the ink the median brightest (or darkest) pixel per cell,
 * so a dark-on-light sheet measures as such; all other measures work on ink
 * coverage (0 at the background, 1 at the ink).
 */
export function measureGlyphStyle(sheet: GreySheet): GlyphStyle {
  const [cw, ch] = sheet.cell;
  const columns = Math.floor(sheet.width / cw);
  const rows = Math.floor(sheet.height / ch);
  if (!columns || !rows || sheet.data.length !== sheet.width * sheet.height) {
    throw new Error(`a ${sheet.width}×${sheet.height} sheet of ${sheet.data.length} bytes holds no ${cw}×${ch} cells`);
  }
  const pixel = (r: number, c: number, x: number, y: number) => sheet.data[(r * ch + y) * sheet.width + c * cw + x];
  const corners: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) corners.push(pixel(r, c, 0, 0), pixel(r, c, cw - 1, 0), pixel(r, c, 0, ch - 1), pixel(r, c, cw - 1, ch - 1));
  const background = median(corners);
  const lightInk = background < 128;
  const extremes: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) {
    let e = background;
    for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) e = lightInk ? Math.max(e, pixel(r, c, x, y)) : Math.min(e, pixel(r, c, x, y));
    if (e !== background) extremes.push(e);
  }
  if (!extremes.length) throw new Error('the sheet has no ink: every cell is empty');
  const ink = median(extremes);
  const span = ink - background;

  const sizes: number[] = [];
  const cx: number[] = [];
  const cy: number[] = [];
  const widths: number[] = [];
  const cover = new Float64Array(cw * ch);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) {
    let mass = 0;
    let mx = 0;
    let my = 0;
    let x0 = cw;
    let y0 = ch;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) {
      const v = Math.min(1, Math.max(0, (pixel(r, c, x, y) - background) / span));
      cover[y * cw + x] = v;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v >= 0.25) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    if (x1 < 0) continue;
    sizes.push(Math.max(x1 - x0 + 1, y1 - y0 + 1));
    cx.push(mx / mass);
    cy.push(my / mass);
    // Faint anti-aliasing below 1/16 coverage belongs to no stroke.
    for (let y = 0; y < ch; y++) runWidths(cw, (x) => cover[y * cw + x], 1 / 16, widths);
    for (let x = 0; x < cw; x++) runWidths(ch, (y) => cover[y * cw + x], 1 / 16, widths);
  }
  return { cell: [cw, ch], glyphSize: median(sizes), centre: [median(cx), median(cy)], strokeWidth: median(widths), ink, background };
}
