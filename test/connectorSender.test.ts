import type { Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnectorError, BotConnectorSender } from '../src/host/connectorSender';
import { retryAfterMs, statusOf } from '../src/host/retry';
import { BotClient } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * The lean sender against botbuilder's generated ConnectorClient as the oracle: for the same calls the
 * Bot Connector must receive the same requests (method, path, JSON body, authorization).
 */

const connector = new FakeConnector();
/** Teams' service URLs have a path; the API goes below it. */
let serviceUrl: string;

beforeAll(async () => {
  await connector.start();
  serviceUrl = `${connector.url}/emea/`;
});

afterAll(async () => {
  await connector.stop();
});

const CONVERSATION = '19:abc123@thread.tacv2;messageid=1700000000000';
const ACTIVITY_ID = '1:1aBc-dEf_ghI';

function richActivity(): Partial<Activity> {
  return {
    type: 'message',
    text: 'Eén vraag over bbl’ers: “geen leerbaan” <at>Bpv-wegwijzer</at>',
    textFormat: 'markdown',
    locale: 'nl-NL',
    timestamp: new Date('2026-12-01T10:00:00Z'),
    channelId: 'msteams',
    serviceUrl,
    from: { id: 'bot-id', name: 'Bpv-wegwijzer' },
    recipient: { id: 'user-1', name: 'Coördinator', aadObjectId: 'aad-1' },
    conversation: { id: CONVERSATION, isGroup: true, conversationType: 'channel', name: '', tenantId: 'tenant' },
    replyToId: ACTIVITY_ID,
    entities: [{ type: 'mention', text: '<at>Bpv-wegwijzer</at>', mentioned: { id: 'bot-id', name: 'Bpv-wegwijzer' } }],
    channelData: { tenant: { id: 'tenant' }, notification: { alert: true } },
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: 'Stap 1 · 30% ‘bpv’', wrap: true }],
          actions: [{ type: 'Action.Execute', verb: 'advice.next', data: { option: '1.2', nested: { list: [1, 2, null] } } }],
        },
      },
    ],
  };
}

/** The requests a pair of calls produced, for comparison: method, path, body, authorization. */
function lastTwo() {
  const [viaLibrary, viaLean] = connector.calls.slice(-2);
  if (!viaLibrary || !viaLean) throw new Error('expected two requests');
  const view = (c: typeof viaLibrary) => ({ method: c.method, path: c.path, body: c.body, authorization: c.headers.authorization });
  return { library: view(viaLibrary), lean: view(viaLean) };
}

describe('BotConnectorSender', () => {
  const library = () => new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: serviceUrl });
  const lean = () => new BotConnectorSender(serviceUrl, new MicrosoftAppCredentials('', ''));

  it('replies, sends and updates exactly as botbuilder’s ConnectorClient does', async () => {
    await library().conversations.replyToActivity(CONVERSATION, ACTIVITY_ID, richActivity());
    const reply = await lean().replyToActivity(CONVERSATION, ACTIVITY_ID, richActivity());
    let pair = lastTwo();
    expect(pair.lean).toEqual(pair.library);
    expect(pair.lean.method).toBe('POST');
    expect(pair.lean.path).toBe(`/emea/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities/${encodeURIComponent(ACTIVITY_ID)}`);
    expect(pair.lean.body.text).toBe(richActivity().text);
    expect(reply.id).toMatch(/^reply-\d+$/);

    await library().conversations.sendToConversation(CONVERSATION, richActivity());
    await lean().sendToConversation(CONVERSATION, richActivity());
    pair = lastTwo();
    expect(pair.lean).toEqual(pair.library);
    expect(pair.lean.path).toBe(`/emea/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities`);

    await library().conversations.updateActivity(CONVERSATION, ACTIVITY_ID, { ...richActivity(), id: ACTIVITY_ID });
    await lean().updateActivity(CONVERSATION, ACTIVITY_ID, { ...richActivity(), id: ACTIVITY_ID });
    pair = lastTwo();
    expect(pair.lean).toEqual(pair.library);
    expect(pair.lean.method).toBe('PUT');
  });

  it('signs requests with the bot’s own credentials, as the library does', async () => {
    const credentials = new MicrosoftAppCredentials('00000000-0000-4000-8000-00000000b0b0', 'secret', 'tenant');
    // Offline: the token Entra ID would have issued, put in the credentials' own (static, private) cache.
    const key = (credentials as unknown as { tokenCacheKey: string }).tokenCacheKey;
    const cache = (MicrosoftAppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache;
    cache.set(key, { accessToken: 'token-from-entra', expiresOn: new Date(Date.now() + 3_600_000) });
    try {
      await new ConnectorClient(credentials, { baseUri: serviceUrl }).conversations.sendToConversation(CONVERSATION, richActivity());
      await new BotConnectorSender(serviceUrl, credentials).sendToConversation(CONVERSATION, richActivity());
      const pair = lastTwo();
      expect(pair.lean.authorization).toBe('Bearer token-from-entra');
      expect(pair.lean).toEqual(pair.library);
    } finally {
      cache.delete(key);
    }
  });

  it('reports a refusal with its status and Retry-After, for the retry, and without the connector’s message text', async () => {
    connector.failNext.push({ status: 429, headers: { 'retry-after': '2' } });
    const error: unknown = await lean()
      .replyToActivity(CONVERSATION, ACTIVITY_ID, richActivity())
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BotConnectorError);
    expect(statusOf(error)).toBe(429);
    expect(retryAfterMs(error)).toBe(2000);
    expect((error as Error).message).toBe('Bot Connector answered 429 (Throttled)');
  });

  it('fails fast when nothing listens, as a reset connection the retry may send again', async () => {
    const gone = new BotConnectorSender('http://127.0.0.1:1/', new MicrosoftAppCredentials('', ''));
    await expect(gone.sendToConversation(CONVERSATION, richActivity())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the bot’s replies', () => {
  async function firstReply(env: Record<string, string>) {
    const bot = await startBot(env);
    try {
      const from = connector.calls.length;
      const client = new BotClient(bot.url, connector);
      const res = await client.post(client.activity({ type: 'message', text: 'help' }));
      expect(res.status).toBe(200);
      await connector.waitFor(() => connector.sent(from).length > 0);
      return connector.calls.slice(from)[0];
    } finally {
      await bot.app.stop();
    }
  }

  it('go out through the lean sender, and through botbuilder’s client with BOT_CONNECTOR_CLIENT=library', async () => {
    const lean = await firstReply({});
    const library = await firstReply({ BOT_CONNECTOR_CLIENT: 'library' });
    // The library announces itself; the lean sender sends no user agent of its own.
    expect(library?.headers['user-agent']).toMatch(/botframework-connector/);
    expect(lean?.headers['user-agent']).toBeUndefined();
    for (const call of [lean, library]) expect(call?.path).toMatch(/^\/v3\/conversations\/conv-[^/]+\/activities\/[^/]+$/);
    expect(lean?.body.attachments).toBeDefined();
    expect(lean?.body.attachments).toEqual(library?.body.attachments);
    expect(lean?.body.type).toBe('message');
  });
});
