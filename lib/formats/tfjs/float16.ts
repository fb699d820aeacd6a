// IEEE half → float32, bit-for-bit what tfjs-core's getFloat16Decoder produces
// (the table method of "Fast Half Float Conversions", van der Zijp), so weights
// we load equal tfjs's exactly, subnormals, infinities and NaN payloads included.

function buildTables(): { mantissa: Uint32Array; exponent: Uint32Array; offset: Uint32Array } {
  const mantissa = new Uint32Array(2048);
  for (let i = 1; i < 1024; i++) {
    // Normalise a subnormal half mantissa into float32 form.
    let m = i << 13;
    let e = 0;
    while ((m & 0x00800000) === 0) {
      e -= 0x00800000;
      m <<= 1;
    }
    m &= ~0x00800000;
    e += 0x38800000;
    mantissa[i] = (m | e) >>> 0;
  }
  for (let i = 1024; i < 2048; i++) mantissa[i] = 0x38000000 + ((i - 1024) << 13);

  const exponent = new Uint32Array(64);
  exponent[31] = 0x47800000;
  exponent[32] = 0x80000000;
  exponent[63] = 0xc7800000;
  for (let i = 1; i < 31; i++) exponent[i] = i << 23;
  for (let i = 33; i < 63; i++) exponent[i] = 0x80000000 + ((i - 32) << 23);

  const offset = new Uint32Array(64).fill(1024);
  offset[0] = 0;
  offset[32] = 0;
  return { mantissa, exponent, offset };
}

let tables: ReturnType<typeof buildTables> | undefined;

export function decodeFloat16(halfBits: Uint16Array): Float32Array {
  tables ??= buildTables();
  const { mantissa, exponent, offset } = tables;
  const out = new Uint32Array(halfBits.length);
  for (let i = 0; i < halfBits.length; i++) {
    const h = halfBits[i];
    const e = h >> 10;
    out[i] = mantissa[offset[e] + (h & 0x3ff)] + exponent[e];
  }
  return new Float32Array(out.buffer);
}
