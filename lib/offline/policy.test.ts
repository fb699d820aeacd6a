import { describe, expect, it } from 'vitest';
import { cachePolicy, siteCacheName, SITE_CACHE_PREFIX, type RequestFacts } from './policy';

const SITE = 'http://localhost:3000';
const policy = (path: string, extra: Partial<RequestFacts> & { origin?: string } = {}) =>
  cachePolicy({ url: `${extra.origin ?? SITE}${path}`, method: extra.method ?? 'GET', mode: extra.mode ?? 'cors', hasRange: extra.hasRange ?? false }, SITE);

describe('service worker cache policy', () => {
  it('asks the network first for pages and their navigation payloads', () => {
    expect(policy('/run/vision/face-detection/blazeface-short-range/', { mode: 'navigate' })).toBe('network-first');
    expect(policy('/byom', { mode: 'navigate' })).toBe('network-first');
    expect(policy('/run/vision/face-detection/blazeface-short-range/index.txt?_rsc=abc')).toBe('network-first');
    expect(policy('/404.html')).toBe('network-first');
  });

  it('serves build files, runtimes and samples from the cache first (the cache is per build)', () => {
    expect(policy('/_next/static/chunks/app/page-0123abcd.js')).toBe('cache-first');
    expect(policy('/runtimes/tflite/tflite_web_api_cc_simd.wasm')).toBe('cache-first');
    expect(policy('/samples/images/astronaut.jpg', { mode: 'no-cors' })).toBe('cache-first');
  });

  it('leaves model files to the model cache and never stores itself', () => {
    expect(policy('/models/vision/face-detection/blazeface-short-range/face_detection_short_range.tflite')).toBe('bypass');
    expect(policy('/artifacts/vision/face-detection/blazeface-short-range/model_int8.tflite', { mode: 'navigate' })).toBe('bypass');
    expect(policy('/sw.js')).toBe('bypass');
  });

  it('leaves other origins, non-GET requests and Range requests alone', () => {
    expect(policy('/index.html', { origin: 'https://cdn.example.com' })).toBe('bypass');
    expect(policy('/', { method: 'POST', mode: 'navigate' })).toBe('bypass');
    expect(policy('/samples/audio/hey-jarvis-1.wav', { hasRange: true })).toBe('bypass');
    expect(cachePolicy({ url: 'not a url', method: 'GET', mode: 'cors', hasRange: false }, SITE)).toBe('bypass');
  });

  it('names the site cache per build', () => {
    expect(siteCacheName('abc123')).toBe(`${SITE_CACHE_PREFIX}abc123`);
    expect(siteCacheName('abc123')).not.toBe(siteCacheName('def456'));
  });
});
