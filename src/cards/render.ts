import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';
import { deepFreeze } from '../domain/freeze';

/** An Adaptive Card as JSON, ready to attach. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Loads every template in `cards/` and expands it with typed data on the server (Teams does not
 * expand `${...}` itself). Each Action.Execute gets an Action.Submit fallback carrying the same verb
 * and data, for clients without Universal Actions.
 *
 * Performance (docs/performance.md): loading the templating library and parsing a template's
 * expressions is slow, so a template is prepared on first use (or by `warm()` once the bot is
 * ready) instead of at start-up; and the same
 * data always gives the same card, so recent cards are cached by template and data and handed out
 * frozen: the same object may go to several users, so nobody may change it.
 */
export class CardRenderer {
  private readonly sources = new Map<string, Json>();
  private readonly templates = new Map<string, Template>();
  private readonly cache = new Map<string, AdaptiveCardJson>();

  constructor(
    dir: string,
    private readonly cacheSize = 500,
  ) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      this.sources.set(path.basename(file, '.json'), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json);
    }
  }

  get names(): string[] {
    return [...this.sources.keys()];
  }

  /** The card for `data`; frozen, and possibly shared with other users: never change it, copy it. */
  render(name: string, data: object): Readonly<AdaptiveCardJson> {
    const key = `${name}\u0000${JSON.stringify(data)}`;
    let card = this.cache.get(key);
    if (card === undefined) {
      const expanded = this.template(name).expand({ $root: data }) as AdaptiveCardJson;
      card = deepFreeze(addSubmitFallbacks(expanded) as AdaptiveCardJson);
      if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, card);
    }
    return card;
  }

  /** Prepares the templates not used yet, one per event-loop turn so requests are not held up. */
  async warm(): Promise<void> {
    for (const name of this.names) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.template(name);
    }
  }

  private template(name: string): Template {
    let template = this.templates.get(name);
    if (!template) {
      const source = this.sources.get(name);
      if (source === undefined) throw new Error(`unknown card template "${name}"`);
      // Required here, not at the top: adaptive-expressions is a large share of start-up.
      const { Template: TemplateClass } = require('adaptivecards-templating') as typeof import('adaptivecards-templating');
      template = new TemplateClass(source);
      this.templates.set(name, template);
    }
    return template;
  }
}

/** Deep-copies the card, giving every Action.Execute a fallback Action.Submit with `verb` in its data. */
function addSubmitFallbacks(node: Json | AdaptiveCardJson): Json {
  if (Array.isArray(node)) return node.map((n) => addSubmitFallbacks(n));
  if (node === null || typeof node !== 'object') return node;
  const copy: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) copy[key] = addSubmitFallbacks(value as Json);
  if (copy.type === 'Action.Execute' && typeof copy.verb === 'string') {
    const data = copy.data && typeof copy.data === 'object' && !Array.isArray(copy.data) ? copy.data : {};
    copy.fallback = { type: 'Action.Submit', title: copy.title ?? '', data: { ...data, verb: copy.verb } };
  }
  return copy;
}
