// An image (bundled sample, upload) made ready for every image input of a
// model: decoded in the page and resized with each input's feed, the same
// arithmetic as the run page (lib/engines/frame). The int8 explorers send the
// result to their worker.

import { decodeImage } from '@/components/demo/decode-image';
import type { ImageFeed } from '@/lib/catalogue/recipe-schema';
import { feedPixels } from '@/lib/engines/frame';
import type { RgbaImage } from '@/lib/engines/preprocess';
import type { FeedImage } from '@/lib/inspect/byom/protocol';

export async function sampleBlob(href: string): Promise<Blob> {
  const r = await fetch(href);
  if (!r.ok) throw new Error(`sample ${href} could not be loaded: HTTP ${r.status}`);
  return r.blob();
}

export async function feedImage(blob: Blob, name: string, feeds: Readonly<Record<string, ImageFeed>>): Promise<FeedImage> {
  const bitmap = await decodeImage(blob, name);
  try {
    const pixels: Record<string, RgbaImage> = {};
    for (const [input, feed] of Object.entries(feeds)) pixels[input] = feedPixels(bitmap, feed);
    return { name, pixels };
  } finally {
    bitmap.close();
  }
}

export const fileName = (href: string): string => href.slice(href.lastIndexOf('/') + 1);
