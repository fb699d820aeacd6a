'use client';

import { useEffect, useSyncExternalStore } from 'react';

const KEY = 'edgezoo-theme';

// The theme lives on <html class="dark"> (set before paint by the layout's
// script); React only observes it.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
const isDark = () => document.documentElement.classList.contains('dark');

/** Light/dark switch; until the user picks one the page follows the system setting. */
export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => null);

  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const follow = (e: MediaQueryListEvent) => {
      if (!localStorage.getItem(KEY)) document.documentElement.classList.toggle('dark', e.matches);
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);

  const toggle = () => {
    const next = !isDark();
    document.documentElement.classList.toggle('dark', next);
    localStorage.setItem(KEY, next ? 'dark' : 'light');
  };

  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={dark ?? undefined}
      aria-label="Dark mode"
      className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {dark ? 'Dark' : 'Light'}
    </button>
  );
}
