// Object detection decoders, keyed by recipe model id.

import type { TaskDecoder } from '../types';
import { decodeCenterNet } from './centernet';
import { decodeNanoDet } from './nanodet';

export { COCO_LABELS } from './coco-labels';
export { decodeCenterNet } from './centernet';
export { decodeNanoDet } from './nanodet';

export const decoders: Record<string, TaskDecoder> = {
  nanodet: decodeNanoDet,
  centernet: decodeCenterNet,
};
