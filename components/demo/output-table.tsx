import type { TensorSummary } from '@/lib/engines/tensor';

const fmt = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e6 ? String(v) : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4));

/** One row per output: name, shape and a short numeric summary. */
export function OutputTable({ outputs }: { outputs: TensorSummary[] }) {
  return (
    <table className="w-full text-sm" data-testid="output-table">
      <caption className="sr-only">Model outputs</caption>
      <thead>
        <tr className="border-b border-slate-300 text-left dark:border-slate-700">
          <th scope="col" className="px-2 py-1">Output</th>
          <th scope="col" className="px-2 py-1">Shape</th>
          <th scope="col" className="px-2 py-1">min / max / mean</th>
          <th scope="col" className="px-2 py-1">Top values (flat index)</th>
        </tr>
      </thead>
      <tbody>
        {outputs.map((o) => (
          <tr key={o.name} className="border-b border-slate-200 align-top dark:border-slate-800" data-output={o.name}>
            <td className="px-2 py-1 font-mono text-xs break-all">{o.name}</td>
            <td className="px-2 py-1 font-mono text-xs">[{o.shape.join(', ')}] {o.dtype}</td>
            <td className="px-2 py-1 font-mono text-xs">
              {fmt(o.min)} / {fmt(o.max)} / {fmt(o.mean)}
            </td>
            <td className="px-2 py-1 font-mono text-xs">{o.top.map((t) => `${fmt(t.value)} (#${t.index})`).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
