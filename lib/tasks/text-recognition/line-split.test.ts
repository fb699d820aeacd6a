import { describe, expect, it } from 'vitest';
import { columnInk, gapCuts } from './line-split';

describe('splitting long text lines', () => {
  it('measures ink against the background, for dark text on light and light on dark', () => {
    // 4 columns × 3 rows: column 1 holds a dark stroke on white, column 3 a lighter one.
    const dark = [255, 0, 255, 200, 255, 0, 255, 200, 255, 255, 255, 255];
    expect(Array.from(columnInk(dark, 4, 3))).toEqual([0, 510, 0, 110]);
    const light = dark.map((v) => 255 - v);
    expect(Array.from(columnInk(light, 4, 3))).toEqual([0, 510, 0, 110]);
    expect(() => columnInk(dark, 5, 3)).toThrow('columnInk: 12 pixels for a 5×3 crop');
  });

  it('cuts in the gaps between words, keeping every piece within the limit', () => {
    // Words of 30 columns with 6-column gaps: a 250-column line, at most 100 per piece (two words).
    const ink = Array.from({ length: 250 }, (_, i) => (i % 36 < 30 ? 10 : 0));
    const cuts = gapCuts(ink, 100);
    expect(cuts).toEqual([70, 142, 214]);
    for (const c of cuts) expect(ink[c]).toBe(0);
    const edges = [0, ...cuts, 250];
    for (let i = 1; i < edges.length; i++) expect(edges[i] - edges[i - 1]).toBeLessThanOrEqual(100);
    expect(edges[1] - edges[0]).toBeGreaterThanOrEqual(60);
  });

  it('leaves a line that fits alone, and still cuts a line with no gaps at the limit', () => {
    expect(gapCuts(new Array(100).fill(5), 100)).toEqual([]);
    expect(gapCuts(new Array(150).fill(5), 100)).toEqual([100]);
    expect(() => gapCuts([1, 2, 3], 1)).toThrow('maxColumns must be at least 2');
  });
});
