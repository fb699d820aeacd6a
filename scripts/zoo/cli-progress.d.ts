// Minimal types for cli-progress 3 (the package ships none): the parts progress.ts uses.
declare module 'cli-progress' {
  export interface BarOptions {
    format?: string;
    clearOnComplete?: boolean;
    hideCursor?: boolean;
    stopOnComplete?: boolean;
    barsize?: number;
    autopadding?: boolean;
  }
  export class SingleBar {
    update(value: number, payload?: Record<string, string | number>): void;
    increment(delta?: number, payload?: Record<string, string | number>): void;
    setTotal(total: number): void;
    stop(): void;
  }
  export class MultiBar {
    constructor(options: BarOptions, preset?: object);
    create(total: number, start: number, payload?: Record<string, string | number>): SingleBar;
    log(text: string): void;
    stop(): void;
  }
  export const Presets: { shades_classic: object; shades_grey: object; rect: object; legacy: object };
}
