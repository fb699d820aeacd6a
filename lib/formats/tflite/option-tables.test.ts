import { describe, expect, it } from 'vitest';
import {
  BUILTIN_OPTIONS2_UNION,
  BUILTIN_OPTIONS_UNION,
  OPTION_TABLES,
  optionFields,
  parseTflite,
  writeTflite,
  type BuiltinOptions,
  type OptionTableName,
} from './index';
import { listTfliteFixtures, loadTfliteFixture } from './test-fixtures';

/** Every field set away from its default, so omission-by-default cannot hide a bug. */
function nonDefault(table: OptionTableName, seed: number): BuiltinOptions {
  const out: Record<string, unknown> = { table };
  optionFields(table).forEach(([name, kind, dflt], i) => {
    const v = seed + i + 2;
    // Subgraph references must stay valid (the model has one subgraph).
    if (name.endsWith('subgraph_index') || name === 'subgraph') return void (out[name] = 0);
    switch (kind) {
      case 'deprecated': return;
      case 'bool': out[name] = dflt !== true; return;
      case 'i8': case 'u8': out[name] = (v % 100) + 1; return;
      case 'i16': case 'u16': case 'i32': case 'u32': out[name] = v * 7; return;
      case 'i64': out[name] = BigInt(v) * 1_000_000_007n; return;
      case 'f32': out[name] = Math.fround(v / 3); return;
      case 'f64': out[name] = v / 3; return;
      case 'string': out[name] = `s${v}`; return;
      case '[i32]': case '[u32]': out[name] = [v, v + 1, 3]; return;
      case '[f32]': out[name] = [Math.fround(v / 7), -1.5]; return;
      case '[i64]': out[name] = [BigInt(v), -5n]; return;
      case '[bool]': out[name] = [true, false, true]; return;
      case '[u8]': out[name] = new Uint8Array([v & 255, 1, 2]); return;
    }
  });
  return out as BuiltinOptions;
}

describe('option tables', () => {
  it('lists 126 BuiltinOptions and 20 BuiltinOptions2 members, all with field lists', () => {
    expect(BUILTIN_OPTIONS_UNION).toHaveLength(126);
    expect(BUILTIN_OPTIONS2_UNION).toHaveLength(20);
    expect(Object.keys(OPTION_TABLES)).toHaveLength(146);
    expect(BUILTIN_OPTIONS_UNION[0]).toBe('Conv2DOptions');
    expect(BUILTIN_OPTIONS_UNION.indexOf('UnidirectionalSequenceLSTMOptions') + 1).toBe(71);
    expect(BUILTIN_OPTIONS_UNION.indexOf('GeluOptions') + 1).toBe(116);
  });

  it('every option table round-trips with non-default values in every field', () => {
    const path = listTfliteFixtures().find((f) => f.endsWith('face_detection_short_range.tflite')) ?? '';
    const m = parseTflite(loadTfliteFixture(path).bytes);
    const sg = m.subgraphs[0];
    const template = sg.operators[0];
    const all = [...BUILTIN_OPTIONS_UNION.map((t) => [t, 1] as const), ...BUILTIN_OPTIONS2_UNION.map((t) => [t, 2] as const)];
    all.forEach(([table, union], i) => {
      sg.operators.push({
        ...template,
        builtinOptions: union === 1 ? nonDefault(table, i) : null,
        builtinOptions2: union === 2 ? nonDefault(table, i) : null,
      });
    });
    const back = parseTflite(writeTflite(m));
    const n = sg.operators.length;
    const got = back.subgraphs[0].operators.slice(n - all.length);
    got.forEach((op, i) => {
      expect(op.builtinOptions).toEqual(sg.operators[n - all.length + i].builtinOptions);
      expect(op.builtinOptions2).toEqual(sg.operators[n - all.length + i].builtinOptions2);
    });
  });
});
