import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURN_BUDGET_MS } from '../src/host/retry';
import { SqliteStorage } from '../src/host/sqliteStorage';
import { POST_PENDING_MESSAGE } from '../src/teams/referralService';
import { ReferralStore } from '../src/teams/referralStore';
import { BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { ADMIN, isChannelPost, postedReferralIds, referralSend, setUpChannel } from './support/referralFlow';
import { startBot } from './support/startBot';

/**
 * Referrals over HTTP with SQLite, one instance, when the advisers' channel is slow or refuses posts:
 * each referral is stored once and posted once, within the turn's budget for connector calls, and
 * what could not be posted is posted later.
 */

let dir: string;
let dbFile: string;
const connector = new FakeConnector();
let bot: Awaited<ReturnType<typeof startBot>>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bpv-referrals-'));
  dbFile = path.join(dir, 'state.sqlite');
  await connector.start();
  bot = await startBot({ STORAGE: 'sqlite', SQLITE_PATH: dbFile, ADMIN_IDS: ADMIN });
  await setUpChannel(bot.url, connector);
});

afterAll(async () => {
  await bot.app.stop();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The referrals stored in the bot's SQLite file, read from outside the bot. */
async function storedReferrals() {
  const storage = new SqliteStorage(dbFile);
  try {
    const store = new ReferralStore(storage);
    const ids = (await storage.keys('bpv/referral/')).map((key) => key.slice('bpv/referral/'.length));
    return { records: await Promise.all(ids.map((id) => store.get(id))), pending: await store.pending() };
  } finally {
    storage.close();
  }
}

const texts = (activities: Array<Record<string, unknown>>) =>
  activities.map((a) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a))));

describe('a referral whose post meets a slow or refusing channel', () => {
  it('stays within the turn’s budget when the channel asks to wait 30 s, and is posted later', async () => {
    const client = new BotClient(bot.url, connector);
    connector.failNext.push({ status: 429, headers: { 'retry-after': '30' }, match: isChannelPost });
    const from = connector.calls.length;
    const started = Date.now();
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(referralSend(client, 'Hoe werven we in de zorg?')),
      signal: AbortSignal.timeout(TURN_BUDGET_MS + 2_000),
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(TURN_BUDGET_MS);
    expect(cardText((JSON.parse(await res.text()) as { value: unknown }).value)).toContain(
      'Ik zet je vraag in het adviseurskanaal',
    );
    // The coordinator hears that it did not go through yet; nothing was posted.
    expect(
      texts(connector.sent(from).filter((a) => (a.conversation as { id: string }).id === client.conversationId)),
    ).toEqual([POST_PENDING_MESSAGE]);
    expect(postedReferralIds(connector, from)).toEqual([]);
    const { records, pending } = await storedReferrals();
    const record = records.find((r) => r?.body.includes('Hoe werven we in de zorg?'));
    expect(record?.delivery).toBe('pending');
    expect(pending).toContain(record?.id);

    // A new setup of the channel starts a retry round: posted now, once, under the id the connector gave it.
    const later = connector.calls.length;
    await setUpChannel(bot.url, connector);
    await connector.waitFor(() => postedReferralIds(connector, later).includes(record?.id ?? '-'));
    const posts = connector.calls
      .slice(later)
      .filter((c) => isChannelPost(c.method, c.path) && JSON.stringify(c.body).includes(record?.id ?? '-'));
    expect(posts).toHaveLength(1);
    // The record is updated right after the post.
    let after = await storedReferrals();
    for (let i = 0; i < 50 && after.records.find((r) => r?.id === record?.id)?.delivery !== 'posted'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await storedReferrals();
    }
    expect(after.records.find((r) => r?.id === record?.id)).toMatchObject({
      delivery: 'posted',
      channelPost: { activityId: posts[0]?.id },
    });
    expect(after.pending).not.toContain(record?.id);
  });

  it('is stored and posted once when a message typed meanwhile waits for it (throttled three times)', async () => {
    const client = new BotClient(bot.url, connector);
    await client.say('start');
    for (let i = 0; i < 3; i++)
      connector.failNext.push({ status: 429, headers: { 'retry-after': '3' }, match: isChannelPost });
    const from = connector.calls.length;
    const send = client.post(referralSend(client, 'Mag een deel van de bpv korter?'));
    await new Promise((r) => setTimeout(r, 1_000));
    const help = client.post(client.activity({ type: 'message', text: 'help' }));
    const [sent, helped] = await Promise.all([send, help]);
    expect(sent.status).toBe(200);
    expect(helped.status).toBe(200);
    connector.failNext.length = 0;

    const ids = postedReferralIds(connector, from);
    const later = connector.calls.length;
    await setUpChannel(bot.url, connector);
    const { records } = await storedReferrals();
    const mine = records.filter((r) => r?.body.includes('Mag een deel van de bpv korter?'));
    expect(mine).toHaveLength(1);
    const id = mine[0]?.id ?? '-';
    await connector.waitFor(() => [...ids, ...postedReferralIds(connector, later)].includes(id));
    await new Promise((r) => setTimeout(r, 300));
    // Posted exactly once in all: during the turn or in the retry round, not both, not twice.
    expect([...ids, ...postedReferralIds(connector, later)].filter((x) => x === id)).toHaveLength(1);
  });

  it('keeps a referral pending while the bot is removed from the advisers’ team (403), and posts it after', async () => {
    const client = new BotClient(bot.url, connector);
    connector.failNext.push({ status: 403, match: isChannelPost });
    const from = connector.calls.length;
    expect((await client.post(referralSend(client, 'Wie deelt een rooster?'))).status).toBe(200);
    expect(postedReferralIds(connector, from)).toEqual([]);
    const { records } = await storedReferrals();
    const id = records.find((r) => r?.body.includes('Wie deelt een rooster?'))?.id ?? '-';
    const later = connector.calls.length;
    await setUpChannel(bot.url, connector);
    await connector.waitFor(() => postedReferralIds(connector, later).includes(id));
  });
});
