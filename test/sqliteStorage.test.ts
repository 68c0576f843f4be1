import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../src/host/sqliteStorage';
import { ETagConflictError } from '../src/host/stateStore';
import { BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

const tempDb = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'bpv-sqlite-')), 'state.sqlite');

describe('SQLite storage', () => {
  it('reads back what was written, with a fresh eTag on every write', async () => {
    const storage = new SqliteStorage(tempDb());
    await storage.write({ a: { intake: { sector: 'zws' } } });
    const first = await storage.read(['a', 'missing']);
    expect(first.a).toMatchObject({ intake: { sector: 'zws' } });
    expect(first.missing).toBeUndefined();
    await storage.write({ a: { ...first.a, intake: { sector: 'vgg' } } });
    const second = await storage.read(['a']);
    expect(second.a?.eTag).not.toBe(first.a?.eTag);
    storage.close();
  });

  it('rejects a write with a stale eTag and keeps the newer data', async () => {
    const storage = new SqliteStorage(tempDb());
    await storage.write({ k: { n: 1 } });
    const { k: seen } = await storage.read(['k']);
    await storage.write({ k: { ...seen, n: 2 } });
    await expect(storage.write({ k: { ...seen, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['k'])).k).toMatchObject({ n: 2 });
    // "*" (or no eTag) overwrites on purpose.
    await storage.write({ k: { n: 4, eTag: '*' } });
    expect((await storage.read(['k'])).k).toMatchObject({ n: 4 });
    storage.close();
  });

  it('writes all changes of a turn together or none of them', async () => {
    const storage = new SqliteStorage(tempDb());
    await storage.write({ a: { n: 1 } });
    const { a } = await storage.read(['a']);
    await storage.write({ a: { ...a, n: 2 } });
    await expect(storage.write({ b: { n: 1 }, a: { ...a, n: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['b'])).b).toBeUndefined();
    storage.close();
  });

  it('writes one item only over the version read, or only when absent, and hands out the new eTag', async () => {
    const file = tempDb();
    const ours = new SqliteStorage(file);
    const otherInstance = new SqliteStorage(file);
    const created = await ours.writeIf('k', { n: 1 }, null);
    await expect(otherInstance.writeIf('k', { n: 99 }, null)).rejects.toBeInstanceOf(ETagConflictError);
    const updated = await ours.writeIf('k', { n: 2 }, created);
    expect((await otherInstance.read(['k'])).k).toEqual({ n: 2, eTag: updated });
    await otherInstance.writeIf('k', { n: 3 }, updated);
    await expect(ours.writeIf('k', { n: 4 }, updated)).rejects.toBeInstanceOf(ETagConflictError);
    expect((await ours.read(['k'])).k).toMatchObject({ n: 3 });
    ours.close();
    otherInstance.close();
  });

  it('lists the keys under a prefix', async () => {
    const storage = new SqliteStorage(tempDb());
    await storage.write({
      'bpv/referral-pending/b': {},
      'bpv/referral-pending/a': {},
      'bpv/referral/a': {},
      'bpv/referral-pendingx': {},
    });
    expect(await storage.keys('bpv/referral-pending/')).toEqual(['bpv/referral-pending/a', 'bpv/referral-pending/b']);
    storage.close();
  });

  it('does not corrupt under concurrent writers in other threads', async () => {
    const file = tempDb();
    const storage = new SqliteStorage(file);
    await storage.write({ counter: { n: 0 } });
    // Each worker is its own connection running SqliteStorage's read-modify-write with eTags.
    const workerCode = `
      require('tsx/cjs');
      const { workerData, parentPort } = require('node:worker_threads');
      const { SqliteStorage } = require(workerData.module);
      const storage = new SqliteStorage(workerData.file);
      (async () => {
        let ok = 0, conflicts = 0;
        for (let i = 0; i < 150; i++) {
          const { counter } = await storage.read(['counter']);
          try {
            await storage.write({ counter: { ...counter, n: counter.n + 1 } });
            ok++;
          } catch (err) {
            if (err.name !== 'ETagConflictError') throw err;
            conflicts++;
          }
        }
        storage.close();
        parentPort.postMessage({ ok, conflicts });
      })();
    `;
    const runWorker = () =>
      new Promise<{ ok: number; conflicts: number }>((resolve, reject) => {
        const worker = new Worker(workerCode, {
          eval: true,
          workerData: { file, module: path.join(__dirname, '..', 'src', 'host', 'sqliteStorage.ts') },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const results = await Promise.all([runWorker(), runWorker(), runWorker()]);
    const successes = results.reduce((sum, r) => sum + r.ok, 0);
    // Every successful conditional update counted exactly once: no lost update, no torn row.
    expect((await storage.read(['counter'])).counter).toMatchObject({ n: successes });
    storage.close();
  });

  it('drops the updated_at index a file from an older release has, and keeps its data', async () => {
    const file = tempDb();
    const older = new Database(file);
    older.exec(
      'CREATE TABLE bot_state (key TEXT PRIMARY KEY, etag TEXT NOT NULL, data TEXT NOT NULL, updated_at INTEGER NOT NULL)',
    );
    older.exec('CREATE INDEX bot_state_updated ON bot_state (updated_at)');
    older.prepare('INSERT INTO bot_state VALUES (?, ?, ?, ?)').run('k', 'e1', '{"n":1}', Date.now());
    older.close();
    const storage = new SqliteStorage(file);
    expect((await storage.read(['k'])).k).toMatchObject({ n: 1, eTag: 'e1' });
    storage.close();
    const check = new Database(file, { readonly: true });
    expect(
      check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'bot_state_updated'").all(),
    ).toEqual([]);
    check.close();
  });

  it('deletes items and purges what is older than the retention', async () => {
    let now = 1_000_000;
    const storage = new SqliteStorage(tempDb(), 1_000, () => now);
    await storage.write({ old: { n: 1 }, gone: { n: 2 } });
    await storage.delete(['gone']);
    now += 500;
    await storage.write({ recent: { n: 3 } });
    now += 600;
    expect(storage.purgeExpired()).toBe(1);
    expect(Object.keys(await storage.read(['old', 'recent', 'gone']))).toEqual(['recent']);
    storage.close();
  });
});

describe('state survives a restart of the bot', () => {
  it('continues the intake where it was after the bot is stopped and started on the same SQLite file', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const env = { STORAGE: 'sqlite', SQLITE_PATH: tempDb() };
    const first = await startBot(env);
    const client = new BotClient(first.url, connector);
    await client.say('start');
    await client.say('horeca');
    await first.app.stop();

    const second = await startBot(env);
    const resumed = new BotClient(second.url, connector, {
      conversationId: client.conversationId,
      userId: client.userId,
    });
    const replies = await resumed.say('geen stage');
    const text = replies.map((a) => cardText(cardOf(a))).join('\n');
    expect(text).toContain('Vraag 3 van 4');
    await second.app.stop();
    await connector.stop();
  });
});

describe('state an older release kept', () => {
  it('takes over a coordinator profile stored under the user (user state) into the conversation', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const file = tempDb();
    const client = new BotClient('', connector);
    const older = new SqliteStorage(file);
    const profile = {
      version: 1,
      intake: { sector: 'vgg', situations: ['geen-plek'], places: 'geen' },
      welcomed: true,
      plans: { active: '', plans: [] },
      referrals: [],
    };
    await older.write({ [`msteams/users/${client.userId}/`]: { profile } });
    older.close();
    const bot = await startBot({ STORAGE: 'sqlite', SQLITE_PATH: file });
    try {
      const resumed = new BotClient(bot.url, connector, {
        conversationId: client.conversationId,
        userId: client.userId,
      });
      const text = cardText(cardOf((await resumed.say('mijn antwoorden')).at(-1)));
      expect(text).toContain('Voedsel, groen en gastvrijheid');
      expect(text).toContain('Er zijn geen plekken');
    } finally {
      await bot.app.stop();
      await connector.stop();
    }
  });
});
