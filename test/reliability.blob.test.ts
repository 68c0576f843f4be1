import { randomUUID } from 'node:crypto';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURN_ERROR_MESSAGE } from '../src/host/adapter';
import { containerClientOf, purgeExpiredBlobs } from '../src/host/blobRetention';
import { CONFLICT_MESSAGE, isETagConflict } from '../src/host/turnRunner';
import { Azurite } from './support/azurite';
import { BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * Scale-out: two bot instances share one Azure Blob container (Azurite, started by this test) and serve
 * one conversation in turns; two turns of one conversation at the same time lose nothing silently.
 */

let azurite: Azurite;
let connector: FakeConnector;
const stops: Array<() => Promise<void>> = [];
let instanceA: string;
let instanceB: string;
const container = `bpv-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  azurite = await Azurite.start();
  connector = new FakeConnector();
  await connector.start();
  const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: container };
  const a = await startBot(env);
  const b = await startBot(env);
  stops.push(() => a.app.stop(), () => b.app.stop());
  instanceA = a.url;
  instanceB = b.url;
}, 60_000);

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
  await connector.stop();
  await azurite.stop();
});

const ids = () => ({ conversationId: `conv-${randomUUID()}`, userId: `user-${randomUUID()}` });
const lastCard = (replies: Array<Record<string, unknown>>) => cardText(cardOf(replies.at(-1)));
const textOf = (a: Record<string, unknown>) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a)));

describe('Azure Blob storage shared by two instances', () => {
  it('rejects a stale write as an eTag conflict the bot recognises, and keeps non-ASCII text intact', async () => {
    const one = new BlobsStorage(azurite.connectionString, container);
    const two = new BlobsStorage(azurite.connectionString, container);
    const key = `probe/${randomUUID()}`;
    await one.write({ [key]: { text: 'Coördinator 👍 één' } });
    const seenByOne = (await one.read([key]))[key] as { eTag: string; text: string };
    const seenByTwo = (await two.read([key]))[key] as { eTag: string };
    expect(seenByOne.text).toBe('Coördinator 👍 één');
    await two.write({ [key]: { text: 'nieuw', eTag: seenByTwo.eTag } });
    const stale = one.write({ [key]: { text: 'oud', eTag: seenByOne.eTag } });
    await expect(stale).rejects.toSatisfy(isETagConflict);
    expect(((await one.read([key]))[key] as { text: string }).text).toBe('nieuw');
  });

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

  it('loses nothing silently when two turns of one conversation arrive at both instances at once', async () => {
    for (let round = 0; round < 3; round++) {
      const conversation = ids();
      const on = (url: string) => new BotClient(url, connector, conversation);
      await on(instanceA).say('start');
      await on(instanceB).say('zorg');
      const from = connector.calls.length;
      const a = on(instanceA);
      const b = on(instanceB);
      const results = await Promise.all([a.post(a.activity({ type: 'message', text: 'geen stage' })), b.post(b.activity({ type: 'message', text: 'geen plekken' }))]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const replies = connector.sent(from).filter((x) => (x.conversation as { id: string }).id === conversation.conversationId).map(textOf);
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

  it('deletes state not modified within the retention period, and keeps the rest', async () => {
    const retentionContainer = `bpv-retention-${randomUUID().slice(0, 8)}`;
    const storage = new BlobsStorage(azurite.connectionString, retentionContainer);
    await storage.write({ 'msteams/users/a/': { profile: { version: 1 } }, 'msteams/conversations/a/': { dialogState: {} } });
    const container = containerClientOf(storage);
    expect(container).toBeDefined();
    if (!container) return;
    const day = 24 * 3600 * 1000;
    // 89 days later nothing is due; 91 days later both are.
    expect(await purgeExpiredBlobs(container, 90 * day, () => Date.now() + 89 * day)).toBe(0);
    expect(Object.keys(await storage.read(['msteams/users/a/', 'msteams/conversations/a/']))).toHaveLength(2);
    expect(await purgeExpiredBlobs(container, 90 * day, () => Date.now() + 91 * day)).toBe(2);
    expect(await storage.read(['msteams/users/a/', 'msteams/conversations/a/'])).toEqual({});
    // A container that does not exist yet has nothing to purge.
    const fresh = containerClientOf(new BlobsStorage(azurite.connectionString, `bpv-none-${randomUUID().slice(0, 8)}`));
    expect(fresh && (await purgeExpiredBlobs(fresh, day))).toBe(0);
  });
});
