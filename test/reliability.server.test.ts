import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from './support/botClient';
import { ChildBot } from './support/childBot';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * The HTTP server under slow or many clients, and how it stops: slow clients are cut off on time, the
 * number of connections is bounded, responses do not name the software, and SIGTERM first takes the bot
 * out of rotation (/healthz 503) while it still answers, then closes.
 */

const REQUEST_TIMEOUT_MS = 800;

/** A raw connection to `port`; resolves with when it was closed (ms after opening) and what it got. */
function rawConnection(
  port: number,
  behave: (socket: net.Socket) => void,
  limitMs: number,
): Promise<{ closedAfterMs?: number; received: string }> {
  return new Promise((resolve) => {
    const opened = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const timer = setInterval(() => undefined, 1_000);
    const done = (closedAfterMs?: number) => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      resolve({ ...(closedAfterMs !== undefined ? { closedAfterMs } : {}), received });
    };
    const limit = setTimeout(() => done(), limitMs);
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', () => done(Date.now() - opened));
    socket.on('error', () => undefined);
    socket.on('connect', () => behave(socket));
  });
}

describe('slow and many clients', () => {
  const connector = new FakeConnector();
  let bot: Awaited<ReturnType<typeof startBot>>;
  let port: number;

  beforeAll(async () => {
    await connector.start();
    bot = await startBot({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), MAX_CONNECTIONS: '8' });
    port = Number(new URL(bot.url).port);
  });
  afterAll(async () => {
    await bot.app.stop();
    await connector.stop();
  });

  const HEAD =
    'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';

  it.each([
    ['an idle connection', () => undefined],
    [
      'headers one byte at a time',
      (socket: net.Socket) => {
        let at = 0;
        const drip = setInterval(() => (at < HEAD.length ? socket.write(HEAD[at++] ?? '') : clearInterval(drip)), 200);
        socket.on('close', () => clearInterval(drip));
      },
    ],
    [
      'a body one byte at a time',
      (socket: net.Socket) => {
        socket.write(HEAD);
        const drip = setInterval(() => socket.write('{'), 200);
        socket.on('close', () => clearInterval(drip));
      },
    ],
  ])('closes %s after the request timeout, and keeps serving others', async (_name, behave) => {
    const result = await rawConnection(port, behave, 10_000);
    expect(result.closedAfterMs).toBeDefined();
    expect(result.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('keeps a keep-alive connection between requests: the request timeout ends when the answer is sent', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let received = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', () => (closed = true));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((r) => setTimeout(r, REQUEST_TIMEOUT_MS + 400));
    expect(closed).toBe(false);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await new Promise((r) => socket.once('close', r));
    expect(received.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
  });

  it('takes no more connections than its limit at once', async () => {
    const idle = Array.from({ length: 8 }, () => net.connect(port, '127.0.0.1'));
    await Promise.all(idle.map((s) => new Promise((r) => s.once('connect', r))));
    await new Promise((r) => setTimeout(r, 50));
    const extra = await rawConnection(
      port,
      (socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'),
      3_000,
    );
    // Closed at once, without an answer.
    expect(extra.closedAfterMs).toBeLessThan(500);
    expect(extra.received).toBe('');
    idle.forEach((s) => s.destroy());
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('does not name the software it runs on', async () => {
    const client = new BotClient(bot.url, connector);
    for (const res of [
      await fetch(`${bot.url}/healthz`),
      await fetch(`${bot.url}/nergens`),
      await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
    ]) {
      expect(res.headers.get('server')).toBeNull();
    }
    expect((await client.post(client.activity({ type: 'typing' }))).status).toBe(200);
  });
});

describe('SIGTERM', () => {
  it('first answers /healthz with 503 while still taking turns, then closes and exits 0', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const bot = await ChildBot.start({ STORAGE: 'memory', SHUTDOWN_DRAIN_MS: '1500' }, 60_000);
    try {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      const exit = bot.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      // Draining: a load balancer sees 503 and stops sending; what still comes is answered.
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'stopping' });
      const client = new BotClient(bot.url, connector);
      expect((await client.say('help')).length).toBeGreaterThan(0);
      expect(await exit).toBe(0);
      await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
    } finally {
      await bot.stop('SIGKILL');
      await connector.stop();
    }
  }, 90_000);
});
