// Hand landmark decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeHandLandmarks } from './hand-landmark';

export const decoders: Record<string, TaskDecoder> = {
  'hand-landmark-lite': decodeHandLandmarks,
};
