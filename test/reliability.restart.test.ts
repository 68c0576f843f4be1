import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../src/host/sqliteStorage';
import { RESTART_MESSAGE } from '../src/host/turnPipeline';
import { BotClient, cardOf, cardText } from './support/botClient';
import { ChildBot } from './support/childBot';
import { FakeConnector } from './support/fakeConnector';

/**
 * Restart and redeploy safety with SQLite, the bot running as its own process: kill -9 between two turns,
 * state written by an older release, and SIGTERM while a turn is in flight. Process starts are slow on a
 * busy machine, so the tests share them: the process started after the kill serves the next two tests.
 */

let dir: string;
let dbFile: string;
let connector: FakeConnector;
const running: ChildBot[] = [];
/** The process started after kill -9; the later tests use it. */
let current: ChildBot | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bpv-restart-'));
  dbFile = path.join(dir, 'state.sqlite');
  connector = new FakeConnector();
  await connector.start();
});

afterAll(async () => {
  await Promise.all(running.map((bot) => bot.stop('SIGKILL')));
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function startBot(): Promise<ChildBot> {
  const bot = await ChildBot.start({ STORAGE: 'sqlite', SQLITE_PATH: dbFile }, 60_000);
  running.push(bot);
  return bot;
}

/**
 * A client that keeps its conversation and user but talks to whichever bot process is up. Its `say`
 * waits longer than usual for the reply: a freshly started process on a busy machine can be slow.
 */
function clientOn(
  bot: ChildBot,
  ids: { conversationId: string; userId: string },
): { say(text: string): Promise<Array<Record<string, unknown>>> } {
  const client = new BotClient(bot.url, connector, ids);
  return {
    async say(text: string) {
      const from = connector.calls.length;
      const res = await client.post(client.activity({ type: 'message', text }));
      if (res.status !== 200) throw new Error(`bot answered ${res.status}`);
      await connector.waitFor(
        () => connector.sent(from).some((a) => (a.conversation as { id?: string }).id === ids.conversationId),
        20_000,
      );
      return connector.sent(from).filter((a) => (a.conversation as { id?: string }).id === ids.conversationId);
    },
  };
}

const lastCard = (replies: Array<Record<string, unknown>>) => cardText(cardOf(replies.at(-1)));
const texts = (replies: Array<Record<string, unknown>>) =>
  replies.map((r) => (typeof r.text === 'string' ? r.text : cardText(cardOf(r)))).join('\n');

/** Rewrites one stored item (from outside the bot process) as an older release might have left it. */
async function rewrite(key: string, change: (item: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const storage = new SqliteStorage(dbFile);
  try {
    const items = await storage.read([key]);
    const item = items[key] as Record<string, unknown> | undefined;
    if (!item) throw new Error(`no stored item ${key}`);
    await storage.write({ [key]: { ...change(item), eTag: '*' } });
  } finally {
    storage.close();
  }
}

describe('restart and redeploy (SQLite, separate process)', () => {
  it('continues the intake after kill -9 between two turns', async () => {
    const ids = { conversationId: 'conv-restart-1', userId: 'user-restart-1' };
    const first = await startBot();
    await clientOn(first, ids).say('start');
    expect(lastCard(await clientOn(first, ids).say('horeca'))).toContain('Vraag 2 van 4');

    expect(await first.stop('SIGKILL')).toBeNull();

    const second = await startBot();
    current = second;
    expect(lastCard(await clientOn(second, ids).say('geen stage'))).toContain('Vraag 3 van 4');
    const answers = await clientOn(second, ids).say('mijn antwoorden');
    expect(lastCard(answers)).toContain('Voedsel, groen en gastvrijheid');
    expect(lastCard(answers)).toContain('Student heeft geen stage of leerbaan');
  }, 180_000);

  it('restarts a dialog an older release left behind, once, without a crash loop', async () => {
    const stale = { conversationId: 'conv-stale-dialog', userId: 'user-stale-dialog' };
    const oldProfile = { conversationId: 'conv-stale-profile', userId: 'user-stale-profile' };
    const bot = current ?? (await startBot());
    current = bot;
    await clientOn(bot, stale).say('start');
    await clientOn(bot, stale).say('horeca');
    await clientOn(bot, oldProfile).say('start');
    await clientOn(bot, oldProfile).say('zorg');

    // The older release had a dialog this one no longer knows, and stored the profile in another shape.
    await rewrite(
      `msteams/conversations/${stale.conversationId}/`,
      (item) =>
        JSON.parse(JSON.stringify(item).replaceAll('"intakeDialog"', '"oudeIntakeWizard"')) as Record<string, unknown>,
    );
    await rewrite(`msteams/conversations/${oldProfile.conversationId}/`, (item) => ({
      ...item,
      profile: { schema: 'v0', sectorNaam: 'Zorg', stappen: [1, 2] },
    }));

    const redeployed = bot;
    const staleReply = await clientOn(redeployed, stale).say('geen stage');
    expect(texts(staleReply)).toContain(RESTART_MESSAGE);
    expect(texts(staleReply)).not.toMatch(/er ging bij mij iets mis/);
    // Next turn: an ordinary conversation again, no second apology.
    const afterwards = await clientOn(redeployed, stale).say('start');
    expect(lastCard(afterwards)).toContain('Vraag 1 van 4');
    expect(texts(afterwards)).not.toContain(RESTART_MESSAGE);

    const profileReply = await clientOn(redeployed, oldProfile).say('hallo');
    expect(texts(profileReply)).toMatch(/bijgewerkt/);
    const again = await clientOn(redeployed, oldProfile).say('zorg');
    expect(texts(again)).not.toMatch(/bijgewerkt|iets mis/);
    expect(redeployed.child.exitCode).toBeNull();
  }, 60_000);

  it('finishes a turn in flight on SIGTERM before exiting', async () => {
    const bot = current ?? (await startBot());
    const client = new BotClient(bot.url, connector);
    // The reply meets a 429 with Retry-After 1 s, so the turn is still running when SIGTERM arrives.
    connector.failNext.push({ status: 429, headers: { 'retry-after': '1' } });
    const from = connector.calls.length;
    const pending = client.post(client.activity({ type: 'message', text: 'help' }));
    await new Promise((r) => setTimeout(r, 300));
    const exit = bot.stop('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(connector.sent(from).length).toBeGreaterThan(0);
    expect(await exit).toBe(0);
    expect(bot.logs.some((l) => l.includes('finishing turns in flight'))).toBe(true);
  }, 60_000);
});
