// The measured-time overlay on real graphs: our executor's per-op profile of
// a catalogue model (wasm, in Node), and recorded TFLite runtime profiles
// (testing/tflite-profiles) mapped onto the same files' IR graphs.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfilingSummary, profileNodes } from '../engines/tflite-profile';
import { TfjsEngine } from '../engines/tfjs-engine';
import { syntheticInputs } from '../engines/synthetic-inputs';
import type { EngineProfile, ProfiledNode } from '../engines/types';
import { useBackend } from '../exec';
import { inferShapes } from '../ir/infer';
import { loadModel } from '../ir/load';
import { alignOperators, measuredOverlay, operatorFits } from './measured-overlay';
import { buildGraphView, type GraphView } from './view';

const ROOT = path.resolve(__dirname, '../..');

function view(rel: string): GraphView {
  const file = path.join(ROOT, rel);
  const model = loadModel({ entry: path.basename(file), readFile: (p) => new Uint8Array(readFileSync(path.join(path.dirname(file), p))) });
  inferShapes(model);
  return buildGraphView(model, 0);
}

function recorded(name: string): ProfiledNode[] {
  return profileNodes(parseProfilingSummary(readFileSync(path.join(__dirname, 'testing/tflite-profiles', name), 'utf8')));
}

const profileOf = (engine: 'tflite' | 'tfjs', nodes: ProfiledNode[]): EngineProfile => ({ engine, backend: 'wasm', runs: 10, warmup: 1, profiledMs: 0, plainMs: 0, nodes, method: '' });
const perCall = (g: GraphView) => g.nodes.filter((n) => n.kind === 'op' && !n.constantOnly);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ACTIVATIONS = new Set(['Relu', 'Relu6', 'ReluN1To1', 'Clip']);

describe('TFLite runtime profiles on the IR graph', () => {
  it('BlazeFace source, one XNNPACK partition: every per-call op timed, activations sharing their conv/add time', () => {
    const g = view('public/models/vision/face-detection/blazeface-short-range/face_detection_short_range.tflite');
    const nodes = recorded('blazeface-short-range-source.txt');
    expect(nodes).toHaveLength(1);
    const partition = nodes[0];
    expect(partition.kind).toBe('tflite-delegate');
    if (partition.kind !== 'tflite-delegate') return;
    // The partition is named by the model's outputs and numbered after the file's 164 operators.
    expect(partition.outputs.sort()).toEqual(['classificators', 'regressors']);
    expect(partition.index).toBe(164);
    expect(partition.operators?.length).toBe(73);

    const o = measuredOverlay(g, profileOf('tflite', nodes));
    const ops = perCall(g);
    expect(ops).toHaveLength(90);
    for (const n of ops) expect(o.byOp[n.id]?.ms, `${n.id} ${n.type}`).toBeGreaterThanOrEqual(0);
    // Load-time DEQUANTIZE ops get none.
    for (const n of g.nodes.filter((x) => x.constantOnly)) expect(o.byOp[n.id]).toBeUndefined();
    // Shared times are XNNPACK's fused activations: one conv/add and the Relu after it.
    const spans = new Map<string, string[]>();
    for (const n of ops) {
      const span = o.byOp[n.id].span;
      if (span) spans.set(String(span.id), [...(spans.get(String(span.id)) ?? []), n.type]);
    }
    for (const types of spans.values()) {
      expect(types.filter((t) => !ACTIVATIONS.has(t))).toHaveLength(1);
      expect(types.filter((t) => ACTIVATIONS.has(t)).length).toBeGreaterThanOrEqual(1);
    }
    const own = ops.filter((n) => !o.byOp[n.id].span).length;
    console.log(`BlazeFace source: ${own} ops timed alone, ${ops.length - own} in ${spans.size} fused pairs; ${o.unattributedMs.toFixed(3)} of ${o.totalMs.toFixed(3)} ms is the partition's own overhead`);
    expect(own).toBeGreaterThanOrEqual(50);
    // Nothing lost: the ops' times and the partition's overhead add up to what the runtime reported.
    expect(sum(Object.values(o.byOp).map((e) => e.ms)) + o.unattributedMs).toBeCloseTo(partition.ms, 6);
    expect(sum(partition.operators!.map((x) => x.ms))).toBeCloseTo(sum(Object.values(o.byOp).map((e) => e.ms)), 6);
    expect(o.notes).toEqual([]);
  });

  it('emotion int8, three partitions and two interpreter nodes: partitions found in order, no op left out', () => {
    const g = view('public/artifacts/vision/facial-expression/emotion/emotion-int8.tflite');
    const nodes = recorded('emotion-int8.txt');
    const own = nodes.filter((n) => n.kind === 'tflite-node');
    expect(own.map((n) => n.kind === 'tflite-node' && `${n.type}@${n.index}`).sort()).toEqual(['RELU@9', 'SOFTMAX@19']);
    const o = measuredOverlay(g, profileOf('tflite', nodes));
    const ops = perCall(g);
    expect(ops).toHaveLength(21);
    for (const n of ops) expect(o.byOp[n.id], `${n.id} ${n.type}`).toBeDefined();
    // The interpreter's own nodes are their ops, with their own times.
    expect(g.nodes.find((n) => n.id === 'op9')?.type).toBe('Relu');
    expect(o.byOp.op9.span).toBeUndefined();
    expect(o.byOp.op19.span).toBeUndefined();
    // Each partition's ops share its time. The first holds ops 0–8 and op10 (the residual branch's
    // 1×1 conv reads op8 directly, so it runs before the RELU); the second ops 11–18; the last the
    // output DEQUANTIZE alone.
    const partitions = nodes.filter((n) => n.kind === 'tflite-delegate').sort((a, b) => a.index - b.index);
    expect(partitions.map((p) => p.index)).toEqual([21, 22, 23]);
    const members = (ms: number) => ops.filter((n) => o.byOp[n.id].span?.ms === ms).map((n) => n.id);
    expect(members(partitions[0].ms)).toEqual(['op0', 'op1', 'op2', 'op3', 'op4', 'op5', 'op6', 'op7', 'op8', 'op10']);
    expect(members(partitions[1].ms)).toEqual(['op11', 'op12', 'op13', 'op14', 'op15', 'op16', 'op17', 'op18']);
    expect(o.byOp.op20).toEqual({ ms: partitions[2].ms, share: partitions[2].ms / o.totalMs });
    expect(o.unattributedMs).toBe(0);
    expect(sum(Object.values(o.byOp).map((e) => e.ms))).toBeCloseTo(sum(nodes.map((n) => n.ms)), 6);
    expect(o.notes.some((x) => x.includes('3 partitions'))).toBe(true);
  });

  it('aligns XNNPACK operators by family, skipping fused ops', () => {
    const op = (id: string, type: string) => ({ id, type }) as GraphView['nodes'][number];
    expect(operatorFits('Convolution (NHWC, F32) GEMM', 'DepthwiseConv2D')).toBe(true);
    expect(operatorFits('Convolution (NHWC, F32) GEMM', 'Add')).toBe(false);
    const pairs = alignOperators([op('a', 'Conv2D'), op('b', 'Relu'), op('c', 'Add'), op('d', 'Concat')], [
      { name: 'Convolution (NHWC, F32) IGEMM' }, { name: 'Add (ND, F32)' }, { name: 'Copy (NC, X32)' }, { name: 'Copy (NC, X32)' },
    ]);
    expect(pairs).toEqual([[0, 0], [2, 1], [3, 2]]);
  });
});

describe("the executor's profile on the IR graph", () => {
  it('emotion (TF.js source) on wasm: one time per op, shares adding up to 1', async () => {
    expect(await useBackend({ backend: 'wasm' })).toBe('wasm');
    const dir = path.join(ROOT, 'public/models/vision/facial-expression/emotion');
    const files = { 'emotion.json': new Uint8Array(readFileSync(path.join(dir, 'emotion.json'))), 'emotion.bin': new Uint8Array(readFileSync(path.join(dir, 'emotion.bin'))) };
    const engine = new TfjsEngine();
    try {
      const info = await engine.load({ entry: 'emotion.json', files, format: 'tfjs' }, { backend: 'wasm', runtimesBase: '/unused/' });
      const profile = await engine.profile(syntheticInputs(info.inputs), { runs: 5, warmup: 2 });
      const g = view('public/models/vision/facial-expression/emotion/emotion.json');
      const o = measuredOverlay(g, profile);
      for (const n of perCall(g)) {
        const e = o.byOp[n.id];
        expect(Number.isFinite(e?.ms) && e.ms > 0, `${n.id} ${n.type}`).toBe(true);
        expect(e.span).toBeUndefined();
      }
      expect(sum(Object.values(o.byOp).map((e) => e.share))).toBeCloseTo(1, 9);
      expect(o.unattributedMs).toBe(0);
      console.log(`emotion on the executor: ${perCall(g).length} ops, ${o.totalMs.toFixed(2)} ms of ops; profiled run ${profile.profiledMs.toFixed(2)} ms, plain ${profile.plainMs.toFixed(2)} ms`);
    } finally {
      engine.dispose();
    }
  });
});
