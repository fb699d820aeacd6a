// A model page's int8 explorer worker: downloads the catalogue's fp32 and
// int8 .tflite (sha256-checked, cached like the run page's), imports both,
// and measures the int8 file's per-layer error on an image: its activations
// from the official TFLite web runtime against the fp32 file's on our
// executor, tensors matched by name (lib/quantize/probe).

import { toVariantInput } from '../engines/boundary';
import { fetchModelFiles } from '../engines/model-cache';
import { imageToTensor } from '../engines/preprocess';
import { importTflite } from '../ir/import/tflite';
import type { Model } from '../ir/types';
import type { FloatTensor } from '../quantize';
import type { FeedImage, ProbeReport } from './byom/protocol';
import { probeInWorker, tfliteWebRunner } from './probe-browser';
import type { ArtifactPair, ProbeWorkerRequest, ProbeWorkerResponse } from './probe-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ProbeWorkerRequest>) => void) | null;
  postMessage(message: ProbeWorkerResponse): void;
}

const scope = globalThis as unknown as WorkerScope;
const official = tfliteWebRunner();
let loaded: { pair: ArtifactPair; fp32: Model; int8: Model } | undefined;

/** The image as the fp32 file's inputs: the recipe's feed (source layout), then moved to the file's layout. */
function sampleOf(pair: ArtifactPair, img: FeedImage): Record<string, FloatTensor> {
  return Object.fromEntries(pair.fp32Inputs.map((spec) => {
    const feed = pair.feeds[spec.name];
    const px = img.pixels[spec.name];
    if (!feed || !px) throw new Error(`input ${spec.name} is not an image input: the explorer feeds images only`);
    const t = toVariantInput(imageToTensor(px, feed, spec.name), spec);
    if (t.data instanceof BigInt64Array) throw new Error(`input ${spec.name}: unexpected ${t.dtype} data`);
    return [spec.name, { data: t.data, shape: t.shape }];
  }));
}

async function probe(img: FeedImage): Promise<ProbeReport> {
  if (!loaded) throw new Error('no artifacts are loaded');
  const { pair, fp32, int8 } = loaded;
  const inputQuant = Object.fromEntries(pair.int8Inputs.flatMap((i) => (i.quant?.scale.length === 1 ? [[i.name, { scale: i.quant.scale[0], zeroPoint: i.quant.zeroPoint[0] ?? 0 }]] : [])));
  const r = await probeInWorker(fp32, int8, sampleOf(pair, img), official, { match: 'name', inputQuant });
  return { image: img.name, layers: r.layers, unmatched: r.unmatched, ms: r.ms, floatBackend: r.floatBackend };
}

async function handle(req: ProbeWorkerRequest): Promise<void> {
  if (req.type === 'load') {
    const started = performance.now();
    const [fp32, int8] = await fetchModelFiles([req.pair.fp32, req.pair.int8], (progress) => scope.postMessage({ type: 'progress', id: req.id, progress }));
    loaded = { pair: req.pair, fp32: importTflite(fp32), int8: importTflite(int8) };
    scope.postMessage({ type: 'loaded', id: req.id, ms: performance.now() - started });
    return;
  }
  scope.postMessage({ type: 'probed', id: req.id, report: await probe(req.image) });
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const req = e.data;
  queue = queue.then(() => handle(req).catch((err: unknown) => scope.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) })));
};
