// Mutation fuzzing of the reader (and the writer on what it accepts): every
// mutated file must either parse or throw ModelFormatError. Deterministic PRNG.

import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../errors';
import { parseTflite, writeTflite } from './index';
import { listTfliteFixtures, loadTfliteFixture } from './test-fixtures';
import { importTflite } from '../../ir/import/tflite';
import { seededRandom } from '../../util/seeded-random';

/** Byte ranges holding tensor data; mutations mostly avoid them, since flipping weights tests nothing. */
function structuralPositions(bytes: Uint8Array): (rand: () => number) => number {
  const model = parseTflite(bytes);
  const data = model.buffers
    .map((b) => [b.data.byteOffset - bytes.byteOffset, b.data.byteOffset - bytes.byteOffset + b.data.length] as const)
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const gaps: [number, number][] = [];
  let pos = 0;
  for (const [s, e] of data) {
    if (s > pos) gaps.push([pos, s]);
    pos = Math.max(pos, e);
  }
  if (pos < bytes.length) gaps.push([pos, bytes.length]);
  const total = gaps.reduce((n, [s, e]) => n + e - s, 0);
  return (rand) => {
    let k = Math.floor(rand() * total);
    for (const [s, e] of gaps) {
      if (k < e - s) return s + k;
      k -= e - s;
    }
    return 0;
  };
}

type Outcome = 'parsed' | 'rejected';

function attempt(bytes: Uint8Array, deep: boolean): Outcome {
  try {
    const model = parseTflite(bytes);
    // On smaller files also exercise the writer and the IR importer (DENSIFY, operands).
    if (deep) {
      parseTflite(writeTflite(model));
      importTflite(bytes);
    }
    return 'parsed';
  } catch (err) {
    if (err instanceof ModelFormatError) return 'rejected';
    throw err;
  }
}

function mutate(src: Uint8Array, rand: () => number, structural: (r: () => number) => number, donor: Uint8Array): Uint8Array {
  const pick = (): number => (rand() < 0.85 ? structural(rand) : Math.floor(rand() * src.length));
  const kind = rand();
  if (kind < 0.15) return src.slice(0, Math.floor(rand() * src.length)); // truncation
  const out = src.slice();
  if (kind < 0.7) {
    const flips = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < flips; i++) out[pick()] ^= 1 << Math.floor(rand() * 8);
  } else if (kind < 0.85) {
    // Overwrite a 4-byte word with a hostile value (huge length, negative, boundary).
    const p = pick() & ~3;
    const hostile = [0xffffffff, 0x7fffffff, 0x80000000, 0, 1, src.length, src.length - 4, 0x10000][Math.floor(rand() * 8)];
    if (p + 4 <= out.length) new DataView(out.buffer).setUint32(p, hostile, true);
  } else {
    // Splice: copy a chunk from another model (or this one) over a structural region.
    const len = 1 + Math.floor(rand() * 64);
    const from = Math.floor(rand() * Math.max(1, donor.length - len));
    const to = pick();
    out.set(donor.subarray(from, from + Math.min(len, out.length - to)), to);
  }
  return out;
}

describe('tflite fuzz', () => {
  it('every mutation of every shipped model parses or throws ModelFormatError (≥2000 attempts)', () => {
    const files = listTfliteFixtures().map(loadTfliteFixture);
    const rand = seededRandom(0x7f1e);
    const counts = { parsed: 0, rejected: 0 };
    let total = 0;
    files.forEach((file, fi) => {
      // Big files cost a copy per attempt; they get fewer attempts.
      const big = file.bytes.length > 2_000_000;
      const n = big ? 40 : 300;
      const structural = structuralPositions(file.bytes);
      const donor = files[(fi + 1) % files.length].bytes;
      for (let i = 0; i < n; i++) {
        const mutated = mutate(file.bytes, rand, structural, donor);
        let outcome: Outcome;
        try {
          outcome = attempt(mutated, !big);
        } catch (err) {
          throw new Error(`${file.name} attempt ${i}: ${String(err)}`, { cause: err });
        }
        counts[outcome]++;
        total++;
      }
    });
    expect(total).toBeGreaterThanOrEqual(2000);
    // Both outcomes must occur, or the mutations are not reaching the structure.
    expect(counts.rejected).toBeGreaterThan(200);
    expect(counts.parsed).toBeGreaterThan(100);
    console.log(`tflite fuzz: ${total} attempts, ${counts.parsed} parsed, ${counts.rejected} rejected`);
  });
});
