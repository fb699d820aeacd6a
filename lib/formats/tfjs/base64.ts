// Isomorphic base64 → bytes (no Buffer, no atob dependency), strict about the
// alphabet so corrupted attr strings fail loudly instead of decoding to junk.

import { ModelFormatError } from '../errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
// URL-safe variants appear in some protobuf JSON writers.
LOOKUP['-'.charCodeAt(0)] = 62;
LOOKUP['_'.charCodeAt(0)] = 63;

export function decodeBase64(text: string, where: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  if (text.length - end > 2 || end % 4 === 1) {
    throw new ModelFormatError('bad-value', 'malformed base64 string', where);
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) throw new ModelFormatError('bad-value', `invalid base64 character at offset ${i}`, where);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeBase64Text(text: string, where: string): string {
  return utf8.decode(decodeBase64(text, where));
}
