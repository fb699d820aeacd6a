// Public surface of the TFLite format module.
export { parseTflite, hasTfliteIdentifier, decodeOperatorOptions, type ParseTfliteOptions } from './reader';
export { writeTflite, encodeOperatorOptions, type WriteTfliteOptions } from './writer';
export { densify, MAX_DENSE_BYTES } from './densify';
export { validateTflite, effectiveBuiltinCode } from './validate';
export * from './types';
export * from './schema';
export * from './option-tables';
