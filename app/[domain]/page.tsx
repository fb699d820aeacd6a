import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { getCatalogue, getDomain, modelsOf } from '../catalogue-data';

export const dynamicParams = false;

export function generateStaticParams() {
  return getCatalogue().domains.map((d) => ({ domain: d.id }));
}

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const d = getDomain((await params).domain);
  return d ? { title: d.name, description: d.description } : {};
}

export default async function DomainPage({ params }: Props) {
  const domain = getDomain((await params).domain);
  if (!domain) notFound();
  return (
    <div className="space-y-8">
      <Breadcrumbs trail={[{ label: domain.name }]} />
      <header>
        <h1 className="text-3xl font-bold">{domain.name}</h1>
        <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">{domain.description}</p>
      </header>
      {domain.tasks.map((t) => {
        const models = modelsOf(domain.id, t.id);
        return (
          <section key={t.id} aria-labelledby={`task-${t.id}`} className="rounded-lg border border-slate-200 p-5 dark:border-slate-800">
            <h2 id={`task-${t.id}`} className="text-xl font-semibold">
              <Link href={`/${domain.id}/${t.id}`} className="hover:underline">
                {t.name}
              </Link>
            </h2>
            <p className="mt-1 text-sm font-medium text-slate-600 dark:text-slate-400">
              {t.inputType} → {t.outputType}
            </p>
            <p className="mt-3 max-w-4xl">{t.description}</p>
            <ul className="mt-3 flex flex-wrap gap-2">
              {models.map((m) => (
                <li key={m.id}>
                  <Link
                    href={`/${domain.id}/${t.id}/${m.id}`}
                    className="inline-block rounded-full border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
                  >
                    {m.name}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
