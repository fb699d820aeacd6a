// openWakeWord streaming wake-word detection with any model runner.
export * from './pipeline';
export * from './runner';
