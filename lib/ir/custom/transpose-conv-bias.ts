import { ModelFormatError } from '../../formats/errors';

// MediaPipe's TFLite custom op Convolution2DTransposeBias
// (mediapipe/util/tflite/operations/transpose_conv_bias.cc): inputs
// [x, weights OHWI, bias]; its options are a TfLiteTransposeConvParams struct
// stored in place: int32 padding (1 = SAME, 2 = VALID), int32 stride_width,
// int32 stride_height, little-endian. Decoded here once for the executor and
// for the pass that lowers it to a builtin TRANSPOSE_CONV.

export const TRANSPOSE_CONV_BIAS = 'Convolution2DTransposeBias';

export interface TransposeConvBiasParams {
  padding: 'same' | 'valid';
  /** [stride_height, stride_width] */
  strides: [number, number];
}

export function decodeTransposeConvBias(options: Uint8Array | null): TransposeConvBiasParams {
  if (!options || options.byteLength < 12) {
    throw new ModelFormatError('bad-value', `${TRANSPOSE_CONV_BIAS} needs its 12-byte options, got ${options?.byteLength ?? 0} bytes`);
  }
  const view = new DataView(options.buffer, options.byteOffset, options.byteLength);
  const code = view.getInt32(0, true);
  if (code !== 1 && code !== 2) throw new ModelFormatError('bad-value', `${TRANSPOSE_CONV_BIAS} padding enum ${code} is neither SAME (1) nor VALID (2)`);
  const strides: [number, number] = [view.getInt32(8, true), view.getInt32(4, true)];
  if (strides.some((s) => s < 1)) throw new ModelFormatError('bad-value', `${TRANSPOSE_CONV_BIAS} strides ${strides.join('×')} must be positive`);
  return { padding: code === 1 ? 'same' : 'valid', strides };
}

/**
 * Rows (or columns) SAME drops from the full (in−1)·s + k output, the
 * smaller half at the top/left — the same split TFLite's TRANSPOSE_CONV
 * derives from an explicit output shape, which is what makes lowering exact.
 */
export function transposeConvBiasDrop(padding: 'same' | 'valid', kernel: number, input: number, stride: number): number {
  return padding === 'same' ? Math.max(0, kernel - ((input - 1) % stride) - 1) : 0;
}

export function transposeConvBiasOutput(padding: 'same' | 'valid', kernel: number, input: number, stride: number): number {
  return stride * (input - 1) + kernel - transposeConvBiasDrop(padding, kernel, input, stride);
}
