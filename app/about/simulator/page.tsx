import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { MdxCard } from '@/components/mdx-card';
import { Facts, Section } from '@/components/section';
import { compileMarkdown } from '@/lib/catalogue/compile-markdown';
import { formatBytes } from '@/lib/catalogue/format';
import { SIMULATOR_ASSUMPTIONS, TARGETS } from '@/lib/targets';

export const metadata: Metadata = {
  title: 'About the target simulator',
  description: 'How EdgeZoo estimates latency, RAM and flash on edge devices, and how far off it is against published measurements.',
};

export default async function AboutSimulator() {
  // The fit report is written by scripts/simulator/fit.ts and committed; the page shows it as is.
  // Its own title is this page's h1, so it starts at its first section.
  const markdown = readFileSync(path.join(process.cwd(), 'bench/simulator-fit.md'), 'utf8').replace(/^# .*\n/, '');
  const report = await compileMarkdown(markdown);
  return (
    <article className="space-y-10">
      <div className="space-y-3">
        <Breadcrumbs trail={[{ label: 'About the simulator' }]} />
        <h1 className="text-3xl font-bold">About the target simulator</h1>
        <p className="max-w-3xl">
          Every latency, RAM and flash figure for an edge target on EdgeZoo is <strong>simulated</strong>: a cost model
          over the model&apos;s own graph, with free parameters fitted to published on-device measurements. No published
          figure is copied onto a model page; the report below shows how far the predictions are from the measurements
          they were fitted to, and from those they were not (leave-one-out).
        </p>
      </div>
      <Section id="assumptions" title="How it estimates">
        <ul className="list-disc space-y-1 pl-6 text-sm">
          {SIMULATOR_ASSUMPTIONS.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </Section>
      <Section id="targets" title="Targets">
        <div className="grid gap-4 md:grid-cols-2">
          {TARGETS.map((t) => (
            <div key={t.id} className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
              <h3 className="font-semibold">{t.name}</h3>
              <Facts
                items={[
                  ['Board', t.board],
                  ['Runtime', t.runtime],
                  ['CPU', `${t.cpu.cores} × ${t.cpu.core} at ${t.cpu.clockMHz} MHz`],
                  ['NPU', t.npu ? `${t.npu.name}, ${t.npu.macsPerCycle} MACs/cycle at ${t.npu.clockMHz} MHz (${t.npu.peakGops.toFixed(0)} GOPS peak, ${t.npu.dtypes.join('/')})` : 'none'],
                  ['Memory', t.memory.map((m) => `${m.name}: ${formatBytes(m.bytes)}`).join('; ')],
                  ['Assumed figures', t.assumptions.length ? t.assumptions.map((a) => `${a.path} = ${a.value} (${a.why})`).join('; ') : 'none'],
                ]}
              />
              <details className="mt-2">
                <summary className="cursor-pointer">Sources ({Object.keys(t.sources).length})</summary>
                <ul className="mt-1 list-disc pl-5">
                  {Object.entries(t.sources).map(([key, s]) => (
                    <li key={key}>
                      <a href={s.url} className="underline">{s.title}</a>
                      {s.note ? ` — ${s.note}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            </div>
          ))}
        </div>
      </Section>
      <Section id="report" title="Calibration report">
        <div className="overflow-x-auto text-sm [&_table]:w-full [&_td]:border-b [&_td]:border-slate-200 [&_td]:px-1 [&_th]:px-1 [&_th]:text-left dark:[&_td]:border-slate-800">
          <MdxCard code={report} />
        </div>
      </Section>
    </article>
  );
}
