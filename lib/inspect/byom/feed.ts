// How calibration images become model inputs when there is no recipe: the
// user confirms a feed (size from the input's shape, layout, colour order,
// normalisation) and the page turns each image into the input tensor with
// the run panel's own arithmetic (lib/engines/preprocess imageToTensor).

import type { ImageFeed } from '../../catalogue/recipe-schema';
import { imageToTensor, type RgbaImage } from '../../engines/preprocess';
import type { Model } from '../../ir/types';

export type Normalisation = 'zero-one' | 'minus-one-one' | 'raw' | 'imagenet';

/** value = pixel × scale + offset, per channel in the feed's colour order (RGB as listed). */
export const NORMALISATIONS: Record<Normalisation, { label: string; scale: number[]; offset: number[] }> = {
  'zero-one': { label: '0 … 1 (pixel / 255)', scale: [1 / 255], offset: [0] },
  'minus-one-one': { label: '−1 … 1 (pixel / 127.5 − 1)', scale: [1 / 127.5], offset: [-1] },
  raw: { label: '0 … 255 (pixels as they are)', scale: [1], offset: [0] },
  imagenet: {
    label: 'ImageNet mean/std ((pixel / 255 − mean) / std)',
    scale: [1 / (255 * 0.229), 1 / (255 * 0.224), 1 / (255 * 0.225)],
    offset: [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225],
  },
};

export interface InputSignature {
  name: string;
  /** Shape as the source file feeds it (NCHW for ONNX image inputs). */
  shape: number[];
  dtype: string;
  /** The importer turned this input from NCHW (source) into NHWC (IR, export). */
  relaidOut: boolean;
}

/** The main graph's inputs as the source file feeds them (what the page lists and guessImageFeed reads). */
export function inputSignatures(model: Model): InputSignature[] {
  const g = model.graphs[0];
  return g.inputs.map((id) => {
    const t = g.tensors.get(id);
    const name = t?.name ?? id;
    const relaidOut = model.metadata[`layout:${name}`] === 'NCHW';
    const shape = t ? [...t.shape] : [];
    // The IR holds relaid inputs NHWC; the source (and the user) think of them NCHW.
    return { name, shape: relaidOut && shape.length === 4 ? [shape[0], shape[3], shape[1], shape[2]] : shape, dtype: t?.dtype ?? 'float32', relaidOut };
  });
}

/**
 * A first guess at the image feed of an input, or why it is not an image:
 * a 4-D shape with 1 or 3 channels and known height and width.
 */
export function guessImageFeed(input: InputSignature): { feed: ImageFeed } | { reason: string } {
  const s = input.shape;
  if (s.length !== 4) return { reason: `${input.name} has shape [${s.join(', ')}], not an image batch [N, H, W, C] or [N, C, H, W]` };
  const nchw = input.relaidOut || ((s[1] === 1 || s[1] === 3) && s[3] !== 1 && s[3] !== 3);
  const [c, h, w] = nchw ? [s[1], s[2], s[3]] : [s[3], s[1], s[2]];
  if (c !== 1 && c !== 3) return { reason: `${input.name} has ${c < 0 ? 'an unknown number of' : c} channels; images have 1 or 3` };
  if (h <= 0 || w <= 0) return { reason: `${input.name} has unknown height or width ([${s.join(', ')}]): set its input shape first` };
  const dtype = input.dtype === 'int32' || input.dtype === 'uint8' ? input.dtype : 'float32';
  const norm = NORMALISATIONS[dtype === 'float32' ? 'zero-one' : 'raw'];
  return {
    feed: {
      kind: 'image',
      size: [w, h],
      fit: 'stretch',
      colourOrder: c === 1 ? 'grayscale' : 'RGB',
      scale: [...norm.scale],
      offset: [...norm.offset],
      layout: nchw ? 'NCHW' : 'NHWC',
      dtype,
    },
  };
}

/** The layout an input has in the IR and the exported .tflite: NHWC when the importer relaid an NCHW source input, else the source's. */
export function irLayout(feed: ImageFeed, relaidOut: boolean): ImageFeed['layout'] {
  return relaidOut ? 'NHWC' : feed.layout;
}

/** An image as the IR's (and the export's) input. */
/** An image input as the IR's executor and the quantizer's probe take it. */
export interface ImageInputTensor {
  data: Float32Array | Int32Array | Uint8Array;
  shape: number[];
}

export function irInputTensor(img: RgbaImage, feed: ImageFeed, relaidOut: boolean): ImageInputTensor {
  const t = imageToTensor(img, { ...feed, layout: irLayout(feed, relaidOut) }, 'input');
  if (t.data instanceof BigInt64Array || t.data instanceof Int8Array) throw new Error('unexpected image tensor type');
  return { data: t.data, shape: t.shape };
}
