import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';

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
 * Loading the templating library (adaptive expressions) and parsing a template take a noticeable
 * part of start-up, so each template is prepared when it is first used.
 */
export class CardRenderer {
  private readonly sources = new Map<string, Json>();
  private readonly templates = new Map<string, Template>();

  constructor(dir: string) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      this.sources.set(path.basename(file, '.json'), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json);
    }
  }

  get names(): string[] {
    return [...this.sources.keys()];
  }

  /** The card for `data`: a new object on every call. */
  render(name: string, data: object): AdaptiveCardJson {
    const expanded = this.template(name).expand({ $root: data }) as AdaptiveCardJson;
    return addSubmitFallbacks(expanded) as AdaptiveCardJson;
  }

  private template(name: string): Template {
    let template = this.templates.get(name);
    if (!template) {
      const source = this.sources.get(name);
      if (source === undefined) throw new Error(`unknown card template "${name}"`);
      // Required here, not at the top: adaptive-expressions is a large share of start-up.
      const { Template: TemplateClass } =
        require('adaptivecards-templating') as typeof import('adaptivecards-templating');
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
