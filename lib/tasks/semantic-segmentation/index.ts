// Semantic segmentation decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodePersonMask } from './person-mask';

export const decoders: Record<string, TaskDecoder> = {
  // Both MediaPipe selfie models: one [1, h, w, 1] person-probability map.
  'selfie-segmentation-general': decodePersonMask,
  'selfie-segmentation-landscape': decodePersonMask,
};
