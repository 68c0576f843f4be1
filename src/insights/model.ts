/**
 * What the insights store keeps: counts per day (UTC) and key, and a few normalised question texts.
 * No user id, conversation id, activity id or time finer than a day exists in any of these rows.
 * Pure: shared by the SQLite and the Azure Table store, the report and the admin card.
 */

/** What a count is of. `key` is a key of the loaded knowledge (or an intent label), `detail` narrows it. */
export const COUNT_METRICS = [
  /** The interpreter's verdict on a typed message, as an intent label (see `intentOf`); detail ''. */
  'intent',
  /** An advice card was shown; key: its step ("1", "2", "3"). */
  'advice-card',
  /** An option on an advice card that was shown; key: the option. */
  'advised',
  /** A detail card was opened; key: the option. */
  'opened',
  /** An option was put in a plan; key: the option. */
  'planned',
  /** "Nuttig" / "niet nuttig"; key: option, document or contact route; detail: the kind of card. */
  'useful',
  'not-useful',
  /** The reason given after "niet nuttig"; key as above; detail: the reason. */
  'reason',
  /** A referral to an adviser was sent; key: the contact route. */
  'referral',
] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];

/** Which question texts are kept (normalised, scrubbed, capped). */
export const TEXT_KINDS = [
  /** A question the bot had no sure answer to, or asked back about ("Bedoel je ..."); key ''. */
  'unsure',
  /** A question about something the handreiking does not cover; key: the topic, or 'general'. */
  'out-of-scope',
  /** A question whose (sure) answer card was rated "niet nuttig"; key: the answer it got. */
  'not-useful',
] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export interface CountRow {
  day: string;
  metric: CountMetric;
  key: string;
  detail: string;
  n: number;
}

export interface TextRow {
  day: string;
  kind: TextKind;
  key: string;
  text: string;
  n: number;
}

/** Everything a store holds for a period, summed over the instances that wrote it. */
export interface InsightsData {
  counts: CountRow[];
  texts: TextRow[];
  /** How many bot instances (processes; a restart is a new one) wrote rows in the period. */
  instances: number;
}

/** Longest key or detail that is counted (knowledge keys and intent labels are far shorter). */
export const MAX_KEY = 60;
/** Distinct question texts kept in a store at most; the rarest, oldest go first. */
export const MAX_TEXT_ROWS = 5_000;
/** Distinct question texts one instance records per day at most (the rest are counted as intents only). */
export const MAX_TEXTS_PER_DAY = 1_000;

const DAY_MS = 24 * 3600 * 1000;

/** The day (UTC) of a time, as YYYY-MM-DD: the finest time any row carries. */
export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The first day still kept under a retention of `retentionDays`: rows of earlier days are deleted. */
export function retentionCutoff(now: Date, retentionDays: number): string {
  return dayOf(new Date(now.getTime() - retentionDays * DAY_MS));
}

/** The Monday (UTC) of the ISO week a day falls in: weeks are shown by their first day. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const offset = (date.getUTCDay() + 6) % 7;
  return addDays(day, -offset);
}

/** ISO week number ("week 37") of the week that starts on a Monday. */
export function isoWeekNumber(monday: string): number {
  const thursday = new Date(Date.parse(`${addDays(monday, 3)}T00:00:00Z`));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
}

/** Sums rows that share everything but their count (rows of several instances, several days). */
export function sumCounts(rows: readonly CountRow[]): CountRow[] {
  const sums = new Map<string, CountRow>();
  for (const row of rows) {
    const id = `${row.day}\u0000${row.metric}\u0000${row.key}\u0000${row.detail}`;
    const seen = sums.get(id);
    if (seen) seen.n += row.n;
    else sums.set(id, { ...row });
  }
  return [...sums.values()];
}

export function sumTexts(rows: readonly TextRow[]): TextRow[] {
  const sums = new Map<string, TextRow>();
  for (const row of rows) {
    const id = `${row.day}\u0000${row.kind}\u0000${row.key}\u0000${row.text}`;
    const seen = sums.get(id);
    if (seen) seen.n += row.n;
    else sums.set(id, { ...row });
  }
  return [...sums.values()];
}
