import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createBotApp } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../host/logger';
import { PROJECT_ROOT } from '../common/paths';
import { startPlayground } from './playgroundProcess';
import { errorMessage } from '../common/errors';

/**
 * `npm run playground`: starts the bot (local mode) and the Microsoft 365 Agents Playground, then
 * prints the address to open. Ctrl+C stops both.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.auth.mode !== 'local') {
    throw new Error('De Agents Playground werkt hier alleen in lokale modus: start zonder MicrosoftAppId.');
  }
  const logger = createLogger(config.logLevel);
  const app = await createBotApp(config, logger);
  const port = await app.start();
  const logFile = path.join(PROJECT_ROOT, 'data', 'playground.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const playground = await startPlayground({
    botEndpoint: `http://127.0.0.1:${port}/api/messages`,
    port: 56150,
    logFile,
  });
  const url = playground.url.replace('127.0.0.1', 'localhost');
  process.stdout.write(
    `\nDe bot draait op poort ${port}. Open ${url} in je browser: Personal Chat voor de intake, ` +
      `General onder Teams Channel om de bot met @Test Bot een vraag te stellen. Stoppen: Ctrl+C.\n\n`,
  );

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([playground.stop(), app.stop()]).then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  playground.process.once('exit', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${errorMessage(err)}\n`);
  process.exit(1);
});
