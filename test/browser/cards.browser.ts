import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/common/paths';
import { buildSamples } from '../support/cardFixtures';
import { THEMES, type Theme } from '../support/teamsHostConfig';
import { CardPage, type Width } from './cardPage';
import { launchChromium } from './chromium';

/**
 * Every card sample rendered by the official renderer in Chromium, in Teams' light, dark and
 * high-contrast themes, on a desktop and a phone width: it must render, nothing may stick out of the
 * card, no button label may be cut off on the desktop width, and all text must reach 4.5:1 contrast.
 * Screenshots of the first sample of each template go to test-results/cards/, and every card's height
 * per theme and width to test-results/cards/heights.json.
 *
 * The advice card must fit: on the desktop width its first screen holds the header, the three best
 * options and the step buttons; on a phone it is at most two screens long with everything closed;
 * the rest of the step and the secondary actions are one tap away on the same card.
 */

const OUT = path.join(PROJECT_ROOT, 'test-results', 'cards');
const { samples } = buildSamples();
const firstOfTemplate = new Set(
  samples.filter((s, i) => samples.findIndex((t) => t.template === s.template) === i).map((s) => s.id),
);

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

const modes: Array<[Theme, Width]> = THEMES.flatMap((theme) =>
  (['wide', 'narrow'] as const).map((width): [Theme, Width] => [theme, width]),
);

/**
 * The first screen on a desktop: Teams' message pane on a 1080p laptop at 125 % scaling (1536 x 864 CSS
 * px: 864 minus the taskbar, Teams' title bar, the chat header, the compose box and the sender line).
 */
const DESKTOP_SCREEN = 600;
/** One screen on a phone: Teams' chat area on a 320 x 568 CSS px phone (an iPhone SE with zoomed display). */
const PHONE_SCREEN = 450;

/** Card heights per sample, theme and width, written for the README and reviews. */
const heights: Record<string, Record<string, number>> = {};

describe('cards in Chromium with the Teams host configs', () => {
  it.each(modes)('every card renders cleanly in the %s theme at %s width', async (theme, width) => {
    const failures: string[] = [];
    for (const sample of samples) {
      const shot = firstOfTemplate.has(sample.id);
      const result = await page.render(sample.card, theme, width, shot);
      if (shot) writeFileSync(path.join(OUT, `${sample.id}-${theme}-${width}.png`), result.png);
      failures.push(...result.problems.map((p) => `${sample.id}: ${p}`));
      (heights[sample.id] ??= {})[`${theme}-${width}`] = result.height;
    }
    writeFileSync(path.join(OUT, 'heights.json'), `${JSON.stringify(heights, null, 1)}\n`);
    expect(failures).toEqual([]);
  });

  const advice = samples.filter((s) => s.template === 'advice-step');

  it.each(THEMES)('advice cards fit: first screen on the desktop, two screens on a phone (%s theme)', async (theme) => {
    expect(advice.length).toBeGreaterThan(3);
    const report: string[] = [];
    for (const sample of advice) {
      const data = sample.data as { top: Array<{ title: string }>; rest: unknown[]; others: unknown[] };
      expect(data.top.length, sample.id).toBe(Math.min(3, data.top.length + data.rest.length));
      const wide = await page.render(sample.card, theme, 'wide', false);
      // The step buttons come after the header and the open options, so their bottom is where the
      // first screen must end; every open option is above them.
      const stepButtons = wide.bottoms.stepActions ?? Number.POSITIVE_INFINITY;
      const wideText = await page.text();
      for (const option of data.top)
        expect(wideText.indexOf(option.title), option.title).toBeLessThan(wideText.indexOf('Ja, dit is genoeg'));
      const narrow = await page.render(sample.card, theme, 'narrow', false);
      report.push(
        `${sample.id}: desktop step buttons end at ${stepButtons} px (card ${wide.height}), phone card ${narrow.height} px`,
      );
      if (stepButtons > DESKTOP_SCREEN)
        report.push(`  FAIL: step buttons below the first desktop screen (${DESKTOP_SCREEN} px)`);
      if (narrow.height > 2 * PHONE_SCREEN)
        report.push(`  FAIL: longer than two phone screens (${2 * PHONE_SCREEN} px)`);
    }
    process.stdout.write(`${theme}:\n${report.join('\n')}\n`);
    expect(report.filter((line) => line.includes('FAIL'))).toEqual([]);
  });

  it('the rest of the step and the secondary actions are one tap away on the same advice card', async () => {
    for (const sample of advice) {
      const data = sample.data as {
        rest: Array<{ title: string }>;
        others: Array<{ title: string }>;
        moreTitle: string;
        prevStep: number;
      };
      const closed = await page.render(sample.card, 'light', 'narrow', false);
      const closedText = await page.text();
      for (const hidden of [...data.rest, ...data.others]) expect(closedText, sample.id).not.toContain(hidden.title);
      expect(closedText).not.toContain('Vraag een adviseur');
      if (data.moreTitle) {
        const opened = await page.press(data.moreTitle);
        expect(opened.height, sample.id).toBeGreaterThan(closed.height);
        const text = await page.text();
        for (const shown of [...data.rest, ...data.others]) expect(text, sample.id).toContain(shown.title);
      }
      await page.press('Meer');
      const withActions = await page.text();
      for (const title of [
        'Documenten',
        'Contact',
        'Wijzig antwoorden',
        'Vraag een adviseur',
        'Nuttig',
        'Niet nuttig',
        ...(data.prevStep ? ['Vorige stap'] : []),
      ]) {
        expect(withActions, `${sample.id}: ${title}`).toContain(title);
      }
    }
  });

  it('the checks notice a card that is too wide and text without contrast', async () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Lichtgrijs op wit', color: 'Light' },
        {
          type: 'ColumnSet',
          columns: [400, 400].map((px) => ({
            type: 'Column',
            width: `${px}px`,
            items: [{ type: 'TextBlock', text: 'Vaste breedte' }],
          })),
        },
      ],
      actions: ['Een hele lange knoptekst die niet past', 'Nog een lange knoptekst', 'En nog een derde knop'].map(
        (title) => ({
          type: 'Action.Execute',
          verb: 'help',
          title,
        }),
      ),
    };
    const { problems } = await page.render(bad, 'light', 'narrow', false);
    const wide = await page.render(bad, 'light', 'wide', false);
    const text = problems.join('\n');
    expect(text).toMatch(/contrast .* "Lichtgrijs op wit"/);
    expect(text).toMatch(/overflow/);
    expect(wide.problems.join('\n')).toMatch(/button label cut off/);
  });
});
