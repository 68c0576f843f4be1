import type { Storage, StoreItems } from 'botbuilder';

/**
 * Makes botbuilder's state saving optimistic. `BotState.saveChanges` writes every change with eTag "*"
 * (last writer wins), so two instances serving one conversation would silently overwrite each other.
 * This wrapper remembers the eTag each item had when it was read and, when exactly that object is
 * written back with "*", writes it with the remembered eTag instead: the store then rejects the write
 * if someone else wrote in between (an eTag conflict the turn runner retries on fresh state).
 *
 * Items that did not exist yet are still created with "*": the Storage interface has no "create only".
 */
export class OptimisticStorage implements Storage {
  private readonly readETags = new WeakMap<object, string>();

  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items)) this.remember(item);
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const prepared: StoreItems = {};
    for (const [key, value] of Object.entries(changes)) {
      const eTag = value && typeof value === 'object' ? (value as { eTag?: unknown }).eTag : undefined;
      const known = value && typeof value === 'object' ? this.readETags.get(value as object) : undefined;
      prepared[key] = eTag === '*' && known ? { ...(value as object), eTag: known } : value;
    }
    await this.inner.write(prepared);
    // The written objects may be saved again in the same turn: they now stand for the new version.
    const fresh = await this.inner.read(Object.keys(changes));
    for (const [key, value] of Object.entries(changes)) {
      const now = (fresh[key] as { eTag?: unknown } | undefined)?.eTag;
      if (value && typeof value === 'object' && typeof now === 'string') this.readETags.set(value as object, now);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.inner.delete(keys);
  }

  private remember(item: unknown): void {
    if (!item || typeof item !== 'object') return;
    const eTag = (item as { eTag?: unknown }).eTag;
    if (typeof eTag === 'string' && eTag !== '*') this.readETags.set(item, eTag);
  }
}
