import type Database from 'better-sqlite3';
import { errorMessage } from '../common/errors';
import {
  type CountMetric,
  type CountRow,
  dayOf,
  type InsightsData,
  MAX_TEXT_ROWS,
  retentionCutoff,
  type TextKind,
  type TextRow,
} from '../insights/model';
import { PendingRows } from '../insights/pending';
import { INSIGHTS_FLUSH_MS, type InsightsStore, type InsightsStoreOptions, newInstanceId } from '../insights/store';
import { TableInsightsStore } from './insightsTableStore';
import { every } from './every';
import type { Logger } from './logger';
import { openSqlite } from './sqlite';
import type { StorageSettings } from './storage';
import { StorageUnwritableError } from './storage';

/**
 * The insights of one instance in their own SQLite file (INSIGHTS_PATH), apart from the bot's state:
 * per day, instance, key and kind of count. No user or conversation ids exist in these tables. Rows
 * older than the retention are deleted, and the number of distinct question texts is capped.
 *
 * Counts are gathered in memory and written together every few seconds (and on close, and before a
 * read or purge): a write per advice card cost a SQLite commit on the turn's path. A crash loses at
 * most the last few seconds of counts; the CLI, reading the file from another process, lags as much.
 */
export class SqliteInsightsStore implements InsightsStore {
  readonly instanceId = newInstanceId();
  private readonly db: Database.Database;
  private readonly pending: PendingRows;
  private readonly writePending: (counts: CountRow[], texts: TextRow[]) => void;
  private readonly stopTimer: () => void;
  private readonly retentionDays: number;
  private readonly now: () => Date;

  constructor(
    private readonly file: string,
    options: InsightsStoreOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 90;
    this.now = options.now ?? (() => new Date());
    this.pending = new PendingRows(() => dayOf(this.now()));
    this.db = openSqlite(file);
    this.db.exec(`CREATE TABLE IF NOT EXISTS insight_counts (
      day TEXT NOT NULL, instance TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, detail TEXT NOT NULL,
      n INTEGER NOT NULL, PRIMARY KEY (day, instance, metric, key, detail))`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS insight_texts (
      day TEXT NOT NULL, instance TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL,
      n INTEGER NOT NULL, PRIMARY KEY (day, instance, kind, key, text))`);
    this.migrate();
    const addCount = this.db.prepare<[string, string, string, string, string, number]>(
      `INSERT INTO insight_counts (day, instance, metric, key, detail, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    const addText = this.db.prepare<[string, string, string, string, string, number]>(
      `INSERT INTO insight_texts (day, instance, kind, key, text, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    // All or nothing: when the write fails, the counts stay in memory for the next try.
    this.writePending = this.db.transaction((counts: CountRow[], texts: TextRow[]) => {
      for (const c of counts) addCount.run(c.day, this.instanceId, c.metric, c.key, c.detail, c.n);
      for (const t of texts) addText.run(t.day, this.instanceId, t.kind, t.key, t.text, t.n);
      if (texts.length > 0) this.capTexts();
    });
    this.stopTimer = every(
      options.flushMs ?? INSIGHTS_FLUSH_MS,
      () => this.flushNow(),
      (err) => options.onFlushError?.(err, this.pending.size()),
    );
  }

  /** Rows of the release before issue 19 (option_events, unsure_questions) move into the new tables once. */
  private migrate(): void {
    const old = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('option_events', 'unsure_questions')")
      .all();
    if (old.length === 0) return;
    this.db.transaction(() => {
      if (old.some((t) => (t as { name: string }).name === 'option_events')) {
        this.db.exec(`INSERT INTO insight_counts (day, instance, metric, key, detail, n)
          SELECT day, 'eerder', CASE event WHEN 'reason' THEN 'reason' ELSE event END, key,
                 CASE event WHEN 'reason' THEN reason WHEN 'advised' THEN '' ELSE source END, SUM(n)
          FROM option_events GROUP BY 1, 2, 3, 4, 5 ON CONFLICT DO UPDATE SET n = n + excluded.n`);
        this.db.exec('DROP TABLE option_events');
      }
      if (old.some((t) => (t as { name: string }).name === 'unsure_questions')) {
        this.db.exec(`INSERT INTO insight_texts (day, instance, kind, key, text, n)
          SELECT day, 'eerder', 'unsure', '', text, n FROM unsure_questions WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n`);
        this.db.exec('DROP TABLE unsure_questions');
      }
    })();
  }

  private capTexts(): number {
    const { rows } = this.db.prepare('SELECT COUNT(*) AS rows FROM insight_texts').get() as { rows: number };
    if (rows <= MAX_TEXT_ROWS) return 0;
    // Bounded: the rarest, oldest texts go first.
    return this.db
      .prepare(
        'DELETE FROM insight_texts WHERE rowid IN (SELECT rowid FROM insight_texts ORDER BY n ASC, day ASC LIMIT ?)',
      )
      .run(rows - MAX_TEXT_ROWS).changes;
  }

  count(metric: CountMetric, key: string, detail = ''): void {
    this.pending.count(metric, key, detail);
  }

  text(kind: TextKind, key: string, text: string): void {
    this.pending.text(kind, key, text);
  }

  /** Writes the counts gathered since the last write, in one transaction. */
  async flush(): Promise<void> {
    this.flushNow();
  }

  private flushNow(): void {
    if (!this.db.open || this.pending.empty()) return;
    const { counts, texts } = this.pending.peek();
    this.writePending(counts, texts);
    this.pending.clear();
  }

  async checkWritable(): Promise<void> {
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

  async purgeExpired(): Promise<number> {
    this.flushNow();
    const cutoff = retentionCutoff(this.now(), this.retentionDays);
    return (
      this.db.prepare('DELETE FROM insight_counts WHERE day < ?').run(cutoff).changes +
      this.db.prepare('DELETE FROM insight_texts WHERE day < ?').run(cutoff).changes +
      this.capTexts()
    );
  }

  async read(fromDay = '0000-00-00'): Promise<InsightsData> {
    this.flushNow();
    const counts = this.db
      .prepare(
        'SELECT day, metric, key, detail, SUM(n) AS n FROM insight_counts WHERE day >= ? GROUP BY day, metric, key, detail',
      )
      .all(fromDay) as CountRow[];
    const texts = this.db
      .prepare(
        'SELECT day, kind, key, text, SUM(n) AS n FROM insight_texts WHERE day >= ? GROUP BY day, kind, key, text',
      )
      .all(fromDay) as TextRow[];
    const { instances } = this.db
      .prepare(
        `SELECT COUNT(DISTINCT instance) AS instances FROM (
        SELECT instance FROM insight_counts WHERE day >= ? UNION SELECT instance FROM insight_texts WHERE day >= ?)`,
      )
      .get(fromDay, fromDay) as { instances: number };
    return { counts, texts, instances };
  }

  async close(): Promise<void> {
    this.stopTimer();
    this.flushNow();
    if (this.db.open) this.db.close();
  }
}

/**
 * The deployment's insights store: with STORAGE=blob the storage account's Table service (every
 * instance writes there, so a report counts them all), otherwise the SQLite file INSIGHTS_PATH.
 */
export function openInsightsStore(
  settings: { storage: StorageSettings; insightsPath: string; insightsTable: string; retentionDays: number },
  logger?: Logger,
  options: InsightsStoreOptions = {},
): InsightsStore {
  const storeOptions: InsightsStoreOptions = {
    retentionDays: settings.retentionDays,
    onFlushError: (err, kept) =>
      logger?.warn(
        { err: { message: errorMessage(err) }, kept },
        'insights not written; kept (bounded) for the next try',
      ),
    ...options,
  };
  if (settings.storage.kind === 'blob') {
    return new TableInsightsStore(settings.storage.connectionString, settings.insightsTable, storeOptions);
  }
  return new SqliteInsightsStore(settings.insightsPath, storeOptions);
}
