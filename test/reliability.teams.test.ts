import { describe, expect, it } from 'vitest';
import { CONNECTOR_RETRY, TURN_BUDGET_MS, TurnBudget, retryAfterMs, withRetry } from '../src/host/retry';
import { cardOf, cardText } from './support/botClient';
import { useBotServer } from './support/useBotServer';

/** Teams' own behaviour: redelivered activities, throttled and failing replies, the 15 s request limit. */

const server = useBotServer();
const { connector } = server;

const lastCard = (replies: Array<Record<string, unknown>>) => cardText(cardOf(replies.at(-1)));

function statusError(status: number, retryAfter?: string): Error {
  const error = new Error(`status ${status}`) as Error & {
    statusCode: number;
    response: { headers: Map<string, string> };
  };
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
    const invoke = client.activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'intake.start', data: {} } },
    });
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
    [500, undefined],
    [502, undefined],
    [503, { 'retry-after': '1' }],
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

  it('gives up within its bound, answers Teams 503 and sends the reply on its redelivery', async () => {
    const client = server.client();
    // Throttled for longer than the turn may wait: given up at once, not after 60 s.
    connector.failNext.push({ status: 429, headers: { 'retry-after': '60' } });
    const activity = client.activity({ type: 'message', text: 'help' });
    const from = connector.calls.length;
    const started = Date.now();
    const res = await client.post(activity);
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(TURN_BUDGET_MS);
    expect(connector.sent(from)).toHaveLength(0);
    // Teams sends the activity again: this time the reply goes out.
    expect((await client.post(activity)).status).toBe(200);
    expect(connector.sent(from)).toHaveLength(1);

    // A run of gateway errors: a few attempts within the budget, then the same.
    for (let i = 0; i < 10; i++) connector.failNext.push({ status: 502 });
    const started2 = Date.now();
    const res2 = await client.post(client.activity({ type: 'message', text: 'help' }));
    expect(res2.status).toBe(503);
    expect(Date.now() - started2).toBeLessThan(TURN_BUDGET_MS);
    connector.failNext.length = 0;
  });
});

describe('withRetry', () => {
  const budget = () => new TurnBudget();
  const fast = (waits: number[], random = () => 1) => ({
    ...CONNECTOR_RETRY,
    random,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  });

  it('backs off exponentially with jitter, up to the attempt limit', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw statusError(502);
        },
        budget(),
        fast(waits),
      ),
    ).rejects.toThrow('status 502');
    expect(calls).toBe(CONNECTOR_RETRY.maxAttempts);
    expect(waits).toEqual([250, 500, 1000]);

    const jittered: number[] = [];
    await expect(
      withRetry(
        async () => Promise.reject(statusError(504)),
        budget(),
        fast(jittered, () => 0.5),
      ),
    ).rejects.toThrow();
    expect(jittered).toEqual([125, 250, 500]);
  });

  it('honours Retry-After, and does not wait past its bound', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw statusError(429, '2');
        return 'ok';
      },
      budget(),
      fast(waits, () => 0),
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([2000]);

    const none: number[] = [];
    await expect(withRetry(async () => Promise.reject(statusError(429, '120')), budget(), fast(none))).rejects.toThrow(
      'status 429',
    );
    expect(none).toEqual([]);
  });

  it('waits only while the turn’s budget leaves room for one more request', async () => {
    let now = 0;
    const shared = new TurnBudget(5_000, () => now);
    const waits: number[] = [];
    const policy = { ...fast(waits, () => 0), sleep: async (ms: number) => void waits.push(ms, (now += ms)) };
    // 1 s wait + a 3 s request fit in 5 s; after that (4 s left after a 1 s request) the next wait does not.
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          now += 1_000;
          throw statusError(503, '1');
        },
        shared,
        policy,
      ),
    ).rejects.toThrow('status 503');
    expect(calls).toBe(2);
    // A second call of the same turn shares what is left: no retry at all.
    let later = 0;
    await expect(
      withRetry(async () => Promise.reject(statusError(429, '1')).finally(() => later++), shared, policy),
    ).rejects.toThrow();
    expect(later).toBe(1);
  });

  it('does not retry what retrying cannot fix', async () => {
    for (const status of [400, 401, 403, 404, 501]) {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw statusError(status);
          },
          budget(),
          fast([]),
        ),
      ).rejects.toThrow();
      expect(calls).toBe(1);
    }
  });

  it('sends again when the connector closed a reused connection (socket hang up)', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return 'sent';
      },
      budget(),
      fast(waits),
    );
    expect(result).toBe('sent');
    expect(calls).toBe(2);
    let refused = 0;
    await expect(
      withRetry(
        async () => {
          refused++;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
        },
        budget(),
        fast([]),
      ),
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
