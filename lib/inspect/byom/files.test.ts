import { describe, expect, it } from 'vitest';
import { MAX_MODEL_BYTES, ModelPickError, planModelFiles } from './files';

describe('planModelFiles', () => {
  it('takes a single .tflite or .onnx as the whole model', () => {
    const p = planModelFiles([{ path: 'face.tflite', size: 229032 }]);
    expect(p).toMatchObject({ entry: 'face.tflite', format: 'tflite', totalBytes: 229032, ignored: [] });
    expect(planModelFiles([{ path: 'x.ONNX', size: 10 }]).format).toBe('onnx');
  });

  it('takes a TF.js model.json with the shards of its folder, paths relative to it', () => {
    const p = planModelFiles([
      { path: 'models/emotion/emotion.json', size: 17980 },
      { path: 'models/emotion/emotion.bin', size: 820516 },
      { path: 'models/other/readme.txt', size: 5 },
    ]);
    expect(p.entry).toBe('emotion.json');
    expect(p.format).toBe('tfjs');
    expect(p.files.map((f) => f.path)).toEqual(['emotion.json', 'emotion.bin']);
    expect(p.totalBytes).toBe(17980 + 820516);
    expect(p.ignored).toEqual(['models/other/readme.txt']);
  });

  it('prefers model.json among several .json files', () => {
    const p = planModelFiles([{ path: 'm/metadata.json', size: 3 }, { path: 'm/model.json', size: 30 }, { path: 'm/group1-shard1of1.bin', size: 300 }]);
    expect(p.entry).toBe('model.json');
    expect(p.files.map((f) => f.path)).toEqual(['model.json', 'group1-shard1of1.bin']);
  });

  it('refuses by size before anything is read, naming both sizes', () => {
    const big = MAX_MODEL_BYTES + 1;
    expect(() => planModelFiles([{ path: 'huge.onnx', size: big }])).toThrow(ModelPickError);
    expect(() => planModelFiles([{ path: 'huge.onnx', size: big }])).toThrow(/200\.0 MB.*up to 200\.0 MB.*Nothing was read/);
    expect(() => planModelFiles([{ path: 'a/model.json', size: 100 }, { path: 'a/w.bin', size: 150 }], 200)).toThrow(/\(2 files\)/);
  });

  it('says what is wrong with other picks', () => {
    expect(() => planModelFiles([])).toThrow(/No files/);
    expect(() => planModelFiles([{ path: 'a.tflite', size: 1 }, { path: 'b.onnx', size: 1 }])).toThrow(/more than one model \(a\.tflite, b\.onnx\)/);
    expect(() => planModelFiles([{ path: 'a.txt', size: 1 }, { path: 'b.png', size: 1 }])).toThrow(/None of these files is a model/);
    expect(() => planModelFiles([{ path: 'empty.tflite', size: 0 }])).toThrow(/empty\.tflite is empty/);
    // One file without a telling name: its bytes decide later.
    const guess = planModelFiles([{ path: 'download', size: 10 }]);
    expect(guess.entry).toBe('download');
    expect(guess.format).toBeUndefined();
  });
});
