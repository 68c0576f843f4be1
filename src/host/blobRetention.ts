/**
 * Retention for Azure Blob storage from inside the bot: deletes state blobs not modified for the
 * retention period. Complements (or replaces) a lifecycle management rule on the storage account
 * (docs/azure.md). Every turn rewrites a user's and a conversation's blob, so "not modified" is "not used".
 *
 * botbuilder-azure-blobs keeps its container client private; this reaches it structurally (the
 * package is pinned and archived), so no second copy of the Azure SDK is needed.
 */

interface BlobItemLike {
  name: string;
  properties: { lastModified?: Date; etag?: string };
}

interface ContainerClientLike {
  listBlobsFlat(): AsyncIterable<BlobItemLike>;
  deleteBlob(name: string, options?: { conditions?: { ifMatch?: string } }): Promise<unknown>;
  exists(): Promise<boolean>;
}

export function containerClientOf(storage: object): ContainerClientLike | undefined {
  const client = (storage as { _containerClient?: unknown })._containerClient;
  if (!client || typeof client !== 'object') return undefined;
  const c = client as Partial<ContainerClientLike>;
  return typeof c.listBlobsFlat === 'function' && typeof c.deleteBlob === 'function' && typeof c.exists === 'function' ? (client as ContainerClientLike) : undefined;
}

/** Deletes blobs last modified before `now - retentionMs`; returns how many went. A blob written meanwhile is kept. */
export async function purgeExpiredBlobs(container: ContainerClientLike, retentionMs: number, now: () => number = Date.now): Promise<number> {
  if (!(await container.exists())) return 0;
  const cutoff = now() - retentionMs;
  let purged = 0;
  for await (const blob of container.listBlobsFlat()) {
    const modified = blob.properties.lastModified?.getTime();
    if (modified === undefined || modified >= cutoff) continue;
    try {
      await container.deleteBlob(blob.name, blob.properties.etag ? { conditions: { ifMatch: blob.properties.etag } } : {});
      purged++;
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      // 412: written since we listed it (in use again); 404: already gone (another instance purged it).
      if (status !== 412 && status !== 404) throw err;
    }
  }
  return purged;
}
