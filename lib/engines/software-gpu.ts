// Whether a GPU backend would run on a software rasteriser (SwiftShader,
// llvmpipe, WARP…). Those run the same shaders on the CPU, 30–1000× slower
// than the wasm backends (bench/results.md), so "auto" passes them over; a
// user who picks webgl or webgpu by name still gets them.

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b|software/i;

/** The renderer's name when it is a known software rasteriser, else undefined. */
export function softwareRendererName(description: string): string | undefined {
  const m = description.match(SOFTWARE);
  if (!m) return undefined;
  return /swiftshader/i.test(m[0]) ? 'SwiftShader' : m[0];
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null>;
}

/** Why auto should not pick WebGPU here (a software adapter), or undefined. */
export async function softwareWebgpu(): Promise<string | undefined> {
  // Cast: TypeScript's DOM types predate GPUAdapter.info.
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const name = softwareRendererName(text) ?? (info.isFallbackAdapter || adapter.isFallbackAdapter ? 'a fallback adapter' : undefined);
  return name && `a software adapter (${name}), slower than wasm`;
}

const UNMASKED_RENDERER_WEBGL = 0x9246;

/** Why auto should not pick WebGL here (a software renderer), or undefined. */
export function softwareWebgl(gl: WebGL2RenderingContext): string | undefined {
  const renderer = gl.getExtension('WEBGL_debug_renderer_info') ? gl.getParameter(UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  const name = typeof renderer === 'string' ? softwareRendererName(renderer) : undefined;
  return name && `a software renderer (${name}), slower than wasm`;
}
