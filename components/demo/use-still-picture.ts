// The still picture the model runs on: a bundled sample (fetched when
// picked), an uploaded file (decoded on drop) or the drawing pad's cell, as
// an ImageBitmap drawn on the stage's canvas. The first sample is shown
// before anything runs, so the stage is never an empty box.

import { useCallback, useEffect, useRef, useState } from 'react';
import { decodeImage, fetchImage, ImageDecodeError } from './decode-image';
import { greyToRgba, type GreyCell } from './drawing/rasterise-glyph';

export type Still = { kind: 'sample'; url: string } | { kind: 'upload'; name: string } | { kind: 'drawing'; cell: GreyCell };

/** The sample's file name, the upload's name, or "drawing". */
export const stillName = (s: Still) => (s.kind === 'sample' ? s.url.slice(s.url.lastIndexOf('/') + 1) : s.kind === 'upload' ? s.name : 'drawing');

/** How the stage and the picture picker name it. */
export const stillLabel = (s: Still) => (s.kind === 'sample' ? stillName(s) : s.kind === 'upload' ? `${s.name} (uploaded)` : 'your drawing');

const idOf = (s: Still) => (s.kind === 'sample' ? s.url : s.kind === 'upload' ? `upload:${s.name}` : 'drawing');

export function useStillPicture(samples: string[], setAspect: (a: number) => void) {
  const stillRef = useRef<HTMLCanvasElement>(null);
  const bitmap = useRef<ImageBitmap | undefined>(undefined);
  /** Which still `bitmap` holds ('' before any). */
  const bitmapOf = useRef('');
  const [still, setStill] = useState<Still | undefined>(samples[0] ? { kind: 'sample', url: samples[0] } : undefined);
  const [uploadError, setUploadError] = useState('');

  /** Draws the picture on the stage's canvas and sizes the stage to it. */
  const show = useCallback(
    (bmp: ImageBitmap) => {
      const canvas = stillRef.current;
      if (!canvas) return;
      canvas.width = bmp.width;
      canvas.height = bmp.height;
      canvas.getContext('2d')?.drawImage(bmp, 0, 0);
      setAspect(bmp.width / bmp.height);
    },
    [setAspect],
  );

  useEffect(() => {
    const first = samples[0];
    if (!first) return;
    let cancelled = false;
    fetchImage(first)
      .then((bmp) => {
        if (cancelled || bitmapOf.current) return;
        bitmap.current = bmp;
        bitmapOf.current = first;
        show(bmp);
      })
      .catch(() => {
        // The Run button reports a sample that cannot load; the preview is a nicety.
      });
    return () => {
      cancelled = true;
    };
  }, [samples, show]);

  /** The still's pixels: a sample is fetched once, a drawing rendered anew; an upload must have been accepted first. */
  const bitmapFor = useCallback(async (s: Still): Promise<ImageBitmap> => {
    const id = idOf(s);
    if (s.kind === 'sample' && bitmapOf.current !== id) {
      bitmap.current = await fetchImage(s.url);
      bitmapOf.current = id;
    }
    if (s.kind === 'drawing') {
      bitmap.current = await createImageBitmap(new ImageData(greyToRgba(s.cell), s.cell.width, s.cell.height));
      bitmapOf.current = id;
    }
    if (!bitmap.current || bitmapOf.current !== id) throw new Error('choose a sample or upload an image first');
    return bitmap.current;
  }, []);

  /** Decodes an uploaded file into the still; undefined (and uploadError set) when it is no picture. */
  const acceptUpload = useCallback(async (file: File): Promise<Still | undefined> => {
    setUploadError('');
    let bmp: ImageBitmap;
    try {
      bmp = await decodeImage(file, `“${file.name}”`);
    } catch (err) {
      setUploadError(err instanceof ImageDecodeError ? err.message : `“${file.name}” could not be opened: ${String(err)}`);
      return undefined;
    }
    bitmap.current = bmp;
    bitmapOf.current = `upload:${file.name}`;
    const s: Still = { kind: 'upload', name: file.name };
    setStill(s);
    return s;
  }, []);

  return { stillRef, bitmap, still, setStill, show, bitmapFor, acceptUpload, uploadError };
}
