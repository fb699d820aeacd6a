// Which decoder turns a catalogue model's raw outputs into a TaskResult: one
// record per task folder (lib/tasks/<task-id>/index.ts exports `decoders`,
// keyed by model id). The demo looks decoders up here, in the inference
// worker; a model without one still runs and shows its raw outputs. A few
// decoders need one of the model's published files first (PP-OCR's
// character dictionary): DECODER_FILES names them and says how to apply them.

import { decoders as faceDetection } from './face-detection';
import { decoders as faceLandmarks } from './face-landmarks';
import { decoders as facialExpression } from './facial-expression';
import { decoders as handDetection } from './hand-detection';
import { decoders as handLandmarks } from './hand-landmarks';
import { decoders as imageClassification } from './image-classification';
import { decoders as objectDetection } from './object-detection';
import { decoders as poseEstimation } from './pose-estimation';
import { decoders as semanticSegmentation } from './semantic-segmentation';
import { decoders as textDetection } from './text-detection';
import { decoders as textRecognition, loadPpocrDictionary } from './text-recognition';
import type { TaskDecoder, TaskResult } from './types';

const DECODERS = {
  'face-detection': faceDetection,
  'face-landmarks': faceLandmarks,
  'facial-expression': facialExpression,
  'hand-detection': handDetection,
  'hand-landmarks': handLandmarks,
  'image-classification': imageClassification,
  'object-detection': objectDetection,
  'pose-estimation': poseEstimation,
  'semantic-segmentation': semanticSegmentation,
  'text-detection': textDetection,
  'text-recognition': textRecognition,
} satisfies Readonly<Record<string, Readonly<Record<string, TaskDecoder>>>>;

const BY_TASK: Readonly<Record<string, Readonly<Record<string, TaskDecoder>>>> = DECODERS;

/**
 * What each task's decoders return. The demo e2e checks every catalogue
 * model's decoded result against it; a crop model's frame with nothing to
 * crop is an empty result of this kind, and detection tasks are the ones a
 * crop model can cut its crops from.
 */
const RESULT_KINDS: Readonly<Record<keyof typeof DECODERS, TaskResult['kind']>> = {
  'face-detection': 'detections',
  'face-landmarks': 'keypoints',
  'facial-expression': 'classes',
  'hand-detection': 'detections',
  'hand-landmarks': 'keypoints',
  'image-classification': 'classes',
  'object-detection': 'detections',
  'pose-estimation': 'keypoints',
  'semantic-segmentation': 'mask',
  'text-detection': 'detections',
  'text-recognition': 'text',
};

/** The kind of result a task's decoders give, or undefined for a task without decoders. */
export function resultKindOf(task: string): TaskResult['kind'] | undefined {
  return Object.hasOwn(RESULT_KINDS, task) ? RESULT_KINDS[task as keyof typeof RESULT_KINDS] : undefined;
}

interface DecoderFiles {
  /** File names among the model's downloads. */
  files: string[];
  /** Hands their bytes (by file name) to the decoder. */
  prepare(bytes: Readonly<Record<string, Uint8Array>>): void;
}

const DECODER_FILES: Readonly<Record<string, DecoderFiles>> = {
  'text-recognition/ppocr-v4-rec': {
    files: ['ppocr_keys_v1.txt'],
    prepare: (bytes) => {
      loadPpocrDictionary(new TextDecoder().decode(bytes['ppocr_keys_v1.txt']));
    },
  },
};

/** The decoder for a catalogue model (task id + model id), or undefined when its task has none yet. */
export function decoderFor(task: string, model: string): TaskDecoder | undefined {
  return Object.hasOwn(BY_TASK, task) && Object.hasOwn(BY_TASK[task], model) ? BY_TASK[task][model] : undefined;
}

/** File names of the model's downloads its decoder needs before it can decode (none for most). */
export function decoderFiles(task: string, model: string): string[] {
  const key = `${task}/${model}`;
  return Object.hasOwn(DECODER_FILES, key) ? DECODER_FILES[key].files : [];
}

/** Gives the decoder the files decoderFiles() named; throws naming any that is missing. */
export function prepareDecoder(task: string, model: string, bytes: Readonly<Record<string, Uint8Array>>): void {
  const key = `${task}/${model}`;
  if (!Object.hasOwn(DECODER_FILES, key)) return;
  const spec = DECODER_FILES[key];
  for (const f of spec.files) if (!bytes[f]) throw new Error(`${key}: the decoder needs ${f}, which was not fetched`);
  spec.prepare(bytes);
}

/** Every model with a decoder, as "task/model". */
export function decodedModels(): string[] {
  return Object.entries(BY_TASK).flatMap(([task, byModel]) => Object.keys(byModel).map((model) => `${task}/${model}`));
}
