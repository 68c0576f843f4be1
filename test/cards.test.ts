import { describe, expect, it } from 'vitest';
import { parseCardAction } from '../src/cards/actions';
import { buildSamples, CARD_FIXTURES, type CardSample } from './support/cardFixtures';
import { ruleProblems, sdkProblems, skeleton } from './support/cardRules';

/**
 * Every card template, expanded with representative data the way the bot expands it, must pass the
 * official Adaptive Cards SDK at schema 1.5 and the project's own rules, and user text must never
 * change a card's structure.
 */

/** Small confirmation cards that do not need their own `speak` (they repeat what was just said). */
const NO_SPEAK_NEEDED = new Set(['intake-answered']);

const { samples, templates, renderer } = buildSamples();

/** Text a user (or a deployment file) might produce: template syntax, markdown, JSON-breaking characters. */
const HOSTILE =
  'Jan ${title} ${json(x)} **vet** _schuin_ [klik](https://evil.example) "}, {"type": "Action.Submit"} \\ ]] \n <b>x</b> ${';

function replaceStrings(value: unknown): unknown {
  if (typeof value === 'string') return value === '' ? value : HOSTILE;
  if (Array.isArray(value)) return value.map(replaceStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v)]));
  return value;
}

describe('card templates', () => {
  it('every template in cards/ has representative data in test/support/cardFixtures.ts', () => {
    const missing = templates.filter((t) => !(t in CARD_FIXTURES));
    expect(missing, `add fixtures for: ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(CARD_FIXTURES).filter((t) => !templates.includes(t));
    expect(stale, `fixtures for templates that do not exist: ${stale.join(', ')}`).toEqual([]);
  });

  it('every fixture produces at least one card', () => {
    for (const template of templates.filter((t) => t in CARD_FIXTURES)) {
      expect(
        samples.some((s) => s.template === template),
        template,
      ).toBe(true);
    }
  });
});

describe.each(samples.map((s) => [s.id, s] as [string, CardSample]))('card %s', (_id, sample) => {
  it('passes the Adaptive Cards SDK at schema 1.5', () => {
    expect(sdkProblems(sample.card)).toEqual([]);
  });

  it("passes the project's rules (version, text, alt text, labels, verbs, titles, speak)", () => {
    expect(ruleProblems(sample.card, { requireSpeak: !NO_SPEAK_NEEDED.has(sample.template) })).toEqual([]);
  });

  it('keeps its structure when every text in its data is hostile user text', () => {
    const hostile = renderer.render(sample.template, replaceStrings(sample.data) as object);
    expect(skeleton(hostile)).toEqual(skeleton(sample.card));
    expect(sdkProblems(hostile).filter((p) => !p.includes('url'))).toEqual([]);
    // The text arrives verbatim: not expanded again, not turned into structure.
    if (JSON.stringify(replaceStrings(sample.data)).includes('Jan ${title}')) {
      expect(JSON.stringify(hostile)).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    }
  });
});

describe('the rules themselves', () => {
  const good = { type: 'AdaptiveCard', version: '1.5', speak: 'Hallo', body: [{ type: 'TextBlock', text: 'Hallo' }] };

  it('accept a good card', () => {
    expect(ruleProblems(good, { requireSpeak: true })).toEqual([]);
    expect(sdkProblems(good)).toEqual([]);
  });

  it('catch what the SDK does not', () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.6',
      body: [
        { type: 'TextBlock', text: ' ' },
        { type: 'Image', url: 'https://example.org/a.png' },
        { type: 'Input.Text', id: 'naam' },
        { text: 'geen type' },
        { type: 'TextBlock', text: '${vergeten}' },
      ],
      actions: [
        { type: 'Action.Execute', title: 'Ga', data: {} },
        { type: 'Action.Execute', verb: 'bestaat.niet', title: 'Ga' },
        { type: 'Action.Execute', verb: 'help' },
        { type: 'Action.OpenUrl', title: 'Open', url: 'http://example.org' },
        { type: 'Action.Execute', verb: 'option.details', title: 'Details', data: { key: '1.1' } },
      ],
    };
    const problems = ruleProblems(bad, { requireSpeak: true }).join('\n');
    for (const expected of [
      'declared version "1.6"',
      'no speak text',
      'unexpanded template expression',
      'body[0]: TextBlock without text',
      'body[1]: Image without altText',
      'body[2]: Input.Text "naam" without label',
      'body[3]: element without type',
      'actions[0]: Action.Execute without verb',
      'actions[1]: Action.Execute verb "bestaat.niet"',
      'actions[2]: Action.Execute without title',
      'actions[3]: Action.OpenUrl url "http://example.org"',
      'actions[4]: Action.Execute data has a field "key"',
    ]) {
      expect(problems).toContain(expected);
    }
  });

  it('the SDK check reports schema errors such as an action without its required url', () => {
    const card = { ...good, actions: [{ type: 'Action.OpenUrl', title: 'Open' }] };
    expect(sdkProblems(card).join('\n')).toMatch(/url/);
  });

  it('an option sent as `option` (what the cards send) reads as its key; `key` still works', () => {
    expect(parseCardAction('option.details', { option: '2.1' })).toEqual({
      ok: true,
      action: { verb: 'option.details', key: '2.1' },
    });
    expect(parseCardAction('option.details', { key: '2.1' })).toEqual({
      ok: true,
      action: { verb: 'option.details', key: '2.1' },
    });
    expect(parseCardAction('option.details', { option: '9.99' })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a structure change is visible in the skeleton', () => {
    const a = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'a' }] };
    const b = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'b' },
        { type: 'TextBlock', text: 'c' },
      ],
    };
    expect(skeleton(a)).toEqual(skeleton({ ...a, body: [{ type: 'TextBlock', text: 'anders' }] }));
    expect(skeleton(a)).not.toEqual(skeleton(b));
  });
});
