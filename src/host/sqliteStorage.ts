import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StoreItem, StoreItems } from 'botbuilder';
import { openSqlite } from './sqlite';
import { ETagConflictError, type StateStore } from './stateStore';

interface Row {
  key: string;
  etag: string;
  data: string;
}

/**
 * Bot Framework `Storage` on an embedded SQLite file (WAL mode), with the conditional writes of
 * StateStore. Optimistic concurrency as in the Azure stores: a write whose `eTag` is set (and not "*")
 * only succeeds while it matches the stored one. Rows untouched for longer than the retention are
 * deleted (AVG: bounded storage time).
 */
export class SqliteStorage implements StateStore {
  private readonly db: Database.Database;
  private readonly selectStmt: Database.Statement<[string], Row>;
  private readonly insertStmt: Database.Statement<[string, string, string, number]>;
  private readonly upsertStmt: Database.Statement<[string, string, string, number]>;
  private readonly updateIfStmt: Database.Statement<[string, string, number, string, string]>;
  private readonly deleteStmt: Database.Statement<[string]>;
  private readonly keysStmt: Database.Statement<[string, string], { key: string }>;
  private readonly purgeStmt: Database.Statement<[number]>;

  constructor(
    readonly file: string,
    private readonly retentionMs = 90 * 24 * 3600 * 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.db = openSqlite(file);
    this.db.exec(`CREATE TABLE IF NOT EXISTS bot_state (
      key TEXT PRIMARY KEY,
      etag TEXT NOT NULL,
      data TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    // No index on updated_at (older files had one): every write had to move the row's entry in it,
    // while the hourly purge scans tens of thousands of rows in a few tens of ms.
    this.db.exec('DROP INDEX IF EXISTS bot_state_updated');
    this.selectStmt = this.db.prepare('SELECT key, etag, data FROM bot_state WHERE key = ?');
    this.insertStmt = this.db.prepare(
      'INSERT OR IGNORE INTO bot_state (key, etag, data, updated_at) VALUES (?, ?, ?, ?)',
    );
    this.upsertStmt = this.db.prepare(
      'INSERT INTO bot_state (key, etag, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at',
    );
    this.updateIfStmt = this.db.prepare(
      'UPDATE bot_state SET etag = ?, data = ?, updated_at = ? WHERE key = ? AND etag = ?',
    );
    this.deleteStmt = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.keysStmt = this.db.prepare('SELECT key FROM bot_state WHERE key >= ? AND key < ? ORDER BY key');
    this.purgeStmt = this.db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectStmt.get(key);
      if (row) items[row.key] = { ...(JSON.parse(row.data) as object), eTag: row.etag };
    }
    return items;
  }

  /** Several changes are written in one transaction: together or not at all. */
  async write(changes: StoreItems): Promise<void> {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) {
        const { eTag, ...data } = (value ?? {}) as StoreItem;
        if (!eTag || eTag === '*') this.upsertStmt.run(key, randomUUID(), JSON.stringify(data), this.now());
        else this.updateOrConflict(key, data, eTag);
      }
    })();
  }

  async writeIf(key: string, item: StoreItem, eTag: string | null): Promise<string> {
    const { eTag: _ignored, ...data } = item;
    if (eTag !== null) return this.updateOrConflict(key, data, eTag);
    const next = randomUUID();
    if (this.insertStmt.run(key, next, JSON.stringify(data), this.now()).changes === 0)
      throw new ETagConflictError(key);
    return next;
  }

  private updateOrConflict(key: string, data: object, eTag: string): string {
    const next = randomUUID();
    // An eTag the store never handed out means the item was deleted or never existed: conflict.
    if (this.updateIfStmt.run(next, JSON.stringify(data), this.now(), key, eTag).changes === 0)
      throw new ETagConflictError(key);
    return next;
  }

  async delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((key) => this.deleteStmt.run(key)))();
  }

  async keys(prefix: string): Promise<string[]> {
    // Keys from `prefix` up to the first string after every string that starts with it.
    return this.keysStmt.all(prefix, `${prefix}\uffff`).map((row) => row.key);
  }

  /** Deletes everything not written within the retention; returns how many items went. */
  purgeExpired(): number {
    return this.purgeStmt.run(this.now() - this.retentionMs).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM bot_state').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
