// The node mapping on real catalogue models, through the recipes' own steps:
// MediaPipe selfie segmentation (float16 weight DEQUANTIZE folded, the
// Convolution2DTransposeBias custom op lowered, ReLUs fused), PP-OCRv4 det
// (batch norm folded into convs, ReLU6 Clips fused) and BlazeFace quantized
// to int8 after calibrating on a real image. Besides the specific mappings,
// every claim of the mapping is checked against the graphs themselves: the
// ops it names exist there with those types, and every op it does not name
// is in the source graph under the same id and type.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../exec';
import { loadRecipeGraph } from '../exec/testing/catalogue';
import { imagePixels, normalise } from '../exec/testing/samples';
import { inferShapes } from '../ir/infer';
import type { Model } from '../ir/types';
import { runPass, type PassName } from '../passes';
import { diffModels, exportEdits, packEdits, unpackEdits, type NodeEdit } from '../passes/change-log';
import { activationTensorIds, collectRanges, quantizeModel } from '../quantize';
import { convertFp32, prepareInt8Source } from './byom/pipeline';
import { counterparts, groupEdits, mapConversion, recipeChains, SOURCE, type ChainStep, type ConversionChain, type ConversionMapping, type RecordedStep } from './conversion-diff';

const typeOf = (op: { type: string; attrs: Record<string, unknown> }) => (op.type === 'Custom' ? String(op.attrs.customCode) : op.type);
const opTypes = (m: Model) => new Map(m.graphs[0].ops.map((op) => [op.id, typeOf(op)]));

function runSteps(model: Model, passes: PassName[]): ChainStep[] {
  return passes.map((p) => ({ id: `pass:${p}`, step: `pass:${p}`, edits: runPass(p, model, {}, { recordChanges: true }).edits as NodeEdit[] }));
}

/** The mapping's claims hold in the graphs: named ops exist with their types; unnamed ones are unchanged source ops. */
function expectFaithful(mapping: ConversionMapping, source: Model, results: Record<string, Model>) {
  const src = opTypes(source);
  for (const [id, ref] of mapping.sourceOps) expect(src.get(id), `source ${id}`).toBe(ref.type);
  for (const [name, model] of Object.entries(results)) {
    const ops = opTypes(model);
    const named = new Set<string>();
    for (const row of mapping.rows) {
      for (const ref of row.targets[name]) {
        expect(ops.get(ref.id), `${name} ${ref.id}`).toBe(ref.type);
        named.add(ref.id);
      }
    }
    for (const [id, type] of ops) {
      if (named.has(id)) continue;
      expect(src.get(id), `${name} ${id} (${type}) is an untouched source op`).toBe(type);
      expect(counterparts(mapping, name, id)).toEqual(Object.fromEntries(mapping.columns.map((c) => [c, [id]])));
    }
  }
}

function calibrationInput(model: Model, data: Float32Array, shape: number[]) {
  const g = model.graphs[0];
  return { [g.tensors.get(g.inputs[0])?.name ?? '']: { data, shape } };
}

describe('conversion diff: MediaPipe selfie segmentation (float16 weights, Convolution2DTransposeBias)', () => {
  const { model } = loadRecipeGraph('vision/semantic-segmentation/selfie-segmentation-general');
  inferShapes(model);
  const source = structuredClone(model);
  const steps = runSteps(model, ['fold-constants', 'lower-custom-ops', 'fuse-activations']);
  const fp32: ChainStep = { id: 'export:fp32', step: 'export:fp32', edits: exportEdits(model) };
  const mapping = mapConversion([{ name: 'float32', steps: [...steps, fp32] }]);

  it('fold-constants removes every float16 weight DEQUANTIZE, each into the conv that reads it', () => {
    const edits = steps[0].edits;
    expect(groupEdits(edits).map((g) => [g.label, g.count])).toEqual([['Dequantize removed (float16 weights → float32)', 110]]);
    expect(edits[0]).toEqual({
      kind: 'removed', label: 'Dequantize removed (float16 weights → float32)',
      before: [{ id: 'op0', type: 'Dequantize', name: 'conv2d/Kernel_dequantize' }], after: [], into: [{ id: 'op2', type: 'Conv2D', name: 'conv2d' }],
    });
  });

  it('lower-custom-ops turns the Convolution2DTransposeBias into a TransposeConv2D under the same id', () => {
    expect(steps[1].edits).toEqual([{
      kind: 'modified', label: 'Convolution2DTransposeBias → TransposeConv2D',
      before: [{ id: 'op244', type: 'Convolution2DTransposeBias', name: 'segment' }], after: [{ id: 'op244', type: 'TransposeConv2D', name: 'segment' }],
    }]);
    expect(counterparts(mapping, SOURCE, 'op244')).toEqual({ source: ['op244'], float32: ['op244'] });
    expect(mapping.traces.float32.finalOps.get('op244')?.type).toBe('TransposeConv2D');
  });

  it('fuse-activations folds each Relu into its conv, and the Relu maps to that conv', () => {
    const edits = steps[2].edits;
    expect(groupEdits(edits).map((g) => [g.label, g.count])).toEqual([['Conv2D + Relu → Conv2D (fused relu)', 16], ['DepthwiseConv2D + Relu → DepthwiseConv2D (fused relu)', 6]]);
    expect(edits[0]).toMatchObject({ kind: 'replaced', before: [{ id: 'op6', type: 'Conv2D' }, { id: 'op7', type: 'Relu' }], after: [{ id: 'op6', type: 'Conv2D' }] });
    expect(counterparts(mapping, SOURCE, 'op7')).toEqual({ source: ['op7'], float32: ['op6'] });
    // Back from the fused conv: the conv, its ReLU and the two weight DEQUANTIZEs folded into it.
    expect(counterparts(mapping, 'float32', 'op6').source.sort()).toEqual(['op4', 'op5', 'op6', 'op7']);
  });

  it('the bring-your-own-model page records the same float32 chain, and recording leaves the file\'s bytes alone', () => {
    const { file } = loadRecipeGraph('vision/semantic-segmentation/selfie-segmentation-general');
    const src = { entry: 'm.tflite', files: { 'm.tflite': new Uint8Array(readFileSync(file)) } };
    const recorded = convertFp32(src, { recordChanges: true });
    expect(recorded.bytes).toEqual(convertFp32(src).bytes);
    expect(recorded.steps?.map((s) => [s.id, s.edits.length])).toEqual([['float32/pass:lower-custom-ops', 1], ['float32/export:fp32', 110]]);
    expect(recorded.steps?.[0].edits).toEqual(steps[1].edits);
    expect(prepareInt8Source(src, { recordChanges: true }).steps?.map((s) => s.id)).toEqual(['int8/pass:fold-constants', 'int8/pass:fold-batch-norm', 'int8/pass:lower-custom-ops', 'int8/pass:fuse-activations']);
  });

  it('the export has nothing left to fold, and every mapping claim holds in the graphs', () => {
    expect(fp32.edits).toEqual([]);
    expectFaithful(mapping, source, { float32: model });
    expect(mapping.rows.filter((r) => r.targets.float32.some((o) => o.id === 'op6'))).toHaveLength(1);
  });
});

describe('conversion diff: PP-OCRv4 det (batch norm as Mul + Add, ReLU6 as Clip)', () => {
  const { model } = loadRecipeGraph('text/text-detection/ppocr-v4-det');
  inferShapes(model);
  const source = structuredClone(model);
  const bn = runPass('fold-batch-norm', model, {}, { recordChanges: true });
  const act = runPass('fuse-activations', model, {}, { recordChanges: true });
  const bnEdits = bn.edits as NodeEdit[];
  const actEdits = act.edits as NodeEdit[];
  const removedOps = (edits: NodeEdit[]) => edits.reduce((n, e) => n + (e.kind === 'retyped' ? 0 : e.before.length - e.after.length), 0);
  const mapping = mapConversion([{ name: 'float32', steps: [{ id: 'bn', step: 'pass:fold-batch-norm', edits: bnEdits }, { id: 'act', step: 'pass:fuse-activations', edits: actEdits }] }]);

  it('each batch norm folded into its conv is one edit, and the edits account for every op the pass removed', () => {
    expect(bnEdits[0]).toEqual({
      kind: 'replaced', label: 'Conv2D + Mul + Add → Conv2D (folded)',
      before: [{ id: 'op3', type: 'Conv2D', name: 'p2o.Conv.0' }, { id: 'op6', type: 'Mul', name: 'p2o.BatchNormalization.0/scale' }, { id: 'op9', type: 'Add', name: 'p2o.BatchNormalization.0' }],
      after: [{ id: 'op3', type: 'Conv2D', name: 'p2o.Conv.0' }],
    });
    expect(groupEdits(bnEdits).map((g) => [g.label, g.count])).toEqual([['Conv2D + Mul + Add → Conv2D (folded)', 26], ['DepthwiseConv2D + Mul + Add → DepthwiseConv2D (folded)', 14]]);
    expect(removedOps(bnEdits)).toBe(bn.changed);
  });

  it('a ReLU6 Clip fused into an Add maps to that Add; every fused activation is accounted for', () => {
    expect(actEdits.find((e) => e.kind === 'replaced' && e.before[1]?.id === 'op24')).toMatchObject({ label: 'Add + Clip → Add (fused relu6)', after: [{ id: 'op22', type: 'Add' }] });
    expect(removedOps(actEdits)).toBe(act.changed);
    expect(counterparts(mapping, SOURCE, 'op9')).toEqual({ source: ['op9'], float32: ['op3'] });
    expect(counterparts(mapping, SOURCE, 'op24')).toEqual({ source: ['op24'], float32: ['op22'] });
    expectFaithful(mapping, source, { float32: model });
  });
});

describe('conversion diff: BlazeFace short range to int8 (the recipe\'s steps, calibrated on a real image)', () => {
  const { model } = loadRecipeGraph('vision/face-detection/blazeface-short-range');
  inferShapes(model);
  const source = structuredClone(model);
  const passes = runSteps(model, ['fold-constants', 'fuse-activations']);
  let int8: Model;
  let quantize: ChainStep;
  let records: RecordedStep[];
  let chains: ConversionChain[];
  let mapping: ConversionMapping;

  beforeAll(async () => {
    const px = await imagePixels('astronaut.jpg', { width: 128, height: 128 });
    const exec = await createExecutor(model, { backend: 'cpu' });
    try {
      const ranges = await collectRanges(exec, [calibrationInput(model, normalise(px.data, 3, 1 / 127.5, -1), [1, 128, 128, 3])], { tensors: activationTensorIds(model) });
      int8 = quantizeModel(model, ranges, { inputType: 'int8', outputType: 'float32' }).model;
    } finally {
      exec.dispose();
    }
    quantize = { id: 'quantize', step: 'quantize', edits: diffModels(model, int8) };
    // As scripts/zoo/convert.ts records them in zoo/artifacts.json.
    records = [
      { step: 'import' }, ...passes.map((s) => ({ step: s.step, edits: packEdits(s.edits) })),
      { step: 'export:fp32', edits: packEdits(exportEdits(model)) }, { step: 'validate:fp32' },
      { step: 'quantize', edits: packEdits(quantize.edits) }, { step: 'export:int8', edits: packEdits(exportEdits(int8)) }, { step: 'validate:int8' },
    ];
    chains = recipeChains(records, { fp32: true, int8: true });
    mapping = mapConversion(chains);
  }, 120_000);

  it('the recipe\'s step records make a float32 and an int8 chain sharing the passes', () => {
    expect(chains.map((c) => [c.name, c.steps.map((s) => s.step)])).toEqual([
      ['float32', ['pass:fold-constants', 'pass:fuse-activations', 'export:fp32']],
      ['int8', ['pass:fold-constants', 'pass:fuse-activations', 'quantize', 'export:int8']],
    ]);
    expect(recipeChains(records, { fp32: true, int8: false }).map((c) => c.name)).toEqual(['float32']);
    expect(chains[1].steps.map((s) => s.edits)).toEqual([...passes.map((s) => s.edits), quantize.edits, []]);
    // Packed once per op and label: BlazeFace's 74 weight DEQUANTIZEs and its quantize step stay small in the manifest.
    const bytes = (x: unknown) => JSON.stringify(x).length;
    expect(bytes(records[1].edits)).toBeLessThan(bytes(passes[0].edits) / 2);
    expect(records.reduce((n, r) => n + bytes(r.edits ?? []), 0)).toBeLessThan(16_000);
    expect(unpackEdits(packEdits(quantize.edits))).toEqual(quantize.edits);
    // A manifest written before edits were recorded has no chains to show.
    expect(recipeChains(records.map(({ step }) => ({ step })), { fp32: true, int8: true })).toEqual([]);
  });

  it('quantize retypes every float op in place and inserts requantize and output DEQUANTIZE ops', () => {
    const groups = groupEdits(quantize.edits);
    const count = (label: string) => groups.find((g) => g.label === label)?.count;
    const floatOps = model.graphs[0].ops.filter((op) => op.type === 'Conv2D').length;
    expect(count('Conv2D float32 → int8')).toBe(floatOps);
    expect(count('Dequantize inserted (int8 → float32)')).toBe(2);
    const requantize = quantize.edits.find((e) => e.kind === 'added' && e.after[0].id === 'op162_requantize_0');
    expect(requantize).toMatchObject({ label: 'Quantize inserted (requantize int8 to a shared scale)', beside: [{ id: 'op162', type: 'Concat' }] });
    // Calibration decides which inputs of a Concat need their own scale, so every inserted op is checked, not a count.
    for (const e of quantize.edits) if (e.kind === 'added') expect(int8.graphs[0].ops.find((op) => op.id === e.after[0].id)?.type).toBe(e.after[0].type);
  });

  it('a source conv maps to its float32 and int8 conv; the fp16 weights DEQUANTIZE to the conv that reads them', () => {
    expect(counterparts(mapping, SOURCE, 'op2')).toEqual({ source: ['op2'], float32: ['op2'], int8: ['op2'] });
    expect(counterparts(mapping, SOURCE, 'op0')).toEqual({ source: ['op0'], float32: ['op2'], int8: ['op2'] });
    const row = mapping.rows.find((r) => r.source.some((o) => o.id === 'op2'));
    expect(row?.changes.map((c) => `${c.step}: ${c.label}`)).toEqual([
      'pass:fold-constants: Dequantize removed (float16 weights → float32)',
      'pass:fold-constants: Dequantize removed (float16 weights → float32)',
      'pass:fuse-activations: Conv2D + Relu → Conv2D (fused relu)',
      'quantize: Conv2D float32 → int8',
    ]);
    expect(row?.retypedOnly).toBe(false);
  });

  it('an inserted requantize maps back to the Concat it feeds; every mapping claim holds in the graphs', () => {
    expect(counterparts(mapping, 'int8', 'op162_requantize_0')).toMatchObject({ source: ['op162'], float32: ['op162'] });
    expect(counterparts(mapping, 'int8', 'op162_requantize_0').int8).toContain('op162');
    expect(mapping.rows.find((r) => r.source.length === 1 && r.source[0].id === 'op18')).toMatchObject({ retypedOnly: true, changes: [{ label: 'Pad float32 → int8' }] });
    expectFaithful(mapping, source, { float32: model, int8 });
  });

  it('without the fold-constants pass, the float32 export folds the 74 float16 DEQUANTIZEs (the bring-your-own-model path)', () => {
    const { model: raw } = loadRecipeGraph('vision/face-detection/blazeface-short-range');
    inferShapes(raw);
    const lowered = runSteps(raw, ['lower-custom-ops']);
    const edits = exportEdits(raw);
    expect(lowered[0].edits).toEqual([]);
    expect(groupEdits(edits).map((g) => [g.label, g.count])).toEqual([['Dequantize removed (float16 weights → float32)', 74]]);
    const m = mapConversion([{ name: 'float32', steps: [...lowered, { id: 'export', step: 'export:fp32', edits }] }]);
    expect(counterparts(m, SOURCE, 'op0')).toEqual({ source: ['op0'], float32: ['op2'] });
  });
});

describe('conversion diff: Silero VAD v5 with sr frozen (If inlined)', () => {
  const { model } = loadRecipeGraph('audio/voice-activity-detection/silero-vad');
  inferShapes(model);
  const source = structuredClone(model);
  const frozen = runPass('freeze-inputs', model, { values: { sr: [16000] } }, { recordChanges: true });
  const mapping = mapConversion([{ name: 'float32', steps: [{ id: 'freeze', step: 'pass:freeze-inputs', edits: frozen.edits as NodeEdit[] }] }]);

  it('the sr test and its If become the 16 kHz branch\'s ops, each mapped back to the If', () => {
    const edit = (frozen.edits as NodeEdit[]).find((e) => e.kind === 'replaced' && e.before.some((o) => o.type === 'If'));
    expect(edit).toMatchObject({ kind: 'replaced', before: [{ type: 'Equal' }, { type: 'If' }] });
    if (edit?.kind !== 'replaced') return;
    const inlined = edit.after.map((o) => o.id);
    expect(edit.label).toBe(`Equal + If → ${inlined.length} ops: ExpandDims ×14, Squeeze ×10, Conv2D ×6, …`);
    const ifId = edit.before[1].id;
    expect(inlined.every((id) => id.startsWith(`${ifId}/`))).toBe(true);
    expect(counterparts(mapping, SOURCE, ifId).float32.sort()).toEqual([...inlined].sort());
    expect(counterparts(mapping, 'float32', inlined[0]).source.sort()).toEqual(edit.before.map((o) => o.id).sort());
    expectFaithful(mapping, source, { float32: model });
  });
});
