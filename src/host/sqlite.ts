import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * How long a statement waits for a lock another process holds. better-sqlite3 is synchronous, so this
 * wait stops the whole event loop: kept short, so a lock costs one turn a "not saved" message rather
 * than stalling every conversation (and the health probe) for seconds.
 */
const BUSY_TIMEOUT_MS = 250;

/**
 * Opens (and creates, with its folder) a SQLite file the way every store of the bot uses one: WAL, so
 * readers never wait for the writer; `synchronous = NORMAL`, no fsync per commit (a power cut may lose
 * the last writes, never the file); and a short lock wait (BUSY_TIMEOUT_MS).
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
