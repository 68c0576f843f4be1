import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLY_RETRY, retryAfterMs, withRetry } from '../src/host/retry';
import { cardOf, cardText } from './support/botClient';
import { useBotServer } from './support/useBotServer';

/** Teams' own behaviour: redelivered activities, throttled and failing replies, the 15 s request limit. */

const server = useBotServer();
const { connector } = server;

const lastCard = (replies: Array<Record<string, unknown>>) => cardText(cardOf(replies.at(-1)));

function statusError(status: number, retryAfter?: string): Error {
  const error = new Error(`status ${status}`) as Error & { statusCode: number; response: { headers: Map<string, string> } };
  error.statusCode = status;
  error.response = { headers: new Map(retryAfter === undefined ? [] : [['retry-after', retryAfter]]) };
  return error;
}

describe('redelivery (same activity id)', () => {
  it('handles a message delivered twice once, one after the other and at the same time', async () => {
    const client = server.client();
    await client.say('start');
    const answer = client.activity({ type: 'message', text: 'horeca' });

    const from = connector.calls.length;
    expect((await client.post(answer)).status).toBe(200);
    expect((await client.post(answer)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.sent(from)).toHaveLength(1);
    expect(lastCard(connector.sent(from))).toContain('Vraag 2 van 4');

    const next = client.activity({ type: 'message', text: 'geen stage' });
    const from2 = connector.calls.length;
    const both = await Promise.all([client.post(next), client.post(next), client.post(next)]);
    expect(both.map((r) => r.status)).toEqual([200, 200, 200]);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.sent(from2)).toHaveLength(1);
    // The answer was taken once: the intake moved exactly one question on.
    expect(lastCard(connector.sent(from2))).toContain('Vraag 3 van 4');
  });

  it('answers a repeated card invoke without running it again', async () => {
    const client = server.client();
    const invoke = client.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'intake.start', data: {} } } });
    const first = await client.post(invoke);
    const from = connector.calls.length;
    const second = await client.post(invoke);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body)).toMatchObject({ statusCode: 200, value: 'Dit was al verwerkt.' });
    expect(connector.sent(from)).toHaveLength(0);
  });
});

describe('replies that meet throttling or transient failures', () => {
  it.each([
    [429, { 'retry-after': '1' }],
    [412, undefined],
    [502, undefined],
    [504, undefined],
  ])('retries a reply that got %s and delivers it once', async (status, headers) => {
    const client = server.client();
    connector.failNext.push({ status, ...(headers ? { headers } : {}) });
    const started = Date.now();
    const replies = await client.say('help');
    expect(connector.failNext).toHaveLength(0);
    expect(replies).toHaveLength(1);
    expect(cardOf(replies[0])).toBeDefined();
    if (headers) expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives up within its bound instead of holding the request near Teams’ 15 s limit', async () => {
    const client = server.client();
    // Throttled for longer than we may wait, then a run of gateway errors.
    connector.failNext.push({ status: 429, headers: { 'retry-after': '60' } });
    const started = Date.now();
    const res = await client.post(client.activity({ type: 'message', text: 'help' }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);

    for (let i = 0; i < 10; i++) connector.failNext.push({ status: 502 });
    const started2 = Date.now();
    const res2 = await client.post(client.activity({ type: 'message', text: 'help' }));
    expect(res2.status).toBe(200);
    expect(Date.now() - started2).toBeLessThan(DEFAULT_REPLY_RETRY.budgetMs * 2 + 2_000);
    connector.failNext.length = 0;
  });
});

describe('withRetry', () => {
  const fast = (waits: number[], random = () => 1) => ({
    ...DEFAULT_REPLY_RETRY,
    random,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  });

  it('backs off exponentially with jitter, up to the attempt limit', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw statusError(502);
      }, fast(waits)),
    ).rejects.toThrow('status 502');
    expect(calls).toBe(DEFAULT_REPLY_RETRY.maxAttempts);
    expect(waits).toEqual([250, 500, 1000]);

    const jittered: number[] = [];
    await expect(withRetry(async () => Promise.reject(statusError(504)), fast(jittered, () => 0.5))).rejects.toThrow();
    expect(jittered).toEqual([125, 250, 500]);
  });

  it('honours Retry-After, and does not wait past its bound', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls === 1) throw statusError(429, '2');
      return 'ok';
    }, fast(waits, () => 0));
    expect(result).toBe('ok');
    expect(waits).toEqual([2000]);

    const none: number[] = [];
    await expect(withRetry(async () => Promise.reject(statusError(429, '120')), fast(none))).rejects.toThrow('status 429');
    expect(none).toEqual([]);
  });

  it('does not retry what retrying cannot fix', async () => {
    for (const status of [400, 401, 403, 404, 500]) {
      let calls = 0;
      await expect(
        withRetry(async () => {
          calls++;
          throw statusError(status);
        }, fast([])),
      ).rejects.toThrow();
      expect(calls).toBe(1);
    }
  });

  it('sends again when the connector closed a reused connection (socket hang up)', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return 'sent';
    }, fast(waits));
    expect(result).toBe('sent');
    expect(calls).toBe(2);
    let refused = 0;
    await expect(
      withRetry(async () => {
        refused++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      }, fast([])),
    ).rejects.toThrow('ECONNREFUSED');
    expect(refused).toBe(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(statusError(429, '3'), now)).toBe(3000);
    expect(retryAfterMs(statusError(429, 'Thu, 01 Jan 2026 00:00:05 GMT'), now)).toBe(5000);
    expect(retryAfterMs(statusError(429), now)).toBeUndefined();
  });
});
