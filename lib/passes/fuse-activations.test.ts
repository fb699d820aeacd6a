// The fuse-activations host table is checked against the official TFLite
// runtime: every (host, activation) pair the pass fuses must clamp there, and
// the pairs it leaves alone are the ones the runtime refuses or ignores.

import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import { exportTflite } from '../ir/export/tflite';
import type { Activation } from '../ir/attrs';
import type { Model } from '../ir/types';
import { runOfficialTflite } from '../formats/tflite/testing/official-runtime';
import { FUSABLE_ACTIVATIONS, fuseActivationsPass } from './fuse-activations';

const SHAPE = [1, 2, 2, 4];
const X = Float32Array.from({ length: 16 }, (_, i) => (i - 8) * 1.5); // −12 … 10.5
const BOUNDS: Record<string, [number, number]> = { relu: [0, Infinity], relu6: [0, 6], relu_n1_to_1: [-1, 1] };
const ACT_OP: Record<string, 'Relu' | 'Relu6' | 'ReluN1To1' | 'Tanh'> = { relu: 'Relu', relu6: 'Relu6', relu_n1_to_1: 'ReluN1To1', tanh: 'Tanh' };

/** x → host → separate activation op → output, with identity-like weights so the host output spans the input's range. */
function hostThenActivation(host: string, act: string): Model {
  const b = new GraphBuilder();
  const x = b.addInput('x', SHAPE);
  const eye = (n: number) => Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  const zeros = b.addConst('b', [4], [0, 0, 0, 0]);
  let y: string;
  switch (host) {
    case 'Conv2D':
      y = b.add('Conv2D', [x, b.addConst('w', [4, 1, 1, 4], eye(4)), zeros], { strides: [1, 1], dilations: [1, 1], padding: 'valid', activation: 'none', groups: 1 });
      break;
    case 'DepthwiseConv2D':
      y = b.add('DepthwiseConv2D', [x, b.addConst('w', [1, 1, 1, 4], [1, 1, 1, 1]), zeros], { strides: [1, 1], dilations: [1, 1], padding: 'valid', activation: 'none', depthMultiplier: 1 });
      break;
    case 'TransposeConv2D':
      y = b.add('TransposeConv2D', [x, b.addConst('w', [4, 1, 1, 4], eye(4))], { strides: [1, 1], padding: 'valid', activation: 'none', outputShape: SHAPE });
      break;
    case 'FullyConnected':
      // [4, 4] out: the same values in the same order as x.
      y = b.add('FullyConnected', [b.add('Reshape', [x], { newShape: [4, 4] }), b.addConst('w', [4, 4], eye(4)), zeros], { activation: 'none', keepNumDims: false });
      break;
    case 'Concat':
      y = b.add('Concat', [x, x], { axis: 3, activation: 'none' });
      break;
    case 'AveragePool2D':
    case 'MaxPool2D':
      y = b.add(host as 'MaxPool2D', [x], { filter: [1, 1], strides: [1, 1], padding: 'valid', activation: 'none' });
      break;
    case 'Add':
    case 'Sub':
      y = b.add(host as 'Add', [x, b.addConst('k', [4], [0, 0, 0, 0])], { activation: 'none' });
      break;
    default: // Mul, Div
      y = b.add(host as 'Mul', [x, b.addConst('k', [4], [1, 1, 1, 1])], { activation: 'none' });
  }
  b.markOutputs(b.add(ACT_OP[act], [y]));
  return b.toModel();
}

function fusedActivation(model: Model): Activation | undefined {
  const host = model.graphs[0].ops.find((op) => typeof op.attrs.activation === 'string' && op.attrs.activation !== 'none');
  return host?.attrs.activation as Activation | undefined;
}

describe('fuse-activations follows the TFLite kernels', () => {
  it('every (host, activation) pair it fuses clamps the same way in the official runtime', async () => {
    for (const [host, acts] of Object.entries(FUSABLE_ACTIVATIONS)) {
      for (const act of acts) {
        const model = hostThenActivation(host, act);
        const r = fuseActivationsPass.run(model, {});
        expect(r.changed, `${act} → ${host}`).toBe(1);
        expect(fusedActivation(model)).toBe(act);
        const [out] = await runOfficialTflite(exportTflite(model), [{ data: X, shape: SHAPE }]);
        const [lo, hi] = BOUNDS[act];
        const want = Array.from(X, (v) => Math.min(hi, Math.max(lo, v)));
        expect(Array.from(out.data).slice(0, 16), `${act} → ${host}`).toEqual(want);
      }
    }
  }, 60_000);

  it('leaves Concat (refused), TransposeConv2D (ignored) and Tanh (never applied) as separate ops', async () => {
    const cases: [string, string][] = [['Concat', 'relu'], ['Concat', 'relu6'], ['TransposeConv2D', 'relu'], ['TransposeConv2D', 'relu6'], ['Conv2D', 'tanh'], ['Add', 'tanh'], ['FullyConnected', 'tanh']];
    for (const [host, act] of cases) {
      const model = hostThenActivation(host, act);
      expect(fuseActivationsPass.run(model, {}).changed, `${act} → ${host}`).toBe(0);
      // And the unfused file runs in the official runtime.
      const [out] = await runOfficialTflite(exportTflite(model), [{ data: X, shape: SHAPE }]);
      const f = act === 'tanh' ? Math.tanh : (v: number) => Math.min(BOUNDS[act][1], Math.max(BOUNDS[act][0], v));
      // Concat doubles the channels: element (pixel p, channel c) is x[p, c mod 4].
      const source = (i: number) => (host === 'Concat' ? Math.floor(i / 8) * 4 + (i % 4) : i);
      const got = Array.from(out.data);
      expect(got.length).toBe(host === 'Concat' ? 32 : 16);
      got.forEach((v, i) => expect(v, `${act} after ${host} [${i}]`).toBeCloseTo(f(X[source(i)]), 5));
    }
  }, 60_000);

  it('the runtime refuses a fused activation on Concat and ignores it on TransposeConv2D and for TANH', async () => {
    /** The host with `act` written into its attrs and the separate activation op dropped. */
    const forced = (host: string, act: Activation): Model => {
      const model = hostThenActivation(host, act);
      const g = model.graphs[0];
      const actOp = g.ops[g.ops.length - 1];
      const hostOp = g.ops.find((op) => op.type === host);
      if (!hostOp) throw new Error(`no ${host}`);
      hostOp.attrs = { ...hostOp.attrs, activation: act };
      g.ops = g.ops.filter((op) => op !== actOp);
      g.outputs = [actOp.inputs[0]];
      return model;
    };
    const feed = [{ data: X, shape: SHAPE }];
    await expect(runOfficialTflite(exportTflite(forced('Concat', 'relu')), feed)).rejects.toThrow(/concatenation/);
    const [tconv] = await runOfficialTflite(exportTflite(forced('TransposeConv2D', 'relu')), feed);
    expect(Math.min(...Array.from(tconv.data))).toBe(-12);
    const [tanh] = await runOfficialTflite(exportTflite(forced('Conv2D', 'tanh')), feed);
    expect(Math.min(...Array.from(tanh.data))).toBe(-12);
    await expect(runOfficialTflite(exportTflite(forced('FullyConnected', 'tanh')), feed)).rejects.toThrow(/fully_connected/);
  }, 60_000);
});
