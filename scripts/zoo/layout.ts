// ONNX graphs are NCHW in the file and NHWC in the IR (and so in the export):
// the importer marks each such input/output with metadata 'layout:<name>' =
// 'NCHW'. The build speaks the source's layout everywhere and converts only
// at the boundary of our executor and the exported .tflite.

import type { Model } from '../../lib/ir/types';
import type { Tensor, TensorData } from './samples';

const LAYOUT_KEY = 'layout:';

export function isRelaidOut(model: Model, name: string): boolean {
  return model.metadata[`${LAYOUT_KEY}${name}`] === 'NCHW';
}

/** Permutes a dense row-major tensor: output axis k is input axis perm[k]. */
export function transpose(t: Tensor, perm: number[]): Tensor {
  const shape = t.shape;
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, d) => a * d, 1));
  const ctor = t.data.constructor as new (n: number) => TensorData;
  const out = new ctor(t.data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < t.data.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k] * strides[perm[k]];
    out[o] = t.data[src];
    for (let k = perm.length - 1; k >= 0; k--) {
      if (++idx[k] < outShape[k]) break;
      idx[k] = 0;
    }
  }
  return { data: out, shape: outShape };
}

const toChannelsLast = (rank: number): number[] => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
const toChannelsFirst = (rank: number): number[] => [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];

/** Source-layout tensor → the IR/export layout of the input or output `name`. */
export function toModelLayout(model: Model, name: string, t: Tensor): Tensor {
  return isRelaidOut(model, name) && t.shape.length >= 3 ? transpose(t, toChannelsLast(t.shape.length)) : t;
}

/** IR/export-layout tensor → the source's layout. */
export function toSourceLayout(model: Model, name: string, t: Tensor): Tensor {
  return isRelaidOut(model, name) && t.shape.length >= 3 ? transpose(t, toChannelsFirst(t.shape.length)) : t;
}
