// openWakeWord streaming wake-word detection with any model runner.
export * from './detections';
export * from './engine-runner';
export * from './pipeline';
export * from './runner';
