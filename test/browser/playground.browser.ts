import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../../src/app';
import { type RunningPlayground, startPlayground } from '../../src/cli/playgroundProcess';
import { PROJECT_ROOT } from '../../src/common/paths';
import { EXAMPLE_APP_ID } from '../../src/config';
import { TAB_ENTITY_ID } from '../../src/tab/deepLink';
import { startBot } from '../support/startBot';
import { launchChromium } from './chromium';
import { BOT_ORIGIN, openInHost, serveBotAt } from './teamsHost';

/** The first screen of Teams desktop for a card (as test/browser/cards.browser.ts measures it). */
const DESKTOP_SCREEN = 600;

/**
 * The real bot behind the Microsoft 365 Agents Playground, driven in Chromium the way a person
 * would use Teams: an intake in personal chat up to the advice, which fits one screen with the rest
 * one tap away on the same card, the walk to step 3 and a detail card, a card replaced in place by
 * Action.Execute, and a question by @mention in a Teams channel whose answer opens the handreiking
 * tab at that option. Screenshots of each go to test-results/playground/.
 *
 * The Playground does not read the app manifest, so it shows neither prompt starters nor tabs:
 * test/manifest.test.ts sends every prompt starter to the bot, and the tab is opened here the way
 * Teams opens the deep link, in the stand-in Teams host of test/browser/teamsHost.ts.
 */

const OUT = path.join(PROJECT_ROOT, 'test-results', 'playground');
const WAIT = 30_000;

let bot: { app: BotApp; url: string };
let playground: RunningPlayground;
let browser: Browser;
let page: Page;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: false });
}

/** The newest card in the open conversation that contains `text`. */
function card(text: string): Locator {
  return page.locator('.ac-adaptiveCard', { hasText: text }).last();
}

async function say(text: string): Promise<void> {
  const editor = page.locator('[data-lexical-editor="true"]');
  await editor.click();
  await editor.pressSequentially(text);
  await page.keyboard.press('Enter');
}

async function click(inCard: Locator, button: string): Promise<void> {
  await inCard.getByRole('button', { name: button, exact: true }).first().click();
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  bot = await startBot();
  playground = await startPlayground({
    botEndpoint: `${bot.url}/api/messages`,
    port: await freePort(),
    logFile: path.join(OUT, 'playground.log'),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(WAIT);
  await page.goto(playground.url);
  await page.locator('[data-lexical-editor="true"]').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await bot?.app.stop();
});

describe('bpv-wegwijzer in the Microsoft 365 Agents Playground', () => {
  it('personal chat: the four cases of issue 13, typed as a new user would', async () => {
    await card('Welkom bij de Bpv-wegwijzer').waitFor();

    // An advice request in words starts the intake (no answer card for a nearby option).
    await say('Ik wil advies over stages voor mijn studenten');
    await card('In welke sector zoek je stages of leerbanen?').waitFor();

    // A thank-you is answered as one (and the intake question comes again).
    await say('dankjewel');
    await card('Graag gedaan').waitFor();
    await shot('10-thanks-in-intake');

    // A situation in one message: what was understood, with a button per answer, and only what is missing.
    await say('stop');
    await say('ik heb 12 horeca studenten zonder stageplek, wat kan ik doen?');
    const understood = card('Ik begrijp: Voedsel, groen en gastvrijheid');
    await understood.waitFor();
    await expect.poll(() => understood.innerText()).toMatch(/12 studenten/);
    await expect
      .poll(() => understood.getByRole('button', { name: 'Andere sector', exact: true }).count())
      .toBeGreaterThan(0);
    await card('Zijn er nog stages of leerbanen beschikbaar?').waitFor();
    await shot('11-advice-from-first-message');

    // A question the handreiking does not cover: said plainly, no option card.
    await say('wat is de stagevergoeding voor een bol-student?');
    const outOfScope = card('Over een stagevergoeding gaat de handreiking niet');
    await outOfScope.waitFor();
    await expect.poll(() => outOfScope.innerText()).not.toMatch(/Starten in de bol/);
    await outOfScope.scrollIntoViewIfNeeded();
    await shot('12-out-of-scope');
  });

  it('personal chat: welcome, intake on cards and by typing, advice, step 3 in place, detail card', async () => {
    // The welcome card arrives when the Playground installs the app.
    const welcome = card('Welkom bij de Bpv-wegwijzer');
    await welcome.waitFor();
    await shot('01-welcome');

    await click(welcome, 'Start de intake');
    await card('In welke sector zoek je stages of leerbanen?').waitFor();
    await shot('02-intake-sector');

    // Typed answer to a card question.
    await say('horeca');
    const situations = card('Wat speelt er bij de studenten?');
    await situations.waitFor();

    // Answers on the card: Action.Execute replaces the question card in place with the answer.
    await situations.getByRole('checkbox', { name: 'Bbl-student zonder leerbaan' }).check();
    await situations.getByRole('checkbox', { name: 'Stage of leerbaan is weggevallen' }).check();
    await shot('03-intake-situations');
    const cardsBefore = await page.locator('.ac-adaptiveCard').count();
    await click(situations, 'Volgende');
    const places = card('Zijn er nog stages of leerbanen beschikbaar?');
    await places.waitFor();
    await expect
      .poll(() => page.locator('.ac-adaptiveCard', { hasText: 'Wat speelt er bij de studenten?' }).count())
      .toBe(0);
    const answered = card('Situatie van de studenten');
    await expect.poll(() => answered.innerText()).toMatch(/Bbl-student zonder leerbaan/);
    // One card replaced, one new question: the conversation grew by exactly one card.
    expect(await page.locator('.ac-adaptiveCard').count()).toBe(cardsBefore + 1);
    await shot('04-answer-replaced-in-place');

    await places.getByRole('radio', { name: 'Er zijn geen plekken' }).check();
    await click(places, 'Volgende');
    await card('Nog een paar details?').waitFor();
    await say('bbl, niveau 2, ongeveer 12');

    // The advice: no places at all, so it starts after step 1.
    const advice = card('Is dit genoeg voor je studenten?');
    await advice.waitFor();
    await expect.poll(() => advice.innerText()).toMatch(/Stap 2 van 3/);
    await advice.scrollIntoViewIfNeeded();
    await shot('05-advice-step-2');

    // It fits one screen: header, the three best options and the step buttons within the first 600 px.
    const top = (await advice.boundingBox())?.y ?? 0;
    const enough = advice.getByRole('button', { name: 'Ja, dit is genoeg', exact: true });
    const stepButtonsEnd =
      ((await enough.boundingBox())?.y ?? Number.POSITIVE_INFINITY) + ((await enough.boundingBox())?.height ?? 0) - top;
    expect(stepButtonsEnd).toBeLessThanOrEqual(DESKTOP_SCREEN);
    // Every option is a button named by its rank, title and reason; three are shown.
    const options = advice.getByRole('button', { name: /^\d+\. / });
    const visible = async () =>
      (await Promise.all((await options.all()).map((o) => o.isVisible()))).filter(Boolean).length;
    expect(await visible()).toBe(3);

    // The rest of the step is one tap away on the same card: no new message, nothing sent.
    const cardCount = await page.locator('.ac-adaptiveCard').count();
    await click(advice, 'Toon nog 4 oplossingen');
    await expect.poll(visible).toBe(7);
    await click(advice, 'Meer');
    await expect
      .poll(() => advice.getByRole('button', { name: 'Vraag een adviseur', exact: true }).isVisible())
      .toBe(true);
    expect(await page.locator('.ac-adaptiveCard').count()).toBe(cardCount);
    await advice.scrollIntoViewIfNeeded();
    await shot('05b-advice-step-2-opened');
    await click(advice, 'Toon nog 4 oplossingen');
    await click(advice, 'Meer');

    // "Nee, toon stap 3" replaces the advice card in place.
    const adviceCards = () => page.locator('.ac-adaptiveCard', { hasText: /Stap \d van 3/ }).count();
    const before = await adviceCards();
    await click(advice, 'Nee, toon stap 3');
    const step3 = card('Stap 3 van 3');
    await step3.waitFor();
    expect(await adviceCards()).toBe(before);
    expect(await page.locator('.ac-adaptiveCard', { hasText: 'Stap 2 van 3' }).count()).toBe(0);
    await step3.scrollIntoViewIfNeeded();
    await shot('06-advice-step-3-in-place');

    // Details of the best option in step 3: the option itself is the button.
    await step3.getByRole('button', { name: /^1\. / }).first().click();
    const detail = card('Wat je kunt doen');
    await detail.waitFor();
    await expect.poll(() => detail.innerText()).toMatch(/Stap 3/);
    await expect.poll(() => detail.innerText()).toMatch(/Bron: Handreiking beroepspraktijkvorming/);
    await detail.scrollIntoViewIfNeeded();
    await shot('07-option-detail');
  });

  it('Teams channel: a question by @mention gets an answer in the channel', async () => {
    await page.getByText('General', { exact: true }).click();
    const editor = page.locator('[data-lexical-editor="true"]');
    await editor.click();
    await editor.pressSequentially('@');
    await page
      .getByRole('option', { name: 'Test Bot' })
      .or(page.getByText('Test Bot', { exact: true }))
      .first()
      .click();
    await editor.pressSequentially(" mag een bbl'er zonder leerbaan naar school?");
    await shot('08-channel-question');
    await page.getByRole('button', { name: 'Post', exact: true }).click();

    // The answer engine replies in the thread with an answer card that names its source.
    const answer = card('Bron: Handreiking beroepspraktijkvorming');
    await answer.waitFor();
    await expect.poll(() => answer.innerText()).toMatch(/bbl/i);
    await answer.scrollIntoViewIfNeeded();
    await shot('09-channel-answer');

    // "Bekijk in de Handreiking" opens the Teams deep link to the tab at this option. Teams itself is
    // not here: the link is caught (nothing leaves the machine) and the tab is opened as Teams would,
    // in the stand-in host, with the link's sub-entity.
    const context = page.context();
    await context.route('https://teams.microsoft.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Teams</title>' }),
    );
    // (The renderer gives Action.OpenUrl buttons the role "link".)
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      answer.getByRole('link', { name: 'Bekijk in de Handreiking', exact: true }).click(),
    ]);
    const link = new URL(popup.url());
    await popup.close();
    expect(`${link.origin}${link.pathname}`).toBe(
      `https://teams.microsoft.com/l/entity/${EXAMPLE_APP_ID}/${TAB_ENTITY_ID}`,
    );
    const subEntityId =
      (JSON.parse(link.searchParams.get('context') ?? '{}') as { subEntityId?: string }).subEntityId ?? '';
    expect(subEntityId).toBe('3.3');
    const tabContext = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      await serveBotAt(tabContext, bot.url);
      const host = await openInHost(tabContext, {
        tabUrl: `${BOT_ORIGIN}/handreiking/`,
        theme: 'default',
        subEntityId,
      });
      const tab = host.frameLocator('#tab');
      await expect.poll(() => tab.locator('#optie-3-3').getAttribute('open')).toBe('');
      await expect
        .poll(() => tab.locator('#optie-3-3 .body').innerText())
        .toContain('Bron: Handreiking beroepspraktijkvorming');
      await host.screenshot({ path: path.join(OUT, '10-tab-from-channel-answer.png') });
    } finally {
      await tabContext.close();
    }
  });
});
