// Tailwind classes the run panel's controls share.

export const SELECT_CLASS = 'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900';
export const BUTTON_CLASS = 'rounded px-4 py-1.5 font-medium disabled:opacity-50';
