import { type FeedbackKind, type FeedbackReason, isKnownFeedbackKey } from '../domain/feedback';
import type { Knowledge } from '../knowledge/load';
import { COMMAND_IDS } from '../knowledge/schema';
import type { Verdict } from '../understanding/interpreter';
import type { InsightsSink } from './store';

/**
 * What content owners learn from use, as the dialogs report it: per option how often it was advised,
 * opened, planned and rated, referrals per route, and what the interpreter made of typed messages.
 * Counts only: no user ids, no conversation ids, no timestamps finer than a day. Question texts are
 * kept only for questions without a sure answer, out of scope, or whose answer was rated not useful
 * (normalised and scrubbed by the store). See src/insights/ for the store, the report and suggestions.
 */
export interface InsightsRecorder {
  /** An advice card of this step showed these options. */
  advised(step: number, keys: readonly string[]): void;
  /** The detail card of an option was opened. */
  opened(key: string): void;
  /** An option was put in a plan. */
  planned(key: string): void;
  /** "nuttig" / "niet nuttig" on a card about these keys. */
  rated(kind: FeedbackKind, keys: readonly string[], useful: boolean): void;
  /** The optional reason given after "niet nuttig". */
  reason(kind: FeedbackKind, keys: readonly string[], reason: FeedbackReason): void;
  /** A referral to an adviser was sent by this route ("mboraad", "sbb", "btg-overleg"). */
  referred(route: string): void;
  /** The interpreter's verdict on a typed message (per turn the last one counts: the one acted on). */
  understood(text: string, verdict: Verdict): void;
  /** The answer card of this question, with this key, was rated "niet nuttig". */
  notUsefulAnswer(question: string, key: string): void;
}

/**
 * The verdict as an intent label: `question:sure`, `question:unsure`, `clarify`, `advice`, `notice`,
 * `command:<id>`, `smalltalk:<id>`, `out-of-scope:<topic>` or `out-of-scope:general`,
 * `intake-answer:<field>`; undefined for a message with nothing to read.
 */
function intentOf(verdict: Verdict): string | undefined {
  switch (verdict.kind) {
    case 'empty':
      return undefined;
    case 'question':
      return verdict.answer.confident ? 'question:sure' : 'question:unsure';
    case 'command':
      return `command:${verdict.command.name}`;
    case 'small-talk':
      return `smalltalk:${verdict.intent.id}`;
    case 'out-of-scope':
      return `out-of-scope:${verdict.topic?.id ?? 'general'}`;
    case 'intake-answer':
      return `intake-answer:${verdict.field}`;
    default:
      return verdict.kind;
  }
}

/** Every intent label this knowledge can produce: only these are counted. */
function knownIntents(knowledge: Knowledge): Set<string> {
  return new Set([
    'question:sure',
    'question:unsure',
    'clarify',
    'advice',
    'notice',
    'out-of-scope:general',
    ...['sector', 'situations', 'places', 'details'].map((field) => `intake-answer:${field}`),
    ...COMMAND_IDS.map((id) => `command:${id}`),
    ...knowledge.understanding.intents.smallTalk.map((intent) => `smalltalk:${intent.id}`),
    ...knowledge.understanding.topics.topics.map((topic) => `out-of-scope:${topic.id}`),
  ]);
}

/**
 * The recorder the dialogs call, over a store: only keys of the loaded knowledge are counted (a tampered
 * card cannot make up keys), and question texts only for the verdicts content owners act on.
 */
export function createRecorder(sink: InsightsSink, knowledge: Knowledge): InsightsRecorder {
  const intents = knownIntents(knowledge);
  const known = (key: string) => isKnownFeedbackKey(knowledge, key);
  const isOption = (key: string) => knowledge.optionsByKey.has(key);
  return {
    advised(step, keys) {
      if (![1, 2, 3].includes(step)) return;
      sink.count('advice-card', String(step));
      for (const key of new Set(keys)) if (isOption(key)) sink.count('advised', key);
    },
    opened(key) {
      if (isOption(key)) sink.count('opened', key);
    },
    planned(key) {
      if (isOption(key)) sink.count('planned', key);
    },
    rated(kind, keys, useful) {
      for (const key of new Set(keys)) if (known(key)) sink.count(useful ? 'useful' : 'not-useful', key, kind);
    },
    reason(_kind, keys, reason) {
      for (const key of new Set(keys)) if (known(key)) sink.count('reason', key, reason);
    },
    referred(route) {
      if (known(`contact:${route}`)) sink.count('referral', route);
    },
    understood(text, verdict) {
      const intent = intentOf(verdict);
      if (!intent || !intents.has(intent)) return;
      sink.count('intent', intent);
      if (verdict.kind === 'clarify' || (verdict.kind === 'question' && !verdict.answer.confident))
        sink.text('unsure', '', text);
      if (verdict.kind === 'out-of-scope') sink.text('out-of-scope', verdict.topic?.id ?? 'general', text);
    },
    notUsefulAnswer(question, key) {
      if (known(key)) sink.text('not-useful', key, question);
    },
  };
}

const TURN_SLOT = Symbol('insights.turn');

/**
 * The recorder of one turn: every call waits for `defer` (the turn pipeline's afterSave: made once the
 * turn is saved and its replies delivered, dropped when the turn is run again). Of the verdicts on the
 * turn's text only the last counts, the one the dialogs acted on. `turnState` is the turn's own map.
 */
export function perTurn(
  recorder: InsightsRecorder,
  defer: (run: () => void) => void,
  turnState: Map<unknown, unknown>,
): InsightsRecorder {
  const slot = (turnState.get(TURN_SLOT) as { latest?: object } | undefined) ?? {};
  turnState.set(TURN_SLOT, slot);
  return {
    advised: (step, keys) => defer(() => recorder.advised(step, keys)),
    opened: (key) => defer(() => recorder.opened(key)),
    planned: (key) => defer(() => recorder.planned(key)),
    rated: (kind, keys, useful) => defer(() => recorder.rated(kind, keys, useful)),
    reason: (kind, keys, reason) => defer(() => recorder.reason(kind, keys, reason)),
    referred: (route) => defer(() => recorder.referred(route)),
    understood(text, verdict) {
      const token = {};
      slot.latest = token;
      defer(() => {
        if (slot.latest === token) recorder.understood(text, verdict);
      });
    },
    notUsefulAnswer: (question, key) => defer(() => recorder.notUsefulAnswer(question, key)),
  };
}
