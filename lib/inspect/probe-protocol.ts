// Messages between a model page's int8 explorer and its worker (probe-worker.ts),
// which downloads the catalogue's fp32 and int8 artifacts and measures the
// int8 one's per-layer error on an image the reader picks.

import type { ImageFeed } from '../catalogue/recipe-schema';
import type { IoSpec } from '../engines/boundary';
import type { DownloadProgress, FileToFetch } from '../engines/model-cache';
import type { FeedImage, ProbeReport } from './byom/protocol';

export interface ArtifactPair {
  fp32: FileToFetch;
  int8: FileToFetch;
  /** Inputs of each file as zoo/artifacts.json records them (the int8 input's quantization parameters are the ones the run page feeds with). */
  fp32Inputs: IoSpec[];
  int8Inputs: IoSpec[];
  /** How an image becomes each input (the recipe's feed), by input name. */
  feeds: Record<string, ImageFeed>;
}

export type ProbeWorkerRequest =
  | { type: 'load'; id: number; pair: ArtifactPair }
  | { type: 'probe'; id: number; image: FeedImage };

export type ProbeWorkerResponse =
  | { type: 'progress'; id: number; progress: DownloadProgress }
  | { type: 'loaded'; id: number; ms: number }
  | { type: 'probed'; id: number; report: ProbeReport }
  | { type: 'error'; id: number; message: string };
