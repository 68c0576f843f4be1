import { FEEDBACK_REASONS, type FeedbackKind, type FeedbackReason, REASON_LABELS } from './feedback';

/**
 * What content owners learn from use: per option how often it was advised and how it was rated, and
 * the questions the answer engine was not sure about. Counts only: no user ids, no conversation ids,
 * no timestamps finer than a day. Question texts are kept only for not-sure questions (normalised).
 */
export interface InsightsRecorder {
  /** An advice card showed these options. */
  advised(keys: readonly string[]): void;
  /** "nuttig" / "niet nuttig" on a card about these keys. */
  rated(kind: FeedbackKind, keys: readonly string[], useful: boolean): void;
  /** The optional reason given after "niet nuttig". */
  reason(kind: FeedbackKind, keys: readonly string[], reason: FeedbackReason): void;
  /** A question the answer engine had no sure answer to. */
  unsure(question: string): void;
}

export interface OptionInsight {
  key: string;
  advised: number;
  useful: number;
  notUseful: number;
  reasons: Partial<Record<FeedbackReason, number>>;
}

export interface InsightsReport {
  /** First day (YYYY-MM-DD) the counts cover, or undefined when nothing was recorded. */
  since?: string;
  options: OptionInsight[];
  questions: Array<{ text: string; count: number }>;
}

/** The report as plain text (for `npm run insights` and the admin command in chat). */
export function formatInsights(
  report: InsightsReport,
  titleOf: (key: string) => string | undefined,
  limits = { questions: 10 },
): string {
  if (!report.since) return 'Nog geen gebruiksgegevens: er is nog geen advies gegeven of beoordeeld.';
  const lines = [
    `Inzichten sinds ${report.since} (zonder gebruikersgegevens)`,
    '',
    'Per oplossing: geadviseerd, nuttig, niet nuttig (redenen)',
  ];
  const rows = [...report.options].sort(
    (a, b) =>
      b.advised - a.advised ||
      b.useful + b.notUseful - (a.useful + a.notUseful) ||
      a.key.localeCompare(b.key, 'nl', { numeric: true }),
  );
  if (rows.length === 0) lines.push('- (nog niets)');
  for (const row of rows) {
    const reasons = FEEDBACK_REASONS.filter((r) => row.reasons[r]).map(
      (r) => `${REASON_LABELS[r].toLowerCase()}: ${row.reasons[r]}`,
    );
    lines.push(
      `- ${row.key} ${titleOf(row.key) ?? ''}`.trimEnd() +
        `: ${row.advised}x geadviseerd, ${row.useful}x nuttig, ${row.notUseful}x niet nuttig${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
    );
  }
  lines.push('', 'Vaakst gestelde vragen zonder zeker antwoord');
  const questions = report.questions.slice(0, limits.questions);
  if (questions.length === 0) lines.push('- (geen)');
  for (const q of questions) lines.push(`- ${q.count}x "${q.text}"`);
  return lines.join('\n');
}
