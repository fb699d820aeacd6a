// The TFLite web runtime loads its emscripten glue with importScripts(), which
// module workers refuse. This shim keeps native importScripts where it works
// and otherwise fetches the script synchronously (allowed in workers) and
// evaluates it at global scope, so its top-level `var`s become globals as in
// a classic worker. Only same-origin runtime files reach it.

interface ClassicScope {
  importScripts: (...urls: string[]) => void;
}

let installed = false;

export function ensureImportScripts(): void {
  if (installed) return;
  installed = true;
  const scope = globalThis as unknown as ClassicScope;
  const native = typeof scope.importScripts === 'function' ? scope.importScripts.bind(globalThis) : undefined;
  scope.importScripts = (...urls: string[]) => {
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
