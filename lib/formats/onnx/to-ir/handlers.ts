// ONNX (default domain) op type → converter. Ops missing here, or whose
// converter declines (returns false), are kept as Custom ops.
import type { Handler } from './common';
import { ifHandler } from './ops/control';
import { convHandler, convTransposeHandler } from './ops/conv';
import { gemmHandler, matMulHandler } from './ops/dense';
import {
  aliasHandler, batchNormHandler, binaryHandler, castHandler, clipHandler, eluHandler, hardSigmoidHandler,
  leakyReluHandler, preluHandler, softmaxHandler, unaryHandler,
} from './ops/elementwise';
import { globalPoolHandler, poolHandler } from './ops/pool';
import { lstmHandler } from './ops/recurrent';
import { reduceHandler } from './ops/reduce';
import { resizeHandler } from './ops/resize';
import {
  concatHandler, constantHandler, constantOfShapeHandler, expandHandler, flattenHandler, gatherHandler, padHandler,
  reshapeHandler, shapeHandler, sizeHandler, sliceHandler, splitHandler, squeezeHandler, tileHandler, transposeHandler,
  unsqueezeHandler,
} from './ops/shape';

const each = (names: string[], h: Handler): Record<string, Handler> => Object.fromEntries(names.map((k) => [k, h]));

export const HANDLERS: Record<string, Handler> = {
  Conv: convHandler,
  ConvTranspose: convTransposeHandler,
  Gemm: gemmHandler,
  MatMul: matMulHandler,
  ...each(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'And', 'Or', 'Where'], binaryHandler),
  ...each(['Relu', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Floor', 'Ceil', 'Round', 'Sin', 'Cos', 'Erf', 'Not', 'Sign', 'HardSwish'], unaryHandler),
  LeakyRelu: leakyReluHandler,
  Elu: eluHandler,
  PRelu: preluHandler,
  Clip: clipHandler,
  HardSigmoid: hardSigmoidHandler,
  BatchNormalization: batchNormHandler,
  Cast: castHandler,
  ...each(['Identity', 'Dropout'], aliasHandler),
  ...each(['Softmax', 'LogSoftmax'], softmaxHandler),
  ...each(['GlobalAveragePool', 'GlobalMaxPool'], globalPoolHandler),
  ...each(['MaxPool', 'AveragePool'], poolHandler),
  ...each(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd'], reduceHandler),
  ...each(['Resize', 'Upsample'], resizeHandler),
  Constant: constantHandler,
  Shape: shapeHandler,
  Size: sizeHandler,
  Gather: gatherHandler,
  Unsqueeze: unsqueezeHandler,
  Squeeze: squeezeHandler,
  Concat: concatHandler,
  Reshape: reshapeHandler,
  Flatten: flattenHandler,
  Transpose: transposeHandler,
  Slice: sliceHandler,
  ConstantOfShape: constantOfShapeHandler,
  Pad: padHandler,
  Split: splitHandler,
  Expand: expandHandler,
  Tile: tileHandler,
  LSTM: lstmHandler,
  If: ifHandler,
};
