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
    case 'recurrent-state':
    case 'constant':
      return [];
  }
}

/** Image calibration inputs: the files, then seeded crops of them. */
async function calibrationImages(set: Conversion['calibration'], feed: Feed): Promise<Tensor[]> {
  if (feed.kind !== 'image') return [];
  const sources = [...set.files.map((file) => ({ file, box: undefined })), ...set.regions];
  const picks = calibrationCrops(sources.length, set.count, set.seed, set.minCrop);
  const out: Tensor[] = [];
  for (const p of picks) out.push(await imageTensor(sources[p.source].file, feed, p.crop, sources[p.source].box));
  return out;
}

function constantTensor(feed: Extract<Feed, { kind: 'constant' }>): Tensor {
  const n = feed.shape.reduce((a, d) => a * d, 1);
  // int64 inputs go to the runtimes as int32: no sample value needs more.
  const data = feed.dtype === 'float32' ? new Float32Array(n).fill(feed.value) : new Int32Array(n).fill(feed.value);
  return { data, shape: [...feed.shape] };
}

/** A feed that yields no tensors of its own: repeated per sample (constants), or filled in by streaming (recurrent state, zeros until then). */
function repeatedTensor(feed: Feed): Tensor | null {
  if (feed.kind === 'constant') return constantTensor(feed);
  if (feed.kind === 'recurrent-state') return { data: new Float32Array(feed.shape.reduce((a, d) => a * d, 1)), shape: [...feed.shape] };
  return null;
}

/** Zips per-input lists into per-sample lists; every input must yield the same number of samples (constants repeat). */
function zip(perInput: Tensor[][], graph: string, feeds: Feed[]): Tensor[][] {
  const n = Math.max(...perInput.map((l) => l.length));
  perInput = perInput.map((l, i) => {
    const repeated = repeatedTensor(feeds[i]);
    return repeated ? Array.from({ length: n }, () => ({ data: repeated.data.slice(), shape: [...repeated.shape] })) : l;
  });
  if (perInput.some((l) => l.length !== n)) throw new Error(`${graph}: inputs yield different sample counts (${perInput.map((l) => l.length).join(', ')})`);
  return Array.from({ length: n }, (_, i) => perInput.map((l) => l[i]));
}

/**
 * One file's samples streamed through the graph's fp32 artifact: each
 * recurrent-state input of sample i + 1 is the named output of sample i
 * (zeros for the file's first sample).
 */
async function chainStates(samples: Tensor[][], graph: ConversionGraph, upstream: UpstreamRuntimes, outputs: readonly string[]): Promise<Tensor[][]> {
  const states = graph.inputs.flatMap((input, i) => (input.feed.kind === 'recurrent-state' ? [{ input: i, output: outputs.indexOf(input.feed.output), name: input.feed.output }] : []));
  if (!states.length) return samples;
  for (const s of states) if (s.output < 0) throw new Error(`${graph.graph}: recurrent-state output ${s.name} is not an output (${outputs.join(', ')})`);
  const rt = upstream.get(graph.graph);
  if (!rt) throw new Error(`${graph.graph}: recurrent-state feeds need the graph's fp32 artifact built first`);
  for (let k = 0; k + 1 < samples.length; k++) {
    const out = await rt.run(samples[k]);
    for (const s of states) samples[k + 1][s.input] = { data: Float32Array.from(out[s.output].data), shape: [...samples[k + 1][s.input].shape] };
  }
  return samples;
}

export async function buildFeedSets(conversion: Conversion, graph: ConversionGraph, upstream: UpstreamRuntimes, outputs: readonly string[] = []): Promise<FeedSets> {
  const feeds = graph.inputs.map((i) => i.feed);
  /** Every sample of one file, one tensor per input, recurrent state streamed within the file. */
  const fileSamples = async (file: string): Promise<Tensor[][]> => {
    const perInput: Tensor[][] = [];
    for (const feed of feeds) perInput.push(await fileTensors(file, feed, upstream));
    return chainStates(zip(perInput, graph.graph, feeds), graph, upstream, outputs);
  };

  const validation: Tensor[][] = [];
  const validationLabels: string[] = [];
  for (const f of conversion.validation.files) {
    const samples = await fileSamples(f);
    samples.forEach((s, i) => {
      validation.push(s);
      validationLabels.push(samples.length === 1 ? f : `${f}#${i}`);
    });
  }
  for (const r of conversion.validation.regions) {
    const sample: Tensor[] = [];
    for (const feed of feeds) {
      const repeated = repeatedTensor(feed);
      if (repeated) sample.push(repeated);
      else if (feed.kind === 'image') sample.push(await imageTensor(r.file, feed, undefined, r.box));
      else throw new Error(`${graph.graph}: validation regions need image feeds, not ${feed.kind}`);
    }
    validation.push(sample);
    validationLabels.push(`${r.file} [${r.box.join(', ')}] (${r.label})`);
  }

  const set = conversion.calibration;
  let calibration: Tensor[][];
  if (feeds.some((f) => f.kind === 'image')) {
    if (feeds.some((f) => f.kind === 'recurrent-state')) throw new Error(`${graph.graph}: recurrent-state feeds stream audio windows, not images`);
    const perInput: Tensor[][] = [];
    for (const feed of feeds) perInput.push(await calibrationImages(set, feed));
    calibration = zip(perInput, graph.graph, feeds);
  } else {
    // Windows of every file (states streamed per file), then a seeded pick of whole samples.
    if (set.regions.length) throw new Error(`${graph.graph}: calibration regions need image feeds`);
    const all: Tensor[][] = [];
    for (const f of set.files) all.push(...(await fileSamples(f)));
    calibration = seededPick(all, set.count, set.seed);
  }
  return { calibration, validation, validationLabels };
}
