import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('bench arguments', () => {
  it('defaults, flags and environment fallbacks', () => {
    expect(parseArgs([])).toEqual({ quick: false, models: [], backends: [], outDir: 'bench', swiftshaderMaxMacs: 300e6 });
    expect(parseArgs(['--quick', '--models', 'blazeface,ppocr', '--backends=wasm', '--swiftshader-max-mmacs', 'all'])).toMatchObject({
      quick: true,
      models: ['blazeface', 'ppocr'],
      backends: ['wasm'],
      swiftshaderMaxMacs: Infinity,
    });
    expect(parseArgs([], { BENCH_QUICK: '1', BENCH_MODELS: 'emotion' })).toMatchObject({ quick: true, models: ['emotion'] });
  });

  it('bad input names what is wrong', () => {
    expect(() => parseArgs(['--models'])).toThrow(/--models needs a value/);
    expect(() => parseArgs(['--backends', 'cuda'])).toThrow(/unknown backend\(s\) cuda/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
    expect(() => parseArgs(['--swiftshader-max-mmacs', 'lots'])).toThrow(/takes a number of million MACs/);
  });
});
