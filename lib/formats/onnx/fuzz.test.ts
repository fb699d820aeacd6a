// Seeded mutation fuzzing of the real files: every mutant must either read and
// import, or throw ModelFormatError (no raw exceptions, hangs or OOM).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../ir/import/onnx';
import { ModelFormatError } from '../errors';
import { REAL_ONNX_FILES, type RealOnnxFile } from './testing/real-models';
import { seededRandom } from '../../util/seeded-random';

type Mutation = 'flip' | 'truncate' | 'splice' | 'overwrite';

function mutate(src: Uint8Array, donor: Uint8Array, rnd: () => number, kind: Mutation): Uint8Array {
  const at = (n: number) => Math.floor(rnd() * n);
  switch (kind) {
    case 'flip': {
      const out = src.slice();
      const flips = 1 + at(8);
      // Bias half the flips toward the first 4 KiB, where graph structure (not weights) lives.
      for (let i = 0; i < flips; i++) {
        const pos = rnd() < 0.5 ? at(Math.min(4096, out.length)) : at(out.length);
        out[pos] ^= 1 << at(8);
      }
      return out;
    }
    case 'truncate':
      return src.slice(0, at(src.length));
    case 'splice': {
      const from = at(donor.length);
      const len = 1 + at(Math.min(512, donor.length - from));
      const pos = at(src.length);
      const chunk = donor.subarray(from, from + len);
      const tail = src.subarray(Math.min(src.length, pos + (rnd() < 0.5 ? len : 0)));
      const out = new Uint8Array(pos + chunk.length + tail.length);
      out.set(src.subarray(0, pos), 0);
      out.set(chunk, pos);
      out.set(tail, pos + chunk.length);
      return out;
    }
    case 'overwrite': {
      const out = src.slice();
      const pos = at(out.length);
      for (let i = pos; i < Math.min(out.length, pos + 1 + at(16)); i++) out[i] = at(256);
      return out;
    }
  }
}

// Iterations per file: the big OCR models get fewer, the small audio heads most.
const PLAN: Array<[RealOnnxFile, number]> = [
  ['heyRhasspy', 500], ['alexa', 300], ['heyJarvis', 300], ['weather', 150], ['melspectrogram', 200],
  ['embedding', 150], ['ocrCls', 150], ['sileroV5', 120], ['sileroLegacy', 80], ['ocrDet', 40], ['ocrRec', 30],
];
const KINDS: Mutation[] = ['flip', 'truncate', 'splice', 'overwrite'];

describe('fuzzing real ONNX files', () => {
  it('every mutant imports or throws ModelFormatError', () => {
    const rnd = seededRandom(0x0bad5eed);
    const files = PLAN.map(([k]) => new Uint8Array(readFileSync(REAL_ONNX_FILES[k])));
    const failures: string[] = [];
    const tally = { imported: 0, rejected: 0 };
    let total = 0;
    PLAN.forEach(([name, count], fi) => {
      for (let i = 0; i < count; i++) {
        const kind = KINDS[i % KINDS.length];
        const bytes = mutate(files[fi], files[(fi + 1 + i) % files.length], rnd, kind);
        total++;
        try {
          importOnnx(bytes);
          tally.imported++;
        } catch (e) {
          if (e instanceof ModelFormatError) tally.rejected++;
          else failures.push(`${name} #${i} (${kind}): ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e)}`);
        }
      }
    });
    console.log(`fuzz: ${total} mutants, ${tally.imported} imported, ${tally.rejected} rejected with ModelFormatError, ${failures.length} other`);
    expect(failures.slice(0, 5)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(2000);
  });
});
