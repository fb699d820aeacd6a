// The TFLite web runtime loads its emscripten glue with importScripts(), which
// module workers refuse. This shim keeps native importScripts where it works
// and otherwise fetches the script synchronously (allowed in workers) and
// evaluates it at global scope, so its top-level `var`s become globals as in
// a classic worker. Only same-origin runtime files reach it.
//
// It also keeps the runtime's glue to the self-hosted folder: tf-tflite's
// bundle, when first evaluated, preloads its glue from an empty wasm path,
// which resolves next to the calling script (e.g. /bench/ or /_next/static/…/)
// where no runtime lives, a 404 for every load. Glue requests outside the
// allowed folder are refused here, before any request; the runtime treats
// that preload as optional and loads from setWasmPath's folder afterwards.

interface ClassicScope {
  importScripts: (...urls: string[]) => void;
}

let installed = false;
let glueFolder: string | undefined;

/** The TFLite runtime's emscripten glue files (tflite_web_api_cc*.js). */
const TFLITE_GLUE = /(^|\/)tflite_web_api_cc[a-z_]*\.js$/;

/** Refused with a clear reason: a runtime glue script not served from the allowed folder. */
export function misplacedGlue(url: string, folder: string | undefined, base: string): string | undefined {
  if (!folder) return undefined;
  const full = new URL(url, base);
  if (!TFLITE_GLUE.test(full.pathname)) return undefined;
  const allowed = new URL(folder, base);
  if (full.origin === allowed.origin && full.pathname.startsWith(allowed.pathname)) return undefined;
  return `${full.pathname} is outside ${allowed.pathname}, the self-hosted TFLite runtime folder`;
}

/**
 * Installs the shim (once). `tfliteFolder` (e.g. "/runtimes/tflite/") is where the TFLite
 * runtime's glue may come from; requests for it anywhere else fail without a request.
 */
export function ensureImportScripts(tfliteFolder?: string): void {
  if (tfliteFolder) glueFolder = tfliteFolder;
  if (installed) return;
  installed = true;
  const scope = globalThis as unknown as ClassicScope;
  const native = typeof scope.importScripts === 'function' ? scope.importScripts.bind(globalThis) : undefined;
  scope.importScripts = (...urls: string[]) => {
    for (const url of urls) {
      const why = misplacedGlue(url, glueFolder, globalThis.location.href);
      if (why) throw new Error(`not loading ${why}`);
    }
    try {
      if (!native) throw new TypeError('no importScripts');
      native(...urls);
      return;
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
    }
    for (const url of urls) {
      const req = new XMLHttpRequest();
      req.open('GET', url, false);
      req.send();
      if (req.status !== 200) throw new Error(`could not load ${url}: HTTP ${req.status}`);
      // Indirect eval runs in global scope (a direct eval would scope the script's vars to this function).
      (0, eval)(`${req.responseText}\n//# sourceURL=${new URL(url, globalThis.location.href).href}`);
    }
  };
}
