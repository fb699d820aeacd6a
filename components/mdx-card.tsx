import { getMDXComponent } from 'mdx-bundler/client';
import { createElement, type ComponentType } from 'react';

// Compiled cards are turned into components once per build, not per render.
const cards = new Map<string, ComponentType>();

function renderCard(code: string) {
  let card = cards.get(code);
  if (!card) {
    card = getMDXComponent(code);
    cards.set(code, card);
  }
  return createElement(card);
}

/** Renders a recipe's card.mdx, compiled by mdx-bundler when the catalogue was built. */
export function MdxCard({ code }: { code: string }) {
  return <div className="prose-card max-w-3xl">{renderCard(code)}</div>;
}
