import { formatBytes } from '@/lib/catalogue/format';
import type { TargetRow, VariantEstimate } from '@/lib/inspect/byom/protocol';

function cell(v: VariantEstimate) {
  const ms = v.latencyMs >= 100 ? v.latencyMs.toFixed(0) : v.latencyMs >= 10 ? v.latencyMs.toFixed(1) : v.latencyMs.toFixed(2);
  return (
    <>
      <span className="tabular-nums">{ms} ms</span>
      <span className="block text-xs text-slate-600 dark:text-slate-400">
        {v.fits ? 'fits' : 'does not fit'}: RAM {formatBytes(v.peakRamBytes)}, flash {formatBytes(v.flashBytes)}
        {v.opsOnNpu > 0 ? `; ${v.opsOnNpu} ops on the NPU${v.fallbackOps ? `, ${v.fallbackOps} fall back to the CPU` : ''}` : ''}
      </span>
    </>
  );
}

/** Every target, float32 and int8 (estimated from this model), as the simulator sees them. */
export function SimulationTable({ rows }: { rows: TargetRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="byom-simulation">
        <caption className="sr-only">Simulated latency and memory on every target, float32 and int8</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left dark:border-slate-700">
            <th scope="col" className="px-2 py-1">Target</th>
            <th scope="col" className="px-2 py-1">float32</th>
            <th scope="col" className="px-2 py-1">int8 (estimated)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-200 align-top dark:border-slate-800" data-target={r.id} data-fp32-ms={r.fp32.latencyMs} data-int8-ms={r.int8.latencyMs}>
              <th scope="row" className="px-2 py-1 text-left font-normal">
                {r.name}
                {r.npu && <span className="block text-xs text-slate-600 dark:text-slate-400">NPU: {r.npu}</span>}
              </th>
              <td className="px-2 py-1">{cell(r.fp32)}</td>
              <td className="px-2 py-1">{cell(r.int8)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
