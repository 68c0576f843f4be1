import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteInsightsStore } from '../src/host/insightsStore';
import { MAX_PENDING_ROWS } from '../src/insights/pending';
import { NOT_SAVED_MESSAGE } from '../src/host/turnPipeline';
import { PROJECT_ROOT } from '../src/common/paths';
import { BotClient, cardOf, cardText } from './support/botClient';
import { FakeConnector } from './support/fakeConnector';
import { startBot } from './support/startBot';

/**
 * A store that cannot write: the bot refuses to start on one, says so on /healthz while one fails
 * (and recovers without a restart), never stalls all conversations on a lock held elsewhere, and
 * tells the user the truth: "niet bewaard".
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bpv-storage-'));
  // The unprivileged user the bot runs as (see runBot) must reach the files made in here.
  if (process.getuid?.() === 0) chmodSync(dir, 0o711);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bot as its own process; as an unprivileged user when this runs as root (root ignores file modes). */
function runBot(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asNobody,
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, output });
    }),
  );
}

describe('a state file that cannot be written', () => {
  it('stops the bot at start with a message that names the file', async () => {
    const folder = mkdtempSync(path.join(dir, 'ro-'));
    const file = path.join(folder, 'state.sqlite');
    new Database(file).close();
    // Readable, not writable, for the user the bot runs as.
    if (process.getuid?.() === 0) chownSync(folder, 65534, 65534);
    chmodSync(file, 0o444);
    const { code, output } = await runBot({
      STORAGE: 'sqlite',
      SQLITE_PATH: file,
      INSIGHTS_PATH: path.join(dir, 'insights-ro.sqlite'),
    });
    expect(code).toBe(1);
    expect(output).toContain(file);
    expect(output).toMatch(/kan niet beschreven worden/);
    expect(output).toMatch(/cannot be written/);
    // The file could be opened but not written (not: the folder could not be reached).
    expect(output).toMatch(/readonly database/);
    expect(output).not.toMatch(/luistert op/);
    expect(output).not.toMatch(/\n\s+at /);
  }, 40_000);
});

describe('a state file locked by another process', () => {
  const connector = new FakeConnector();
  let bot: Awaited<ReturnType<typeof startBot>>;
  let file: string;

  beforeAll(async () => {
    file = path.join(dir, 'locked.sqlite');
    await connector.start();
    bot = await startBot({ STORAGE: 'sqlite', SQLITE_PATH: file });
  });
  afterAll(async () => {
    await bot.app.stop();
    await connector.stop();
  });

  const health = async () => (await fetch(`${bot.url}/healthz`)).status;

  it('tells the user the message was not kept, is not ready while locked, and carries on after', async () => {
    const client = new BotClient(bot.url, connector);
    await client.say('start');
    expect(await health()).toBe(200);

    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      const replies = await client.say('horeca');
      // A short wait for the lock, not seconds: other conversations are not held up for long.
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(replies.map((r) => r.text)).toEqual([NOT_SAVED_MESSAGE]);
      expect(await health()).toBe(503);
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    // Ready again without a restart (the health check tries a small write, at most once a second).
    const deadline = Date.now() + 5_000;
    while ((await health()) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await health()).toBe(200);
    // The answer that was not kept is sent again and taken now.
    expect(cardText(cardOf((await client.say('horeca')).at(-1)))).toContain('Vraag 2 van 4');
  }, 20_000);
});

describe('an insights file that cannot be written', () => {
  it('keeps a bounded number of counts in memory until it can write again', async () => {
    const file = path.join(dir, 'insights-bounded.sqlite');
    const store = new SqliteInsightsStore(file, { flushMs: 60_000 });
    store.text('unsure', '', 'hoe zit het met de eerste vraag');
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      for (let i = 0; i < MAX_PENDING_ROWS + 500; i++) store.count('intent', `probe:${i}`);
      await expect(store.flush()).rejects.toThrow();
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    await store.flush();
    const data = await store.read();
    // The first text, and counts up to the bound: nothing kept beyond it, nothing lost below it.
    expect(data.texts.map((t) => t.text)).toEqual(['hoe zit het met de eerste vraag']);
    expect(data.counts.length).toBe(MAX_PENDING_ROWS - 1);
    await store.close();
  });
});
