import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { buildSamples } from '../support/cardFixtures';
import type { Theme } from '../support/teamsHostConfig';
import { CardPage, type Width } from './cardPage';
import { launchChromium } from './chromium';

/**
 * `npm run screenshots`: renders the README's representative cards in Chromium with the Teams-like
 * light and dark host configs and writes them to docs/screenshots/. Commit the result.
 */

const SHOTS: Array<{ name: string; sample: string; modes: Array<[Theme, Width]> }> = [
  { name: 'welcome', sample: 'welcome--start', modes: [['light', 'wide'], ['dark', 'wide']] },
  { name: 'intake-question', sample: 'intake-situations--empty', modes: [['light', 'wide'], ['dark', 'wide']] },
  { name: 'advice-step', sample: 'advice-step--horeca-start', modes: [['light', 'wide'], ['dark', 'wide'], ['light', 'narrow']] },
  { name: 'option-detail', sample: 'option-detail--3.1', modes: [['light', 'wide'], ['dark', 'wide']] },
  { name: 'documents', sample: 'documents--all', modes: [['light', 'wide'], ['dark', 'wide']] },
  { name: 'contacts', sample: 'contacts--horeca', modes: [['light', 'wide'], ['dark', 'wide']] },
];

async function main(): Promise<void> {
  const out = path.join(PROJECT_ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
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
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
