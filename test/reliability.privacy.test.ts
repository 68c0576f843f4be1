import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApp, createBotApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/host/logger';
import { startRetentionTimer } from '../src/host/retentionTimer';
import { SqliteStorage } from '../src/host/sqliteStorage';
import { FORGET_CANCELLED, FORGET_CONFIRM, FORGET_DONE } from '../dialogs/forgetDialog';
import { BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';

/** Privacy (AVG): "wis mijn gegevens", retention purge while running, and logs without message text. */

let dir: string;
let dbFile: string;
let connector: FakeConnector;
let app: BotApp;
let botUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bpv-privacy-'));
  dbFile = path.join(dir, 'state.sqlite');
  connector = new FakeConnector();
  await connector.start();
  // The most talkative level, captured: whatever the bot logs, it must not be what people typed.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    STORAGE: 'sqlite',
    SQLITE_PATH: dbFile,
    LOG_LEVEL: 'trace',
  });
  app = await createBotApp(config, createLogger('trace', { write: (line: string) => void logLines.push(line) }));
  botUrl = `http://127.0.0.1:${await app.start()}`;
});

afterAll(async () => {
  await app.stop();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (replies: Array<Record<string, unknown>>) =>
  replies.map((r) => (typeof r.text === 'string' ? r.text : cardText(cardOf(r))));

/** What is stored about `client`: the fields of its conversation's state, and whether a user-state item exists. */
async function stored(client: BotClient): Promise<{ fields: string[]; userItem: boolean }> {
  const storage = new SqliteStorage(dbFile);
  try {
    const userKey = `msteams/users/${client.userId}/`;
    const conversationKey = `msteams/conversations/${client.conversationId}/`;
    const items = await storage.read([userKey, conversationKey]);
    const conversation = (items[conversationKey] ?? {}) as Record<string, unknown>;
    return {
      fields: Object.keys(conversation)
        .filter((k) => k !== 'eTag')
        .sort(),
      userItem: userKey in items,
    };
  } finally {
    storage.close();
  }
}

describe('"wis mijn gegevens"', () => {
  it('asks first, does nothing on "nee", and erases what the bot keeps about the coordinator on "ja"', async () => {
    const client = new BotClient(botUrl, connector);
    const other = new BotClient(botUrl, connector);
    await client.say('start');
    await client.say('horeca');
    await other.say('start');
    await other.say('zorg');
    expect((await stored(client)).fields).toEqual(expect.arrayContaining(['dialogState', 'profile']));
    // A profile an older release kept in user state is erased too.
    const legacy = new SqliteStorage(dbFile);
    await legacy.write({ [`msteams/users/${client.userId}/`]: { profile: { version: 1 } } });
    legacy.close();

    const ask = await client.say('wis mijn gegevens');
    expect(texts(ask)).toContain(FORGET_CONFIRM);
    const buttons = (ask.at(-1)?.suggestedActions as { actions: Array<{ value: string }> } | undefined)?.actions.map(
      (a) => a.value,
    );
    expect(buttons).toEqual(['ja, wis alles', 'nee']);

    expect(texts(await client.say('nee'))).toContain(FORGET_CANCELLED);
    expect(cardText(cardOf((await client.say('mijn antwoorden')).at(-1)))).toContain('Voedsel, groen en gastvrijheid');

    await client.say('Wis mijn gegevens!');
    expect(texts(await client.say('ja, wis alles'))).toContain(FORGET_DONE);
    // Left: only the hashed ids of recent activities, so that a redelivery is still recognised.
    expect(await stored(client)).toEqual({ fields: ['recentActivityIds'], userItem: false });

    // Gone for this user; the other coordinator keeps everything.
    const answers = cardText(cardOf((await client.say('mijn antwoorden')).at(-1)));
    expect(answers).not.toContain('Voedsel, groen en gastvrijheid');
    expect(cardText(cardOf((await other.say('mijn antwoorden')).at(-1)))).toContain('Zorg, welzijn en sport');
  });
});

describe('retention', () => {
  it('purges expired state periodically while the bot runs, not only at start', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const day = 24 * 3600 * 1000;
    const storage = new SqliteStorage(path.join(dir, 'retention.sqlite'), 90 * day, () => now);
    const lines: string[] = [];
    const stop = startRetentionTimer(
      { purgeExpired: async () => storage.purgeExpired() },
      pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }),
      20,
    );
    try {
      await storage.write({ 'msteams/users/old/': { profile: {} }, 'msteams/conversations/old/': { dialogState: {} } });
      now += 60 * day;
      await storage.write({ 'msteams/users/recent/': { profile: {} } });
      await new Promise((r) => setTimeout(r, 100));
      expect(storage.count()).toBe(3);

      now += 31 * day; // the first two are now 91 days old, the last one 31
      const deadline = Date.now() + 3_000;
      while (storage.count() !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(
        Object.keys(await storage.read(['msteams/users/old/', 'msteams/conversations/old/', 'msteams/users/recent/'])),
      ).toEqual(['msteams/users/recent/']);
      expect(lines.some((l) => l.includes('"purged":2'))).toBe(true);
    } finally {
      stop();
      storage.close();
    }
  });
});

describe('logs', () => {
  it('never contain what people typed or entered on cards', async () => {
    logLines.length = 0;
    const client = new BotClient(botUrl, connector);
    const secrets = ['Flamingobakkerij', 'Zebrapadstraat', 'Kwartelkoning', 'Pimpelmees'];
    await client.say('start');
    await client.say('horeca');
    await client.say(`Mag een student van Flamingobakkerij aan de Zebrapadstraat thuiswerken?`);
    await client.say('Kwartelkoning');
    await client.submit('intake.answer', { field: 'sector', sector: 'Pimpelmees' });
    await client.execute('intake.answer', { field: 'sector', sector: 'Pimpelmees' });
    await client.post(client.activity({ type: 'message', text: 'Kwartelkoning', conversation: { id: 42 } }));
    await new Promise((r) => setTimeout(r, 100));

    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
    // Conversation and user ids appear only as a pseudonym.
    expect(logLines.filter((l) => l.includes(client.conversationId) || l.includes(client.userId))).toEqual([]);
  });
});
