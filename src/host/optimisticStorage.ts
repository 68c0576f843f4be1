import type { Storage, StoreItems } from 'botbuilder';

/** A store whose write can say which eTag each item got, sparing a read-back of the whole items. */
export interface ETagTellingStorage extends Storage {
  writeReturningETags(changes: StoreItems): Promise<Record<string, string>>;
}

function tellsETags(storage: Storage): storage is ETagTellingStorage {
  return typeof (storage as Partial<ETagTellingStorage>).writeReturningETags === 'function';
}

/**
 * Makes botbuilder's state saving optimistic. `BotState.saveChanges` writes every change with eTag "*"
 * (last writer wins), so two instances serving one conversation would silently overwrite each other.
 * This wrapper remembers the eTag each item had when it was read and, when exactly that object is
 * written back with "*", writes it with the remembered eTag instead: the store then rejects the write
 * if someone else wrote in between (an eTag conflict the turn runner retries on fresh state).
 *
 * Items that did not exist when read are created with "*" (the Storage interface has no "create only"),
 * but first checked again: if another instance created the item since, that is a conflict too. This
 * leaves only the few milliseconds between that check and the write unguarded.
 */
export class OptimisticStorage implements Storage {
  private readonly readETags = new WeakMap<object, string>();
  /** Keys that were absent when last read (bounded: oldest forgotten first). */
  private readonly absent = new Set<string>();
  private static readonly MAX_ABSENT = 10_000;

  constructor(private readonly inner: Storage) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items)) this.remember(item);
    for (const key of keys) {
      if (key in items) this.absent.delete(key);
      else this.noteAbsent(key);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const prepared: StoreItems = {};
    const creating: string[] = [];
    for (const [key, value] of Object.entries(changes)) {
      const eTag = value && typeof value === 'object' ? (value as { eTag?: unknown }).eTag : undefined;
      const known = value && typeof value === 'object' ? this.readETags.get(value as object) : undefined;
      prepared[key] = eTag === '*' && known ? { ...(value as object), eTag: known } : value;
      if (eTag === '*' && !known && this.absent.has(key)) creating.push(key);
    }
    if (creating.length > 0) {
      const meanwhile = Object.keys(await this.inner.read(creating));
      if (meanwhile.length > 0) throw new Error(`Storage: error writing "${meanwhile[0]}" due to eTag conflict.`);
    }
    const written = await this.writeAndGetETags(prepared);
    for (const key of Object.keys(changes)) this.absent.delete(key);
    // The written objects may be saved again in the same turn: they now stand for the new version.
    for (const [key, value] of Object.entries(changes)) {
      const now = written[key];
      if (value && typeof value === 'object' && typeof now === 'string') this.readETags.set(value as object, now);
    }
  }

  /** The eTags the write produced: told by stores that can (SqliteStorage), else read back. */
  private async writeAndGetETags(changes: StoreItems): Promise<Record<string, unknown>> {
    if (tellsETags(this.inner)) return this.inner.writeReturningETags(changes);
    await this.inner.write(changes);
    const fresh = await this.inner.read(Object.keys(changes));
    return Object.fromEntries(Object.entries(fresh).map(([key, item]) => [key, (item as { eTag?: unknown } | undefined)?.eTag]));
  }

  async delete(keys: string[]): Promise<void> {
    await this.inner.delete(keys);
  }

  private noteAbsent(key: string): void {
    this.absent.delete(key);
    this.absent.add(key);
    if (this.absent.size > OptimisticStorage.MAX_ABSENT) {
      const oldest = this.absent.values().next().value;
      if (oldest !== undefined) this.absent.delete(oldest);
    }
  }

  private remember(item: unknown): void {
    if (!item || typeof item !== 'object') return;
    const eTag = (item as { eTag?: unknown }).eTag;
    if (typeof eTag === 'string' && eTag !== '*') this.readETags.set(item, eTag);
  }
}
