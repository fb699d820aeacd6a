import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountGraph } from '../ir/accounting';
import { inferShapes } from '../ir/infer';
import { loadModel } from '../ir/load';
import { folderReader, readRecipe, sourcePath } from '../exec/testing/catalogue';
import { describeQuant, shortNumber } from './quant-text';
import { searchNodes } from './search';
import { buildModelView } from './view';
import { weightStats } from './weight-stats';

function load(recipeDir: string) {
  const recipe = readRecipe(recipeDir);
  const g = recipe.graphs[0];
  const file = sourcePath(recipe, g);
  const model = loadModel({ entry: path.basename(file), readFile: folderReader(path.dirname(file)), format: g.format, inputShapes: g.inputShapes });
  inferShapes(model, g.format === 'onnx' ? {} : { inputShapes: g.inputShapes });
  return model;
}

describe('buildModelView on BlazeFace short range (float16 weights behind DEQUANTIZE)', () => {
  const model = load('vision/face-detection/blazeface-short-range');
  const view = buildModelView(model);
  const g = view.graphs[0];
  const graph = model.graphs[0];

  it('has one node per op plus the graph interface, and one edge per non-constant op input', () => {
    expect(g.nodes.filter((n) => n.kind === 'op')).toHaveLength(graph.ops.length);
    expect(g.nodes.filter((n) => n.kind === 'input')).toHaveLength(graph.inputs.length);
    expect(g.nodes.filter((n) => n.kind === 'output')).toHaveLength(graph.outputs.length);
    const produced = new Set([...graph.inputs, ...graph.ops.flatMap((o) => o.outputs)]);
    const refs = graph.ops.flatMap((o) => o.inputs.filter((id) => produced.has(id))).length + graph.outputs.length;
    expect(g.edges).toHaveLength(refs);
  });

  it('totals and per-op MACs/params agree with lib/ir/accounting', () => {
    const acc = accountGraph(graph);
    expect(g.totals.macs).toBe(acc.macs);
    expect(g.totals.params).toBe(acc.params);
    const macSum = g.nodes.filter((n) => n.kind === 'op').reduce((a, n) => a + (n.macs ?? 0), 0);
    expect(macSum).toBe(acc.knownMacs);
    const conv = g.nodes.find((n) => n.type === 'Conv2D');
    expect(conv?.params).toBeGreaterThan(0);
  });

  it('flags the weight DEQUANTIZE ops as load-time and puts the float16 weights on their outputs', () => {
    const deq = g.nodes.filter((n) => n.type === 'Dequantize');
    expect(deq.length).toBeGreaterThan(20);
    expect(deq.every((n) => n.constantOnly)).toBe(true);
    expect(g.nodes.filter((n) => n.kind === 'op' && !n.constantOnly).every((n) => n.type !== 'Dequantize')).toBe(true);
    const out = g.tensors[deq[0].outputs[0]];
    expect(out.fromConstants?.sourceDtype).toBe('float16');
    expect(out.stats?.count).toBe(out.shape.reduce((a, d) => a * d, 1));
    expect(out.stats?.histogram.reduce((a, c) => a + c, 0)).toBe(out.stats?.count);
    expect(out.stats!.min).toBeLessThan(out.stats!.max);
  });

  it('finds ops by exact type first, then by name', () => {
    const hits = searchNodes(g.nodes, 'conv2d');
    const convs = g.nodes.filter((n) => n.type === 'Conv2D');
    expect(hits.slice(0, convs.length).map((n) => n.id)).toEqual(convs.map((n) => n.id));
    expect(searchNodes(g.nodes, '  ')).toEqual([]);
    const named = g.nodes.find((n) => n.kind === 'op' && n.name.length > 6)!;
    expect(searchNodes(g.nodes, named.name.toUpperCase()).map((n) => n.id)).toContain(named.id);
  });
});

describe('quantization in plain words', () => {
  it('per tensor: the integer range and the real range it maps to', () => {
    const d = describeQuant('int8', { scale: [0.0286], zeroPoint: [-16] });
    // 0.0286 × (−128 + 16) = −3.2032; 0.0286 × (127 + 16) = 4.0898
    expect(d.text).toBe('int8 −128…127 ↦ −3.2…4.09');
    expect(d.shown[0].min).toBeCloseTo(-3.2032, 6);
    expect(d.shown[0].max).toBeCloseTo(4.0898, 6);
    expect(d.perChannel).toBe(false);
  });

  it('per channel: symmetric spread of the channel ranges', () => {
    const d = describeQuant('int8', { scale: [0.01, 0.002, 0.05], zeroPoint: [0, 0, 0], axis: 0 });
    expect(d.text).toBe('int8 −128…127 ↦ ±0.256 … ±6.4 (per channel along axis 0, 3 channels)');
    expect(d.axis).toBe(0);
  });

  it('uint8 and numbers in prose', () => {
    expect(describeQuant('uint8', { scale: [1 / 255], zeroPoint: [0] }).text).toBe('uint8 0…255 ↦ 0…1');
    expect(shortNumber(-0.000123)).toBe('−1.23e−4'.replace('e−', 'e-'));
  });
});

describe('weight statistics', () => {
  it('measures a small tensor exactly, dequantizing per channel', () => {
    const s = weightStats({ id: 'w', name: 'w', shape: [2, 2], dtype: 'int8', data: Int8Array.from([10, -10, 0, 4]), quant: { scale: [0.5, 0.25], zeroPoint: [0, 0], axis: 0 } });
    // Real values: 5, −5, 0, 1
    expect(s).not.toBeNull();
    expect(s!.min).toBe(-5);
    expect(s!.max).toBe(5);
    expect(s!.mean).toBeCloseTo(0.25, 12);
    expect(s!.std).toBeCloseTo(Math.sqrt((4.75 ** 2 + 5.25 ** 2 + 0.25 ** 2 + 0.75 ** 2) / 4), 12);
    expect(s!.sparsity).toBe(0.25);
    expect(s!.histogram[0]).toBe(1);
    expect(s!.histogram[s!.histogram.length - 1]).toBe(1);
    expect(s!.dequantized).toBe(true);
  });
});
