import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths';
import { buildSamples } from '../support/cardFixtures';
import type { Theme } from '../support/teamsHostConfig';
import { CardPage, type Width } from './cardPage';
import { launchChromium } from './chromium';

/**
 * Every card sample rendered by the official renderer in Chromium, in Teams' light and dark themes,
 * on a desktop and a phone width: it must render, nothing may stick out of the card, no button label
 * may be cut off on the desktop width, and all text must reach 4.5:1 contrast. Screenshots of the
 * first sample of each template go to test-results/cards/.
 */

const OUT = path.join(PROJECT_ROOT, 'test-results', 'cards');
const { samples } = buildSamples();
const firstOfTemplate = new Set(samples.filter((s, i) => samples.findIndex((t) => t.template === s.template) === i).map((s) => s.id));

let browser: Browser;
let page: CardPage;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  page = await CardPage.open(browser);
});

afterAll(async () => {
  await browser?.close();
});

const modes: Array<[Theme, Width]> = [
  ['light', 'wide'],
  ['dark', 'wide'],
  ['light', 'narrow'],
  ['dark', 'narrow'],
];

describe('cards in Chromium with the Teams host configs', () => {
  it.each(modes)('every card renders cleanly in the %s theme at %s width', async (theme, width) => {
    const failures: string[] = [];
    for (const sample of samples) {
      const shot = firstOfTemplate.has(sample.id);
      const result = await page.render(sample.card, theme, width, shot);
      if (shot) writeFileSync(path.join(OUT, `${sample.id}-${theme}-${width}.png`), result.png);
      failures.push(...result.problems.map((p) => `${sample.id}: ${p}`));
    }
    expect(failures).toEqual([]);
  });

  it('the checks notice a card that is too wide and text without contrast', async () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Lichtgrijs op wit', color: 'Light' },
        {
          type: 'ColumnSet',
          columns: [400, 400].map((px) => ({ type: 'Column', width: `${px}px`, items: [{ type: 'TextBlock', text: 'Vaste breedte' }] })),
        },
      ],
      actions: ['Een hele lange knoptekst die niet past', 'Nog een lange knoptekst', 'En nog een derde knop'].map((title) => ({
        type: 'Action.Execute',
        verb: 'help',
        title,
      })),
    };
    const { problems } = await page.render(bad, 'light', 'narrow', false);
    const wide = await page.render(bad, 'light', 'wide', false);
    const text = problems.join('\n');
    expect(text).toMatch(/contrast .* "Lichtgrijs op wit"/);
    expect(text).toMatch(/overflow/);
    expect(wide.problems.join('\n')).toMatch(/button label cut off/);
  });
});
