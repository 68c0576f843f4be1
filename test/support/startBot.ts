import { afterAll, beforeAll } from 'vitest';
import { createBotApp, type BotApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/host/logger';
import { BotClient } from './botClient';
import { FakeConnector } from './fakeConnector';

/** Starts the real bot app in this process on a free port (memory or SQLite storage). */
export async function startBot(env: Record<string, string> = {}): Promise<{ app: BotApp; url: string }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', ...env });
  const app = createBotApp(config, createLogger(config.logLevel));
  const port = await app.start();
  return { app, url: `http://127.0.0.1:${port}` };
}

/**
 * For a test file that talks to the real bot over HTTP: starts a fake Bot Connector and the bot before
 * the tests and stops both after them. `url` and `app` are set once `beforeAll` has run.
 */
export function useBotServer(env: Record<string, string> = {}) {
  const server = {
    connector: new FakeConnector(),
    url: '',
    app: undefined as BotApp | undefined,
    /** A Teams user in a conversation of their own (options pick ids or the conversation type). */
    client: (options?: ConstructorParameters<typeof BotClient>[2]) => new BotClient(server.url, server.connector, options),
  };
  beforeAll(async () => {
    await server.connector.start();
    const started = await startBot(env);
    server.app = started.app;
    server.url = started.url;
  });
  afterAll(async () => {
    await server.app?.stop();
    await server.connector.stop();
  });
  return server;
}
