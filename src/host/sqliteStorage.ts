import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { StoreItems } from 'botbuilder';
import type { ETagTellingStorage } from './optimisticStorage';
import { rememberStoredText } from './storedText';

/** Thrown when a write carries an eTag that is no longer current (someone else wrote first). */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

interface Row {
  key: string;
  etag: string;
  data: string;
}

/**
 * Bot Framework `Storage` on an embedded SQLite file (WAL mode). Optimistic concurrency as in the
 * Azure stores: a write whose `eTag` is set (and not "*") only succeeds while it matches the stored one.
 * Rows untouched for longer than the retention are deleted (AVG: bounded storage time).
 */
export class SqliteStorage implements ETagTellingStorage {
  private readonly db: Database.Database;
  private readonly selectStmt: Database.Statement<[string], Row>;
  private readonly selectTwoStmt: Database.Statement<[string, string], Row>;
  private readonly insertStmt: Database.Statement<[string, string, string, number]>;
  private readonly upsertStmt: Database.Statement<[string, string, string, number]>;
  private readonly updateIfStmt: Database.Statement<[string, string, number, string, string]>;
  private readonly deleteStmt: Database.Statement<[string]>;
  private readonly purgeStmt: Database.Statement<[number]>;

  constructor(
    file: string,
    private readonly retentionMs = 90 * 24 * 3600 * 1000,
    private readonly now: () => number = Date.now,
  ) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS bot_state (
      key TEXT PRIMARY KEY,
      etag TEXT NOT NULL,
      data TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    // No index on updated_at (older files had one): every turn's write had to move the row's entry in
    // it, doubling the cost of a write, while the daily purge scans 20,000 rows in a few tens of ms.
    this.db.exec('DROP INDEX IF EXISTS bot_state_updated');
    this.selectStmt = this.db.prepare('SELECT key, etag, data FROM bot_state WHERE key = ?');
    this.selectTwoStmt = this.db.prepare('SELECT key, etag, data FROM bot_state WHERE key IN (?, ?)');
    this.insertStmt = this.db.prepare('INSERT OR IGNORE INTO bot_state (key, etag, data, updated_at) VALUES (?, ?, ?, ?)');
    this.upsertStmt = this.db.prepare(
      'INSERT INTO bot_state (key, etag, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at',
    );
    this.updateIfStmt = this.db.prepare('UPDATE bot_state SET etag = ?, data = ?, updated_at = ? WHERE key = ? AND etag = ?');
    this.deleteStmt = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.purgeStmt = this.db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    // A turn reads its conversation and user state together: one statement for the two.
    const rows = keys.length === 2 ? this.selectTwoStmt.all(keys[0] as string, keys[1] as string) : keys.map((key) => this.selectStmt.get(key));
    for (const row of rows) {
      if (!row) continue;
      const item = Object.assign(JSON.parse(row.data) as object, { eTag: row.etag });
      rememberStoredText(item, row.data);
      items[row.key] = item;
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeReturningETags(changes);
  }

  /** `write`, returning the eTag each item got (OptimisticStorage needs them; no read-back). */
  async writeReturningETags(changes: StoreItems): Promise<Record<string, string>> {
    const entries = Object.entries(changes);
    // One change (a turn's state) is one statement, atomic by itself; several go in one transaction,
    // so they land together or not at all.
    return entries.length === 1 ? this.writeEntries(entries) : this.writeInTransaction(entries);
  }

  private writeInTransaction(entries: Array<[string, unknown]>): Record<string, string> {
    return this.db.transaction(() => this.writeEntries(entries))();
  }

  private writeEntries(entries: Array<[string, unknown]>): Record<string, string> {
    const now = this.now();
    const written: Record<string, string> = {};
    for (const [key, value] of entries) {
      const { eTag, ...rest } = (value ?? {}) as { eTag?: string } & Record<string, unknown>;
      const data = JSON.stringify(rest);
      const next = randomUUID();
      if (!eTag || eTag === '*') {
        this.upsertStmt.run(key, next, data, now);
      } else {
        // An eTag the store never handed out means the item was deleted or never existed: conflict.
        const updated = this.updateIfStmt.run(next, data, now, key, eTag).changes;
        if (updated === 0) throw new ETagConflictError(key);
      }
      written[key] = next;
    }
    return written;
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((key) => this.deleteStmt.run(key)))();
  }

  /** Deletes everything not written within the retention; returns how many items went. */
  purgeExpired(): number {
    return this.purgeStmt.run(this.now() - this.retentionMs).changes;
  }

  /** Insert only when absent (used by tests and tools to seed). */
  insertIfAbsent(key: string, value: object): boolean {
    return this.insertStmt.run(key, randomUUID(), JSON.stringify(value), this.now()).changes === 1;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM bot_state').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
