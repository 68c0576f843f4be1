import { text } from 'node:stream/consumers';
import type { ContainerClient } from '@azure/storage-blob';
import type { StoreItem, StoreItems } from 'botbuilder';
import { ETagConflictError, type StateStore } from './stateStore';

/**
 * The bot's state in an Azure Blob Storage container (STORAGE=blob, for several instances), one JSON
 * blob per item, on the Azure SDK's ContainerClient. It replaces botbuilder-azure-blobs' BlobsStorage,
 * which can neither create a blob only if it is absent (`If-None-Match: *`, needed so that two instances
 * cannot both create a conversation's first state or a referral) nor list blobs (retention, pending
 * referrals). Blob names are those BlobsStorage gives the same keys.
 */
export class BlobStorage implements StateStore {
  private readonly container: ContainerClient;
  private created: Promise<unknown> | undefined;

  constructor(
    connectionString: string,
    containerName: string,
    private readonly retentionMs = 90 * 24 * 3600 * 1000,
  ) {
    // Loaded only when used: the Azure Storage SDK adds a noticeable part to start-up.
    const { ContainerClient: Client } = require('@azure/storage-blob') as typeof import('@azure/storage-blob');
    this.container = new Client(connectionString, containerName);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.ensureContainer();
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const blob = await this.container.getBlobClient(blobName(key)).download();
          if (!blob.readableStreamBody) return;
          items[key] = { ...(JSON.parse(await text(blob.readableStreamBody)) as object), eTag: blob.etag };
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
    return items;
  }

  /** Each item on its own: a blob write is atomic, several are not (a turn saves one item). */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, value] of Object.entries(changes) as Array<[string, StoreItem]>) {
      await this.upload(key, value, value.eTag && value.eTag !== '*' ? { ifMatch: value.eTag } : {});
    }
  }

  writeIf(key: string, item: StoreItem, eTag: string | null): Promise<string> {
    return this.upload(key, item, eTag === null ? { ifNoneMatch: '*' } : { ifMatch: eTag });
  }

  async delete(keys: string[]): Promise<void> {
    await this.ensureContainer();
    for (const key of keys) {
      try {
        await this.container.deleteBlob(blobName(key));
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    }
  }

  async keys(prefix: string): Promise<string[]> {
    await this.ensureContainer();
    const found: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: blobName(prefix) })) {
      const key = decodeURIComponent(blob.name);
      if (key.startsWith(prefix)) found.push(key);
    }
    return found.sort();
  }

  /**
   * Deletes blobs last modified before the retention period (every turn rewrites its conversation's
   * blob, so "not modified" is "not used"); a blob written since it was listed is kept. Returns how
   * many went. A lifecycle rule on the storage account does the same as a backstop (docs/azure.md).
   */
  async purgeExpired(now: () => number = Date.now): Promise<number> {
    if (!(await this.container.exists())) return 0;
    const cutoff = now() - this.retentionMs;
    let purged = 0;
    for await (const blob of this.container.listBlobsFlat()) {
      const modified = blob.properties.lastModified?.getTime();
      if (modified === undefined || modified >= cutoff) continue;
      try {
        await this.container.deleteBlob(
          blob.name,
          blob.properties.etag ? { conditions: { ifMatch: blob.properties.etag } } : {},
        );
        purged++;
      } catch (err) {
        // 412: written since it was listed (in use again); 404: already gone (another instance purged it).
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    return purged;
  }

  private async upload(
    key: string,
    item: StoreItem,
    conditions: { ifMatch?: string; ifNoneMatch?: string },
  ): Promise<string> {
    await this.ensureContainer();
    const { eTag: _ignored, ...data } = item;
    const body = JSON.stringify(data);
    try {
      const result = await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return result.etag ?? '';
    } catch (err) {
      // 412: changed since it was read; 409: created meanwhile (If-None-Match).
      if (statusOf(err) === 412 || statusOf(err) === 409) throw new ETagConflictError(key);
      throw err;
    }
  }

  private ensureContainer(): Promise<unknown> {
    this.created ??= this.container.createIfNotExists().catch((err: unknown) => {
      this.created = undefined;
      throw err;
    });
    return this.created;
  }
}

/** The blob name botbuilder-azure-blobs gives a key: empty segments dropped, URI-encoded, at most 1024 characters. */
function blobName(key: string): string {
  return encodeURIComponent(key.split('/').filter(Boolean).join('/')).slice(0, 1024);
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
