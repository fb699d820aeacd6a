// Where the tensor arena and the weights live on a target, and whether they
// fit with the target's reserve kept free. Regions are listed fastest first;
// each goes to the first region that holds it and has room.

import type { MemoryRegion, TargetSpec } from './schema';

export interface RegionUse {
  region: string;
  kind: MemoryRegion['kind'];
  capacityBytes: number;
  /** Capacity after the reserve for the application and runtime. */
  usableBytes: number;
  neededBytes: number;
  fits: boolean;
  /** usableBytes − neededBytes (negative when it does not fit). */
  marginBytes: number;
  marginPct: number;
  bandwidthMBps: number;
}

export interface MemoryPlan {
  activations: RegionUse;
  weights: RegionUse;
}

function use(region: MemoryRegion, needed: number, alreadyUsed: number, reserve: number): RegionUse {
  const capacity = region.bytes.value;
  const usable = capacity * (1 - reserve) - alreadyUsed;
  return {
    region: region.name,
    kind: region.kind,
    capacityBytes: capacity,
    usableBytes: Math.max(usable, 0),
    neededBytes: needed,
    fits: needed <= usable,
    marginBytes: usable - needed,
    marginPct: usable > 0 ? ((usable - needed) / usable) * 100 : -100,
    bandwidthMBps: region.bandwidthMBps.value,
  };
}

function pick(regions: MemoryRegion[], needed: number, reserve: number, used: Map<string, number>): RegionUse {
  for (const r of regions) {
    const u = use(r, needed, used.get(r.name) ?? 0, reserve);
    if (u.fits) return u;
  }
  // Nowhere fits: report against the largest candidate (timing then assumes it there).
  const largest = [...regions].sort((a, b) => b.bytes.value - a.bytes.value)[0];
  return use(largest, needed, used.get(largest.name) ?? 0, reserve);
}

export function planMemory(spec: TargetSpec, arenaBytes: number, weightBytes: number): MemoryPlan {
  const reserve = spec.memory.reservedFraction.value;
  const regions = spec.memory.regions;
  const used = new Map<string, number>();
  const activations = pick(regions.filter((r) => r.holds !== 'weights'), arenaBytes, reserve, used);
  used.set(activations.region, arenaBytes);
  const weights = pick(regions.filter((r) => r.holds !== 'activations'), weightBytes, reserve, used);
  return { activations, weights };
}
