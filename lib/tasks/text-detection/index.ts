// Text detection decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeDbText } from './db';

export { decodeDbText } from './db';

export const decoders: Record<string, TaskDecoder> = {
  'ppocr-v4-det': decodeDbText,
};
