import { loadConfig } from './config';
import { createBotApp } from './app';
import { createLogger, routeConsoleTo } from './host/logger';
import { errorMessage } from './common/errors';

/** After SIGTERM, the drain, and this long for turns in flight, the process exits anyway. */
const FORCE_EXIT_MS = 10_000;

/** Composition root: config, logger, app; signals. The only entry point that reads the environment. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  routeConsoleTo(logger);
  const app = await createBotApp(config, logger);
  const port = await app.start();
  if (config.auth.mode === 'local') {
    logger.warn(
      { port },
      'LOKALE MODUS: geen MicrosoftAppId ingesteld, dus geen Bot Framework-authenticatie. Alleen voor de Agents Playground en tests.',
    );
  } else {
    logger.info({ port, appType: config.auth.appType }, 'Bot Framework-authenticatie staat aan');
  }
  logger.info({ port, storage: app.storage.describe, options: app.knowledge.options.length }, `bpv-wegwijzer luistert op http://localhost:${port}/api/messages`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // First /healthz says 503 while requests are still served, so a load balancer stops sending;
    // then the listener closes and the turns in flight finish.
    logger.info({ signal, drainMs: config.shutdownDrainMs }, 'stopping: draining, then finishing turns in flight');
    app.drain();
    const force = setTimeout(() => process.exit(1), config.shutdownDrainMs + FORCE_EXIT_MS);
    force.unref();
    setTimeout(() => {
      app.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }, config.shutdownDrainMs);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // Config, knowledge and storage errors are written for people: print them without a stack.
  process.stderr.write(`${errorMessage(err)}\n`);
  process.exit(1);
});
