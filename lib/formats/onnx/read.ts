// Entry point of the ONNX reader: bytes → validated OnnxModel. Every failure,
// including protobufjs decode errors, surfaces as a ModelFormatError.
import protobuf from 'protobufjs/light.js';
import { ModelFormatError } from '../errors';
import { toOnnxModel } from './convert';
import { modelProtoType } from './schema';
import type { OnnxModel } from './types';

function decodeError(e: unknown, offset: number, size: number): ModelFormatError {
  const detail = e instanceof Error ? e.message : String(e);
  const where = `byte ${offset} of ${size}`;
  if (e instanceof RangeError && /index out of range/.test(detail)) {
    return new ModelFormatError('truncated', `not a valid ONNX protobuf: a field runs past the end of its message (${detail})`, where);
  }
  if (/max depth/.test(detail)) {
    return new ModelFormatError('too-large', 'not a valid ONNX protobuf: messages are nested too deeply', where);
  }
  return new ModelFormatError('bad-value', `not a valid ONNX protobuf: ${detail}`, where);
}

/** Decodes and validates an ONNX model. Throws ModelFormatError on any malformed input. */
export function readOnnx(bytes: Uint8Array): OnnxModel {
  if (!(bytes instanceof Uint8Array)) throw new ModelFormatError('bad-value', 'expected the model file as a Uint8Array');
  if (bytes.length === 0) throw new ModelFormatError('truncated', 'the file is empty');
  const reader = protobuf.Reader.create(bytes);
  let message: object;
  try {
    message = modelProtoType().decode(reader);
  } catch (e) {
    throw decodeError(e, reader.pos, bytes.length);
  }
  try {
    return toOnnxModel(message);
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    // A bug-shaped failure on hostile data (e.g. stack exhaustion) is still bad input, not a crash.
    const detail = e instanceof Error ? e.message : String(e);
    throw new ModelFormatError('bad-value', `malformed ONNX model: ${detail}`);
  }
}
