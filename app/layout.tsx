import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ServiceWorkerRegistration } from '@/components/offline/service-worker-registration';
import { ThemeToggle } from '@/components/theme-toggle';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'EdgeZoo — edge AI models you can inspect, convert and run', template: '%s · EdgeZoo' },
  description:
    'A model zoo for edge AI: find, understand, convert and try models for microcontrollers, NPUs and phones, with provenance for every file.',
};

// Runs before first paint so the page never flashes the wrong theme.
const themeScript = `(() => {
  try {
    const stored = localStorage.getItem('edgezoo-theme');
    const dark = stored ? stored === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('dark', dark);
  } catch {}
})();`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans antialiased">
        <ServiceWorkerRegistration />
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 dark:border-slate-800">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
              <span aria-hidden="true" className="inline-block h-6 w-6 rounded bg-brand-600" />
              EdgeZoo
            </Link>
            <div className="flex items-center gap-4 text-sm">
              <Link href="/vision" className="hover:underline">Vision</Link>
              <Link href="/text" className="hover:underline">Text</Link>
              <Link href="/audio" className="hover:underline">Audio</Link>
              <Link href="/byom" className="hover:underline">Your model</Link>
              <Link href="/about/simulator" className="hover:underline">Simulator</Link>
              <ThemeToggle />
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl border-t border-slate-200 px-4 py-6 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
          Shapes, parameters, MACs and sizes are measured from the model files themselves; latencies on edge targets are
          simulated (<Link href="/about/simulator" className="underline">about the simulator</Link>). Model licences are those of their upstream authors.
        </footer>
      </body>
    </html>
  );
}
