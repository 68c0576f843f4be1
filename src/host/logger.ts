import { Console } from 'node:console';
import { hash } from 'node:crypto';
import { Writable } from 'node:stream';
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

/** A short hash of an id (a conversation's): enough to follow one conversation in the logs, not to identify anyone. */
export function pseudonym(id: string | undefined): string | undefined {
  return id ? hash('sha256', id, 'hex').slice(0, 12) : undefined;
}

/**
 * Routes what libraries print with `console` into the structured log at debug level, so that nothing
 * writes free text to stdout or stderr. botbuilder prints a failed token check with console.error
 * (a stack or the PEM of a signing key): any forged request could otherwise flood the logs with
 * multi-line text. Called by the composition root only.
 */
export function routeConsoleTo(logger: Logger): void {
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      logger.debug({ source: 'console' }, String(chunk).slice(0, 1_000).trimEnd());
      callback();
    },
  });
  globalThis.console = new Console({ stdout: sink, stderr: sink });
}
