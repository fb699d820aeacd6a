// The command lines a bring-your-own-model recipe gives, and the one flag
// they need that has no simpler form: `--feed NAME=key:value,…`, an image
// feed (lib/catalogue/recipe-schema ImageFeed) in shell-safe words. The
// recipe writes it (formatFeed), `npx zoo quantize` reads it back
// (parseFeed); numbers are written as JS prints them, which reads back to
// the same double, so the command reproduces the page's feed exactly.

import type { ImageFeed } from '../../catalogue/recipe-schema';
import type { IoType, ObserverKind } from '../../quantize';

const SAFE = /^[A-Za-z0-9_./:=,+-]+$/;

/** One shell word: as is when safe, else single-quoted. */
export function shellWord(s: string): string {
  return SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function shapeFlags(inputShapes?: Record<string, number[]>, inputValues?: Record<string, number[]>): string[] {
  const words: string[] = [];
  for (const [name, dims] of Object.entries(inputShapes ?? {})) words.push('--input-shape', `${name}=${dims.join(',')}`);
  for (const [name, values] of Object.entries(inputValues ?? {})) words.push('--input-value', `${name}=${values.join(',')}`);
  return words;
}

/** The `npx zoo convert` command line that writes `output` from the source. */
export function convertCommand(entry: string, output: string, inputShapes?: Record<string, number[]>, inputValues?: Record<string, number[]>): string {
  return ['npx', 'zoo', 'convert', entry, '-o', output, ...shapeFlags(inputShapes, inputValues)].map(shellWord).join(' ');
}

export interface QuantizeCommandInput {
  entry: string;
  output: string;
  inputShapes?: Record<string, number[]>;
  inputValues?: Record<string, number[]>;
  feeds: Record<string, ImageFeed>;
  inputType: IoType;
  outputType: IoType;
  observer: ObserverKind;
  /** Calibration image file names, in calibration order. */
  calibration: string[];
}

/** The `npx zoo quantize` command line that writes `output` from the source and the calibration images (every option spelled out). */
export function quantizeCommand(q: QuantizeCommandInput): string {
  const words = ['npx', 'zoo', 'quantize', q.entry, '-o', q.output, ...shapeFlags(q.inputShapes, q.inputValues)];
  for (const [name, feed] of Object.entries(q.feeds)) words.push('--feed', `${name}=${formatFeed(feed)}`);
  words.push('--observer', q.observer, '--input-type', q.inputType, '--output-type', q.outputType, '--calibration', ...q.calibration);
  return words.map(shellWord).join(' ');
}

const COLOUR = ['RGB', 'BGR', 'grayscale'] as const;
const FIT = ['stretch', 'letterbox'] as const;
const LAYOUT = ['NHWC', 'NCHW'] as const;
const DTYPE = ['float32', 'int32', 'uint8'] as const;
export const FEED_KEYS = ['size', 'fit', 'colour', 'scale', 'offset', 'layout', 'dtype'] as const;

/** An image feed as the value of `--feed NAME=…`: size:WxH,fit:…,colour:…,scale:a/b/c,offset:…,layout:…,dtype:… */
export function formatFeed(feed: ImageFeed): string {
  return [
    `size:${feed.size[0]}x${feed.size[1]}`,
    `fit:${feed.fit}`,
    `colour:${feed.colourOrder}`,
    `scale:${feed.scale.map(String).join('/')}`,
    `offset:${feed.offset.map(String).join('/')}`,
    `layout:${feed.layout}`,
    `dtype:${feed.dtype}`,
  ].join(',');
}

export class FeedSpecError extends Error {}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new FeedSpecError(`${key} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function numbers(key: string, value: string): number[] {
  const parts = value.split('/');
  const out = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (!out.length || out.length > 3 || out.some((v) => !Number.isFinite(v))) throw new FeedSpecError(`${key} expects 1 to 3 numbers separated by "/", got "${value}"`);
  return out;
}

/**
 * `NAME=key:value,…` → the input name and the feed fields it sets (any
 * subset of FEED_KEYS; the rest come from the input's guessed feed).
 */
export function parseFeed(spec: string): { name: string; feed: Partial<Omit<ImageFeed, 'kind'>> } {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0) throw new FeedSpecError(`--feed expects NAME=key:value,… (keys ${FEED_KEYS.join(', ')}), got "${spec}"`);
  const name = spec.slice(0, eq);
  const feed: Partial<Omit<ImageFeed, 'kind'>> = {};
  const seen = new Set<string>();
  for (const item of spec.slice(eq + 1).split(',')) {
    const colon = item.indexOf(':');
    const key = colon < 0 ? item : item.slice(0, colon);
    const value = colon < 0 ? '' : item.slice(colon + 1);
    if (!(FEED_KEYS as readonly string[]).includes(key)) throw new FeedSpecError(`--feed ${name}: unknown key "${key}" (keys: ${FEED_KEYS.join(', ')})`);
    if (seen.has(key)) throw new FeedSpecError(`--feed ${name}: ${key} given twice`);
    seen.add(key);
    const where = `--feed ${name}: ${key}`;
    switch (key as (typeof FEED_KEYS)[number]) {
      case 'size': {
        const m = /^(\d+)x(\d+)$/.exec(value);
        if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new FeedSpecError(`${where} expects WIDTHxHEIGHT (e.g. 224x224), got "${value}"`);
        feed.size = [Number(m[1]), Number(m[2])];
        break;
      }
      case 'fit':
        feed.fit = oneOf(where, value, FIT);
        break;
      case 'colour':
        feed.colourOrder = oneOf(where, value, COLOUR);
        break;
      case 'scale':
        feed.scale = numbers(where, value);
        break;
      case 'offset':
        feed.offset = numbers(where, value);
        break;
      case 'layout':
        feed.layout = oneOf(where, value, LAYOUT);
        break;
      case 'dtype':
        feed.dtype = oneOf(where, value, DTYPE);
        break;
    }
  }
  return { name, feed };
}
