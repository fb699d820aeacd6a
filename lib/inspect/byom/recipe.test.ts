import { describe, expect, it } from 'vitest';
import { buildRecipe, convertCommand, shellWord } from './recipe';

describe('recipe.json for bring-your-own-model downloads', () => {
  it('writes the npx zoo convert command with its flags, quoting what needs it', () => {
    expect(convertCommand('m.onnx', 'm-fp32.tflite', { x: [1, 3, 640, 640] }, { sr: [16000] })).toBe(
      'npx zoo convert m.onnx -o m-fp32.tflite --input-shape x=1,3,640,640 --input-value sr=16000',
    );
    expect(convertCommand('my model.json', 'o.tflite', { 'tower_0/images': [1, 512, 512, 3] })).toBe(
      "npx zoo convert 'my model.json' -o o.tflite --input-shape tower_0/images=1,512,512,3",
    );
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });

  it('records sources, outputs and the int8 steps in the catalogue vocabulary', () => {
    const r = buildRecipe({
      source: { format: 'tflite', entry: 'f.tflite', files: [{ path: 'f.tflite', bytes: 3, sha256: 'a'.repeat(64) }] },
      fp32: { path: 'f-fp32.tflite', bytes: 4, sha256: 'b'.repeat(64) },
      int8: {
        path: 'f-int8.tflite', bytes: 2, sha256: 'c'.repeat(64), inputType: 'float32', outputType: 'float32', observer: 'minmax',
        feeds: { input: { kind: 'image', size: [128, 128], fit: 'stretch', colourOrder: 'RGB', scale: [1 / 127.5], offset: [-1], layout: 'NHWC', dtype: 'float32' } },
        calibration: [{ path: 'chelsea.jpg', bytes: 5, sha256: 'd'.repeat(64) }],
      },
    }) as { fp32: { reproduce: string }; int8: { steps: { step: string; pass?: string }[]; inputs: { name: string }[] } };
    expect(r.fp32.reproduce).toBe('npx zoo convert f.tflite -o f-fp32.tflite');
    expect(r.int8.steps.map((s) => s.pass ?? s.step)).toEqual(['import', 'fold-constants', 'fold-batch-norm', 'lower-custom-ops', 'fuse-activations', 'quantize', 'export']);
    expect(r.int8.inputs[0].name).toBe('input');
    expect(JSON.stringify(r)).not.toContain('inputShapes');
  });
});
