import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInsights } from '../../src/cli/insights';
import { PROJECT_ROOT } from '../../src/common/paths';
import { buildSamples } from '../support/cardFixtures';
import type { Theme } from '../support/teamsHostConfig';
import { SEED_NOW, seedInsights } from '../support/insightsSeed';
import { startBot } from '../support/startBot';
import { CardPage, type Width } from './cardPage';
import { launchChromium } from './chromium';
import { BOT_ORIGIN, openInHost, serveBotAt } from './teamsHost';

/**
 * `npm run screenshots`: renders the README's representative cards in Chromium with the Teams-like
 * light, dark and high-contrast host configs, and the handreiking tab served by the bot (in a plain
 * browser and in the stand-in Teams host), and the insights report of a seeded store, and writes them
 * to docs/screenshots/. Commit the result.
 */

const SHOTS: Array<{ name: string; sample: string; modes: Array<[Theme, Width]> }> = [
  {
    name: 'welcome',
    sample: 'welcome--start',
    modes: [
      ['light', 'wide'],
      ['dark', 'wide'],
    ],
  },
  {
    name: 'intake-question',
    sample: 'intake-situations--empty',
    modes: [
      ['light', 'wide'],
      ['dark', 'wide'],
    ],
  },
  {
    name: 'advice-step',
    sample: 'advice-step--horeca-start',
    modes: [
      ['light', 'wide'],
      ['dark', 'wide'],
      ['contrast', 'wide'],
      ['light', 'narrow'],
    ],
  },
  {
    name: 'option-detail',
    sample: 'option-detail--3.1',
    modes: [
      ['light', 'wide'],
      ['dark', 'wide'],
    ],
  },
  {
    name: 'documents',
    sample: 'documents--all',
    modes: [
      ['light', 'wide'],
      ['dark', 'wide'],
    ],
  },
  {
    name: 'contacts',
    sample: 'contacts--horeca',
    modes: [
      ['light', 'wide'],
      ['dark', 'wide'],
    ],
  },
];

async function main(): Promise<void> {
  const out = path.join(PROJECT_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  // `npm run screenshots -- insights`: only the insights report.
  if (process.argv.includes('insights')) {
    const browser = await launchChromium();
    await reportShot(browser, out).finally(() => browser.close());
    return;
  }
  const { samples } = buildSamples();
  const browser = await launchChromium();
  try {
    const page = await CardPage.open(browser);
    for (const shot of SHOTS) {
      const sample = samples.find((s) => s.id === shot.sample);
      if (!sample) throw new Error(`no card sample "${shot.sample}" in test/support/cardFixtures.ts`);
      for (const [theme, width] of shot.modes) {
        const { png, problems } = await page.render(sample.card, theme, width);
        if (problems.length > 0) throw new Error(`${shot.sample} (${theme}, ${width}):\n${problems.join('\n')}`);
        const file = `${shot.name}-${theme}${width === 'narrow' ? '-narrow' : ''}.png`;
        writeFileSync(path.join(out, file), png);
        process.stdout.write(`docs/screenshots/${file}\n`);
      }
    }
    // The advice card with the rest of the step and "Meer" opened (one tap each, same card).
    const advice = samples.find((s) => s.id === 'advice-step--horeca-start');
    if (!advice) throw new Error('no advice sample');
    await page.render(advice.card, 'light', 'wide', false);
    await page.press('Toon nog 4 oplossingen');
    await page.press('Meer');
    writeFileSync(path.join(out, 'advice-step-light-opened.png'), await page.screenshot());
    process.stdout.write('docs/screenshots/advice-step-light-opened.png\n');
    await tabShots(browser, out);
    await reportShot(browser, out);
  } finally {
    await browser.close();
  }
}

/** The tab: a plain browser (light), and in Teams' dark theme opened at an option by a deep link. */
async function tabShots(browser: Awaited<ReturnType<typeof launchChromium>>, out: string): Promise<void> {
  const bot = await startBot();
  try {
    const plain = await browser.newContext({ viewport: { width: 900, height: 760 }, colorScheme: 'light' });
    const page = await plain.newPage();
    await page.goto(`${bot.url}/handreiking/`);
    await page.screenshot({ path: path.join(out, 'tab-light.png') });
    await plain.close();
    const teams = await browser.newContext({ viewport: { width: 900, height: 760 } });
    await serveBotAt(teams, bot.url);
    const host = await openInHost(teams, { tabUrl: `${BOT_ORIGIN}/handreiking/`, theme: 'dark', subEntityId: '2.3' });
    await host.frameLocator('#tab').locator('html[data-theme="dark"] #optie-2-3[open]').waitFor();
    await host.screenshot({ path: path.join(out, 'tab-teams-dark.png') });
    await teams.close();
    process.stdout.write('docs/screenshots/tab-light.png\ndocs/screenshots/tab-teams-dark.png\n');
  } finally {
    await bot.app.stop();
  }
}

/** The insights report (`npm run insights -- --html`) of the seeded store: its first screen and its options. */
async function reportShot(browser: Awaited<ReturnType<typeof launchChromium>>, out: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpv-report-'));
  try {
    const store = path.join(dir, 'insights.sqlite');
    const html = path.join(dir, 'rapport.html');
    await seedInsights(store);
    await runInsights(['--html', html], { INSIGHTS_PATH: store, STORAGE: 'memory' }, SEED_NOW);
    const page = await browser.newPage({ viewport: { width: 880, height: 1500 } });
    await page.goto(pathToFileURL(html).href);
    await page.screenshot({ path: path.join(out, 'insights-report.png') });
    const options = await page.locator('h2:has-text("Per oplossing")').boundingBox();
    await page.screenshot({
      path: path.join(out, 'insights-options.png'),
      fullPage: true,
      clip: { x: 0, y: options?.y ?? 0, width: 880, height: 1250 },
    });
    await page.close();
    process.stdout.write('docs/screenshots/insights-report.png\ndocs/screenshots/insights-options.png\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
