// Pose estimation decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeMoveNet } from './movenet';

export { COCO_KEYPOINTS, COCO_SKELETON, decodeMoveNet } from './movenet';

export const decoders: Record<string, TaskDecoder> = {
  'movenet-lightning': decodeMoveNet,
  'movenet-thunder': decodeMoveNet,
};
