import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotApp } from '../src/app';
import { BlobStorage } from '../src/host/blobStorage';
import { ETagConflictError } from '../src/host/stateStore';
import { CONFLICT_MESSAGE, TURN_ERROR_MESSAGE } from '../src/host/turnPipeline';
import { TableInsightsStore } from '../src/host/insightsTableStore';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';
import { Azurite } from './support/azurite';
import { BotClient, cardActions, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { ADMIN, isChannelPost, postedReferralIds, referralSend, setUpChannel } from './support/referralFlow';
import { startBot } from './support/startBot';

/**
 * Scale-out: two bot instances share one Azure Blob container (Azurite, started by this test) and serve
 * the same conversations. A turn is saved in one blob write or not at all; a turn run again after a
 * conflict repeats none of its effects (referral posts, insight counts).
 */

let azurite: Azurite;
let connector: FakeConnector;
let dir: string;
const apps: BotApp[] = [];
let instanceA: string;
let instanceB: string;
const container = `bpv-test-${randomUUID().slice(0, 8)}`;
const OPTION_KEYS = loadKnowledge(KNOWLEDGE_DIR).options.map((o) => o.key);

async function instance(env: Record<string, string>): Promise<string> {
  const started = await startBot(env);
  apps.push(started.app);
  return started.url;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bpv-blob-'));
  azurite = await Azurite.start();
  connector = new FakeConnector();
  await connector.start();
  const env = {
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: azurite.connectionString,
    BLOB_CONTAINER: container,
    ADMIN_IDS: ADMIN,
  };
  instanceA = await instance(env);
  instanceB = await instance(env);
  await setUpChannel(instanceA, connector);
}, 60_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await connector.stop();
  await azurite.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ids = () => ({ conversationId: `conv-${randomUUID()}`, userId: `user-${randomUUID()}` });
const lastCard = (replies: Array<Record<string, unknown>>) => cardText(cardOf(replies.at(-1)));
const textOf = (a: Record<string, unknown>) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a)));

describe('BlobStorage', () => {
  it('writes only over the version read or only when absent, lists keys, and keeps non-ASCII text intact', async () => {
    const one = new BlobStorage(azurite.connectionString, container);
    const two = new BlobStorage(azurite.connectionString, container);
    const key = `probe/${randomUUID()}`;
    const created = await one.writeIf(key, { text: 'Coördinator 👍 één' }, null);
    await expect(two.writeIf(key, { text: 'ook nieuw' }, null)).rejects.toBeInstanceOf(ETagConflictError);
    const seen = (await two.read([key]))[key] as { eTag: string; text: string };
    expect(seen).toEqual({ text: 'Coördinator 👍 één', eTag: created });
    await two.writeIf(key, { text: 'nieuw' }, seen.eTag);
    await expect(one.writeIf(key, { text: 'oud' }, created)).rejects.toBeInstanceOf(ETagConflictError);
    expect(((await one.read([key]))[key] as { text: string }).text).toBe('nieuw');
    expect(await one.keys('probe/')).toContain(key);
    await one.delete([key]);
    expect(await one.read([key])).toEqual({});
  });

  it('deletes blobs not modified within the retention period, and keeps the rest', async () => {
    const day = 24 * 3600 * 1000;
    const storage = new BlobStorage(azurite.connectionString, `bpv-retention-${randomUUID().slice(0, 8)}`, 90 * day);
    // A container that does not exist yet has nothing to purge.
    expect(await storage.purgeExpired()).toBe(0);
    await storage.write({
      'msteams/conversations/a/': { profile: { version: 1 } },
      'msteams/conversations/b/': { dialogState: {} },
    });
    expect(await storage.purgeExpired(() => Date.now() + 89 * day)).toBe(0);
    expect(Object.keys(await storage.read(['msteams/conversations/a/', 'msteams/conversations/b/']))).toHaveLength(2);
    expect(await storage.purgeExpired(() => Date.now() + 91 * day)).toBe(2);
    expect(await storage.read(['msteams/conversations/a/', 'msteams/conversations/b/'])).toEqual({});
  });
});

describe('two instances, one conversation', () => {
  it('continues one intake across both instances, turn by turn', async () => {
    const conversation = ids();
    const on = (url: string) => new BotClient(url, connector, conversation);
    expect(lastCard(await on(instanceA).say('start'))).toContain('Vraag 1 van 4');
    expect(lastCard(await on(instanceB).say('horeca'))).toContain('Vraag 2 van 4');
    expect(lastCard(await on(instanceA).say('geen stage'))).toContain('Vraag 3 van 4');
    expect(lastCard(await on(instanceB).say('geen plekken'))).toContain('Vraag 4 van 4');
    const answers = lastCard(await on(instanceA).say('mijn antwoorden'));
    expect(answers).toContain('Voedsel, groen en gastvrijheid');
    expect(answers).toContain('Student heeft geen stage of leerbaan');
    expect(answers).toContain('Er zijn geen plekken');
  }, 30_000);

  it('adds every plan item sent at once to both instances once: no "stond al in", no "niet verwerkt" for what was kept', async () => {
    for (let round = 0; round < 6; round++) {
      const conversation = ids();
      const on = (url: string) => new BotClient(url, connector, conversation);
      await on(instanceA).say(`nieuw plan ronde ${round}`);
      const answers = await Promise.all(
        OPTION_KEYS.map(async (key, i) => {
          const client = on(i % 2 ? instanceB : instanceA);
          const res = await client.post(
            client.activity({
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: { action: { type: 'Action.Execute', verb: 'plan.add', data: { option: key } }, trigger: 'manual' },
            }),
          );
          const body = JSON.parse(res.body) as { value: unknown };
          return { key, status: res.status, text: typeof body.value === 'string' ? body.value : cardText(body.value) };
        }),
      );
      expect(answers.map((a) => a.status).every((s) => s === 200)).toBe(true);
      const plan = cardOf((await on(instanceA).say('mijn plan')).at(-1));
      const inPlan = new Set(
        cardActions(plan)
          .map((a) => a.data?.option ?? a.data?.key)
          .filter(Boolean),
      );
      for (const { key, text } of answers) {
        // Each key was sent once: "stond al in" would mean an earlier, half-saved run of the same turn.
        expect({ key, already: /stond al in/.test(text) }).toEqual({ key, already: false });
        if (text === CONFLICT_MESSAGE) expect({ key, inPlan: inPlan.has(key) }).toEqual({ key, inPlan: false });
        else expect({ key, text: text.slice(0, 40), inPlan: inPlan.has(key) }).toMatchObject({ key, inPlan: true });
      }
    }
  }, 120_000);

  it('loses nothing silently when two turns of one conversation arrive at both instances at once', async () => {
    for (let round = 0; round < 3; round++) {
      const conversation = ids();
      const on = (url: string) => new BotClient(url, connector, conversation);
      await on(instanceA).say('start');
      await on(instanceB).say('zorg');
      const from = connector.calls.length;
      const a = on(instanceA);
      const b = on(instanceB);
      const results = await Promise.all([
        a.post(a.activity({ type: 'message', text: 'geen stage' })),
        b.post(b.activity({ type: 'message', text: 'geen plekken' })),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const replies = connector
        .sent(from)
        .filter((x) => (x.conversation as { id: string }).id === conversation.conversationId)
        .map(textOf);
      expect(replies.length).toBeGreaterThanOrEqual(2);
      expect(replies).not.toContain(TURN_ERROR_MESSAGE);
      // Whatever the order, what the bot confirmed to the user is what is stored (no lost update):
      // "Vraag 3" confirms the situation, "Vraag 4" the places too. A message it could not save was
      // answered with the request to send it again.
      const answers = lastCard(await on(instanceA).say('mijn antwoorden'));
      const confirmedSituation = replies.some((r) => /Vraag [34] van 4/.test(r));
      const confirmedPlaces = replies.some((r) => /Vraag 4 van 4/.test(r));
      expect(confirmedSituation || replies.includes(CONFLICT_MESSAGE)).toBe(true);
      if (confirmedSituation) expect(answers).toContain('Student heeft geen stage of leerbaan');
      if (confirmedPlaces) expect(answers).toContain('Er zijn geen plekken');
    }
  }, 60_000);

  it('counts a question it was not sure about once, also when its turn was run again after a conflict', async () => {
    const conversation = ids();
    const on = (url: string) => new BotClient(url, connector, conversation);
    const questions = Array.from({ length: 12 }, (_, i) => `wat doe ik met de kwzx ${randomUUID().slice(0, 6)} ${i}`);
    const from = connector.calls.length;
    await Promise.all(
      questions.map((text, i) => {
        const client = on(i % 2 ? instanceB : instanceA);
        return client.post(client.activity({ type: 'message', text }));
      }),
    );
    const answered = connector
      .sent(from)
      .filter((x) => (x.conversation as { id: string }).id === conversation.conversationId)
      .map(textOf);
    // A question with no sure answer: "niet zeker", or (words that point nowhere) "daar gaat de handreiking niet over".
    const notSure = answered.filter((t) => /niet zeker|Daar gaat de handreiking niet over/i.test(t)).length;
    expect(notSure).toBeGreaterThan(0);
    // Stop both instances: their last counts are written to the insights table both share.
    await Promise.all(apps.splice(0).map((app) => app.stop()));
    const reader = new TableInsightsStore(azurite.connectionString, 'bpvwegwijzerinsights');
    const { texts } = await reader.read();
    await reader.close();
    const counted = texts
      .filter((q) => /kwzx/.test(q.text) && q.kind !== 'not-useful')
      .reduce((sum, q) => sum + q.n, 0);
    expect(counted).toBe(notSure);
    const env = {
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: azurite.connectionString,
      BLOB_CONTAINER: container,
      ADMIN_IDS: ADMIN,
    };
    instanceA = await instance(env);
    instanceB = await instance(env);
  }, 60_000);
});

describe('two instances and referrals', () => {
  it('posts a referral once and stores it once when "Klaarzetten" is pressed on both instances at once', async () => {
    const store = new BlobStorage(azurite.connectionString, container);
    const before = new Set(await store.keys('bpv/referral/'));
    const from = connector.calls.length;
    const sends = [];
    for (let c = 0; c < 6; c++) {
      const conversation = ids();
      const a = new BotClient(instanceA, connector, conversation);
      const b = new BotClient(instanceB, connector, conversation);
      sends.push(a.post(referralSend(a, `Vraag ${c} via A`)), b.post(referralSend(b, `Vraag ${c} via B`)));
    }
    const results = await Promise.all(sends);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const created = (await store.keys('bpv/referral/')).filter((key) => !before.has(key));
    const posted = postedReferralIds(connector, from);
    // Every referral stored was posted, once; none was posted twice or stored twice.
    expect(new Set(posted).size).toBe(posted.length);
    const questions = connector.calls
      .slice(from)
      .flatMap((c) =>
        isChannelPost(c.method, c.path) ? (/Vraag \d+ via [AB]/.exec(JSON.stringify(c.body)) ?? []) : [],
      );
    expect(new Set(questions).size).toBe(questions.length);
    expect(created.sort()).toEqual(posted.map((id) => `bpv/referral/${id}`).sort());
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.length).toBeLessThanOrEqual(12);
  }, 60_000);

  it('keeps all of 20 referrals sent at once while the channel refuses posts, and posts all of them later', async () => {
    for (let i = 0; i < 40; i++) connector.failNext.push({ status: 403, match: isChannelPost });
    const clients = Array.from({ length: 20 }, () => new BotClient(instanceA, connector));
    const results = await Promise.all(
      clients.map((client, i) => client.post(referralSend(client, `Wachtende vraag ${i}`))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Each of the 20 posts was tried once and refused.
    expect(40 - connector.failNext.length).toBe(20);
    connector.failNext.length = 0;
    // The channel works again; a new setup (or a restart) starts a retry round: all 20 arrive.
    const later = connector.calls.length;
    await setUpChannel(instanceB, connector);
    const arrived = () =>
      connector.calls
        .slice(later)
        .filter((c) => isChannelPost(c.method, c.path) && /Wachtende vraag/.test(JSON.stringify(c.body)));
    await connector.waitFor(() => arrived().length >= 20, 20_000).catch(() => undefined);
    expect(arrived()).toHaveLength(20);
  }, 60_000);
});
