// Activation memory planning, as TFLite Micro's greedy planner does it:
// buffers sorted by size (largest first), each placed at the lowest offset
// where it overlaps no already-placed buffer that is alive at the same time.
// Peak = the highest end offset, i.e. the tensor arena the model needs.

export interface BufferLifetime {
  id: string;
  bytes: number;
  /** Index of the op that writes it (-1: a graph input, alive from the start). */
  first: number;
  /** Index of the last op that reads it (ops.length for graph outputs). */
  last: number;
}

export interface ArenaPlacement {
  offset: number;
  /** Size reserved, rounded up to the alignment. */
  bytes: number;
}

export interface ArenaPlan {
  peakBytes: number;
  placements: Map<string, ArenaPlacement>;
  /** Sum of all buffers: what a planner that never reuses memory would need. */
  unsharedBytes: number;
}

const overlapsInTime = (a: BufferLifetime, b: BufferLifetime) => a.first <= b.last && b.first <= a.last;

export function planArena(buffers: readonly BufferLifetime[], alignment = 16): ArenaPlan {
  const align = (n: number) => Math.ceil(n / alignment) * alignment;
  const order = [...buffers].sort((a, b) => b.bytes - a.bytes || a.first - b.first || a.id.localeCompare(b.id));
  const placed: { buf: BufferLifetime; offset: number; bytes: number }[] = [];
  const placements = new Map<string, ArenaPlacement>();
  let peakBytes = 0;
  let unsharedBytes = 0;
  for (const buf of order) {
    const bytes = align(buf.bytes);
    unsharedBytes += bytes;
    // Live neighbours in offset order; take the first gap that is large enough.
    const live = placed.filter((p) => overlapsInTime(p.buf, buf)).sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const p of live) {
      if (p.offset >= offset + bytes) break;
      offset = Math.max(offset, p.offset + p.bytes);
    }
    placed.push({ buf, offset, bytes });
    placements.set(buf.id, { offset, bytes });
    peakBytes = Math.max(peakBytes, offset + bytes);
  }
  return { peakBytes, placements, unsharedBytes };
}

/** Lower bound on any plan: the largest total of buffers alive at one op. */
export function liveBytesLowerBound(buffers: readonly BufferLifetime[], alignment = 16): number {
  const align = (n: number) => Math.ceil(n / alignment) * alignment;
  const steps = new Set<number>();
  for (const b of buffers) steps.add(Math.max(b.first, 0));
  let best = 0;
  for (const s of steps) {
    let sum = 0;
    for (const b of buffers) if (b.first <= s && s <= b.last) sum += align(b.bytes);
    best = Math.max(best, sum);
  }
  return best;
}
