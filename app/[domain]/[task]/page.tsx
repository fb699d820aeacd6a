import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { ModelTable, ModelTableView } from '@/components/model-table';
import { toModelRow } from '@/lib/catalogue/table';
import { getCatalogue, getTask, modelsOf, targetLabels } from '../../catalogue-data';

export const dynamicParams = false;

export function generateStaticParams() {
  return getCatalogue().domains.flatMap((d) => d.tasks.map((t) => ({ domain: d.id, task: t.id })));
}

type Props = { params: Promise<{ domain: string; task: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  const found = getTask(p.domain, p.task);
  return found ? { title: `${found.task.name} models`, description: found.task.description } : {};
}

export default async function TaskPage({ params }: Props) {
  const p = await params;
  const found = getTask(p.domain, p.task);
  if (!found) notFound();
  const { domain, task } = found;
  const rows = modelsOf(domain.id, task.id).map(toModelRow);
  const targets = targetLabels().map(({ id, name }) => ({ id, name }));
  return (
    <div className="space-y-6">
      <Breadcrumbs trail={[{ label: domain.name, href: `/${domain.id}` }, { label: task.name }]} />
      <header>
        <h1 className="text-3xl font-bold">{task.name}</h1>
        <p className="mt-1 text-sm font-medium text-slate-600 dark:text-slate-400">
          {task.inputType} → {task.outputType}
        </p>
        <p className="mt-3 max-w-4xl">{task.description}</p>
      </header>
      {/* The static HTML carries the unfiltered table; the URL's state applies once the page hydrates. */}
      <Suspense fallback={<ModelTableView rows={rows} targets={targets} query="" />}>
        <ModelTable rows={rows} targets={targets} />
      </Suspense>
    </div>
  );
}
