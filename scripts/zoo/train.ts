// Bring your own data: recipes whose source is `kind: "train"` get their model
// from here. The trainer slices the dataset sheet into labelled cells, splits
// them (stratified, seeded), trains the recipe's network with TF.js on the wasm
// backend (seeded initialisers, seeded per-epoch shuffle and augmentation, so
// two runs give the same weights), asserts the test accuracy and writes, into a
// folder keyed by everything that decides the weights:
//   model.json + weights.bin  the TF.js layers model (the fp32 reference),
//   model.tflite              the same network as an IR graph built from the
//                             trained weights (the recipe's graph),
//   training.json             the training record (split, curve, accuracy).
// The conversion then treats model.tflite like any other source graph, with
// calibration digits from the train split and validation digits from the
// test split.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { useBackend } from '../../lib/exec/backend';
import type { BuiltArtifact, TrainingRecord } from '../../lib/catalogue/manifest';
import type { ConversionGraph, Recipe, TrainLayer, TrainSource } from '../../lib/catalogue/recipe-schema';
import { GraphBuilder } from '../../lib/ir/builder';
import { exportTflite } from '../../lib/ir/export/tflite';
import { inferShapes } from '../../lib/ir/infer';
import { loadModel } from '../../lib/ir/load';
import type { Model } from '../../lib/ir/types';
import { ROOT, sha256, trainedDir } from '../catalogue/load-recipes';
import type { FeedSets } from './feeds';
import { artifactRuntime, type Runtime } from './runtimes';
import { seededRandom } from '../../lib/util/seeded-random';
import { seededPick, type Tensor } from './samples';
import type { SourceGraphs } from './sources';

export const TRAINED_FILES = { layersJson: 'model.json', weights: 'weights.bin', tflite: 'model.tflite', record: 'training.json' } as const;

// ---- dataset ---------------------------------------------------------------

export interface Dataset {
  /** Raw pixel values 0–255, one cell after another (row-major cells, row-major pixels). */
  pixels: Uint8Array;
  labels: number[];
  /** Grid position of each cell. */
  cells: { row: number; column: number }[];
  cellSize: [number, number];
}

/** Cells of a grid sheet in row-major order; the label of row r is floor(r / rowsPerClass). */
export async function loadDataset(ds: TrainSource['dataset'], root = ROOT): Promise<Dataset> {
  const file = path.join(root, 'public/samples', ds.file);
  const { data, info } = await sharp(file).removeAlpha().grayscale().raw().toBuffer({ resolveWithObject: true });
  const { cell: [cw, ch], rows, columns, rowsPerClass } = ds.layout;
  if (info.width !== cw * columns || info.height !== ch * rows) throw new Error(`${ds.file}: ${info.width}×${info.height} px, the layout expects ${cw * columns}×${ch * rows}`);
  const n = rows * columns;
  const pixels = new Uint8Array(n * cw * ch);
  const labels: number[] = [];
  const cells: Dataset['cells'] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const k = labels.length;
      for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) pixels[k * cw * ch + y * cw + x] = data[(r * ch + y) * info.width * info.channels + (c * cw + x) * info.channels];
      labels.push(Math.floor(r / rowsPerClass));
      cells.push({ row: r, column: c });
    }
  }
  return { pixels, labels, cells, cellSize: [cw, ch] };
}

/** Stratified split: each class's indices shuffled with `seed`, the first round(testFraction × count) go to test. Both lists ascending. */
export function stratifiedSplit(labels: readonly number[], testFraction: number, seed: number): { train: number[]; test: number[] } {
  const rand = seededRandom(seed);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of classes) {
    const idx = labels.flatMap((l, i) => (l === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const nTest = Math.round(testFraction * idx.length);
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * Training augmentation: copies the cells of `src` (w×h floats each, one after
 * another) into `dst`, each moved by a whole-pixel offset in [-shift, shift]
 * per axis drawn from `rand` (two draws per cell, x then y), with 0 where the
 * cell moved away.
 */
export function shiftCells(src: Float32Array, dst: Float32Array, [w, h]: readonly [number, number], shift: number, rand: () => number): void {
  const per = w * h;
  const cells = src.length / per;
  dst.fill(0);
  for (let k = 0; k < cells; k++) {
    const dx = Math.floor(rand() * (2 * shift + 1)) - shift;
    const dy = Math.floor(rand() * (2 * shift + 1)) - shift;
    for (let y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
      const from = k * per + (y - dy) * w;
      const to = k * per + y * w;
      for (let x = Math.max(0, dx); x < Math.min(w, w + dx); x++) dst[to + x] = src[from + x - dx];
    }
  }
}

/** Cells as an NHWC float batch, value = pixel × scale + offset. */
function batch(ds: Dataset, indices: readonly number[], scale: number, offset = 0): Float32Array {
  const per = ds.cellSize[0] * ds.cellSize[1];
  const out = new Float32Array(indices.length * per);
  indices.forEach((k, b) => {
    for (let p = 0; p < per; p++) out[b * per + p] = ds.pixels[k * per + p] * scale + offset;
  });
  return out;
}

// ---- network -----------------------------------------------------------------

function layersModel(spec: TrainSource): tf.Sequential {
  const { model, hyper } = spec;
  const m = tf.sequential();
  let seed = hyper.seed;
  // Every initialiser gets its own seed, derived from hyper.seed in layer order.
  const kernel = () => tf.initializers.glorotUniform({ seed: seed++ });
  model.layers.forEach((l, i) => {
    const first = i === 0 ? { inputShape: model.input.slice(1) } : {};
    const name = `${l.type}_${i}`;
    switch (l.type) {
      case 'conv2d':
        m.add(tf.layers.conv2d({ ...first, name, filters: l.filters, kernelSize: l.kernel, strides: l.strides, padding: l.padding, activation: l.activation === 'none' ? 'linear' : l.activation, kernelInitializer: kernel(), biasInitializer: 'zeros' }));
        break;
      case 'maxpool2d':
        m.add(tf.layers.maxPooling2d({ ...first, name, poolSize: l.size, strides: l.size }));
        break;
      case 'flatten':
        m.add(tf.layers.flatten({ ...first, name }));
        break;
      case 'dense':
        m.add(tf.layers.dense({ ...first, name, units: l.units, activation: l.activation === 'none' ? 'linear' : l.activation, kernelInitializer: kernel(), biasInitializer: 'zeros' }));
        break;
    }
  });
  return m;
}

/** OHWI from TF's HWIO. */
function hwioToOhwi(w: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) {
    out[((o * kh + y) * kw + x) * cin + i] = w[((y * kw + x) * cin + i) * cout + o];
  }
  return out;
}

/** [out, in] from TF's [in, out]. */
function transpose2d(w: Float32Array, [rows, cols]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

/** The trained network as an IR graph: Conv2D (OHWI), MaxPool2D, Reshape, FullyConnected ([out, in]), Relu, Softmax. */
export function irFromWeights(spec: TrainSource, weights: Map<string, { data: Float32Array; shape: number[] }>): Model {
  const b = new GraphBuilder('digits');
  let x = b.addInput('input', spec.model.input);
  const w = (layer: string, kind: 'kernel' | 'bias') => {
    const t = weights.get(`${layer}/${kind}`);
    if (!t) throw new Error(`no trained weight ${layer}/${kind}`);
    return t;
  };
  const act = (l: TrainLayer & { activation: string }, y: string, name: string): string => {
    if (l.activation === 'relu') return b.add('Relu', [y], {}, { name: `${name}/relu` });
    if (l.activation === 'softmax') return b.add('Softmax', [y], { axis: -1, beta: 1 }, { name: `${name}/softmax` });
    return y;
  };
  spec.model.layers.forEach((l, i) => {
    const name = `${l.type}_${i}`;
    switch (l.type) {
      case 'conv2d': {
        const k = w(name, 'kernel');
        const bias = w(name, 'bias');
        const [kh, kw, cin, cout] = k.shape;
        const y = b.add('Conv2D', [x, b.addConst(`${name}/kernel`, [cout, kh, kw, cin], hwioToOhwi(k.data, k.shape)), b.addConst(`${name}/bias`, [cout], Float32Array.from(bias.data))], { strides: [l.strides, l.strides], padding: l.padding }, { name });
        x = act(l, y, name);
        break;
      }
      case 'maxpool2d':
        x = b.add('MaxPool2D', [x], { filter: [l.size, l.size], strides: [l.size, l.size], padding: 'valid' }, { name });
        break;
      case 'flatten': {
        const shape = b.tensor(x).shape;
        x = b.add('Reshape', [x], { newShape: [shape[0], shape.slice(1).reduce((a, d) => a * d, 1)] }, { name });
        break;
      }
      case 'dense': {
        const k = w(name, 'kernel');
        const bias = w(name, 'bias');
        const y = b.add('FullyConnected', [x, b.addConst(`${name}/kernel`, [k.shape[1], k.shape[0]], transpose2d(k.data, k.shape)), b.addConst(`${name}/bias`, [k.shape[1]], Float32Array.from(bias.data))], {}, { name });
        x = act(l, y, name);
        break;
      }
    }
  });
  b.markOutputs(x);
  return b.toModel('tfjs');
}

// ---- backend -----------------------------------------------------------------

/**
 * tfjs-backend-wasm (4.22) has every kernel these networks need for training
 * but Conv2DBackpropFilter (the gradient of a convolution's filter). This one
 * is made of the backend's own kernels, so it stays on XNNPACK: the input's
 * patches as a Conv2D with an identity filter (im2col; same strides and
 * padding as the forward convolution), then one matmul patchesᵀ · dy.
 */
function registerWasmFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter (wasm, scripts/zoo/train.ts): data format ${dataFormat} is not supported, only NHWC`);
      const be = backend as tf.KernelBackend;
      const run = (name: string, ins: tf.NamedTensorInfoMap, at: tf.NamedAttrMap): tf.TensorInfo => {
        const kernel = tf.getKernel(name, 'wasm');
        if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
        return kernel.kernelFunc({ inputs: ins, backend, attrs: at }) as tf.TensorInfo;
      };
      const [kh, kw, cin, cout] = filterShape;
      const k = kh * kw * cin;
      // HWIO identity: output channel (y·kw + x)·cin + c copies input channel c at tap (y, x).
      const eye = new Float32Array(k * k);
      for (let i = 0; i < k; i++) eye[i * k + i] = 1;
      const identity: tf.TensorInfo = { dataId: be.write(eye, [kh, kw, cin, k], 'float32'), shape: [kh, kw, cin, k], dtype: 'float32' };
      const patches = run('Conv2D', { x, filter: identity }, { strides, pad, dataFormat, dilations: 1, ...(dimRoundingMode ? { dimRoundingMode } : {}) });
      const rows = patches.shape[0] * patches.shape[1] * patches.shape[2];
      const p = run('Reshape', { x: patches }, { shape: [1, rows, k] });
      const d = run('Reshape', { x: dy }, { shape: [1, rows, cout] });
      const grad = run('BatchMatMul', { a: p, b: d }, { transposeA: true, transposeB: false });
      const out = run('Reshape', { x: grad }, { shape: filterShape });
      // Reshape shares its input's data (reference counted), so each intermediate is released once.
      for (const t of [identity, patches, p, d, grad]) be.disposeData(t.dataId);
      return out;
    },
  });
}

/**
 * Training and the fp32 reference run on TF.js's wasm backend (XNNPACK, the
 * single-threaded SIMD build in Node): 10–30× faster than the cpu backend for
 * convolution gradients, and as repeatable, since the same binary does the
 * same float operations in the same order on every run.
 */
export async function wasmBackend(root = ROOT): Promise<string> {
  registerWasmFilterGradient();
  const name = await useBackend({ backend: 'wasm', wasmPaths: `${path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')}/` });
  if (name !== 'wasm') throw new Error(`training needs TF.js's wasm backend, which did not start (got ${name}); is @tensorflow/tfjs-backend-wasm installed?`);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `tfjs-wasm ${tf.version.tfjs} (${simd ? 'SIMD' : 'no SIMD'}${threads ? ', threads' : ''})`;
}

// ---- training ----------------------------------------------------------------

/** Learning rate of epoch `e` (0-based): geometric from learningRate to finalLearningRate over the epochs. */
export function learningRateAt(hyper: TrainSource['hyper'], e: number): number {
  const end = hyper.finalLearningRate;
  if (end === undefined || hyper.epochs === 1) return hyper.learningRate;
  return hyper.learningRate * Math.pow(end / hyper.learningRate, e / (hyper.epochs - 1));
}

/** Adam whose learning rate the epoch loop can change (tf.SGDOptimizer has setLearningRate already). */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

async function accuracy(model: tf.LayersModel, x: Float32Array, labels: readonly number[], shape: number[]): Promise<number> {
  const probs = tf.tidy(() => (model.predict(tf.tensor(x, [labels.length, ...shape])) as tf.Tensor).argMax(-1));
  const pred = await probs.data();
  probs.dispose();
  return labels.filter((l, i) => pred[i] === l).length / labels.length;
}

/** An IO handler that captures model.json + weights in memory. */
async function saveLayers(model: tf.LayersModel): Promise<{ json: string; weights: Uint8Array }> {
  let saved: { json: string; weights: Uint8Array } | null = null;
  await model.save(tf.io.withSaveHandler(async (art) => {
    const weights = new Uint8Array(art.weightData as ArrayBuffer);
    const json = JSON.stringify({
      format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs} (scripts/zoo/train.ts)`, convertedBy: null,
      modelTopology: art.modelTopology, weightsManifest: [{ paths: [TRAINED_FILES.weights], weights: art.weightSpecs }],
    });
    saved = { json, weights };
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error('the layers model was not saved');
  return saved;
}

async function readLayers(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(path.join(dir, TRAINED_FILES.layersJson), 'utf8')) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const bin = readFileSync(path.join(dir, TRAINED_FILES.weights));
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
}

/** Trains the recipe's network; returns the record and writes the trained files into `dir`. */
export async function train(spec: TrainSource, dir: string, log: (line: string) => void = () => {}, root = ROOT): Promise<TrainingRecord> {
  const started = performance.now();
  const backend = await wasmBackend(root);
  const ds = await loadDataset(spec.dataset, root);
  const split = stratifiedSplit(ds.labels, spec.split.testFraction, spec.split.seed);
  const shape = spec.model.input.slice(1);
  const per = shape.reduce((a, d) => a * d, 1);
  if (per !== ds.cellSize[0] * ds.cellSize[1]) throw new Error(`model input ${spec.model.input.join('×')} does not hold one ${ds.cellSize.join('×')} cell`);
  const classes = Math.max(...ds.labels) + 1;
  const xTrain = batch(ds, split.train, spec.model.scale);
  const xTest = batch(ds, split.test, spec.model.scale);
  const yTrain = split.train.map((k) => ds.labels[k]);
  const yTest = split.test.map((k) => ds.labels[k]);

  const model = layersModel(spec);
  const { hyper } = spec;
  // tf.train.adam's defaults (β1 0.9, β2 0.999, the backend's epsilon).
  const optimizer = hyper.optimizer === 'adam' ? new ScheduledAdam(hyper.learningRate, 0.9, 0.999) : new tf.SGDOptimizer(hyper.learningRate);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const epochs: TrainingRecord['epochs'] = [];
  const rand = seededRandom(hyper.seed);
  const augmentRand = seededRandom(hyper.seed + 1);
  const shift = hyper.augment?.shift ?? 0;
  const order = split.train.map((_, i) => i);
  for (let e = 0; e < hyper.epochs; e++) {
    const t0 = performance.now();
    optimizer.setLearningRate(learningRateAt(hyper, e));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let lossSum = 0;
    let accSum = 0;
    for (let at = 0; at < order.length; at += hyper.batchSize) {
      const idx = order.slice(at, at + hyper.batchSize);
      let xb = new Float32Array(idx.length * per);
      idx.forEach((k, b) => xb.set(xTrain.subarray(k * per, (k + 1) * per), b * per));
      if (shift > 0) {
        const moved = new Float32Array(xb.length);
        shiftCells(xb, moved, ds.cellSize, shift, augmentRand);
        xb = moved;
      }
      const xs = tf.tensor(xb, [idx.length, ...shape]);
      const ys = tf.tensor(idx.map((k) => yTrain[k]), [idx.length, 1], 'float32');
      const [loss, acc] = (await model.trainOnBatch(xs, ys)) as number[];
      tf.dispose([xs, ys]);
      lossSum += loss * idx.length;
      accSum += acc * idx.length;
    }
    const testAccuracy = await accuracy(model, xTest, yTest, shape);
    const rec = { epoch: e + 1, loss: lossSum / order.length, trainAccuracy: accSum / order.length, testAccuracy, ms: Math.round(performance.now() - t0) };
    epochs.push(rec);
    log(`epoch ${rec.epoch}/${hyper.epochs}: loss ${rec.loss.toFixed(4)}, train ${(rec.trainAccuracy * 100).toFixed(2)} %, test ${(testAccuracy * 100).toFixed(2)} % (${(rec.ms / 1000).toFixed(1)} s)`);
  }
  const testAccuracy = await accuracy(model, xTest, yTest, shape);
  const trainAccuracy = await accuracy(model, xTrain, yTrain, shape);
  const trainMs = Math.round(performance.now() - started);

  const weights = new Map<string, { data: Float32Array; shape: number[] }>();
  for (const w of model.weights) weights.set(w.originalName, { data: Float32Array.from(await w.read().data()), shape: [...w.shape] as number[] });
  const saved = await saveLayers(model);
  const ir = irFromWeights(spec, weights);
  inferShapes(ir);
  const tflite = exportTflite(ir);
  const perClass = (idx: number[]) => Array.from({ length: classes }, (_, c) => idx.filter((k) => ds.labels[k] === c).length);
  const record: TrainingRecord = {
    backend,
    dataset: { file: spec.dataset.file, sha256: spec.dataset.sha256, cells: ds.labels.length, classes },
    split: { seed: spec.split.seed, testFraction: spec.split.testFraction, train: split.train.length, test: split.test.length, trainPerClass: perClass(split.train), testPerClass: perClass(split.test), testCellsSha256: sha256(new TextEncoder().encode(split.test.join(','))) },
    hyper: { ...hyper },
    layers: spec.model.layers.map((l) => ({ ...l })),
    params: model.countParams(),
    epochs,
    trainAccuracy,
    testAccuracy,
    minTestAccuracy: spec.minTestAccuracy,
    trainMs,
    weightsSha256: sha256(saved.weights),
  };
  model.dispose();
  optimizer.dispose();
  if (testAccuracy < spec.minTestAccuracy) throw new Error(`test accuracy ${(testAccuracy * 100).toFixed(2)} % is below the recipe's minimum ${(spec.minTestAccuracy * 100).toFixed(2)} %`);

  // Written to a temporary folder and moved into place, so a half-written folder is never taken as trained.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, TRAINED_FILES.layersJson), saved.json);
  writeFileSync(path.join(tmp, TRAINED_FILES.weights), saved.weights);
  writeFileSync(path.join(tmp, TRAINED_FILES.tflite), tflite);
  writeFileSync(path.join(tmp, TRAINED_FILES.record), JSON.stringify(record, null, 1) + '\n');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  return record;
}

/** The trained folder of a recipe (trains when it is missing) and its training record. */
export async function ensureTrained(recipe: Recipe, root = ROOT, log: (line: string) => void = () => {}): Promise<{ dir: string; record: TrainingRecord; trained: boolean }> {
  if (recipe.source.kind !== 'train') throw new Error(`${recipe.id} is not a trained recipe`);
  const dir = trainedDir(recipe, root);
  const recordFile = path.join(dir, TRAINED_FILES.record);
  if (Object.values(TRAINED_FILES).every((f) => existsSync(path.join(dir, f)))) {
    return { dir, record: JSON.parse(readFileSync(recordFile, 'utf8')) as TrainingRecord, trained: false };
  }
  const record = await train(recipe.source, dir, log, root);
  return { dir, record, trained: true };
}

// ---- the conversion's view of a trained model ------------------------------------

function cellTensors(ds: Dataset, indices: readonly number[], graph: ConversionGraph, input: number[]): Tensor[][] {
  const feed = graph.inputs[0]?.feed;
  if (graph.inputs.length !== 1 || feed?.kind !== 'image' || feed.colourOrder !== 'grayscale' || feed.layout !== 'NHWC' || feed.dtype !== 'float32') {
    throw new Error(`${graph.graph}: a trained recipe's graph takes one greyscale NHWC float32 image feed`);
  }
  if (feed.size[0] !== ds.cellSize[0] || feed.size[1] !== ds.cellSize[1]) throw new Error(`${graph.graph}: the feed's size ${feed.size.join('×')} is not the dataset's cell ${ds.cellSize.join('×')}`);
  const per = ds.cellSize[0] * ds.cellSize[1];
  const x = batch(ds, indices, feed.scale[0], feed.offset[0]);
  return indices.map((_, i) => [{ data: x.slice(i * per, (i + 1) * per), shape: [...input] }]);
}

export interface TrainedSourceGraphs extends SourceGraphs {
  feedSets(graph: ConversionGraph): Promise<FeedSets>;
  /** Test-split labels, in validation order. */
  testLabels(): Promise<number[]>;
}

/** The trained model as the conversion's source: model.tflite, the layers model as fp32 reference, dataset cells as samples. */
export function trainedSources(recipe: Recipe, dir: string, root = ROOT): TrainedSourceGraphs {
  const spec = recipe.source;
  if (spec.kind !== 'train') throw new Error(`${recipe.id} is not a trained recipe`);
  const conversion = recipe.conversion;
  let data: Promise<{ ds: Dataset; split: { train: number[]; test: number[] } }> | null = null;
  const dataset = () => (data ??= loadDataset(spec.dataset, root).then((ds) => ({ ds, split: stratifiedSplit(ds.labels, spec.split.testFraction, spec.split.seed) })));
  const graphOf = (id: string) => {
    const g = recipe.graphs.find((x) => x.id === id);
    if (!g) throw new Error(`conversion names graph "${id}", which is not among the recipe's graphs`);
    return g;
  };
  return {
    load(id) {
      const g = graphOf(id);
      const bytes = new Uint8Array(readFileSync(path.join(dir, g.file)));
      const model = loadModel({ entry: g.file, format: 'tflite', readFile: () => bytes });
      inferShapes(model);
      return model;
    },
    async reference() {
      await wasmBackend(root);
      const model = await readLayers(dir);
      const shape = spec.model.input;
      const runtime: Runtime = {
        async run(inputs) {
          const out = tf.tidy(() => model.predict(tf.tensor(inputs[0].data as Float32Array, shape)) as tf.Tensor);
          const values = Float32Array.from(await out.data());
          const outShape = [...out.shape];
          out.dispose();
          return [{ data: values, shape: outShape }];
        },
        close: () => model.dispose(),
      };
      return { kind: 'tfjs-layers-model', runtime };
    },
    async feedSets(graph) {
      if (!conversion) throw new Error('no conversion section');
      const { ds, split } = await dataset();
      const input = spec.model.input;
      const pick = (name: 'calibration' | 'validation', which: 'train' | 'test' | undefined) => {
        if (!which) throw new Error(`conversion.${name}.split: a trained recipe draws its ${name} samples from a split of the dataset`);
        if (conversion[name].files.length !== 1 || conversion[name].files[0] !== spec.dataset.file) throw new Error(`conversion.${name}.files: must be [${spec.dataset.file}], the dataset`);
        return split[which];
      };
      const calibrationCells = seededPick(pick('calibration', conversion.calibration.split), conversion.calibration.count, conversion.calibration.seed);
      const validationCells = pick('validation', conversion.validation.split);
      return {
        calibration: cellTensors(ds, calibrationCells, graph, input),
        validation: cellTensors(ds, validationCells, graph, input),
        validationLabels: validationCells.map((k) => `${spec.dataset.file}#r${ds.cells[k].row}c${ds.cells[k].column}`),
      };
    },
    async testLabels() {
      const { ds, split } = await dataset();
      if (!conversion?.validation.split) throw new Error('conversion.validation.split is not set');
      return split[conversion.validation.split].map((k) => ds.labels[k]);
    },
  };
}

/** Accuracy of each built artifact on the validation (test) split, against the true labels. */
export async function artifactAccuracy(sources: TrainedSourceGraphs, recipe: Recipe, artifacts: BuiltArtifact[], fileOf: (href: string) => string): Promise<Partial<Record<BuiltArtifact['variant'], number>>> {
  const out: Partial<Record<BuiltArtifact['variant'], number>> = {};
  for (const a of artifacts) {
    const spec = recipe.conversion?.graphs.find((g) => g.graph === a.graph);
    if (!spec) continue;
    const { validation } = await sources.feedSets(spec);
    const labels = await sources.testLabels();
    const bytes = new Uint8Array(readFileSync(fileOf(a.href)));
    const fp32 = sources.load(a.graph);
    const rt = await artifactRuntime(bytes, fp32);
    let right = 0;
    try {
      for (let i = 0; i < validation.length; i++) {
        let x = validation[i];
        const q = a.inputs[0].quant;
        if (q && a.inputs[0].dtype === 'int8') x = [{ data: Int8Array.from(x[0].data, (v) => Math.min(127, Math.max(-128, Math.round(v / q.scale[0]) + q.zeroPoint[0]))), shape: x[0].shape }];
        const [y] = await rt.run(x);
        let best = 0;
        for (let c = 1; c < y.data.length; c++) if (y.data[c] > y.data[best]) best = c;
        if (best === labels[i]) right++;
      }
    } finally {
      rt.close();
    }
    out[a.variant] = right / validation.length;
  }
  return out;
}
