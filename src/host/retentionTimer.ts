import type { Logger } from './logger';
import type { StorageHandle } from './storage';

export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes expired state now and then every `intervalMs` (AVG: bounded storage time also for a bot that
 * runs for months without a restart). The timer is unref'd so it never keeps the process alive.
 * Returns a function that stops it.
 */
export function startRetentionTimer(storage: Pick<StorageHandle, 'purgeExpired'>, logger: Logger, intervalMs = PURGE_INTERVAL_MS): () => void {
  let running = false;
  const purge = async () => {
    if (running) return;
    running = true;
    try {
      const purged = await storage.purgeExpired();
      if (purged) logger.info({ purged }, 'expired state removed');
    } catch (err) {
      logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'retention purge failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void purge(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
