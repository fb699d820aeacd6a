// The subset of onnx.proto (package onnx, proto2) that the reader needs, as a
// protobufjs JSON descriptor: no .proto parsing at run time, no fs, so it works
// in the browser. Field numbers follow the public onnx.proto; fields we do not
// need (training info, sparse tensors, quantization annotations) are left out
// and skipped by the decoder as unknown fields.
import protobuf from 'protobufjs/light.js';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const packed = (type: string, id: number) => ({ rule: 'repeated', type, id, options: { packed: true } });
const one = (type: string, id: number) => ({ type, id });

export const ONNX_DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: one('int64', 1),
            opset_import: repeated('OperatorSetIdProto', 8),
            producer_name: one('string', 2),
            producer_version: one('string', 3),
            domain: one('string', 4),
            model_version: one('int64', 5),
            doc_string: one('string', 6),
            graph: one('GraphProto', 7),
            metadata_props: repeated('StringStringEntryProto', 14),
            functions: repeated('FunctionProto', 25),
          },
        },
        OperatorSetIdProto: {
          fields: { domain: one('string', 1), version: one('int64', 2) },
        },
        StringStringEntryProto: {
          fields: { key: one('string', 1), value: one('string', 2) },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: one('string', 2),
            initializer: repeated('TensorProto', 5),
            sparse_initializer: repeated('bytes', 15),
            doc_string: one('string', 10),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
            value_info: repeated('ValueInfoProto', 13),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: one('string', 3),
            op_type: one('string', 4),
            domain: one('string', 7),
            attribute: repeated('AttributeProto', 5),
            doc_string: one('string', 6),
          },
        },
        AttributeProto: {
          fields: {
            name: one('string', 1),
            ref_attr_name: one('string', 21),
            doc_string: one('string', 13),
            type: one('int32', 20),
            f: one('float', 2),
            i: one('int64', 3),
            s: one('bytes', 4),
            t: one('TensorProto', 5),
            g: one('GraphProto', 6),
            floats: packed('float', 7),
            ints: packed('int64', 8),
            strings: repeated('bytes', 9),
            tensors: repeated('TensorProto', 10),
            graphs: repeated('GraphProto', 11),
          },
        },
        ValueInfoProto: {
          fields: { name: one('string', 1), type: one('TypeProto', 2), doc_string: one('string', 3) },
        },
        TypeProto: {
          fields: {
            tensor_type: one('TypeProtoTensor', 1),
            sequence_type: one('TypeProtoElem', 4),
            map_type: one('TypeProtoMap', 5),
            optional_type: one('TypeProtoElem', 9),
            sparse_tensor_type: one('TypeProtoTensor', 8),
            denotation: one('string', 6),
          },
        },
        TypeProtoTensor: {
          fields: { elem_type: one('int32', 1), shape: one('TensorShapeProto', 2) },
        },
        TypeProtoElem: {
          fields: { elem_type: one('TypeProto', 1) },
        },
        TypeProtoMap: {
          fields: { key_type: one('int32', 1), value_type: one('TypeProto', 2) },
        },
        TensorShapeProto: {
          fields: { dim: repeated('TensorShapeDimension', 1) },
        },
        TensorShapeDimension: {
          fields: { dim_value: one('int64', 1), dim_param: one('string', 2), denotation: one('string', 3) },
        },
        TensorProto: {
          fields: {
            dims: packed('int64', 1),
            data_type: one('int32', 2),
            segment: one('bytes', 3),
            float_data: packed('float', 4),
            int32_data: packed('int32', 5),
            string_data: repeated('bytes', 6),
            int64_data: packed('int64', 7),
            name: one('string', 8),
            doc_string: one('string', 12),
            raw_data: one('bytes', 9),
            external_data: repeated('StringStringEntryProto', 13),
            data_location: one('int32', 14),
            double_data: packed('double', 10),
            uint64_data: packed('uint64', 11),
          },
        },
        FunctionProto: {
          fields: {
            name: one('string', 1),
            input: repeated('string', 4),
            output: repeated('string', 5),
            attribute: repeated('string', 6),
            node: repeated('NodeProto', 7),
            doc_string: one('string', 8),
            opset_import: repeated('OperatorSetIdProto', 9),
            domain: one('string', 10),
          },
        },
      },
    },
  },
};

let modelType: protobuf.Type | undefined;

/** The reflected ModelProto type, built once on first use. */
export function modelProtoType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_DESCRIPTOR).lookupType('onnx.ModelProto');
  return modelType;
}
