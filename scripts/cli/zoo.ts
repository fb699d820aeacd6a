import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeGraph } from '../../lib/catalogue/analyze';
import { formatBytes, formatCount, formatShape } from '../../lib/catalogue/format';
import type { GraphStats } from '../../lib/catalogue/manifest';
import { ModelFormatError } from '../../lib/formats/errors';
import { isUsageError, parseShapes, parseValues, readModelFiles, UsageError } from './args';
import { convertToTflite } from './convert';

// Exit codes: 0 ok, 1 bad input (unreadable or invalid model), 2 usage.
const USAGE = `Usage:
  zoo inspect <model.tflite|model.onnx|model.json> [--json] [--input-shape NAME=D,D,…]… [--input-value NAME=V,V,…]…
  zoo convert <model.tflite|model.onnx|model.json> -o <out.tflite> [--input-shape NAME=D,D,…]… [--input-value NAME=V,V,…]…
  zoo quantize <model> -o <out.tflite> --calibration <image>… [--feed NAME=…]… [--observer …] [--input-type …] [--output-type …] [--input-shape …]
  zoo simulate <model> --target <id>|all [--threads N] [--assume-dtype int8|float32] [--json] [--input-shape …]

inspect  prints inputs, outputs, op histogram, params, MACs, weight size and unsupported ops.
convert  writes a float32 .tflite (NHWC; ONNX NCHW inputs/outputs become NHWC).
quantize writes a full-integer int8 .tflite calibrated on images, as /byom does (zoo quantize --help).
simulate estimates latency, RAM and flash on edge targets, per layer (--json).
         --input-shape fixes dynamic input dims (ONNX: in the file's NCHW order).
         --input-value freezes an input to constant values (flat, row-major), e.g. sr=16000:
         the input leaves the model and what it decides (an If on it) is folded.`;

function printStats(file: string, s: GraphStats): void {
  const tensor = (t: GraphStats['inputs'][number]) => {
    const q = t.quant ? `  quant scale=${t.quant.scale.slice(0, 4).join(',')}${t.quant.scale.length > 4 ? ',…' : ''} zp=${t.quant.zeroPoint.slice(0, 4).join(',')}` : '';
    return `  ${t.name}  ${formatShape(t.shape)}  ${t.dtype}${q}`;
  };
  const lines = [
    file,
    'inputs:',
    ...s.inputs.map(tensor),
    'outputs:',
    ...s.outputs.map(tensor),
    `params: ${s.params.toLocaleString('en-US')} (${formatCount(s.params)})`,
    `MACs: ${s.macs === null ? 'unknown (some shapes stay dynamic; fix them with --input-shape)' : `${s.macs.toLocaleString('en-US')} (${formatCount(s.macs)}; 1 MAC = 2 ops)`}`,
    `weights: ${formatBytes(s.weightBytes)} (${Object.entries(s.weightBytesByDtype).map(([d, b]) => `${d} ${formatBytes(b)}`).join(', ')})`,
    `ops: ${s.opCount}`,
    ...Object.entries(s.opHistogram)
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `  ${op.padEnd(28)} ${n}`),
    `unsupported ops: ${s.unsupportedOps.length ? s.unsupportedOps.join(', ') : 'none'}`,
  ];
  console.log(lines.join('\n'));
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h') {
      console.log(USAGE);
      return command ? 0 : 2;
    }
    if (command === 'inspect') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, 'input-shape': { type: 'string', multiple: true }, 'input-value': { type: 'string', multiple: true } },
      });
      if (positionals.length !== 1) throw new UsageError('inspect takes exactly one model file');
      const inputShapes = parseShapes(values['input-shape'] ?? []);
      const inputValues = parseValues(values['input-value'] ?? []);
      const files = readModelFiles(positionals[0]);
      const stats = analyzeGraph({ ...files, inputShapes, inputValues });
      if (values.json) console.log(JSON.stringify({ file: positionals[0], format: files.format, ...stats }, null, 2));
      else printStats(positionals[0], stats);
      return 0;
    }
    if (command === 'convert') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { output: { type: 'string', short: 'o' }, 'input-shape': { type: 'string', multiple: true }, 'input-value': { type: 'string', multiple: true } },
      });
      if (positionals.length !== 1) throw new UsageError('convert takes exactly one model file');
      if (!values.output) throw new UsageError('convert needs an output file: -o out.tflite');
      const inputShapes = parseShapes(values['input-shape'] ?? []);
      const inputValues = parseValues(values['input-value'] ?? []);
      const files = readModelFiles(positionals[0]);
      const result = convertToTflite({ ...files, inputShapes, inputValues });
      writeFileSync(values.output, result.bytes);
      const list = (ts: { name: string; shape: number[] }[]) => ts.map((t) => `  ${t.name}  ${formatShape(t.shape)}`);
      console.log([
        `${values.output}  ${formatBytes(result.bytes.length)}`,
        'inputs:', ...list(result.inputs),
        'outputs:', ...list(result.outputs),
        ...(result.relaidOut.length ? [`NHWC in the export (NCHW in the source): ${result.relaidOut.join(', ')}`] : []),
      ].join('\n'));
      return 0;
    }
    if (command === 'quantize') {
      const { runQuantize } = await import('./quantize');
      return await runQuantize(rest);
    }
    if (command === 'simulate') {
      const { runSimulate } = await import('./simulate');
      return await runSimulate(rest);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (isUsageError(err)) {
      console.error(`zoo: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ModelFormatError) {
      console.error(`zoo: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
