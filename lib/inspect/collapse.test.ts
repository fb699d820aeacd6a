import path from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../ir/infer';
import { loadModel } from '../ir/load';
import type { Graph, Model } from '../ir/types';
import { folderReader, readRecipe, sourcePath } from '../exec/testing/catalogue';
import { COLLAPSE_THRESHOLD, groupOps, visibleGraph } from './collapse';
import { layoutGraph } from './layout';
import { buildGraphView } from './view';

function load(recipeDir: string): Model {
  const recipe = readRecipe(recipeDir);
  const g = recipe.graphs[0];
  const file = sourcePath(recipe, g);
  const model = loadModel({ entry: path.basename(file), readFile: folderReader(path.dirname(file)), format: g.format, inputShapes: g.inputShapes });
  inferShapes(model, g.format === 'onnx' ? {} : { inputShapes: g.inputShapes });
  return model;
}

/** x → [relu → relu → add(skip)] × n: every block ends where one tensor is live. */
function residualChain(blocks: number): Model {
  const tensors: Graph['tensors'] = new Map();
  const t = (id: string) => tensors.set(id, { id, name: id, shape: [1, 4], dtype: 'float32' });
  t('x');
  const ops: Graph['ops'] = [];
  let cur = 'x';
  for (let b = 0; b < blocks; b++) {
    const a = `b${b}/a`;
    const c = `b${b}/c`;
    const s = `b${b}/sum`;
    [a, c, s].forEach(t);
    ops.push({ id: `${a}op`, type: 'Relu', name: `block${b}/relu1`, inputs: [cur], outputs: [a], attrs: {} });
    ops.push({ id: `${c}op`, type: 'Relu', name: `block${b}/relu2`, inputs: [a], outputs: [c], attrs: {} });
    ops.push({ id: `${s}op`, type: 'Add', name: `block${b}/add`, inputs: [c, cur], outputs: [s], attrs: { activation: 'none' } });
    cur = s;
  }
  return { graphs: [{ name: 'main', tensors, ops, inputs: ['x'], outputs: [cur] }], sourceFormat: 'tflite', metadata: {} };
}

describe('groupOps', () => {
  it('cuts a residual chain at block boundaries and marks the repeats', () => {
    const view = buildGraphView(residualChain(40), 0);
    const groups = groupOps(view, { targetUnits: 40 });
    // Inside a block two tensors are live (the skip and the branch); between blocks one: every cut falls between blocks.
    for (const g of groups) expect(g.members.length % 3).toBe(0);
    const firstOfBlocks = groups.map((g) => view.nodes.find((n) => n.id === g.members[0])!.name);
    expect(firstOfBlocks.every((n) => n.endsWith('/relu1'))).toBe(true);
    const sameSize = groups.filter((g) => g.signature === groups[0].signature);
    expect(groups[0].repeat.of).toBe(sameSize.length);
    expect(sameSize.length).toBeGreaterThan(1);
    expect(groups[0].summary).toMatch(/^Relu ×2 · Add/);
  });

  it('covers every drawn op of a large graph exactly once, in order', () => {
    const view = buildGraphView(load('text/text-recognition/ppocr-v4-rec'), 0);
    const drawn = view.nodes.filter((n) => n.kind === 'op' && !n.constantOnly).sort((a, b) => a.order - b.order);
    expect(drawn.length).toBeGreaterThan(COLLAPSE_THRESHOLD);
    const groups = groupOps(view);
    expect(groups.flatMap((g) => g.members)).toEqual(drawn.map((n) => n.id));
    expect(groups.length).toBeGreaterThan(10);
    expect(groups.length).toBeLessThan(120);

    const collapsed = visibleGraph(view, groups, new Set());
    const interfaceNodes = view.nodes.filter((n) => n.kind !== 'op').length;
    const singles = groups.filter((g) => g.members.length < 2).length;
    expect(collapsed.units).toHaveLength(groups.length + interfaceNodes);
    expect(singles).toBeLessThan(groups.length);
    // No edge inside a block, and every edge joins drawn units.
    const ids = new Set(collapsed.units.map((u) => u.id));
    for (const e of collapsed.edges) {
      expect(e.from).not.toBe(e.to);
      expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    }
    const big = groups.find((g) => g.members.length > 1)!;
    const one = visibleGraph(view, groups, new Set([big.id]));
    expect(one.units).toHaveLength(collapsed.units.length + big.members.length - 1);
  });
});

describe('layoutGraph with ELK', () => {
  it('places every box and draws edges top-down', async () => {
    const view = buildGraphView(load('vision/facial-expression/emotion'), 0);
    const { units, edges } = visibleGraph(view, [], new Set());
    const layout = await layoutGraph(new ELK(), units, edges);
    expect(Object.keys(layout.boxes).sort()).toEqual(units.map((u) => u.id).sort());
    expect(layout.edges).toHaveLength(edges.length);
    for (const e of layout.edges) {
      const a = layout.boxes[e.from];
      const b = layout.boxes[e.to];
      expect(a.y + a.height).toBeLessThanOrEqual(b.y);
      expect(e.points.length).toBeGreaterThanOrEqual(2);
    }
    expect(layout.height).toBeGreaterThan(layout.width);
  });
});
