import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type FeedbackKind, type FeedbackReason, normaliseQuestion } from '../domain/feedback';
import type { InsightsRecorder, InsightsReport, OptionInsight } from '../domain/insights';

/**
 * Counts for content owners in their own SQLite file (INSIGHTS_PATH), apart from the bot's state:
 * per day, per key, per kind of event. No user or conversation ids exist in these tables. Rows older
 * than the retention are deleted, and the number of distinct question texts is capped.
 */

type EventKind = 'advised' | 'useful' | 'not-useful' | 'reason';

const MAX_QUESTION_ROWS = 5_000;
const MAX_KEY = 40;

export class InsightsStore implements InsightsRecorder {
  private readonly db: Database.Database;
  private readonly addEvent: Database.Statement<[string, string, string, string, string]>;
  private readonly addQuestion: Database.Statement<[string, string]>;
  private readonly countQuestions: Database.Statement<[]>;
  private readonly dropRareQuestions: Database.Statement<[number]>;

  constructor(
    file: string,
    private readonly retentionDays = 90,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // As for the state file: no fsync per count (it would block the event loop on every advice card);
    // a power cut may lose the last counts, never the file.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS option_events (
      day TEXT NOT NULL, key TEXT NOT NULL, event TEXT NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (day, key, event, source, reason))`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS unsure_questions (
      day TEXT NOT NULL, text TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, text))`);
    this.addEvent = this.db.prepare(
      'INSERT INTO option_events (day, key, event, source, reason, n) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1',
    );
    this.addQuestion = this.db.prepare('INSERT INTO unsure_questions (day, text, n) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1');
    this.countQuestions = this.db.prepare('SELECT COUNT(*) AS rows FROM unsure_questions');
    this.dropRareQuestions = this.db.prepare('DELETE FROM unsure_questions WHERE rowid IN (SELECT rowid FROM unsure_questions ORDER BY n ASC, day ASC LIMIT ?)');
  }

  private day(): string {
    return this.now().toISOString().slice(0, 10);
  }

  private events(keys: readonly string[], event: EventKind, source = '', reason = ''): void {
    const day = this.day();
    const unique = [...new Set(keys)].filter((k) => k.length > 0 && k.length <= MAX_KEY).slice(0, 30);
    this.db.transaction(() => unique.forEach((key) => this.addEvent.run(day, key, event, source, reason)))();
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
    this.addQuestion.run(this.day(), text);
    const { rows } = this.countQuestions.get() as { rows: number };
    // Bounded: the rarest, oldest texts go first.
    if (rows > MAX_QUESTION_ROWS) this.dropRareQuestions.run(rows - MAX_QUESTION_ROWS);
  }

  /** Deletes counts older than the retention; returns the number of rows removed. */
  purgeExpired(): number {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * 24 * 3600 * 1000).toISOString().slice(0, 10);
    return (
      this.db.prepare('DELETE FROM option_events WHERE day < ?').run(cutoff).changes +
      this.db.prepare('DELETE FROM unsure_questions WHERE day < ?').run(cutoff).changes
    );
  }

  report(questionLimit = 20): InsightsReport {
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
    if (this.db.open) this.db.close();
  }
}
