import type { Verdict } from '../understanding/interpreter';
import type { FeedbackKind, FeedbackReason } from './feedback';

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

/** A recorder that does nothing (tests, or a deployment that turns insights off). */
export const NO_INSIGHTS: InsightsRecorder = {
  advised: () => undefined,
  opened: () => undefined,
  planned: () => undefined,
  rated: () => undefined,
  reason: () => undefined,
  referred: () => undefined,
  understood: () => undefined,
  notUsefulAnswer: () => undefined,
};
