import type { AdaptiveCardJson, CardRenderer } from '../cards/render';
import type { Knowledge } from '../knowledge/load';
import { buildReport, type InsightsReport, labelsOf, periodStart } from './report';
import type { InsightsStore } from './store';

/** The admin card covers this many days. */
export const CARD_DAYS = 30;

const DATE = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "6 december 2026" */
export function dutchDate(day: string): string {
  return DATE.format(new Date(`${day}T00:00:00Z`));
}

/** "1 instantie" / "3 instanties" */
export function instancesText(n: number): string {
  return `${n} ${n === 1 ? 'instantie' : 'instanties'}`;
}

/**
 * The short card an admin gets for "inzichten": the last 30 days in five figures, the three most
 * frequent questions without a sure answer, and how to get the full report.
 */
export function renderSummaryCard(renderer: CardRenderer, report: InsightsReport): AdaptiveCardJson {
  const t = report.totals;
  const figures = [
    { label: 'Vragen', value: String(t.questions) },
    {
      label: 'Niet zeker',
      value: t.questions > 0 ? `${t.unsure} (${Math.round((100 * t.unsure) / t.questions)}%)` : '0',
    },
    { label: 'Adviezen', value: String(t.adviceCards) },
    { label: 'Doorverwijzingen', value: String(t.referrals) },
    { label: 'Nuttig / niet nuttig', value: `${t.useful} / ${t.notUseful}` },
  ];
  const questions = report.unsure.slice(0, 3).map((q) => ({ times: `${q.count}x`, text: q.text }));
  const from = report.period?.from ?? report.made;
  return renderer.render('insights', {
    period: `Laatste ${CARD_DAYS} dagen: ${dutchDate(from)} tot en met ${dutchDate(report.made)}, ${instancesText(report.instances)}.`,
    figures,
    questions,
    howTo:
      'Het volledige rapport, met grafieken en voorstellen voor de kennisbank, maakt de beheerder van de server: ' +
      '`npm run insights -- --html inzichten.html` (de voorstellen als YAML: `npm run insights -- --suggest`).',
    privacy: 'Alleen tellingen per dag en vragen zonder namen of nummers; niets over wie iets vroeg.',
    speak: `Inzichten over de laatste ${CARD_DAYS} dagen: ${figures.map((f) => `${f.label} ${f.value}`).join(', ')}.`,
  });
}

/** The admin card from the store: read, build the report over the last 30 days, render. */
export async function summaryCard(
  store: InsightsStore,
  knowledge: Knowledge,
  renderer: CardRenderer,
  now = new Date(),
): Promise<AdaptiveCardJson> {
  const data = await store.read(periodStart(now, CARD_DAYS));
  return renderSummaryCard(renderer, buildReport(data, labelsOf(knowledge), { now, days: CARD_DAYS, texts: 3 }));
}
