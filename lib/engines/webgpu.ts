// Whether this context (page or worker) can get a WebGPU adapter, and if not,
// why — the words the demo shows when a user picks webgpu and it falls back.

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/** Why WebGPU cannot start here, or undefined when an adapter is available. */
export async function webgpuUnavailable(): Promise<string | undefined> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined)?.gpu;
  if (!gpu) return 'this browser exposes no WebGPU (navigator.gpu is missing)';
  try {
    return (await gpu.requestAdapter()) ? undefined : 'no WebGPU adapter';
  } catch (err) {
    return `WebGPU adapter request failed: ${(err as Error).message}`;
  }
}
