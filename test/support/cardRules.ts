import type * as AdaptiveCards from 'adaptivecards';
import { Verb } from '../../src/cards/actions';
import { TEAMS_HOST_CONFIGS } from './teamsHostConfig';

/**
 * Checks an expanded card (1) with the official Adaptive Cards SDK at schema 1.5 and the Teams host
 * config, and (2) with the project's own rules for what the SDK does not catch. Both return problems
 * as readable lines with the JSON path of the element ("body[2].items[0]: TextBlock without text").
 */

// The package's lib/ is ESM without file extensions and cannot be required in Node; dist/ works.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = text;
  result.didProcess = true;
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const MAX_VERSION = 1.5;
const KNOWN_VERBS = new Set<string>(Object.values(Verb));

export function sdkProblems(card: object): string[] {
  const problems: string[] = [];
  const sdkCard = new AC.AdaptiveCard();
  sdkCard.hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIGS.light);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  sdkCard.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`SDK (parse): ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of sdkCard.validateProperties().validationEvents) {
    problems.push(`SDK (validate): ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}

function isObject(node: Json | undefined): node is JsonObject {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

function text(node: JsonObject, key: string): string {
  const value = node[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** Visits every object in the card with its JSON path. */
function walk(node: Json, at: string, visit: (obj: JsonObject, at: string, key: string) => void, key = ''): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`, visit, key));
  else if (isObject(node)) {
    visit(node, at, key);
    for (const [k, v] of Object.entries(node)) {
      // Action.Submit/Execute `data` is free payload, not card structure.
      if (k !== 'data') walk(v, at ? `${at}.${k}` : k, visit, k);
    }
  }
}

export interface RuleOptions {
  /** The card must have a top-level `speak` (the main cards, read by screen readers and voice). */
  requireSpeak: boolean;
}

export function ruleProblems(card: object, options: RuleOptions): string[] {
  const root = card as JsonObject;
  const problems: string[] = [];
  if (root.type !== 'AdaptiveCard') problems.push(`type is "${String(root.type)}", not AdaptiveCard`);
  const version = Number.parseFloat(String(root.version));
  if (!(version > 0) || version > MAX_VERSION)
    problems.push(`declared version "${String(root.version)}" is not 1.0..1.5`);
  if (options.requireSpeak && !text(root, 'speak')) problems.push('no speak text on a main card');

  const json = JSON.stringify(card);
  if (json.includes('${'))
    problems.push(`unexpanded template expression: ${json.slice(json.indexOf('${'), json.indexOf('${') + 40)}`);

  walk(root, '', (node, at, key) => {
    if (at === '') return;
    const inCollection = ['body', 'items', 'actions', 'columns', 'fallback', 'card', 'selectAction'].includes(key);
    if (!inCollection) return;
    const type = typeof node.type === 'string' ? node.type : '';
    if (!type) {
      problems.push(`${at}: element without type`);
      return;
    }
    if (type === 'TextBlock' && !text(node, 'text')) problems.push(`${at}: TextBlock without text`);
    if (type === 'Image' && !text(node, 'altText')) problems.push(`${at}: Image without altText`);
    if (type.startsWith('Input.') && !text(node, 'label'))
      problems.push(`${at}: ${type} "${String(node.id)}" without label`);
    if (type.startsWith('Action.')) {
      if (!text(node, 'title')) problems.push(`${at}: ${type} without title`);
      if (type === 'Action.Execute') {
        const verb = text(node, 'verb');
        if (!verb) problems.push(`${at}: Action.Execute without verb`);
        else if (!KNOWN_VERBS.has(verb))
          problems.push(`${at}: Action.Execute verb "${verb}" is not in src/cards/actions.ts`);
      }
      if (type === 'Action.Submit') {
        const data = node.data;
        const verb = isObject(data) ? data.verb : undefined;
        if (typeof verb !== 'string' || !KNOWN_VERBS.has(verb))
          problems.push(`${at}: Action.Submit without a known verb in data`);
      }
      if (isObject(node.data) && 'key' in node.data) {
        problems.push(`${at}: ${type} data has a field "key"; use "option" (the Agents Playground drops "key")`);
      }
      if (type === 'Action.OpenUrl' && !/^(https:\/\/|mailto:)\S+$/.test(text(node, 'url'))) {
        problems.push(`${at}: Action.OpenUrl url "${text(node, 'url')}" is not https: or mailto:`);
      }
    }
  });
  return problems;
}

/**
 * The card's structure without its text: element types, keys and list lengths, with every string
 * replaced by a marker. Two renders with different user text must give the same skeleton.
 */
export function skeleton(node: Json | object): Json {
  const value = node as Json;
  if (Array.isArray(value)) return value.map((v) => skeleton(v));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [
          k,
          k === 'type' || k === 'verb' || k === 'style' || k === 'id' ? (value[k] ?? null) : skeleton(value[k] ?? null),
        ]),
    );
  }
  return typeof value === 'string' ? '<text>' : value;
}
