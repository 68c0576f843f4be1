import { errorMessage } from '../common/errors';
import { every } from './every';
import type { Logger } from './logger';
import type { StorageHandle } from './storage';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes expired state every `intervalMs` (AVG: bounded storage time also for a bot that runs for
 * months without a restart). Returns a function that stops it.
 */
export function startRetentionTimer(
  storage: Pick<StorageHandle, 'purgeExpired'>,
  logger: Logger,
  intervalMs = PURGE_INTERVAL_MS,
): () => void {
  return every(
    intervalMs,
    async () => {
      const purged = await storage.purgeExpired();
      if (purged) logger.info({ purged }, 'expired state removed');
    },
    (err) => logger.warn({ err: { message: errorMessage(err) } }, 'retention purge failed'),
  );
}
