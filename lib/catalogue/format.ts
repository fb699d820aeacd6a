// Number formatting shared by every page, so a figure reads the same everywhere.

export function formatCount(n: number | null): string {
  if (n === null) return 'unknown';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function formatShape(shape: number[]): string {
  return `[${shape.map((d) => (d < 0 ? '?' : String(d))).join(', ')}]`;
}

export const FORMAT_NAMES: Record<string, string> = { tflite: 'TFLite', onnx: 'ONNX', tfjs: 'TF.js graph' };
