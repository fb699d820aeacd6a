// The ONNX LSTM decomposition (ops/lstm-decompose.ts) on small synthetic
// models, against onnxruntime-node: multi-step, bidirectional and reverse,
// with and without initial states and biases; and the cases kept Custom.
import { afterAll, describe, expect, it } from 'vitest';
import { createExecutor, type Executor } from '../../../exec';
import { parity } from '../../../exec/testing/compare';
import { runOnnxReference } from '../../../exec/testing/onnx-reference';
import { toNchw } from '../../../exec/testing/samples';
import { importOnnx } from '../../../ir/import/onnx';
import type { Model } from '../../../ir/types';
import { encodeModel, floatTensor, model, valueInfo } from '../testing/encode';
import { CUSTOM_REASON_KEY } from './ops/recurrent';

const executors: Executor[] = [];
afterAll(() => executors.forEach((e) => e.dispose()));

/** Deterministic values in [-scale, scale) (LCG), so failures reproduce. */
function values(n: number, seed: number, scale = 0.5): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

interface Case {
  seq: number;
  batch: number;
  input: number;
  hidden: number;
  direction: 'forward' | 'reverse' | 'bidirectional';
  bias?: boolean;
  initialState?: boolean;
  extraAttrs?: Record<string, unknown>[];
}

function lstmModel(c: Case): Uint8Array {
  const dirs = c.direction === 'bidirectional' ? 2 : 1;
  const inits = [
    floatTensor('W', [dirs, 4 * c.hidden, c.input], values(dirs * 4 * c.hidden * c.input, 1)),
    floatTensor('R', [dirs, 4 * c.hidden, c.hidden], values(dirs * 4 * c.hidden * c.hidden, 2)),
    ...(c.bias ? [floatTensor('B', [dirs, 8 * c.hidden], values(dirs * 8 * c.hidden, 3))] : []),
  ];
  const stateInputs = c.initialState ? [valueInfo('h0', [dirs, c.batch, c.hidden]), valueInfo('c0', [dirs, c.batch, c.hidden])] : [];
  return encodeModel(model({
    name: 'lstm',
    node: [{
      op_type: 'LSTM', name: 'lstm',
      input: ['X', 'W', 'R', c.bias ? 'B' : '', '', c.initialState ? 'h0' : '', c.initialState ? 'c0' : ''],
      output: ['Y', 'Y_h', 'Y_c'],
      attribute: [
        { name: 'hidden_size', type: 2, i: c.hidden },
        { name: 'direction', type: 3, s: new TextEncoder().encode(c.direction) },
        ...(c.extraAttrs ?? []),
      ],
    }],
    initializer: inits,
    input: [valueInfo('X', [c.seq, c.batch, c.input]), ...stateInputs],
    output: [valueInfo('Y', [c.seq, dirs, c.batch, c.hidden]), valueInfo('Y_h', [dirs, c.batch, c.hidden]), valueInfo('Y_c', [dirs, c.batch, c.hidden])],
  }, 14));
}

function opTypes(m: Model): string[] {
  return m.graphs.flatMap((g) => g.ops.map((o) => o.type));
}

async function checkAgainstOrt(c: Case): Promise<Model> {
  const bytes = lstmModel(c);
  const m = importOnnx(bytes);
  expect(opTypes(m)).not.toContain('Custom');
  const dirs = c.direction === 'bidirectional' ? 2 : 1;
  const feeds: Record<string, { data: Float32Array; shape: number[] }> = {
    X: { data: Float32Array.from(values(c.seq * c.batch * c.input, 4, 2)), shape: [c.seq, c.batch, c.input] },
  };
  if (c.initialState) {
    feeds.h0 = { data: Float32Array.from(values(dirs * c.batch * c.hidden, 5)), shape: [dirs, c.batch, c.hidden] };
    feeds.c0 = { data: Float32Array.from(values(dirs * c.batch * c.hidden, 6, 1.5)), shape: [dirs, c.batch, c.hidden] };
  }
  const exec = await createExecutor(m, { backend: 'wasm' });
  executors.push(exec);
  const ours = (await exec.run(feeds)).outputs;
  const ref = await runOnnxReference(bytes, feeds);
  for (const [name, r] of Object.entries(ref)) {
    const o = ours[name];
    // Rank-4 graph outputs (Y) are NHWC in the IR; compare in the file's layout.
    const mine = m.metadata[`layout:${name}`] === 'NCHW' ? toNchw(o.data as Float32Array, o.shape) : { data: o.data as Float32Array, shape: o.shape };
    expect(mine.shape, name).toEqual(r.shape);
    const p = parity(mine.data, r.data);
    expect(p.maxError, `${name}: ${p.maxError} > ${p.tolerance}`).toBeLessThanOrEqual(p.tolerance);
  }
  return m;
}

describe('ONNX LSTM → IR ops', () => {
  it('unrolls a forward LSTM (3 steps, batch 2, bias, initial states) matching onnxruntime-node', async () => {
    const m = await checkAgainstOrt({ seq: 3, batch: 2, input: 4, hidden: 5, direction: 'forward', bias: true, initialState: true });
    const types = opTypes(m);
    // Two FullyConnected, one SplitV, three Logistic and two Tanh per step.
    expect(types.filter((t) => t === 'FullyConnected')).toHaveLength(6);
    expect(types.filter((t) => t === 'Logistic')).toHaveLength(9);
    expect(types.filter((t) => t === 'Tanh')).toHaveLength(6);
  });

  it('unrolls a bidirectional LSTM without bias or initial states', async () => {
    await checkAgainstOrt({ seq: 4, batch: 1, input: 3, hidden: 6, direction: 'bidirectional' });
  });

  it('unrolls a reverse LSTM of one step', async () => {
    await checkAgainstOrt({ seq: 1, batch: 3, input: 2, hidden: 4, direction: 'reverse', bias: true, initialState: true });
  });

  it('keeps an LSTM with a cell clip or with an unknown sequence length Custom, saying why', () => {
    const clipped = importOnnx(lstmModel({ seq: 2, batch: 1, input: 2, hidden: 3, direction: 'forward', extraAttrs: [{ name: 'clip', type: 1, f: 1 }] }));
    expect(opTypes(clipped).filter((t) => t !== 'Transpose')).toEqual(['Custom']); // Transpose: Y's NHWC output layout
    expect(clipped.metadata[`${CUSTOM_REASON_KEY}lstm`]).toMatch(/cell clip/);
    const bytes = encodeModel(model({
      name: 'lstm',
      node: [{ op_type: 'LSTM', name: 'lstm', input: ['X', 'W', 'R'], output: ['Y'], attribute: [{ name: 'hidden_size', type: 2, i: 3 }] }],
      initializer: [floatTensor('W', [1, 12, 2], values(24, 1)), floatTensor('R', [1, 12, 3], values(36, 2))],
      input: [valueInfo('X', ['seq', 1, 2])],
      output: [valueInfo('Y', ['seq', 1, 1, 3])],
    }, 14));
    const dynamic = importOnnx(bytes);
    expect(opTypes(dynamic)).toContain('Custom');
    expect(dynamic.metadata[`${CUSTOM_REASON_KEY}lstm`]).toMatch(/unknown shape/);
    // Fixing the sequence length unrolls it.
    expect(opTypes(importOnnx(bytes, { inputShapes: { X: [2, 1, 2] } }))).not.toContain('Custom');
  });
});
