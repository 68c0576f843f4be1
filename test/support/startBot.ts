import { type AppOptions, createBotApp, type BotApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/host/logger';

/** Starts the real bot app in this process on a free port (memory or SQLite storage). */
export async function startBot(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<{ app: BotApp; url: string }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', ...env });
  const app = await createBotApp(config, createLogger(config.logLevel), options);
  const port = await app.start();
  return { app, url: `http://127.0.0.1:${port}` };
}
