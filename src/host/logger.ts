import { createHash } from 'node:crypto';
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

export function pseudonym(id: string | undefined): string | undefined {
  return id ? createHash('sha256').update(id).digest('hex').slice(0, 12) : undefined;
}
