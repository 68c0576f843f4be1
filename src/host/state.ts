import { type BotState, ConversationState, type StatePropertyAccessor, type Storage, type StorageKeyFactory, type TurnContext, UserState } from 'botbuilder';
import { storedTextOf } from './storedText';

type StateObject = Record<string, unknown> & { eTag?: string };

/** A state to write: its storage key, its turn cache entry and its JSON, when already made. */
interface Change {
  key: string;
  cached: Cached;
  json: string | undefined;
}

interface Cached {
  state: StateObject;
  /** The state as JSON (without eTag) when it was loaded or last saved: what a change is measured against. */
  json: string;
}

/**
 * The state as JSON without its eTag, which only says which version was read: the form stores write,
 * so a store's own text of the item (storedText.ts) serves as the baseline without serializing again.
 */
function jsonOf(state: StateObject): string {
  const { eTag: _version, ...data } = state;
  return JSON.stringify(data);
}

/**
 * BotState's turn cache with a cheaper way to tell that state changed. botbuilder compares a change hash
 * (its JSON walk calls a replacer for every value, then SHA-256) made at every load and before and after
 * every save: about 5% of a turn's CPU (docs/performance.md). This compares the plain JSON text, which
 * tells the same changes for state that is plain data, as ours is (a cycle would make JSON.stringify
 * throw, as saving it would anyway). Load, save, clear, get and delete behave as BotState's.
 */
class TurnStateCache {
  private readonly key = Symbol('state');

  constructor(
    readonly storage: Storage,
    private readonly storageKey: StorageKeyFactory,
  ) {}

  get(context: TurnContext): StateObject | undefined {
    return (context.turnState.get(this.key) as Cached | undefined)?.state;
  }

  async load(context: TurnContext, force: boolean): Promise<StateObject> {
    const cached = context.turnState.get(this.key) as Cached | undefined;
    if (cached && !force) return cached.state;
    const key = await this.storageKey(context);
    return this.take(context, (await this.storage.read([key]))[key]);
  }

  keyOf(context: TurnContext): Promise<string> {
    return this.storageKey(context);
  }

  /** Takes the item read from storage (absent: undefined) as this turn's state. */
  take(context: TurnContext, item: unknown): StateObject {
    const state = (item ?? {}) as StateObject;
    context.turnState.set(this.key, { state, json: storedTextOf(state) ?? jsonOf(state) } satisfies Cached);
    return state;
  }

  async save(context: TurnContext, force: boolean): Promise<void> {
    const change = await this.change(context, force);
    if (!change) return;
    await this.storage.write({ [change.key]: change.cached.state });
    this.saved(context, change);
  }

  /** What `save` would write (undefined: nothing changed), with the eTag set to "*" as BotState does. */
  async change(context: TurnContext, force: boolean): Promise<Change | undefined> {
    let cached = context.turnState.get(this.key) as Cached | undefined;
    const json = cached && !force ? jsonOf(cached.state) : undefined;
    if (!force && (!cached || cached.json === json)) return undefined;
    const key = await this.storageKey(context);
    cached ??= { state: {}, json: '' };
    // OptimisticStorage turns "*" into the eTag the state was read with.
    cached.state.eTag = '*';
    return { key, cached, json };
  }

  /** After `change` was written: the written state is the new baseline. */
  saved(context: TurnContext, change: Change): void {
    change.cached.json = change.json ?? jsonOf(change.cached.state);
    context.turnState.set(this.key, change.cached);
  }

  clear(context: TurnContext): void {
    // An empty baseline: the cleared state is saved by the next saveChanges.
    context.turnState.set(this.key, { state: {}, json: '' } satisfies Cached);
  }

  async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.key);
    await this.storage.delete([await this.storageKey(context)]);
  }
}

/**
 * botbuilder's BotStatePropertyAccessor, with the same behaviour: state loaded on first use, a default
 * value stored as a copy. A turn reads and writes some ten properties (dialog stack, redelivery
 * memory, profile), and botbuilder's accessor, compiled to generator-based async code, went through
 * `load` each time; this one takes the loaded state directly (docs/performance.md).
 */
class JsonPropertyAccessor<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly cache: TurnStateCache,
    readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const state = this.cache.get(context) ?? (await this.cache.load(context, false));
    if (!Object.hasOwn(state, this.name) && defaultValue !== undefined) {
      state[this.name] = typeof defaultValue === 'object' ? (JSON.parse(JSON.stringify(defaultValue)) as T) : defaultValue;
    }
    return state[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    const state = this.cache.get(context) ?? (await this.cache.load(context, false));
    state[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const state = this.cache.get(context) ?? (await this.cache.load(context, false));
    if (Object.hasOwn(state, this.name)) delete state[this.name];
  }
}

/** The turn cache of each state made by `comparingJson`, for loading and saving states together. */
const caches = new WeakMap<BotState, TurnStateCache>();

function registered(state: BotState, cache: TurnStateCache): TurnStateCache {
  caches.set(state, cache);
  return cache;
}

/** The states' caches when all of them are ours and share one storage; else undefined. */
function sharedCaches(states: readonly BotState[]): TurnStateCache[] | undefined {
  const found = states.map((state) => caches.get(state));
  if (found.some((cache) => cache === undefined || cache.storage !== found[0]?.storage)) return undefined;
  return found as TurnStateCache[];
}

/**
 * Loads the states of a turn (conversation and user) with one storage read: for SQLite one statement
 * instead of one per state (docs/performance.md). `force` reloads states already loaded this turn.
 */
export async function loadStates(context: TurnContext, states: readonly BotState[], force = false): Promise<void> {
  const shared = sharedCaches(states);
  if (!shared) {
    for (const state of states) await state.load(context, force);
    return;
  }
  const pending = shared.filter((cache) => force || !cache.get(context));
  if (pending.length === 0) return;
  const keys = await Promise.all(pending.map((cache) => cache.keyOf(context)));
  const items = await (pending[0] as TurnStateCache).storage.read(keys);
  pending.forEach((cache, i) => cache.take(context, items[keys[i] as string]));
}

/**
 * Saves the states that changed (or all, with `force`) in one storage write: for SQLite one
 * transaction, so a turn's conversation and user state land together or not at all.
 */
export async function saveStates(context: TurnContext, states: ReadonlyArray<{ state: BotState; force: boolean }>): Promise<void> {
  const shared = sharedCaches(states.map((s) => s.state));
  if (!shared) {
    for (const { state, force } of states) await state.saveChanges(context, force);
    return;
  }
  const changes: Array<[TurnStateCache, Change]> = [];
  for (const [i, cache] of shared.entries()) {
    const change = await cache.change(context, states[i]?.force ?? false);
    if (change) changes.push([cache, change]);
  }
  if (changes.length === 0) return;
  await (shared[0] as TurnStateCache).storage.write(Object.fromEntries(changes.map(([, change]) => [change.key, change.cached.state])));
  for (const [cache, change] of changes) cache.saved(context, change);
}

type StateClass<T extends BotState> = new (storage: Storage, namespace?: string) => T;

/** `Base` (ConversationState or UserState) with TurnStateCache's way of telling changes. */
function comparingJson<T extends BotState>(Base: StateClass<BotState>): StateClass<T> {
  class JsonComparedState extends Base {
    private readonly cache: TurnStateCache = registered(this, new TurnStateCache(this.storage, this.storageKey));

    override load(context: TurnContext, force = false): Promise<StateObject> {
      return this.cache.load(context, force);
    }

    override saveChanges(context: TurnContext, force = false): Promise<void> {
      return this.cache.save(context, force);
    }

    override async clear(context: TurnContext): Promise<void> {
      this.cache.clear(context);
    }

    override delete(context: TurnContext): Promise<void> {
      return this.cache.delete(context);
    }

    override get(context: TurnContext): StateObject | undefined {
      return this.cache.get(context);
    }

    override createProperty<P = unknown>(name: string): StatePropertyAccessor<P> {
      return new JsonPropertyAccessor<P>(this.cache, name);
    }
  }
  return JsonComparedState as unknown as StateClass<T>;
}

/** botbuilder's ConversationState, telling changes by JSON text (see TurnStateCache). */
export const JsonConversationState = comparingJson<ConversationState>(ConversationState);

/** botbuilder's UserState, telling changes by JSON text (see TurnStateCache). */
export const JsonUserState = comparingJson<UserState>(UserState);
