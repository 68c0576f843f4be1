import { type AppOptions, createBotApp } from './app';
import { loadConfig } from './config';
import { createLogger, routeConsoleTo } from './host/logger';

/** After SIGTERM, the drain, and this long for turns in flight, the process exits anyway. */
const FORCE_EXIT_MS = 10_000;

/**
 * The bot as a process: config (from `env`, the only reader of the environment), logger, app; stops
 * on SIGTERM and SIGINT. src/index.ts runs it; a test runs it with `options`.
 */
export async function runBot(env: NodeJS.ProcessEnv, options: AppOptions = {}): Promise<void> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  routeConsoleTo(logger);
  const app = await createBotApp(config, logger, options);
  const port = await app.start();
  if (config.auth.mode === 'local') {
    logger.warn(
      { port },
      'LOKALE MODUS: geen MicrosoftAppId ingesteld, dus geen Bot Framework-authenticatie. Alleen voor de Agents Playground en tests.',
    );
  } else {
    logger.info({ port, appType: config.auth.appType }, 'Bot Framework-authenticatie staat aan');
  }
  logger.info(
    { port, storage: app.storage.describe, options: app.knowledge.options.length },
    `bpv-wegwijzer luistert op http://localhost:${port}/api/messages`,
  );

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
