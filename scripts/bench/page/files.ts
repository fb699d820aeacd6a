// Model files fetched from the bench server (same origin), keyed the way the
// engines expect: by path relative to the entry file's folder.

import type { ModelFile } from '../cases';

export async function fetchBytes(href: string): Promise<Uint8Array> {
  const res = await fetch(href);
  if (!res.ok) throw new Error(`${href}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function fetchFiles(files: readonly ModelFile[]): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const f of files) out[f.path] = await fetchBytes(f.href);
  return out;
}

export function entryHref(files: readonly ModelFile[], entry: string): string {
  const f = files.find((x) => x.path === entry);
  if (!f) throw new Error(`entry ${entry} is not among the case's files`);
  return f.href;
}
