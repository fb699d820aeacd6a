// The contract of one target data file (lib/targets/devices/*.json). Every
// number is a Figure: either it names one of the file's sources, or it says
// why it is an assumption. The simulator reads nothing that is not here.

import { z } from 'zod';

/** A number with its provenance: `source` is a key of the file's `sources`; `assumption` says why there is none. */
export const figureSchema = z
  .object({
    value: z.number().nonnegative(),
    source: z.string().min(1).optional(),
    assumption: z.string().min(1).optional(),
  })
  .strict()
  .refine((f) => (f.source === undefined) !== (f.assumption === undefined), {
    message: 'a figure needs exactly one of source or assumption',
  });
export type Figure = z.infer<typeof figureSchema>;

const sourceSchema = z.object({ title: z.string().min(1), url: z.string().min(1), note: z.string().optional() }).strict();

const perDtype = z.object({ int8: figureSchema, float32: figureSchema }).strict();

export const memoryKinds = ['tcm', 'sram', 'psram', 'sdram', 'dram', 'flash'] as const;
export type MemoryKind = (typeof memoryKinds)[number];

const memoryRegionSchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(memoryKinds),
    /** What the runtime may place there: activations (the tensor arena), weights, or both. */
    holds: z.enum(['activations', 'weights', 'both']),
    bytes: figureSchema,
    /** Sustained bandwidth the kernels see, MB/s (1 MB = 1e6 bytes). */
    bandwidthMBps: figureSchema,
  })
  .strict();
export type MemoryRegion = z.infer<typeof memoryRegionSchema>;

/** Constraints an op must meet to run on the NPU; absent = no constraint. */
const npuOpRuleSchema = z
  .object({
    maxKernel: z.number().int().positive().optional(),
    maxStride: z.number().int().positive().optional(),
    maxDilation: z.number().int().positive().optional(),
    depthMultiplierOne: z.boolean().optional(),
    note: z.string().optional(),
  })
  .strict();
export type NpuOpRule = z.infer<typeof npuOpRuleSchema>;

const npuSchema = z
  .object({
    name: z.string().min(1),
    clockMHz: figureSchema,
    /** int8 MACs per cycle at peak. */
    macsPerCycle: figureSchema,
    /** Elementwise/pooling element throughput per cycle. */
    elementsPerCycle: figureSchema,
    bandwidthMBps: figureSchema,
    /** Tensor dtypes the NPU executes (others fall back to the CPU). */
    dtypes: z.array(z.enum(['int8', 'int16', 'float32'])).min(1),
    /** Supported IR op types and their constraints (source of the list in `opsSource`). */
    ops: z.record(z.string(), npuOpRuleSchema),
    opsSource: z.string().min(1),
    /** Fixed cost of starting the NPU once per inference (driver, command stream). */
    invokeUs: figureSchema,
    /** Cost of handing a tensor between NPU and CPU: fixed sync plus bytes over this bandwidth. */
    transfer: z.object({ boundaryUs: figureSchema, bandwidthMBps: figureSchema }).strict(),
  })
  .strict();
export type NpuSpec = z.infer<typeof npuSchema>;

/** The free parameters of the cost model; device files hold the priors, the fit replaces them. */
export const costParamsSchema = z
  .object({
    /** Share of the CPU's peak MAC rate that conv/dense kernels reach. */
    cpuEfficiency: figureSchema,
    /** Depthwise efficiency relative to conv (depthwise reuses no input across output channels). */
    depthwiseFactor: figureSchema,
    /** Interpreter/kernel dispatch cost per CPU op, µs. */
    perOpUs: figureSchema,
    /** Amdahl parallel share of CPU op time when threads > 1. */
    parallelFraction: figureSchema,
    npuEfficiency: figureSchema.optional(),
    npuDepthwiseFactor: figureSchema.optional(),
    npuPerOpUs: figureSchema.optional(),
  })
  .strict();
export type CostPriors = z.infer<typeof costParamsSchema>;

export const targetSpecSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    vendor: z.string().min(1),
    board: z.string().min(1),
    /** Inference stack the figures and the fit assume. */
    runtime: z.string().min(1),
    /** Targets in one group share fitted parameters (same core and runtime). */
    fitGroup: z.string().min(1),
    /** A target without CPU calibration rows may take the CPU-side fitted parameters of a group with the same core and runtime. */
    borrowsCpuFitFrom: z.object({ group: z.string().min(1), why: z.string().min(1) }).strict().optional(),
    sources: z.record(z.string(), sourceSchema),
    cpu: z
      .object({
        core: z.string().min(1),
        cores: figureSchema,
        clockMHz: figureSchema,
        /** Peak MACs per cycle per core for the dtype's kernels (SIMD width × issue rate). */
        macsPerCycle: perDtype,
        /** Cycles per element of elementwise/activation/pooling work. */
        cyclesPerElement: perDtype,
      })
      .strict(),
    memory: z
      .object({
        /** Fastest first: the arena and the weights go in the first region that holds them and fits. */
        regions: z.array(memoryRegionSchema).min(1),
        /** Share of each RAM region kept for the application and runtime (fit margin). */
        reservedFraction: figureSchema,
      })
      .strict(),
    npu: npuSchema.optional(),
    overheads: z.object({ perInferenceUs: figureSchema }).strict(),
    priors: costParamsSchema,
  })
  .strict()
  .superRefine((spec, ctx) => {
    const keys = new Set(Object.keys(spec.sources));
    const walk = (value: unknown, path: (string | number)[]): void => {
      if (value && typeof value === 'object') {
        const rec = value as Record<string, unknown>;
        if (typeof rec.source === 'string' && 'value' in rec && !keys.has(rec.source)) {
          ctx.addIssue({ code: 'custom', path, message: `unknown source "${rec.source}"` });
        }
        for (const [k, v] of Object.entries(rec)) walk(v, [...path, k]);
      }
    };
    walk(spec, []);
    if (spec.npu && !keys.has(spec.npu.opsSource)) {
      ctx.addIssue({ code: 'custom', path: ['npu', 'opsSource'], message: `unknown source "${spec.npu.opsSource}"` });
    }
  });
export type TargetSpec = z.infer<typeof targetSpecSchema>;
