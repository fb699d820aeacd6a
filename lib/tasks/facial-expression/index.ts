// Facial expression decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeEmotion } from './emotion';

export const decoders: Record<string, TaskDecoder> = {
  emotion: decodeEmotion,
};
