import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';

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
 * Loads every template in `cards/` once and expands it with typed data on the server (Teams does not
 * expand `${...}` itself). Each Action.Execute gets an Action.Submit fallback carrying the same verb
 * and data, for clients without Universal Actions.
 */
export class CardRenderer {
  private readonly templates = new Map<string, Template>();

  constructor(dir: string) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      this.templates.set(path.basename(file, '.json'), new Template(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))));
    }
  }

  get names(): string[] {
    return [...this.templates.keys()];
  }

  render(name: string, data: object): AdaptiveCardJson {
    const template = this.templates.get(name);
    if (!template) throw new Error(`unknown card template "${name}"`);
    const card = template.expand({ $root: data }) as AdaptiveCardJson;
    return addSubmitFallbacks(card) as AdaptiveCardJson;
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
