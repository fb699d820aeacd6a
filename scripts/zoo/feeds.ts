// The calibration and validation inputs of one graph, made from the recipe's
// sample lists and feed specs. Image calibration sets grow past their file
// count with seeded crops; audio sets are windows of the clips; the later
// openWakeWord stages take the upstream stages' fp32 outputs under the
// streaming framing of lib/tasks/wake-word.

import type { Conversion, ConversionGraph, Feed, WakeWordFeed } from '../../lib/catalogue/recipe-schema';
import { CLASSIFIER_EMBEDDINGS, EMBEDDING_SIZE, WakeWordStream, type ModelRunner } from '../../lib/tasks/wake-word';
import type { Runtime } from './runtimes';
import { audioClip, audioWindows, calibrationCrops, imageTensor, seededPick, type Tensor } from './samples';

export interface FeedSets {
  /** One entry per sample: one tensor per graph input. */
  calibration: Tensor[][];
  validation: Tensor[][];
  /** Sample labels for reports (file, crop or window). */
  validationLabels: string[];
}

/** Upstream graphs' fp32 artifacts, by graph id. */
export type UpstreamRuntimes = ReadonlyMap<string, Runtime>;

/** A Runtime behind the wake-word pipeline's single-tensor ModelRunner view. */
function asRunner(rt: Runtime): ModelRunner {
  return {
    async run(input, shape) {
      const [out] = await rt.run([{ data: input, shape }]);
      return Float32Array.from(out.data);
    },
  };
}

/** Records what the pipeline feeds a stage and answers with zeros of the stage's output size. */
function recorder(into: Tensor[], outputSize: number): ModelRunner {
  return {
    async run(input, shape) {
      into.push({ data: Float32Array.from(input), shape: [...shape] });
      return new Float32Array(outputSize);
    },
  };
}

/** Every input one wake-word stage receives while the pipeline streams `file`. */
async function wakeWordInputs(file: string, feed: WakeWordFeed, upstream: UpstreamRuntimes): Promise<Tensor[]> {
  const need = (id: string | undefined): Runtime => {
    const rt = id ? upstream.get(id) : undefined;
    if (!rt) throw new Error(`wake-word ${feed.stage} features need the fp32 artifact of graph "${id ?? '(none)'}" built first`);
    return rt;
  };
  const seen: Tensor[] = [];
  const mel = asRunner(need(feed.melspectrogramGraph));
  const models = feed.stage === 'embedding'
    ? { melspectrogram: mel, embedding: recorder(seen, EMBEDDING_SIZE), classifier: recorder([], 1) }
    : { melspectrogram: mel, embedding: asRunner(need(feed.embeddingGraph)), classifier: recorder(seen, 1) };
  await new WakeWordStream(models).push(audioClip(file, feed.sampleRateHz));
  if (feed.stage === 'classifier') for (const t of seen) if (t.data.length !== CLASSIFIER_EMBEDDINGS * EMBEDDING_SIZE) throw new Error('unexpected classifier window');
  return seen;
}

/** All tensors of one input for one file (images: one; audio: its windows). */
async function fileTensors(file: string, feed: Feed, upstream: UpstreamRuntimes): Promise<Tensor[]> {
  switch (feed.kind) {
    case 'image':
      return [await imageTensor(file, feed)];
    case 'audio':
      return audioWindows(file, feed);
    case 'wake-word-features':
      return wakeWordInputs(file, feed, upstream);
    case 'constant':
      return [];
  }
}

async function calibrationTensors(set: Conversion['calibration'], feed: Feed, upstream: UpstreamRuntimes): Promise<Tensor[]> {
  if (feed.kind === 'constant') return [];
  if (feed.kind === 'image') {
    const picks = calibrationCrops(set.files.length, set.count, set.seed, set.minCrop);
    const out: Tensor[] = [];
    for (const p of picks) out.push(await imageTensor(set.files[p.file], feed, p.crop));
    return out;
  }
  const all: Tensor[] = [];
  for (const f of set.files) all.push(...(await fileTensors(f, feed, upstream)));
  return seededPick(all, set.count, set.seed);
}

function constantTensor(feed: Extract<Feed, { kind: 'constant' }>): Tensor {
  const n = feed.shape.reduce((a, d) => a * d, 1);
  // int64 inputs go to the runtimes as int32: no sample value needs more.
  const data = feed.dtype === 'float32' ? new Float32Array(n).fill(feed.value) : new Int32Array(n).fill(feed.value);
  return { data, shape: [...feed.shape] };
}

/** Zips per-input lists into per-sample lists; every input must yield the same number of samples (constants repeat). */
function zip(perInput: Tensor[][], graph: string, feeds: Feed[]): Tensor[][] {
  const n = Math.max(...perInput.map((l) => l.length));
  perInput = perInput.map((l, i) => {
    const f = feeds[i];
    return f.kind === 'constant' ? Array.from({ length: n }, () => constantTensor(f)) : l;
  });
  if (perInput.some((l) => l.length !== n)) throw new Error(`${graph}: inputs yield different sample counts (${perInput.map((l) => l.length).join(', ')})`);
  return Array.from({ length: n }, (_, i) => perInput.map((l) => l[i]));
}

export async function buildFeedSets(conversion: Conversion, graph: ConversionGraph, upstream: UpstreamRuntimes): Promise<FeedSets> {
  const calibration: Tensor[][] = [];
  const validation: Tensor[][] = [];
  let validationLabels: string[] = [];
  for (const input of graph.inputs) {
    calibration.push(await calibrationTensors(conversion.calibration, input.feed, upstream));
    const v: Tensor[] = [];
    const labels: string[] = [];
    for (const f of conversion.validation.files) {
      const ts = await fileTensors(f, input.feed, upstream);
      ts.forEach((t, i) => {
        v.push(t);
        labels.push(ts.length === 1 ? f : `${f}#${i}`);
      });
    }
    validation.push(v);
    validationLabels = labels;
  }
  const feeds = graph.inputs.map((i) => i.feed);
  return { calibration: zip(calibration, graph.graph, feeds), validation: zip(validation, graph.graph, feeds), validationLabels };
}
