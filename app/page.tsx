import Link from 'next/link';
import { ModelSearch, type SearchEntry } from '@/components/model-search';
import { domainModelCount, getCatalogue } from './catalogue-data';

export default function Home() {
  const catalogue = getCatalogue();
  const entries: SearchEntry[] = Object.values(catalogue.models).map((m) => {
    const domain = catalogue.domains.find((d) => d.id === m.domain);
    const task = domain?.tasks.find((t) => t.id === m.task);
    return {
      name: m.name,
      href: `/${m.domain}/${m.task}/${m.id}`,
      task: task?.name ?? m.task,
      domain: domain?.name ?? m.domain,
      tags: m.tags,
      summary: m.summary,
    };
  });
  const modelCount = entries.length;
  const taskCount = catalogue.domains.reduce((s, d) => s + d.tasks.filter((t) => t.models.length).length, 0);

  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-bold tracking-tight">Edge AI models you can inspect, convert and run</h1>
        <p className="mt-3 max-w-3xl text-slate-700 dark:text-slate-300">
          {modelCount} models across {taskCount} tasks, each with its provenance, input and output contract, and figures
          measured from the model file itself.
        </p>
      </section>

      <ModelSearch entries={entries} />

      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading" className="sr-only">Domains</h2>
        <div className="grid gap-6 md:grid-cols-3">
          {catalogue.domains.map((d) => (
            <article key={d.id} className="rounded-lg border border-slate-200 p-5 dark:border-slate-800">
              <h3 className="text-xl font-semibold">
                <Link href={`/${d.id}`} className="hover:underline">
                  {d.name}
                </Link>
              </h3>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {domainModelCount(d)} models · {d.tasks.length} tasks
              </p>
              <p className="mt-3 text-sm">{d.description}</p>
              <ul className="mt-4 space-y-1 text-sm">
                {d.tasks.map((t) => (
                  <li key={t.id} className="flex justify-between gap-2">
                    <Link href={`/${d.id}/${t.id}`} className="text-brand-700 hover:underline dark:text-brand-300">
                      {t.name}
                    </Link>
                    <span className="text-slate-600 dark:text-slate-400" aria-label={`${t.models.length} models`}>
                      {t.models.length}
                    </span>
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
