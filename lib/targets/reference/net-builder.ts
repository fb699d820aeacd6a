// A thin layer over GraphBuilder for reference architectures: Keras-style
// layer calls that make zero-filled weight constants of the right shape and
// dtype. Values never matter to the simulator, only shapes and dtypes.

import type { Activation, Padding } from '../../ir/attrs';
import { GraphBuilder } from '../../ir/builder';
import type { Model, TensorData } from '../../ir/types';

export type RefDtype = 'int8' | 'float32';

export class NetBuilder {
  readonly g = new GraphBuilder('main');
  private n = 0;

  constructor(readonly dtype: RefDtype) {}

  private weights(shape: number[]): string {
    const count = shape.reduce((a, d) => a * d, 1);
    const data: TensorData = this.dtype === 'int8' ? new Int8Array(count) : new Float32Array(count);
    const quant = this.dtype === 'int8' ? { scale: [0.02], zeroPoint: [0] } : undefined;
    return this.g.addConst(`w${this.n++}`, shape, data, this.dtype, quant);
  }

  private bias(count: number): string {
    const data: TensorData = this.dtype === 'int8' ? new Int32Array(count) : new Float32Array(count);
    return this.g.addConst(`b${this.n++}`, [count], data, this.dtype === 'int8' ? 'int32' : 'float32');
  }

  channels(x: string): number {
    const s = this.g.tensor(x).shape;
    return s[s.length - 1];
  }

  input(shape: number[]): string {
    return this.g.addInput('input', shape, this.dtype, this.dtype === 'int8' ? { scale: [0.0078], zeroPoint: [0] } : undefined);
  }

  conv(x: string, cout: number, k: number | [number, number], stride = 1, activation: Activation = 'relu', padding: Padding = 'same'): string {
    const [kh, kw] = typeof k === 'number' ? [k, k] : k;
    const cin = this.channels(x);
    return this.g.add('Conv2D', [x, this.weights([cout, kh, kw, cin]), this.bias(cout)], { strides: [stride, stride], padding, activation });
  }

  dw(x: string, k: number, stride = 1, activation: Activation = 'relu', dilation = 1): string {
    const c = this.channels(x);
    return this.g.add('DepthwiseConv2D', [x, this.weights([1, k, k, c]), this.bias(c)], {
      strides: [stride, stride], dilations: [dilation, dilation], padding: 'same', activation, depthMultiplier: 1,
    });
  }

  dense(x: string, units: number, activation: Activation = 'none'): string {
    const s = this.g.tensor(x).shape;
    const inFeatures = s.slice(1).reduce((a, d) => a * d, 1);
    return this.g.add('FullyConnected', [x, this.weights([units, inFeatures]), this.bias(units)], { activation });
  }

  add(a: string, b: string, activation: Activation = 'none'): string {
    return this.g.add('Add', [a, b], { activation });
  }

  mul(a: string, b: string): string {
    return this.g.add('Mul', [a, b]);
  }

  globalAvgPool(x: string, keepDims = false): string {
    return this.g.add('Mean', [x], { axes: [1, 2], keepDims });
  }

  avgPool(x: string, k: number, stride = k): string {
    return this.g.add('AveragePool2D', [x], { filter: [k, k], strides: [stride, stride], padding: 'valid' });
  }

  maxPool(x: string, k: number, stride = k, padding: Padding = 'valid'): string {
    return this.g.add('MaxPool2D', [x], { filter: [k, k], strides: [stride, stride], padding });
  }

  reshape(x: string, shape: number[]): string {
    return this.g.add('Reshape', [x], { newShape: shape });
  }

  concat(xs: string[], axis: number): string {
    return this.g.add('Concat', xs, { axis });
  }

  softmax(x: string): string {
    return this.g.add('Softmax', [x]);
  }

  sigmoid(x: string): string {
    return this.g.add('Logistic', [x]);
  }

  relu(x: string): string {
    return this.g.add('Relu', [x]);
  }

  model(...outputs: string[]): Model {
    this.g.markOutputs(...outputs);
    return this.g.toModel('tflite');
  }
}

/** Channel rounding of the MobileNet v2 / EfficientNet / MnasNet papers' reference code. */
export function makeDivisible(v: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor(v + divisor / 2) - (Math.floor(v + divisor / 2) % divisor));
  return rounded < 0.9 * v ? rounded + divisor : rounded;
}
