import { BlobStorage } from './blobStorage';
import type { Logger } from './logger';
import { MemoryStore, type StateStore, WatchedStore } from './stateStore';
import { SqliteStorage } from './sqliteStorage';
import { errorMessage } from '../common/errors';

export interface StorageHandle {
  /** The configured store, watched for failures (see `healthy`). */
  store: StateStore;
  describe: string;
  /** Shows that the store takes writes; at start, a store that does not stops the bot with a clear message. */
  checkWritable(): Promise<void>;
  /** False while the store fails (after a failure it tries a small write, at most once a second). */
  healthy(): Promise<boolean>;
  /** Deletes state older than the retention; returns the number of items removed. */
  purgeExpired(): Promise<number>;
  close(): void;
}

/** A store that cannot be opened or written: said for the person who starts the bot, in Dutch and English. */
export class StorageUnwritableError extends Error {}

function unwritable(what: { nl: string; en: string }, err: unknown): StorageUnwritableError {
  const reason = errorMessage(err);
  return new StorageUnwritableError(
    `De opslag kan niet beschreven worden: ${what.nl} (${reason}). Controleer de rechten op het bestand en de map, of de ` +
      `instellingen van de opslag. / The store cannot be written: ${what.en} (${reason}). Check the permissions of the file ` +
      'and its folder, or the storage settings.',
  );
}

/** Where the bot keeps its state. */
export type StorageSettings =
  { kind: 'sqlite'; path: string } | { kind: 'blob'; connectionString: string; container: string } | { kind: 'memory' };

/** Opens the configured store; state not written for `retentionDays` is deleted by `purgeExpired`. */
export function createStorage(settings: StorageSettings, retentionDays: number, logger: Logger): StorageHandle {
  const retentionMs = retentionDays * 24 * 3600 * 1000;
  let store: StateStore & { purgeExpired?: () => number | Promise<number>; close?: () => void };
  let what: { nl: string; en: string };
  switch (settings.kind) {
    case 'sqlite':
      what = { nl: `SQLite-bestand ${settings.path}`, en: `SQLite file ${settings.path}` };
      try {
        store = new SqliteStorage(settings.path, retentionMs);
      } catch (err) {
        throw unwritable(what, err);
      }
      break;
    case 'blob':
      what = { nl: `Azure Blob-container ${settings.container}`, en: `Azure Blob container ${settings.container}` };
      store = new BlobStorage(settings.connectionString, settings.container, retentionMs);
      break;
    case 'memory':
      what = { nl: 'geheugen (niet bewaard)', en: 'memory (not kept)' };
      store = new MemoryStore();
      break;
  }
  const watched = new WatchedStore(store, (failing, err) => {
    if (failing) logger.error({ failure: errorMessage(err) }, 'store failing: not ready until it takes writes again');
    else logger.info('store takes writes again: ready');
  });
  return {
    store: watched,
    describe: what.en,
    async checkWritable() {
      await watched.probe().catch((err: unknown) => {
        throw unwritable(what, err);
      });
    },
    healthy: () => watched.healthy(),
    purgeExpired: async () => (store.purgeExpired ? store.purgeExpired() : 0),
    close: () => store.close?.(),
  };
}
