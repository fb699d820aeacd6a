// Browser image decoding for the run panel: a file or URL → ImageBitmap, with
// a clear message when the bytes are not a picture this browser can read.

export class ImageDecodeError extends Error {}

export async function decodeImage(blob: Blob, label: string): Promise<ImageBitmap> {
  if (blob.size === 0) throw new ImageDecodeError(`${label} is empty (0 bytes).`);
  try {
    return await createImageBitmap(blob);
  } catch {
    throw new ImageDecodeError(`${label} could not be read as an image${blob.type ? ` (${blob.type})` : ''}: the file is damaged or not a format this browser decodes (JPEG, PNG, WebP, GIF, BMP, AVIF).`);
  }
}

export async function fetchImage(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new ImageDecodeError(`sample ${url} could not be loaded: HTTP ${res.status}`);
  return decodeImage(await res.blob(), url.slice(url.lastIndexOf('/') + 1));
}
