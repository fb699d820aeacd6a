// Hand (palm) detection decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodePalms } from './palm';

export const decoders: Record<string, TaskDecoder> = {
  'palm-detection': decodePalms,
};
