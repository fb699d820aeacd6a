// Face landmark decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeFaceMesh } from './facemesh';

export const decoders: Record<string, TaskDecoder> = {
  facemesh: decodeFaceMesh,
};
