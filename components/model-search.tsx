'use client';

import Link from 'next/link';
import { useId, useMemo, useState } from 'react';

export interface SearchEntry {
  name: string;
  href: string;
  task: string;
  domain: string;
  tags: string[];
  summary: string;
}

/** Matches every whitespace-separated term against name, task, domain and tags. */
export function matchEntries(entries: SearchEntry[], query: string): SearchEntry[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  return entries.filter((e) => {
    const hay = [e.name, e.task, e.domain, ...e.tags].join(' ').toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}

export function ModelSearch({ entries }: { entries: SearchEntry[] }) {
  const [query, setQuery] = useState('');
  const id = useId();
  const results = useMemo(() => matchEntries(entries, query), [entries, query]);

  return (
    <section aria-labelledby={`${id}-label`} className="max-w-2xl">
      <label id={`${id}-label`} htmlFor={`${id}-input`} className="block text-sm font-medium">
        Search models, tasks and tags
      </label>
      <input
        id={`${id}-input`}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="e.g. face, int8, mediapipe, onnx"
        className="mt-1 w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        aria-describedby={`${id}-status`}
      />
      <p id={`${id}-status`} role="status" className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {query.trim() ? `${results.length} ${results.length === 1 ? 'model matches' : 'models match'}` : ''}
      </p>
      {results.length > 0 && (
        <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {results.map((r) => (
            <li key={r.href} className="px-3 py-2">
              <Link href={r.href} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                {r.name}
              </Link>
              <span className="ml-2 text-sm text-slate-600 dark:text-slate-400">
                {r.domain} · {r.task}
              </span>
              <p className="text-sm">{r.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
