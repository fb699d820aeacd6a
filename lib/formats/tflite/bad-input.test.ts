import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../errors';
import { parseTflite, writeTflite, type TfliteModel } from './index';
import { listTfliteFixtures, loadTfliteFixture } from './test-fixtures';
import { bytesEqual } from './test-compare';

const shortRange = loadTfliteFixture(listTfliteFixtures().find((f) => f.endsWith('face_detection_short_range.tflite')) ?? '').bytes;

function expectFormatError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelFormatError);
    expect((err as ModelFormatError).code).toBe(code);
    expect((err as ModelFormatError).message).toMatch(message);
    return;
  }
  throw new Error('expected a ModelFormatError');
}

/** A parsed copy to break, then written without validation. */
function broken(edit: (m: TfliteModel) => void): Uint8Array {
  const m = parseTflite(shortRange);
  edit(m);
  return writeTflite(m, { skipValidation: true });
}

describe('tflite bad input', () => {
  it('rejects a wrong file identifier', () => {
    const bytes = shortRange.slice();
    bytes.set([0x4f, 0x4e, 0x4e, 0x58], 4); // "ONNX"
    expectFormatError(() => parseTflite(bytes), 'bad-identifier', /"ONNX", expected "TFL3"/);
  });

  it('rejects tiny and truncated files', () => {
    expectFormatError(() => parseTflite(new Uint8Array(3)), 'truncated', /only 3 bytes/);
    expectFormatError(() => parseTflite(shortRange.subarray(0, 4000)), 'truncated', /file has 4000/);
  });

  it('rejects a root offset outside the file', () => {
    const bytes = shortRange.slice();
    new DataView(bytes.buffer).setUint32(0, bytes.length + 100, true);
    expectFormatError(() => parseTflite(bytes), 'truncated', /but the file has/);
  });

  it('refuses files over the size limit before reading them', () => {
    expectFormatError(() => parseTflite(shortRange, { maxBytes: 1000 }), 'too-large', /229032 bytes; the limit is 1000/);
  });

  it('rejects a huge declared vector length', () => {
    // Patch the length word of the input tensor's shape vector [4 | 1, 128, 128, 3].
    const bytes = writeTflite(parseTflite(shortRange));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at: number[] = [];
    for (let p = 0; p + 20 <= bytes.length; p += 4) {
      if ([4, 1, 128, 128, 3].every((v, k) => view.getInt32(p + 4 * k, true) === v)) at.push(p);
    }
    expect(at.length).toBeGreaterThan(0);
    for (const p of at) view.setUint32(p, 0x3fffffff, true);
    expectFormatError(() => parseTflite(bytes), 'too-large', /shape: declares 1073741823 elements/);
  });

  it('rejects unknown builtin operator codes, naming the operator code', () => {
    const bytes = broken((m) => {
      m.operatorCodes[1].builtinCode = 4000;
    });
    expectFormatError(() => parseTflite(bytes), 'unknown-op', /^operator code 1: unknown builtin operator code 4000/);
  });

  it('rejects an opcode index out of range', () => {
    const bytes = broken((m) => {
      m.subgraphs[0].operators[5].opcodeIndex = 99;
    });
    expectFormatError(() => parseTflite(bytes), 'unknown-op', /^subgraph 0 \/ operator 5: opcode index 99/);
  });

  it('rejects buffer indices out of range, naming the tensor', () => {
    const bytes = broken((m) => {
      m.subgraphs[0].tensors[17].buffer = 100_000;
    });
    expectFormatError(() => parseTflite(bytes), 'out-of-range', /^subgraph 0 \/ tensor 17: buffer index 100000/);
  });

  it('rejects tensor indices out of range in operators', () => {
    const bytes = broken((m) => {
      m.subgraphs[0].operators[2].outputs[0] = 9999;
    });
    expectFormatError(() => parseTflite(bytes), 'out-of-range', /^subgraph 0 \/ operator 2 \/ output 0: tensor index 9999/);
  });

  it('rejects a constant whose buffer size does not match shape × dtype', () => {
    let where = '';
    const bytes = broken((m) => {
      const ti = m.subgraphs[0].tensors.findIndex((t) => t.type === 'FLOAT16' && m.buffers[t.buffer].data.length > 0);
      const t = m.subgraphs[0].tensors[ti];
      t.shape = [...t.shape.slice(0, -1), t.shape[t.shape.length - 1] + 1];
      where = `subgraph 0 / tensor ${ti}`;
    });
    expectFormatError(() => parseTflite(bytes), 'bad-buffer', new RegExp(`^${where}: buffer \\d+ has \\d+ bytes but shape`));
  });

  it('rejects IF pointing at a missing subgraph', () => {
    const jarvis = loadTfliteFixture(listTfliteFixtures().find((f) => f.endsWith('hey_jarvis_v0.1.tflite')) ?? '').bytes;
    const m = parseTflite(jarvis);
    const op = m.subgraphs[0].operators.find((o) => o.builtinOptions?.table === 'IfOptions');
    if (op?.builtinOptions?.table !== 'IfOptions') throw new Error('no IF');
    op.builtinOptions.then_subgraph_index = 7;
    expectFormatError(() => parseTflite(writeTflite(m, { skipValidation: true })), 'out-of-range', /IfOptions.then_subgraph_index = 7 but there are 3 subgraphs/);
  });

  it('keeps unknown option union types on read but refuses to write them', () => {
    const m = parseTflite(shortRange);
    m.subgraphs[0].operators[0].builtinOptions = { table: 'unknown', typeId: 250 };
    expectFormatError(() => writeTflite(m), 'unsupported', /unknown union type 250/);
  });
});

describe('tflite large-model layout', () => {
  it('writes buffers marked external after the flatbuffer and reads them back', () => {
    const m = parseTflite(shortRange);
    const big = m.buffers.reduce((best, b, i) => (b.data.length > m.buffers[best].data.length ? i : best), 0);
    m.buffers[big] = { data: m.buffers[big].data, external: { offset: 0, size: 0 } };
    const op = m.subgraphs[0].operators[0];
    op.customOptions = new Uint8Array([1, 2, 3, 4, 5]);
    op.customOptionsExternal = true;
    const bytes = writeTflite(m);
    const back = parseTflite(bytes);
    const ext = back.buffers[big].external;
    expect(ext).not.toBeNull();
    expect(ext?.offset ?? 0).toBeGreaterThan(bytes.length - m.buffers[big].data.length - 64);
    expect(ext?.offset ?? 1 % 16).toBe(((ext?.offset ?? 0) >> 4) << 4);
    expect(bytesEqual(back.buffers[big].data, m.buffers[big].data)).toBe(true);
    expect(Array.from(back.subgraphs[0].operators[0].customOptions ?? [])).toEqual([1, 2, 3, 4, 5]);
    expect(back.subgraphs[0].operators[0].customOptionsExternal).toBe(true);
    // Stable from here on: rewriting gives identical bytes.
    expect(bytesEqual(writeTflite(back), bytes)).toBe(true);
  });

  it('rejects external data that runs past the end of the file', () => {
    const m = parseTflite(shortRange);
    m.buffers[1] = { data: m.buffers[1].data, external: { offset: 0, size: 0 } };
    const bytes = writeTflite(m);
    expectFormatError(() => parseTflite(bytes.subarray(0, bytes.length - 8)), 'out-of-range', /^buffer 1 \/ data: external data/);
  });
});
