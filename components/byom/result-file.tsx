'use client';

// A file the page made, ready to save: name, size, sha256 and a download link.
// The sha256 also sits on the link (data-sha256) so a check can compare it
// with the downloaded bytes.

import { useEffect, useMemo } from 'react';
import { formatBytes } from '@/lib/catalogue/format';

export function ResultFile({ name, data, sha256, type, testId }: { name: string; data: Uint8Array; sha256: string; type: string; testId: string }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type })), [data, type]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <p className="text-sm" data-testid={testId} data-sha256={sha256}>
      <a href={url} download={name} className="font-medium text-brand-700 underline dark:text-brand-300" data-sha256={sha256}>
        Download {name}
      </a>{' '}
      ({formatBytes(data.length)})
      <span className="block font-mono text-xs break-all">sha256 {sha256}</span>
    </p>
  );
}
