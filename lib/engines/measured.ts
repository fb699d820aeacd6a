// The last latency the run panel measured in this browser, per model, so the
// model page can set it beside the simulated targets. Kept in localStorage:
// it describes this device, so it never leaves it.

export interface BrowserMeasurement {
  /** Median inference time of the last runs. */
  medianMs: number;
  runs: number;
  engine: string;
  backend: string;
  graph: string;
  /** ISO date of the measurement. */
  at: string;
}

const key = (modelKey: string) => `edgezoo-measured:${modelKey}`;

export function saveMeasurement(modelKey: string, m: BrowserMeasurement): void {
  try {
    localStorage.setItem(key(modelKey), JSON.stringify(m));
  } catch {
    // Storage may be full or disabled; the measurement is a convenience, not data we must keep.
  }
}

export function readMeasurement(modelKey: string): BrowserMeasurement | null {
  try {
    const raw = localStorage.getItem(key(modelKey));
    if (!raw) return null;
    const m = JSON.parse(raw) as Partial<BrowserMeasurement>;
    return typeof m.medianMs === 'number' && typeof m.engine === 'string' && typeof m.backend === 'string' && typeof m.graph === 'string'
      ? { medianMs: m.medianMs, runs: Number(m.runs) || 0, engine: m.engine, backend: m.backend, graph: m.graph, at: String(m.at ?? '') }
      : null;
  } catch {
    return null;
  }
}
