import { FEEDBACK_REASONS, type FeedbackReason, REASON_LABELS } from '../domain/feedback';
import type { Knowledge } from '../knowledge/load';
import { searchEntries } from '../search/entries';
import { addDays, type CountRow, dayOf, type InsightsData, isoWeekNumber, type TextKind, weekOf } from './model';

/**
 * The report content owners read (HTML, text, JSON and the admin card all show it): what was asked,
 * advised, opened, planned and rated, per week and per option, and where the bot was not sure. Pure.
 */

interface Totals {
  /** Typed messages the interpreter read (every intent). */
  messages: number;
  /** Questions for the handreiking: sure, not sure, asked back, out of scope, "is dit nog actueel?". */
  questions: number;
  sure: number;
  /** Not sure, or asked back ("Bedoel je ...?"). */
  unsure: number;
  outOfScope: number;
  adviceRequests: number;
  adviceCards: number;
  opened: number;
  planned: number;
  referrals: number;
  useful: number;
  notUseful: number;
}

interface WeekRow {
  /** The Monday the week starts (YYYY-MM-DD). */
  week: string;
  /** "wk 37": the ISO week number. */
  label: string;
  questions: number;
  unsure: number;
  outOfScope: number;
  adviceCards: number;
  referrals: number;
}

export interface OptionRow {
  key: string;
  title: string;
  advised: number;
  opened: number;
  planned: number;
  useful: number;
  notUseful: number;
  reasons: Partial<Record<FeedbackReason, number>>;
}

interface IntentRow {
  intent: string;
  label: string;
  group: string;
  count: number;
}

export interface TextCount {
  text: string;
  count: number;
  /** out-of-scope: the topic ('general' for anything else); not-useful: the answer it got. */
  key: string;
  /** The topic's label or the answer's title. */
  keyLabel: string;
}

export interface InsightsReport {
  /** The day the report was made. */
  made: string;
  /** The days it covers; undefined when nothing was recorded in them. */
  period?: { from: string; to: string };
  instances: number;
  totals: Totals;
  weeks: WeekRow[];
  options: OptionRow[];
  reasons: Array<{ reason: FeedbackReason; label: string; count: number }>;
  intents: IntentRow[];
  unsure: TextCount[];
  outOfScope: TextCount[];
  notUseful: TextCount[];
}

export interface ReportOptions {
  now?: Date;
  /** Only the last this many days (the admin card: 30); default everything the store keeps. */
  days?: number;
  /** At most this many texts per list. */
  texts?: number;
}

/** The first day of a report over the last `days` days (today included). */
export function periodStart(now: Date, days: number): string {
  return addDays(dayOf(now), -(days - 1));
}

const QUESTION_INTENTS = (intent: string) =>
  intent.startsWith('question:') || intent === 'clarify' || intent.startsWith('out-of-scope:') || intent === 'notice';
const UNSURE_INTENTS = (intent: string) => intent === 'question:unsure' || intent === 'clarify';

/** Names for keys and intents, from the loaded knowledge. */
export interface Labels {
  title(key: string): string;
  intent(intent: string): { label: string; group: string };
  topic(id: string): string;
}

export function labelsOf(knowledge: Knowledge): Labels {
  const titles = new Map(searchEntries(knowledge).map((e) => [e.key, e.title]));
  const commands = new Map(
    knowledge.understanding.commands.commands.map((c) => [c.id as string, c.phrases[0] ?? c.id]),
  );
  const smallTalk = new Map(knowledge.understanding.intents.smallTalk.map((s) => [s.id, s.phrases[0] ?? s.id]));
  const topics = new Map(knowledge.understanding.topics.topics.map((t) => [t.id, t.label]));
  const fields: Record<string, string> = {
    sector: 'sector',
    situations: 'situatie',
    places: 'plekken',
    details: 'details',
  };
  const fixed: Record<string, { label: string; group: string }> = {
    'question:sure': { label: 'Vraag met een zeker antwoord', group: 'Vraag' },
    'question:unsure': { label: 'Vraag zonder zeker antwoord', group: 'Vraag' },
    clarify: { label: 'Vraag teruggevraagd ("Bedoel je ...?")', group: 'Vraag' },
    notice: { label: 'Is dit nog actueel?', group: 'Vraag' },
    advice: { label: 'Adviesvraag over de eigen situatie', group: 'Advies' },
  };
  const topic = (id: string) => (id === 'general' ? 'iets anders' : (topics.get(id) ?? id));
  return {
    title: (key) => titles.get(key) ?? key,
    topic,
    intent(intent) {
      const known = fixed[intent];
      if (known) return known;
      const [kind = '', id = ''] = intent.split(/:(.*)/s);
      switch (kind) {
        case 'command':
          return {
            label: `Opdracht "${(commands.get(id) ?? id).replace(/\s*\{[^}]*\}/g, ' ...').trim()}"`,
            group: 'Opdracht',
          };
        case 'smalltalk':
          return { label: `Praatje "${smallTalk.get(id) ?? id}"`, group: 'Praatje' };
        case 'out-of-scope':
          return { label: `Buiten de handreiking: ${topic(id)}`, group: 'Buiten de handreiking' };
        case 'intake-answer':
          return { label: `Antwoord in de intake: ${fields[id] ?? id}`, group: 'Intake' };
        default:
          return { label: intent, group: 'Anders' };
      }
    },
  };
}

function sum(rows: readonly CountRow[], test: (row: CountRow) => boolean): number {
  return rows.reduce((total, row) => (test(row) ? total + row.n : total), 0);
}

export function buildReport(data: InsightsData, labels: Labels, settings: ReportOptions = {}): InsightsReport {
  const now = settings.now ?? new Date();
  const made = dayOf(now);
  const from = settings.days ? periodStart(now, settings.days) : undefined;
  const counts = data.counts.filter((r) => !from || r.day >= from);
  const texts = data.texts.filter((r) => !from || r.day >= from);
  const days = [...counts, ...texts].map((r) => r.day).sort();
  const first = from ?? days[0];
  const period = days.length > 0 && first ? { from: first, to: made } : undefined;

  const intentIs = (test: (intent: string) => boolean) => (r: CountRow) => r.metric === 'intent' && test(r.key);
  const metric = (name: CountRow['metric']) => (r: CountRow) => r.metric === name;
  const totals: Totals = {
    messages: sum(counts, metric('intent')),
    questions: sum(counts, intentIs(QUESTION_INTENTS)),
    sure: sum(
      counts,
      intentIs((i) => i === 'question:sure'),
    ),
    unsure: sum(counts, intentIs(UNSURE_INTENTS)),
    outOfScope: sum(
      counts,
      intentIs((i) => i.startsWith('out-of-scope:')),
    ),
    adviceRequests: sum(
      counts,
      intentIs((i) => i === 'advice'),
    ),
    adviceCards: sum(counts, metric('advice-card')),
    opened: sum(counts, metric('opened')),
    planned: sum(counts, metric('planned')),
    referrals: sum(counts, metric('referral')),
    useful: sum(counts, metric('useful')),
    notUseful: sum(counts, metric('not-useful')),
  };

  const weeks: WeekRow[] = [];
  if (period) {
    for (let week = weekOf(period.from); week <= period.to; week = addDays(week, 7)) {
      const inWeek = counts.filter((r) => r.day >= week && r.day < addDays(week, 7));
      weeks.push({
        week,
        label: `wk ${isoWeekNumber(week)}`,
        questions: sum(inWeek, intentIs(QUESTION_INTENTS)),
        unsure: sum(inWeek, intentIs(UNSURE_INTENTS)),
        outOfScope: sum(
          inWeek,
          intentIs((i) => i.startsWith('out-of-scope:')),
        ),
        adviceCards: sum(inWeek, metric('advice-card')),
        referrals: sum(inWeek, metric('referral')),
      });
    }
  }

  const byKey = new Map<string, OptionRow>();
  for (const row of counts) {
    if (!['advised', 'opened', 'planned', 'useful', 'not-useful', 'reason'].includes(row.metric)) continue;
    const item = byKey.get(row.key) ?? {
      key: row.key,
      title: labels.title(row.key),
      advised: 0,
      opened: 0,
      planned: 0,
      useful: 0,
      notUseful: 0,
      reasons: {},
    };
    if (row.metric === 'advised') item.advised += row.n;
    else if (row.metric === 'opened') item.opened += row.n;
    else if (row.metric === 'planned') item.planned += row.n;
    else if (row.metric === 'useful') item.useful += row.n;
    else if (row.metric === 'not-useful') item.notUseful += row.n;
    else if ((FEEDBACK_REASONS as readonly string[]).includes(row.detail)) {
      const reason = row.detail as FeedbackReason;
      item.reasons[reason] = (item.reasons[reason] ?? 0) + row.n;
    }
    byKey.set(row.key, item);
  }
  const options = [...byKey.values()].sort(
    (a, b) =>
      b.advised - a.advised ||
      b.useful + b.notUseful - (a.useful + a.notUseful) ||
      a.key.localeCompare(b.key, 'nl', { numeric: true }),
  );
  const reasons = FEEDBACK_REASONS.map((reason) => ({
    reason,
    label: REASON_LABELS[reason],
    count: options.reduce((total, o) => total + (o.reasons[reason] ?? 0), 0),
  }));

  const intentCounts = new Map<string, number>();
  for (const row of counts)
    if (row.metric === 'intent') intentCounts.set(row.key, (intentCounts.get(row.key) ?? 0) + row.n);
  const intents = [...intentCounts.entries()]
    .map(([intent, count]) => ({ intent, count, ...labels.intent(intent) }))
    .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent));

  const limit = settings.texts ?? 20;
  const topTexts = (kind: TextKind, keyLabel: (key: string) => string): TextCount[] => {
    const sums = new Map<string, TextCount>();
    for (const row of texts) {
      if (row.kind !== kind) continue;
      const id = `${row.key}\u0000${row.text}`;
      const seen = sums.get(id);
      if (seen) seen.count += row.n;
      else sums.set(id, { text: row.text, count: row.n, key: row.key, keyLabel: keyLabel(row.key) });
    }
    return [...sums.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)).slice(0, limit);
  };

  return {
    made,
    ...(period ? { period } : {}),
    instances: data.instances,
    totals,
    weeks,
    options,
    reasons,
    intents,
    unsure: topTexts('unsure', () => ''),
    outOfScope: topTexts('out-of-scope', (key) => labels.topic(key)),
    notUseful: topTexts('not-useful', (key) => labels.title(key)),
  };
}
