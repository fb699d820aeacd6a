// Server side of a model page's int8 explorer: for a catalogue graph with an
// int8 artifact, the fp32 and int8 files (served copies, sha256-checked when
// fetched), their inputs as zoo/artifacts.json records them, the recipe's
// image feeds and the bundled sample images to measure on. Build-time only
// (lists public/samples/images).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import type { CatalogueModel, SqnrResult, TensorSummary } from '@/lib/catalogue/manifest';
import type { IoSpec } from '@/lib/engines/boundary';
import type { ArtifactPair } from '@/lib/inspect/probe-protocol';

export interface QuantExplorerSource {
  pair: ArtifactPair;
  fp32File: string;
  int8File: string;
  /** Bundled sample images (/samples/images/…). */
  samples: string[];
  /** The sample to start with: the recipe's first validation image. */
  initialSample: string | null;
  /** The build's own validation of the int8 file (zoo/artifacts.json), for context. */
  recorded: { samples: number; sqnr: SqnrResult[] } | null;
}

export type QuantExplorerEntry = { available: true; source: QuantExplorerSource } | { available: false; reason: string };

function sampleImages(): string[] {
  try {
    return readdirSync(path.join(process.cwd(), 'public/samples/images'))
      .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
      .sort()
      .map((f) => `/samples/images/${f}`);
  } catch {
    return [];
  }
}

const ioSpec = (t: TensorSummary): IoSpec => ({ name: t.name, shape: [...t.shape], dtype: t.dtype, ...(t.quant ? { quant: { scale: [...t.quant.scale], zeroPoint: [...t.quant.zeroPoint] } } : {}) });
const baseName = (href: string) => href.slice(href.lastIndexOf('/') + 1);

/** The explorer for one graph of a catalogue model; null when it has no int8 artifact. */
export function quantExplorerEntry(m: CatalogueModel, graphId: string): QuantExplorerEntry | null {
  const built = m.conversion?.built.graphs.find((g) => g.graph === graphId);
  const fp32 = built?.artifacts.find((a) => a.variant === 'fp32');
  const int8 = built?.artifacts.find((a) => a.variant === 'int8');
  if (!fp32 || !int8) return null;
  const plan = m.conversion?.plan.graphs.find((g) => g.graph === graphId);
  const feeds: Record<string, ImageFeed> = {};
  for (const input of plan?.inputs ?? []) {
    if (input.feed.kind !== 'image') return { available: false, reason: `the explorer feeds images, and input ${input.name} is fed ${input.feed.kind} data` };
    feeds[input.name] = input.feed;
  }
  const fp32Inputs = fp32.inputs.map(ioSpec);
  const missing = fp32Inputs.filter((i) => !feeds[i.name]);
  if (missing.length) return { available: false, reason: `the recipe gives no image feed for ${missing.map((i) => i.name).join(', ')}` };
  const firstImage = m.conversion?.plan.validation.files.find((f) => f.startsWith('images/'));
  const samples = sampleImages();
  return {
    available: true,
    source: {
      pair: {
        fp32: { href: fp32.href, bytes: fp32.bytes, sha256: fp32.sha256 },
        int8: { href: int8.href, bytes: int8.bytes, sha256: int8.sha256 },
        fp32Inputs,
        int8Inputs: int8.inputs.map(ioSpec),
        feeds,
      },
      fp32File: baseName(fp32.href),
      int8File: baseName(int8.href),
      samples,
      initialSample: firstImage && samples.includes(`/samples/${firstImage}`) ? `/samples/${firstImage}` : samples[0] ?? null,
      recorded: int8.validation.int8 ? { samples: int8.validation.int8.samples, sqnr: int8.validation.int8.sqnr } : null,
    },
  };
}
