import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../src/app';
import { runInsights } from '../src/cli/insights';
import { MAX_STORED_QUESTION } from '../src/domain/feedback';
import { MAX_TEXTS_PER_DAY } from '../src/insights/model';
import { TableInsightsStore } from '../src/host/insightsTableStore';
import { Azurite } from './support/azurite';
import { BotClient } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * One insights store for every instance (STORAGE=blob): Azure Table storage in the same account,
 * served by Azurite. Each instance writes only its own rows (its absolute totals per day and key), so
 * instances add up exactly; retention and the privacy rules hold there as in the SQLite file.
 */

let azurite: Azurite;
const table = () => `insights${randomUUID().replace(/-/g, '').slice(0, 12)}`;

beforeAll(async () => {
  azurite = await Azurite.start();
}, 60_000);

afterAll(async () => {
  await azurite.stop();
});

/** Every entity in the table, as stored. */
async function rawRows(name: string): Promise<Array<Record<string, unknown>>> {
  const client = TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
  const rows: Array<Record<string, unknown>> = [];
  for await (const entity of client.listEntities()) rows.push(entity);
  return rows;
}

describe('the insights table', () => {
  it('adds up exactly what two stores count at once, while both write every few milliseconds', async () => {
    const name = table();
    const a = new TableInsightsStore(azurite.connectionString, name, { flushMs: 15 });
    const b = new TableInsightsStore(azurite.connectionString, name, { flushMs: 15 });
    await Promise.all([a.checkWritable(), b.checkWritable()]);
    for (let round = 0; round < 40; round++) {
      for (const store of [a, b]) {
        store.count('useful', '1.3', 'detail');
        store.count('advised', round % 2 ? '2.1' : '2.2');
        store.text('unsure', '', round % 4 ? 'Waar vind ik het servicedocument?' : 'een andere vraag');
      }
      // Let the timers write in between (and a write of one store run while the other counts).
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await Promise.all([a.close(), b.close()]);
    const data = await new TableInsightsStore(azurite.connectionString, name).read();
    const sum = (metric: string, key: string) =>
      data.counts.filter((r) => r.metric === metric && r.key === key).reduce((n, r) => n + r.n, 0);
    expect(sum('useful', '1.3')).toBe(80);
    expect(sum('advised', '2.1') + sum('advised', '2.2')).toBe(80);
    expect(data.texts.find((t) => t.text === 'waar vind ik het servicedocument')?.n).toBe(60);
    expect(data.texts.find((t) => t.text === 'een andere vraag')?.n).toBe(20);
    expect(data.instances).toBe(2);
    // Each instance wrote rows of its own: never one row by two writers.
    const rows = await rawRows(name);
    expect(new Set(rows.map((r) => String(r.rowKey).split('-')[0]))).toEqual(new Set([a.instanceId, b.instanceId]));
  }, 60_000);

  it("deletes every instance's rows of days before the retention, and nothing newer", async () => {
    const name = table();
    let now = new Date('2026-01-01T12:00:00Z');
    const old = new TableInsightsStore(azurite.connectionString, name, { now: () => now, retentionDays: 30 });
    old.count('advised', '3.1');
    old.text('out-of-scope', 'general', 'hoe laat is het');
    await old.close();
    now = new Date('2026-01-25T12:00:00Z');
    const recent = new TableInsightsStore(azurite.connectionString, name, { now: () => now, retentionDays: 30 });
    recent.count('advised', '3.2');
    await recent.flush();
    now = new Date('2026-02-15T12:00:00Z');
    expect(await recent.purgeExpired()).toBe(2);
    const data = await recent.read();
    expect(data.counts.map((r) => [r.day, r.key])).toEqual([['2026-01-25', '3.2']]);
    expect(data.texts).toEqual([]);
    expect(data.instances).toBe(1);
    await recent.close();
  }, 60_000);

  it('stores no ids and only normalised, scrubbed texts, at most so many a day per instance', async () => {
    const name = table();
    const store = new TableInsightsStore(azurite.connectionString, name);
    store.text(
      'unsure',
      '',
      'Mijn student Jan (jan.jansen@school.nl, 06-12345678) zit thuis, zie https://evil.example/x',
    );
    store.text('unsure', '', `lange vraag ${'woord '.repeat(100)}`);
    for (let i = 0; i < MAX_TEXTS_PER_DAY + 50; i++) store.text('unsure', '', `vraag ${i}`);
    store.count('intent', 'user/29:1abc?#');
    await store.close();
    const rows = await rawRows(name);
    const texts = rows.filter((r) => r.t === 't').map((r) => String(r.text));
    expect(texts).toContain('mijn student jan e mail telefoon zit thuis zie link');
    expect(texts.join(' ')).not.toMatch(/@|jansen|school|1234|https|evil/);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(MAX_STORED_QUESTION);
    expect(texts).toHaveLength(MAX_TEXTS_PER_DAY);
    // A key that is no key of the knowledge or label (it could carry an id) is not counted.
    expect(rows.filter((r) => r.t === 'c')).toEqual([]);
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual(expect.arrayContaining(['instance', 'n', 'partitionKey', 'rowKey']));
  }, 60_000);
});

describe('two bot instances on one storage account', () => {
  const connector = new FakeConnector();
  const apps: BotApp[] = [];
  let urls: string[] = [];
  const name = table();
  const env = () => ({
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: azurite.connectionString,
    BLOB_CONTAINER: `bpv-${randomUUID().slice(0, 8)}`,
    INSIGHTS_TABLE: name,
  });

  beforeAll(async () => {
    await connector.start();
    const shared = env();
    for (let i = 0; i < 2; i++) {
      const bot = await startBot(shared);
      apps.push(bot.app);
      urls.push(bot.url);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await connector.stop();
  });

  it('counts concurrent feedback on both instances exactly once, and the report says two instances', async () => {
    const users = Array.from({ length: 24 }, (_, i) => new BotClient(urls[i % 2] ?? '', connector));
    const results = await Promise.all(
      users.map((user, i) =>
        user.execute('feedback.rate', { kind: 'detail', keys: '2.3', useful: i % 3 ? 'ja' : 'nee' }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    // A question without a sure answer, asked on both.
    await Promise.all(users.slice(0, 4).map((user) => user.say('Ik zit met een lastige situatie rond de praktijk')));
    await Promise.all(apps.splice(0).map((app) => app.stop()));
    urls = [];

    const out = JSON.parse(
      await runInsights(['--json'], {
        STORAGE: 'blob',
        BLOB_CONNECTION_STRING: azurite.connectionString,
        INSIGHTS_TABLE: name,
      }),
    ) as {
      instances: number;
      options: Array<{ key: string; useful: number; notUseful: number }>;
      unsure: Array<{ text: string; count: number }>;
      totals: { unsure: number };
    };
    expect(out.instances).toBe(2);
    expect(out.options.find((o) => o.key === '2.3')).toMatchObject({ useful: 16, notUseful: 8 });
    expect(out.totals.unsure).toBe(4);
    expect(out.unsure).toEqual([
      { text: 'ik zit met een lastige situatie rond de praktijk', count: 4, key: '', keyLabel: '' },
    ]);
    const dump = JSON.stringify(await rawRows(name));
    for (const user of users) {
      expect(dump).not.toContain(user.userId);
      expect(dump).not.toContain(user.conversationId);
    }
  }, 60_000);
});
