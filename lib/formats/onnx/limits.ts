// Bounds that keep hostile files from exhausting memory or time. Generous for
// real edge models (the largest dims there are a few thousand).

/** Highest tensor rank accepted anywhere in a model. */
export const MAX_RANK = 32;
/** Largest single dimension (int32 range, as TFLite and WebGPU index with int32). */
export const MAX_DIM = 0x7fffffff;
/** Largest element count of a constant; its bytes must also be present in the file. */
export const MAX_ELEMENTS = 2 ** 31;
