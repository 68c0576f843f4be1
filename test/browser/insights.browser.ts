import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInsights } from '../../src/cli/insights';
import { SqliteInsightsStore } from '../../src/host/insightsStore';
import { type CountRow, type InsightsData, weekOf } from '../../src/insights/model';
import { PROJECT_ROOT } from '../../src/common/paths';
import { SEED_NOW, seedInsights } from '../support/insightsSeed';
import { launchChromium } from './chromium';

/**
 * The insights report (`npm run insights -- --html FILE`) from a seeded store, opened in Chromium:
 * every chart is an inline SVG with a table behind it, the tables hold the store's numbers, and the
 * page asks for nothing (no script, no font, no image from anywhere). Screenshot in test-results/insights/.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'bpv-insights-html-'));
const store = path.join(dir, 'insights.sqlite');
const html = path.join(dir, 'rapport.html');
let browser: Browser;
let data: InsightsData;

beforeAll(async () => {
  await seedInsights(store);
  data = await new SqliteInsightsStore(store).read();
  await runInsights(['--html', html], { INSIGHTS_PATH: store, STORAGE: 'memory', RETENTION_DAYS: '90' }, SEED_NOW);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUESTION = (key: string) =>
  key.startsWith('question:') || key === 'clarify' || key === 'notice' || key.startsWith('out-of-scope:');
const sum = (rows: readonly CountRow[], test: (r: CountRow) => boolean) =>
  rows.filter(test).reduce((n, r) => n + r.n, 0);

describe('the insights report in Chromium', () => {
  it("shows every chart with its table, holds the store's numbers, and makes no request", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
    const url = pathToFileURL(html).href;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url);

    // Every chart: an SVG drawn at build time, a description, and a table right behind it.
    // Expressions evaluated in the page (this project's TypeScript has no DOM types).
    const charts = await page.evaluate<
      Array<{ id: string | null; svg: number; bars: number; label: string; table: string | null }>
    >(`[...document.querySelectorAll('figure[data-chart]')].map((f) => ({
        id: f.getAttribute('data-chart'),
        svg: f.querySelectorAll('.chart > svg').length,
        bars: f.querySelectorAll('.chart path').length,
        label: f.querySelector('.chart')?.getAttribute('aria-label') ?? '',
        table: f.querySelector('table')?.getAttribute('data-table') ?? null,
      }))`);
    expect(charts.map((c) => c.id)).toEqual(['weeks', 'doubt', 'options', 'ratings', 'reasons', 'intents']);
    for (const chart of charts) {
      expect(chart.svg, String(chart.id)).toBe(1);
      expect(chart.bars, String(chart.id)).toBeGreaterThan(3);
      expect(chart.label).toMatch(/^Grafiek: .+ De getallen staan in de tabel eronder\.$/);
      expect(chart.table).toBe(chart.id);
    }
    expect(await page.locator('script, link, img, iframe, object').count()).toBe(0);

    const table = (id: string) =>
      page.evaluate<string[][]>(
        `[...document.querySelectorAll('table[data-table="${id}"] tbody tr')].map((r) => [...r.children].map((c) => c.textContent?.trim() ?? ''))`,
      );
    const counts = data.counts;

    // Per week: questions, advice cards and referrals of the store, week by week.
    const weeks = await table('weeks');
    const weekStarts = [...new Set(counts.map((r) => weekOf(r.day)))].sort();
    expect(weeks).toHaveLength(weekStarts.length);
    weeks.forEach((row, i) => {
      const inWeek = counts.filter((r) => weekOf(r.day) === weekStarts[i]);
      expect(row.slice(1).map(Number)).toEqual([
        sum(inWeek, (r) => r.metric === 'intent' && QUESTION(r.key)),
        sum(inWeek, (r) => r.metric === 'advice-card'),
        sum(inWeek, (r) => r.metric === 'referral'),
      ]);
    });
    const doubt = await table('doubt');
    expect(doubt.map((row) => Number(row[2])).reduce((a, b) => a + b, 0)).toBe(
      sum(counts, (r) => r.metric === 'intent' && (r.key === 'question:unsure' || r.key === 'clarify')),
    );
    expect(doubt.map((row) => Number(row[3])).reduce((a, b) => a + b, 0)).toBe(
      sum(counts, (r) => r.metric === 'intent' && r.key.startsWith('out-of-scope:')),
    );

    // Per option: advised, opened, planned; ratings with their reasons.
    for (const row of await table('options')) {
      const key = row[0]?.split(' ')[0] ?? '';
      expect(row.slice(1).map(Number), key).toEqual(
        (['advised', 'opened', 'planned'] as const).map((metric) =>
          sum(counts, (r) => r.metric === metric && r.key === key),
        ),
      );
    }
    expect((await table('options')).length).toBe(
      new Set(counts.filter((r) => ['advised', 'opened', 'planned'].includes(r.metric)).map((r) => r.key)).size,
    );
    for (const row of await table('ratings')) {
      const key = row[0]?.split(' ')[0] ?? '';
      expect([Number(row[1]), Number(row[2])], key).toEqual([
        sum(counts, (r) => r.metric === 'useful' && r.key === key),
        sum(counts, (r) => r.metric === 'not-useful' && r.key === key),
      ]);
    }
    const reasons = await table('reasons');
    expect(reasons.map((r) => Number(r[1])).reduce((a, b) => a + b, 0)).toBe(sum(counts, (r) => r.metric === 'reason'));

    // Intents: one row per intent, the same total.
    const intents = await table('intents');
    expect(intents).toHaveLength(new Set(counts.filter((r) => r.metric === 'intent').map((r) => r.key)).size);
    expect(intents.map((r) => Number(r[2])).reduce((a, b) => a + b, 0)).toBe(sum(counts, (r) => r.metric === 'intent'));

    // The questions to learn from, with their counts; the figures at the top; the period and instances.
    const unsure = await table('unsure');
    const stored = new Map<string, number>();
    for (const t of data.texts.filter((x) => x.kind === 'unsure')) stored.set(t.text, (stored.get(t.text) ?? 0) + t.n);
    expect(Object.fromEntries(unsure.map((r) => [r[0], Number(r[1])]))).toEqual(Object.fromEntries(stored));
    const figures = await page.evaluate<Array<[string, string]>>(
      `[...document.querySelectorAll('[data-figures] li')].map((li) => [li.querySelector('span')?.textContent, li.querySelector('b')?.textContent])`,
    );
    expect(Object.fromEntries(figures)).toMatchObject({
      Vragen: String(sum(counts, (r) => r.metric === 'intent' && QUESTION(r.key))),
      Adviezen: String(sum(counts, (r) => r.metric === 'advice-card')),
      Doorverwijzingen: String(sum(counts, (r) => r.metric === 'referral')),
    });
    expect(await page.getAttribute('[data-instances]', 'data-instances')).toBe('1');
    expect(await page.textContent('body')).toContain('Wat er niet in staat');

    // Suggestions: the seeded unsure question points to option 1.4.
    const suggestions = await table('suggestions');
    expect(suggestions.find((r) => r[0] === 'kapsalon wil liever alleen in het weekend')?.[2]).toMatch(/^1\.4 /);

    // Nothing left the page: only the file itself was loaded.
    expect(requests).toEqual([url]);
    const out = path.join(PROJECT_ROOT, 'test-results', 'insights');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'report.png'), fullPage: true });
    // Light enough to mail.
    expect(readFileSync(html).length).toBeLessThan(400_000);
    await page.close();
  });
});
