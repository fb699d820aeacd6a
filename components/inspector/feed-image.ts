// An image (bundled sample, upload, one camera frame) made ready for every
// image input of a model: decoded in the page and resized with each input's
// feed, the same arithmetic as the run page (lib/engines/frame). The int8
// explorers send the result to their worker.

import { openCamera, stopStream } from '@/components/demo/camera';
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

function bitmapImage(bitmap: ImageBitmap, name: string, feeds: Readonly<Record<string, ImageFeed>>): FeedImage {
  try {
    const pixels: Record<string, RgbaImage> = {};
    for (const [input, feed] of Object.entries(feeds)) pixels[input] = feedPixels(bitmap, feed);
    return { name, pixels };
  } finally {
    bitmap.close();
  }
}

export async function feedImage(blob: Blob, name: string, feeds: Readonly<Record<string, ImageFeed>>): Promise<FeedImage> {
  return bitmapImage(await decodeImage(blob, name), name, feeds);
}

/** One frame of the default camera, the camera stopped right after. Throws CameraError with a message that says why. */
export async function cameraImage(feeds: Readonly<Record<string, ImageFeed>>): Promise<FeedImage> {
  const stream = await openCamera();
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    // play() resolves before a frame is guaranteed; wait until one has a size.
    for (let i = 0; i < 100 && (video.videoWidth === 0 || video.readyState < 2); i++) await new Promise((r) => setTimeout(r, 30));
    if (video.videoWidth === 0) throw new Error('the camera started but sent no frame');
    const name = `camera frame ${new Date().toLocaleTimeString()}`;
    return bitmapImage(await createImageBitmap(video), name, feeds);
  } finally {
    stopStream(stream);
  }
}

export const fileName = (href: string): string => href.slice(href.lastIndexOf('/') + 1);
