import { describe, expect, it } from 'vitest';
import { buildRecipe } from './recipe';
import type { ImageFeed } from '../../catalogue/recipe-schema';
import { convertCommand, formatFeed, parseFeed, quantizeCommand, shellWord } from './recipe-command';

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
    }) as { fp32: { reproduce: string }; int8: { steps: { step: string; pass?: string }[]; inputs: { name: string }[]; reproduce: string; check: string; calibration: { note: string } } };
    expect(r.fp32.reproduce).toBe('npx zoo convert f.tflite -o f-fp32.tflite');
    expect(r.int8.reproduce).toBe(
      'npx zoo quantize f.tflite -o f-int8.tflite --feed input=size:128x128,fit:stretch,colour:RGB,scale:0.00784313725490196,offset:-1,layout:NHWC,dtype:float32 --observer minmax --input-type float32 --output-type float32 --calibration chelsea.jpg',
    );
    expect(r.int8.check).toBe(`sha256sum f-int8.tflite → ${'c'.repeat(64)}`);
    expect(r.int8.calibration.note).toContain('with chelsea.jpg the calibration ranges, and with them the bytes, can differ slightly');
    expect(r.int8.steps.map((s) => s.pass ?? s.step)).toEqual(['import', 'fold-constants', 'fold-batch-norm', 'lower-custom-ops', 'fuse-activations', 'quantize', 'export']);
    expect(r.int8.inputs[0].name).toBe('input');
    expect(JSON.stringify(r)).not.toContain('inputShapes');
  });

  it('writes every image feed as a --feed word that reads back to the same numbers', () => {
    const feed: ImageFeed = {
      kind: 'image', size: [224, 160], fit: 'letterbox', colourOrder: 'BGR', layout: 'NCHW', dtype: 'float32',
      scale: [1 / (255 * 0.229), 1 / (255 * 0.224), 1 / (255 * 0.225)], offset: [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225],
    };
    const word = `images:0=${formatFeed(feed)}`;
    expect(shellWord(word)).toBe(word);
    const back = parseFeed(word);
    expect(back.name).toBe('images:0');
    expect({ kind: 'image', ...back.feed }).toEqual(feed);
    expect(parseFeed('x=fit:stretch').feed).toEqual({ fit: 'stretch' });
    for (const [spec, message] of [
      ['x', '--feed expects NAME=key:value'],
      ['x=size:64', 'size expects WIDTHxHEIGHT'],
      ['x=fit:crop', 'fit must be one of stretch, letterbox, got "crop"'],
      ['x=scale:1/2/3/4', 'scale expects 1 to 3 numbers'],
      ['x=fit:stretch,fit:letterbox', 'fit given twice'],
    ]) expect(() => parseFeed(spec)).toThrow(message);
  });

  it('gives the quantize command with shapes, frozen values, quoted names and the images in order, and says PNG reproduces exactly', () => {
    const feed: ImageFeed = { kind: 'image', size: [64, 64], fit: 'stretch', colourOrder: 'grayscale', scale: [1], offset: [0], layout: 'NHWC', dtype: 'uint8' };
    expect(quantizeCommand({
      entry: 'model.json', output: 'm-int8.tflite', inputShapes: { input_1: [1, 64, 64, 1] }, inputValues: { sr: [16000] }, feeds: { input_1: feed },
      inputType: 'int8', outputType: 'uint8', observer: 'mse', calibration: ['a.png', 'my face.png'],
    })).toBe(
      "npx zoo quantize model.json -o m-int8.tflite --input-shape input_1=1,64,64,1 --input-value sr=16000 --feed input_1=size:64x64,fit:stretch,colour:grayscale,scale:1,offset:0,layout:NHWC,dtype:uint8 --observer mse --input-type int8 --output-type uint8 --calibration a.png 'my face.png'",
    );
    const r = buildRecipe({
      source: { format: 'tfjs', entry: 'model.json', files: [] },
      int8: { path: 'm-int8.tflite', bytes: 1, sha256: 'e'.repeat(64), inputType: 'float32', outputType: 'float32', observer: 'minmax', feeds: { input_1: feed }, calibration: [{ path: 'a.PNG', bytes: 1, sha256: 'f'.repeat(64) }] },
    }) as { int8: { calibration: { note: string } } };
    expect(r.int8.calibration.note).toContain('PNG decodes exactly, so the command writes the same bytes');
    expect(r.int8.calibration.note).not.toContain('JPEG');
  });
});
