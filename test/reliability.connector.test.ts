import { describe, expect, it } from 'vitest';
import { CONNECTOR_REQUEST_TIMEOUT_MS, TURN_BUDGET_MS } from '../src/host/retry';
import { type BotClient, cardOf, cardText } from './support/botClient';
import type { ConnectorFault } from './support/fakeConnector';
import { useBotServer } from './support/useBotServer';

/**
 * The Bot Connector misbehaving on a turn's reply (after the state was saved): throttled for good,
 * failing, hanging, resetting the connection. The user never silently loses a reply: either it is
 * retried and delivered, or the turn is not kept and Teams gets a 503, and its redelivery of the same
 * activity then runs the turn and delivers the reply. Never a question skipped. One case can still give
 * a reply twice, by choice: the connector took the reply but the answer never came back (a reset after
 * delivery, or a hang past the request timeout); the bot cannot tell that from a reply not taken, and a
 * reply twice is better than none (src/host/retry.ts).
 */

const server = useBotServer();
const { connector } = server;

const texts = (activities: Array<Record<string, unknown>>) =>
  activities.map((a) => (typeof a.text === 'string' ? a.text : cardText(cardOf(a))));

/** A coordinator at question 1 of the intake. */
async function atQuestionOne(): Promise<BotClient> {
  const client = server.client();
  expect(texts(await client.say('start')).join()).toContain('Vraag 1 van 4');
  return client;
}

/** Faults for the replies in `client`'s conversation only. */
const forConversation = (client: BotClient, fault: Omit<ConnectorFault, 'match'>, times = 1): ConnectorFault[] =>
  Array.from({ length: times }, () => ({
    ...fault,
    match: (_method: string, path: string) => path.includes(encodeURIComponent(client.conversationId)),
  }));

describe('a reply the connector does not take', () => {
  it.each([
    ['500 on every attempt', { status: 500 }, 10],
    ['429 on every attempt', { status: 429, headers: { 'retry-after': '1' } }, 10],
    ['429 asking for 10 s', { status: 429, headers: { 'retry-after': '10' } }, 1],
    ['a hang longer than the request timeout', { delayMs: CONNECTOR_REQUEST_TIMEOUT_MS + 1_500 }, 1],
  ] as const)(
    '%s: Teams gets a 503 within the budget, the redelivery gets the answer, nothing is skipped',
    async (_name, fault, times) => {
      const client = await atQuestionOne();
      connector.failNext.push(...forConversation(client, fault, times));
      const answer = client.activity({ type: 'message', text: 'horeca' });
      const started = Date.now();
      const refused = await client.post(answer);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatch(/^\{"error":"[^"]{5,80}"\}$/);
      expect(Date.now() - started).toBeLessThan(TURN_BUDGET_MS);
      connector.failNext.length = 0;
      // A hanging request may still arrive after the bot gave up on it (the connector got it late).
      if ('delayMs' in fault) await new Promise((r) => setTimeout(r, 1_700));

      // Teams sends the same activity again: it is run (not taken for a duplicate) and answered.
      const from = connector.calls.length;
      expect((await client.post(answer)).status).toBe(200);
      expect(texts(connector.sent(from)).join()).toContain('Vraag 2 van 4');
      // The next answer goes to question 3: the sector was taken once, no question was skipped.
      expect(texts(await client.say('geen stage')).join()).toContain('Vraag 3 van 4');
    },
  );
});

describe('a reply that meets a passing failure', () => {
  it.each([
    ['500 once', { status: 500 }],
    ['503 with Retry-After 1, once', { status: 503, headers: { 'retry-after': '1' } }],
    ['a reset connection, once', { reset: true }],
  ] as const)('%s: retried, delivered once, and the turn is kept', async (_name, fault) => {
    const client = await atQuestionOne();
    connector.failNext.push(...forConversation(client, fault));
    const replies = await client.say('horeca');
    expect(texts(replies)).toHaveLength(1);
    expect(texts(replies).join()).toContain('Vraag 2 van 4');
    expect(texts(replies).join()).not.toMatch(/iets mis/);
    expect(texts(await client.say('geen stage')).join()).toContain('Vraag 3 van 4');
  });
});

describe('a reply the connector takes with an odd answer', () => {
  it('counts as delivered when the answer is not JSON: sent once, the turn kept', async () => {
    const client = await atQuestionOne();
    connector.failNext.push(...forConversation(client, { body: '{"id": <html>geen json' }));
    const replies = await client.say('horeca');
    expect(texts(replies).join()).toContain('Vraag 2 van 4');
    expect(texts(await client.say('geen stage')).join()).toContain('Vraag 3 van 4');
  });
});

describe('a hanging connector', () => {
  it('does not hold a two-reply turn past the budget, and the redelivery sends both replies', async () => {
    const client = server.client();
    await client.say('nieuw plan export');
    expect((await client.execute('plan.add', { option: '1.1' })).status).toBe(200);
    connector.failNext.push(...forConversation(client, { delayMs: CONNECTOR_REQUEST_TIMEOUT_MS + 1_500 }, 2));
    const exportPlan = client.activity({ type: 'message', text: 'exporteer plan' });
    const started = Date.now();
    const res = await client.post(exportPlan);
    // One request timed out (3 s), not 15 s per reply as before.
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(CONNECTOR_REQUEST_TIMEOUT_MS + 2_000);
    connector.failNext.length = 0;
    await new Promise((r) => setTimeout(r, 1_700));
    const from = connector.calls.length;
    expect((await client.post(exportPlan)).status).toBe(200);
    const sent = texts(connector.sent(from));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain('1.1');
  });
});
