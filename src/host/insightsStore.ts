import type Database from 'better-sqlite3';
import { type FeedbackKind, type FeedbackReason, normaliseQuestion } from '../domain/feedback';
import type { InsightsRecorder, InsightsReport, OptionInsight } from '../domain/insights';
import { errorMessage } from '../common/errors';
import { every } from './every';
import { openSqlite } from './sqlite';
import { StorageUnwritableError } from './storage';

/**
 * Counts for content owners in their own SQLite file (INSIGHTS_PATH), apart from the bot's state:
 * per day, per key, per kind of event. No user or conversation ids exist in these tables. Rows older
 * than the retention are deleted, and the number of distinct question texts is capped.
 *
 * Counts are gathered in memory and written together every few seconds (and on close, and before a
 * report or purge): a write per advice card cost a SQLite commit on the turn's path. A crash loses at
 * most the last few seconds of counts; the CLI, reading the file from another process, lags as much.
 */

type EventKind = 'advised' | 'useful' | 'not-useful' | 'reason';

const MAX_QUESTION_ROWS = 5_000;
const MAX_KEY = 40;
/** How long counts wait in memory before they are written. */
const INSIGHTS_FLUSH_MS = 5_000;
/**
 * Counts kept in memory while the file cannot be written (disk full, locked): at most this many
 * distinct rows of each kind; what comes on top is dropped (and counted in the warning) until a write works.
 */
const MAX_PENDING_EVENTS = 10_000;
export const MAX_PENDING_QUESTIONS = 2_000;

interface PendingEvent {
  day: string;
  key: string;
  event: EventKind;
  source: string;
  reason: string;
  n: number;
}

export class InsightsStore implements InsightsRecorder {
  private readonly db: Database.Database;
  private readonly addEvent: Database.Statement<[string, string, string, string, string, number]>;
  private readonly addQuestion: Database.Statement<[string, string, number]>;
  private readonly countQuestions: Database.Statement<[]>;
  private readonly dropRareQuestions: Database.Statement<[number]>;
  private readonly writePending: () => void;
  private readonly pendingEvents = new Map<string, PendingEvent>();
  private readonly pendingQuestions = new Map<string, { day: string; text: string; n: number }>();
  private readonly stopTimer: () => void;
  private dropped = 0;

  constructor(
    private readonly file: string,
    private readonly retentionDays = 90,
    private readonly now: () => Date = () => new Date(),
    options: {
      flushMs?: number;
      onFlushError?: (err: unknown, kept: { events: number; questions: number; dropped: number }) => void;
    } = {},
  ) {
    this.db = openSqlite(file);
    this.db.exec(`CREATE TABLE IF NOT EXISTS option_events (
      day TEXT NOT NULL, key TEXT NOT NULL, event TEXT NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (day, key, event, source, reason))`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS unsure_questions (
      day TEXT NOT NULL, text TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, text))`);
    this.addEvent = this.db.prepare(
      'INSERT INTO option_events (day, key, event, source, reason, n) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    this.addQuestion = this.db.prepare(
      'INSERT INTO unsure_questions (day, text, n) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    this.countQuestions = this.db.prepare('SELECT COUNT(*) AS rows FROM unsure_questions');
    this.dropRareQuestions = this.db.prepare(
      'DELETE FROM unsure_questions WHERE rowid IN (SELECT rowid FROM unsure_questions ORDER BY n ASC, day ASC LIMIT ?)',
    );
    // All or nothing: when the write fails, the counts stay in memory for the next try.
    this.writePending = this.db.transaction(() => {
      for (const e of this.pendingEvents.values()) this.addEvent.run(e.day, e.key, e.event, e.source, e.reason, e.n);
      for (const q of this.pendingQuestions.values()) this.addQuestion.run(q.day, q.text, q.n);
      if (this.pendingQuestions.size > 0) {
        const { rows } = this.countQuestions.get() as { rows: number };
        // Bounded: the rarest, oldest texts go first.
        if (rows > MAX_QUESTION_ROWS) this.dropRareQuestions.run(rows - MAX_QUESTION_ROWS);
      }
    });
    this.stopTimer = every(
      options.flushMs ?? INSIGHTS_FLUSH_MS,
      () => this.flush(),
      (err) =>
        options.onFlushError?.(err, {
          events: this.pendingEvents.size,
          questions: this.pendingQuestions.size,
          dropped: this.dropped,
        }),
    );
  }

  private day(): string {
    return this.now().toISOString().slice(0, 10);
  }

  private events(keys: readonly string[], event: EventKind, source = '', reason = ''): void {
    const day = this.day();
    const unique = [...new Set(keys)].filter((k) => k.length > 0 && k.length <= MAX_KEY).slice(0, 30);
    for (const key of unique) {
      const id = `${day}\u0000${key}\u0000${event}\u0000${source}\u0000${reason}`;
      const pending = this.pendingEvents.get(id);
      if (pending) pending.n += 1;
      else if (this.pendingEvents.size < MAX_PENDING_EVENTS)
        this.pendingEvents.set(id, { day, key, event, source, reason, n: 1 });
      else this.dropped += 1;
    }
  }

  advised(keys: readonly string[]): void {
    this.events(keys, 'advised');
  }

  rated(kind: FeedbackKind, keys: readonly string[], useful: boolean): void {
    this.events(keys, useful ? 'useful' : 'not-useful', kind);
  }

  reason(kind: FeedbackKind, keys: readonly string[], reason: FeedbackReason): void {
    this.events(keys, 'reason', kind, reason);
  }

  unsure(question: string): void {
    const text = normaliseQuestion(question);
    if (!text) return;
    const day = this.day();
    const id = `${day}\u0000${text}`;
    const pending = this.pendingQuestions.get(id);
    if (pending) pending.n += 1;
    else if (this.pendingQuestions.size < MAX_PENDING_QUESTIONS) this.pendingQuestions.set(id, { day, text, n: 1 });
    else this.dropped += 1;
  }

  /** Writes the counts gathered since the last write, in one transaction. */
  flush(): void {
    if (!this.db.open || (this.pendingEvents.size === 0 && this.pendingQuestions.size === 0)) return;
    this.writePending();
    this.pendingEvents.clear();
    this.pendingQuestions.clear();
    this.dropped = 0;
  }

  /** Shows the file takes writes; at start, one that does not stops the bot with a clear message. */
  checkWritable(): void {
    try {
      this.db.exec('CREATE TABLE IF NOT EXISTS health (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
      this.db.prepare('INSERT OR REPLACE INTO health (id, at) VALUES (1, ?)').run(this.now().getTime());
    } catch (err) {
      const reason = errorMessage(err);
      throw new StorageUnwritableError(
        `Het bestand met inzichten kan niet beschreven worden: ${this.file} (${reason}). Controleer de rechten op het bestand en de map. / ` +
          `The insights file cannot be written: ${this.file} (${reason}). Check the permissions of the file and its folder.`,
      );
    }
  }

  /** Deletes counts older than the retention; returns the number of rows removed. */
  purgeExpired(): number {
    this.flush();
    const cutoff = new Date(this.now().getTime() - this.retentionDays * 24 * 3600 * 1000).toISOString().slice(0, 10);
    return (
      this.db.prepare('DELETE FROM option_events WHERE day < ?').run(cutoff).changes +
      this.db.prepare('DELETE FROM unsure_questions WHERE day < ?').run(cutoff).changes
    );
  }

  report(questionLimit = 20): InsightsReport {
    this.flush();
    const rows = this.db
      .prepare('SELECT key, event, reason, SUM(n) AS n FROM option_events GROUP BY key, event, reason')
      .all() as Array<{ key: string; event: EventKind; reason: string; n: number }>;
    const byKey = new Map<string, OptionInsight>();
    for (const row of rows) {
      const item = byKey.get(row.key) ?? { key: row.key, advised: 0, useful: 0, notUseful: 0, reasons: {} };
      if (row.event === 'advised') item.advised += row.n;
      else if (row.event === 'useful') item.useful += row.n;
      else if (row.event === 'not-useful') item.notUseful += row.n;
      else item.reasons[row.reason as FeedbackReason] = (item.reasons[row.reason as FeedbackReason] ?? 0) + row.n;
      byKey.set(row.key, item);
    }
    const questions = this.db
      .prepare('SELECT text, SUM(n) AS count FROM unsure_questions GROUP BY text ORDER BY count DESC, text ASC LIMIT ?')
      .all(questionLimit) as Array<{ text: string; count: number }>;
    const since = this.db
      .prepare('SELECT MIN(day) AS day FROM (SELECT day FROM option_events UNION ALL SELECT day FROM unsure_questions)')
      .get() as { day: string | null };
    return { ...(since.day ? { since: since.day } : {}), options: [...byKey.values()], questions };
  }

  close(): void {
    this.stopTimer();
    this.flush();
    if (this.db.open) this.db.close();
  }
}
