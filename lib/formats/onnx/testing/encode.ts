// Encodes a plain object shaped like onnx.proto (snake_case field names) into
// ModelProto bytes, so tests can build small or deliberately broken models.
import { modelProtoType } from '../schema';

export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const type = modelProtoType();
  return type.encode(type.fromObject(model)).finish();
}

/** A float32 tensor proto with raw_data. */
export function floatTensor(name: string, dims: number[], values: number[]): Record<string, unknown> {
  return { name, dims, data_type: 1, raw_data: new Uint8Array(new Float32Array(values).buffer) };
}

export function valueInfo(name: string, dims: Array<number | string>, elemType = 1): Record<string, unknown> {
  return {
    name,
    type: { tensor_type: { elem_type: elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
  };
}

export function model(graph: Record<string, unknown>, opset = 13): Record<string, unknown> {
  return { ir_version: 8, opset_import: [{ domain: '', version: opset }], producer_name: 'edgezoo-test', graph };
}
