import { Facts } from '@/components/section';
import { formatBytes, formatCount } from '@/lib/catalogue/format';
import type { BuiltArtifact, CatalogueModel, StepRecord } from '@/lib/catalogue/manifest';
import type { SampleRegion } from '@/lib/catalogue/recipe-schema';
import { RecipeConversionMap } from './conversion-map';

// The model page's account of `npm run zoo`: what each recipe step did,
// which variants exist and how they validated, the sample sets, and the
// artifacts themselves. Everything here is read from zoo/artifacts.json.

type Conversion = NonNullable<CatalogueModel['conversion']>;

const th = 'px-2 py-1 text-left font-semibold';
const td = 'px-2 py-1 align-top';

/** A calibration or validation set in words: whole files, then labelled regions with their boxes. */
function describeSet(set: { files: string[]; regions: SampleRegion[] }): string {
  return [...set.files, ...set.regions.map((r) => `${r.file} [${r.box.join(', ')}] (${r.label})`)].join(', ');
}

function opTotal(h: Record<string, number> | undefined): number {
  return h ? Object.values(h).reduce((a, b) => a + b, 0) : 0;
}

/** "−74 Dequantize, +1 TransposeConv2D" between two op histograms. */
function histogramChange(before: Record<string, number> | undefined, after: Record<string, number> | undefined): string {
  if (!before || !after) return '';
  const types = new Set([...Object.keys(before), ...Object.keys(after)]);
  const parts = [...types]
    .map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([t, d]) => `${d > 0 ? '+' : '−'}${Math.abs(d)} ${t}`);
  return parts.length ? parts.join(', ') : 'no op changes';
}

function stepTitle(step: string): string {
  if (step === 'import') return 'Import into the IR';
  if (step.startsWith('pass:')) return `Pass: ${step.slice(5)}`;
  if (step.startsWith('export:')) return `Export ${step.slice(7)} .tflite`;
  if (step.startsWith('validate:')) return `Validate ${step.slice(9)}`;
  if (step === 'quantize') return 'Quantize to int8';
  return step;
}

function stepParams(conv: Conversion, graph: string, index: number): string {
  const plan = conv.plan.graphs.find((g) => g.graph === graph);
  const s = plan?.steps[index];
  if (!s) return '';
  if (s.step === 'pass' && 'params' in s && s.params && Object.keys(s.params).length) return JSON.stringify(s.params);
  if (s.step === 'quantize') return `input ${s.inputType}, output ${s.outputType}, ${s.observer} ranges`;
  return '';
}

export function RecipeSteps({ m, conv }: { m: CatalogueModel; conv: Conversion }) {
  return (
    <div className="space-y-6">
      <p className="text-sm">
        Built by <code>npm run zoo</code> with Node {conv.built.toolchain.node} (
        {Object.entries(conv.built.toolchain.packages)
          .map(([p, v]) => `${p} ${v}`)
          .join(', ')}
        ; toolchain code {conv.built.toolchain.codeHash.slice(0, 12)}) in {(conv.built.totalMs / 1000).toFixed(1)} s.
      </p>
      {conv.built.graphs.map((g) => {
        let previous: Record<string, number> | undefined;
        let planIndex = 0;
        return (
          <div key={g.graph}>
            {conv.built.graphs.length > 1 && <h3 className="mb-2 font-semibold">Graph {g.graph}</h3>}
            <ol className="list-decimal space-y-2 pl-6 text-sm">
              <li>
                <strong>Source.</strong> <code>{m.source.kind === 'npm' ? `${m.source.package}@${m.source.version}` : `trained on ${m.source.dataset.file}`}</code>, file{' '}
                <code>{m.graphs.find((x) => x.id === g.graph)?.file}</code>, sha256 checked against the recipe.
              </li>
              {g.steps.map((s: StepRecord) => {
                const change = s.opHistogram ? histogramChange(previous, s.opHistogram) : '';
                const params = s.step.startsWith('validate:') ? '' : stepParams(conv, g.graph, planIndex);
                if (!s.step.startsWith('validate:')) planIndex++;
                const ops = s.opHistogram ? `${opTotal(s.opHistogram)} ops` : '';
                if (s.opHistogram) previous = s.opHistogram;
                return (
                  <li key={s.step}>
                    <strong>{stepTitle(s.step)}.</strong> {params && <code className="text-xs">{params}</code>}{' '}
                    {ops && <span>{ops}{change && s.step !== 'import' ? ` (${change})` : ''}. </span>}
                    {s.notes?.map((n) => <span key={n}>{n}. </span>)}
                    <span className="text-slate-600 dark:text-slate-400">{s.ms} ms</span>
                  </li>
                );
              })}
            </ol>
            <div className="mt-4">
              <h4 className="mb-2 font-semibold">Node by node: source → float32 → int8</h4>
              <RecipeConversionMap
                steps={g.steps.map(({ step, edits }) => (edits ? { step, edits } : { step }))}
                variants={{ fp32: g.artifacts.some((a) => a.variant === 'fp32'), int8: g.artifacts.some((a) => a.variant === 'int8') }}
              />
            </div>
          </div>
        );
      })}
    </div>
  );
}

function validationSummary(a: BuiltArtifact): string {
  const v = a.validation;
  if (v.fp32) {
    const worst = v.fp32.outputs.reduce((w, o) => (o.maxError / (o.tolerance || 1) > w.maxError / (w.tolerance || 1) ? o : w), v.fp32.outputs[0]);
    return `vs ${v.fp32.reference} on ${v.fp32.samples} samples: max error ${worst.maxError.toExponential(1)} ≤ ${worst.tolerance.toExponential(1)} (${worst.output})`;
  }
  if (v.int8) {
    const sq = v.int8.sqnr
      .map((s) => s.thresholdDb !== undefined
        ? `${s.output} ${s.pooledDb.toFixed(1)} dB (≥ ${s.thresholdDb}), worst sample ${s.minDb.toFixed(1)} dB`
        : `${s.output} max |int8 − fp32| ${s.maxAbsDiff.toPrecision(2)} (≤ ${s.maxAbsDiffThreshold}), ${s.pooledDb.toFixed(1)} dB`)
      .join('; ');
    const metric = v.int8.metric ? `; ${v.int8.metric.label} ${v.int8.metric.value.toFixed(3)} (threshold ${v.int8.metric.threshold})` : '';
    return `vs fp32 on ${v.int8.samples} samples: SQNR ${sq}${metric}`;
  }
  return '';
}

export function Variants({ conv }: { conv: Conversion }) {
  const rows = conv.built.graphs.flatMap((g) => g.artifacts);
  const missing = conv.built.graphs.flatMap((g) => g.unavailable);
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="variants-table">
          <caption className="sr-only">Variants built by EdgeZoo with their validation</caption>
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              <th scope="col" className={th}>Graph</th>
              <th scope="col" className={th}>Variant</th>
              <th scope="col" className={`${th} text-right`}>Size</th>
              <th scope="col" className={`${th} text-right`}>Params</th>
              <th scope="col" className={`${th} text-right`}>MACs</th>
              <th scope="col" className={th}>Validation</th>
              <th scope="col" className={th}>Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => {
              const passed = (a.validation.fp32?.passed ?? true) && (a.validation.int8?.passed ?? true);
              return (
                <tr key={a.href} data-variant={a.variant} className="border-b border-slate-200 dark:border-slate-800">
                  <td className={td}>{a.graph}</td>
                  <td className={td}>{a.variant}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatBytes(a.bytes)}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatCount(a.params)}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatCount(a.macs)}</td>
                  <td className={`${td} text-xs`}>{validationSummary(a)}</td>
                  <td className={td}>{passed ? 'passed' : 'failed'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {missing.length > 0 && (
        <div>
          <h3 className="mb-1 font-semibold">Not available</h3>
          <ul className="list-disc space-y-1 pl-6 text-sm" data-testid="unavailable">
            {missing.map((u) => (
              <li key={`${u.graph}-${u.variant}`}>
                <strong>{u.graph} {u.variant}</strong> ({u.step}): {u.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Facts
        items={[
          ['Calibration set', `${conv.plan.calibration.count} inputs from ${describeSet(conv.plan.calibration)} (seed ${conv.plan.calibration.seed}; images beyond the file and region count are seeded random crops of them)`],
          ['Validation set', `${describeSet(conv.plan.validation)} — disjoint from the calibration set`],
        ]}
      />
    </div>
  );
}

export function ArtifactDownloads({ conv }: { conv: Conversion }) {
  const rows = conv.built.graphs.flatMap((g) => g.artifacts);
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">EdgeZoo-built .tflite files with size and sha256</caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-700">
          <th scope="col" className={th}>File</th>
          <th scope="col" className={th}>Variant</th>
          <th scope="col" className={`${th} text-right`}>Size</th>
          <th scope="col" className={th}>sha256</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.href} className="border-b border-slate-200 dark:border-slate-800">
            <td className={td}>
              <a href={a.href} download className="text-brand-700 underline dark:text-brand-300" data-sha256={a.sha256}>
                {a.href.split('/').pop()}
              </a>
            </td>
            <td className={td}>{a.variant}</td>
            <td className={`${td} text-right tabular-nums`}>{formatBytes(a.bytes)}</td>
            <td className={`${td} font-mono text-xs break-all`}>{a.sha256}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
