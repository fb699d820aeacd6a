// Public surface of the ONNX reader.
export { readOnnx } from './read';
export type * from './types';
export { dataTypeInfo, dataTypeName } from './data-types';
