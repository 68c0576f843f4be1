import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../config';
import { containerClientOf, purgeExpiredBlobs } from './blobRetention';
import { OptimisticStorage } from './optimisticStorage';
import { SqliteStorage } from './sqliteStorage';

export interface StorageHandle {
  storage: Storage;
  describe: string;
  /** Deletes state older than the retention; returns the number of items removed, when the store can tell. */
  purgeExpired(): Promise<number | undefined>;
  close(): void;
}

/** The configured store, wrapped so that concurrent turns on several instances cannot overwrite each other. */
export function createStorage(config: Config): StorageHandle {
  const handle = openStorage(config);
  return { ...handle, storage: new OptimisticStorage(handle.storage) };
}

function openStorage(config: Config): StorageHandle {
  const retentionMs = config.retentionDays * 24 * 3600 * 1000;
  switch (config.storage.kind) {
    case 'sqlite': {
      const storage = new SqliteStorage(config.storage.path, retentionMs);
      return {
        storage,
        describe: `sqlite (${config.storage.path})`,
        purgeExpired: async () => storage.purgeExpired(),
        close: () => storage.close(),
      };
    }
    case 'blob': {
      // Loaded only when used: the Azure SDK adds a noticeable part to start-up (docs/performance.md).
      const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
      const storage = new BlobsStorage(config.storage.connectionString, config.storage.container);
      return {
        storage,
        describe: `azure blob (container ${config.storage.container})`,
        // Also set up as a lifecycle management rule on the storage account (docs/azure.md).
        purgeExpired: async () => {
          const container = containerClientOf(storage);
          return container ? purgeExpiredBlobs(container, retentionMs) : undefined;
        },
        close: () => undefined,
      };
    }
    case 'memory':
      return { storage: new MemoryStorage(), describe: 'memory (niet bewaard)', purgeExpired: async () => undefined, close: () => undefined };
  }
}
