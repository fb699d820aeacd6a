import type { Recipe } from './recipe-schema';

// The generated catalogue (zoo/catalogue.json): the taxonomy joined with every
// recipe and the figures measured from its model files. The app renders only
// this, so every number on a page traces back to a file that was parsed.

export interface TensorSummary {
  name: string;
  shape: number[];
  dtype: string;
  quant?: { scale: number[]; zeroPoint: number[]; axis?: number };
}

export interface GraphStats {
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  params: number;
  /** Multiply-accumulates for one inference (1 MAC = 2 ops); null when a shape stayed unknown. */
  macs: number | null;
  weightBytes: number;
  /** Weight bytes by stored dtype, e.g. { float16: 412000, int32: 64 }. */
  weightBytesByDtype: Record<string, number>;
  opCount: number;
  opHistogram: Record<string, number>;
  /** Ops the IR keeps as opaque Custom ops (by source name). */
  unsupportedOps: string[];
}

export interface CatalogueGraph {
  id: string;
  file: string;
  format: Recipe['graphs'][number]['format'];
  description?: string;
  stats: GraphStats;
}

export interface Download {
  /** Path inside the source package. */
  file: string;
  /** Site-relative URL of the copy served by EdgeZoo. */
  href: string;
  bytes: number;
  sha256: string;
  role: Recipe['source']['files'][number]['role'];
}

export interface CatalogueModel {
  id: string;
  name: string;
  domain: string;
  task: string;
  summary: string;
  tags: string[];
  licence: Recipe['licence'];
  source: Recipe['source'];
  input: Recipe['input'];
  output: Recipe['output'];
  labels?: Recipe['labels'];
  limitations: string[];
  graphs: CatalogueGraph[];
  downloads: Download[];
  /** Compiled MDX body (mdx-bundler output), rendered by the model page. */
  cardCode: string;
  totals: {
    params: number;
    macs: number | null;
    fileBytes: number;
    /** Dtype holding most weight bytes, e.g. "float16". */
    precision: string;
    sourceFormat: string;
  };
  /** Path of the recipe folder relative to the repository root. */
  recipePath: string;
}

export interface CatalogueTask {
  id: string;
  name: string;
  description: string;
  inputType: string;
  outputType: string;
  models: string[];
}

export interface CatalogueDomain {
  id: string;
  name: string;
  description: string;
  tasks: CatalogueTask[];
}

export interface Catalogue {
  generatedBy: string;
  domains: CatalogueDomain[];
  models: Record<string, CatalogueModel>;
}

export function modelKey(domain: string, task: string, id: string): string {
  return `${domain}/${task}/${id}`;
}
