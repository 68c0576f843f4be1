import { afterAll, beforeAll } from 'vitest';
import type { BotApp } from '../../src/app';
import { BotClient } from './botClient';
import { FakeConnector } from './fakeConnector';
import { startBot } from './startBot';

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
    client: (options?: ConstructorParameters<typeof BotClient>[2]) =>
      new BotClient(server.url, server.connector, options),
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
