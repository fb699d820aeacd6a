// Browser inference engines behind one interface, run in a Web Worker.
// Import the client and helpers from here; the engines themselves are loaded
// only inside the worker.

export { EngineClient, type LoadRequest } from './client';
export { deleteCachedModels, listCachedModels, MODEL_CACHE, type CachedModelFile, type DownloadProgress } from './model-cache';
export { fitRect, imageToTensor, type RgbaImage } from './preprocess';
export { checksum, median, summarise, type TensorSummary } from './tensor';
export * from './types';
