// Silero VAD streaming and speech segmentation with any model runtime.
export * from './engine-model';
export * from './segments';
export * from './stream';
