// Two stages on one frame, for models that see one face, hand or text line
// at a time (a recipe's cropFrom): the detector runs on the whole frame, each
// detection becomes a rotated crop (lib/tasks/shared/crop-region), the crop
// model runs on every crop, and the results are placed back on the frame.

import type { CropFrom, ImageFeed } from '../catalogue/recipe-schema';
import { cropRegionOf, placeCropResults, subRegion, type CropRegion, type PlacedCrop } from '../tasks/shared/crop-region';
import { resultKindOf } from '../tasks/registry';
import { columnInk, gapCuts } from '../tasks/text-recognition/line-split';
import type { TaskResult } from '../tasks/types';
import { decodeOutputs, imageFeedOf, inferOnce, type FrameRequest, type FrameResult, type PipelineSpec } from './pipeline';
import type { RgbaImage } from './preprocess';
import type { Engine, EngineTensor } from './types';

export interface CropStage {
  /** The detector, loaded with its own variant. */
  engine: Pick<Engine, 'run'>;
  spec: PipelineSpec;
  crop: CropFrom;
}

export interface Pixels {
  /** The whole frame resized into a feed. */
  whole: (feed: ImageFeed) => RgbaImage;
  /** A rotated crop of the frame resized into a feed. */
  crop: (region: CropRegion, feed: ImageFeed) => RgbaImage;
  /** A rotated crop in greyscale, `rows` high (for finding the gaps in a text line). */
  grey: (region: CropRegion, rows: number) => { grey: ArrayLike<number>; width: number; height: number };
}

/** Rows of the greyscale copy a text line's gaps are looked for in. */
const GAP_ROWS = 32;

/** A crop, or, for text lines wider than the model's input, its pieces cut at the gaps between words. */
function piecesOf(region: CropRegion, spec: PipelineSpec, crop: CropFrom, pixels: Pixels): CropRegion[] {
  const feed = imageFeedOf(spec);
  if (!crop.splitAtGaps || !feed) return [region];
  const maxAspect = feed.size[0] / feed.size[1];
  if (region.width / region.height <= maxAspect) return [region];
  const { grey, width, height } = pixels.grey(region, GAP_ROWS);
  const edges = [0, ...gapCuts(columnInk(grey, width, height), maxAspect * height), width];
  return edges.slice(1).map((to, i) => subRegion(region, edges[i] / width, to / width));
}

/** One line's pieces as one text: joined with spaces (they were cut at gaps), the mean confidence. */
function joinPieces(results: TaskResult[]): TaskResult {
  if (results.length === 1) return results[0];
  const texts = results.filter((r): r is Extract<TaskResult, { kind: 'text' }> => r.kind === 'text');
  if (texts.length !== results.length) throw new Error('only text results can be joined across the pieces of a line');
  return { kind: 'text', text: texts.map((t) => t.text.trim()).filter(Boolean).join(' '), score: texts.reduce((a, t) => a + t.score, 0) / texts.length };
}

/** Runs the detector, then `engine` (loaded with `spec`'s variant) on each detection's crop. */
export async function processCascade(
  detector: CropStage,
  engine: Pick<Engine, 'run'>,
  spec: PipelineSpec,
  frame: { width: number; height: number },
  pixels: Pixels,
  req: FrameRequest,
): Promise<FrameResult> {
  const size = { width: frame.width, height: frame.height };
  const t0 = performance.now();
  // Once per frame: repeats time the crop model, whose readout they feed.
  const found = await inferOnce(detector.engine, detector.spec, pixels.whole, 1);
  const det = decodeOutputs(detector.spec, found.outputs, size, req.options);
  const detectMs = performance.now() - t0;
  const timings = { preMs: 0, inferMs: [] as number[], postMs: 0, detectMs };
  if (!det.result) return { frame: size, decodeNote: `the ${detector.crop.finds} detector gave no result: ${det.decodeNote}`, timings };
  if (det.result.kind !== 'detections') return { frame: size, decodeNote: `the ${detector.crop.finds} detector decoded to ${det.result.kind}, not detections`, timings };

  const kind = resultKindOf(spec.task);
  if (!kind) return { frame: size, decodeNote: `no decoder for ${spec.task}/${spec.model} yet`, timings };

  const placed: PlacedCrop[] = [];
  const regions: CropRegion[] = [];
  let first: { inputs: EngineTensor[]; outputs: EngineTensor[] } | undefined;
  let decodeNote: string | undefined;
  for (const detection of det.result.detections) {
    const region = cropRegionOf(detection, size, detector.crop);
    const results: TaskResult[] = [];
    for (const piece of piecesOf(region, spec, detector.crop, pixels)) {
      regions.push(piece);
      // Repeats (timing a still picture) on the first crop only: a page of text has dozens.
      const stage = await inferOnce(engine, spec, (feed) => pixels.crop(piece, feed), first ? 1 : req.repeats);
      first ??= stage;
      const decoded = decodeOutputs(spec, stage.outputs, { width: piece.width, height: piece.height }, req.options);
      timings.preMs += stage.preMs;
      timings.inferMs.push(...stage.ms);
      timings.postMs += performance.now() - stage.postStart;
      if (decoded.result) results.push(decoded.result);
      else decodeNote ??= decoded.decodeNote;
    }
    if (results.length) placed.push({ detection, region, result: joinPieces(results) });
  }
  const t1 = performance.now();
  // Nothing found is an empty result; crops found but none decoded is the decoder's note.
  const result = placed.length || !decodeNote ? placeCropResults(placed, size, kind) : undefined;
  timings.postMs += performance.now() - t1;
  return {
    frame: size,
    ...(result ? { result } : { decodeNote }),
    crops: { finds: detector.crop.finds, regions },
    timings,
    inputs: req.tensors === 'none' ? undefined : first?.inputs,
    outputs: req.tensors === 'all' ? first?.outputs : undefined,
  };
}
