import { shortNumber } from '@/lib/inspect/quant-text';
import type { WeightStats } from '@/lib/inspect/weight-stats';

/** Statistics of one constant tensor: figures, and a histogram whose bars also read as a table for screen readers. */
export function WeightStatsView({ name, stats }: { name: string; stats: WeightStats }) {
  const peak = Math.max(...stats.histogram, 1);
  const width = (stats.max - stats.min) / stats.histogram.length;
  return (
    <figure className="space-y-1" data-testid="weight-stats">
      <figcaption className="text-xs font-medium break-all">
        <code>{name}</code>
        {stats.dequantized ? ' (real values, dequantized)' : ''}
      </figcaption>
      <dl className="grid grid-cols-5 gap-1 text-xs tabular-nums">
        {([
          ['min', shortNumber(stats.min)],
          ['max', shortNumber(stats.max)],
          ['mean', shortNumber(stats.mean)],
          ['std', shortNumber(stats.std)],
          ['zeros', `${(stats.sparsity * 100).toFixed(1)} %`],
        ] as const).map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-500">{k}</dt>
            <dd data-stat={k}>{v}</dd>
          </div>
        ))}
      </dl>
      <svg viewBox={`0 0 ${stats.histogram.length * 6} 40`} className="h-10 w-full" role="img" aria-label={`Histogram of ${stats.count} values from ${shortNumber(stats.min)} to ${shortNumber(stats.max)}`} preserveAspectRatio="none">
        {stats.histogram.map((c, i) => (
          <rect key={i} x={i * 6} y={40 - (40 * c) / peak} width={5} height={(40 * c) / peak} fill="#047857">
            <title>{`${shortNumber(stats.min + i * width)} … ${shortNumber(stats.min + (i + 1) * width)}: ${c}`}</title>
          </rect>
        ))}
      </svg>
      <p className="text-xs text-slate-500">{stats.count.toLocaleString('en-US')} values</p>
    </figure>
  );
}
