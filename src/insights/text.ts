import { FEEDBACK_REASONS, REASON_LABELS } from '../domain/feedback';
import type { InsightsReport } from './report';
import { dutchDate, instancesText } from './summaryCard';

/** The report as plain text, for `npm run insights` in a terminal. */
export function reportText(report: InsightsReport, limits = { questions: 10 }): string {
  if (!report.period) return 'Nog geen gebruiksgegevens: er is nog geen vraag gesteld, advies gegeven of beoordeeld.';
  const t = report.totals;
  const lines = [
    `Inzichten van ${dutchDate(report.period.from)} tot en met ${dutchDate(report.period.to)}, ${instancesText(report.instances)} (zonder gebruikersgegevens)`,
    `Vragen ${t.questions} (niet zeker ${t.unsure}, buiten de handreiking ${t.outOfScope}), adviezen ${t.adviceCards}, ` +
      `details geopend ${t.opened}, in een plan ${t.planned}, doorverwijzingen ${t.referrals}, nuttig ${t.useful}, niet nuttig ${t.notUseful}`,
    '',
    'Per oplossing: geadviseerd, geopend, in een plan, nuttig, niet nuttig (redenen)',
  ];
  if (report.options.length === 0) lines.push('- (nog niets)');
  for (const row of report.options) {
    const reasons = FEEDBACK_REASONS.filter((r) => row.reasons[r]).map(
      (r) => `${REASON_LABELS[r].toLowerCase()}: ${row.reasons[r]}`,
    );
    lines.push(
      `- ${row.key} ${row.title === row.key ? '' : row.title}`.trimEnd() +
        `: ${row.advised}x geadviseerd, ${row.opened}x geopend, ${row.planned}x in een plan, ${row.useful}x nuttig, ` +
        `${row.notUseful}x niet nuttig${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
    );
  }
  lines.push('', 'Vaakst gestelde vragen zonder zeker antwoord');
  const questions = report.unsure.slice(0, limits.questions);
  if (questions.length === 0) lines.push('- (geen)');
  for (const q of questions) lines.push(`- ${q.count}x "${q.text}"`);
  lines.push(
    '',
    'Het hele rapport met grafieken: npm run insights -- --html inzichten.html; voorstellen als YAML: npm run insights -- --suggest',
  );
  return lines.join('\n');
}
