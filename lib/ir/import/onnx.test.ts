import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnx } from '../../formats/onnx/read';
import { encodeModel, floatTensor, model, valueInfo } from '../../formats/onnx/testing/encode';
import { REAL_ONNX_FILES } from '../../formats/onnx/testing/real-models';
import type { OnnxNode, OnnxTensor } from '../../formats/onnx/types';
import { summarizeModel } from '../accounting';
import { inferShapes } from '../infer';
import type { Graph, Model, Op } from '../types';
import { importOnnx } from './onnx';

const load = (f: string) => new Uint8Array(readFileSync(f));
const opsOf = (m: Model, type: string): Op[] => m.graphs.flatMap((g) => g.ops.filter((o) => o.type === type));
const shapeOf = (g: Graph, id: string) => g.tensors.get(id)?.shape;

function histogram(m: Model): Record<string, number> {
  const h: Record<string, number> = {};
  for (const g of m.graphs) for (const o of g.ops) h[o.type] = (h[o.type] ?? 0) + 1;
  return h;
}

describe('importOnnx on real files', () => {
  it.each(Object.entries(REAL_ONNX_FILES))('imports %s', (name, file) => {
    const m = importOnnx(load(file));
    expect(m.sourceFormat).toBe('onnx');
    expect(m.graphs[0].ops.length).toBeGreaterThan(0);
    const custom = opsOf(m, 'Custom').map((o) => String(o.attrs.customCode));
    const counts: Record<string, number> = {};
    for (const c of custom) counts[c] = (counts[c] ?? 0) + 1;
    console.log(`${name}: ${m.graphs.length} graph(s), ${m.graphs.reduce((s, g) => s + g.ops.length, 0)} ops, Custom: ${JSON.stringify(counts)}`);
  });

  describe('PP-OCRv4 det', () => {
    const bytes = load(REAL_ONNX_FILES.ocrDet);
    const src = readOnnx(bytes);
    const m = importOnnx(bytes);
    const g = m.graphs[0];

    it('has NHWC io with dynamic dims kept as -1', () => {
      expect(g.inputs).toHaveLength(1);
      expect(g.tensors.get(g.inputs[0])).toMatchObject({ name: 'x', shape: [-1, -1, -1, 3], dtype: 'float32' });
      expect(shapeOf(g, g.outputs[0])).toEqual([-1, -1, -1, 1]);
    });

    it('maps every source Conv to Conv2D/DepthwiseConv2D with no spurious Transpose or Custom', () => {
      const srcConvs = src.graph.nodes.filter((n) => n.opType === 'Conv').length;
      const h = histogram(m);
      expect(srcConvs).toBe(62);
      expect((h.Conv2D ?? 0) + (h.DepthwiseConv2D ?? 0)).toBe(srcConvs);
      expect(h).toMatchObject({ Conv2D: 48, DepthwiseConv2D: 14, TransposeConv2D: 2, ResizeNearestNeighbor: 6 });
      expect(h.Transpose).toBeUndefined();
      expect(h.Custom).toBeUndefined();
    });

    it('permutes OIHW conv weights to OHWI and depthwise to [1, kh, kw, C]', () => {
      const weightOf = (n: OnnxNode): OnnxTensor => {
        const producer = src.graph.nodes.find((c) => c.outputs[0] === n.inputs[1])!;
        const a = producer.attributes.value;
        if (a?.type !== 'tensor') throw new Error('weight is not a Constant');
        return a.value;
      };
      const convNodes = src.graph.nodes.filter((n) => n.opType === 'Conv');
      const irConvs = g.ops.filter((o) => o.type === 'Conv2D' || o.type === 'DepthwiseConv2D');
      let checkedConv = 0;
      let checkedDw = 0;
      convNodes.forEach((n, k) => {
        const w = weightOf(n);
        const [O, I, H, W] = w.dims;
        const op = irConvs[k];
        expect(op.name).toBe(n.name);
        const src32 = new Float32Array(w.raw.buffer, w.raw.byteOffset, w.raw.byteLength / 4);
        const filter = g.tensors.get(op.inputs[1])!;
        const dst = filter.data as Float32Array;
        const probe = [[0, 0, 0, 0], [O - 1, I - 1, H - 1, W - 1], [Math.floor(O / 2), Math.floor(I / 3), H - 1, 0]];
        for (const [o, i, h, x] of probe) {
          const v = src32[((o * I + i) * H + h) * W + x];
          if (op.type === 'Conv2D') {
            expect(filter.shape).toEqual([O, H, W, I]);
            expect(dst[((o * H + h) * W + x) * I + i]).toBe(v);
          } else {
            expect(filter.shape).toEqual([1, H, W, O]);
            expect(dst[(h * W + x) * O + o]).toBe(v);
          }
        }
        if (op.type === 'Conv2D') checkedConv++; else checkedDw++;
      });
      expect(checkedConv).toBe(48);
      expect(checkedDw).toBe(14);
    });

    it('fixes dynamic dims from inputShapes (ONNX order)', () => {
      const fixed = importOnnx(bytes, { inputShapes: { x: [1, 3, 640, 640] } });
      const fg = fixed.graphs[0];
      expect(shapeOf(fg, fg.inputs[0])).toEqual([1, 640, 640, 3]);
      expect(shapeOf(fg, fg.outputs[0])).toEqual([1, 640, 640, 1]);
      expect(histogram(fixed).Shape).toBeUndefined();
      const sizes = opsOf(fixed, 'ResizeNearestNeighbor').map((o) => o.attrs.size);
      expect(sizes).toContainEqual([40, 40]);
      expect(() => importOnnx(bytes, { inputShapes: { x: [1, 4, 640, 640] } })).toThrow(/do not fit/);
    });
  });

  it('specialises Silero VAD v5 to fixed shapes: constant pads fold, shape-decided Ifs inline', () => {
    const m = importOnnx(load(REAL_ONNX_FILES.sileroV5), { inputShapes: { input: [1, 576], state: [2, 1, 128] } });
    const top = m.graphs[0].ops.find((o) => o.type === 'If')!;
    // then = the 16 kHz branch: its right-only reflect pad of 64 comes from a Slice/Transpose/Reshape/Cast chain.
    const g16 = m.graphs[Number(top.attrs.thenGraph)];
    const h = histogram({ ...m, graphs: [g16] });
    expect(h).toMatchObject({ Pad: 1, Conv2D: 6 });
    expect(h.If).toBeUndefined();
    // Its LSTM (one step: torch LSTMCell exported as a seq-1 LSTM) is unrolled into builtins.
    expect(h.Custom).toBeUndefined();
    expect(h).toMatchObject({ FullyConnected: 2, SplitV: 1, Logistic: 4, Tanh: 2 });
    const pad = g16.ops.find((o) => o.type === 'Pad')!;
    expect(pad.attrs).toMatchObject({ pads: [0, 0, 0, 64], mode: 'reflect' });
    expect(shapeOf(g16, pad.outputs[0])).toEqual([1, 640]);
    const stft = g16.ops.find((o) => o.type === 'Conv2D')!;
    expect(shapeOf(g16, stft.inputs[0])).toEqual([1, 1, 640, 1]);
    // The 8 kHz branch cannot take a 576-sample chunk; it is kept generic rather than failing the import.
    expect(m.graphs[Number(top.attrs.elseGraph)].ops.length).toBeGreaterThan(0);
  });

  it('freezes Silero VAD v5 to 16 kHz (sr = 16000): no If, no Custom, known MACs', () => {
    const m = importOnnx(load(REAL_ONNX_FILES.sileroV5), { inputShapes: { input: [1, 576], state: [2, 1, 128] }, inputValues: { sr: [16000] } });
    inferShapes(m);
    expect(m.graphs).toHaveLength(1);
    const g = m.graphs[0];
    expect(g.inputs.map((id) => g.tensors.get(id)?.name)).toEqual(['input', 'state']);
    expect(m.metadata['frozen-input:sr']).toBe('16000');
    const h = histogram(m);
    expect(h.If).toBeUndefined();
    expect(h.Custom).toBeUndefined();
    const s = summarizeModel(m);
    // STFT basis 258×256 + four convs (49,664 + 24,640 + 12,352 + 24,704) + LSTM W, R 512×128 each
    // and the summed bias 512 + decoder 129, plus two scalar constants of the graph.
    expect(s.params).toBe(309_123);
    // STFT conv 264,192 (4 frames × 258 × 256) + encoder convs 198,144 + 49,152 + 12,288 + 24,576
    // + the unrolled LSTM's two FullyConnected 512×128 (65,536 each) + decoder 1×1 conv 128.
    expect(s.macs).toBe(679_552);
    expect(s.outputs.map((t) => t.shape)).toEqual([[1, 1], [2, 1, 128]]);
    expect(() => importOnnx(load(REAL_ONNX_FILES.sileroV5), { inputValues: { rate: [16000] } })).toThrow(/not a graph input/);
    expect(() => importOnnx(load(REAL_ONNX_FILES.sileroV5), { inputValues: { sr: [16000, 8000] } })).toThrow(/2 value\(s\)/);
  });

  it('maps openWakeWord Gemm heads to FullyConnected with [out, in] weights', () => {
    const bytes = load(REAL_ONNX_FILES.alexa);
    const src = readOnnx(bytes);
    const m = importOnnx(bytes);
    const fcs = opsOf(m, 'FullyConnected');
    expect(fcs).toHaveLength(src.graph.nodes.filter((n) => n.opType === 'Gemm').length);
    const g = m.graphs[0];
    const firstGemm = src.graph.nodes.find((n) => n.opType === 'Gemm')!;
    const w = src.graph.initializers.find((t) => t.name === firstGemm.inputs[1])!;
    const weights = g.tensors.get(fcs[0].inputs[1])!;
    // torch Linear exports transB=1, so ONNX B is already [out, in].
    expect(weights.shape).toEqual(w.dims);
    expect((weights.data as Float32Array)[5]).toBe(new Float32Array(w.raw.buffer)[5]);
  });
});

describe('importOnnx layout rules on small models', () => {
  const conv = (extra: Record<string, unknown>[] = []) => ({
    name: 'nhwc_in',
    node: [
      { op_type: 'Transpose', input: ['x'], output: ['x_nchw'], attribute: [{ name: 'perm', type: 7, ints: [0, 3, 1, 2] }] },
      { op_type: 'Conv', input: ['x_nchw', 'w'], output: ['y_nchw'], name: 'conv', attribute: [{ name: 'pads', type: 7, ints: [1, 1, 1, 1] }] },
      { op_type: 'Transpose', input: ['y_nchw'], output: ['y'], attribute: [{ name: 'perm', type: 7, ints: [0, 2, 3, 1] }] },
      ...extra,
    ],
    initializer: [floatTensor('w', [4, 3, 3, 3], Array.from({ length: 108 }, (_, i) => i))],
    input: [valueInfo('x', [1, 8, 8, 3])],
    output: [valueInfo('y', [1, 8, 8, 4])],
  });

  it('folds boundary transposes of an NHWC-in/NHWC-out model away', () => {
    const m = importOnnx(encodeModel(model(conv())));
    const g = m.graphs[0];
    expect(g.ops.map((o) => o.type)).toEqual(['Conv2D']);
    expect(shapeOf(g, g.inputs[0])).toEqual([1, 8, 8, 3]);
    expect(shapeOf(g, g.outputs[0])).toEqual([1, 8, 8, 4]);
    expect(g.ops[0].attrs).toMatchObject({ padding: [1, 1, 1, 1], strides: [1, 1], groups: 1 });
    // OIHW value w[2, 1, 0, 2] = ((2·3 + 1)·3 + 0)·3 + 2 = 65 lands at OHWI [2, 0, 2, 1].
    const f = g.tensors.get(g.ops[0].inputs[1])!;
    expect((f.data as Float32Array)[((2 * 3 + 0) * 3 + 2) * 3 + 1]).toBe(65);
  });

  it('remaps Concat/Softmax axes on NHWC activations', () => {
    const g0 = conv();
    const m = importOnnx(encodeModel(model({
      ...g0,
      node: [
        (g0.node as Record<string, unknown>[])[0], (g0.node as Record<string, unknown>[])[1],
        { op_type: 'Concat', input: ['y_nchw', 'y_nchw'], output: ['cat'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
        { op_type: 'Softmax', input: ['cat'], output: ['sm'], attribute: [{ name: 'axis', type: 2, i: 1 }] },
      ],
      output: [valueInfo('sm', [1, 8, 8, 8])],
    })));
    const g = m.graphs[0];
    expect(g.ops.map((o) => o.type)).toEqual(['Conv2D', 'Concat', 'Softmax']);
    expect(g.ops[1].attrs.axis).toBe(3);
    expect(g.ops[2].attrs.axis).toBe(3);
    // The ONNX output is NCHW [1, 8, 8, 8]; in the IR it is NHWC.
    expect(shapeOf(g, g.outputs[0])).toEqual([1, 8, 8, 8]);
  });

  it('keeps unmapped ops as Custom, domain-qualified outside the default domain', () => {
    const m = importOnnx(encodeModel({
      ...model({
        name: 'custom',
        node: [
          { op_type: 'Foo', input: ['x'], output: ['a'], attribute: [{ name: 'k', type: 2, i: 3 }] },
          { op_type: 'Bar', domain: 'com.example', input: ['a'], output: ['y'] },
        ],
        input: [valueInfo('x', [2, 5])], output: [valueInfo('y', [2, 5])],
      }),
      opset_import: [{ domain: '', version: 13 }, { domain: 'com.example', version: 1 }],
    }));
    const ops = m.graphs[0].ops;
    expect(ops.map((o) => o.attrs.customCode)).toEqual(['Foo', 'com.example.Bar']);
    expect(new TextDecoder().decode(ops[0].attrs.options as Uint8Array)).toBe('{"k":3}');
  });
});
