// Face detection decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { blazeFaceDecoder } from './blazeface';

export const decoders: Record<string, TaskDecoder> = {
  // face_detection_short_range.pbtxt: 4 layers, strides 8/16/16/16, 2 anchors per layer → 512 + 384 = 896.
  'blazeface-short-range': blazeFaceDecoder({ inputWidth: 128, inputHeight: 128, strides: [8, 16, 16, 16], interpolatedScaleAspectRatio: 1 }),
  // face_detection_full_range.pbtxt: 1 layer, stride 4, 1 anchor per cell → 48 × 48 = 2304.
  'blazeface-full-range': blazeFaceDecoder({ inputWidth: 192, inputHeight: 192, strides: [4], interpolatedScaleAspectRatio: 0 }),
};
