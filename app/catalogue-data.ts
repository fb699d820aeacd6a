import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalogue, CatalogueDomain, CatalogueModel, CatalogueTask } from '@/lib/catalogue/manifest';
import { modelKey } from '@/lib/catalogue/manifest';
import { simulatorAccuracy, TARGETS } from '@/lib/targets';
import type { TargetLabel } from '@/components/simulation-section';

// Pages are rendered at build time from the generated zoo/catalogue.json
// (npm run catalogue). Read once per build worker.
let cached: Catalogue | undefined;

export function getCatalogue(): Catalogue {
  if (!cached) {
    const file = path.join(process.cwd(), 'zoo/catalogue.json');
    try {
      cached = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
    } catch (err) {
      throw new Error(`zoo/catalogue.json is missing or unreadable; run \`npm run catalogue\` first (${(err as Error).message})`);
    }
  }
  return cached;
}

export function getDomain(id: string): CatalogueDomain | undefined {
  return getCatalogue().domains.find((d) => d.id === id);
}

export function getTask(domain: string, task: string): { domain: CatalogueDomain; task: CatalogueTask } | undefined {
  const d = getDomain(domain);
  const t = d?.tasks.find((x) => x.id === task);
  return d && t ? { domain: d, task: t } : undefined;
}

export function getModel(domain: string, task: string, id: string): CatalogueModel | undefined {
  return getCatalogue().models[modelKey(domain, task, id)];
}

/** Route params of a model's pages (/domain/task/model and /run/domain/task/model). */
export interface ModelParams {
  domain: string;
  task: string;
  model: string;
}

/** Every model's route params, for generateStaticParams. */
export function modelParams(): ModelParams[] {
  return Object.values(getCatalogue().models).map((m) => ({ domain: m.domain, task: m.task, model: m.id }));
}

/** The model a page's params name, or undefined. */
export async function modelOf(params: Promise<ModelParams>): Promise<CatalogueModel | undefined> {
  const p = await params;
  return getModel(p.domain, p.task, p.model);
}

export function modelsOf(domain: string, task: string): CatalogueModel[] {
  const t = getTask(domain, task);
  return t ? t.task.models.map((id) => getModel(domain, task, id)).filter((m): m is CatalogueModel => !!m) : [];
}

export function domainModelCount(d: CatalogueDomain): number {
  return d.tasks.reduce((s, t) => s + t.models.length, 0);
}

/** Target names and the simulator's own error on each, for the model pages. */
export function targetLabels(): TargetLabel[] {
  return TARGETS.map((t) => {
    const acc = simulatorAccuracy(t.id);
    const error =
      acc && acc.rows > 0 && acc.medianAbsErrorPct !== null
        ? `±${Math.round(acc.medianAbsErrorPct)} % median error (n=${acc.rows})`
        : 'no published figures for this target: uncalibrated';
    return { id: t.id, name: t.name, runtime: t.runtime, npu: t.npu?.name ?? null, error };
  });
}
