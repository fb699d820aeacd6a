// Progress on the terminal: one cli-progress bar per recipe on a TTY, plain
// "recipe: step (k/n)" lines otherwise (CI logs, pipes), so logs stay readable.

import cliProgress from 'cli-progress';

export interface RecipeProgress {
  step(label: string): void;
  done(summary: string): void;
}

export interface Progress {
  recipe(key: string, total: number): RecipeProgress;
  log(line: string): void;
  stop(): void;
}

export function plainProgress(write: (line: string) => void = (l) => console.log(l)): Progress {
  return {
    recipe(key, total) {
      let k = 0;
      return {
        step: (label) => write(`${key}: ${label} (${Math.min(++k, total)}/${total})`),
        done: (summary) => write(`${key}: ${summary}`),
      };
    },
    log: write,
    stop: () => {},
  };
}

export function barProgress(): Progress {
  const multi = new cliProgress.MultiBar(
    { format: '{bar} {value}/{total} {recipe} {step}', clearOnComplete: false, hideCursor: true, barsize: 24, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    recipe(key, total) {
      const bar = multi.create(Math.max(total, 1), 0, { recipe: key, step: '' });
      let k = 0;
      return {
        step: (label) => bar.update(Math.min(k++, total), { recipe: key, step: label }),
        done: (summary) => bar.update(total, { recipe: key, step: summary }),
      };
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}

export function terminalProgress(): Progress {
  return process.stdout.isTTY && !process.env.CI ? barProgress() : plainProgress();
}
