// The quantizer's own rewrites as edits, on a small net built to contain
// each: a fused sigmoid split back out, a Div by a constant turned into a
// Mul, a Clip that is no ReLU lowered to Maximum + Minimum, requantize and
// interface QUANTIZE / DEQUANTIZE inserted. (The passes' edits are checked
// on real catalogue models in lib/inspect/conversion-diff.test.ts.)

import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import type { Range } from '../quantize';
import { quantizeModel } from '../quantize';
import { diffModels, packEdits, unpackEdits, type NodeEdit } from './change-log';

function net() {
  const b = new GraphBuilder();
  const x = b.addInput('x', [1, 4, 4, 2]);
  const w = b.addConst('w', [2, 1, 1, 2], [0.5, -0.25, 0.75, 1]);
  const conv = b.add('Conv2D', [x, w, b.addConst('bias', [2], [0.1, -0.1])], { strides: [1, 1], dilations: [1, 1], padding: 'same', activation: 'sigmoid', groups: 1 }, { name: 'conv' });
  const div = b.add('Div', [conv, b.addConst('two', [], [2])], {}, { name: 'halve' });
  const clip = b.add('Clip', [div], { min: -0.2, max: 0.3 }, { name: 'clamp' });
  const cat = b.add('Concat', [clip, x], { axis: 3 }, { name: 'join' });
  b.markOutputs(cat);
  const ranges = new Map<string, Range>([[x, { min: -1, max: 1 }], [conv, { min: 0, max: 1 }], [div, { min: 0, max: 0.5 }], [clip, { min: 0, max: 0.3 }], [cat, { min: -1, max: 1 }]]);
  return { model: b.toModel(), ranges };
}

const summary = (edits: NodeEdit[]) => edits.map((e) => (e.kind === 'retyped' ? `${e.label}: ${e.ops.map((o) => o.id).join(', ')}` : `${e.kind} ${e.label}: ${e.before.map((o) => o.id).join(' + ') || '∅'} → ${e.after.map((o) => o.id).join(' + ') || '∅'}`));

describe('the int8 quantizer\'s rewrites as node edits', () => {
  const { model, ranges } = net();
  const { model: q } = quantizeModel(model, ranges, { inputType: 'float32', outputType: 'float32' });
  const edits = diffModels(model, q);

  it('names each rewrite, keyed by the ops\' ids', () => {
    const ids = model.graphs[0].ops.map((o) => o.id);
    const [conv, div, clip, cat] = ids;
    const qOps = new Map(q.graphs[0].ops.map((o) => [o.id, o.type]));
    const inserted = [...qOps].filter(([id]) => !ids.includes(id));
    expect(inserted.map(([, t]) => t).sort()).toEqual(['Dequantize', 'Logistic', 'Maximum', 'Minimum', 'Quantize', 'Quantize']);
    const idOf = (type: string) => inserted.filter(([, t]) => t === type).map(([id]) => id);
    expect(summary(edits)).toEqual([
      `added Quantize inserted (float32 → int8): ∅ → ${idOf('Quantize').find((id) => id.startsWith('quantize_'))}`,
      `replaced Conv2D → Conv2D (sigmoid split out, float32 → int8) + Logistic: ${conv} → ${conv} + ${idOf('Logistic')[0]}`,
      `modified Div → Mul (float32 → int8): ${div} → ${div}`,
      `replaced Clip → Maximum + Minimum: ${clip} → ${idOf('Maximum')[0]} + ${idOf('Minimum')[0]}`,
      `Concat float32 → int8: ${cat}`,
      `added Quantize inserted (requantize int8 to a shared scale): ∅ → ${idOf('Quantize').find((id) => !id.startsWith('quantize_'))}`,
      `added Dequantize inserted (int8 → float32): ∅ → ${idOf('Dequantize')[0]}`,
    ]);
  });

  it('packs to indices and back without loss', () => {
    const packed = packEdits(edits);
    expect(unpackEdits(packed)).toEqual(edits);
    expect(packed.labels).toHaveLength(new Set(edits.map((e) => e.label)).size);
  });
});
