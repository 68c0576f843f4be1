import { AuthenticationError } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createAdapter, shareBudget, validateClaims } from '../src/host/adapter';
import { createLogger } from '../src/host/logger';
import { CONNECTOR_REQUEST_TIMEOUT_MS, CONNECTOR_RETRY, TurnBudget } from '../src/host/retry';
import { FakeConnector } from './support/fakeConnector';

/**
 * The adapter's connector calls, here proactive ones (as referral posts are), against a fake Bot
 * Connector: one bounded retry (botbuilder's connector client adds none of its own), a timeout per
 * request, the turn's budget shared, and the id the connector gave the message.
 */

const connector = new FakeConnector();
const adapter = createAdapter(loadConfig({}).auth, createLogger('silent'));
const conversation = { id: '19:adviseurs@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' };

beforeAll(() => connector.start());
afterAll(() => connector.stop());

/** Posts a message into the channel with `budget` (a new one when absent); resolves with its id. */
async function post(budget?: TurnBudget): Promise<string | undefined> {
  let id: string | undefined;
  await adapter.continueConversationAsync(
    '',
    { serviceUrl: connector.url, channelId: 'msteams', conversation, bot: { id: 'bot', name: '' } },
    async (context) => {
      if (budget) shareBudget(context, budget);
      context.onSendActivities(async (_c, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      id = (await context.sendActivity('Nieuwe vraag'))?.id;
    },
  );
  return id;
}

describe('connector calls', () => {
  it('return the id the connector gave the message', async () => {
    const id = await post();
    expect(id).toBe(connector.calls.at(-1)?.id);
    expect(id).toMatch(/^reply-\d+$/);
  });

  it('are retried by one policy only: a failing connector sees at most its attempts, not the client’s retries on top', async () => {
    for (let i = 0; i < 20; i++) connector.failNext.push({ status: 500 });
    const from = connector.attempts.length;
    await expect(post()).rejects.toMatchObject({ statusCode: 500 });
    expect(connector.attempts.length - from).toBe(CONNECTOR_RETRY.maxAttempts);
    connector.failNext.length = 0;
  });

  it('give up on a request that hangs after the request timeout, without sending it again', async () => {
    connector.failNext.push({ delayMs: CONNECTOR_REQUEST_TIMEOUT_MS + 1_000 });
    const from = connector.attempts.length;
    const started = Date.now();
    await expect(post()).rejects.toMatchObject({ name: 'ConnectorRequestError', code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(CONNECTOR_REQUEST_TIMEOUT_MS + 800);
    expect(connector.attempts.length - from).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
  });

  it('share the turn’s budget: a wait that does not fit what is left is not made', async () => {
    connector.failNext.push({ status: 429, headers: { 'retry-after': '2' } });
    const from = connector.attempts.length;
    // 4 s left: a 2 s wait plus a 3 s request do not fit.
    await expect(post(new TurnBudget(4_000))).rejects.toMatchObject({ statusCode: 429 });
    expect(connector.attempts.length - from).toBe(1);
    // With a fresh turn's budget the same wait is made and the message goes out.
    connector.failNext.push({ status: 429, headers: { 'retry-after': '1' } });
    expect(await post(new TurnBudget())).toMatch(/^reply-\d+$/);
  });
});

describe('claims of an incoming token', () => {
  const claims = (extra: Record<string, unknown>) =>
    Object.entries({
      iss: 'https://api.botframework.com',
      aud: 'app-id',
      serviceurl: 'https://smba.example/',
      ...extra,
    }).map(([type, value]) => ({ type, value: value }));

  it('must include an expiry', async () => {
    await expect(validateClaims(claims({ exp: Math.floor(Date.now() / 1000) + 300 }))).resolves.toBeUndefined();
    await expect(validateClaims(claims({}))).rejects.toBeInstanceOf(AuthenticationError);
    await expect(validateClaims(claims({ exp: 'later' }))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('may not be a skill’s (another bot calling this one)', async () => {
    const skill = claims({ exp: Math.floor(Date.now() / 1000) + 300, ver: '1.0', appid: 'other-bot', aud: 'app-id' });
    await expect(validateClaims(skill)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
