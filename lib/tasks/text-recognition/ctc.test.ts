// PP-OCRv4's recogniser decoded on real text: line crops of text-page.png
// (words measured in known-regions.ts) run through the browser's TF.js engine
// on the recipe's 320×48 feed; greedy CTC with ppocr_keys_v1.txt must read the
// words. Plus the dictionary and CTC rules on a hand-made output.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../exec/testing/catalogue';
import { KNOWN_REGIONS } from '../testing/known-regions';
import { loadRecipeEngine, runEngine, type RecipeEngine } from '../testing/engine-runner';
import { loadFrame } from '../testing/recipe-runner';
import type { TaskResult } from '../types';
import { decodeCtc, parseDictionary } from './ctc';
import { PPOCR_DICTIONARY, decoders, loadPpocrDictionary } from './index';
import { editDistance } from '../testing/edit-distance';

const DICTIONARY_TEXT = readFileSync(path.join(REPO_ROOT, PPOCR_DICTIONARY.packageFile), 'utf8');

function textOf(r: TaskResult): { text: string; score: number; perChar: number[] } {
  if (r.kind !== 'text') throw new Error(`expected text, got ${r.kind}`);
  return { text: r.text, score: r.score, perChar: r.perChar ?? [] };
}

describe('CTC dictionary and greedy decoding', () => {
  it('ppocr_keys_v1.txt gives blank + 6623 characters + space = the model\'s 6625 classes', () => {
    const { classes } = parseDictionary(DICTIONARY_TEXT);
    expect(classes).toHaveLength(6625);
    expect(classes[0]).toBe('');
    expect(classes[6624]).toBe(' ');
    // The file's first lines are an apostrophe and three CJK characters; line 1 is class 1.
    expect(classes.slice(1, 3)).toEqual(["'", '疗']);
  });

  it('collapses repeats, drops blanks, keeps a repeat split by a blank, and averages kept probabilities', () => {
    const alphabet = parseDictionary('a\nb\nl\n');
    // Classes: 0 blank, 1 a, 2 b, 3 l, 4 space. Steps: b b a l blank l space a.
    const steps = [[2, 0.9], [2, 0.8], [1, 0.7], [3, 0.6], [0, 0.99], [3, 0.5], [4, 0.4], [1, 0.3]] as const;
    const data = new Float32Array(steps.length * 5);
    steps.forEach(([c, p], s) => {
      data.fill((1 - p) / 4, s * 5, s * 5 + 5);
      data[s * 5 + c] = p;
    });
    const r = textOf(decodeCtc([{ name: 'softmax', shape: [1, steps.length, 5], dtype: 'float32', data }], alphabet));
    expect(r.text).toBe('ball a');
    expect(r.perChar.map((p) => Number(p.toFixed(6)))).toEqual([0.9, 0.7, 0.6, 0.5, 0.4, 0.3]);
    expect(r.score).toBeCloseTo((0.9 + 0.7 + 0.6 + 0.5 + 0.4 + 0.3) / 6, 6);
  });

  it('refuses a dictionary that does not fit the model, and bad dictionary lines', () => {
    const alphabet = parseDictionary('a\nb\n');
    expect(() => decodeCtc([{ name: 's', shape: [1, 2, 6625], dtype: 'float32', data: new Float32Array(2 * 6625) }], alphabet)).toThrow(/6625 classes but the dictionary gives 4/);
    expect(() => parseDictionary('a\nbc\n')).toThrow(/line 2/);
    expect(() => parseDictionary('')).toThrow(/empty/);
  });
});

describe('ppocr-v4-rec on crops of text-page.png', () => {
  let re: RecipeEngine;
  beforeAll(async () => {
    re = await loadRecipeEngine('text/text-recognition/ppocr-v4-rec');
  });
  afterAll(() => re?.engine.dispose());

  it('asks for the dictionary before it is loaded', async () => {
    const frame = await loadFrame('text-page.png', KNOWN_REGIONS['text-page.png'].wordCrops[0].crop);
    const { outputs, ctx } = await runEngine(re, frame);
    // Module state: this runs before any loadPpocrDictionary call in this file.
    expect(() => decoders['ppocr-v4-rec'](outputs, ctx)).toThrow(/loadPpocrDictionary/);
  });

  for (const { crop, text } of KNOWN_REGIONS['text-page.png'].wordCrops) {
    it(`reads "${text}"`, async () => {
      loadPpocrDictionary(DICTIONARY_TEXT);
      const frame = await loadFrame('text-page.png', crop);
      const { outputs, ctx } = await runEngine(re, frame);
      expect(outputs[0].shape).toEqual([1, 40, 6625]);
      const r = textOf(decoders['ppocr-v4-rec'](outputs, ctx));
      console.log(`crop ${JSON.stringify(crop)}: ${JSON.stringify(r.text)} score ${r.score.toFixed(3)}`);
      // Spaces at either end: the crop takes in the gap before/after the words, which the model may read as a space.
      expect(editDistance(r.text.trim(), text)).toBeLessThanOrEqual(1);
      expect(r.score).toBeGreaterThanOrEqual(0.9);
      expect(r.perChar).toHaveLength(r.text.length);
    });
  }
});
