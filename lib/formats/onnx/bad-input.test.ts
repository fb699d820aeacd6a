import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../errors';
import { readOnnx } from './read';
import { encodeModel, floatTensor, model, valueInfo } from './testing/encode';

function expectError(bytes: Uint8Array, code: string, text: RegExp): void {
  let err: unknown;
  try { readOnnx(bytes); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(ModelFormatError);
  expect((err as ModelFormatError).code).toBe(code);
  expect((err as ModelFormatError).message).toMatch(text);
}

const relu = (input: string, output: string) => ({ op_type: 'Relu', input: [input], output: [output], name: output });
const graph = (extra: Record<string, unknown> = {}) => ({
  name: 'g', node: [relu('x', 'y')], input: [valueInfo('x', [1, 3])], output: [valueInfo('y', [1, 3])], ...extra,
});

describe('readOnnx rejects bad input with ModelFormatError', () => {
  it('accepts the well-formed baseline', () => {
    expect(readOnnx(encodeModel(model(graph()))).graph.nodes).toHaveLength(1);
  });
  it('empty file', () => expectError(new Uint8Array(0), 'truncated', /empty/));
  it('text file', () => expectError(new TextEncoder().encode('hello, this is not a model\n'), 'bad-value', /protobuf|no graph/));
  it('truncated file', () => {
    const ok = encodeModel(model(graph({ initializer: [floatTensor('w', [4], [1, 2, 3, 4])] })));
    expectError(ok.subarray(0, ok.length - 5), 'truncated', /past the end/);
  });
  it('wrong wire type is skipped or refused, never thrown raw', () => {
    const bytes = new Uint8Array([0x3f, 0x01]); // field 7 (graph) with wire type 7
    expect(() => readOnnx(bytes)).toThrow(ModelFormatError);
  });
  it('raw_data size mismatching dims × dtype', () => {
    const t = { ...floatTensor('w', [2, 3], [1, 2, 3, 4]) };
    expectError(encodeModel(model(graph({ initializer: [t] }))), 'bad-buffer', /raw_data holds 16 bytes but dims \[2, 3\] of FLOAT need 24/);
  });
  it('huge dims', () => {
    const t = { name: 'w', dims: [1e6, 1e6, 1e6], data_type: 1, raw_data: new Uint8Array(4) };
    expectError(encodeModel(model(graph({ initializer: [t] }))), 'too-large', /more than/);
    expectError(encodeModel(model(graph({ input: [valueInfo('x', [2 ** 40])] }))), 'too-large', /above the limit/);
  });
  it('external data', () => {
    const t = { name: 'w', dims: [4], data_type: 1, data_location: 1, external_data: [{ key: 'location', value: 'weights.bin' }] };
    expectError(encodeModel(model(graph({ initializer: [t] }))), 'missing-file', /external file \('weights.bin'\)/);
  });
  it('cycle', () => {
    const g = graph({ node: [{ op_type: 'Add', input: ['x', 'b'], output: ['a'] }, { op_type: 'Relu', input: ['a'], output: ['b'] }], output: [valueInfo('a', [1, 3])] });
    expectError(encodeModel(model(g)), 'cycle', /cycle/);
  });
  it('dangling input', () => {
    expectError(encodeModel(model(graph({ node: [relu('nope', 'y')] }))), 'dangling-tensor', /reads 'nope'/);
  });
  it('garbage op type and undeclared domain', () => {
    expectError(encodeModel(model(graph({ node: [{ op_type: 'Re\u0001lu', input: ['x'], output: ['y'] }] }))), 'unknown-op', /not a valid operator name/);
    expectError(encodeModel(model(graph({ node: [{ op_type: 'Foo', domain: 'com.example', input: ['x'], output: ['y'] }] }))), 'unknown-op', /does not import/);
  });
  it('deep nesting', () => {
    const varint = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)]);
    const field = (id: number, payload: number[]): number[] => [(id << 3) | 2, ...varint(payload.length), ...payload];
    // GraphProto.node → NodeProto.attribute → AttributeProto.g, 60 times: 180 levels.
    let g: number[] = [];
    for (let i = 0; i < 60; i++) g = field(1, field(5, field(6, g)));
    expectError(new Uint8Array([0x08, 0x08, ...field(7, g)]), 'too-large', /nested too deeply/);
  });
});
