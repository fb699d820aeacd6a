import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { RunPanel } from '@/components/demo/run-panel';
import { AudioPanel } from '@/components/demo/audio/audio-panel';
import { getAudioDemoModel } from '@/components/demo/audio/audio-data';
import { getModel, getTask, modelOf, modelParams, type ModelParams } from '../../../../catalogue-data';
import { getDemoModel } from '../../../../run/demo-data';

export const dynamicParams = false;

export const generateStaticParams = modelParams;

type Props = { params: Promise<ModelParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const m = await modelOf(params);
  return m ? { title: `Run ${m.name} in your browser`, description: m.summary } : {};
}

export default async function RunPage({ params }: Props) {
  const p = await params;
  const found = getTask(p.domain, p.task);
  const m = getModel(p.domain, p.task, p.model);
  // Audio models get the streaming audio panel (microphone, clips, timeline) instead of the tensor run panel.
  const audio = m?.domain === 'audio' ? getAudioDemoModel(m) : undefined;
  const demo = audio ? undefined : await getDemoModel(p.domain, p.task, p.model);
  if (!found || !m || (!demo && !audio)) notFound();
  const modelHref = `/${m.domain}/${m.task}/${m.id}`;
  return (
    <article className="space-y-6">
      <Breadcrumbs
        trail={[
          { label: found.domain.name, href: `/${found.domain.id}` },
          { label: found.task.name, href: `/${found.domain.id}/${found.task.id}` },
          { label: m.name, href: modelHref },
          { label: 'Run' },
        ]}
      />
      <h1 className="text-3xl font-bold">Run {m.name} in your browser</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Everything runs on this device, in a background worker; nothing leaves the page. <Link href={modelHref} className="underline">Back to the model card</Link>.
      </p>
      {audio ? <AudioPanel model={audio} /> : demo && <RunPanel model={demo} />}
    </article>
  );
}
