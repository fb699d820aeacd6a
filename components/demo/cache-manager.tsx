'use client';

// The models this browser keeps (Cache API, lib/engines/model-cache), grouped
// per model, with their sizes and a way to delete one or all of them; and the
// pages and runtimes the service worker keeps for offline visits (lib/offline).

import { useCallback, useEffect, useState } from 'react';
import { deleteCachedModels, listCachedModels, type CachedModelFile } from '@/lib/engines/model-cache';
import { deleteSiteCache, siteCacheUsage, type SiteCacheUsage } from '@/lib/offline/site-cache';

interface CachedGroup {
  /** URL prefix that holds the group's files, e.g. /models/vision/face-detection/blazeface-short-range/. */
  prefix: string;
  /** e.g. "vision/face-detection/blazeface-short-range (source files)". */
  label: string;
  files: CachedModelFile[];
  bytes: number;
}

/** /models/<domain>/<task>/<model>/… and /artifacts/<domain>/<task>/<model>/… → one group each. */
function groupOf(url: string): { prefix: string; label: string } {
  const parts = url.split('/').filter(Boolean);
  if ((parts[0] === 'models' || parts[0] === 'artifacts') && parts.length >= 5) {
    const key = parts.slice(1, 4).join('/');
    return { prefix: `/${parts.slice(0, 4).join('/')}/`, label: `${key} (${parts[0] === 'models' ? 'source files' : 'EdgeZoo .tflite'})` };
  }
  return { prefix: url, label: url };
}

function groups(files: CachedModelFile[]): CachedGroup[] {
  const by = new Map<string, CachedGroup>();
  for (const f of files) {
    const g = groupOf(f.url);
    const entry = by.get(g.prefix) ?? { ...g, files: [], bytes: 0 };
    entry.files.push(f);
    entry.bytes += f.bytes;
    by.set(g.prefix, entry);
  }
  return [...by.values()].sort((a, b) => a.label.localeCompare(b.label));
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export function CacheManager({ refreshKey }: { refreshKey: number }) {
  const [list, setList] = useState<CachedGroup[] | undefined>();
  const [site, setSite] = useState<SiteCacheUsage | undefined>();
  const [error, setError] = useState('');

  const refresh = useCallback(async () => {
    try {
      setList(groups(await listCachedModels()));
      setSite(await siteCacheUsage());
      setError('');
    } catch (err) {
      setError(`The model cache could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, []);

  useEffect(() => {
    // Reading the Cache API is async; the list fills in once it answers (and again after each model load).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
  }, [refresh, refreshKey]);

  const remove = async (what: () => Promise<unknown>) => {
    try {
      await what();
    } catch (err) {
      setError(`Deleting failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    await refresh();
  };

  const total = list?.reduce((s, g) => s + g.bytes, 0) ?? 0;
  return (
    <details className="rounded border border-slate-300 p-3 text-sm dark:border-slate-700" data-testid="cache-manager">
      <summary className="cursor-pointer font-medium">Models stored in this browser{list ? ` (${list.length}, ${mb(total)})` : ''}</summary>
      <div className="mt-2 space-y-2">
        <p>Downloaded model files are kept in this browser&apos;s cache so the next visit works without the network. They never leave this device.</p>
        {error && <p role="alert" className="text-red-700 dark:text-red-400">{error}</p>}
        {list && list.length === 0 && <p>Nothing is stored yet.</p>}
        {list && list.length > 0 && (
          <table className="w-full">
            <caption className="sr-only">Cached model files</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left dark:border-slate-700">
                <th scope="col" className="px-2 py-1">Model</th>
                <th scope="col" className="px-2 py-1 text-right">Files</th>
                <th scope="col" className="px-2 py-1 text-right">Size</th>
                <th scope="col" className="px-2 py-1"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <tr key={g.prefix} className="border-b border-slate-200 dark:border-slate-800" data-cached={g.prefix}>
                  <td className="px-2 py-1 break-all">{g.label}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{g.files.length}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{mb(g.bytes)}</td>
                  <td className="px-2 py-1 text-right">
                    <button type="button" className="underline" onClick={() => void remove(() => deleteCachedModels(g.prefix))} aria-label={`Delete ${g.label} from this browser`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {site && (
          <p data-testid="site-cache">
            Pages and runtimes kept for offline visits: {site.files} file{site.files === 1 ? '' : 's'}, {mb(site.bytes)}.{' '}
            {site.files > 0 && (
              <button type="button" className="underline" onClick={() => void remove(deleteSiteCache)}>Delete them</button>
            )}
          </p>
        )}
        <div className="flex gap-3">
          <button type="button" className="underline" onClick={() => void refresh()}>Refresh list</button>
          {list && list.length > 0 && (
            <button type="button" className="underline" onClick={() => void remove(() => deleteCachedModels())}>Delete all stored models</button>
          )}
        </div>
      </div>
    </details>
  );
}
