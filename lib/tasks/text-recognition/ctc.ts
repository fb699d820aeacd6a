// Greedy CTC decoding for PP-OCRv4's recogniser, as PaddleOCR's
// CTCLabelDecode (use_space_char true) does it: output [1, T, C] holds, per
// horizontal step, probabilities over C = 1 + keys + 1 classes: index 0 the
// CTC blank, 1…keys the lines of ppocr_keys_v1.txt, the last a space. Take the
// argmax per step, collapse repeats, drop blanks; the confidence is the mean
// of the kept steps' probabilities.

import type { EngineTensor } from '../../engines/types';
import type { DecodeContext, TaskDecoder, TaskResult } from '../types';

/** Output classes in index order: blank (''), the dictionary's characters, then ' '. */
export interface CtcAlphabet {
  classes: readonly string[];
}

/**
 * Builds the alphabet from a dictionary file's text (one character per line,
 * as ppocr_keys_v1.txt). Only line breaks are stripped, as PaddleOCR does, so
 * a line holding a space stays a space.
 */
export function parseDictionary(text: string): CtcAlphabet {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the file's final newline
  if (lines.length === 0) throw new Error('CTC dictionary is empty');
  const bad = lines.findIndex((l) => [...l].length !== 1);
  if (bad >= 0) throw new Error(`CTC dictionary line ${bad + 1} holds ${JSON.stringify(lines[bad])}, not one character`);
  return { classes: ['', ...lines, ' '] };
}

const describe = (outputs: EngineTensor[]): string => outputs.map((o) => `[${o.shape.join(', ')}]`).join(', ') || 'none';

export function decodeCtc(outputs: EngineTensor[], alphabet: CtcAlphabet): TaskResult {
  const classes = alphabet.classes.length;
  const t = outputs.find((o) => o.shape.length === 3 && o.shape[0] === 1);
  if (!t) throw new Error(`CTC: expected a [1, steps, classes] output, got ${describe(outputs)}`);
  if (t.shape[2] !== classes) {
    throw new Error(`CTC: the model scores ${t.shape[2]} classes but the dictionary gives ${classes} (blank + ${classes - 2} characters + space): wrong dictionary for this model`);
  }
  const steps = t.shape[1];
  const d = t.data;
  let text = '';
  const perChar: number[] = [];
  let previous = -1;
  for (let s = 0; s < steps; s++) {
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = Number(d[s * classes + c]);
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += alphabet.classes[best];
      perChar.push(bestP);
    }
    previous = best;
  }
  // PaddleOCR scores an empty reading 0 (the mean over no characters).
  const score = perChar.length ? perChar.reduce((a, b) => a + b, 0) / perChar.length : 0;
  return { kind: 'text', text, score, perChar };
}

/** A TaskDecoder bound to one alphabet. */
export function ctcDecoder(alphabet: CtcAlphabet): TaskDecoder {
  return (outputs: EngineTensor[], _ctx: DecodeContext) => decodeCtc(outputs, alphabet);
}
