export { readTfjsModel } from './reader';
export type { ShardLoader } from './weight-decoder';
export type * from './types';
