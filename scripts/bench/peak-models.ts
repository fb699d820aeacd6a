// One-op models for the XNNPACK and ONNX Runtime matmul peaks: an n×n input
// times an n×n constant weight (n³ MACs). TFLite: FULLY_CONNECTED written
// with our own exporter (lib/ir builder → lib/ir/export/tflite), fp32 and
// int8 (lib/quantize, float32 interface so the same input feeds both); ONNX:
// a MatMul with the weight as an initializer.

import { GraphBuilder } from '../../lib/ir/builder';
import { exportTflite } from '../../lib/ir/export/tflite';
import { modelProtoType } from '../../lib/formats/onnx/schema';
import { activationTensorIds, quantizeModel, type Range } from '../../lib/quantize';
import { seededRandom } from '../../lib/util/seeded-random';

/** n×n values in [−0.5, 0.5), the same every run. */
function seededWeights(n: number, seed: number): Float32Array {
  const rnd = seededRandom(seed);
  return Float32Array.from({ length: n * n }, () => rnd() - 0.5);
}

function fcModel(n: number) {
  const b = new GraphBuilder();
  const x = b.addInput('x', [n, n]);
  const y = b.add('FullyConnected', [x, b.addConst('w', [n, n], seededWeights(n, 7)), b.addConst('b', [n], new Float32Array(n))], { activation: 'none', keepNumDims: false }, { name: 'y' });
  b.markOutputs(y);
  return b.toModel();
}

export function fullyConnectedTflite(n: number): Uint8Array {
  return exportTflite(fcModel(n), { description: `EdgeZoo bench: ${n}×${n} FULLY_CONNECTED (fp32)` });
}

export function fullyConnectedTfliteInt8(n: number): Uint8Array {
  const model = fcModel(n);
  // Inputs and weights are uniform in [-0.5, 0.5]; a sum of n such products stays well inside ±n/8.
  const ranges = new Map<string, Range>(activationTensorIds(model).map((id) => [id, id === model.graphs[0].inputs[0] ? { min: -0.5, max: 0.5 } : { min: -n / 8, max: n / 8 }]));
  const { model: q } = quantizeModel(model, ranges, { inputType: 'float32', outputType: 'float32' });
  return exportTflite(q, { description: `EdgeZoo bench: ${n}×${n} FULLY_CONNECTED (int8)` });
}

export function matMulOnnx(n: number): Uint8Array {
  const type = modelProtoType();
  const dims = (shape: number[]) => ({ tensor_type: { elem_type: 1, shape: { dim: shape.map((d) => ({ dim_value: d })) } } });
  const weights = seededWeights(n, 7);
  const model = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 13 }],
    producer_name: 'edgezoo-bench',
    graph: {
      name: 'matmul',
      node: [{ op_type: 'MatMul', input: ['x', 'w'], output: ['y'], name: 'matmul' }],
      initializer: [{ name: 'w', dims: [n, n], data_type: 1, raw_data: new Uint8Array(weights.buffer) }],
      input: [{ name: 'x', type: dims([n, n]) }],
      output: [{ name: 'y', type: dims([n, n]) }],
    },
  };
  return type.encode(type.fromObject(model)).finish();
}
