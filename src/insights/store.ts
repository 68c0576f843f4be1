import { randomUUID } from 'node:crypto';
import { normaliseQuestion } from '../domain/feedback';
import { type CountMetric, type InsightsData, MAX_KEY, type TextKind } from './model';

/** Where counts and question texts go. Calls never wait and never throw: the store writes them later. */
export interface InsightsSink {
  count(metric: CountMetric, key: string, detail?: string): void;
  /** The text is normalised and scrubbed by the store (src/domain/feedback.ts), whoever calls it. */
  text(kind: TextKind, key: string, text: string): void;
}

/**
 * The insights of a deployment. Two implementations: SQLite (one instance, INSIGHTS_PATH) and Azure
 * Table storage (STORAGE=blob: every instance writes to the same storage account).
 */
export interface InsightsStore extends InsightsSink {
  /** Random per process, never tied to a user: only to tell how many instances contributed. */
  readonly instanceId: string;
  /** Writes what was counted since the last write (also done every few seconds, and on close). */
  flush(): Promise<void>;
  /** Shows the store takes writes; at start, one that does not stops the bot with a clear message. */
  checkWritable(): Promise<void>;
  /** Deletes rows of days before the retention, and the rarest texts above the cap; returns rows removed. */
  purgeExpired(): Promise<number>;
  /** All rows from `fromDay` on (every instance's, summed per day and key). */
  read(fromDay?: string): Promise<InsightsData>;
  close(): Promise<void>;
}

export interface InsightsStoreOptions {
  retentionDays?: number;
  now?: () => Date;
  /** How long counts wait in memory before they are written. */
  flushMs?: number;
  /** A write failed; the counts stay in memory (bounded) for the next try. */
  onFlushError?: (err: unknown, kept: { rows: number; dropped: number }) => void;
}

/** How long counts wait in memory before they are written. */
export const INSIGHTS_FLUSH_MS = 5_000;

export function newInstanceId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 12);
}

/** A key or detail that may be counted: short, printable (knowledge keys, intent labels, reasons). */
export function countable(value: string): boolean {
  return value.length <= MAX_KEY && /^[\p{L}\p{N}:._ -]*$/u.test(value);
}

/** The stored form of a question text, or '' when nothing is left after normalising. */
export function storedText(text: string): string {
  return normaliseQuestion(text);
}
