// Image classification decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeDigits } from './digits';

export const decoders: Record<string, TaskDecoder> = {
  'digits-cnn': decodeDigits,
};
