import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';

/** Thrown when a conditional write finds the item changed (or, for a create, already there). */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export function isETagConflict(error: unknown): boolean {
  return error instanceof ETagConflictError;
}

/**
 * botbuilder's `Storage` (read, write, delete: botbuilder's state classes read through it) plus what
 * the bot needs on top and the Storage interface cannot say:
 * - `writeIf`: one item, only if it is still at the eTag it was read with, or with `null` only if it
 *   does not exist yet ("create"); returns the eTag it now has. That is how a turn's state is saved
 *   (optimistic concurrency between instances) and how a referral is created at most once;
 * - `keys`: the keys under a prefix (the referrals waiting for a retry, one item each).
 * Implemented by SqliteStorage, BlobStorage and MemoryStore.
 */
export interface StateStore extends Storage {
  writeIf(key: string, item: StoreItem, eTag: string | null): Promise<string>;
  keys(prefix: string): Promise<string[]>;
}

/** A StateStore in this process's memory (STORAGE=memory, for tests and trying things out). */
export class MemoryStore implements StateStore {
  private readonly items = new Map<string, { eTag: string; json: string }>();

  async read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) found[key] = { ...(JSON.parse(item.json) as object), eTag: item.eTag };
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes) as Array<[string, StoreItem]>;
    // All or nothing, as SqliteStorage: check every eTag first.
    for (const [key, value] of entries) {
      if (value.eTag && value.eTag !== '*' && this.items.get(key)?.eTag !== value.eTag)
        throw new ETagConflictError(key);
    }
    for (const [key, value] of entries) this.put(key, value);
  }

  async writeIf(key: string, item: StoreItem, eTag: string | null): Promise<string> {
    const current = this.items.get(key);
    if (eTag === null ? current !== undefined : current?.eTag !== eTag) throw new ETagConflictError(key);
    return this.put(key, item);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  private put(key: string, item: StoreItem): string {
    const { eTag: _ignored, ...data } = item;
    const eTag = randomUUID();
    this.items.set(key, { eTag, json: JSON.stringify(data) });
    return eTag;
  }
}

/**
 * Watches a store for failures: any error other than an eTag conflict marks it failing (the bot is then
 * not ready on /healthz), any success marks it working again. While it fails, `healthy()` tries a small
 * write at most once a second, so a store that recovers is noticed even when no turns come in.
 */
export class WatchedStore implements StateStore {
  private failing = false;
  private lastProbe = 0;

  constructor(
    private readonly inner: StateStore,
    private readonly onChange: (failing: boolean, err?: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.watch(this.inner.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.watch(this.inner.write(changes));
  }

  writeIf(key: string, item: StoreItem, eTag: string | null): Promise<string> {
    return this.watch(this.inner.writeIf(key, item, eTag));
  }

  delete(keys: string[]): Promise<void> {
    return this.watch(this.inner.delete(keys));
  }

  keys(prefix: string): Promise<string[]> {
    return this.watch(this.inner.keys(prefix));
  }

  /** A small write that shows the store takes writes (also at start: a store that cannot write stops the bot). */
  probe(): Promise<void> {
    this.lastProbe = this.now();
    return this.watch(this.inner.write({ 'bpv/health': { at: new Date(this.now()).toISOString(), eTag: '*' } }));
  }

  async healthy(): Promise<boolean> {
    if (this.failing && this.now() - this.lastProbe >= 1_000) await this.probe().catch(() => undefined);
    return !this.failing;
  }

  private async watch<T>(operation: Promise<T>): Promise<T> {
    try {
      const result = await operation;
      this.mark(false);
      return result;
    } catch (err) {
      if (!isETagConflict(err)) this.mark(true, err);
      throw err;
    }
  }

  private mark(failing: boolean, err?: unknown): void {
    if (failing === this.failing) return;
    this.failing = failing;
    this.onChange(failing, err);
  }
}
