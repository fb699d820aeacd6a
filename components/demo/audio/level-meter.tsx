'use client';

// Microphone input level: RMS as a bar over −60…0 dBFS, with the peak as a tick.
import type { Level } from '@/lib/audio/level';

const FLOOR_DB = -60;

const fraction = (db: number) => Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));

export function LevelMeter({ level }: { level: Level | undefined }) {
  const rms = level?.rmsDb ?? -100;
  const peak = level?.peakDb ?? -100;
  return (
    <div className="flex items-center gap-2 text-xs" data-testid="level-meter" data-rms-db={rms.toFixed(1)}>
      <span className="w-10 shrink-0">Level</span>
      <div
        className="relative h-3 w-48 overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
        role="meter"
        aria-label="Microphone level (RMS, dBFS)"
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={Math.max(FLOOR_DB, Math.round(rms))}
      >
        <div className={`h-full ${peak > -1 ? 'bg-red-600' : 'bg-green-600'}`} style={{ width: `${fraction(rms) * 100}%` }} />
        <div className="absolute top-0 h-full w-0.5 bg-slate-700 dark:bg-slate-200" style={{ left: `${fraction(peak) * 100}%` }} />
      </div>
      <span className="tabular-nums">{rms <= FLOOR_DB ? `< ${FLOOR_DB}` : rms.toFixed(0)} dBFS RMS, peak {peak <= FLOOR_DB ? `< ${FLOOR_DB}` : peak.toFixed(0)}</span>
    </div>
  );
}
