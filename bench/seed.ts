import Database from 'better-sqlite3';
import { SqliteStorage } from '../src/host/sqliteStorage';
import { newIds, type Ids } from './scenario';

interface StateRow {
  key: string;
  data: string;
}

/**
 * Fills a SQLite state file with `count` stored conversations that look exactly like real ones: the
 * conversation and user state rows the bot wrote for a finished benchmark conversation (read from
 * `templateFile`), copied under new conversation and user ids with SqliteStorage.insertIfAbsent.
 * Returns some of the new ids, so the benchmark can check the bot resumes them.
 */
export function seedConversations(templateFile: string, targetFile: string, count: number): { ids: Ids[]; ms: number } {
  const started = performance.now();
  const source = new Database(templateFile, { readonly: true, fileMustExist: true });
  const rows = source.prepare('SELECT key, data FROM bot_state ORDER BY updated_at DESC').all() as StateRow[];
  source.close();
  const conversation = rows.find((r) => r.key.startsWith('msteams/conversations/'));
  const user = rows.find((r) => r.key.startsWith('msteams/users/'));
  if (!conversation || !user) throw new Error(`no conversation and user state in ${templateFile} to copy`);
  const conversationData = JSON.parse(conversation.data) as object;
  const userData = JSON.parse(user.data) as object;

  const storage = new SqliteStorage(targetFile);
  const ids: Ids[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const id = newIds();
      storage.insertIfAbsent(`msteams/conversations/${id.conversationId}/`, conversationData);
      storage.insertIfAbsent(`msteams/users/${id.userId}/`, userData);
      if (ids.length < 10) ids.push(id);
    }
  } finally {
    storage.close();
  }
  return { ids, ms: performance.now() - started };
}

export function countConversations(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM bot_state WHERE key LIKE 'msteams/conversations/%'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}
