import { describe, expect, it } from 'vitest';
import { applyTableState, facetOptions, parseTableState, serializeTableState, type ModelRow } from './table';

const row = (id: string, params: number, fileBytes: number, format: string, macs: number | null): ModelRow => ({
  id,
  name: id,
  href: `/x/y/${id}`,
  inputShape: '[1, 2]',
  params,
  macs,
  fileBytes,
  precision: 'float32',
  format,
  licence: 'MIT',
  estimates: { 'int8:imx93': { ms: params / 10, fits: params < 250 }, 'fp32:imx93': { ms: params, fits: true } },
});

const rows = [row('a', 300, 2 << 20, 'onnx', 10), row('b', 100, 100, 'tflite', null), row('c', 200, 30 << 20, 'tflite', 5)];

describe('task table state', () => {
  it('round-trips through the URL and drops defaults', () => {
    const s = parseTableState(new URLSearchParams('sort=params&dir=desc&format=tflite&size=ge20,lt1'));
    expect(s.sort).toBe('params');
    expect(s.dir).toBe('desc');
    expect(s.filters.format).toEqual(['tflite']);
    expect(serializeTableState(s)).toBe('sort=params&dir=desc&format=tflite&size=ge20%2Clt1');
    expect(serializeTableState(parseTableState(new URLSearchParams('')))).toBe('');
  });

  it('ignores unknown sort keys instead of failing', () => {
    expect(parseTableState(new URLSearchParams('sort=__proto__&dir=sideways')).sort).toBe('name');
  });

  it('filters by facets and sorts numerically, unknown MACs last', () => {
    const s = parseTableState(new URLSearchParams('format=tflite&sort=params'));
    expect(applyTableState(rows, s).map((r) => r.id)).toEqual(['b', 'c']);
    const byMacs = parseTableState(new URLSearchParams('sort=macs&dir=desc'));
    expect(applyTableState(rows, byMacs).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    const bySize = parseTableState(new URLSearchParams('size=1to5,ge20'));
    expect(applyTableState(rows, bySize).map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('keeps only models that fit a target under a latency bound, state in the URL', () => {
    const s = parseTableState(new URLSearchParams('on=imx93&maxms=25'));
    expect(s.fits).toEqual({ target: 'imx93', maxMs: 25, variant: 'int8' });
    // int8 estimates: a 30 ms (does not fit), b 10 ms, c 20 ms.
    expect(applyTableState(rows, s).map((r) => r.id)).toEqual(['b', 'c']);
    expect(applyTableState(rows, parseTableState(new URLSearchParams('on=imx93&maxms=15'))).map((r) => r.id)).toEqual(['b']);
    expect(applyTableState(rows, parseTableState(new URLSearchParams('on=imx93&maxms=150&variant=fp32'))).map((r) => r.id)).toEqual(['b']);
    expect(applyTableState(rows, parseTableState(new URLSearchParams('on=nowhere'))).map((r) => r.id)).toEqual([]);
    expect(serializeTableState(s)).toBe('on=imx93&maxms=25');
  });

  it('lists facet options with counts in a stable order', () => {
    expect(facetOptions(rows, 'size')).toEqual([
      { value: 'lt1', count: 1 },
      { value: '1to5', count: 1 },
      { value: 'ge20', count: 1 },
    ]);
    expect(facetOptions(rows, 'format')).toEqual([
      { value: 'onnx', count: 1 },
      { value: 'tflite', count: 2 },
    ]);
  });
});
