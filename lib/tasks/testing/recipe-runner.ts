// Node-only test helpers for task decoders: a catalogue recipe's source model
// run by our executor on a real sample image, the input built exactly as the
// browser builds it (the recipe's image feed, fitRect + imageToTensor), and
// the outputs handed over in graph output order as an engine would.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { imageFeedSchema, type ImageFeed } from '../../catalogue/recipe-schema';
import { fitRect, imageToTensor, type RgbaImage } from '../../engines/preprocess';
import type { EngineTensor } from '../../engines/types';
import { createExecutor, type Executor } from '../../exec';
import { REPO_ROOT, loadRecipeGraph } from '../../exec/testing/catalogue';
import type { Model } from '../../ir/types';
import { DEFAULT_TASK_OPTIONS, type DecodeContext, type TaskOptions } from '../types';

export interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A sample image from public/samples/images as RGBA, optionally cropped (px) and then rotated by a multiple of 90° clockwise. */
export async function loadFrame(name: string, crop?: Crop, rotateDegrees = 0): Promise<RgbaImage> {
  let img = sharp(path.join(REPO_ROOT, 'public', 'samples', 'images', name)).removeAlpha();
  if (crop) img = img.extract(crop);
  // Rotation after extraction needs a materialised image (sharp applies rotate before extract otherwise).
  if (rotateDegrees) img = sharp(await img.png().toBuffer()).rotate(rotateDegrees);
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** The frame drawn into the feed's canvas as the browser does: scaled into fitRect, black elsewhere. */
export async function drawIntoFeed(frame: RgbaImage, feed: ImageFeed): Promise<RgbaImage> {
  const [w, h] = feed.size;
  const r = fitRect(frame.width, frame.height, feed);
  const { data } = await sharp(Buffer.from(frame.data), { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .resize(r.width, r.height, { fit: 'fill', kernel: 'linear' })
    .extend({ top: r.y, left: r.x, bottom: h - r.y - r.height, right: w - r.x - r.width, background: { r: 0, g: 0, b: 0, alpha: 1 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: w, height: h, data: new Uint8Array(data) };
}

interface FeedEntry {
  name: string;
  feed: unknown;
}

/** The image feed of a recipe's first graph input, validated by the catalogue schema. */
export function recipeFeed(recipeDir: string): { inputName: string; feed: ImageFeed } {
  const raw = JSON.parse(readFileSync(path.join(REPO_ROOT, 'recipes', recipeDir, 'recipe.json'), 'utf8')) as { conversion: { graphs: { inputs: FeedEntry[] }[] } };
  const input = raw.conversion.graphs[0].inputs[0];
  return { inputName: input.name, feed: imageFeedSchema.parse(input.feed) };
}

export interface RecipeRun {
  outputs: EngineTensor[];
  ctx: DecodeContext;
}

const loaded = new Map<string, Promise<{ exec: Executor; model: Model }>>();

async function executorFor(recipeDir: string): Promise<{ exec: Executor; model: Model }> {
  let entry = loaded.get(recipeDir);
  if (!entry) {
    const { model } = loadRecipeGraph(recipeDir);
    entry = createExecutor(model, { backend: 'wasm' }).then((exec) => ({ exec, model }));
    loaded.set(recipeDir, entry);
  }
  return entry;
}

export interface RunOptions {
  /** Decoder options over DEFAULT_TASK_OPTIONS. */
  options?: Partial<TaskOptions>;
  /** Overrides of the recipe's feed, e.g. fit: 'letterbox' to exercise letterbox removal. */
  feed?: Partial<Pick<ImageFeed, 'fit'>>;
}

/** Runs a recipe's source model on a frame; outputs in graph output order, with the decode context for that frame. */
export async function runRecipe(recipeDir: string, frame: RgbaImage, run: RunOptions = {}): Promise<RecipeRun> {
  const { inputName, feed: recipe } = recipeFeed(recipeDir);
  const feed: ImageFeed = { ...recipe, ...run.feed };
  // The executor takes ONNX graphs in NHWC; NCHW feeds go through engine-runner.ts (the browser engine), which permutes.
  if (feed.layout === 'NCHW') throw new Error(`${recipeDir}: runRecipe feeds NHWC inputs only; use engine-runner.ts for this NCHW feed`);
  const { exec, model } = await executorFor(recipeDir);
  const input = imageToTensor(await drawIntoFeed(frame, feed), feed, inputName);
  const result = await exec.run({ [inputName]: { data: input.data, shape: input.shape } });
  const g = model.graphs[0];
  const outputs = g.outputs.map((id): EngineTensor => {
    const name = g.tensors.get(id)?.name ?? id;
    const o = result.outputs[name] ?? result.outputs[id];
    if (!o) throw new Error(`${recipeDir}: the executor returned no output ${name}`);
    return { name, shape: o.shape, dtype: o.dtype, data: o.data };
  });
  return { outputs, ctx: { frame: { width: frame.width, height: frame.height }, feed, options: { ...DEFAULT_TASK_OPTIONS, ...run.options } } };
}

/** Frees every executor this module created (call from afterAll). */
export async function disposeRecipeRunners(): Promise<void> {
  const all = [...loaded.values()];
  loaded.clear();
  for (const e of all) (await e).exec.dispose();
}
