import { describe, expect, it } from 'vitest';
import { softwareRendererName } from './software-gpu';

describe('software GPU detection', () => {
  it('names the software rasterisers browsers fall back to', () => {
    // Chromium's WebGL renderer string in headless Linux, and its WebGPU adapter's architecture.
    expect(softwareRendererName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareRendererName('google swiftshader')).toBe('SwiftShader');
    expect(softwareRendererName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRendererName('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe('Microsoft Basic Render');
  });

  it('leaves hardware GPUs alone', () => {
    expect(softwareRendererName('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002504) Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeUndefined();
    expect(softwareRendererName('Apple M2')).toBeUndefined();
    expect(softwareRendererName('nvidia ampere')).toBeUndefined();
    expect(softwareRendererName('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBeUndefined();
  });
});
