// Which TFLite runtime glue requests the importScripts shim refuses: the
// runtime's preload resolves its glue next to the calling script (the bench's
// /bench/worker.js, the site's worker chunk), where nothing is served.

import { describe, expect, it } from 'vitest';
import { misplacedGlue } from './classic-scripts';

const FOLDER = '/runtimes/tflite/';

describe('misplacedGlue', () => {
  it('refuses the glue next to the worker script, naming both folders', () => {
    expect(misplacedGlue('tflite_web_api_cc_simd_threaded.js', FOLDER, 'http://localhost:3000/bench/worker.js'))
      .toBe('/bench/tflite_web_api_cc_simd_threaded.js is outside /runtimes/tflite/, the self-hosted TFLite runtime folder');
    expect(misplacedGlue('http://localhost:3000/_next/static/media/tflite_web_api_cc_simd.js', FOLDER, 'http://localhost:3000/_next/static/media/worker.0a1b.js'))
      .toMatch(/^\/_next\/static\/media\/tflite_web_api_cc_simd\.js is outside/);
    expect(misplacedGlue('http://elsewhere.example/runtimes/tflite/tflite_web_api_cc.js', FOLDER, 'http://localhost:3000/x/worker.js')).toMatch(/is outside/);
  });

  it('lets the runtimes folder and every other script through', () => {
    for (const name of ['tflite_web_api_cc.js', 'tflite_web_api_cc_simd.js', 'tflite_web_api_cc_threaded.js', 'tflite_web_api_cc_simd_threaded.js']) {
      expect(misplacedGlue(`/runtimes/tflite/${name}`, FOLDER, 'http://localhost:3000/bench/worker.js')).toBeUndefined();
      expect(misplacedGlue(`http://localhost:3000/runtimes/tflite/${name}`, FOLDER, 'http://localhost:3000/_next/static/w.js')).toBeUndefined();
    }
    expect(misplacedGlue('/bench/other.js', FOLDER, 'http://localhost:3000/bench/worker.js')).toBeUndefined();
    // Before a folder is set (no TFLite runtime loaded), nothing is refused.
    expect(misplacedGlue('tflite_web_api_cc_simd.js', undefined, 'http://localhost:3000/bench/worker.js')).toBeUndefined();
  });
});
