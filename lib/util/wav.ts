/**
 * Mono 16-bit PCM samples of a WAV file and its sample rate. Walks the RIFF
 * chunks to "data", since headers vary in length (LIST chunks and the like).
 */
export function parseWav(bytes: Uint8Array, name: string): { samples: Int16Array; sampleRateHz: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || ascii(0) !== 'RIFF' || ascii(8) !== 'WAVE') throw new Error(`${name}: not a RIFF/WAVE file`);
  let pos = 12;
  let sampleRateHz = 0;
  while (pos + 8 <= bytes.length) {
    const id = ascii(pos);
    const size = view.getUint32(pos + 4, true);
    if (id === 'fmt ') {
      const channels = view.getUint16(pos + 10, true);
      const bits = view.getUint16(pos + 22, true);
      sampleRateHz = view.getUint32(pos + 12, true);
      if (channels !== 1 || bits !== 16) throw new Error(`${name}: expected mono 16-bit PCM, got ${channels} ch ${bits} bit`);
    } else if (id === 'data') {
      const n = Math.min(Math.floor(size / 2), Math.floor((bytes.length - pos - 8) / 2));
      const samples = new Int16Array(n);
      for (let i = 0; i < n; i++) samples[i] = view.getInt16(pos + 8 + i * 2, true);
      return { samples, sampleRateHz };
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(`${name}: no data chunk`);
}
