import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildBot } from './support/childBot';

/**
 * Compressed request bodies, sent to the bot running as its own process (a crash here ends the
 * process, so an in-process test could not see it). The Bot Connector never compresses requests: the
 * bot refuses every Content-Encoding but identity with 415 before reading the body, with or without
 * an app id (no token needed), and answers the next request.
 */

const BROKEN_GZIP = Buffer.from('xxxx');
// 240 MB of JSON that compresses to about 240 KB, under MAX_BODY_BYTES: inflated, it exhausted the heap.
const BOMB = gzipSync(
  Buffer.concat([Buffer.from('{"type":"message","text":"'), Buffer.alloc(240_000_000, 'a'), Buffer.from('"}')]),
  { level: 9 },
);

const MODES: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'local mode', env: {} },
  {
    name: 'with an app id, no token',
    env: {
      MicrosoftAppId: '00000000-0000-4000-8000-00000000b0b0',
      MicrosoftAppPassword: 'not-used-offline',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: '00000000-0000-4000-8000-0000000000aa',
    },
  },
];

async function post(url: string, body: Buffer | string, encoding?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (encoding) headers['content-encoding'] = encoding;
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

describe.each(MODES)('compressed request bodies ($name)', ({ env }) => {
  let bot: ChildBot;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bpv-gzip-'));
    bot = await ChildBot.start({
      ...env,
      STORAGE: 'sqlite',
      SQLITE_PATH: path.join(dir, 'state.sqlite'),
      MAX_BODY_BYTES: '262144',
    });
  }, 30_000);

  afterAll(async () => {
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a body that claims gzip but is not, and keeps running', async () => {
    const res = await post(bot.url, BROKEN_GZIP, 'gzip');
    expect(res.status).toBe(415);
    expect(res.body).toBe('{"error":"Gecomprimeerde verzoeken worden niet ondersteund."}');
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // The next ordinary request still gets its ordinary answer (an incomplete activity: 400).
    expect((await post(bot.url, '{"type":"message"}')).status).toBe(400);
    expect(bot.child.exitCode).toBeNull();
  });

  it('refuses a gzip bomb under the size limit without inflating it', async () => {
    expect(BOMB.length).toBeLessThan(262_144);
    const res = await post(bot.url, BOMB, 'gzip');
    expect(res.status).toBe(415);
    for (const encoding of ['deflate', 'br', 'GZIP', 'identity, gzip']) {
      expect((await post(bot.url, BOMB, encoding)).status).toBe(415);
    }
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  }, 30_000);

  it('still accepts an explicit identity encoding', async () => {
    expect((await post(bot.url, '{"type":"message"}', 'identity')).status).toBe(400);
  });
});
