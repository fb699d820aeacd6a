import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './builder';
import { accountGraph, summarizeModel } from './accounting';
import { inferShapes } from './infer';

const zeros = (n: number) => new Float32Array(n);

/**
 * MobileNet-style block on 224×224×3:
 *   conv 3×3 s2 same → 112×112×32   MACs 112·112·32·(3·3·3)  = 10,838,016
 *                                    params 32·3·3·3 + 32      = 896
 *   depthwise 3×3 s1 → 112×112×32    MACs 112·112·32·(3·3)    = 3,612,672
 *                                    params 1·3·3·32 + 32      = 320
 *   pointwise 1×1 → 112×112×64       MACs 112·112·64·32       = 25,690,112
 *                                    params 64·32 + 64         = 2,112
 *   avg pool 112 → 1×1×64            0 MACs, 112·112·64 = 802,816 element ops
 *   reshape → 1×64, FC → 1×1000      MACs 1·64·1000           = 64,000
 *                                    params 1000·64 + 1000     = 65,000
 *   total MACs 40,204,800; params 68,328; float32 weight bytes 273,312
 */
function mobilenetBlock(batch = 1) {
  const b = new GraphBuilder('mobilenet-block');
  const x = b.addInput('image', [batch, 224, 224, 3]);
  const c1 = b.add('Conv2D', [x, b.addConst('c1.w', [32, 3, 3, 3], zeros(864)), b.addConst('c1.b', [32], zeros(32))],
    { strides: [2, 2], padding: 'same', activation: 'relu6' });
  const dw = b.add('DepthwiseConv2D', [c1, b.addConst('dw.w', [1, 3, 3, 32], zeros(288)), b.addConst('dw.b', [32], zeros(32))],
    { padding: 'same', activation: 'relu6' });
  const pw = b.add('Conv2D', [dw, b.addConst('pw.w', [64, 1, 1, 32], zeros(2048)), b.addConst('pw.b', [64], zeros(64))],
    { activation: 'relu6' });
  const pool = b.add('AveragePool2D', [pw], { filter: [112, 112], strides: [1, 1], padding: 'valid' });
  const flat = b.add('Reshape', [pool], { newShape: [-1, 64] });
  const logits = b.add('FullyConnected', [flat, b.addConst('fc.w', [1000, 64], zeros(64000)), b.addConst('fc.b', [1000], zeros(1000))]);
  const probs = b.add('Softmax', [logits]);
  b.markOutputs(probs);
  return { b, c1, dw, pw, pool, logits, probs };
}

describe('accounting', () => {
  it('counts MACs, params and bytes of a MobileNet-style block', () => {
    const { b, c1, pw, pool, probs } = mobilenetBlock();
    expect(b.tensor(c1).shape).toEqual([1, 112, 112, 32]);
    expect(b.tensor(pool).shape).toEqual([1, 1, 1, 64]);
    expect(b.tensor(probs).shape).toEqual([1, 1000]);
    const s = summarizeModel(b.toModel());
    expect(s.ops.map((o) => [o.type, o.macs])).toEqual([
      ['Conv2D', 10_838_016],
      ['DepthwiseConv2D', 3_612_672],
      ['Conv2D', 25_690_112],
      ['AveragePool2D', 0],
      ['Reshape', 0],
      ['FullyConnected', 64_000],
      ['Softmax', 0],
    ]);
    expect(s.macs).toBe(40_204_800);
    expect(s.unknownMacs).toEqual([]);
    expect(s.ops.map((o) => o.params)).toEqual([896, 320, 2112, 0, 0, 65_000, 0]);
    expect(s.params).toBe(68_328);
    expect(s.weightBytes).toBe(68_328 * 4);
    expect(s.constantBytes).toBe(68_328 * 4);
    // Element ops: pool window reads 112·112·64 = 802,816; softmax 1000.
    expect(s.elementOps).toBe(802_816 + 1000);
    // Largest activation: pointwise output 112·112·64 float32.
    expect(s.largestActivation).toEqual({ tensor: pw, bytes: 112 * 112 * 64 * 4 });
    expect(s.opHistogram).toEqual({ Conv2D: 2, DepthwiseConv2D: 1, AveragePool2D: 1, Reshape: 1, FullyConnected: 1, Softmax: 1 });
    expect(s.categoryHistogram).toEqual({ conv: 2, depthwise: 1, pool: 1, shape: 1, dense: 1, activation: 1 });
    expect(s.inputs).toEqual([{ id: 't0', name: 'image', shape: [1, 224, 224, 3], dtype: 'float32' }]);
    expect(s.outputs[0].shape).toEqual([1, 1000]);
    expect(s.opCount).toBe(7);
  });

  it('reports unknown MACs with a reason instead of 0, until shapes are fixed', () => {
    const { b } = mobilenetBlock(-1);
    const model = b.toModel();
    const before = summarizeModel(model);
    expect(before.macs).toBeNull();
    expect(before.unknownMacs.map((u) => u.type)).toEqual(['Conv2D', 'DepthwiseConv2D', 'Conv2D', 'FullyConnected']);
    expect(before.ops[0].macsUnknownReason).toMatch(/unknown dims in tensor t0/);
    expect(before.knownMacs).toBe(0);
    inferShapes(model, { inputShapes: { image: [2, 224, 224, 3] } });
    expect(summarizeModel(model).macs).toBe(2 * 40_204_800);
  });

  it('weighs stored bytes by dtype and counts shared weights once', () => {
    const b = new GraphBuilder();
    const x = b.addInput('x', [1, 16]);
    const w8 = b.addConst('w8', [8, 16], new Int8Array(128), 'int8', { scale: [0.1], zeroPoint: [0] });
    const w4 = b.addConst('w4', [8, 16], new Uint8Array(64), 'int4', { scale: [0.1], zeroPoint: [0] });
    const h = b.add('FullyConnected', [x, w8]);
    const h2 = b.add('FullyConnected', [x, w8]);
    const h3 = b.add('FullyConnected', [x, w4]);
    const half = b.addConst('half', [8], new Uint8Array(16), 'float16');
    const y = b.add('Add', [b.add('Add', [h, h2]), half]);
    b.markOutputs(y, h3);
    const acc = accountGraph(b.build());
    // w8 128 elements × 1 byte (once, though used twice), w4 128 × 0.5, float16 8 × 2
    expect(acc.params).toBe(128 + 128 + 8);
    expect(acc.weightBytes).toBe(128 + 64 + 16);
    // Per op, a shared weight counts for each user.
    expect(acc.ops.slice(0, 3).map((o) => [o.params, o.weightBytes])).toEqual([[128, 128], [128, 128], [128, 64]]);
    expect(acc.ops.map((o) => o.macs)).toEqual([128, 128, 128, 0, 0]);
    expect(acc.ops[3].elementOps).toBe(8);
  });
});
