// `zoo simulate`: estimated latency and memory fit of a model on edge targets.
// Exit codes: 0 ok, 1 bad input (unreadable or invalid model), 2 usage.

import { parseArgs } from 'node:util';
import { ModelFormatError } from '../../lib/formats/errors';
import { inferShapes } from '../../lib/ir/infer';
import { loadModel } from '../../lib/ir/load';
import { isUsageError, parseShapes, readModelFiles, UsageError } from './args';
import { simulate, TARGETS, type SimulationResult } from '../../lib/targets';

export const SIMULATE_USAGE = `Usage:
  zoo simulate <model.tflite|model.onnx|model.json> --target <id>|all [--threads N] [--assume-dtype int8|float32] [--json] [--input-shape NAME=D,D,…]…

simulate  estimates latency, NPU/CPU placement, peak activation RAM and weight flash on a target board.
          Targets: ${TARGETS.map((t) => t.id).join(', ')}.
          --threads N         CPU threads (default 1; clamped to the target's cores)
          --assume-dtype T    simulate the model as its int8 (or float32) variant
          --json              full result with per-layer rows
          --input-shape       fixes dynamic input dims (ONNX: in the file's NCHW order)`;

function readModel(file: string, inputShapes: Record<string, number[]>) {
  const files = readModelFiles(file);
  const model = loadModel({ ...files, inputShapes });
  inferShapes(model, files.format === 'onnx' ? {} : { inputShapes });
  return model;
}

const kib = (b: number) => `${(b / 1024).toFixed(b < 10240 ? 1 : 0)} KiB`;
const fmtMs = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

function summaryLine(r: SimulationResult): string {
  const t = r.totals;
  const npu = r.npuComparison ? `  [${r.npuComparison.verdict}; CPU only ${fmtMs(r.npuComparison.cpuOnlyLatencyMs)} ms]` : '';
  const acc = r.accuracy?.medianAbsErrorPct != null ? `±${r.accuracy.medianAbsErrorPct.toFixed(0)} % median error (n=${r.accuracy.rows})` : r.calibrated ? 'calibrated via its group' : 'uncalibrated';
  return [
    `${r.target.name} (${r.target.id}): ${fmtMs(t.latencyMs)} ms${npu}`,
    `  ops: ${t.opsOnNpu} on NPU, ${t.opsOnCpu} on CPU; transfers ${fmtMs(t.transferMs)} ms; overhead ${fmtMs(t.perInferenceOverheadMs)} ms; ${acc}`,
    `  RAM: ${kib(t.peakActivationBytes)} activations in ${t.ram.region} — ${t.ram.fits ? `fits (${t.ram.marginPct.toFixed(0)} % free)` : 'DOES NOT FIT'}`,
    `  weights: ${kib(t.weightBytes)} in ${t.flash.region} — ${t.flash.fits ? `fits (${t.flash.marginPct.toFixed(0)} % free)` : 'DOES NOT FIT'}`,
    ...r.warnings.map((w) => `  warning: ${w}`),
  ].join('\n');
}

export async function runSimulate(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        threads: { type: 'string' },
        'assume-dtype': { type: 'string' },
        json: { type: 'boolean' },
        'input-shape': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(SIMULATE_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('simulate takes exactly one model file');
    const target = values.target;
    if (!target) throw new UsageError('--target is required (a target id or "all")');
    const ids = target === 'all' ? TARGETS.map((t) => t.id) : [target];
    for (const id of ids) if (!TARGETS.some((t) => t.id === id)) throw new UsageError(`unknown target "${id}"`);
    const threads = values.threads === undefined ? 1 : Number(values.threads);
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--threads expects a positive integer, got "${values.threads}"`);
    const assume = values['assume-dtype'];
    if (assume !== undefined && assume !== 'int8' && assume !== 'float32') throw new UsageError(`--assume-dtype expects int8 or float32, got "${assume}"`);
    const model = readModel(positionals[0], parseShapes(values['input-shape'] ?? []));
    const results = ids.map((id) => simulate(model, id, { threads, ...(assume ? { assumeDtype: assume } : {}) }));
    if (values.json) {
      console.log(JSON.stringify({ file: positionals[0], results: target === 'all' ? results : undefined, result: target === 'all' ? undefined : results[0] }, null, 2));
    } else {
      console.log(`${positionals[0]} (${results[0].dtype.description}, ${threads} thread${threads > 1 ? 's' : ''})`);
      for (const r of results) console.log(summaryLine(r));
    }
    return 0;
  } catch (err) {
    if (isUsageError(err)) {
      console.error(`zoo simulate: ${err.message}\n\n${SIMULATE_USAGE}`);
      return 2;
    }
    if (err instanceof ModelFormatError) {
      console.error(`zoo simulate: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
