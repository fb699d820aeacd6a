// Command line of the browser bench: flags first, environment variables as
// a fallback (BENCH_QUICK=1, BENCH_MODELS=a,b, BENCH_BACKENDS=wasm), so
// `npm run bench -- --quick` and `BENCH_QUICK=1 npm run bench` both work.

export interface BenchArgs {
  quick: boolean;
  models: string[];
  backends: string[];
  /** Where results.json / results.md go, relative to the repository root. */
  outDir: string;
  /** Graphs above this many MACs are not run on SwiftShader backends (Infinity: all). */
  swiftshaderMaxMacs: number;
}

export const USAGE = `usage: npm run bench -- [--quick] [--models a,b] [--backends wasm,webgl,webgpu] [--swiftshader-max-mmacs N|all] [--out dir]
  --quick                  fewer warm-up and timed runs (a smoke run; results are noisier)
  --models                 keep catalogue models whose key contains any of these substrings
  --backends               keep only these backends (wasm, webgl, webgpu)
  --swiftshader-max-mmacs  run webgl/webgpu (SwiftShader) rows only for graphs up to N million MACs (default 300; all = no limit)
  --out                    folder for results.json and results.md (default bench)`;

const BACKENDS = ['wasm', 'webgl', 'webgpu'];
/** SwiftShader runs a 300 M MAC graph in seconds and a 2 G MAC one in minutes: heavier rows are listed as skipped. */
const DEFAULT_SWIFTSHADER_MAX_MMACS = 300;

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): BenchArgs {
  const args: BenchArgs = { quick: env.BENCH_QUICK === '1', models: list(env.BENCH_MODELS), backends: list(env.BENCH_BACKENDS), outDir: 'bench', swiftshaderMaxMacs: DEFAULT_SWIFTSHADER_MAX_MMACS * 1e6 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--models':
        args.models = list(value());
        break;
      case '--backends':
        args.backends = list(value());
        break;
      case '--out':
        args.outDir = value();
        break;
      case '--swiftshader-max-mmacs': {
        const v = value();
        const n = Number(v);
        if (v !== 'all' && !(n >= 0)) throw new Error(`--swiftshader-max-mmacs takes a number of million MACs or "all", not ${v}`);
        args.swiftshaderMaxMacs = v === 'all' ? Infinity : n * 1e6;
        break;
      }
      default:
        throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  const bad = args.backends.filter((b) => !BACKENDS.includes(b));
  if (bad.length) throw new Error(`unknown backend(s) ${bad.join(', ')}: choose from ${BACKENDS.join(', ')}`);
  return args;
}
