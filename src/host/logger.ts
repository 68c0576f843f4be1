import { hash } from 'node:crypto';
import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. By design no message text, card input or names are logged: log events carry
 * activity types, verbs, timings and a short hash of the conversation id (enough to follow one
 * conversation, not to identify anyone).
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'bpv-wegwijzer' },
      redact: { paths: ['text', '*.text', 'value', '*.value', 'body', 'req.body', 'activity'], censor: '[weggelaten]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Recent pseudonyms: every turn logs one, and hashing is a visible share of a turn (docs/performance.md). */
const pseudonyms = new Map<string, string>();
const MAX_PSEUDONYMS = 10_000;

export function pseudonym(id: string | undefined): string | undefined {
  if (!id) return undefined;
  let hashed = pseudonyms.get(id);
  if (hashed === undefined) {
    hashed = hash('sha256', id, 'hex').slice(0, 12);
    if (pseudonyms.size >= MAX_PSEUDONYMS) pseudonyms.clear();
    pseudonyms.set(id, hashed);
  }
  return hashed;
}
